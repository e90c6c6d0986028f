"""One status line on stderr while model calls run: which call, how long, tokens, re-asks.

Shown only when stderr is a terminal and ``-q`` is not given; never on stdout, so output
piped or written with ``-o`` is the same with or without it. It reads the event stream
every structured call reports (:func:`briefer.llm.observe_calls`) and, for a brief, the
count of stories done. A small thread redraws the line twice a second, so the elapsed time
moves while a slow local model thinks.

Why not rich or tqdm: the display is one line, which neither makes simpler to draw, and
either would be a new core dependency (rich brings markdown-it-py, mdurl and pygments) costing
more at import than the whole CLI's parser. Best of 20 runs with bench/startup.py's timing on
the 2-core dev machine: ``import briefer.cli._main`` 43.7 ms; with ``tqdm`` 69.4 ms (+26),
with ``rich.progress`` 72.6 ms (+29), with this module 48.8 ms (+5).

Article titles are data: control characters are replaced before they reach the terminal,
and the line is cut to the terminal's width so it never wraps.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from types import TracebackType
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from briefer.llm import CallEvent, RateStatus

__all__ = ["Progress", "progress_for"]

_REFRESH_SECONDS = 0.5
_CALLS = {
    "summarize": "summary",
    "merge": "merge of chunks",
    "ground_reask": "grounding re-ask",
    "brief": "top lines",
}


@dataclass
class _Call:
    started: float
    about: str
    kind: str
    model: str
    mode: str | None = None
    attempt: int = 0
    reasks: int = 0
    note: str = ""


@dataclass
class _State:
    calls: dict[int, _Call] = field(default_factory=dict)
    reasks: int = 0
    tokens: int = 0
    stories: tuple[int, int] | None = None
    waiting: tuple[float, str, float | None] | None = None
    """Since when, why and for how long the next request waits (the rate limit)."""


class Progress:
    """The status line. Use as a context manager; pass :meth:`on_call` to ``observe_calls``
    and :meth:`on_stories` as a brief's ``progress`` callback.

    Args:
        stream: where the line goes (stderr).
        clock: seconds, monotonic (tests give their own).
        width: the line's width; default: the terminal's.
        refresh: redraw on a timer (off in tests, which call :meth:`render`).
    """

    def __init__(
        self,
        stream: TextIO,
        *,
        clock: Callable[[], float] = time.monotonic,
        width: int | None = None,
        refresh: bool = True,
    ) -> None:
        self._stream = stream
        self._clock = clock
        self._width = width
        self._refresh = refresh
        self._lock = threading.Lock()
        self._state = _State()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._shown = False

    # ---- what it is told -----------------------------------------------------------------

    def on_call(self, event: CallEvent) -> None:
        """An observer for :func:`briefer.llm.observe_calls`."""
        now = self._clock()
        with self._lock:
            state = self._state
            if event.kind == "waiting":
                state.waiting = (now, event.detail, event.wait)
            elif event.kind == "start":
                about = event.about.get("article") or event.about.get("story") or ""
                kind = event.about.get("call", "")
                state.calls[event.call_id] = _Call(now, about, kind, event.model)
            call = state.calls.get(event.call_id)
            if call is None:
                return
            if event.kind != "start":  # at the start it is the setting, "auto" included
                call.mode = event.mode or call.mode
            if event.kind == "request":
                call.attempt = event.attempt
                call.note = ""
                state.waiting = None
            elif event.kind == "reply" and event.usage is not None:
                state.tokens += event.usage.completion_tokens
            elif event.kind == "reask":
                call.reasks += 1
                state.reasks += 1
                call.note = "invalid reply, re-asking"
            elif event.kind == "truncation_retry":
                call.note = "reply cut off, asking with more room"
            elif event.kind == "mode_fallback":
                call.note = f"server refused {event.mode}, trying {event.detail}"
            elif event.kind in ("done", "failed"):
                del state.calls[event.call_id]
        self._draw()

    def on_rate(self, status: RateStatus) -> None:
        """A rate limiter's listener (:meth:`briefer.llm.RateLimiter.subscribe`)."""
        now = self._clock()
        with self._lock:
            if status.waiting:
                why = f"rate limit ({status.cause})" if status.cause else "rate limit"
                self._state.waiting = (now, why, status.paused_for or None)
            else:
                self._state.waiting = None
        self._draw()

    def on_stories(self, done: int, total: int) -> None:
        """A brief's ``progress`` callback: stories done out of all."""
        with self._lock:
            self._state.stories = (done, total)
        self._draw()

    # ---- the line ------------------------------------------------------------------------

    def render(self) -> str:
        """The status line as it stands (empty when there is nothing to say)."""
        now = self._clock()
        with self._lock:
            state = self._state
            parts: list[str] = []
            if state.stories is not None:
                done, total = state.stories
                filled = 20 * done // max(total, 1)
                parts.append(f"[{'#' * filled}{'.' * (20 - filled)}] {done}/{total} stories")
            running = sorted(state.calls.values(), key=lambda c: c.started)
            if running:
                parts.append(self._describe(running, now, many=state.stories is not None))
            if state.waiting is not None:
                since, why, wait = state.waiting
                left = f", {max(0, (wait or 0) - (now - since)):.0f}s left" if wait else ""
                parts.append(f"waiting on the {why}{left}")
            if not parts:
                return ""
            if state.reasks:
                parts.append(f"{state.reasks} re-ask{'s' if state.reasks > 1 else ''}")
            if state.tokens:
                parts.append(f"{state.tokens:,} tokens received")
        return _fit(" · ".join(parts), self._width or shutil.get_terminal_size().columns - 1)

    @staticmethod
    def _describe(running: list[_Call], now: float, *, many: bool) -> str:
        oldest = running[0]
        what = _CALLS.get(oldest.kind, "model call")
        if oldest.about:
            what = f"{what} of “{_safe(oldest.about)}”"
        attempt = f"attempt {oldest.attempt}" if oldest.attempt > 1 else ""
        details = [d for d in (_safe(oldest.model), oldest.mode or "", attempt, oldest.note) if d]
        elapsed = f"{now - oldest.started:.0f}s"
        if many or len(running) > 1:
            count = f"{len(running)} call{'s' if len(running) > 1 else ''} running"
            return f"{count}, longest {elapsed}: {what}" + "".join(f", {d}" for d in details)
        return " · ".join([what, *details, elapsed])

    def _draw(self) -> None:
        line = self.render()
        if not line:
            return
        with self._lock:
            # \r to the start, the line, then clear what a longer earlier line left.
            self._stream.write(f"\r{line}\x1b[K")
            self._stream.flush()
            self._shown = True

    # ---- lifetime ------------------------------------------------------------------------

    def __enter__(self) -> Progress:
        if self._refresh:
            self._thread = threading.Thread(target=self._tick, name="briefer-progress", daemon=True)
            self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        with self._lock:
            if self._shown:  # leave the terminal as it was: notes and errors start clean
                self._stream.write("\r\x1b[K")
                self._stream.flush()

    def _tick(self) -> None:
        while not self._stop.wait(_REFRESH_SECONDS):
            self._draw()


class _Silent(Progress):
    """For pipes, files and -q: nothing is drawn, nothing runs."""

    def _draw(self) -> None:
        return


def progress_for(args: argparse.Namespace, stream: TextIO | None = None) -> Progress:
    """The status line on a terminal's stderr; a silent one with -q or when not a terminal."""
    out = stream if stream is not None else sys.stderr
    if getattr(args, "quiet", False) or not _is_terminal(out):
        return _Silent(out, refresh=False)
    return Progress(out)


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # a closed or unusual stream
        return False


def _safe(text: str) -> str:
    """Article text for the terminal: no control characters, one line, at most 50 chars."""
    clean = "".join(c if c.isprintable() else " " for c in text)
    clean = " ".join(clean.split())
    return clean if len(clean) <= 50 else clean[:49] + "…"


def _fit(line: str, width: int) -> str:
    width = max(width, 20)
    return line if len(line) <= width else line[: width - 1] + "…"
