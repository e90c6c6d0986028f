"""Daily-brief throughput and the response cache, against the local stub server.

The stub answers every request after a fixed delay, so the ideal wall time of a brief is
known: ceil(articles / concurrency) rounds of one delay each, plus one synthesis call.
Efficiency = ideal / measured. Peers in the same run send the same request bodies with
nothing else to do: a plain ``AsyncOpenAI`` loop (a semaphore and ``asyncio.gather``) and a
raw ``httpx2`` loop (the HTTP library under the SDK, no SDK at all); their ideal has no
synthesis call.
"""

from __future__ import annotations

import asyncio
import inspect
import json
import math
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any, Self

REPO = Path(__file__).resolve().parent.parent
_STUB = Path(__file__).resolve().parent / "stub_server.py"


class ServerProcess:
    """A bench server script in a subprocess on 127.0.0.1 that prints ``PORT n`` when ready;
    a context manager. Subclasses give the command line."""

    name = "server"

    def __init__(self) -> None:
        self.process: subprocess.Popen[str] | None = None
        self.port = 0

    def command(self) -> list[str]:
        raise NotImplementedError

    def __enter__(self) -> Self:
        self.process = subprocess.Popen(self.command(), stdout=subprocess.PIPE, text=True, cwd=REPO)
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        if not line.startswith("PORT "):
            self.process.kill()
            raise RuntimeError(f"the {self.name} did not start: {line!r}")
        self.port = int(line.split()[1])
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
            if self.process.stdout is not None:
                self.process.stdout.close()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def _request(self, method: str, path: str) -> dict[str, Any]:
        req = urllib.request.Request(f"http://127.0.0.1:{self.port}{path}", method=method)
        if method == "POST":
            req.data = b"{}"
        with urllib.request.urlopen(req, timeout=10) as response:
            data: dict[str, Any] = json.loads(response.read())
            return data

    def reset(self) -> None:
        self._request("POST", "/reset")


class StubServer(ServerProcess):
    """The stub server (``bench/stub_server.py``): every reply after a fixed delay."""

    name = "stub server"

    def __init__(self, delay: float = 0.2, max_seconds: float = 900.0) -> None:
        super().__init__()
        self.delay = delay
        self.max_seconds = max_seconds

    def command(self) -> list[str]:
        return [
            sys.executable,
            str(_STUB),
            "--port",
            "0",
            "--delay",
            str(self.delay),
            "--max-seconds",
            str(self.max_seconds),
        ]

    def requests(self) -> int:
        """Chat requests served since the last reset."""
        return int(self._request("GET", "/stats")["requests"])


def _no_proxy_for_loopback() -> None:
    # A proxy set in the environment must not carry loopback traffic.
    for var in ("NO_PROXY", "no_proxy"):
        current = os.environ.get(var, "")
        if "127.0.0.1" not in current:
            os.environ[var] = ",".join(p for p in (current, "127.0.0.1", "localhost") if p)


def _articles(count: int) -> list[Any]:
    from bench.corpus import distinct_articles
    from briefer.schema import Article

    return [Article(text=a.text, title=a.title, source=a.source) for a in distinct_articles(count)]


def _briefer(server: StubServer, *, is_async: bool, concurrency: int, cache: Any = None) -> Any:
    import openai

    from briefer import Briefer

    _no_proxy_for_loopback()
    factory = openai.AsyncOpenAI if is_async else openai.OpenAI
    client = factory(base_url=server.base_url, api_key="x", max_retries=0)
    return Briefer(client=client, model="stub", concurrency=concurrency, cache=cache)


async def _abrief_and_close(briefer: Any, items: list[Any]) -> Any:
    # The async client's connections belong to this event loop: close them inside it.
    try:
        return await briefer.abrief(items)
    finally:
        await briefer.client.close()


def _close(briefer: Any) -> None:
    """Close the client's connections (Briefer leaves the client to its owner)."""
    client = briefer.client
    if not inspect.iscoroutinefunction(client.close):
        client.close()


