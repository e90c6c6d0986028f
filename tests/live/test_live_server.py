"""What the real llama-cpp-python server does, recorded with the plain openai SDK.

briefer's mode negotiation, truncation handling and error mapping rely on these facts; when
an upgrade of the server changes one of them, a test here says which.
"""

from __future__ import annotations

import json
from typing import Any

import openai
import pytest
from openai import OpenAI

from briefer.llm import response_schema
from briefer.schema import SummaryContent

pytestmark = pytest.mark.live

POEM = [{"role": "user", "content": "Write a long poem about the sea."}]


def _summary_request(seed_text: str) -> list[dict[str, str]]:
    return [
        {"role": "system", "content": "Summarize the article as JSON."},
        {"role": "user", "content": seed_text},
    ]


def _without_limits(node: Any) -> Any:
    """A schema with every maxItems and maxLength removed."""
    if isinstance(node, dict):
        limits = ("maxItems", "maxLength")
        return {k: _without_limits(v) for k, v in node.items() if k not in limits}
    if isinstance(node, list):
        return [_without_limits(item) for item in node]
    return node


def test_models_endpoint_lists_the_alias(client: OpenAI, llama_server: Any) -> None:
    assert [m.id for m in client.models.list()] == [llama_server.model]


def test_json_schema_response_format_is_refused_with_http_500(
    client: OpenAI, llama_server: Any
) -> None:
    schema = response_schema(SummaryContent, strict=True)
    with pytest.raises(openai.InternalServerError) as caught:
        client.chat.completions.create(
            model=llama_server.model,
            messages=POEM,
            max_tokens=10,
            response_format={
                "type": "json_schema",
                "json_schema": {"name": "summary_content", "schema": schema, "strict": True},
            },
        )
    assert caught.value.status_code == 500
    assert "Input should be 'text' or 'json_object'" in str(caught.value)


def test_json_object_schema_constrains_decoding(client: OpenAI, llama_server: Any) -> None:
    # Asked for a poem, the model can only produce this shape if the grammar forces it.
    schema = {
        "type": "object",
        "properties": {
            "zebra_count": {"type": "integer"},
            "words": {"type": "array", "items": {"type": "string", "maxLength": 5}, "maxItems": 2},
        },
        "required": ["zebra_count", "words"],
        "additionalProperties": False,
    }
    reply = client.chat.completions.create(
        model=llama_server.model,
        messages=POEM,
        max_tokens=200,
        temperature=0.0,
        response_format={"type": "json_object", "schema": schema},
    )
    data = json.loads(reply.choices[0].message.content or "")
    assert reply.choices[0].finish_reason == "stop"
    assert sorted(data) == ["words", "zebra_count"]
    assert isinstance(data["zebra_count"], int)
    assert len(data["words"]) <= 2
    assert all(len(word) <= 5 for word in data["words"])


def test_json_object_without_schema_still_starts_a_json_object(
    client: OpenAI, llama_server: Any
) -> None:
    reply = client.chat.completions.create(
        model=llama_server.model,
        messages=POEM,
        max_tokens=20,
        temperature=0.0,
        response_format={"type": "json_object"},
    )
    assert (reply.choices[0].message.content or "").lstrip().startswith("{")


def test_reply_cut_by_max_tokens_ends_with_length_and_broken_json(
    client: OpenAI, llama_server: Any, seed_text: str
) -> None:
    reply = client.chat.completions.create(
        model=llama_server.model,
        messages=_summary_request(seed_text),
        max_tokens=30,
        temperature=0.0,
        response_format={"type": "json_object", "schema": response_schema(SummaryContent)},
    )
    assert reply.choices[0].finish_reason == "length"
    assert reply.usage is not None and reply.usage.completion_tokens == 30
    with pytest.raises(json.JSONDecodeError):
        json.loads(reply.choices[0].message.content or "")


def test_without_limits_the_model_runs_on_or_overruns_the_bounds(
    client: OpenAI, llama_server: Any, seed_text: str
) -> None:
    # Why every list and string in SummaryContent has a limit: without them SmolLM2 does not
    # keep to a sensible size. Seen: one claim or question repeated until the token limit, a
    # string that never closes, or (on other builds of llama.cpp) a whole sentence given as
    # an actor's name. Its own system message keeps this request from sharing a cached prompt
    # prefix with other tests: the server reuses the KV cache of a shared prefix, which
    # changes greedy output.
    schema = _without_limits(response_schema(SummaryContent, strict=False))
    reply = client.chat.completions.create(
        model=llama_server.model,
        messages=[
            {"role": "system", "content": "You summarize news articles as JSON."},
            {"role": "user", "content": seed_text},
        ],
        max_tokens=600,
        temperature=0.0,
        response_format={"type": "json_object", "schema": schema},
    )
    content = reply.choices[0].message.content or ""
    if reply.choices[0].finish_reason == "length":
        assert reply.usage is not None and reply.usage.completion_tokens == 600
        with pytest.raises(json.JSONDecodeError):
            json.loads(content, strict=False)
        return
    data = json.loads(content, strict=False)
    names = [p["name"] for key in ("actors", "quoted_experts") for p in data.get(key, [])]
    claims = [c["text"] for c in data.get("key_claims", [])]
    assert any(len(n) > 80 for n in names) or any(len(c) > 300 for c in claims), content


def test_server_answers_any_model_name_with_its_one_model(
    client: OpenAI, llama_server: Any
) -> None:
    # No 404 for an unknown model: the server falls back to the model it serves and echoes
    # the requested name back, so a typo in --model goes unnoticed on this server.
    reply = client.chat.completions.create(
        model="gpt-4o-does-not-exist", messages=POEM, max_tokens=5, temperature=0.0
    )
    assert llama_server.model != "gpt-4o-does-not-exist"
    assert reply.model == "gpt-4o-does-not-exist"
    assert reply.choices[0].message.content


def test_prompt_longer_than_the_context_is_a_400_context_length_exceeded(
    client: OpenAI, llama_server: Any, seed_text: str
) -> None:
    with pytest.raises(openai.BadRequestError) as caught:
        client.chat.completions.create(
            model=llama_server.model,
            messages=[{"role": "user", "content": seed_text * 12}],
            max_tokens=10,
        )
    assert caught.value.status_code == 400
    assert caught.value.code == "context_length_exceeded"
    assert f"maximum context length is {llama_server.n_ctx} tokens" in caught.value.message


def test_usage_counts_prompt_and_completion_tokens(client: OpenAI, llama_server: Any) -> None:
    reply = client.chat.completions.create(
        model=llama_server.model, messages=POEM, max_tokens=7, temperature=0.0
    )
    usage = reply.usage
    assert usage is not None
    assert usage.completion_tokens == 7
    assert usage.prompt_tokens > 0
    assert usage.total_tokens == usage.prompt_tokens + usage.completion_tokens
