"""One structured call as a conversation, written once for the sync and the async driver.

The conversation is a generator: it yields the next request and receives its outcome (a
``ChatCompletion`` or the exception the client raised). It negotiates the structured-output
mode, validates the reply, re-asks with the validation error, retries once with more room
when the reply is cut off, serves and fills the cache, and sums usage over every attempt.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Generator
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError

from briefer.errors import (
    ModelAPIError,
    ModelError,
    ModelOutputError,
    RefusalError,
    TruncatedOutputError,
    UnsupportedFormatError,
)
from briefer.llm._failures import api_error, is_api_failure, is_format_refusal
from briefer.llm._json import describe_error, extract_json
from briefer.llm._modes import remember_mode, remembered_mode, response_format, token_param
from briefer.llm._observe import CallReporter
from briefer.llm._protocols import ReplyCache
from briefer.llm._reply import MalformedReply, Reply, malformed_body, read_reply
from briefer.llm._settings import MODES, CallSettings, Mode
from briefer.schema import Usage

__all__ = ["Conversation", "Message", "MessagesFor", "Request", "StructuredResult", "converse"]

T = TypeVar("T", bound=BaseModel)
Message = dict[str, Any]
MessagesFor = Callable[[Mode], list[Message]]


@dataclass(frozen=True)
class StructuredResult(Generic[T]):
    """A validated reply and what it took to get it."""

    value: T
    usage: Usage
    attempts: int
    """Requests sent to the model, re-asks and retries included."""
    mode: Mode
    raw: str
    """The text of the reply that validated."""
    cached: bool = False


@dataclass(frozen=True)
class Request:
    """One request the conversation wants sent."""

    kwargs: dict[str, Any]
    probe: bool = False
    """A first try of a mode the server may refuse: not worth the SDK's retries."""


Conversation = Generator[Request, object, StructuredResult[T]]


def converse(
    client: object,
    settings: CallSettings,
    *,
    messages: list[Message] | MessagesFor,
    output_type: type[T],
    reask: Callable[[str], str] | None = None,
    schema_name: str | None = None,
    cache: ReplyCache | None = None,
    cache_salt: str = "",
) -> Conversation[T]:
    """The conversation for one call; see the module docstring.

    Its events (see :mod:`briefer.llm._observe`) go to the observers in force: progress
    displays and tracing.
    """
    report = CallReporter(settings.model, str(getattr(client, "base_url", "") or ""))
    report.emit("start", mode=settings.mode)
    try:
        result = yield from _converse(
            client,
            settings,
            report,
            messages=messages,
            output_type=output_type,
            reask=reask,
            schema_name=schema_name,
            cache=cache,
            cache_salt=cache_salt,
        )
    except BaseException as exc:
        usage = getattr(exc, "usage", None)
        report.emit(
            "failed",
            detail=type(exc).__name__,
            attempt=int(getattr(exc, "attempts", 0) or 0),
            usage=usage if isinstance(usage, Usage) else None,
            mode=getattr(exc, "mode", None),
        )
        raise
    report.emit(
        "done", mode=result.mode, attempt=result.attempts, usage=result.usage, cached=result.cached
    )
    return result