@dataclass(frozen=True)
class ThroughputResult:
    """One way of summarizing a day's articles."""

    name: str
    articles: int
    stories: int
    calls: int
    requests: int
    seconds: float
    ideal: float

    @property
    def efficiency(self) -> float:
        return self.ideal / self.seconds if self.seconds else 0.0


def ideal_brief_seconds(articles: int, concurrency: int, delay: float) -> float:
    """Rounds of ``concurrency`` calls, one delay each, plus the synthesis call."""
    return math.ceil(articles / concurrency) * delay + delay


def measure_brief(
    server: StubServer, articles: int, *, concurrency: int = 16, is_async: bool = False
) -> ThroughputResult:
    """Wall time of ``Briefer(...).brief(articles)`` against the stub."""
    items = _articles(articles)
    briefer = _briefer(server, is_async=is_async, concurrency=concurrency)
    server.reset()
    started = time.perf_counter()
    try:
        if is_async:
            brief = asyncio.run(_abrief_and_close(briefer, items))
        else:
            brief = briefer.brief(items)
        seconds = time.perf_counter() - started
    finally:
        _close(briefer)
    return ThroughputResult(
        name=f"brief, {'AsyncOpenAI' if is_async else 'OpenAI'}, concurrency {concurrency}",
        articles=articles,
        stories=brief.metadata.stories,
        calls=brief.metadata.calls,
        requests=server.requests(),
        seconds=seconds,
        ideal=ideal_brief_seconds(articles, concurrency, server.delay),
    )


def request_bodies(articles: list[Any]) -> list[dict[str, Any]]:
    """The chat requests briefer sends for ``articles`` (json_schema mode, its output limit)."""
    from briefer import Briefer
    from briefer.llm import shared_response_schema
    from briefer.schema import SummaryContent

    planner = Briefer(engine="model", model="stub")
    response_format = {
        "type": "json_schema",
        "json_schema": {
            "name": "summary_content",
            "strict": True,
            "schema": shared_response_schema(SummaryContent, strict=True),
        },
    }
    return [
        {
            "model": "stub",
            "messages": planner.messages(article, mode="json_schema")[0],
            "max_tokens": planner.max_output_tokens,
            "temperature": 0.0,
            "response_format": response_format,
        }
        for article in articles
    ]


async def _plain_loop(base_url: str, bodies: list[dict[str, Any]], concurrency: int) -> int:
    import openai

    limit = asyncio.Semaphore(concurrency)
    async with openai.AsyncOpenAI(base_url=base_url, api_key="x", max_retries=0) as client:

        async def one(body: dict[str, Any]) -> int:
            async with limit:
                reply = await client.chat.completions.create(**body)
            return len(reply.choices[0].message.content or "")

        return len(await asyncio.gather(*(one(b) for b in bodies)))


async def _raw_loop(base_url: str, bodies: list[dict[str, Any]], concurrency: int) -> int:
    import httpx2

    limit = asyncio.Semaphore(concurrency)
    url = base_url + "/chat/completions"
    pool = httpx2.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx2.AsyncClient(limits=pool, timeout=60) as http:

        async def one(body: dict[str, Any]) -> int:
            async with limit:
                response = await http.post(url, json=body, headers={"Authorization": "Bearer x"})
            return len(response.json()["choices"][0]["message"]["content"])

        return len(await asyncio.gather(*(one(b) for b in bodies)))


def measure_peer(
    server: StubServer, articles: int, *, raw: bool = False, concurrency: int = 16
) -> ThroughputResult:
    """The same requests through a plain AsyncOpenAI loop (or raw httpx2), no briefer."""
    _no_proxy_for_loopback()
    bodies = request_bodies(_articles(articles))
    loop = _raw_loop if raw else _plain_loop
    server.reset()
    started = time.perf_counter()
    asyncio.run(loop(server.base_url, bodies, concurrency))
    seconds = time.perf_counter() - started
    name = "raw httpx2 loop" if raw else "plain AsyncOpenAI loop"
    return ThroughputResult(
        name=f"{name}, concurrency {concurrency}",
        articles=articles,
        stories=articles,
        calls=articles,
        requests=server.requests(),
        seconds=seconds,
        ideal=math.ceil(articles / concurrency) * server.delay,
    )


