"""Continuity: a brief given the previous one marks each story new, updated or continuing,
says what changed, lists what dropped out, and keeps story keys across outlets and days."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from support import DATA

from briefer import Briefer
from briefer.articles import read_articles
from briefer.brief._record import load_brief, save_last_brief
from briefer.errors import UsageError
from briefer.schema import DailyBrief, Story

DAYS = DATA / "brief_days"
TUESDAY = dt.date(2026, 11, 24)
WEDNESDAY = dt.date(2026, 11, 25)


@pytest.fixture(scope="module")
def yesterday() -> DailyBrief:
    articles = read_articles([DAYS / "day1"]).articles
    return Briefer().brief(articles, date=TUESDAY, title="Tuesday")


@pytest.fixture(scope="module")
def today(yesterday: DailyBrief) -> DailyBrief:
    articles = read_articles([DAYS / "day2"]).articles
    # Through JSON, as the next day's run reads it.
    since = DailyBrief.model_validate_json(yesterday.model_dump_json())
    return Briefer().brief(articles, date=WEDNESDAY, title="Wednesday", since=since)


def _story(brief: DailyBrief, word: str) -> Story:
    return next(s for s in brief.stories if word in s.title)


def test_every_story_is_new_updated_or_continuing(today: DailyBrief) -> None:
    statuses = {s.title: s.status for s in today.stories}
    assert statuses["Kalvos ferry toll rises to 21 as search ends"] == "updated"
    assert statuses["Budget passes after late-night vote"] == "updated"
    assert statuses["RSV vaccine cuts infant hospital admissions by 70% in large trial"] == "new"
    assert statuses["Storm warning for western coasts on Thursday"] == "new"
    assert today.continuity is not None
    c = today.continuity
    assert (c.since_title, c.since_date) == ("Tuesday", TUESDAY)
    assert c.new + c.updated + c.continuing == len(today.stories)


def test_a_story_told_by_other_outlets_keeps_its_key(
    yesterday: DailyBrief, today: DailyBrief
) -> None:
    before = _story(yesterday, "ferry")
    after = _story(today, "ferry")
    assert not {s.article_id for s in before.sources} & {s.article_id for s in after.sources}
    assert after.key == before.key == after.anchor


def test_an_updated_story_says_which_figures_changed(today: DailyBrief) -> None:
    ferry = _story(today, "ferry")
    assert ferry.changes is not None
    changed = [(n.before, n.after) for n in ferry.changes.changed_numbers]
    assert ("At least 17 people", "21") in changed
    assert ferry.changes.new_quotes and ferry.changes.new_claims
    assert ferry.changes.previous_title == "At least 17 dead after ferry overturns near Kalvos"


def test_stories_no_longer_told_are_listed_as_dropped(today: DailyBrief) -> None:
    assert today.continuity is not None
    dropped = [link.title for link in today.continuity.dropped]
    assert dropped == ["Harbourside Film Festival opens with Icelandic thriller"]


def test_the_same_day_again_is_all_continuing() -> None:
    articles = read_articles([DAYS / "day2"]).articles
    first = Briefer().brief(articles, date=WEDNESDAY)
    again = Briefer().brief(articles, date=WEDNESDAY, since=first)
    assert {s.status for s in again.stories} == {"continuing"}
    assert [s.key for s in again.stories] == [s.key for s in first.stories]
    assert again.continuity is not None and again.continuity.dropped == []


def test_a_brief_from_before_keys_and_terms_still_serves_as_since(yesterday: DailyBrief) -> None:
    old = yesterday.model_dump(mode="json")
    for story in old["stories"]:
        for field in ("key", "anchor", "terms", "score", "source_views", "section"):
            story.pop(field, None)
    for field in ("sections", "more_stories", "continuity"):
        old.pop(field, None)
    articles = read_articles([DAYS / "day2"]).articles
    brief = Briefer().brief(articles, date=WEDNESDAY, since=DailyBrief.model_validate(old))
    assert _story(brief, "ferry").status == "updated"
    assert all(s.key and s.anchor == s.key for s in brief.stories)


@pytest.mark.parametrize(
    "key", ['"><script>alert(1)</script>', "Capital Letters", "-leading-dash", "x" * 200]
)
def test_a_key_from_a_previous_brief_is_kept_only_if_it_is_a_plain_slug(
    yesterday: DailyBrief, key: str
) -> None:
    tampered = yesterday.model_copy(deep=True)
    for story in tampered.stories:
        story.key = key
    articles = read_articles([DAYS / "day2"]).articles
    brief = Briefer().brief(articles, date=WEDNESDAY, since=tampered)
    for story in brief.stories:
        assert story.key != key
        assert story.anchor.replace("-", "").isalnum() and story.anchor.islower()


def test_the_last_brief_record_round_trips(yesterday: DailyBrief, tmp_path: Path) -> None:
    path = save_last_brief(yesterday, tmp_path / "last-brief.json")
    assert path is not None
    assert load_brief(path) == yesterday


@pytest.mark.parametrize(
    ("content", "message"),
    [
        pytest.param(None, "does not exist", id="missing"),
        pytest.param(b"\xff\xfe not text", "cannot read", id="not-utf8"),
        pytest.param(b"{not json", "is not a brief's JSON", id="not-json"),
        pytest.param(b'{"stories": []}', "is not a brief's JSON", id="no-title"),
        pytest.param(b"[1, 2]", "is not a brief's JSON", id="a-list"),
    ],
)
def test_a_bad_previous_brief_is_one_clear_usage_error(
    tmp_path: Path, content: bytes | None, message: str
) -> None:
    path = tmp_path / "yesterday.json"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(UsageError, match=message):
        load_brief(path)
