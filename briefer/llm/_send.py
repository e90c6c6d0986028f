"""Sending one request: through the rate limiter, retrying 429s and transient failures.

For the openai SDK's own clients briefer turns the SDK's retries off (a copy of the client
made once with ``with_options(max_retries=0)``, sharing its connection pool) and reads the
reply through the documented ``with_raw_response`` so the rate-limit headers reach the
limiter. It then retries itself:

* a 429 (not an exhausted quota) pauses every call of the Briefer for the ``Retry-After``
  the server asked for and is retried until the run's deadline;
* a timeout, a dropped connection, a 408, 409 or 5xx is retried as often as the client's own
  ``max_retries`` says, after the SDK's backoff (0.5 s doubling to 8 s, or the server's
  ``Retry-After`` up to a minute). A first try of a structured-output mode (a probe) is not
  retried when the server's answer says it refuses the mode: auto mode moves on instead.

Other clients (``FakeClient``, tracing wrappers) are called as they are; their own retries
stand, and briefer adds only the 429 retries.
"""

from __future__ import annotations

import asyncio
import random
import re
import time
import weakref
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from briefer.llm._conversation import Request
from briefer.llm._limiter import Permit, RateLimiter
from briefer.llm._ratelimits import RateHeaders, read_rate_headers

__all__ = ["asend", "send"]

_MAX_SERVER_WAIT = 60.0
_REFUSAL_TEXT = re.compile(
    r"response_format|json_schema|json_object|schema|not supported|Input should be", re.IGNORECASE
)
_TRANSIENT_NAMES = {"APITimeoutError", "APIConnectionError", "TimeoutException", "NetworkError"}


@dataclass(frozen=True)
class _Endpoint:
    create: Callable[..., Any]
    raw: bool
    """``create`` returns the SDK's raw response (headers, then ``parse()``)."""
    retries: int
    """Retries of transient failures briefer makes itself (0 when the client retries)."""


_endpoints: weakref.WeakKeyDictionary[object, _Endpoint] = weakref.WeakKeyDictionary()


def _endpoint(client: object) -> _Endpoint:
    import openai

    # Only the SDK's own clients: with_options on a wrapper (tracing, recording, a test
    # double standing in for the class) would go around the wrapper.
    sdk = type(client).__module__.partition(".")[0] == "openai"
    if not (sdk and isinstance(client, openai.OpenAI | openai.AsyncOpenAI)):
        return _Endpoint(client.chat.completions.create, False, 0)  # type: ignore[attr-defined]
    endpoint = _endpoints.get(client)
    if endpoint is None:
        quiet = client.with_options(max_retries=0)  # shares the client's connection pool
        endpoint = _Endpoint(
            quiet.chat.completions.with_raw_response.create, True, int(client.max_retries)
        )
        _endpoints[client] = endpoint
    return endpoint


@dataclass
class _Tries:
    transient_left: int
    refusals: int = 0
    failures: int = 0


def _status(exc: Exception) -> int | None:
    status = getattr(exc, "status_code", None)
    return status if isinstance(status, int) else None


def _headers(exc: Exception) -> Mapping[str, str] | None:
    headers = getattr(getattr(exc, "response", None), "headers", None)
    return headers if hasattr(headers, "items") else None


def _error_field(exc: Exception, name: str) -> str:
    body = getattr(exc, "body", None)
    if isinstance(body, Mapping):
        inner = body.get("error", body)
        if isinstance(inner, Mapping):
            return str(inner.get(name) or "")
    return str(getattr(exc, name, "") or "")


def _quota_exhausted(exc: Exception) -> bool:
    # OpenAI answers an unpaid bill with 429 too; waiting does not help.
    return "insufficient_quota" in (_error_field(exc, "code"), _error_field(exc, "type"))


def _transient(exc: Exception, headers: Mapping[str, str] | None) -> bool:
    should = str((headers or {}).get("x-should-retry", "")).lower()
    if should in ("true", "false"):
        return should == "true"
    status = _status(exc)
    if status is not None:
        return status in (408, 409) or status >= 500
    return bool({cls.__name__ for cls in type(exc).__mro__} & _TRANSIENT_NAMES)


def _format_refusal(exc: Exception) -> bool:
    """A server's answer that it refuses the structured-output mode (llama.cpp sends a 500)."""
    message = _error_field(exc, "message") or str(exc)
    return _status(exc) in (500, 501) and bool(_REFUSAL_TEXT.search(message))


def _after_failure(
    limiter: RateLimiter, permit: Permit, exc: Exception, request: Request, tries: _Tries
) -> float | None:
    """Seconds to wait before trying again, or None to hand the failure to the conversation."""
    raw_headers = _headers(exc)
    if _status(exc) == 429 and not _quota_exhausted(exc):
        tries.refusals += 1
        wait = limiter.rate_limited(permit, read_rate_headers(raw_headers), tries.refusals)
        # The limiter's pause holds every call back, this one included, for ``wait``.
        return None if time.monotonic() + wait > permit.deadline else 0.0
    limiter.abandon(permit)
    if tries.transient_left <= 0 or not _transient(exc, raw_headers):
        return None
    if request.probe and _format_refusal(exc):
        return None  # auto mode tries the next mode instead
    tries.transient_left -= 1
    tries.failures += 1
    asked = read_rate_headers(raw_headers).retry_after
    if asked is not None and 0 < asked <= _MAX_SERVER_WAIT:
        return asked
    return min(0.5 * 2.0 ** (tries.failures - 1), 8.0) * (1 - 0.25 * random.random())


def _unwrap(response: Any, raw: bool) -> tuple[Any, RateHeaders | None]:
    if not raw:
        return response, None
    return response.parse(), read_rate_headers(response.headers)


def _prompt_tokens(completion: Any) -> int | None:
    value = getattr(getattr(completion, "usage", None), "prompt_tokens", None)
    return value if isinstance(value, int) and value >= 0 else None


def send(client: object, request: Request, limiter: RateLimiter) -> Any:
    """Send ``request`` with a sync client; the reply, or the exception that ended the tries."""
    endpoint = _endpoint(client)
    deadline = limiter.deadline_for_call()
    tries = _Tries(endpoint.retries)
    while True:
        permit = limiter.acquire(request.kwargs, deadline)
        try:
            completion, headers = _unwrap(endpoint.create(**request.kwargs), endpoint.raw)
        except Exception as exc:
            wait = _after_failure(limiter, permit, exc, request, tries)
            if wait is None:
                raise
            if wait:
                time.sleep(wait)
            continue
        limiter.release(permit, headers=headers, prompt_tokens=_prompt_tokens(completion))
        return completion


async def asend(client: object, request: Request, limiter: RateLimiter) -> Any:
    """The async twin of :func:`send`."""
    endpoint = _endpoint(client)
    deadline = limiter.deadline_for_call()
    tries = _Tries(endpoint.retries)
    while True:
        permit = await limiter.aacquire(request.kwargs, deadline)
        try:
            completion, headers = _unwrap(await endpoint.create(**request.kwargs), endpoint.raw)
        except asyncio.CancelledError:
            limiter.abandon(permit)
            raise
        except Exception as exc:
            wait = _after_failure(limiter, permit, exc, request, tries)
            if wait is None:
                raise
            if wait:
                await asyncio.sleep(wait)
            continue
        limiter.release(permit, headers=headers, prompt_tokens=_prompt_tokens(completion))
        return completion
