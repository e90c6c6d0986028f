"""The two token buckets (requests, tokens) and what is known of a provider's limits.

Rates come from the user (``rpm``, ``tpm``) and from the ``x-ratelimit-*`` headers of replies
(learnt, smoothed); the lower wins. The methods here are called with the limiter's lock held.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from briefer.llm._pacing import Permit
from briefer.llm._ratelimits import BucketReading, RateHeaders

__all__ = ["KINDS", "Bucket", "Limits"]

KINDS = ("requests", "tokens")
# A bucket holds about one second of its rate: enough for a small burst, never a minute's
# worth at once (providers may enforce a per-minute limit over shorter windows).
_BURST_SECONDS = 1.0
CountPrompt = Callable[[list[dict[str, Any]]], int]


class Bucket:
    """A token bucket whose level is known at ``stamp`` (which may lie in the future)."""

    __slots__ = ("capacity", "level", "rate", "stamp")

    def __init__(self, rate: float, capacity: float, level: float, stamp: float) -> None:
        self.rate, self.capacity, self.level, self.stamp = rate, capacity, level, stamp

    def level_at(self, when: float) -> float:
        if when <= self.stamp:
            return self.level
        return min(self.capacity, self.level + self.rate * (when - self.stamp))

    def ready(self, cost: float, now: float) -> float:
        """The earliest time the bucket holds ``cost`` (or is full, for a larger cost)."""
        start = max(now, self.stamp)
        need = min(cost, self.capacity)
        return start + max(0.0, need - self.level_at(start)) / self.rate

    def debit(self, cost: float, when: float) -> None:
        self.level = self.level_at(when) - cost
        self.stamp = when

    def lower_to(self, value: float, now: float) -> None:
        when = max(now, self.stamp)
        if value < self.level_at(when):
            self.level, self.stamp = value, when

    def retune(self, rate: float, capacity: float, now: float) -> None:
        when = max(now, self.stamp)
        self.level = min(self.level_at(when), capacity)
        self.stamp, self.rate, self.capacity = when, rate, capacity


class Limits:
    """Both buckets, the rates behind them, and the learnt correction of prompt estimates."""

    def __init__(self, rpm: float | None, tpm: float | None, now: float) -> None:
        self.user = {"requests": _per_second(rpm), "tokens": _per_second(tpm)}
        self.learnt: dict[str, float | None] = dict.fromkeys(KINDS)
        self.limits: dict[str, float | None] = dict.fromkeys(KINDS)
        self.buckets: dict[str, Bucket | None] = dict.fromkeys(KINDS)
        self._readings = dict.fromkeys(KINDS, (0.0, 0.0))
        self.prompt_scale = 1.0
        for kind in KINDS:
            self._rebuild(kind, now, level=None)

    def estimate(
        self, kwargs: dict[str, Any], count: CountPrompt | None
    ) -> tuple[int, int | None, int | None]:
        """A request's output limit, its prompt tokens as counted, and as charged (or None)."""
        max_output = int(kwargs.get("max_completion_tokens") or kwargs.get("max_tokens") or 0)
        if self.buckets["tokens"] is None:
            return max_output, None, None
        messages = kwargs.get("messages") or []
        if count is not None:
            raw = count(messages)
        else:  # about four characters a token, as providers estimate before tokenizing
            raw = sum(4 + len(str(m.get("content", ""))) // 4 for m in messages)
        return max_output, raw, round(raw * self.prompt_scale)

    def schedule(self, costs: dict[str, float], now: float, start: float) -> tuple[float, str]:
        """When a request of ``costs`` may go (not before ``start``), and what holds it back."""
        when, cause = start, "the server asked to wait"
        for kind, bucket in self.buckets.items():
            if bucket is not None and costs[kind] > 0:
                ready = bucket.ready(costs[kind], now)
                if ready > when:
                    when, cause = ready, f"{kind} per minute"
        for kind, bucket in self.buckets.items():
            if bucket is not None:
                bucket.debit(costs[kind], when)
        return when, cause

    def correct(self, permit: Permit, prompt_tokens: int) -> None:
        """Charge the prompt the server counted instead of the estimate, and learn the ratio."""
        tokens = self.buckets["tokens"]
        if tokens is None or not permit.prompt_charged:
            return
        tokens.level -= prompt_tokens - permit.prompt_charged
        if permit.prompt_raw:
            self.prompt_scale = 0.8 * self.prompt_scale + 0.2 * prompt_tokens / permit.prompt_raw

    def per_minute(self, kind: str) -> float | None:
        bucket = self.buckets[kind]
        return round(bucket.rate * 60, 3) if bucket is not None else None

    def learn(
        self,
        headers: RateHeaders,
        now: float,
        *,
        in_flight: dict[str, float],
        since: float,
        refused: bool,
    ) -> None:
        """Update rates and levels from a reply's headers.

        The first time a limit is learnt the bucket starts at what the server had left when
        it counted the request (sent at ``since``), refilled since, less ``in_flight``: what
        requests sent after it cost, per kind.
        """
        readings: dict[str, BucketReading] = {
            "requests": headers.requests,
            "tokens": headers.tokens,
        }
        for kind, reading in readings.items():
            first = self.learnt[kind] is None
            if reading.rate is not None and reading.reset:
                # Decayed sums of what was missing and how long it took to refill: a ratio of
                # sums weighs the readings with more missing, whose whole-unit rounding (the
                # server counts what is left down) matters least.
                missing, seconds = self._readings[kind]
                missing = 0.7 * missing + (reading.rate * reading.reset)
                seconds = 0.7 * seconds + reading.reset
                self._readings[kind] = (missing, seconds)
                self.learnt[kind] = missing / seconds
                if reading.limit:
                    self.limits[kind] = reading.limit
            if self.learnt[kind] is None or reading.remaining is None:
                continue
            if first:
                rate_now = min(r for r in (self.user[kind], self.learnt[kind]) if r is not None)
                refilled = reading.remaining + rate_now * max(0.0, now - since)
                if reading.limit:
                    refilled = min(refilled, reading.limit)
                self._rebuild(kind, now, level=refilled - in_flight[kind])
                continue
            self._rebuild(kind, now, level=None)
            bucket = self.buckets[kind]
            if refused and bucket is not None:  # the server says it has no more now
                bucket.lower_to(reading.remaining, now)

    def _rebuild(self, kind: str, now: float, level: float | None) -> None:
        rates = [r for r in (self.user[kind], self.learnt[kind]) if r is not None]
        if not rates:
            self.buckets[kind] = None
            return
        rate = min(rates)
        capacity = max(rate * _BURST_SECONDS, 1.0)
        limit = self.limits[kind]
        if limit is not None and self.user[kind] is None:
            capacity = max(min(capacity, limit), 1.0)
        elif kind == "requests":
            # A limit the user gave says nothing of how large a burst the server takes: one
            # request at a time, evenly spaced (the pace is what keeps a busy run under it).
            capacity = 1.0
        bucket = self.buckets[kind]
        if bucket is None:
            start = capacity if level is None else min(level, capacity)
            self.buckets[kind] = Bucket(rate, capacity, start, now)
            return
        bucket.retune(rate, capacity, now)
        if level is not None:
            bucket.lower_to(level, now)


def _per_second(per_minute: float | None) -> float | None:
    return None if per_minute is None else per_minute / 60.0
