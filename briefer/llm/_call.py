"""The two drivers of a structured call: one for sync clients, one for async clients.

Each request the conversation asks for goes out through :mod:`briefer.llm._send`: paced by
the :class:`RateLimiter` (the Briefer's, or one of the call's own), retried after a 429 until
the run's deadline and after transient failures as often as the client's ``max_retries``
says. What still fails becomes a :class:`~briefer.errors.ModelAPIError`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar, cast

from pydantic import BaseModel

from briefer.llm._conversation import (
    Message,
    MessagesFor,
    StructuredResult,
    converse,
)
from briefer.llm._limiter import RateLimiter
from briefer.llm._protocols import AsyncChatClient, ChatClient, ReplyCache
from briefer.llm._send import asend, send
from briefer.llm._settings import CallSettings

__all__ = ["acall_structured", "call_structured"]

T = TypeVar("T", bound=BaseModel)


def _settings(settings: CallSettings | None, model: str | None) -> CallSettings:
    if settings is None:
        return CallSettings(model=model or "")
    return settings if model is None else settings.with_changes(model=model)


def call_structured(
    client: ChatClient,
    *,
    messages: list[Message] | MessagesFor,
    output_type: type[T],
    settings: CallSettings | None = None,
    model: str | None = None,
    reask: Callable[[str], str] | None = None,
    schema_name: str | None = None,
    cache: ReplyCache | None = None,
    cache_salt: str = "",
    limiter: RateLimiter | None = None,
) -> StructuredResult[T]:
    """Ask ``client`` for a reply that validates as ``output_type``.

    Args:
        client: ``openai.OpenAI`` or anything with the same ``chat.completions.create``.
        messages: the messages, or a function of the mode that builds them (so the schema
            can go into the prompt in modes where the server does not enforce it).
        output_type: the pydantic model the reply must validate as.
        settings: model, mode, output limit, temperature, re-asks and timeout
            (:class:`CallSettings`).
        model: the model name, when no ``settings`` are given (or to override theirs).
        reask: builds the re-ask message from the error text.
        schema_name: the name given to the schema in json_schema mode.
        cache: a :class:`briefer.cache.ResponseCache` (or any :class:`ReplyCache`), or None.
        cache_salt: extra text for the cache key (template hashes).
        limiter: the :class:`RateLimiter` to pace requests through (a Briefer shares one
            among all its calls); None gives the call one of its own, which still retries
            429s after the server's ``Retry-After``.

    Raises:
        ModelError: a subclass saying what failed, with attempts and usage attached.
    """
    conversation = converse(
        client,
        _settings(settings, model),
        messages=messages,
        output_type=output_type,
        reask=reask,
        schema_name=schema_name,
        cache=cache,
        cache_salt=cache_salt,
    )
    pace = limiter or RateLimiter()
    outcome: object = None
    while True:
        try:
            request = conversation.send(outcome)
        except StopIteration as done:
            return cast(StructuredResult[T], done.value)
        try:
            outcome = send(client, request, pace)
        except Exception as exc:  # the conversation decides which failures it can handle
            outcome = exc


async def acall_structured(
    client: AsyncChatClient,
    *,
    messages: list[Message] | MessagesFor,
    output_type: type[T],
    settings: CallSettings | None = None,
    model: str | None = None,
    reask: Callable[[str], str] | None = None,
    schema_name: str | None = None,
    cache: ReplyCache | None = None,
    cache_salt: str = "",
    limiter: RateLimiter | None = None,
) -> StructuredResult[T]:
    """The async twin of :func:`call_structured`, for ``openai.AsyncOpenAI`` and alike."""
    conversation = converse(
        client,
        _settings(settings, model),
        messages=messages,
        output_type=output_type,
        reask=reask,
        schema_name=schema_name,
        cache=cache,
        cache_salt=cache_salt,
    )
    pace = limiter or RateLimiter()
    outcome: object = None
    while True:
        try:
            request = conversation.send(outcome)
        except StopIteration as done:
            return cast(StructuredResult[T], done.value)
        try:
            outcome = await asend(client, request, pace)
        except Exception as exc:
            outcome = exc
