"""A fake OpenAI client for testing code that uses briefer, with no network and no key.

``FakeClient`` and ``AsyncFakeClient`` have the ``chat.completions.create`` surface briefer
uses and return the openai SDK's own ``ChatCompletion`` objects, with usage counted by
briefer's token counter. Replies are scripted (a list of strings, dicts, pydantic models,
:class:`FakeReply` or exceptions), computed by a function of the request, or, with neither,
computed from the article text the request carries (an extractive summary), so every path of
the pipeline runs offline. Every request is recorded in ``calls``. A scripted error is raised
as is; ``max_retries=2`` retries 429, 5xx and timeouts as ``openai.OpenAI`` does (no sleep).
``files`` and ``batches`` run Batch API jobs the same way (:class:`FakeBatchRun` scripts how
they end).

    client = FakeClient([rate_limit_error(), {"lede": "...", ...}], max_retries=2)
    Briefer(client=client, model="fake").summarize(text)   # the 429 is retried
    len(client.calls), client.calls[0].messages
"""

from __future__ import annotations

import asyncio
import importlib
import itertools
import json
import re
import threading
import time
from collections import deque
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from briefer.schema import SummaryContent
from briefer.testing._batches import (
    AsyncFakeBatches,
    AsyncFakeFiles,
    FakeBatches,
    FakeBatchRun,
    FakeFiles,
)
from briefer.testing._errors import (
    bad_request_error,
    connection_error,
    is_retryable,
    rate_limit_error,
    server_error,
    timeout_error,
)
from briefer.tokens import token_counter

__all__ = [
    "AsyncFakeClient",
    "FakeBatchRun",
    "FakeClient",
    "FakeReply",
    "FakeRequest",
    "bad_request_error",
    "computed_reply",
    "connection_error",
    "is_retryable",
    "rate_limit_error",
    "server_error",
    "timeout_error",
]

_FENCE = re.compile(r"^(=====ARTICLE-[0-9a-f]{12}=====)$", re.MULTILINE)


@dataclass(frozen=True)
class FakeReply:
    """A scripted reply with control over how it ends."""

    content: str | dict[str, Any] | BaseModel = ""
    finish_reason: str = "stop"
    refusal: str | None = None
    prompt_tokens: int | None = None
    completion_tokens: int | None = None


Reply = str | dict[str, Any] | BaseModel | FakeReply | Exception


@dataclass(frozen=True)
class FakeRequest:
    """One request the fake received, as briefer sent it."""

    model: str
    messages: list[dict[str, Any]]
    response_format: dict[str, Any] | None
    max_tokens: int | None
    temperature: float | None
    kwargs: dict[str, Any] = field(default_factory=dict)

    @property
    def mode(self) -> str:
        """json_schema, json_object or prompt: how the request asks for structure."""
        if self.response_format is None:
            return "prompt"
        return str(self.response_format.get("type"))

    @property
    def user_text(self) -> str:
        """The last user message."""
        for message in reversed(self.messages):
            if message.get("role") == "user":
                return str(message.get("content", ""))
        return ""

    @property
    def fenced_text(self) -> str | None:
        """The data between the fence lines of the first user message, exactly as sent."""
        for message in self.messages:
            if message.get("role") != "user":
                continue
            content = str(message.get("content", ""))
            found = _FENCE.search(content)
            if found:
                fence = found.group(1)
                start = found.end() + 1
                end = content.rfind("\n" + fence)
                if end >= start:
                    return content[start:end]
        return None


def computed_reply(request: FakeRequest) -> dict[str, Any]:
    """A schema-valid reply drawn from the request's own data.

    An article gets an extractive summary of its text; partial summaries get merged; story
    summaries get one top line per story; a model check (``verify="model"``) finds every
    statement supported.
    """
    data = request.fenced_text or ""
    if re.match(r"Part 1: \{", data):
        return _merge_parts(data)
    if re.match(r"Statement 1: ", data):
        numbers = re.findall(r"^Statement (\d+): ", data, re.MULTILINE)
        checks = [{"id": int(n), "verdict": "supported", "reason": "fake"} for n in numbers]
        return {"checks": checks}
    if re.match(r"Story 1: ", data):
        return _top_lines(data)
    from briefer.offline import summarize_offline

    reply: dict[str, Any] = json.loads(summarize_offline(data).model_dump_json())
    return reply


