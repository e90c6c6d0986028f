"""The daily brief: stories, summaries, top lines, indexes, failures, cost, cache, concurrency."""

from __future__ import annotations

import datetime as dt
import json
import threading
from pathlib import Path
from typing import Any

import pytest
from support import BRIEF_DAY, BRIEF_GROUPS

from briefer import Briefer
from briefer.articles import read_articles
from briefer.cache import ResponseCache
from briefer.errors import UsageError
from briefer.render import render_brief
from briefer.schema import Article, DailyBrief
from briefer.testing import FakeClient, FakeRequest, computed_reply, server_error

DAY = BRIEF_DAY
EXPECTED = json.loads(BRIEF_GROUPS.read_text(encoding="utf-8"))
DATE = dt.date(2026, 11, 25)


@pytest.fixture(scope="module")
def day() -> list[Article]:
    result = read_articles([DAY])
    assert not result.failures
    return result.articles


@pytest.fixture(scope="module")
def distinct(day: list[Article]) -> list[Article]:
    """One article per story, so counts of calls and stories are simple."""
    from briefer.brief import group_stories

    return [group.lead for group in group_stories(day)]


def _story_files(brief: DailyBrief) -> list[set[str]]:
    return [{s.source or "" for s in story.sources} for story in brief.stories]


def test_offline_brief_makes_one_story_per_event(day: list[Article]) -> None:
    brief = Briefer().brief(day, date=DATE)
    groups = _story_files(brief)
    for expected in EXPECTED["groups"]:
        assert set(expected) in groups
    listed = {name for group in EXPECTED["groups"] for name in group}
    singles = {a.source for a in day} - listed
    assert len(brief.stories) == len(EXPECTED["groups"]) + len(singles)
    assert brief.metadata.engine == "offline"
    assert len(brief.top_lines) == 7


def test_every_item_cites_its_source_article(day: list[Article]) -> None:
    brief = Briefer().brief(day, date=DATE)
    story_sources = {s.source for story in brief.stories for s in story.sources}
    assert brief.experts, "the test day quotes named experts"
    for expert in brief.experts:
        assert expert.source.source in story_sources
    for line in brief.top_lines:
        assert line.sources and all(s.source in story_sources for s in line.sources)
    for who in brief.whos_who:
        assert who.stories


def test_model_brief_uses_one_synthesis_call_for_top_lines(day: list[Article]) -> None:
    client = FakeClient()
    brief = Briefer(client=client, model="fake").brief(day[:6], date=DATE, title="Morning")
    synthesis = [c for c in client.calls if c.user_text.startswith("Write three to seven")]
    assert len(synthesis) == 1
    assert brief.title == "Morning"
    assert brief.top_lines and all(line.sources for line in brief.top_lines)
    assert brief.metadata.attempts == len(client.calls)


def test_a_failing_article_is_listed_and_the_rest_is_kept(distinct: list[Article]) -> None:
    victim = distinct[3]

    def handler(request: FakeRequest) -> Any:
        if request.fenced_text == victim.text:
            return server_error(503, "overloaded")
        return computed_reply(request)

    brief = Briefer(client=FakeClient(handler=handler), model="fake").brief(distinct[:8], date=DATE)
    assert [n.source for n in brief.not_included] == [victim.label]
    assert "503" in brief.not_included[0].reason
    assert len(brief.stories) == 7
    assert brief.metadata.failed == 1


