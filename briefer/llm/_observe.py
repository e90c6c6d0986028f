"""Watching structured calls as they happen: one small event stream, for progress and tracing.

A structured call reports what it does (started, a request sent, a reply received, a re-ask,
a retry with more room, a fallback to another mode, a cache hit, done or failed) to the
observers in force where it runs. :func:`observe_calls` adds an observer for a block of code
(a context variable, so it follows asyncio tasks, and threads started with the context);
:func:`add_call_observer` adds one for the whole process (tracing does). With no observer,
an event costs one context-variable read.

:func:`calls_about` labels the calls made inside a block ("article": its title, "call": the
template), so an observer can say which call is running.
"""

from __future__ import annotations

import itertools
import logging
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, Literal

from briefer.schema import Usage

__all__ = [
    "CallEvent",
    "CallObserver",
    "EventKind",
    "add_call_observer",
    "calls_about",
    "observe_calls",
    "remove_call_observer",
    "report_waiting",
]

EventKind = Literal[
    "start",  # the call began (before the cache is looked at)
    "request",  # a request was sent (attempt = its number, probe = a mode the server may refuse)
    "reply",  # a reply arrived (usage = its tokens)
    "cache_hit",  # a reply came from the cache
    "reask",  # the reply was invalid; asking again with the error (detail)
    "truncation_retry",  # the reply was cut off; asking again with more room (detail)
    "mode_fallback",  # the server refused this mode; trying the next (detail: the next mode)
    "waiting",  # waiting for the rate limit before the next request (detail: why)
    "done",  # the call ended with a valid reply (usage: summed over every attempt)
    "failed",  # the call ended with an error (detail: the error's class name)
]

CallObserver = Callable[["CallEvent"], None]

logger = logging.getLogger("briefer.llm")
_ids = itertools.count(1)
_scoped: ContextVar[tuple[CallObserver, ...]] = ContextVar("briefer_call_observers", default=())
_about: ContextVar[tuple[tuple[str, str], ...]] = ContextVar("briefer_call_about", default=())
_global: list[CallObserver] = []


@dataclass(frozen=True)
class CallEvent:
    """One thing a structured call did."""

    kind: EventKind
    call_id: int
    """The same for every event of one call, unique in the process."""
    model: str
    mode: str | None = None
    """The structured-output mode in use."""
    attempt: int = 0
    """Requests sent so far in this call."""
    usage: Usage | None = None
    detail: str = ""
    cached: bool = False
    probe: bool = False
    about: Mapping[str, str] = field(default_factory=dict)
    """The labels of :func:`calls_about` where the call runs."""
    server: str = ""
    """The client's base URL ("" when it has none)."""
    at: float = field(default_factory=time.monotonic)
    response: Any = None
    """On ``reply``: the SDK's ChatCompletion (response id, model, finish reason)."""
    wait: float | None = None
    """On ``waiting``: how many seconds the next request waits, when known."""


@contextmanager
def observe_calls(observer: CallObserver) -> Iterator[None]:
    """Send the events of every structured call made inside the block to ``observer``.

    An observer runs in the calling thread and must be quick; its exceptions are logged and
    never fail a call.
    """
    token = _scoped.set((*_scoped.get(), observer))
    try:
        yield
    finally:
        _scoped.reset(token)


@contextmanager
def calls_about(**labels: str) -> Iterator[None]:
    """Label the calls made inside the block, e.g. ``calls_about(article="Budget vote")``."""
    token = _about.set(tuple({**dict(_about.get()), **labels}.items()))
    try:
        yield
    finally:
        _about.reset(token)


def report_waiting(seconds: float | None, reason: str = "rate limit") -> None:
    """Tell the observers that requests wait (the rate limiter calls this before it sleeps).

    The event has ``call_id`` 0, ``detail`` set to ``reason`` and ``wait`` to ``seconds``
    (None when unknown). Progress displays show it until the next request goes out.
    """
    reporter = CallReporter("", "")
    reporter.call_id = 0
    reporter.emit("waiting", detail=reason, wait=seconds)


def add_call_observer(observer: CallObserver) -> None:
    """Send the events of every structured call in this process to ``observer``."""
    if observer not in _global:
        _global.append(observer)


def remove_call_observer(observer: CallObserver) -> None:
    """Stop sending events to an observer added with :func:`add_call_observer`."""
    if observer in _global:
        _global.remove(observer)


class CallReporter:
    """What one call uses to report its events (only the conversation makes these)."""

    def __init__(self, model: str, server: str) -> None:
        self.call_id = next(_ids)
        self.model = model
        self.server = server
        self.about: Mapping[str, str] = dict(_about.get())

    def emit(self, kind: EventKind, **fields: Any) -> None:
        observers = _scoped.get()
        if not observers and not _global:
            return
        event = CallEvent(
            kind,
            self.call_id,
            self.model,
            about=self.about,
            server=self.server,
            **fields,
        )
        for observer in (*_global, *observers):
            try:
                observer(event)
            except Exception:  # noqa: BLE001 - an observer's bug must not fail the call
                logger.debug("call observer %r failed", observer, exc_info=True)
