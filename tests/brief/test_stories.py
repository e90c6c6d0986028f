from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st
from support import BRIEF_DAY, BRIEF_GROUPS

from briefer.brief import StoryGroup, canonical_url, group_stories
from briefer.errors import UsageError
from briefer.schema import Article

FOLDER = BRIEF_DAY


def _load(name: str) -> Article:
    title, _, body = (FOLDER / name).read_text(encoding="utf-8").partition("\n\n")
    return Article(text=body, title=title.strip(), source=name)


def _day() -> list[Article]:
    return [_load(path.name) for path in sorted(FOLDER.glob("*.txt"))]


def _sources(groups: list[StoryGroup]) -> list[list[str | None]]:
    return [[a.source for a in group.articles] for group in groups]


def _multi(groups: list[StoryGroup]) -> list[list[str]]:
    return sorted(sorted(str(a.source) for a in g.articles) for g in groups if len(g.articles) > 1)


def test_fixture_day_has_the_planted_shape() -> None:
    articles = _day()
    word_counts = [len(a.text.split()) for a in articles]
    assert len(articles) >= 30
    assert min(word_counts) >= 80 and max(word_counts) <= 250


def test_fixture_day_groups_exactly_the_planted_duplicates() -> None:
    expected = json.loads(BRIEF_GROUPS.read_text())["groups"]
    assert _multi(group_stories(_day())) == sorted(sorted(g) for g in expected)


def test_rewrites_by_three_outlets_are_one_story() -> None:
    names = ["ukraine_prisoner_swap_wire.txt", "ecb_holds_rates_wire.txt"]
    names += ["ukraine_prisoner_swap_daily.txt", "ukraine_prisoner_swap_broadcast.txt"]
    groups = group_stories([_load(n) for n in names])
    assert _sources(groups) == [
        [
            "ukraine_prisoner_swap_wire.txt",
            "ukraine_prisoner_swap_daily.txt",
            "ukraine_prisoner_swap_broadcast.txt",
        ],
        ["ecb_holds_rates_wire.txt"],
    ]


def test_different_stories_on_one_topic_stay_apart() -> None:
    names = [
        "ukraine_prisoner_swap_wire.txt",
        "ukraine_pow_abuse_report.txt",
        "ukraine_odesa_drone_strike.txt",
        "ukraine_eu_energy_aid.txt",
    ]
    assert _sources(group_stories([_load(n) for n in names])) == [[n] for n in names]


def test_rewrites_stay_apart_at_threshold_one_but_copies_do_not() -> None:
    names = ["cup_semifinal_report.txt", "cup_semifinal_local.txt"]
    names += ["library_reopens.txt", "library_reopens_copy.txt"]
    groups = group_stories([_load(n) for n in names], threshold=1.0)
    assert _sources(groups) == [[names[0]], [names[1]], names[2:]]


def test_same_text_with_other_white_space_is_one_story() -> None:
    a = Article(text="Storm  Fenella\nbrings gusts of 80 mph to the coast.")
    b = Article(text="Storm Fenella brings gusts\n\nof 80 mph to the coast.", source="b")
    assert _sources(group_stories([a, b])) == [[None, "b"]]


def test_same_canonical_url_is_one_story_even_with_different_text() -> None:
    a = Article(text="First version of the story.", url="https://www.example.com/news/1/")
    b = Article(
        text="Updated version, now rewritten.", url="HTTPS://example.com/news/1?utm_source=x"
    )
    assert [g.articles for g in group_stories([a, b])] == [(b, a)]


def test_lead_is_the_longest_article_and_others_keep_input_order() -> None:
    short = _load("ecb_holds_rates_radio.txt")
    wire = _load("ecb_holds_rates_wire.txt")
    business = _load("ecb_holds_rates_business.txt")
    (group,) = group_stories([short, wire, business])
    assert len(wire.text) > len(business.text) > len(short.text)
    assert (group.lead, group.articles, group.id) == (wire, (wire, short, business), wire.id)


def test_lead_on_equal_length_is_the_first() -> None:
    a = Article(text="Same words here.", source="a")
    b = Article(text="Same words here.", source="b")
    (group,) = group_stories([a, b])
    assert group.lead.source == "a"


def test_stories_follow_the_input_order_of_their_leads() -> None:
    radio = _load("ecb_holds_rates_radio.txt")
    storm = _load("storm_warning.txt")
    wire = _load("ecb_holds_rates_wire.txt")
    # The ECB story's lead is the wire copy (longest), which comes after the storm.
    assert _sources(group_stories([radio, storm, wire])) == [
        ["storm_warning.txt"],
        ["ecb_holds_rates_wire.txt", "ecb_holds_rates_radio.txt"],
    ]


def test_grouping_does_not_depend_on_input_order() -> None:
    articles = _day()
    assert _multi(group_stories(articles[::-1])) == _multi(group_stories(articles))


def test_story_ids_are_stable_across_runs() -> None:
    first = [g.id for g in group_stories(_day())]
    assert first == [g.id for g in group_stories(_day())]
    assert len(set(first)) == len(first)


def test_no_articles_means_no_stories() -> None:
    assert group_stories([]) == []


def test_article_of_only_stop_words_is_its_own_story() -> None:
    a = Article(text="It was said that they would.")
    b = Article(text="And then there were none of them.")
    assert _sources(group_stories([a, b])) == [[None], [None]]


@pytest.mark.parametrize("threshold", [-0.1, 1.5])
def test_threshold_outside_zero_to_one_is_a_usage_error(threshold: float) -> None:
    with pytest.raises(UsageError):
        group_stories([], threshold=threshold)


@given(st.lists(st.text(max_size=200), max_size=12))
def test_every_article_lands_in_exactly_one_story(texts: list[str]) -> None:
    articles = [Article(text=t, source=str(i)) for i, t in enumerate(texts)]
    placed = sorted(int(str(a.source)) for g in group_stories(articles) for a in g.articles)
    assert placed == list(range(len(texts)))


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        pytest.param("HTTPS://WWW.Example.COM/News/A", "https://example.com/News/A", id="case"),
        pytest.param("https://example.com:443/a", "https://example.com/a", id="https-port"),
        pytest.param("http://example.com:80/a", "http://example.com/a", id="http-port"),
        pytest.param("http://example.com:8080/a", "http://example.com:8080/a", id="other-port"),
        pytest.param("https://example.com/a/#comments", "https://example.com/a", id="fragment"),
        pytest.param("https://example.com/", "https://example.com", id="root-slash"),
        pytest.param(
            "https://example.com/a?utm_source=tw&b=2&fbclid=x&a=1&gclid=y&UTM_Medium=z",
            "https://example.com/a?a=1&b=2",
            id="tracking-and-sort",
        ),
        pytest.param("https://example.com/a?q=", "https://example.com/a?q=", id="blank-value"),
        pytest.param("  /relative/path ", "/relative/path", id="not-absolute"),
        pytest.param("http://[::1", "http://[::1", id="malformed"),
    ],
)
def test_canonical_url(url: str, canonical: str) -> None:
    assert canonical_url(url) == canonical


@given(st.text(max_size=80))
def test_canonical_url_is_idempotent(url: str) -> None:
    once = canonical_url(url)
    assert canonical_url(once) == once
