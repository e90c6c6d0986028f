"""The seams briefer calls through: a chat client (sync or async) and a reply cache.

Any object of the right shape fits: ``openai.OpenAI``, ``AsyncOpenAI``, ``AzureOpenAI``,
:class:`briefer.testing.FakeClient`, a tracing wrapper, or :class:`briefer.cache.ResponseCache`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, Protocol

__all__ = ["AsyncChatClient", "ChatClient", "ReplyCache"]


class _Completions(Protocol):
    @property
    def create(self) -> Callable[..., Any]: ...


class _AsyncCompletions(Protocol):
    @property
    def create(self) -> Callable[..., Awaitable[Any]]: ...


class _Chat(Protocol):
    @property
    def completions(self) -> _Completions: ...


class _AsyncChat(Protocol):
    @property
    def completions(self) -> _AsyncCompletions: ...


class ChatClient(Protocol):
    """Anything with ``chat.completions.create(**kwargs)`` returning a ``ChatCompletion``."""

    @property
    def chat(self) -> _Chat: ...


class AsyncChatClient(Protocol):
    """The async twin: ``await chat.completions.create(**kwargs)``."""

    @property
    def chat(self) -> _AsyncChat: ...


class ReplyCache(Protocol):
    """Stores model replies (``ChatCompletion.model_dump()`` dicts) by a content key.

    A cache that also serves replies nobody has validated yet (the Batch API path's results)
    sets ``replies_validated = False``: a served reply that does not validate is then re-asked
    like a live one, instead of being taken for a damaged row and asked again.
    """

    def key(
        self,
        *,
        model: str,
        messages: list[dict[str, Any]],
        response_format: dict[str, Any] | None,
        template_hash: str,
        extra: dict[str, Any] | None = None,
    ) -> str:
        """The key of one request; credentials never go into it."""
        ...

    def get(self, key: str) -> dict[str, Any] | None:
        """The stored reply, or None."""
        ...

    def put(self, key: str, value: dict[str, Any]) -> None:
        """Store a reply under ``key``."""
        ...
