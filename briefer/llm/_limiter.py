"""One rate limiter per Briefer: requests and tokens per minute, 429s, and calls in flight.

Every request of a Briefer, from every story of a brief, sync or async, passes through one
:class:`RateLimiter`:

* Two token buckets, requests and tokens, keep the pace under the provider's limits. Their
  rates come from ``rpm``/``tpm`` when given, and are learnt from the ``x-ratelimit-*``
  headers of replies when the server sends them (the lower of the two wins). A request
  costs one request and its estimated prompt tokens plus its whole output limit, which is
  what OpenAI and Azure count when they admit it; the reply's usage corrects the estimate.
  A bucket may go into debt for a request larger than it holds, so nothing waits forever.
* A 429 pauses every call, not just the one refused, for the ``Retry-After`` the server
  asked for, and halves the number of calls in flight; calls that go through without one
  grow it back, one at a time, up to the configured concurrency.
* Calls are scheduled in order: a call learns at once when its turn comes and sleeps until
  then (``time.sleep`` in a thread, ``asyncio.sleep`` on an event loop), so waiting costs
  no CPU and callers in threads and on event loops share one schedule.

:meth:`RateLimiter.status` and :meth:`RateLimiter.subscribe` tell a progress display when
calls are waiting on the limit, and why.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from typing import Any

from briefer.errors import UsageError
from briefer.llm._buckets import CountPrompt, Limits
from briefer.llm._pacing import Permit, RateStatus, Waiter
from briefer.llm._ratelimits import RateHeaders

__all__ = ["Permit", "RateLimiter", "RateStatus"]


class RateLimiter:
    """Keeps the calls of one Briefer under a provider's rate limits; safe across threads.

    Args:
        rpm: requests per minute allowed, or None to learn it from the server's headers.
        tpm: tokens per minute allowed (prompt plus output limit), or None likewise.
        concurrency: the most calls in flight; a 429 halves it for a while.
        deadline: seconds a run (a summary, a brief) keeps retrying rate-limited calls
            before giving up on them; 0 gives up at the first 429.
    """

    def __init__(
        self,
        *,
        rpm: float | None = None,
        tpm: float | None = None,
        concurrency: int = 8,
        deadline: float = 3600.0,
    ) -> None:
        for name, value in (("rpm", rpm), ("tpm", tpm)):
            if value is not None and not (value > 0 and math.isfinite(value)):
                raise UsageError(f"{name} must be a number more than 0, not {value}")
        if concurrency < 1:
            raise UsageError(f"concurrency must be at least 1, not {concurrency}")
        if not (deadline >= 0 and math.isfinite(deadline)):
            raise UsageError(f"rate_deadline must be 0 or more seconds, not {deadline}")
        self.deadline = float(deadline)
        self.count_prompt: CountPrompt | None = None
        """Counts a request's prompt tokens (set by the Summarizer to its planner's count)."""
        self._lock = threading.Lock()
        self._limits = Limits(rpm, tpm, time.monotonic())
        self._max_window = concurrency
        self._window = concurrency
        self._in_flight = 0
        self._flight: dict[int, Permit] = {}
        self._waiters: deque[Waiter] = deque()
        self._seq = 0
        self._decreased_at = 0
        self._clear = 0
        self._paused_until = 0.0
        self._rate_limited = 0
        self._waiting = 0
        self._cause: str | None = None
        self._runs = 0
        self._run_deadline: float | None = None
        self._listeners: list[Callable[[RateStatus], None]] = []
        self._last_seen: tuple[object, ...] | None = None

    # ---- what callers see ----------------------------------------------------------------

    def status(self) -> RateStatus:
        """What the limiter is doing now."""
        with self._lock:
            return self._status(time.monotonic())

    def subscribe(self, listener: Callable[[RateStatus], None]) -> Callable[[], None]:
        """Call ``listener`` (from any thread) whenever calls start or stop waiting on the limit.

        Returns a function that unsubscribes it.
        """
        with self._lock:
            self._listeners.append(listener)

        def unsubscribe() -> None:
            with self._lock, contextlib.suppress(ValueError):
                self._listeners.remove(listener)

        return unsubscribe

    @contextlib.contextmanager
    def run(self) -> Iterator[None]:
        """Mark a run (a summary or a brief): rate-limited calls retry until its deadline."""
        with self._lock:
            if self._runs == 0:
                self._run_deadline = time.monotonic() + self.deadline
            self._runs += 1
        try:
            yield
        finally:
            with self._lock:
                self._runs -= 1
                if self._runs == 0:
                    self._run_deadline = None

    # ---- one request -----------------------------------------------------------------------

    def acquire(self, kwargs: dict[str, Any], deadline: float | None = None) -> Permit:
        """Wait (in this thread) until the request in ``kwargs`` may be sent."""
        waiter = self._enter()
        if waiter is not None:
            assert waiter.event is not None
            self._note_waiting(+1, "fewer calls at once after a 429")
            waiter.event.wait()
            self._note_waiting(-1, None)
        permit, delay = self._schedule(kwargs, deadline)
        while delay > 0:
            time.sleep(delay)
            delay = self._settle_wait()
        return permit

    async def aacquire(self, kwargs: dict[str, Any], deadline: float | None = None) -> Permit:
        """The async twin of :meth:`acquire`."""
        waiter = self._enter(asyncio.get_running_loop())
        if waiter is not None:
            assert waiter.future is not None
            self._note_waiting(+1, "fewer calls at once after a 429")
            try:
                await waiter.future
            except asyncio.CancelledError:
                with self._lock:
                    if waiter.granted:
                        self._free_slot(None)
                    elif waiter in self._waiters:
                        self._waiters.remove(waiter)
                raise
            finally:
                self._note_waiting(-1, None)
        permit, delay = self._schedule(kwargs, deadline)
        try:
            while delay > 0:
                await asyncio.sleep(delay)
                delay = self._settle_wait()
        except asyncio.CancelledError:
            with self._lock:
                self._waiting -= 1
                self._free_slot(permit)
            self._notify()
            raise
        return permit

    def deadline_for_call(self) -> float:
        """When a call starting now stops retrying 429s: its run's deadline, or its own."""
        with self._lock:
            if self._run_deadline is not None:
                return self._run_deadline
        return time.monotonic() + self.deadline

    def release(
        self,
        permit: Permit,
        *,
        headers: RateHeaders | None = None,
        prompt_tokens: int | None = None,
        succeeded: bool = True,
    ) -> None:
        """Settle a request that came back: learn from its headers, correct its token estimate."""
        with self._lock:
            now = time.monotonic()
            if headers is not None:
                self._learn(headers, permit, now, prompt_tokens, refused=False)
            if prompt_tokens is not None:
                self._limits.correct(permit, prompt_tokens)
            if succeeded:
                self._clear += 1
                if self._clear >= self._window and self._window < self._max_window:
                    self._window += 1
                    self._clear = 0
            self._free_slot(permit)
        self._notify()

    def rate_limited(self, permit: Permit, headers: RateHeaders, attempt: int) -> float:
        """Settle a request refused with a 429; slow every call down; seconds to wait.

        The wait is the server's ``Retry-After``, else the reset time of the bucket it says is
        empty, else a backoff doubling from one second with each refusal of this call.
        """
        with self._lock:
            now = time.monotonic()
            self._rate_limited += 1
            wait = headers.retry_after
            if wait is None:
                resets = [
                    r.reset
                    for r in (headers.requests, headers.tokens)
                    if r.reset is not None and r.remaining is not None and r.remaining < 1
                ]
                wait = max(resets) if resets else min(60.0, 2.0**attempt)
            self._paused_until = max(self._paused_until, now + wait)
            self._learn(headers, permit, now, None, refused=True)
            if permit.seq > self._decreased_at:  # one halving per burst of refusals
                self._window = max(1, self._window // 2)
                self._decreased_at = self._seq
            self._clear = 0
            self._free_slot(permit)
        self._notify()
        return wait

    def abandon(self, permit: Permit) -> None:
        """Settle a request that failed another way (its cost stays charged)."""
        with self._lock:
            self._free_slot(permit)
        self._notify()

    # ---- internals (callers hold the lock where it says so) -----------------------------

    def _enter(self, loop: asyncio.AbstractEventLoop | None = None) -> Waiter | None:
        with self._lock:
            if self._in_flight < self._window and not self._waiters:
                self._in_flight += 1
                return None
            waiter = Waiter(loop)
            self._waiters.append(waiter)
            return waiter

    def _free_slot(self, permit: Permit | None) -> None:  # lock held
        self._in_flight -= 1
        if permit is not None:
            self._flight.pop(permit.seq, None)
        self._grant()

    def _grant(self) -> None:  # lock held
        while self._waiters and self._in_flight < self._window:
            waiter = self._waiters.popleft()
            waiter.granted = True
            self._in_flight += 1
            waiter.wake()

    def _schedule(self, kwargs: dict[str, Any], deadline: float | None) -> tuple[Permit, float]:
        max_output, raw, charged = self._limits.estimate(kwargs, self.count_prompt)
        with self._lock:
            now = time.monotonic()
            costs = {"requests": 1.0, "tokens": float((charged or 0) + max_output)}
            when, cause = self._limits.schedule(costs, now, max(now, self._paused_until))
            self._seq += 1
            permit = Permit(
                seq=self._seq,
                deadline=deadline if deadline is not None else now + self.deadline,
                sent_at=when,
                max_output=max_output,
                prompt_raw=raw,
                prompt_charged=charged,
            )
            self._flight[permit.seq] = permit
            delay = when - now
            if delay > 0:
                self._waiting += 1
                self._cause = cause
        if delay > 0:
            self._notify()
        return permit, delay

    def _settle_wait(self) -> float:
        """After a scheduled wait: any pause a 429 set meanwhile is still to be waited out."""
        with self._lock:
            left = self._paused_until - time.monotonic()
            if left > 0:
                self._cause = "the server asked to wait"
                return left
            self._waiting -= 1
            if self._waiting == 0:
                self._cause = None
        self._notify()
        return 0.0

    def _note_waiting(self, change: int, cause: str | None) -> None:
        with self._lock:
            self._waiting += change
            if change > 0:
                self._cause = cause
            elif self._waiting == 0:
                self._cause = None
        self._notify()

    def _learn(
        self,
        headers: RateHeaders,
        permit: Permit,
        now: float,
        prompt_tokens: int | None,
        *,
        refused: bool,
    ) -> None:  # lock held
        # The server counted what it admitted up to this request; a 429 is answered at once,
        # a reply only after the model ran, and requests sent since are not in its count.
        later = [] if refused else [p for seq, p in self._flight.items() if seq > permit.seq]
        typical = prompt_tokens or 0
        in_flight = {
            "requests": float(len(later)),
            "tokens": float(sum(p.max_output + (p.prompt_charged or typical) for p in later)),
        }
        self._limits.learn(headers, now, in_flight=in_flight, since=permit.sent_at, refused=refused)

    def _status(self, now: float) -> RateStatus:  # lock held
        return RateStatus(
            waiting=self._waiting,
            cause=self._cause if self._waiting else None,
            paused_for=max(0.0, self._paused_until - now),
            requests_per_minute=self._limits.per_minute("requests"),
            tokens_per_minute=self._limits.per_minute("tokens"),
            concurrency=self._window,
            rate_limited=self._rate_limited,
        )

    def _notify(self) -> None:
        with self._lock:
            if not self._listeners:
                return
            status = self._status(time.monotonic())
            # Listeners hear of changes, not of every request.
            seen = (status.waiting > 0, status.cause, status.concurrency, status.rate_limited)
            if seen == self._last_seen:
                return
            self._last_seen = seen
            listeners = list(self._listeners)
        for listener in listeners:
            listener(status)
