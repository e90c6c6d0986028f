"""A day's brief under a provider's rate limits, briefer beside a cookbook-style reference loop.

``bench/ratelimit_server.py`` admits 10 requests/s and 20,000 tokens/s (buckets of one
second's worth), answers admitted requests after 200 ms and refuses the rest with 429,
Retry-After and ``x-ratelimit-*`` headers. The same articles go through
``Briefer(...).brief()`` and through ``ratelimit_reference.run_reference`` (the same request
bodies briefer sends), at several concurrencies. Ideal wall time = the larger of the
requests served / 10 and the tokens charged / 20,000 (what the limits allow at best);
efficiency = ideal / measured; lost = articles with no summary in the end.
"""

from __future__ import annotations

import asyncio
import sys
import time
from dataclasses import dataclass
from typing import Any

from bench.throughput import ServerProcess

__all__ = ["LimitedServer", "RateResult", "measure_briefer", "measure_reference"]


class LimitedServer(ServerProcess):
    """``bench.ratelimit_server`` in a subprocess on 127.0.0.1; a context manager."""

    name = "rate-limited server"

    def __init__(
        self,
        rps: float = 10.0,
        tps: float = 20_000.0,
        delay: float = 0.2,
        *,
        headers: bool = True,
        max_seconds: float = 3600.0,
    ) -> None:
        super().__init__()
        self.rps, self.tps, self.delay, self.headers = rps, tps, delay, headers
        self.max_seconds = max_seconds

    def command(self) -> list[str]:
        args = [
            sys.executable,
            "-m",
            "bench.ratelimit_server",
            "--port=0",
            f"--rps={self.rps}",
            f"--tps={self.tps}",
            f"--delay={self.delay}",
            f"--max-seconds={self.max_seconds}",
        ]
        return args if self.headers else [*args, "--no-headers"]

    def stats(self) -> dict[str, Any]:
        return self._request("GET", "/stats")


@dataclass(frozen=True)
class RateResult:
    """One client's run of the workload under the limits."""

    name: str
    concurrency: int
    articles: int
    lost: int
    served: int
    refused: int
    seconds: float
    ideal: float

    @property
    def efficiency(self) -> float:
        return self.ideal / self.seconds if self.seconds else 0.0


def _ideal(server: LimitedServer, stats: dict[str, Any]) -> float:
    return max(stats["served"] / server.rps, stats["charged_tokens"] / server.tps)


def _articles(count: int) -> list[Any]:
    from bench.corpus import distinct_articles
    from briefer.schema import Article

    return [Article(text=a.text, title=a.title, source=a.source) for a in distinct_articles(count)]


def _no_proxy() -> None:
    from bench.throughput import _no_proxy_for_loopback

    _no_proxy_for_loopback()


def measure_briefer(
    server: LimitedServer,
    count: int,
    concurrency: int,
    *,
    rpm: float | None = None,
    tpm: float | None = None,
    label: str = "briefer",
) -> RateResult:
    """``Briefer(client=OpenAI(...), concurrency=...).brief(articles)`` against the server."""
    import openai

    from briefer import Briefer

    _no_proxy()
    items = _articles(count)
    server.reset()
    client = openai.OpenAI(base_url=server.base_url, api_key="x", max_retries=2)
    briefer = Briefer(
        client=client, model="stub", mode="json_schema", concurrency=concurrency, rpm=rpm, tpm=tpm
    )
    started = time.perf_counter()
    try:
        brief = briefer.brief(items)
        seconds = time.perf_counter() - started
    finally:
        briefer.close()
        client.close()
    stats = server.stats()
    return RateResult(
        name=label,
        concurrency=concurrency,
        articles=count,
        lost=len(brief.not_included),
        served=stats["served"],
        refused=stats["refused"],
        seconds=seconds,
        ideal=_ideal(server, stats),
    )


def measure_reference(
    server: LimitedServer, count: int, concurrency: int, *, budget_seconds: float = 60.0
) -> RateResult:
    """The cookbook-style loop over the same request bodies, with the server's own limits."""
    from bench.ratelimit_reference import run_reference
    from bench.throughput import request_bodies

    _no_proxy()
    bodies = request_bodies(_articles(count))
    server.reset()
    result = asyncio.run(
        run_reference(
            server.base_url,
            bodies,
            requests_per_minute=server.rps * 60,
            tokens_per_minute=server.tps * 60,
            concurrency=concurrency,
            budget_seconds=budget_seconds,
        )
    )
    stats = server.stats()
    tuned = "" if budget_seconds == 60 else f", budgets capped at {budget_seconds:g} s"
    return RateResult(
        name=f"cookbook-style reference loop{tuned}",
        concurrency=concurrency,
        articles=count,
        lost=result.failed,
        served=stats["served"],
        refused=stats["refused"],
        seconds=result.seconds,
        ideal=_ideal(server, stats),
    )


# ---- the report ---------------------------------------------------------------------------


def _row(r: RateResult) -> list[str]:
    return [
        r.name,
        str(r.concurrency),
        str(r.articles),
        str(r.lost),
        str(r.served),
        str(r.refused),
        f"{r.seconds:.1f}",
        f"{r.ideal:.1f}",
        f"{r.efficiency:.0%}",
    ]


def report(quick: bool) -> tuple[list[str], list[list[str]], list[str]]:
    """Run the part: the headers, rows and notes of its table (see the module docstring)."""
    count = 20 if quick else 500
    levels = (4, 16) if quick else (4, 16, 64)
    rps, tps = (40.0, 80_000.0) if quick else (10.0, 20_000.0)
    results: list[RateResult] = []
    with LimitedServer(rps=rps, tps=tps) as server:
        measure_briefer(server, 4, 4)  # warm-up: imports, tokenizer, first connections
        for concurrency in levels:
            results.append(measure_briefer(server, count, concurrency))
            results.append(measure_reference(server, count, concurrency, budget_seconds=1))
    with LimitedServer(rps=rps, tps=tps, headers=False) as server:
        results.append(
            measure_briefer(
                server,
                count,
                16,
                rpm=rps * 60,
                tpm=tps * 60,
                label="briefer, no headers, --rpm/--tpm given",
            )
        )
        results.append(
            measure_briefer(server, count, 16, label="briefer, no headers, nothing given")
        )
    cookbook: list[RateResult] = []
    if not quick:  # the cookbook's 15 s pauses make this one slow: fewer articles
        with LimitedServer(rps=rps, tps=tps) as server:
            cookbook.append(measure_briefer(server, 100, 16))
            cookbook.append(measure_reference(server, 100, 16))
    headers = [
        "client",
        "concurrency",
        "articles",
        "lost",
        "requests served",
        "429s",
        "seconds",
        "ideal",
        "efficiency",
    ]
    rows = [_row(r) for r in results + cookbook]
    notes = []
    for r in results:
        if r.name == "briefer":
            ok = r.lost == 0 and r.efficiency >= 0.9
            notes.append(
                f"- rate limits, briefer at concurrency {r.concurrency}: {r.lost} of {r.articles} "
                f"lost, {r.efficiency:.0%} of the ideal (targets 0 lost and >= 90%: "
                f"{'**met**' if ok else '**missed**'})."
            )
    return headers, rows, notes
