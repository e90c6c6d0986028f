"""The waiting state reaches the brief's progress line, and a real rate-limited server."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest

from bench import ratelimit
from briefer.cli._progress import Progress
from briefer.llm import RateStatus


def _status(waiting: int, cause: str | None) -> RateStatus:
    return RateStatus(
        waiting=waiting,
        cause=cause,
        paused_for=0.0,
        requests_per_minute=600.0,
        tokens_per_minute=None,
        concurrency=8,
        rate_limited=0,
    )


def test_the_status_line_says_when_calls_wait_on_the_rate_limit() -> None:
    progress = Progress(io.StringIO(), clock=lambda: 0.0, width=200, refresh=False)
    progress.on_stories(3, 10)
    progress.on_rate(_status(4, "tokens per minute"))
    line = progress.render()
    assert line.startswith("[######..............] 3/10 stories")
    assert "waiting on the rate limit (tokens per minute)" in line
    progress.on_rate(_status(0, None))
    assert "waiting" not in progress.render()


@pytest.fixture(scope="module")
def server() -> Iterator[ratelimit.LimitedServer]:
    with ratelimit.LimitedServer(rps=40, tps=100_000, delay=0.0, max_seconds=120) as stub:
        yield stub


def test_a_brief_against_the_rate_limited_bench_server_loses_nothing(
    server: ratelimit.LimitedServer,
) -> None:
    result = ratelimit.measure_briefer(server, 30, 16)
    assert result.lost == 0
    assert result.served == 31


def test_the_bench_server_refuses_beyond_its_limits_with_the_apis_headers(
    server: ratelimit.LimitedServer,
) -> None:
    import json
    import urllib.error
    import urllib.request

    server.reset()
    body = json.dumps({"model": "m", "messages": [], "max_tokens": 60_000}).encode()
    url = server.base_url + "/chat/completions"
    with urllib.request.urlopen(urllib.request.Request(url, data=body), timeout=10) as first:
        assert first.headers["x-ratelimit-limit-requests"] == "40"
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(urllib.request.Request(url, data=body), timeout=10)
    assert refused.value.code == 429
    assert int(refused.value.headers["retry-after-ms"]) > 0
    assert int(refused.value.headers["x-ratelimit-remaining-tokens"]) < 60_000  # too few
    refused.value.close()
