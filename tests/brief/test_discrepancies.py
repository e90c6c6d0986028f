"""Discrepancies: different figures, dates, places, names or outcomes for the same thing,
each side quoted from its own article; look-alikes that agree are left alone."""

from __future__ import annotations

import datetime as dt
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support import BRIEF_DAY, ROOT

from briefer import Briefer
from briefer.articles import read_articles
from briefer.brief import group_stories
from briefer.brief._copies import copy_sources
from briefer.brief._discrepancies import article_discrepancies, story_discrepancies
from briefer.schema import Article
from briefer.text import split_sentences

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import sections_discrepancies as pairs  # noqa: E402

PLANTED = pairs.load("planted.txt")
CONSISTENT = pairs.load("consistent.txt")


def test_there_are_enough_pairs_of_each_kind() -> None:
    assert len(PLANTED) >= 30 and len(CONSISTENT) >= 30
    assert {p.category for p in PLANTED} == {"number", "date", "place", "name", "outcome"}


@pytest.mark.parametrize("pair", PLANTED, ids=[p.id for p in PLANTED])
def test_a_planted_disagreement_is_found_with_both_values(pair: pairs.Pair) -> None:
    found = article_discrepancies(pair.a, pair.b)
    assert any(pairs._hit(d, pair) for d in found), [[s.value for s in d.statements] for d in found]
    kinds = {d.kind for d in found if pairs._hit(d, pair)}
    assert pair.category in kinds or (pair.category, kinds) == ("number", {"outcome"})


@pytest.mark.parametrize("pair", CONSISTENT, ids=[p.id for p in CONSISTENT])
def test_statements_that_only_look_different_are_not_reported(pair: pairs.Pair) -> None:
    assert article_discrepancies(pair.a, pair.b) == []


@pytest.mark.parametrize("split", ["test", "blind"])
def test_the_measured_precision_and_recall_hold_on_the_held_out_pairs(split: str) -> None:
    score = pairs.measure(split)
    assert score.planted >= 12
    assert score.recall >= 0.85
    assert score.precision >= 0.9


@pytest.mark.parametrize("pair", PLANTED[:8], ids=[p.id for p in PLANTED[:8]])
def test_each_statement_is_a_sentence_of_its_own_article(pair: pairs.Pair) -> None:
    by_id = {pair.a.id: pair.a, pair.b.id: pair.b}
    for found in article_discrepancies(pair.a, pair.b):
        for statement in found.statements:
            article = by_id[statement.source.article_id]
            sentence = split_sentences(article.text)[statement.sentence - 1]
            assert (statement.start, statement.end) == (sentence.start, sentence.end)
            assert statement.value in article.text[statement.start : statement.end]


def test_stories_whose_outlets_agree_are_not_marked() -> None:
    articles = read_articles([BRIEF_DAY]).articles
    for group in group_stories(articles):
        copies = copy_sources(group.articles)
        assert story_discrepancies(group.articles, copies) == [], group.lead.title


def test_a_story_with_a_disagreement_is_marked_and_lists_both_sources() -> None:
    swap = read_articles(sorted(BRIEF_DAY.glob("ukraine_prisoner_swap_*.txt"))).articles
    wire = next(a for a in swap if a.source and a.source.endswith("wire.txt"))
    changed = wire.text.replace("90 Russian servicemen", "84 Russian servicemen")
    assert changed != wire.text
    altered = Article(text=changed, title=wire.title, source="altered.txt")
    others = [a for a in swap if a is not wire]
    brief = Briefer().brief([altered, *others], date=dt.date(2026, 11, 25))
    (story,) = brief.stories
    assert story.disputed
    values = {(s.source.source, s.value) for d in story.discrepancies for s in d.statements}
    assert any(src == "altered.txt" and "84" in v for src, v in values)
    assert any(src != "altered.txt" and "90" in v for src, v in values)


def test_copies_are_not_compared_with_what_they_copy() -> None:
    a = Article(text="At least 14 people were killed when the ferry capsized on Sunday.")
    b = Article(text="At least 17 people were killed when the ferry capsized on Sunday.")
    assert story_discrepancies([a, b], [None, 0]) == []
    assert len(story_discrepancies([a, b], [None, None])) == 1


_PIECES = st.sampled_from(
    [*"abcdefgh ,.;:-%$£0123456789ABCDEF\n", "about ", "at least ", " people", " killed",
     " Tuesday", " in Odesa", " 2-1 ", " mph", " voted ", " beat ", " passed the bill", ". "]
)  # fmt: skip
_TEXT = st.lists(_PIECES, max_size=80).map("".join)


@settings(max_examples=150, deadline=None)
@given(_TEXT)
def test_an_article_never_disagrees_with_itself(text: str) -> None:
    article = Article(text=text or " ")
    assert article_discrepancies(article, article.model_copy(update={"id": "twin"})) == []


@settings(max_examples=100, deadline=None)
@given(_TEXT, _TEXT)
def test_any_two_texts_give_grounded_statements(a: str, b: str) -> None:
    first, second = Article(text=a or " ", id="a"), Article(text=b or " ", id="b")
    texts = {"a": first.text, "b": second.text}
    for found in article_discrepancies(first, second):
        assert len(found.statements) >= 2
        for statement in found.statements:
            span = texts[statement.source.article_id][statement.start : statement.end]
            assert " ".join(span.split()) == statement.text
