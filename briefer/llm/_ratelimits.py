"""Reading a provider's rate-limit headers: ``x-ratelimit-*``, ``Retry-After``, ``retry-after-ms``.

OpenAI and Azure send, with every reply and with a 429::

    x-ratelimit-limit-requests: 500        the bucket's size
    x-ratelimit-remaining-requests: 499    what is left in it now
    x-ratelimit-reset-requests: 120ms      time until it is full again

and the same three for ``-tokens``. Reset times are Go durations ("6m0s", "1s", "20ms",
"1.5s"); some servers send plain seconds. A bucket that refills at a steady rate and is
``limit - remaining`` short of full after ``reset`` seconds refills at
``(limit - remaining) / reset`` per second, whatever window the provider quotes its limit
in (a minute for OpenAI's "requests per minute"), so that is what :class:`RateLimiter`
learns from a reading.
"""

from __future__ import annotations

import email.utils
import math
import re
import time
from collections.abc import Mapping
from dataclasses import dataclass

__all__ = ["BucketReading", "RateHeaders", "parse_duration", "read_rate_headers", "retry_after"]

_UNITS = {
    "h": 3600.0,
    "m": 60.0,
    "s": 1.0,
    "ms": 1e-3,
    "us": 1e-6,
    "\u00b5s": 1e-6,  # micro sign
    "\u03bcs": 1e-6,  # Greek mu
    "ns": 1e-9,
}
_PART = re.compile(r"(\d+(?:\.\d*)?|\.\d+)(ms|us|\u00b5s|\u03bcs|ns|h|m|s)")
# The longest reading worth believing: a day's limit (requests per day) resets within a day.
_MAX_SECONDS = 2 * 86400.0


def parse_duration(text: str) -> float | None:
    """Seconds in a Go duration ("6m0s", "1s", "20ms", "1h2m3.5s") or a plain number of seconds.

    Returns None for anything else (empty, negative, not finite, longer than two days).
    """
    value = text.strip()
    if not value or len(value) > 64:
        return None
    seconds: float | None
    try:
        seconds = float(value)
    except ValueError:
        seconds = None
        position = 0
        total = 0.0
        for match in _PART.finditer(value):
            if match.start() != position:
                return None
            total += float(match.group(1)) * _UNITS[match.group(2)]
            position = match.end()
        if position and position == len(value):
            seconds = total
    if seconds is None or not math.isfinite(seconds) or not 0 <= seconds <= _MAX_SECONDS:
        return None
    return seconds


@dataclass(frozen=True)
class BucketReading:
    """One bucket (requests or tokens) as a reply's headers describe it."""

    limit: float | None = None
    remaining: float | None = None
    reset: float | None = None
    """Seconds until the bucket is full again."""

    @property
    def rate(self) -> float | None:
        """Units per second the bucket refills at, when the reading tells it."""
        if self.limit is None or self.remaining is None or not self.reset:
            return None
        missing = self.limit - self.remaining
        if missing <= 0:
            return None
        return missing / self.reset


@dataclass(frozen=True)
class RateHeaders:
    """What a reply's headers say about the limits: both buckets and any Retry-After."""

    requests: BucketReading
    tokens: BucketReading
    retry_after: float | None = None
    """Seconds the server asks to wait before the next request (with a 429)."""

    @property
    def empty(self) -> bool:
        return self.requests == self.tokens == BucketReading() and self.retry_after is None


def _number(text: str | None) -> float | None:
    if text is None:
        return None
    try:
        value = float(text.strip())
    except ValueError:
        return None
    return value if math.isfinite(value) and value >= 0 else None


def _lowered(headers: Mapping[str, str] | None) -> dict[str, str]:
    if not headers:
        return {}
    try:
        return {str(k).lower(): str(v) for k, v in headers.items()}
    except (AttributeError, TypeError):
        return {}


def _bucket(headers: dict[str, str], kind: str) -> BucketReading:
    reset = headers.get(f"x-ratelimit-reset-{kind}")
    return BucketReading(
        limit=_number(headers.get(f"x-ratelimit-limit-{kind}")),
        remaining=_number(headers.get(f"x-ratelimit-remaining-{kind}")),
        reset=parse_duration(reset) if reset is not None else None,
    )


def retry_after(headers: Mapping[str, str] | None) -> float | None:
    """Seconds to wait from ``retry-after-ms``, else ``Retry-After`` (seconds or an HTTP date)."""
    lowered = _lowered(headers)
    millis = _number(lowered.get("retry-after-ms"))
    if millis is not None:
        return min(millis / 1000, _MAX_SECONDS)
    raw = lowered.get("retry-after")
    if raw is None:
        return None
    seconds = _number(raw)
    if seconds is not None:
        return min(seconds, _MAX_SECONDS)
    try:
        parsed = email.utils.parsedate_tz(raw)
        if parsed is None:
            return None
        delta = email.utils.mktime_tz(parsed) - time.time()
    except (TypeError, ValueError, OverflowError):
        return None
    return min(max(delta, 0.0), _MAX_SECONDS)


def read_rate_headers(headers: Mapping[str, str] | None) -> RateHeaders:
    """Both buckets and the Retry-After of a reply's (or a 429's) headers; missing parts None."""
    lowered = _lowered(headers)
    return RateHeaders(
        requests=_bucket(lowered, "requests"),
        tokens=_bucket(lowered, "tokens"),
        retry_after=retry_after(lowered),
    )
