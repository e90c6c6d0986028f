"""Sections: the model files a story in the story call, the offline engine by word lists;
``sections`` chooses and orders them."""

from __future__ import annotations

import datetime as dt
import sys
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support import ROOT

from briefer import Briefer, BriefOptions
from briefer.brief import DEFAULT_SECTIONS, classify_section, parse_sections
from briefer.errors import UsageError
from briefer.llm import response_schema
from briefer.schema import Article, SummaryContent
from briefer.testing import FakeClient, FakeRequest, computed_reply

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import sections as bench_sections  # noqa: E402

DATE = dt.date(2026, 11, 25)


def _article(title: str, text: str) -> Article:
    return Article(title=title, text=f"{title}\n\n{text}", source=f"{title[:10]}.txt")


SPORT = _article(
    "United held to a draw",
    "A late penalty earned United a 2-2 draw on Saturday. The striker scored in stoppage time "
    "and the league table tightened at the top.",
)
SCIENCE = _article(
    "Vaccine trial cuts infections",
    "Researchers said the vaccine cut infections by half in a clinical trial of 9,000 patients, "
    "published in a medical journal on Monday.",
)
POLITICS = _article(
    "Senate passes spending bill",
    "Lawmakers in the Senate voted 70-30 to pass the bill, which the opposition party called a "
    "gift to donors before the election.",
)


@pytest.mark.parametrize("which", ["test", "existing"])
def test_the_offline_classifier_files_held_out_articles_right(which: str) -> None:
    result = bench_sections.measure(which)
    assert result.total >= 30
    assert result.accuracy >= 0.9, result.confusion


def test_the_labelled_articles_cover_every_section_in_each_set() -> None:
    for which in ("dev", "test"):
        labels = {item.label for item in bench_sections.load(which)}
        assert labels == set(DEFAULT_SECTIONS)


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        pytest.param("sport,world", ("sport", "world"), id="order-kept"),
        pytest.param("Sports, Health", ("sport", "science"), id="aliases"),
        pytest.param(["tech", "arts", "tech"], ("technology", "culture"), id="list-deduped"),
        pytest.param("science_and_health", ("science",), id="long-name"),
    ],
)
def test_sections_are_read_by_id_or_usual_name(names: Any, expected: tuple[str, ...]) -> None:
    assert parse_sections(names) == expected


@pytest.mark.parametrize("names", ["weather", "sport,,gossip", "", " , "])
def test_an_unknown_or_empty_section_list_is_a_usage_error(names: str) -> None:
    with pytest.raises(UsageError, match="section"):
        parse_sections(names)


@pytest.mark.parametrize(
    ("given", "section"),
    [
        pytest.param("sport", "sport", id="id"),
        pytest.param("Sports", "sport", id="plural-capital"),
        pytest.param("science & health", "science", id="title"),
        pytest.param("Entertainment", "culture", id="alias"),
        pytest.param("horoscopes", None, id="unknown-is-none"),
        pytest.param(7, None, id="not-a-string"),
    ],
)
def test_a_section_the_model_names_loosely_is_folded_not_refused(
    given: object, section: str | None
) -> None:
    assert SummaryContent(lede="x", section=given).section == section


def test_the_section_the_model_sees_is_one_small_required_enum() -> None:
    schema = response_schema(SummaryContent)
    prop = schema["properties"]["section"]
    assert prop["enum"] == list(DEFAULT_SECTIONS) and prop["type"] == "string"
    assert "section" in schema["required"]
    # A reply without it (the offline engine, an older cache entry) is still valid.
    assert SummaryContent.model_validate({"lede": "x"}).section is None


def test_the_offline_engine_files_stories_with_the_classifier() -> None:
    brief = Briefer().brief([SPORT, SCIENCE, POLITICS], date=DATE)
    filed = {s.title: (s.section, s.section_from) for s in brief.stories}
    assert filed == {
        SPORT.title: ("sport", "classifier"),
        SCIENCE.title: ("science", "classifier"),
        POLITICS.title: ("politics", "classifier"),
    }
    assert [section.id for section in brief.sections] == ["politics", "science", "sport"]


def test_the_model_files_the_story_in_the_story_call() -> None:
    def handler(request: FakeRequest) -> Any:
        reply = computed_reply(request)
        if "stories" not in request.user_text:
            reply["section"] = "culture"  # the model's view wins over the word lists
        return reply

    briefer = Briefer(client=FakeClient(handler=handler), model="fake")
    brief = briefer.brief([SPORT], date=DATE)
    assert (brief.stories[0].section, brief.stories[0].section_from) == ("culture", "model")


def test_chosen_sections_come_in_the_order_given_and_the_rest_are_listed_apart() -> None:
    options = BriefOptions(sections=("sport", "politics"))
    brief = Briefer().brief([SCIENCE, POLITICS, SPORT], date=DATE, options=options)
    assert [s.id for s in brief.sections] == ["sport", "politics"]
    assert [s.title for s in brief.stories] == [SPORT.title, POLITICS.title]
    assert [m.title for m in brief.more_stories] == [SCIENCE.title]
    assert "not chosen" in brief.more_stories[0].reason
    assert brief.metadata.omitted == 1


def test_a_section_filter_skips_the_calls_of_stories_it_leaves_out() -> None:
    client = FakeClient()
    options = BriefOptions(sections=("sport",))
    Briefer(client=client, model="fake").brief(
        [SCIENCE, POLITICS, SPORT], date=DATE, options=options
    )
    fenced = [c.fenced_text or "" for c in client.calls]
    assert any(SPORT.text.strip() in text for text in fenced)
    assert not any(SCIENCE.text.strip() in text for text in fenced)


def test_a_story_the_model_files_outside_the_chosen_sections_is_left_out() -> None:
    def handler(request: FakeRequest) -> Any:
        reply = computed_reply(request)
        if "stories" not in request.user_text:
            reply["section"] = "business"
        return reply

    options = BriefOptions(sections=("sport",))
    brief = Briefer(client=FakeClient(handler=handler), model="fake").brief(
        [SPORT], date=DATE, options=options
    )
    assert brief.stories == []
    assert "filed by the model under Business" in brief.more_stories[0].reason


def test_classify_section_reads_the_headline_and_the_opening() -> None:
    assert classify_section(SPORT) == "sport"
    # No cue of any section strongly enough: other.
    assert classify_section(Article(text="Something happened somewhere today.")) == "other"


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400), st.text(max_size=120) | st.none())
def test_any_text_gets_exactly_one_known_section(text: str, title: str | None) -> None:
    section = classify_section(Article(text=text or " ", title=title))
    assert section in DEFAULT_SECTIONS
