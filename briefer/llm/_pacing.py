"""The small parts of a rate limiter: a permit, a waiting caller, the status it reports."""

from __future__ import annotations

import asyncio
import threading
from dataclasses import dataclass

__all__ = ["Permit", "RateStatus", "Waiter"]


@dataclass(frozen=True)
class RateStatus:
    """What the limiter is doing now, for a progress display."""

    waiting: int
    """Calls held back by the limit at this moment."""
    cause: str | None
    """Why: ``requests per minute``, ``tokens per minute`` or ``the server asked to wait``."""
    paused_for: float
    """Seconds left of a pause a 429 asked for (0 when none)."""
    requests_per_minute: float | None
    tokens_per_minute: float | None
    concurrency: int
    """Calls allowed in flight now (halved on a 429, grown back when clear)."""
    rate_limited: int
    """429 replies seen so far."""


@dataclass
class Permit:
    """One request let through: what it was charged, for settling when it comes back."""

    seq: int
    deadline: float
    """Monotonic time after which a rate-limited retry gives up."""
    sent_at: float
    """Monotonic time the request was let go."""
    max_output: int
    prompt_raw: int | None = None
    """Prompt tokens as counted before sending (None when tokens were not counted)."""
    prompt_charged: int | None = None
    """The prompt tokens charged to the token bucket, after the learnt correction."""


class Waiter:
    __slots__ = ("event", "future", "granted", "loop")

    def __init__(self, loop: asyncio.AbstractEventLoop | None) -> None:
        self.loop = loop
        self.future: asyncio.Future[None] | None = loop.create_future() if loop else None
        self.event = threading.Event() if loop is None else None
        self.granted = False

    def wake(self) -> None:
        if self.event is not None:
            self.event.set()
        elif self.loop is not None and self.future is not None:
            future = self.future
            self.loop.call_soon_threadsafe(_resolve, future)


def _resolve(future: asyncio.Future[None]) -> None:
    if not future.done():  # a waiter cancelled meanwhile has a done future
        future.set_result(None)
