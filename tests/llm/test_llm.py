"""The structured call: modes, fallback, re-asks, truncation, refusals, usage, API errors."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from briefer.errors import (
    ContextOverflowError,
    ModelAPIError,
    ModelOutputError,
    RefusalError,
    TruncatedOutputError,
    UnsupportedFormatError,
)
from briefer.llm import CallSettings, acall_structured, call_structured, extract_json
from briefer.schema import SummaryContent
from briefer.testing import (
    AsyncFakeClient,
    FakeClient,
    FakeReply,
    bad_request_error,
    connection_error,
    rate_limit_error,
    server_error,
    timeout_error,
)

VALID: dict[str, Any] = {
    "lede": "Officials said the bridge will reopen.",
    "key_claims": [{"text": "The bridge will reopen in May."}],
    "actors": [{"name": "Transport Ministry", "kind": "organization", "role": None}],
    "quoted_experts": [],
    "open_questions": ["Will the repairs hold?"],
}
MESSAGES = [{"role": "system", "content": "be brief"}, {"role": "user", "content": "the article"}]


def call(client: FakeClient, **settings: Any) -> Any:
    return call_structured(
        client,
        settings=CallSettings(model="m", **settings),
        messages=MESSAGES,
        output_type=SummaryContent,
    )


def test_json_schema_mode_sends_a_strict_schema() -> None:
    client = FakeClient([VALID])
    result = call(client, mode="json_schema")
    fmt = client.calls[0].response_format
    assert fmt is not None and fmt["type"] == "json_schema"
    assert fmt["json_schema"]["strict"] is True
    assert fmt["json_schema"]["schema"]["additionalProperties"] is False
    assert result.value.key_claims[0].text == "The bridge will reopen in May."
    assert result.mode == "json_schema"


def test_json_object_mode_sends_the_schema_for_constrained_decoding() -> None:
    client = FakeClient([VALID])
    call(client, mode="json_object")
    fmt = client.calls[0].response_format
    assert fmt is not None and fmt["type"] == "json_object"
    assert fmt["schema"]["properties"]["key_claims"]["maxItems"] == 8


def test_prompt_mode_sends_no_response_format_and_reads_fenced_json() -> None:
    client = FakeClient(["Here you go:\n```json\n" + json.dumps(VALID) + "\n```"])
    result = call(client, mode="prompt")
    assert client.calls[0].response_format is None
    assert result.value.lede == VALID["lede"]


@pytest.mark.parametrize(
    ("refused", "expected_modes"),
    [
        pytest.param(set(), ["json_schema"], id="all-accepted"),
        pytest.param({"json_schema"}, ["json_schema", "json_object"], id="llama-cpp-500"),
        pytest.param(
            {"json_schema", "json_object"}, ["json_schema", "json_object", "prompt"], id="text-only"
        ),
    ],
)
def test_auto_mode_falls_back_in_order(refused: set[str], expected_modes: list[str]) -> None:
    client = FakeClient([VALID], refuse_modes=refused)
    result = call(client)
    assert [c.mode for c in client.calls] == expected_modes
    assert result.mode == expected_modes[-1]


@pytest.mark.parametrize(
    "refusal",
    [
        pytest.param(bad_request_error("response_format json_schema not supported"), id="400"),
        pytest.param(bad_request_error("unknown field json_schema", status=422), id="422"),
        pytest.param(server_error(500, "Internal Server Error"), id="500"),
    ],
)
def test_auto_mode_treats_400_422_500_as_format_refusal(refusal: Exception) -> None:
    client = FakeClient([refusal, VALID])
    assert call(client).mode == "json_object"


def test_auto_mode_remembers_what_worked_for_the_client_and_model() -> None:
    client = FakeClient(refuse_modes={"json_schema"})
    client.enqueue(VALID, VALID)
    call(client)
    call(client)
    assert [c.mode for c in client.calls] == ["json_schema", "json_object", "json_object"]


def test_a_fixed_mode_that_the_server_refuses_is_a_typed_error() -> None:
    client = FakeClient(refuse_modes={"json_schema"})
    with pytest.raises(UnsupportedFormatError, match="json_schema"):
        call(client, mode="json_schema")


def test_invalid_json_is_reasked_with_the_error() -> None:
    client = FakeClient(["{not json", VALID])
    result = call(client)
    assert result.attempts == 2
    second = client.calls[1].messages
    assert second[-2] == {"role": "assistant", "content": "{not json"}
    assert "not valid JSON" in second[-1]["content"]


def test_a_validation_error_is_reasked_naming_the_field() -> None:
    bad = {**VALID, "actors": [{"name": "X", "kind": "planet", "role": None}]}
    client = FakeClient([bad, VALID])
    result = call(client)
    assert result.attempts == 2
    assert "actors.0.kind" in client.calls[1].messages[-1]["content"]


def test_reasks_are_bounded_and_the_error_keeps_attempts_and_usage() -> None:
    client = FakeClient(["nope", "still nope", "never"])
    with pytest.raises(ModelOutputError) as caught:
        call(client, max_reasks=2)
    assert caught.value.attempts == 3
    assert caught.value.last_reply == "never"
    assert caught.value.usage.total_tokens > 0


def test_a_cut_off_reply_is_retried_once_with_double_room() -> None:
    client = FakeClient([FakeReply(VALID, finish_reason="length"), VALID])
    result = call(client, max_output_tokens=10)
    assert [c.max_tokens for c in client.calls] == [10, 20]
    assert result.attempts == 2


def test_a_reply_cut_off_twice_names_the_limit() -> None:
    client = FakeClient([FakeReply(VALID, finish_reason="length")] * 2)
    with pytest.raises(TruncatedOutputError, match="40 tokens") as caught:
        call(client, max_output_tokens=20)
    assert caught.value.max_output_tokens == 40


@pytest.mark.parametrize(
    "reply",
    [
        pytest.param(FakeReply(refusal="I can't help with that."), id="refusal"),
        pytest.param(FakeReply("", finish_reason="content_filter"), id="content-filter"),
    ],
)
def test_a_refusal_is_a_typed_error(reply: FakeReply) -> None:
    with pytest.raises(RefusalError):
        call(FakeClient([reply]))


def test_usage_is_summed_over_every_attempt() -> None:
    client = FakeClient(
        [
            FakeReply("bad", prompt_tokens=100, completion_tokens=5),
            FakeReply(VALID, prompt_tokens=130, completion_tokens=60),
        ]
    )
    result = call(client)
    assert result.usage.prompt_tokens == 230
    assert result.usage.completion_tokens == 65
    assert result.usage.total_tokens == 295


@pytest.mark.parametrize(
    ("error", "expected", "status"),
    [
        pytest.param(
            rate_limit_error(message="You exceeded your current quota", code="insufficient_quota"),
            ModelAPIError,
            429,
            id="429-quota",
        ),
        pytest.param(timeout_error(), ModelAPIError, None, id="timeout"),
        pytest.param(connection_error(), ModelAPIError, None, id="connection-refused"),
        pytest.param(
            bad_request_error("model 'x' not found", status=404), ModelAPIError, 404, id="404"
        ),
        pytest.param(
            bad_request_error("This model's maximum context length is 8192 tokens"),
            ContextOverflowError,
            400,
            id="context-overflow",
        ),
    ],
)
def test_api_failures_become_typed_errors(
    error: Exception, expected: type[Exception], status: int | None
) -> None:
    with pytest.raises(expected) as caught:
        call(FakeClient([error]))
    assert isinstance(caught.value, ModelAPIError)
    assert caught.value.status_code == status
    assert len(str(caught.value).splitlines()) == 1


def test_context_overflow_is_not_mistaken_for_a_format_refusal() -> None:
    client = FakeClient([bad_request_error("Requested 9000 tokens exceeds the context window")])
    with pytest.raises(ContextOverflowError):
        call(client)
    assert len(client.calls) == 1


def test_the_callers_messages_are_never_mutated() -> None:
    messages = [dict(m) for m in MESSAGES]
    call_structured(
        FakeClient(["bad", VALID]), model="m", messages=messages, output_type=SummaryContent
    )
    assert messages == MESSAGES


async def test_async_client_gets_the_same_behaviour() -> None:
    client = AsyncFakeClient(["{oops", VALID], refuse_modes={"json_schema"})
    result = await acall_structured(
        client, model="m", messages=MESSAGES, output_type=SummaryContent
    )
    assert result.mode == "json_object"
    assert result.attempts == 3


def test_lists_longer_than_the_bound_are_trimmed_and_deduped() -> None:
    looping = {**VALID, "key_claims": [{"text": "Same claim."}] * 40 + [{"text": "Other."}]}
    result = call(FakeClient([looping]))
    assert [c.text for c in result.value.key_claims] == ["Same claim.", "Other."]


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=10,
)


@given(
    obj=st.dictionaries(st.text(max_size=10), json_values, min_size=1, max_size=4),
    before=st.sampled_from(["", "Sure! ", "Here is the JSON:\n", "```json\n"]),
    after=st.sampled_from(["", "\n```", " Hope this helps.", "\n"]),
)
def test_extract_json_finds_the_object_in_prose_or_fences(
    obj: dict[str, Any], before: str, after: str
) -> None:
    assert extract_json(before + json.dumps(obj) + after) == obj


@pytest.mark.parametrize("text", ["", "   ", "no json here", "[1, 2", "{'single': 'quotes'}"])
def test_extract_json_rejects_replies_without_an_object(text: str) -> None:
    with pytest.raises(ValueError):
        extract_json(text)
