"""What briefer knows about a model: context window, output limit and price per token.

The chunker needs the context window and output limit to size its budget; run metadata
needs prices to report a cost. Names are matched exactly, then by the longest known prefix
that ends at a separator, so dated snapshots (``gpt-4o-mini-2024-07-18``), Ollama tags
(``llama3.1:8b``), Hugging Face ids (``Qwen/Qwen2.5-7B-Instruct``) and GGUF file names
(``SmolLM2-135M-Instruct-Q8_0.gguf``) find their family. A price of None means unknown,
never free: local models have no per-token price, and an unknown model gets a cost of None.

Prices can be corrected without a release: pass ``overrides`` or set ``BRIEFER_PRICES``
to JSON such as ``{"my-model": {"input": 0.15, "output": 0.6, "context_window": 32768}}``.

Batch API calls are priced at ``batch`` times the standard price (0.5 for OpenAI's models,
whose Batch API costs half; 1 where no discount is known), also overridable per model.
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import TypeVar

from briefer.errors import UsageError

__all__ = [
    "PRICES_ENV",
    "UNKNOWN_MODEL",
    "ModelInfo",
    "batch_prices",
    "estimate_cost",
    "model_info",
]

PRICES_ENV = "BRIEFER_PRICES"
_T = TypeVar("_T")


@dataclass(frozen=True)
class ModelInfo:
    """Limits and prices of one model; prices are USD per million tokens, None when unknown."""

    context_window: int
    max_output_tokens: int
    input_per_million: float | None
    output_per_million: float | None
    batch: float = 1.0
    """What a Batch API call costs as a share of the standard price (0.5: half price)."""


UNKNOWN_MODEL = ModelInfo(
    context_window=8192, max_output_tokens=2048, input_per_million=None, output_per_million=None
)


def _local(context: int, output: int) -> ModelInfo:
    return ModelInfo(context, output, None, None)


def _openai(context: int, output: int, input_price: float, output_price: float) -> ModelInfo:
    # OpenAI's Batch API charges half the standard price for the same tokens.
    return ModelInfo(context, output, input_price, output_price, batch=0.5)


# Published list prices for standard (non-batch, uncached) requests in USD per 1M tokens,
# and published context and output limits, as of 2025-06. Open-weight models have no price:
# they run on a server the user pays for by the hour, not by the token. Their context is the
# model's trained window; a server may be started with less (llama.cpp's --n_ctx).
_TABLE: dict[str, ModelInfo] = {
    "gpt-4o": _openai(128_000, 16_384, 2.50, 10.00),
    "gpt-4o-mini": _openai(128_000, 16_384, 0.15, 0.60),
    "gpt-4.1": _openai(1_047_576, 32_768, 2.00, 8.00),
    "gpt-4.1-mini": _openai(1_047_576, 32_768, 0.40, 1.60),
    "gpt-4.1-nano": _openai(1_047_576, 32_768, 0.10, 0.40),
    "gpt-4-turbo": _openai(128_000, 4_096, 10.00, 30.00),
    "gpt-4": _openai(8_192, 8_192, 30.00, 60.00),
    "gpt-3.5-turbo": _openai(16_385, 4_096, 0.50, 1.50),
    "o1": _openai(200_000, 100_000, 15.00, 60.00),
    "o1-mini": _openai(128_000, 65_536, 1.10, 4.40),
    "o3": _openai(200_000, 100_000, 2.00, 8.00),
    "o3-mini": _openai(200_000, 100_000, 1.10, 4.40),
    "o4-mini": _openai(200_000, 100_000, 1.10, 4.40),
    "llama3": _local(8_192, 4_096),
    "llama3.1": _local(131_072, 4_096),
    "llama3.2": _local(131_072, 4_096),
    "llama3.3": _local(131_072, 4_096),
    "llama-3": _local(8_192, 4_096),
    "llama-3.1": _local(131_072, 4_096),
    "llama-3.2": _local(131_072, 4_096),
    "llama-3.3": _local(131_072, 4_096),
    "meta-llama-3": _local(8_192, 4_096),
    "meta-llama-3.1": _local(131_072, 4_096),
    "qwen2.5": _local(32_768, 8_192),
    "qwen2.5-coder": _local(32_768, 8_192),
    "mistral": _local(32_768, 4_096),
    "mistral-nemo": _local(131_072, 4_096),
    "mixtral": _local(32_768, 4_096),
    "smollm2": _local(8_192, 2_048),
}

# A prefix only counts when the name goes on with one of these: "gpt-4" must not claim
# "gpt-4.5-preview", but "gpt-4-0613" and "llama3.1:8b" find their family.
_SEPARATORS = "-:_@/ "
_FIELDS = {
    "input": "input_per_million",
    "output": "output_per_million",
    "context_window": "context_window",
    "max_output_tokens": "max_output_tokens",
    "batch": "batch",
}


def model_info(
    model: str | None, *, overrides: Mapping[str, Mapping[str, float]] | None = None
) -> ModelInfo:
    """Context window, output limit and prices for ``model``.

    Args:
        model: a model name as the server knows it; None or an unknown name gives
            ``UNKNOWN_MODEL`` (8192 context, 2048 output, prices None).
        overrides: per-model corrections, ``{"name": {"input": ..., "output": ...,
            "context_window": ..., "max_output_tokens": ..., "batch": ...}}``, applied over
            the table and over ``BRIEFER_PRICES``. Names match like table names (exact, then
            prefix).

    Raises:
        UsageError: ``BRIEFER_PRICES`` is not valid JSON, or an override has an unknown
            field or a value that is not a non-negative number.
    """
    merged = {**_env_overrides(), **_validated(overrides or {}, "overrides")}
    if model is None:
        return UNKNOWN_MODEL
    name = _normalized_name(model)
    info = _lookup(name, _TABLE) or UNKNOWN_MODEL
    override = _lookup(name, merged)
    if override:
        info = replace(info, **override)  # type: ignore[arg-type]
    return info


def estimate_cost(
    model: str | None,
    prompt_tokens: int,
    completion_tokens: int,
    *,
    overrides: Mapping[str, Mapping[str, float]] | None = None,
    batch: bool = False,
) -> float | None:
    """Cost in USD of a call, or None when the model's prices are unknown (not free).

    Args:
        batch: price it as a Batch API call (the model's ``batch`` share of the price).

    Raises:
        UsageError: a token count is negative, or the overrides are invalid.
    """
    if prompt_tokens < 0 or completion_tokens < 0:
        raise UsageError("token counts cannot be negative")
    info = model_info(model, overrides=overrides)
    if info.input_per_million is None or info.output_per_million is None:
        return None
    share = info.batch if batch else 1.0
    return (
        share
        * (prompt_tokens * info.input_per_million + completion_tokens * info.output_per_million)
        / 1_000_000
    )


def batch_prices(
    model: str | None, overrides: Mapping[str, Mapping[str, float]] | None = None
) -> dict[str, dict[str, float]]:
    """Overrides that price ``model``'s calls at its Batch API rate, for an estimate or budget.

    The given ``overrides`` are kept; ``model`` gets its batch prices as its standard ones.
    """
    merged: dict[str, dict[str, float]] = {k: dict(v) for k, v in (overrides or {}).items()}
    info = model_info(model, overrides=overrides)
    if model is None or info.input_per_million is None or info.output_per_million is None:
        return merged
    merged[model] = {
        **merged.get(model, {}),
        "input": info.input_per_million * info.batch,
        "output": info.output_per_million * info.batch,
        "batch": 1.0,
    }
    return merged


def _normalized_name(model: str) -> str:
    # Servers name models by repo id or file path; the family is in the last component.
    name = model.strip().lower().replace("\\", "/").rsplit("/", 1)[-1]
    return name.removesuffix(".gguf")


def _lookup(name: str, table: Mapping[str, _T]) -> _T | None:
    if name in table:
        return table[name]
    best: str | None = None
    for key in table:
        if (
            name.startswith(key)
            and name[len(key)] in _SEPARATORS
            and (best is None or len(key) > len(best))
        ):
            best = key
    return table[best] if best is not None else None


def _env_overrides() -> dict[str, dict[str, float | int]]:
    raw = os.environ.get(PRICES_ENV, "").strip()
    if not raw:
        return {}
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise UsageError(f"{PRICES_ENV} is not valid JSON: {exc}") from exc
    if not isinstance(data, dict):
        raise UsageError(f'{PRICES_ENV} must be a JSON object like {{"model": {{"input": 0.15}}}}')
    return _validated(data, PRICES_ENV)


def _validated(data: Mapping[str, object], where: str) -> dict[str, dict[str, float | int]]:
    """Override entries keyed by normalized model name, with dataclass field names."""
    out: dict[str, dict[str, float | int]] = {}
    for model, fields in data.items():
        if not isinstance(fields, Mapping):
            raise UsageError(f"{where}: the entry for {model!r} must be an object")
        entry: dict[str, float | int] = {}
        for key, value in fields.items():
            if key not in _FIELDS:
                allowed = ", ".join(sorted(_FIELDS))
                raise UsageError(f"{where}: unknown field {key!r} for {model!r} ({allowed})")
            if (
                isinstance(value, bool)
                or not isinstance(value, int | float)
                or not math.isfinite(value)
                or value < 0
            ):
                raise UsageError(f"{where}: {model}.{key} must be a non-negative number")
            if key == "batch" and not 0 < value <= 1:
                raise UsageError(f"{where}: {model}.batch must be more than 0 and at most 1")
            if key in ("context_window", "max_output_tokens"):
                if value != int(value) or value < 1:
                    raise UsageError(f"{where}: {model}.{key} must be a positive whole number")
                value = int(value)
            else:
                value = float(value)
            entry[_FIELDS[key]] = value
        out[_normalized_name(str(model))] = entry
    return out
