from __future__ import annotations

import json
import random
import re
from itertools import combinations
from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from support import BRIEF_DAY, BRIEF_GROUPS, DATA

from briefer.brief import StoryGroup, canonical_url, group_stories
from briefer.brief._facts import find_facts, parse
from briefer.brief._numbers import compatible
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


# ---- the labelled set: look-alikes stay apart, rewrites are one story ------------------------

STORIES = DATA / "stories"
SPLITS = ("dev", "heldout", "fresh")
KNOWN_MISSES = {
    # A local-angle story (shoppers at the Castlegate store) sharing only the chain's name
    # and its store count with the business report: see tests/data/stories/README.md.
    "fresh/rewrite/retailer_collapse: business_site + local_paper",
}


def _read(path: Path) -> Article:
    title, _, body = path.read_text(encoding="utf-8").partition("\n\n")
    return Article(text=body, title=title.strip(), source=str(path.relative_to(STORIES)))


def _cases(split: str, kind: str) -> list[list[Article]]:
    folders = sorted(p for p in (STORIES / split / kind).iterdir() if p.is_dir())
    return [[_read(path) for path in sorted(f.glob("*.txt"))] for f in folders]


def _merged_pairs(articles: list[Article]) -> set[tuple[str, str]]:
    pairs: set[tuple[str, str]] = set()
    for group in group_stories(articles):
        names = sorted(str(a.source) for a in group.articles)
        pairs.update(combinations(names, 2))
    return pairs


def _label(pair: tuple[str, str]) -> str:
    case = pair[0].rsplit("/", 1)[0]
    return f"{case}: {Path(pair[0]).stem} + {Path(pair[1]).stem}"


@pytest.mark.parametrize("split", SPLITS)
def test_no_look_alike_pair_is_one_story(split: str) -> None:
    cases = _cases(split, "lookalike")
    assert all(len(case) >= 2 for case in cases)
    merged = [_label(p) for case in cases for p in _merged_pairs(case)]
    assert merged == []


@pytest.mark.parametrize("split", SPLITS)
def test_a_day_of_every_case_merges_only_rewrites_of_one_event(split: str) -> None:
    cases = _cases(split, "lookalike") + _cases(split, "rewrite")
    owner = {str(a.source): n for n, case in enumerate(cases) for a in case}
    rewrites = {str(a.source) for case in _cases(split, "rewrite") for a in case}
    merged = _merged_pairs([a for case in cases for a in case])
    wrong = [p for p in merged if owner[p[0]] != owner[p[1]] or p[0] not in rewrites]
    assert wrong == []


def test_rewrites_are_one_story_but_for_the_known_misses() -> None:
    missed = set()
    for split in SPLITS:
        for case in _cases(split, "rewrite"):
            names = sorted(str(a.source) for a in case)
            merged = _merged_pairs(case)
            missed |= {_label(p) for p in combinations(names, 2) if p not in merged}
    assert missed <= KNOWN_MISSES


