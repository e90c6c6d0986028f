"""The per-source view: what each outlet of a story carries that the others do not, cited."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from support import BRIEF_DAY

from briefer import Briefer, BriefOptions
from briefer.articles import read_articles
from briefer.schema import Article, DailyBrief, Story
from briefer.testing import FakeClient
from briefer.text import split_sentences

DATE = dt.date(2026, 11, 25)


@pytest.fixture(scope="module")
def swap() -> list[Article]:
    return read_articles(sorted(BRIEF_DAY.glob("ukraine_prisoner_swap_*.txt"))).articles


def _story(brief: DailyBrief) -> Story:
    (story,) = brief.stories
    return story


def test_every_source_of_a_story_gets_a_view_and_the_lead_comes_first(
    swap: list[Article],
) -> None:
    story = _story(Briefer().brief(swap, date=DATE))
    views = story.source_views
    assert [v.source.article_id for v in views] == [s.article_id for s in story.sources]
    assert [v.role for v in views] == ["lead", "independent", "independent"]
    assert views[0].method == "summary"
    assert {v.method for v in views[1:]} == {"extract"}


def test_what_a_source_adds_is_in_its_own_article_at_the_sentence_cited(
    swap: list[Article],
) -> None:
    story = _story(Briefer().brief(swap, date=DATE))
    by_id = {a.id: a for a in swap}
    added = 0
    for view in story.source_views:
        sentences = split_sentences(by_id[view.source.article_id].text)
        for item in view.adds:
            added += 1
            assert item.sentence is not None
            said = " ".join(sentences[item.sentence - 1].text.split())
            assert " ".join(item.text.split()) in said
    assert added >= 3


def test_an_item_every_source_carries_is_nobody_s_addition(swap: list[Article]) -> None:
    story = _story(Briefer().brief(swap, date=DATE))
    everywhere = "until the last one returns"  # quoted by all three outlets
    for view in story.source_views:
        assert not any(everywhere in item.text for item in view.adds)
    assert all(v.shared >= 1 for v in story.source_views)


def test_a_republished_copy_adds_nothing_and_names_what_it_copies() -> None:
    text = (
        "The Old Mill bridge in Sandvik will close for eight months from March for repairs to "
        "its rusting steel frame, the roads agency said on Monday. A ferry will run every 20 "
        "minutes while it is shut."
    )
    original = Article(text=text, title="Bridge to close", url="https://wire.example/bridge")
    copy = Article(text=text + " Ferry tickets will be free.", title="Sandvik bridge shut")
    story = _story(Briefer().brief([original, copy], date=DATE))
    copied = next(v for v in story.source_views if v.role == "copy")
    assert copied.adds == []
    assert copied.copy_of is not None


def test_per_source_off_shows_no_view(swap: list[Article]) -> None:
    brief = Briefer().brief(swap, date=DATE, options=BriefOptions(per_source="off"))
    assert _story(brief).source_views == []


def test_per_source_model_summarizes_each_other_source_and_the_estimate_counts_it(
    swap: list[Article],
) -> None:
    options = BriefOptions(per_source="model")
    client = FakeClient()
    brief = Briefer(client=client, model="fake").brief(swap, date=DATE, options=options)
    story = _story(brief)
    assert [v.method for v in story.source_views] == ["summary", "model", "model"]
    # One summary per article (the lead's and the two others'), then the top lines.
    assert len(client.calls) == 4 == brief.metadata.calls
    plan = Briefer(engine="model", model="gpt-4o-mini").estimate(swap, options=options)
    kinds = [c.kind for c in plan.calls]
    assert kinds == ["chunk", "source chunk", "source chunk", "top_lines"]
    plain = Briefer(engine="model", model="gpt-4o-mini").estimate(swap)
    assert plan.estimated_cost_usd is not None and plain.estimated_cost_usd is not None
    assert plan.estimated_cost_usd > plain.estimated_cost_usd


def test_a_failed_source_summary_falls_back_to_the_extractor(swap: list[Article]) -> None:
    from briefer.testing import FakeRequest, computed_reply, server_error

    lead = max(swap, key=lambda a: len(a.text.strip()))

    def handler(request: FakeRequest) -> Any:
        fenced = request.fenced_text or ""
        if fenced and "Story 1:" not in fenced and fenced.strip() != lead.text.strip():
            return server_error(500)
        return computed_reply(request)

    briefer = Briefer(client=FakeClient(handler=handler), model="fake", max_reasks=0)
    brief = briefer.brief(swap, date=DATE, options=BriefOptions(per_source="model"))
    assert [v.method for v in _story(brief).source_views] == ["summary", "extract", "extract"]
    assert brief.not_included == []


def test_the_cost_limit_makes_source_summaries_fall_back_to_the_extractor(
    swap: list[Article],
) -> None:
    prices = {"pricey": {"input": 1.0, "output": 1.0}}
    options = BriefOptions(per_source="model")
    planner = Briefer(engine="model", model="pricey", prices=prices)
    calls = planner.estimate(swap, options=options).calls
    lead_only = sum(c.prompt_tokens + c.max_output_tokens for c in calls if c.kind == "chunk")
    client = FakeClient()
    brief = Briefer(client=client, model="pricey", prices=prices).brief(
        swap, date=DATE, options=options, max_cost=lead_only / 1e6
    )
    story = _story(brief)
    assert [v.method for v in story.source_views] == ["summary", "extract", "extract"]
    assert brief.not_included == []
    assert len(client.calls) == 1  # the lead's summary only: no source call, no top lines