def _converse(
    client: object,
    settings: CallSettings,
    report: CallReporter,
    *,
    messages: list[Message] | MessagesFor,
    output_type: type[T],
    reask: Callable[[str], str] | None,
    schema_name: str | None,
    cache: ReplyCache | None,
    cache_salt: str,
) -> Conversation[T]:
    usage = Usage()
    attempts = 0
    mode = settings.mode
    remembered = remembered_mode(client, settings.model) if mode == "auto" else None
    if mode != "auto":
        candidates: list[Mode] = [mode]
    else:
        start = MODES.index(remembered) if remembered else 0
        candidates = list(MODES[start:])
    name = schema_name or _snake(output_type.__name__)
    token_key = token_param(client)

    def fail(error_type: type[ModelError], message: str, **extra: Any) -> ModelError:
        return error_type(message, attempts=attempts, usage=usage, mode=current, **extra)

    current: Mode = candidates[0]
    for index, current in enumerate(candidates):
        is_last_mode = index == len(candidates) - 1
        base = messages(current) if callable(messages) else list(messages)
        convo = [dict(m) for m in base]  # never mutate the caller's messages
        limit = settings.max_output_tokens
        reasks_left = settings.max_reasks
        truncation_retried = False
        skip_cache = False  # set when a cached reply turns out unusable: ask, and replace it
        while True:
            kwargs: dict[str, Any] = {"model": settings.model, "messages": convo, token_key: limit}
            if settings.temperature is not None:
                kwargs["temperature"] = settings.temperature
            fmt = response_format(current, output_type, name)
            if fmt is not None:
                kwargs["response_format"] = fmt
            key = _cache_key(cache, client, kwargs, cache_salt)
            cached = _cached_reply(cache, key, limit) if not skip_cache else None
            if cached is not None:
                response, reply = cached
                was_cached = True
                report.emit("cache_hit", mode=current, attempt=attempts, cached=True)
            else:
                attempts += 1
                probe = mode == "auto" and not is_last_mode and current != "prompt"
                if settings.timeout is not None:
                    kwargs = {**kwargs, "timeout": settings.timeout}
                report.emit("request", mode=current, attempt=attempts, probe=probe)
                outcome = yield Request(kwargs, probe=probe and remembered is None)
                if isinstance(outcome, Exception):
                    unreadable = malformed_body(outcome)
                    if unreadable:
                        raise fail(
                            ModelAPIError, f"the model server sent a bad reply: {unreadable}"
                        )
                    if not is_api_failure(outcome):
                        raise outcome  # a bug or a misconfigured client, not a model failure
                    if is_format_refusal(outcome, current) and mode == "auto" and not is_last_mode:
                        report.emit("mode_fallback", mode=current, detail=candidates[index + 1])
                        break  # this server refuses the mode: try the next one
                    raise api_error(outcome, current, attempts, usage, mode) from outcome
                response = outcome
                try:
                    reply = read_reply(response, max_tokens=limit)
                except MalformedReply as exc:
                    raise fail(ModelAPIError, f"the model server sent a bad reply: {exc}") from None
                was_cached = False
                usage = usage + reply.usage
                report.emit(
                    "reply", mode=current, attempt=attempts, usage=reply.usage, response=response
                )
            if not reply.has_message:
                # Some local servers answer an overloaded or broken request with no choice.
                if reasks_left <= 0:
                    raise fail(ModelOutputError, "the server sent a reply with no message")
                reasks_left -= 1
                report.emit("reask", mode=current, attempt=attempts, detail="no message")
                continue
            if reply.refusal or reply.finish_reason == "content_filter":
                raise fail(
                    RefusalError,
                    f"the model refused: {reply.refusal or 'content filter'}",
                    refusal=reply.refusal or "content_filter",
                )
            content = reply.content
            if reply.finish_reason == "length":
                if not truncation_retried:
                    truncation_retried = True
                    limit *= 2
                    report.emit(
                        "truncation_retry", mode=current, attempt=attempts, detail=str(limit)
                    )
                    continue
                raise fail(
                    TruncatedOutputError,
                    f"the reply was cut off at the output limit of {limit} tokens; "
                    "raise max_output_tokens or use a model that stops sooner",
                    max_output_tokens=limit,
                )
            try:
                value = output_type.model_validate(extract_json(content))
            except (ValueError, ValidationError) as exc:
                if was_cached and getattr(cache, "replies_validated", True):
                    # The cache stores only replies that validated: this row is damaged.
                    skip_cache = True
                    continue
                error = describe_error(exc)
                if reasks_left <= 0:
                    raise fail(
                        ModelOutputError,
                        f"the reply was not valid after {settings.max_reasks} re-asks: {error}",
                        last_reply=content,
                    ) from exc
                reasks_left -= 1
                report.emit("reask", mode=current, attempt=attempts, detail=error)
                convo = [
                    *convo,
                    {"role": "assistant", "content": content},
                    {"role": "user", "content": (reask or _default_reask)(error)},
                ]
                continue
            if key and cache is not None and not was_cached:
                cache.put(key, response.model_dump(mode="json"))
            if mode == "auto":
                remember_mode(client, settings.model, current)
            return StructuredResult(
                value=value,
                usage=usage,
                attempts=attempts,
                mode=current,
                raw=content,
                cached=was_cached,
            )
    # Only reached when the last mode in the list was refused, which auto never allows.
    raise UnsupportedFormatError(
        "the server refused every structured-output mode",
        attempts=attempts,
        usage=usage,
        mode=current,
    )


def _default_reask(error: str) -> str:
    return (
        f"Your previous reply could not be used: {error}\n"
        "Reply again with only one JSON object that follows the schema exactly."
    )


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def _cache_key(
    cache: ReplyCache | None, client: object, kwargs: dict[str, Any], salt: str
) -> str | None:
    if cache is None:
        return None
    # Two servers may serve different models under one name: the address is part of the key.
    # Only the address: credentials never reach the cache.
    server = str(getattr(client, "base_url", "") or "")
    return cache.key(
        model=kwargs["model"],
        messages=kwargs["messages"],
        response_format=kwargs.get("response_format"),
        template_hash=salt,
        extra={
            "server": server,
            **{k: v for k, v in kwargs.items() if k not in ("model", "messages", "timeout")},
        },
    )


def _cached_reply(
    cache: ReplyCache | None, key: str | None, limit: int
) -> tuple[Any, Reply] | None:
    """The cached ``ChatCompletion`` for ``key`` and its checked reading, or None.

    An entry that is not a whole, finished, readable reply (a damaged or hand-edited row) is a
    miss: the call asks the model and the fresh reply replaces the entry.
    """
    data = cache.get(key) if key and cache is not None else None
    if data is None:
        return None
    from openai.types.chat import ChatCompletion

    try:
        response = ChatCompletion.model_validate(data)
        reply = read_reply(response, max_tokens=limit)
    except (ValidationError, MalformedReply):
        return None
    if not reply.has_message or reply.finish_reason in ("length", "content_filter"):
        return None
    return response, reply
