from __future__ import annotations

import pytest

from briefer.errors import UsageError
from briefer.pricing import UNKNOWN_MODEL, ModelInfo, batch_prices, estimate_cost, model_info


@pytest.fixture(autouse=True)
def _no_env_prices(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BRIEFER_PRICES", raising=False)


def test_known_model_has_published_limits_and_prices() -> None:
    assert model_info("gpt-4o-mini") == ModelInfo(128_000, 16_384, 0.15, 0.60, batch=0.5)


@pytest.mark.parametrize(
    ("name", "family"),
    [
        pytest.param("gpt-4o-mini-2024-07-18", "gpt-4o-mini", id="dated-snapshot"),
        pytest.param("gpt-4o-2024-08-06", "gpt-4o", id="shorter-family"),
        pytest.param("gpt-4.1-nano-2025-04-14", "gpt-4.1-nano", id="longest-prefix-wins"),
        pytest.param("llama3.1:8b", "llama3.1", id="ollama-tag"),
        pytest.param("qwen2.5:7b-instruct", "qwen2.5", id="ollama-qwen"),
        pytest.param("Qwen/Qwen2.5-7B-Instruct", "qwen2.5", id="hf-repo-id"),
        pytest.param("/models/SmolLM2-135M-Instruct-Q8_0.gguf", "smollm2", id="gguf-path"),
        pytest.param("GPT-4O-MINI", "gpt-4o-mini", id="case"),
    ],
)
def test_model_names_find_their_family(name: str, family: str) -> None:
    assert model_info(name) == model_info(family)


def test_prefix_must_end_at_a_separator() -> None:
    # "gpt-4" is in the table; "gpt-4.5-preview" is a different model, not gpt-4.
    assert model_info("gpt-4.5-preview") == UNKNOWN_MODEL


@pytest.mark.parametrize(
    "name",
    [pytest.param(None, id="none"), pytest.param("my-private-model", id="unknown")],
)
def test_unknown_model_gets_conservative_limits_and_no_price(name: str | None) -> None:
    assert model_info(name) == ModelInfo(8192, 2048, None, None)


def test_local_model_has_context_but_no_price() -> None:
    info = model_info("llama3.1:8b")
    assert (info.context_window, info.input_per_million) == (131_072, None)


def test_cost_is_computed_from_prices_per_million() -> None:
    cost = estimate_cost("gpt-4o-mini", 1_000_000, 500_000)
    assert cost == pytest.approx(0.15 + 0.30)


@pytest.mark.parametrize(
    "name",
    [pytest.param("llama3.1:8b", id="local"), pytest.param("nobody-knows", id="unknown")],
)
def test_cost_of_unpriced_model_is_unknown_not_zero(name: str) -> None:
    assert estimate_cost(name, 1000, 1000) is None


def test_override_replaces_only_the_given_fields() -> None:
    info = model_info("gpt-4o", overrides={"gpt-4o": {"input": 1.0}})
    assert info == ModelInfo(128_000, 16_384, 1.0, 10.00, batch=0.5)


def test_override_prices_a_local_model_by_prefix() -> None:
    overrides = {"llama3.1": {"input": 0.2, "output": 0.4}}
    assert estimate_cost("llama3.1:70b", 1_000_000, 1_000_000, overrides=overrides) == (
        pytest.approx(0.6)
    )


def test_override_can_set_the_context_of_an_unknown_model() -> None:
    overrides = {"my-model": {"context_window": 32768, "max_output_tokens": 4096}}
    assert model_info("my-model", overrides=overrides) == ModelInfo(32768, 4096, None, None)


def test_env_prices_apply(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BRIEFER_PRICES", '{"my-model": {"input": 0.15, "output": 0.6}}')
    assert estimate_cost("my-model", 2_000_000, 0) == pytest.approx(0.30)


def test_explicit_overrides_win_over_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BRIEFER_PRICES", '{"gpt-4o": {"input": 5.0}}')
    assert model_info("gpt-4o", overrides={"gpt-4o": {"input": 3.0}}).input_per_million == 3.0


@pytest.mark.parametrize(
    "raw",
    [
        pytest.param("{not json", id="invalid-json"),
        pytest.param("[1, 2]", id="not-an-object"),
        pytest.param('{"m": 0.15}', id="entry-not-object"),
        pytest.param('{"m": {"inputs": 0.15}}', id="unknown-field"),
        pytest.param('{"m": {"input": -1}}', id="negative"),
        pytest.param('{"m": {"input": "cheap"}}', id="not-a-number"),
        pytest.param('{"m": {"context_window": 1.5}}', id="fractional-context"),
    ],
)
def test_bad_env_prices_are_a_usage_error(monkeypatch: pytest.MonkeyPatch, raw: str) -> None:
    monkeypatch.setenv("BRIEFER_PRICES", raw)
    with pytest.raises(UsageError, match="BRIEFER_PRICES"):
        model_info("gpt-4o")


def test_negative_token_count_is_a_usage_error() -> None:
    with pytest.raises(UsageError):
        estimate_cost("gpt-4o", -1, 0)


def test_openai_batch_calls_cost_half_and_others_full_price() -> None:
    standard = estimate_cost("gpt-4o-mini", 1_000_000, 1_000_000)
    assert standard is not None
    assert estimate_cost("gpt-4o-mini", 1_000_000, 1_000_000, batch=True) == standard / 2
    prices = {"my-model": {"input": 1.0, "output": 2.0}}
    assert estimate_cost("my-model", 10**6, 10**6, overrides=prices, batch=True) == 3.0


def test_the_batch_share_is_a_per_model_setting() -> None:
    prices = {"my-model": {"input": 1.0, "output": 2.0, "batch": 0.25}}
    assert estimate_cost("my-model", 10**6, 10**6, overrides=prices, batch=True) == 0.75


@pytest.mark.parametrize("share", [0, -0.5, 1.5])
def test_a_batch_share_outside_zero_to_one_is_a_usage_error(share: float) -> None:
    with pytest.raises(UsageError, match="batch"):
        model_info("m", overrides={"m": {"batch": share}})


def test_batch_prices_make_an_estimate_at_the_batch_rate() -> None:
    prices = batch_prices("gpt-4o-mini")
    assert estimate_cost("gpt-4o-mini", 10**6, 0, overrides=prices) == pytest.approx(0.075)
    assert batch_prices("unknown-model") == {}