def test_set_meets_the_targets_of_at_least_40_pairs_each_and_95_percent_recall() -> None:
    look_alikes = rewrites = found = 0
    for split in SPLITS:
        look_alikes += sum(len(c) * (len(c) - 1) // 2 for c in _cases(split, "lookalike"))
        for case in _cases(split, "rewrite"):
            rewrites += len(case) * (len(case) - 1) // 2
            found += len(_merged_pairs(case))
    assert look_alikes >= 40 and rewrites >= 40
    assert found / rewrites >= 0.95


def test_two_councils_approving_different_plans_are_two_stories() -> None:
    folder = STORIES / "dev" / "lookalike" / "council_plans"
    housing, tram = (_read(folder / n) for n in ("westbrook.txt", "eastfield.txt"))
    assert len(group_stories([housing, tram])) == 2


# ---- one template, many events ---------------------------------------------------------

_SLOT = re.compile(r"\{(\w+)\}")


def _template_day(name: str, count: int) -> list[Article]:
    """``count`` different events written from one template (distinct ``unique`` slots)."""
    spec = json.loads((STORIES / "templates" / f"{name}.json").read_text(encoding="utf-8"))
    rng = random.Random(name)
    seen: set[tuple[str, ...]] = set()
    out: list[Article] = []
    while len(out) < count:
        values = {slot: rng.choice(pool) for slot, pool in spec["pools"].items()}
        for slot, parts in spec.get("compound", {}).items():
            values[slot] = "".join(rng.choice(part) for part in parts)
        for slot, lists in spec.get("people", {}).items():
            values[slot] = " ".join(rng.choice(spec[key]) for key in lists)
        for slot, (low, high) in spec["numbers"].items():
            values[slot] = (
                str(rng.randint(low, high))
                if isinstance(low, int)
                else f"{rng.uniform(low, high):.2f}"
            )
        key = tuple(values[slot] for slot in spec["unique"])
        if key not in seen:
            seen.add(key)
            text, title = (_fill(spec[field], values) for field in ("text", "title"))
            out.append(Article(text=text, title=title, source=f"{name}-{len(out)}"))
    return out


def _fill(template: str, values: dict[str, str]) -> str:
    return _SLOT.sub(lambda m: values[m.group(1)], template)


@pytest.mark.parametrize(
    ("template", "count"),
    [("court_sentencing", 200), ("council_vote", 200), ("quarterly_results", 60)],
)
def test_articles_from_one_template_about_different_events_are_each_a_story(
    template: str, count: int
) -> None:
    articles = _template_day(template, count)
    assert len({a.text for a in articles}) == count
    assert len(group_stories(articles)) == count


def test_a_template_copy_with_the_same_names_and_figures_is_one_story() -> None:
    first = _template_day("court_sentencing", 1)[0]
    copy = Article(text=first.text.replace("after an investigation", "following an inquiry"))
    assert len(group_stories([first, copy])) == 1


# ---- what counts as a shared fact ------------------------------------------------------------


def _report(person: str, age: str, years: str, figure: str = "£2.3 million") -> Article:
    return Article(
        text=f"{person}, {age}, of Wellgate, was jailed for {years} at Lincoln Crown Court "
        f"for stealing {figure} from Meadowbank Care Homes. Judge Catherine Moss said "
        f"{person.split()[-1]} had betrayed his employer. Prosecutor Simon Hale said "
        "the fraud came to light when a new finance director joined Meadowbank.",
        source=person,
    )


def test_one_report_written_with_other_figures_spelled_differently_is_one_story() -> None:
    a = _report("Gareth Dalton", "52", "six years")
    b = _report("Gareth Dalton", "52", "6 years", figure="2.3 million pounds")
    assert len(group_stories([a, b])) == 1


def test_another_defendant_with_the_same_surname_and_another_age_is_another_story() -> None:
    a = _report("Gareth Dalton", "52", "six years")
    b = _report("Kevin Dalton", "31", "six years")
    assert len(group_stories([a, b])) == 2


def test_a_short_radio_item_whose_facts_all_appear_in_the_wire_copy_is_one_story() -> None:
    folder = STORIES / "dev" / "rewrite" / "rate_hike"
    wire, radio = (_read(folder / n) for n in ("wire.txt", "radio.txt"))
    assert len(radio.text.split()) < len(wire.text.split()) // 2
    assert len(group_stories([wire, radio])) == 1


def test_one_shared_town_is_not_enough_to_make_two_local_stories_one() -> None:
    a = Article(
        text="Riverton council voted on Tuesday to close the Mill Road library. "
        "Councillor Fiona Marsh said the building was unsafe.",
        source="a",
    )
    b = Article(
        text="A burst water main flooded Queen Street in Riverton on Tuesday, "
        "leaving 3,000 homes without water, engineer Karen Doherty said.",
        source="b",
    )
    assert len(group_stories([a, b])) == 2


def test_words_in_capitals_are_not_taken_for_names() -> None:
    a = Article(
        text="THE CROWN IS GONE. Raiders took the Ealdric Crown from the Harrowby "
        "Museum in Lindfield in FOUR MINUTES, police said.",
        source="a",
    )
    b = Article(
        text="THE CROWN IS GONE. Thieves took a painting from a gallery in Dunmere "
        "in FOUR MINUTES, police said.",
        source="b",
    )
    assert len(group_stories([a, b])) == 2


def test_near_copies_of_an_article_without_names_or_figures_are_one_story() -> None:
    text = (
        "It rained all day and the river rose over the path by the old mill, so the walkers "
        "turned back at the bridge and went home the long way round through the woods."
    )
    edited = text.replace("went home", "walked home")
    assert len(group_stories([Article(text=text), Article(text=edited)])) == 1


@pytest.mark.parametrize(
    ("first", "second"),
    [
        pytest.param("$1.2bn", "1.2 billion dollars", id="scale-and-currency"),
        pytest.param("1,200 million euros", "€1.2 billion", id="million-vs-billion"),
        pytest.param("28,412 fans", "28412 fans", id="thousands-comma"),
        pytest.param("ninety people", "90 people", id="number-word"),
        pytest.param("sixty-two million pounds", "£62m", id="hyphenated-words"),
        pytest.param("five and a half percent", "5.5%", id="and-a-half-percent"),
        pytest.param("on 3 March", "on March 3,", id="day-month"),
        pytest.param("Mar. 3", "3rd of March", id="abbreviated-month"),
        pytest.param("at 2:40 a.m.", "at 2.40am", id="clock"),
    ],
)
def test_one_figure_spelled_two_ways_is_one_fact(first: str, second: str) -> None:
    assert _number_keys(first) == _number_keys(second) != set()


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("the A47 near Swaffham", id="road-number"),
        pytest.param("two people were hurt", id="small-number-word"),
        pytest.param("the 14th exchange", id="ordinal-counts-but-has-no-unit"),
    ],
)
def test_figures_that_say_little_are_no_facts_or_weak_ones(text: str) -> None:
    weights = find_facts(parse(text)).weights
    assert all(w < 1.0 for k, w in weights.items() if k.startswith("#:"))


@given(st.integers(min_value=1_000, max_value=10**9))
def test_a_number_with_or_without_thousands_commas_is_one_fact(n: int) -> None:
    assert _number_keys(f"{n:,} votes") == _number_keys(f"{n} votes")


@given(st.integers(min_value=11, max_value=10**6), st.integers(min_value=11, max_value=10**6))
def test_two_precise_figures_agree_only_when_one_rounds_to_the_other(a: int, b: int) -> None:
    assume(a != b)
    close = compatible(a, b)
    rounder, other = sorted((a, b), key=lambda v: len(str(v).rstrip("0")))
    digits = len(str(rounder).rstrip("0"))
    assert close == (float(f"{other:.{digits}g}") == rounder)


def _number_keys(text: str) -> set[str]:
    return {k for k in find_facts(parse(text)).weights if k[:2] in ("#:", "d:", "t:")}