def measure_grouping(articles: int) -> float:
    """Seconds briefer spends grouping the articles into stories, before its first call."""
    from briefer.brief import group_stories

    items = _articles(articles)
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        group_stories(items)
        best = min(best, time.perf_counter() - started)
    return best


def measure_sequential(server: StubServer, articles: int) -> ThroughputResult:
    """Wall time of summarizing the articles one after another (no brief, no synthesis)."""
    items = _articles(articles)
    briefer = _briefer(server, is_async=False, concurrency=1)
    server.reset()
    started = time.perf_counter()
    try:
        calls = sum(briefer.summarize(a).metadata.calls for a in items)
        seconds = time.perf_counter() - started
    finally:
        _close(briefer)
    return ThroughputResult(
        name="summarize() in a loop, OpenAI",
        articles=articles,
        stories=articles,
        calls=calls,
        requests=server.requests(),
        seconds=seconds,
        ideal=articles * server.delay,
    )


@dataclass(frozen=True)
class CacheResult:
    """The same brief twice with one fresh ResponseCache."""

    articles: int
    first_seconds: float
    first_requests: int
    second_seconds: float
    second_requests: int
    second_calls: int
    second_cached_calls: int

    @property
    def speedup(self) -> float:
        return self.first_seconds / self.second_seconds if self.second_seconds else 0.0


def measure_cache(server: StubServer, articles: int, *, concurrency: int = 16) -> CacheResult:
    """Brief twice with one new cache: the second run should make no model calls."""
    from briefer.cache import ResponseCache

    items = _articles(articles)
    with tempfile.TemporaryDirectory() as tmp:
        cache = ResponseCache(Path(tmp) / "cache.sqlite")
        runs = []
        for _ in range(2):
            briefer = _briefer(server, is_async=False, concurrency=concurrency, cache=cache)
            server.reset()
            started = time.perf_counter()
            try:
                brief = briefer.brief(items)
            finally:
                _close(briefer)
            runs.append((time.perf_counter() - started, server.requests(), brief.metadata))
    (t1, r1, _), (t2, r2, meta2) = runs
    return CacheResult(
        articles=articles,
        first_seconds=t1,
        first_requests=r1,
        second_seconds=t2,
        second_requests=r2,
        second_calls=meta2.calls,
        second_cached_calls=meta2.cached_calls,
    )


def measure_sdk_cpu(server: StubServer, requests: int = 100) -> float:
    """CPU milliseconds the openai SDK alone spends per chat request (client side, 0 ms stub).

    The same request briefer sends for a short article (schema in response_format), sent in
    a loop with nothing else running in this process: the floor under briefer's own cost.
    """
    import openai

    from briefer.llm import shared_response_schema
    from briefer.schema import SummaryContent

    _no_proxy_for_loopback()
    response_format = {
        "type": "json_schema",
        "json_schema": {
            "name": "summary_content",
            "strict": True,
            "schema": shared_response_schema(SummaryContent, strict=True),
        },
    }
    fence = "=====ARTICLE-000000000000====="
    messages = [
        {"role": "system", "content": "Summarize. " * 150},
        {"role": "user", "content": f"{fence}\n{'A short sentence of news. ' * 40}\n{fence}"},
    ]
    with openai.OpenAI(base_url=server.base_url, api_key="x", max_retries=0) as client:
        for _ in range(5):  # warm-up
            client.chat.completions.create(
                model="stub", messages=messages, response_format=response_format, max_tokens=100
            )
        started = time.process_time()
        for _ in range(requests):
            client.chat.completions.create(
                model="stub", messages=messages, response_format=response_format, max_tokens=100
            )
        return (time.process_time() - started) / requests * 1000
