"""FakeClient behaves like the openai SDK for what briefer (and its users) rely on."""

from __future__ import annotations

import openai
import pytest
from openai.types.chat import ChatCompletion

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

ARGS = {"model": "m", "messages": [{"role": "user", "content": "hello there"}]}


def test_replies_are_the_sdks_own_chat_completion_with_usage() -> None:
    reply = FakeClient(["hi"]).chat.completions.create(**ARGS)
    assert isinstance(reply, ChatCompletion)
    assert reply.choices[0].message.content == "hi"
    assert reply.usage is not None and reply.usage.prompt_tokens > 0
    assert reply.usage.total_tokens == reply.usage.prompt_tokens + reply.usage.completion_tokens


def test_every_request_is_recorded_as_sent() -> None:
    client = FakeClient(["a", "b"])
    client.chat.completions.create(**ARGS, temperature=0.2, max_tokens=7)
    client.chat.completions.create(**ARGS, response_format={"type": "json_object"})
    assert [c.mode for c in client.calls] == ["prompt", "json_object"]
    assert (client.calls[0].temperature, client.calls[0].max_tokens) == (0.2, 7)
    assert client.calls[0].messages == ARGS["messages"]


@pytest.mark.parametrize(
    ("error", "sdk_type"),
    [
        pytest.param(rate_limit_error(retry_after=3), openai.RateLimitError, id="429"),
        pytest.param(server_error(), openai.InternalServerError, id="500"),
        pytest.param(bad_request_error(), openai.BadRequestError, id="400"),
        pytest.param(bad_request_error(status=422), openai.UnprocessableEntityError, id="422"),
        pytest.param(timeout_error(), openai.APITimeoutError, id="timeout"),
        pytest.param(connection_error(), openai.APIConnectionError, id="connection"),
    ],
)
def test_injected_errors_are_the_sdks_own_types(error: Exception, sdk_type: type) -> None:
    client = FakeClient([error])
    with pytest.raises(sdk_type):
        client.chat.completions.create(**ARGS)


def test_rate_limit_error_carries_retry_after() -> None:
    error = rate_limit_error(retry_after=3)
    assert isinstance(error, openai.RateLimitError)
    assert error.response.headers["retry-after"] == "3"


def test_a_length_cut_reply_holds_only_max_tokens_tokens() -> None:
    client = FakeClient([FakeReply("one two three four five six seven", finish_reason="length")])
    reply = client.chat.completions.create(**ARGS, max_tokens=3)
    assert reply.choices[0].finish_reason == "length"
    assert reply.choices[0].message.content == "one two three"


def test_refused_modes_answer_500_like_llama_cpp() -> None:
    client = FakeClient(["{}"], refuse_modes={"json_schema"})
    with pytest.raises(openai.InternalServerError):
        client.chat.completions.create(**ARGS, response_format={"type": "json_schema"})


def test_a_handler_computes_replies_once_the_script_is_used() -> None:
    client = FakeClient(["first"], handler=lambda request: request.user_text.upper())
    replies = [client.chat.completions.create(**ARGS).choices[0].message.content for _ in "ab"]
    assert replies == ["first", "HELLO THERE"]


async def test_the_async_client_awaits_latency_and_returns_the_same_types() -> None:
    client = AsyncFakeClient(["ok"], latency=0.01)
    reply = await client.chat.completions.create(**ARGS)
    assert isinstance(reply, ChatCompletion) and len(client.calls) == 1


def test_retryable_errors_are_retried_as_the_sdk_does() -> None:
    client = FakeClient([server_error(503), rate_limit_error(), "ok"], max_retries=2)
    reply = client.chat.completions.create(**ARGS)
    assert reply.choices[0].message.content == "ok"
    assert len(client.calls) == 3


@pytest.mark.parametrize("max_retries", [0, 1, 3])
def test_max_retries_bounds_the_requests_of_one_call(max_retries: int) -> None:
    client = FakeClient([server_error(503)] * 5, max_retries=max_retries)
    with pytest.raises(openai.InternalServerError):
        client.chat.completions.create(**ARGS)
    assert len(client.calls) == max_retries + 1


@pytest.mark.parametrize(
    "error",
    [
        pytest.param(bad_request_error(), id="400"),
        pytest.param(bad_request_error(status=422), id="422"),
        pytest.param(bad_request_error("nope", status=404), id="404"),
    ],
)
def test_errors_the_sdk_does_not_retry_are_raised_at_once(error: Exception) -> None:
    client = FakeClient([error, "never sent"], max_retries=2)
    with pytest.raises(openai.APIStatusError):
        client.chat.completions.create(**ARGS)
    assert len(client.calls) == 1


def test_a_refused_mode_is_not_retried() -> None:
    client = FakeClient(refuse_modes={"json_object"}, max_retries=2)
    with pytest.raises(openai.InternalServerError):
        client.chat.completions.create(**ARGS, response_format={"type": "json_object"})
    assert len(client.calls) == 1


async def test_the_async_client_retries_alike() -> None:
    client = AsyncFakeClient([timeout_error(), connection_error(), "ok"], max_retries=2)
    reply = await client.chat.completions.create(**ARGS)
    assert reply.choices[0].message.content == "ok" and len(client.calls) == 3


def test_with_options_shares_the_script_and_the_calls() -> None:
    client = FakeClient([server_error(503), "ok"], max_retries=2)
    with pytest.raises(openai.InternalServerError):
        client.with_options(max_retries=0).chat.completions.create(**ARGS)
    assert client.chat.completions.create(**ARGS).choices[0].message.content == "ok"
    assert len(client.calls) == 2 and client.max_retries == 2


def test_a_scripted_error_is_raised_as_is_unless_retries_are_asked_for() -> None:
    client = FakeClient([rate_limit_error(), "ok"])
    with pytest.raises(openai.RateLimitError):
        client.chat.completions.create(**ARGS)
    assert len(client.calls) == 1