def test_unreadable_inputs_are_listed_not_fatal(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text("Title\n\nThe mayor opened the new bridge on Monday.")
    (tmp_path / "bad.txt").write_bytes(b"\x00\x01\x02binary")
    read = read_articles([tmp_path])
    brief = Briefer().brief(read.articles, failures=read.failures, date=DATE)
    assert len(brief.stories) == 1
    assert [(n.source, n.reason) for n in brief.not_included] == [
        (str(tmp_path / "bad.txt"), "binary file, not text")
    ]


def test_max_cost_stops_before_a_call_would_pass_it(distinct: list[Article]) -> None:
    client = FakeClient()
    prices = {"pricey": {"input": 1000.0, "output": 1000.0}}
    brief = Briefer(client=client, model="pricey", prices=prices).brief(
        distinct[:5], max_cost=1.0, date=DATE
    )
    assert brief.stories == []
    assert len(brief.not_included) == 5
    assert all("limit of $1.00" in n.reason for n in brief.not_included)
    assert client.calls == []


def test_max_cost_reserves_exactly_what_the_estimate_prices(distinct: list[Article]) -> None:
    prices = {"pricey": {"input": 1.0, "output": 1.0}}
    story = distinct[0]

    def briefer(**kwargs: Any) -> Briefer:
        return Briefer(client=FakeClient(), model="pricey", prices=prices, **kwargs)

    for reask in (False, True):
        calls = briefer(grounding_reask=reask).estimate([story]).calls
        # $1 per million tokens, in and out: the story's calls cost their token bounds.
        story_calls = [c for c in calls if c.kind != "top_lines"]
        story_cost = sum(c.prompt_tokens + c.max_output_tokens for c in story_calls) / 1e6
        # The top-lines call follows the story's: a limit of the story's estimate lets the
        # story run and stops only there; a hair less skips the story itself.
        ran = briefer(grounding_reask=reask).brief([story], max_cost=story_cost, date=DATE)
        skipped = briefer(grounding_reask=reask).brief(
            [story], max_cost=story_cost * 0.999, date=DATE
        )
        assert len(ran.stories) == 1
        assert skipped.stories == []


def test_the_estimate_counts_the_grounding_reask(distinct: list[Article]) -> None:
    plain = Briefer(engine="model", model="gpt-4o-mini").estimate(distinct[:3])
    reask = Briefer(engine="model", model="gpt-4o-mini", grounding_reask=True).estimate(
        distinct[:3]
    )
    assert [c.kind for c in reask.calls].count("ground_reask") == 3
    assert all(c.conditional for c in reask.calls if c.kind == "ground_reask")
    assert plain.estimated_cost_usd is not None and reask.estimated_cost_usd is not None
    assert reask.estimated_cost_usd > plain.estimated_cost_usd


def test_a_briefer_without_a_client_plans_but_does_not_call(distinct: list[Article]) -> None:
    briefer = Briefer(engine="model", model="gpt-4o-mini")
    assert briefer.estimate(distinct[0]).calls
    with pytest.raises(UsageError, match="no client"):
        briefer.summarize(distinct[0])


def test_a_second_run_is_served_from_the_cache(day: list[Article], tmp_path: Path) -> None:
    cache = ResponseCache(tmp_path / "cache.sqlite3")
    first_client = FakeClient()
    first = Briefer(client=first_client, model="fake", cache=cache).brief(day[:5], date=DATE)
    second_client = FakeClient()
    second = Briefer(client=second_client, model="fake", cache=cache).brief(day[:5], date=DATE)
    assert len(first_client.calls) == first.metadata.attempts == first.metadata.calls > 0
    assert second_client.calls == []
    assert second.metadata.attempts == 0
    assert second.metadata.cached_calls == second.metadata.calls == first.metadata.calls
    assert second.metadata.usage.total_tokens == 0
    assert [s.summary.lede for s in second.stories] == [s.summary.lede for s in first.stories]


def test_calls_run_concurrently_up_to_the_bound(distinct: list[Article]) -> None:
    in_flight = 0
    peak = 0
    lock = threading.Lock()
    gate = threading.Barrier(4, timeout=10)

    def handler(request: FakeRequest) -> Any:
        nonlocal in_flight, peak
        with lock:
            in_flight += 1
            peak = max(peak, in_flight)
        try:
            if request.fenced_text and not request.user_text.startswith("Write three"):
                gate.wait()  # four calls must be in flight together to pass
            return computed_reply(request)
        finally:
            with lock:
                in_flight -= 1

    Briefer(client=FakeClient(handler=handler), model="fake", concurrency=4).brief(distinct[:8])
    assert peak == 4


def test_html_brief_escapes_markup_from_articles() -> None:
    evil = Article(
        text="Officials met. <script>alert('x')</script> “We agree,” said Jane Doe, a minister.",
        title="<script>alert(1)</script> Summit",
        source="evil.txt",
    )
    html = render_brief(Briefer().brief([evil], date=DATE), "html")
    assert "<script>" not in html
    assert "&lt;script&gt;" in html


def test_brief_json_is_the_dailybrief_dump(day: list[Article]) -> None:
    brief = Briefer().brief(day[:3], date=DATE)
    assert DailyBrief.model_validate_json(render_brief(brief, "json")) == brief


def test_dry_run_plans_calls_without_calling(day: list[Article]) -> None:
    from briefer import plan_brief

    client = FakeClient()
    plan = plan_brief(Briefer(client=client, model="gpt-4o-mini"), day)
    assert client.calls == []
    assert plan.duplicates == len(day) - plan.stories > 0
    assert len(plan.calls) >= plan.stories + 1
    assert plan.estimated_cost_usd is not None and plan.estimated_cost_usd > 0


async def test_a_whole_day_with_latency_and_failures_keeps_every_other_story(
    day: list[Article],
) -> None:
    failing = {a.text for a in day if a.source in ("rsv_vaccine_trial.txt", "hallam_job_cuts.txt")}
    attempts: dict[str, int] = {}

    def handler(request: FakeRequest) -> Any:
        text = request.fenced_text or ""
        attempts[text] = attempts.get(text, 0) + 1
        if text in failing:
            return "this is not JSON"  # invalid every time: fails after the re-asks
        return computed_reply(request)

    from briefer.testing import AsyncFakeClient

    client = AsyncFakeClient(handler=handler, latency=0.01)
    brief = await Briefer(client=client, model="fake", concurrency=8).abrief(day, date=DATE)
    groups = (
        len(EXPECTED["groups"])
        + len({a.source for a in day})
        - sum(len(g) for g in EXPECTED["groups"])
    )
    assert len(brief.stories) == groups - 2
    assert (
        sorted(n.reason.split(":")[0] for n in brief.not_included)
        == ["the reply was not valid after 2 re-asks"] * 2
    )
    assert all(attempts[t] == 3 for t in failing)
    assert brief.metadata.failed == 2
    assert brief.metadata.attempts == len(client.calls)


async def test_long_articles_in_a_brief_still_send_at_most_concurrency_calls() -> None:
    from briefer.testing import AsyncFakeClient

    in_flight = peak = 0

    async def slow_reply(request: FakeRequest) -> Any:
        return computed_reply(request)

    client = AsyncFakeClient(latency=0.02)
    original = client.chat.completions.create

    async def counting(**kwargs: Any) -> Any:
        nonlocal in_flight, peak
        in_flight += 1
        peak = max(peak, in_flight)
        try:
            return await original(**kwargs)
        finally:
            in_flight -= 1

    client.chat.completions.create = counting  # type: ignore[method-assign]
    long = [
        Article(text=" ".join(f"Story {n} sentence {i} about the harbour." for i in range(120)))
        for n in range(3)
    ]
    await Briefer(client=client, model="fake", concurrency=2, chunk_tokens=150).abrief(long)
    assert peak == 2


def test_an_unexpected_error_in_one_story_is_listed_not_fatal(distinct: list[Article]) -> None:
    victim = distinct[1]

    def handler(request: FakeRequest) -> Any:
        if request.fenced_text == victim.text:
            raise RuntimeError("bug in a custom client")
        return computed_reply(request)

    brief = Briefer(client=FakeClient(handler=handler), model="fake").brief(distinct[:3])
    assert len(brief.stories) == 2
    assert brief.not_included[0].reason == (
        "unexpected error (RuntimeError: bug in a custom client)"
    )


async def test_brief_inside_a_running_event_loop_asks_for_abrief(day: list[Article]) -> None:
    from briefer import UsageError

    with pytest.raises(UsageError, match="abrief"):
        Briefer().brief(day[:1])
