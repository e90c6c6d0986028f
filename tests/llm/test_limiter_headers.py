"""Reading rate-limit headers: Go durations, x-ratelimit-* buckets, Retry-After in every form."""

from __future__ import annotations

import email.utils
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from briefer.llm import parse_duration, read_rate_headers


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        pytest.param("6m0s", 360.0, id="minutes-and-seconds"),
        pytest.param("1s", 1.0, id="seconds"),
        pytest.param("20ms", 0.02, id="milliseconds"),
        pytest.param("1.5s", 1.5, id="fraction"),
        pytest.param("17.21s", 17.21, id="openai-tokens"),
        pytest.param("1h2m3s", 3723.0, id="hours"),
        pytest.param("250us", 0.00025, id="microseconds"),
        pytest.param("250\u00b5s", 0.00025, id="micro-sign"),
        pytest.param("0s", 0.0, id="zero"),
        pytest.param("12", 12.0, id="plain-seconds"),
        pytest.param(" 0.5 ", 0.5, id="plain-with-spaces"),
    ],
)
def test_durations_are_read_as_providers_write_them(text: str, seconds: float) -> None:
    assert parse_duration(text) == pytest.approx(seconds)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("", id="empty"),
        pytest.param("soon", id="words"),
        pytest.param("-1s", id="negative"),
        pytest.param("-5", id="negative-number"),
        pytest.param("1x", id="unknown-unit"),
        pytest.param("1s garbage", id="trailing"),
        pytest.param("s", id="unit-only"),
        pytest.param("inf", id="infinite"),
        pytest.param("nan", id="nan"),
        pytest.param("9" * 80, id="too-long"),
        pytest.param("100h", id="beyond-two-days"),
    ],
)
def test_unreadable_durations_are_none(text: str) -> None:
    assert parse_duration(text) is None


@given(
    st.integers(0, 47),
    st.integers(0, 59),
    st.integers(0, 59),
    st.integers(0, 999),
)
def test_any_go_duration_reads_back_to_its_seconds(h: int, m: int, s: int, ms: int) -> None:
    parts = [f"{h}h" if h else "", f"{m}m" if m else "", f"{s}s" if s else "", f"{ms}ms"]
    assert parse_duration("".join(parts)) == pytest.approx(h * 3600 + m * 60 + s + ms / 1000)


@given(st.text(max_size=40))
def test_any_text_gives_a_duration_or_none_never_an_error(text: str) -> None:
    value = parse_duration(text)
    assert value is None or 0 <= value <= 2 * 86400


def test_both_buckets_are_read_whatever_the_case_of_the_names() -> None:
    headers = read_rate_headers(
        {
            "X-RateLimit-Limit-Requests": "500",
            "x-ratelimit-remaining-requests": "499",
            "x-ratelimit-reset-requests": "120ms",
            "x-ratelimit-limit-tokens": "200000",
            "x-ratelimit-remaining-tokens": "190000",
            "x-ratelimit-reset-tokens": "3s",
        }
    )
    assert headers.requests.limit == 500 and headers.requests.remaining == 499
    assert headers.requests.rate == pytest.approx(1 / 0.12)
    assert headers.tokens.rate == pytest.approx(10_000 / 3)
    assert headers.retry_after is None


def test_a_full_bucket_tells_no_rate() -> None:
    headers = read_rate_headers(
        {
            "x-ratelimit-limit-requests": "10",
            "x-ratelimit-remaining-requests": "10",
            "x-ratelimit-reset-requests": "0s",
        }
    )
    assert headers.requests.rate is None


@pytest.mark.parametrize(
    ("headers", "seconds"),
    [
        pytest.param({"retry-after": "2"}, 2.0, id="seconds"),
        pytest.param({"Retry-After": "0.25"}, 0.25, id="fraction"),
        pytest.param({"retry-after-ms": "150", "retry-after": "9"}, 0.15, id="ms-first"),
        pytest.param({"retry-after": "soon"}, None, id="unreadable"),
        pytest.param({"retry-after": "-3"}, None, id="negative"),
        pytest.param({}, None, id="absent"),
    ],
)
def test_retry_after_in_its_forms(headers: dict[str, str], seconds: float | None) -> None:
    assert read_rate_headers(headers).retry_after == seconds


def test_retry_after_as_an_http_date_is_seconds_from_now() -> None:
    later = email.utils.formatdate(time.time() + 30, usegmt=True)
    wait = read_rate_headers({"retry-after": later}).retry_after
    assert wait is not None and 25 <= wait <= 31


def test_headers_that_are_not_a_mapping_read_as_nothing() -> None:
    assert read_rate_headers(None).empty
    assert read_rate_headers({"x-ratelimit-limit-requests": "many"}).requests.limit is None
