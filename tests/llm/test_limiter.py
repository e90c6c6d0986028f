"""The rate limiter: 429s retried and shared, limits learnt or set, concurrency that adapts.

Most tests run the real openai SDK against an in-process server (an ``httpx2.MockTransport``)
that enforces a request bucket and answers 429 with Retry-After and ``x-ratelimit-*``
headers, as OpenAI does.
"""

from __future__ import annotations

import asyncio
import json
import threading
import time
from typing import Any

import httpx2
import openai
import pytest
from support import BRIEF_DAY

from briefer import Briefer
from briefer.articles import read_articles
from briefer.errors import ModelAPIError, UsageError
from briefer.llm import CallSettings, RateLimiter, RateStatus, acall_structured, call_structured
from briefer.schema import Article, SummaryContent
from briefer.testing import AsyncFakeClient, FakeClient, FakeRequest, rate_limit_error

VALID: dict[str, Any] = {
    "lede": "Officials said the bridge will reopen.",
    "key_claims": [{"text": "The bridge will reopen in May."}],
    "actors": [],
    "quoted_experts": [],
    "open_questions": [],
}
MESSAGES = [{"role": "system", "content": "be brief"}, {"role": "user", "content": "the article"}]


class LimitedServer:
    """An OpenAI-compatible chat endpoint that allows ``per_second`` requests, like the real API.

    Beyond the limit it answers 429 with ``retry-after-ms``; with ``headers`` every answer
    carries ``x-ratelimit-*-requests``. ``script`` holds (status, body) answers to give first.
    """

    def __init__(self, per_second: float, burst: float = 1.0, *, headers: bool = True) -> None:
        self.rate, self.burst, self.headers = per_second, burst, headers
        self.level, self.stamp = burst, time.monotonic()
        self.lock = threading.Lock()
        self.served = 0
        self.refused = 0
        self.bodies: list[dict[str, Any]] = []
        self.script: list[tuple[int, dict[str, Any]]] = []

    def handle(self, request: httpx2.Request) -> httpx2.Response:
        body = json.loads(request.content)
        with self.lock:
            self.bodies.append(body)
            if self.script:
                status, payload = self.script.pop(0)
                return httpx2.Response(status, json=payload)
            now = time.monotonic()
            self.level = min(self.burst, self.level + (now - self.stamp) * self.rate)
            self.stamp = now
            admitted = self.level >= 1
            if admitted:
                self.level -= 1
                self.served += 1
            else:
                self.refused += 1
            missing = self.burst - self.level
            headers = {
                "x-ratelimit-limit-requests": str(int(self.burst)),
                "x-ratelimit-remaining-requests": str(max(0, int(self.level))),
                "x-ratelimit-reset-requests": f"{missing / self.rate * 1000:.0f}ms",
            }
            wait = (1 - self.level) / self.rate
        extra = headers if self.headers else {}
        if not admitted:
            body = {"error": {"message": "Rate limit reached", "type": "requests"}}
            return httpx2.Response(
                429, json=body, headers={"retry-after-ms": f"{wait * 1000:.0f}", **extra}
            )
        content = json.dumps(_summary_of(body))
        completion = {
            "id": "chatcmpl-1",
            "object": "chat.completion",
            "created": 0,
            "model": body["model"],
            "choices": [
                {
                    "index": 0,
                    "finish_reason": "stop",
                    "message": {"role": "assistant", "content": content},
                }
            ],
            "usage": {"prompt_tokens": 100, "completion_tokens": 20, "total_tokens": 120},
        }
        return httpx2.Response(200, json=completion, headers=extra)

    def client(self, *, max_retries: int = 2) -> openai.OpenAI:
        http = httpx2.Client(transport=httpx2.MockTransport(self.handle))
        url = "http://limited.test/v1"
        return openai.OpenAI(base_url=url, api_key="x", http_client=http, max_retries=max_retries)

    def async_client(self) -> openai.AsyncOpenAI:
        http = httpx2.AsyncClient(transport=httpx2.MockTransport(self.handle))
        return openai.AsyncOpenAI(base_url="http://limited.test/v1", api_key="x", http_client=http)


def _summary_of(body: dict[str, Any]) -> dict[str, Any]:
    if "top_lines" in json.dumps(body.get("response_format") or body["messages"][0]):
        return {"top_lines": [{"text": "The day.", "stories": [1]}]}
    return VALID


