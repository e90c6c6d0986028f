"""A reference client for the rate-limit benchmark, written the way the OpenAI cookbook's
parallel request processor (``examples/api_request_parallel_processor.py``) works.

As that script describes itself: requests go out concurrently, throttled by both a
requests-per-minute and a tokens-per-minute budget; a request's token cost is estimated
before it is sent (the tokens of its messages plus ``max_tokens``); available capacity grows
with the time since the last update, up to one minute's worth, and a request is sent only
when both budgets hold it; a failed request goes to a retry queue until it has used its
attempts (5); after a rate-limit error every new request waits until 15 seconds have passed
since it. The main loop sleeps 1 ms between turns. Requests are plain HTTP posts (the cookbook
uses aiohttp; here httpx2, the HTTP library under the openai SDK).

One addition, so the comparison is at equal concurrency: at most ``concurrency`` requests
are in flight at once (the cookbook has no such bound). ``budget_seconds`` caps what the
budgets can save up: 60 (one minute's worth) as the cookbook has it; 1 tunes the loop to a
server that enforces its limits over one-second windows.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any

__all__ = ["ReferenceResult", "run_reference", "tokens_of"]

MAX_ATTEMPTS = 5
PAUSE_AFTER_RATE_LIMIT = 15.0
LOOP_SLEEP = 0.001


@dataclass
class _Job:
    body: dict[str, Any]
    tokens: int
    attempts_left: int = MAX_ATTEMPTS


@dataclass
class ReferenceResult:
    """What the reference loop did with its requests."""

    succeeded: int = 0
    failed: int = 0
    rate_limit_errors: int = 0
    other_errors: int = 0
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)


def tokens_of(body: dict[str, Any]) -> int:
    """The cookbook's estimate for a chat request: 4 + tokens per message, + 2, + max_tokens."""
    from briefer.tokens import token_counter

    counter = token_counter(None)
    prompt = 2
    for message in body["messages"]:
        prompt += 4 + sum(counter.count(str(v)) for v in message.values())
    return prompt + int(body.get("max_tokens") or body.get("max_completion_tokens") or 0)


async def run_reference(
    base_url: str,
    bodies: list[dict[str, Any]],
    *,
    requests_per_minute: float,
    tokens_per_minute: float,
    concurrency: int,
    budget_seconds: float = 60.0,
) -> ReferenceResult:
    """Send every body to ``base_url``/chat/completions; see the module docstring."""
    import httpx2

    result = ReferenceResult()
    queue = deque(_Job(body, tokens_of(body)) for body in bodies)
    retries: deque[_Job] = deque()
    most_requests = requests_per_minute * budget_seconds / 60
    most_tokens = tokens_per_minute * budget_seconds / 60
    request_capacity, token_capacity = most_requests, most_tokens
    updated = time.monotonic()
    last_rate_limit = -float("inf")
    in_flight = 0
    url = base_url.rstrip("/") + "/chat/completions"
    started = time.perf_counter()

    async def call(http: Any, job: _Job) -> None:
        nonlocal in_flight, last_rate_limit
        try:
            response = await http.post(url, json=job.body, headers={"Authorization": "Bearer x"})
            data = response.json()
            if "error" in data:
                message = str(data["error"].get("message", ""))
                if "Rate limit" in message:
                    result.rate_limit_errors += 1
                    last_rate_limit = time.monotonic()
                else:
                    result.other_errors += 1
                raise RuntimeError(message)
            json.loads(data["choices"][0]["message"]["content"])
            result.succeeded += 1
        except Exception as exc:  # noqa: BLE001 - the cookbook retries whatever failed
            if job.attempts_left:
                retries.append(job)
            else:
                result.failed += 1
                result.errors.append(str(exc)[:200])
        finally:
            in_flight -= 1

    limits = httpx2.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx2.AsyncClient(timeout=600, limits=limits) as http:
        tasks: set[asyncio.Task[None]] = set()
        job: _Job | None = None
        while True:
            if job is None:
                if retries:
                    job = retries.popleft()
                elif queue:
                    job = queue.popleft()
            now = time.monotonic()
            elapsed, updated = now - updated, now
            request_capacity = min(
                request_capacity + requests_per_minute * elapsed / 60, most_requests
            )
            token_capacity = min(token_capacity + tokens_per_minute * elapsed / 60, most_tokens)
            if (
                job is not None
                and in_flight < concurrency
                and request_capacity >= 1
                and token_capacity >= job.tokens
            ):
                request_capacity -= 1
                token_capacity -= job.tokens
                job.attempts_left -= 1
                in_flight += 1
                task = asyncio.create_task(call(http, job))
                tasks.add(task)
                task.add_done_callback(tasks.discard)
                job = None
            if result.succeeded + result.failed == len(bodies):
                break
            await asyncio.sleep(LOOP_SLEEP)
            cooling = PAUSE_AFTER_RATE_LIMIT - (time.monotonic() - last_rate_limit)
            if cooling > 0:
                await asyncio.sleep(cooling)
    result.seconds = time.perf_counter() - started
    return result
