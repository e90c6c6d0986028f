"""Ranking: stories told by more independent outlets, placed higher in feeds and newer come
first; every score is explained; ``max_stories`` cuts before any call."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support import BRIEF_DAY

from briefer import Briefer, BriefOptions
from briefer.articles import read_articles
from briefer.brief import group_stories
from briefer.brief._rank import rank_groups
from briefer.errors import UsageError
from briefer.schema import Article
from briefer.testing import FakeClient, FakeRequest, computed_reply

DATE = dt.date(2026, 11, 25)
WIRE = (
    "Dockworkers at the port of Halden walked out on Monday in a dispute over night shifts, "
    "halting the loading of 14 container ships, the union said. The port authority said it "
    "would meet union leaders on Wednesday."
)


def _rewrite(n: int) -> Article:
    # Three outlets telling the strike in their own words.
    texts = [
        "Port workers in Halden went on strike on Monday over changes to night shifts, leaving "
        "14 container ships waiting, according to their union.",
        "A strike by Halden dockers over night-shift rosters stopped work on 14 container ships "
        "on Monday; talks with the port authority are set for Wednesday.",
        "Halden's port came to a standstill on Monday as dockworkers struck over night shifts, "
        "with 14 container ships left unloaded, the dockers' union said.",
    ]
    return Article(text=texts[n], title=f"Halden port strike {n}", source=f"outlet{n}.example")


BRIDGE = (
    "The Old Mill bridge in Sandvik will close for eight months from March for repairs to its "
    "rusting steel frame, the roads agency said on Monday. A ferry will run every 20 minutes."
)


def _copies() -> list[Article]:
    # One wire story republished by three sites (one trims the last sentence): one source.
    texts = [BRIDGE, BRIDGE, BRIDGE.rsplit(" A ferry", 1)[0]]
    return [
        Article(text=t, title=f"Sandvik bridge to close {n}", url=f"https://site{n}.example/a")
        for n, t in enumerate(texts)
    ]


def _story(brief: object, title: str) -> object:
    stories = brief.stories  # type: ignore[attr-defined]
    return next(s for s in stories if any(ref.title == title for ref in s.sources))


def test_independent_outlets_outrank_republished_copies() -> None:
    lone = Article(text="A cat was rescued from a tree on Monday.", title="Cat rescued")
    rewrites = [_rewrite(n) for n in range(3)]
    brief = Briefer().brief([lone, *_copies(), *rewrites], date=DATE)
    told: Any = _story(brief, "Halden port strike 0")
    copied: Any = _story(brief, "Sandvik bridge to close 0")
    assert told.rank == 1
    assert [v.role for v in copied.source_views] == ["lead", "copy", "copy"]
    assert told.score is not None and copied.score is not None
    assert (told.score.independent_sources, told.score.sources) == (3, 3)
    assert (copied.score.independent_sources, copied.score.sources) == (1, 3)
    assert told.score.total > copied.score.total


def test_every_score_lists_its_parts_and_they_add_up() -> None:
    articles = read_articles([BRIEF_DAY]).articles
    brief = Briefer().brief(articles, date=DATE)
    for story in brief.stories:
        assert story.score is not None
        parts = story.score.parts
        assert [p.name for p in parts] == ["coverage"]  # no feed positions or dates here
        assert story.score.total == pytest.approx(sum(p.points for p in parts), abs=1e-3)
        assert all(p.basis for p in parts)
    assert sorted(s.rank for s in brief.stories) == list(range(1, len(brief.stories) + 1))


def test_feed_position_and_date_count_when_the_articles_give_them() -> None:
    top = Article(text="Storm floods the old town.", title="Storm", position=1, published=DATE)
    buried = Article(
        text="Library extends its opening hours.", title="Library", position=9, published=DATE
    )
    old = Article(
        text="Council repaints the town hall.",
        title="Paint",
        position=1,
        published=DATE - dt.timedelta(days=3),
    )
    ranked = rank_groups(group_stories([buried, old, top]), DATE)
    assert [r.group.lead.title for r in ranked] == ["Storm", "Paint", "Library"]
    parts = {p.name: p for p in ranked[0].score.parts}
    assert set(parts) == {"coverage", "prominence", "recency"}
    assert sum(p.weight for p in parts.values()) == pytest.approx(1.0, abs=1e-3)
    assert parts["prominence"].basis == "item 1 of the feed"
    assert ranked[1].score.parts[2].value == 0.125  # three days old: halved three times


def test_max_stories_keeps_the_best_ranked_and_makes_no_call_for_the_rest() -> None:
    articles = [*(_rewrite(n) for n in range(3)), Article(text="A cat was rescued from a tree.")]
    client = FakeClient()
    options = BriefOptions(max_stories=1)
    brief = Briefer(client=client, model="fake").brief(articles, date=DATE, options=options)
    assert len(brief.stories) == 1 and brief.stories[0].title.startswith("Halden port strike")
    assert [m.reason for m in brief.more_stories] == ["beyond the 1 best-ranked stories"]
    assert not any("cat was rescued" in (c.fenced_text or "") for c in client.calls)
    plan = Briefer(engine="model", model="gpt-4o-mini").estimate(articles, options=options)
    assert (plan.stories, plan.summarized) == (2, 1)
    assert len(client.calls) == len(plan.calls)


@pytest.mark.parametrize("bad", [0, -3])
def test_max_stories_below_one_is_a_usage_error(bad: int) -> None:
    with pytest.raises(UsageError, match="max_stories"):
        BriefOptions(max_stories=bad)


def test_top_lines_follow_the_ranking_and_cite_stories_by_anchor() -> None:
    lone = Article(text="A cat was rescued from a tree on Monday.", title="Cat rescued")
    brief = Briefer().brief([lone, *(_rewrite(n) for n in range(3))], date=DATE)
    anchors = {s.anchor: s for s in brief.stories}
    assert [anchors[line.stories[0]].rank for line in brief.top_lines] == [1, 2]
    assert all(len(line.stories) == 1 for line in brief.top_lines)


def test_model_top_lines_are_ordered_by_the_best_ranked_story_they_cite() -> None:
    lone = Article(text="A cat was rescued from a tree on Monday.", title="Cat rescued")
    reply = {
        "top_lines": [
            {"text": "A cat is safe.", "stories": [2]},
            {"text": "Halden's port is on strike.", "stories": [1]},
        ]
    }

    def handler(request: FakeRequest) -> Any:
        if "numbered most important first" in request.user_text:
            return reply
        return computed_reply(request)

    brief = Briefer(client=FakeClient(handler=handler), model="fake").brief(
        [lone, *(_rewrite(n) for n in range(3))], date=DATE
    )
    by_anchor = {s.anchor: s for s in brief.stories}
    assert [line.text for line in brief.top_lines] == [
        "Halden's port is on strike.",
        "A cat is safe.",
    ]
    cited = [by_anchor[line.stories[0]] for line in brief.top_lines]
    assert [s.rank for s in cited] == [1, 2]
    assert cited[1].title == "Cat rescued"


def test_a_model_top_line_that_cites_no_story_is_left_out() -> None:
    reply = {
        "top_lines": [
            {"text": "Something unsourced.", "stories": []},
            {"text": "A story that is not there.", "stories": [9]},
            {"text": "Halden's port is on strike.", "stories": [1]},
        ]
    }

    def handler(request: FakeRequest) -> Any:
        if "numbered most important first" in request.user_text:
            return reply
        return computed_reply(request)

    brief = Briefer(client=FakeClient(handler=handler), model="fake").brief(
        [_rewrite(n) for n in range(3)], date=DATE
    )
    assert [line.text for line in brief.top_lines] == ["Halden's port is on strike."]


def test_when_no_model_top_line_cites_a_story_the_ledes_stand_in() -> None:
    def handler(request: FakeRequest) -> Any:
        if "numbered most important first" in request.user_text:
            return {"top_lines": [{"text": "Vague.", "stories": []}]}
        return computed_reply(request)

    brief = Briefer(client=FakeClient(handler=handler), model="fake").brief(
        [_rewrite(n) for n in range(3)], date=DATE
    )
    assert [line.stories for line in brief.top_lines] == [[brief.stories[0].anchor]]
    assert brief.top_lines[0].text != "Vague."


_STORY = st.builds(
    Article,
    text=st.text(alphabet="abcdefghij klmnop.", min_size=1, max_size=120),
    title=st.none() | st.text(alphabet="abcdef ", max_size=20),
    position=st.none() | st.integers(min_value=1, max_value=50),
    published=st.none() | st.dates(min_value=dt.date(2026, 1, 1), max_value=dt.date(2026, 12, 31)),
)


@settings(max_examples=100, deadline=None)
@given(st.lists(_STORY, max_size=12))
def test_ranks_are_one_to_n_and_scores_stay_between_zero_and_one(articles: list[Article]) -> None:
    ranked = rank_groups(group_stories(articles), DATE)
    assert [r.rank for r in ranked] == list(range(1, len(ranked) + 1))
    totals = [r.score.total for r in ranked]
    assert totals == sorted(totals, reverse=True)
    for r in ranked:
        assert 0.0 <= r.score.total <= 1.0
        assert 1 <= r.score.independent_sources <= r.score.sources == len(r.group.articles)