@pytest.fixture(scope="module")
def articles() -> list[Article]:
    from briefer.brief import group_stories

    return [g.lead for g in group_stories(read_articles([BRIEF_DAY]).articles)][:12]


def _call(client: Any, limiter: RateLimiter | None = None, **settings: Any) -> Any:
    return call_structured(
        client,
        settings=CallSettings(model="m", mode="json_object", **settings),
        messages=MESSAGES,
        output_type=SummaryContent,
        limiter=limiter,
    )


# ---- 429s -----------------------------------------------------------------------------------


def test_a_429_is_retried_after_the_servers_wait_and_the_call_succeeds() -> None:
    client = FakeClient([rate_limit_error(retry_after=0.01), VALID])
    result = _call(client)
    assert len(client.calls) == 2
    assert result.value.lede == VALID["lede"]


def test_the_readme_example_of_a_rate_limited_first_reply_now_succeeds(seed_text: str) -> None:
    client = FakeClient([rate_limit_error(retry_after=0.01), VALID])
    summary = Briefer(client=client, model="any", mode="prompt").summarize(seed_text)
    assert len(client.calls) == 2
    assert summary.metadata.attempts == 1  # retries after 429s are not re-asks


def test_a_429_past_the_runs_deadline_is_a_model_error_after_one_request() -> None:
    client = FakeClient([rate_limit_error(retry_after=5)])
    with pytest.raises(ModelAPIError, match="429") as caught:
        _call(client, RateLimiter(deadline=1))
    assert caught.value.status_code == 429
    assert len(client.calls) == 1


def test_an_exhausted_quota_is_not_retried() -> None:
    quota = rate_limit_error(0.01, "You exceeded your current quota", code="insufficient_quota")
    client = FakeClient([quota, VALID])
    with pytest.raises(ModelAPIError, match="quota"):
        _call(client)
    assert len(client.calls) == 1


def test_a_probe_of_a_mode_is_still_retried_after_a_429() -> None:
    client = FakeClient([rate_limit_error(retry_after=0.01), VALID])
    result = call_structured(
        client, model="m", messages=MESSAGES, output_type=SummaryContent
    )  # mode auto: the first request probes json_schema
    assert [c.mode for c in client.calls] == ["json_schema", "json_schema"]
    assert result.mode == "json_schema"


def test_a_429_holds_back_calls_that_start_during_the_pause() -> None:
    refused_at: list[float] = []
    seen: list[float] = []

    def handler(_: FakeRequest) -> Any:
        seen.append(time.monotonic())
        if not refused_at:
            refused_at.append(time.monotonic())
            return rate_limit_error(retry_after=0.3)
        return VALID

    limiter = RateLimiter()
    client = FakeClient(handler=handler)
    first = threading.Thread(target=_call, args=(client, limiter))
    first.start()
    while not refused_at:
        time.sleep(0.001)
    _call(client, limiter)  # another call, started after the 429: it waits too
    first.join()
    assert len(seen) == 3
    assert all(t - refused_at[0] >= 0.29 for t in seen[1:])
    assert limiter.status().rate_limited == 1


def test_concurrency_halves_on_a_429_and_grows_back_when_clear() -> None:
    limiter = RateLimiter(concurrency=8)
    _call(FakeClient([rate_limit_error(retry_after=0.01), VALID]), limiter)
    assert limiter.status().concurrency == 4
    for _ in range(4):
        _call(FakeClient([VALID]), limiter)
    assert limiter.status().concurrency == 5


# ---- the SDK's own retries --------------------------------------------------------------------


def test_sdk_retries_are_replaced_not_multiplied() -> None:
    server = LimitedServer(100)
    server.script = [(503, {"error": {"message": "overloaded"}})] * 5
    with pytest.raises(ModelAPIError, match="503"):
        _call(server.client(max_retries=1))
    assert len(server.bodies) == 2  # one request and the client's one retry


