"""Whatever a server sends back, a structured call ends in a result or a ModelError.

The openai SDK builds a ``ChatCompletion`` from any JSON without validating it; the client
here does the same (``ChatCompletion.construct``), so these replies reach briefer exactly as
a misbehaving server's would.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openai.types.chat import ChatCompletion

from briefer.errors import ModelAPIError, ModelError
from briefer.llm import CallSettings, call_structured, extract_json
from briefer.schema import SummaryContent
from briefer.testing import FakeClient

VALID = {"lede": "x", "key_claims": [], "actors": [], "quoted_experts": [], "open_questions": []}


class Unvalidated:
    """A client that builds replies as the SDK does: ``construct``, no validation."""

    def __init__(self, body: Any) -> None:
        self.body = body
        self.chat = self
        self.completions = self

    def create(self, **_: Any) -> Any:
        if isinstance(self.body, dict):
            return ChatCompletion.construct(**self.body)
        return self.body


def _call(client: Any, cache: Any = None) -> Any:
    return call_structured(
        client,
        settings=CallSettings(model="m", mode="prompt", max_output_tokens=64),
        messages=[{"role": "user", "content": "x"}],
        output_type=SummaryContent,
        cache=cache,
    )


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=8,
)
MESSAGE = st.fixed_dictionaries(
    {}, optional={"content": JSON | st.just(json.dumps(VALID)), "refusal": JSON}
)
CHOICE = st.fixed_dictionaries({}, optional={"message": MESSAGE | JSON, "finish_reason": JSON})
USAGE = st.fixed_dictionaries(
    {}, optional={k: JSON for k in ("prompt_tokens", "completion_tokens", "total_tokens")}
)
BODY = st.fixed_dictionaries(
    {}, optional={"choices": st.lists(CHOICE | JSON, max_size=2) | JSON, "usage": USAGE | JSON}
)


@settings(max_examples=300, deadline=None)
@given(body=BODY | JSON)
def test_any_reply_is_a_result_or_a_model_error(body: Any) -> None:
    try:
        result = _call(Unvalidated(body))
    except ModelError as exc:
        assert len(str(exc).splitlines()) == 1
    else:
        assert result.usage.total_tokens >= 0


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        pytest.param("<html>502</html>", "not a chat completion", id="html"),
        pytest.param({"choices": "x"}, "'choices' is text", id="choices"),
        pytest.param(
            {
                "choices": [{"message": {"content": json.dumps(VALID)}}],
                "usage": {"total_tokens": -1},
            },
            "'usage.total_tokens' is negative (-1)",
            id="negative",
        ),
        pytest.param(
            {"choices": [{"message": {"content": "x" * 10_000}}]},
            "the server ignored the output limit",
            id="over-the-limit",
        ),
    ],
)
def test_a_malformed_reply_is_a_model_api_error(body: Any, fragment: str) -> None:
    with pytest.raises(ModelAPIError, match="the model server sent a bad reply") as caught:
        _call(Unvalidated(body))
    assert fragment in str(caught.value)
    assert caught.value.exit_code == 1


def test_a_reply_nested_100000_deep_is_a_validation_failure_not_a_crash() -> None:
    deep = '{"a":' * 100_000 + "1" + "}" * 100_000
    with pytest.raises(ValueError, match="nested too deeply"):
        extract_json(deep)


class DictCache:
    def __init__(self) -> None:
        self.rows: dict[str, Any] = {}

    def key(self, **parts: Any) -> str:
        return json.dumps(parts, sort_keys=True, default=str)

    def get(self, key: str) -> Any:
        return self.rows.get(key)

    def put(self, key: str, value: Any) -> None:
        self.rows[key] = value


@pytest.mark.parametrize(
    "row",
    [
        pytest.param({"choices": 5}, id="choices-number"),
        pytest.param({"choices": [{"message": {"content": {"a": 1}}}]}, id="content-object"),
        pytest.param([1, 2], id="not-an-object"),
    ],
)
def test_a_stored_row_that_is_no_reply_is_a_miss_and_replaced(row: Any) -> None:
    cache = DictCache()
    _call(FakeClient([VALID]), cache)
    [key] = cache.rows
    cache.rows[key] = row
    client = FakeClient([VALID])
    result = _call(client, cache)
    assert not result.cached and len(client.calls) == 1
    assert cache.rows[key]["choices"][0]["message"]["content"] == json.dumps(VALID)


def test_a_reply_that_is_refused_is_never_stored() -> None:
    cache = DictCache()
    with pytest.raises(ModelAPIError):
        _call(Unvalidated({"choices": [{"message": {"content": "x" * 10_000}}]}), cache)
    assert cache.rows == {}