def _merge_parts(data: str) -> dict[str, Any]:
    parts = [
        SummaryContent.model_validate_json(line.split(": ", 1)[1])
        for line in data.splitlines()
        if re.match(r"Part \d+: \{", line)
    ]
    merged: dict[str, list[Any]] = {
        "key_claims": [],
        "actors": [],
        "quoted_experts": [],
        "open_questions": [],
    }
    for part in parts:
        dump = part.model_dump(exclude_none=False)
        for key in merged:
            merged[key].extend(dump[key])
    return {"lede": parts[0].lede if parts else "", **merged}


def _top_lines(data: str) -> dict[str, Any]:
    lines = []
    for number, lede in re.findall(r"^Story (\d+): .*\n(.*)$", data, re.MULTILINE):
        first = re.split(r"(?<=[.!?])\s", lede.strip(), maxsplit=1)[0]
        lines.append({"text": first, "stories": [int(number)]})
    return {"top_lines": lines[:7]}


class FakeClient:
    """A stand-in for ``openai.OpenAI`` that answers from a script or a function.

    Args:
        replies: replies used in order, one per request; an exception is raised instead.
        handler: computes a reply from each request once the script is used up.
        latency: seconds each request takes.
        refuse_modes: response_format types to refuse as llama-cpp-python does (HTTP 500),
            e.g. ``{"json_schema"}``; not retried (briefer probes with the SDK's retries off).
        model: the model name reported in replies.
        max_retries: retries of a retryable error (:func:`is_retryable`), each a new request
            taking the next reply, as ``OpenAI(max_retries=2)`` does (no sleep). Default 0.
        batch_runs: how the batches submitted through ``batches.create`` end, in order
            (:class:`FakeBatchRun`; by default each completes at its first poll).
    """

    base_url = "http://fake.invalid/v1"
    _async = False

    def __init__(
        self,
        replies: Iterable[Reply] | None = None,
        *,
        handler: Callable[[FakeRequest], Reply] | None = None,
        latency: float = 0.0,
        refuse_modes: Collection[str] = (),
        model: str = "fake-model",
        max_retries: int = 0,
        batch_runs: Iterable[FakeBatchRun] = (),
    ) -> None:
        if max_retries < 0:
            raise ValueError(f"max_retries must be 0 or more, not {max_retries}")
        self.max_retries = max_retries
        self._script: deque[Reply] = deque(replies or ())
        self._handler = handler
        self.latency = latency
        self.refuse_modes = frozenset(refuse_modes)
        self.model = model
        # Imported here, in the caller's thread: the SDK's type modules are not safe to import
        # for the first time from several worker threads at once.
        importlib.import_module("openai.types.chat")
        self.calls: list[FakeRequest] = []
        self._lock = threading.Lock()
        self._ids = itertools.count(1)
        self._counter = token_counter(None)
        self.chat = _Chat(_AsyncCompletions(self) if self._async else _Completions(self))
        files = FakeFiles()
        batches = FakeBatches(files, self._reply, batch_runs)
        self.files: FakeFiles | AsyncFakeFiles = AsyncFakeFiles(files) if self._async else files
        self.batches: FakeBatches | AsyncFakeBatches = (
            AsyncFakeBatches(batches) if self._async else batches
        )

    def enqueue(self, *replies: Reply) -> None:
        """Add replies to the end of the script."""
        self._script.extend(replies)

    def with_options(self, *, max_retries: int | None = None, **_: Any) -> FakeClient:
        """This client with other options, as the SDK's; it shares the script and ``calls``."""
        view = object.__new__(type(self))
        view.__dict__.update(self.__dict__)
        view.max_retries = self.max_retries if max_retries is None else max_retries
        view.chat = _Chat(_AsyncCompletions(view) if self._async else _Completions(view))
        return view

    def _reply(self, kwargs: dict[str, Any]) -> Any:
        request = FakeRequest(
            model=kwargs.get("model", ""),
            messages=[dict(m) for m in kwargs.get("messages", [])],
            response_format=kwargs.get("response_format"),
            max_tokens=kwargs.get("max_tokens", kwargs.get("max_completion_tokens")),
            temperature=kwargs.get("temperature"),
            kwargs=dict(kwargs),
        )
        with self._lock:  # a brief calls from many threads at once
            self.calls.append(request)
            scripted = self._script.popleft() if self._script else None
        if request.mode in self.refuse_modes:
            if scripted is not None:
                with self._lock:
                    self._script.appendleft(scripted)
            refusal = server_error(500, f"response_format type {request.mode!r} is not supported")
            refusal._fake_refusal = True  # type: ignore[attr-defined]
            raise refusal
        if scripted is not None:
            reply = scripted
        elif self._handler is not None:
            reply = self._handler(request)
        else:
            reply = computed_reply(request)
        if isinstance(reply, Exception):
            raise reply
        return self._completion(request, reply)

    def _completion(self, request: FakeRequest, reply: Reply) -> Any:
        from openai.types.chat import ChatCompletion

        spec = reply if isinstance(reply, FakeReply) else FakeReply(content=reply)  # type: ignore[arg-type]
        content = spec.content
        if isinstance(content, BaseModel):
            content = content.model_dump_json()
        elif isinstance(content, dict):
            content = json.dumps(content, ensure_ascii=False)
        if spec.finish_reason == "length" and request.max_tokens:
            # A cut-off reply holds only what fits in the limit, as a real server's does.
            tokens = self._counter.encode(content)[: request.max_tokens]
            content = self._counter.decode(tokens)
        prompt = spec.prompt_tokens
        if prompt is None:
            prompt = sum(
                4 + self._counter.count(str(m.get("content", ""))) for m in request.messages
            )
        completion = spec.completion_tokens
        if completion is None:
            completion = self._counter.count(content)
        return ChatCompletion.model_validate(
            {
                "id": f"chatcmpl-fake-{next(self._ids)}",
                "object": "chat.completion",
                "created": int(time.time()),
                "model": request.model or self.model,
                "choices": [
                    {
                        "index": 0,
                        "finish_reason": spec.finish_reason,
                        "message": {
                            "role": "assistant",
                            "content": None if spec.refusal else content,
                            "refusal": spec.refusal,
                        },
                    }
                ],
                "usage": {
                    "prompt_tokens": prompt,
                    "completion_tokens": completion,
                    "total_tokens": prompt + completion,
                },
            }
        )


class AsyncFakeClient(FakeClient):
    """The async twin of :class:`FakeClient`, a stand-in for ``openai.AsyncOpenAI``."""

    _async = True


class _Completions:
    def __init__(self, client: FakeClient) -> None:
        self._client = client

    def create(self, **kwargs: Any) -> Any:
        retries = self._client.max_retries
        while True:
            if self._client.latency:
                time.sleep(self._client.latency)
            try:
                return self._client._reply(kwargs)
            except Exception as exc:
                if not (retries and is_retryable(exc)):
                    raise
                retries -= 1


class _AsyncCompletions:
    def __init__(self, client: FakeClient) -> None:
        self._client = client

    async def create(self, **kwargs: Any) -> Any:
        retries = self._client.max_retries
        while True:
            if self._client.latency:
                await asyncio.sleep(self._client.latency)
            try:
                return self._client._reply(kwargs)
            except Exception as exc:
                if not (retries and is_retryable(exc)):
                    raise
                retries -= 1


class _Chat:
    def __init__(self, completions: _Completions | _AsyncCompletions) -> None:
        self.completions = completions
