"""The waiting state reaches the brief's progress line, and a real rate-limited server."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bench import ratelimit
from briefer.cli._brief import _Progress
from briefer.llm import RateLimiter, RateStatus


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


def test_the_progress_line_says_when_calls_wait_on_the_rate_limit(
    capsys: pytest.CaptureFixture[str],
) -> None:
    progress = _Progress(RateLimiter())
    progress(3, 10)
    progress._on_rate(_status(4, "tokens per minute"))
    waiting = capsys.readouterr().err.split("\r")[-1]
    assert waiting.startswith("[#########.....................] 3/10 stories")
    assert "waiting on the rate limit (tokens per minute)" in waiting
    progress._on_rate(_status(0, None))
    assert "waiting" not in capsys.readouterr().err.split("\r")[-1]
    progress.close()


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