def test_a_probe_retries_a_503_but_moves_on_at_a_format_refusal() -> None:
    server = LimitedServer(100)
    server.script = [(503, {"error": {"message": "overloaded"}})]
    result = call_structured(
        server.client(), model="m", messages=MESSAGES, output_type=SummaryContent
    )
    assert [b["response_format"]["type"] for b in server.bodies] == ["json_schema"] * 2
    assert result.mode == "json_schema"

    refusing = LimitedServer(100)
    refusing.script = [(500, {"error": {"message": "Input should be 'text' or 'json_object'"}})]
    result = call_structured(
        refusing.client(), model="m", messages=MESSAGES, output_type=SummaryContent
    )
    assert [b["response_format"]["type"] for b in refusing.bodies] == [
        "json_schema",
        "json_object",
    ]
    assert result.mode == "json_object"


# ---- limits ------------------------------------------------------------------------------------


def test_limits_are_learnt_from_the_servers_headers() -> None:
    server = LimitedServer(per_second=10, burst=10)
    limiter = RateLimiter()
    client = server.client()
    for _ in range(3):
        _call(client, limiter)
    status = limiter.status()
    assert status.requests_per_minute == pytest.approx(600, rel=0.2)
    assert status.tokens_per_minute is None


def test_a_brief_at_a_servers_limit_loses_no_article(articles: list[Article]) -> None:
    server = LimitedServer(per_second=40, burst=2)
    with Briefer(client=server.client(), model="m", mode="json_object", concurrency=8) as b:
        brief = b.brief(articles)
    assert brief.not_included == []
    assert len(brief.stories) == len(articles)
    assert server.served == len(articles) + 1


async def test_an_async_brief_at_a_servers_limit_loses_no_article(
    articles: list[Article],
) -> None:
    server = LimitedServer(per_second=40, burst=2, headers=False)
    client = server.async_client()
    briefer = Briefer(client=client, model="m", mode="json_object", concurrency=8)
    brief = await briefer.abrief(articles)
    await client.close()
    assert brief.not_included == []
    assert server.refused > 0  # no headers, no rpm: only 429s tell the limit
    assert briefer.rate_limiter.status().rate_limited == server.refused


def test_rpm_set_by_the_user_keeps_requests_under_a_server_without_headers(
    articles: list[Article],
) -> None:
    server = LimitedServer(per_second=25, burst=3, headers=False)
    briefer = Briefer(client=server.client(), model="m", mode="json_object", rpm=20 * 60)
    brief = briefer.brief(articles)
    assert brief.not_included == []
    assert server.refused == 0


def test_tpm_counts_prompt_and_output_limit_and_waits_when_spent() -> None:
    limiter = RateLimiter(tpm=600)  # 10 tokens a second
    statuses: list[RateStatus] = []
    limiter.subscribe(statuses.append)
    client = FakeClient([VALID, VALID])
    for _ in range(2):
        _call(client, limiter, max_output_tokens=5)
    assert limiter.status().tokens_per_minute == 600
    assert any(s.cause == "tokens per minute" and s.waiting for s in statuses)
    assert statuses[-1].waiting == 0


async def test_sync_threads_and_an_event_loop_share_one_limiter() -> None:
    limiter = RateLimiter(rpm=60 * 50)
    sync_client, async_client = FakeClient(), AsyncFakeClient()

    def in_thread() -> None:
        for _ in range(3):
            call_structured(
                sync_client,
                settings=CallSettings(model="m", mode="prompt"),
                messages=MESSAGES,
                output_type=SummaryContent,
                limiter=limiter,
            )

    thread = threading.Thread(target=in_thread)
    thread.start()
    for _ in range(3):
        await acall_structured(
            async_client,
            settings=CallSettings(model="m", mode="prompt"),
            messages=MESSAGES,
            output_type=SummaryContent,
            limiter=limiter,
        )
    await asyncio.to_thread(thread.join)
    assert len(sync_client.calls) == len(async_client.calls) == 3
    assert limiter.status().waiting == 0


@pytest.mark.parametrize(
    "kwargs",
    [
        pytest.param({"rpm": 0}, id="rpm-zero"),
        pytest.param({"tpm": -5}, id="tpm-negative"),
        pytest.param({"rpm": float("inf")}, id="rpm-infinite"),
        pytest.param({"rate_deadline": -1}, id="deadline-negative"),
        pytest.param({"rate_deadline": float("nan")}, id="deadline-nan"),
    ],
)
def test_bad_rate_settings_are_usage_errors(kwargs: dict[str, Any]) -> None:
    with pytest.raises(UsageError):
        Briefer(client=FakeClient(), model="m", **kwargs)
