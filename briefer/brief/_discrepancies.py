"""Discrepancies: where two sources of one story state different things about the same thing.

Every sentence of each independent source is read for facts (:mod:`briefer.brief._figures`:
quantities, dates, tallies; :mod:`briefer.brief._slots`: places, agents, people's names,
outcomes). Two facts from different sources are about *the same thing* only when all of
these hold: they measure the same dimension (a count of the same kind of thing, a percentage,
money in one currency, a speed in any unit...); neither is a part of a whole the other is not
("four of the 21"), nor a rate against a total ("90 each" against "180 in all"), nor of another
period ("this year" against "next year"); what happened to it matches ("killed" against
"killed or hurt" does not); and their sentences share enough words around them.

They *disagree* when no reading of both can be true: rounding ("2,000" and "1,950"), the
approximations and bounds the wording gives ("about 3,000" and "2,870"; "more than 200" and
"214"; "up to 80 mph" and "75 mph") and unit conversions ("80 mph" and "130 km/h") all leave
room. A planted disagreement the tests (``tests/data/discrepancies``) and the benchmark
measure recall and precision on.

Each discrepancy quotes both sentences from their own articles, with sentence numbers and
offsets: both statements are grounded in the article that makes them by construction.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from itertools import combinations

from briefer.brief._context import Fact, content_stems
from briefer.brief._figures import sentence_facts
from briefer.brief._indexes import ref
from briefer.brief._slots import name_facts, same_name
from briefer.schema import Article, Discrepancy, DiscrepancyKind, Statement
from briefer.text import Sentence

__all__ = ["MAX_DISCREPANCIES", "article_discrepancies", "story_discrepancies"]

MAX_DISCREPANCIES = 6
"""Discrepancies listed per story."""

_CONVERTED = {"speed", "length", "mass", "temperature"}
_TRENDS = frozenset({"rise", "fall"})


@dataclass
class _Source:
    article: Article

    @cached_property
    def facts(self) -> list[Fact]:
        return sentence_facts(self.article.text) + name_facts(self.article.text)


@lru_cache(maxsize=8192)
def _sentence_stems(text: str) -> frozenset[str]:
    return content_stems(text.split())


def _topic(a: Sentence, b: Sentence) -> int:
    """Content words two sentences share, numbers aside."""
    return len(_sentence_stems(a.text) & _sentence_stems(b.text))


def _overlaps(a: Fact, b: Fact, strict: bool = False) -> bool:
    """Whether both figures can be true: their intervals overlap. ``strict`` compares the
    figures as stated, without the room approximations and bounds give (a figure that
    changed from one day to the next: "at least 17", then "21")."""
    size = max(abs(a.value), abs(b.value))
    if abs(a.value - b.value) <= 1e-9 * size:
        return True  # the same figure, however it is qualified
    # Rounding is in the intervals already; intervals that only touch ("3 billion" up to 3.5,
    # "4 billion" from 3.5) do not overlap.
    slack = -1e-9 * size
    if a.dim in _CONVERTED:
        # A converted figure is rounded after conversion ("80 mph" is "130 km/h").
        slack = max(0.03 * size, 1.0 if a.dim == "temperature" else 0.0)
    if strict or (a.qualifier and a.qualifier == b.qualifier and math.isinf(a.high - a.low)):
        # The same bound from both ("at least 14", "at least 17"): the figures themselves differ.
        lows = (a.value - a.precision / 2, b.value - b.precision / 2)
        highs = (a.value + a.precision / 2, b.value + b.precision / 2)
    elif a.qualifier and a.qualifier == b.qualifier:
        lows = (a.low, b.low)
        highs = (a.high, b.high)
    else:
        lows, highs = (a.low, b.low), (a.high, b.high)
    return lows[0] < highs[1] + slack and lows[1] < highs[0] + slack


def _same_quantity(a: Fact, b: Fact, topic: int = 0) -> bool:
    if a.dim != b.dim or a.marker != b.marker:
        return False
    if a.time and b.time and a.time != b.time:
        return False
    if a.head and b.head and a.head != b.head:
        return False
    events_a, events_b = a.events, b.events
    if a.dim in ("count", "age"):
        # "rose to 21" and "17 were killed" count one thing; rise and fall say how it moved.
        events_a, events_b = events_a - _TRENDS, events_b - _TRENDS
    if events_a and events_b and events_a != events_b:
        return False
    # Without the same counted thing, or with an event on one side only, the words around
    # both must say more that they speak of one thing.
    headed = (a.head and b.head) or a.dim == "age"
    need = 1 if headed and bool(events_a) == bool(events_b) else 2
    specific = a.head not in ("people", "")
    if headed and specific and events_a == events_b and a.alone and b.alone and topic >= 3:
        # The one figure of a specific thing ("servicemen", "jobs") in each of two sentences
        # on one subject.
        return True
    return len(a.window & b.window) >= need


_AGREE = "agree"


def _compare(a: Fact, b: Fact, strict: bool = False) -> DiscrepancyKind | str | None:
    """Whether two facts of two sources speak of one thing: ``"agree"``, the kind of their
    disagreement, or None when they are about different things."""
    if a.dim != b.dim or a.kind != b.kind and {a.kind, b.kind} != {"place", "name"}:
        return None
    topic = _topic(a.sentence, b.sentence)
    if topic < 2:
        return None
    if a.kind == "number" and a.dim not in ("tally", "clock"):
        if not _same_quantity(a, b, topic):
            return None
        return _AGREE if _overlaps(a, b, strict) else "number"
    if a.dim in ("tally", "clock") or a.kind == "date":
        same_role = a.before == b.before or a.kind == "number"
        if not (same_role and len(a.window & b.window) >= (1 if a.dim == "tally" else 2)):
            return None
        if a.label == b.label:
            return _AGREE
        if a.dim == "tally" and "vote" not in a.sentence.text.casefold():
            return "outcome"
        return "date" if a.kind == "date" else "number"
    if a.dim.startswith("slot:"):
        if len(a.window & b.window) < 2:
            return None
        if same_name(a.label, b.label):
            return _AGREE
        return "place" if a.kind == b.kind == "place" else "name"
    if a.kind == "outcome":
        if len(a.window & b.window) < 2:
            return None
        if a.label == b.label:
            return _AGREE
        if {a.label, b.label} == {"win", "lose"}:
            swapped = a.subject & b.obj and a.obj & b.subject
            if swapped and not a.subject & b.subject:
                return _AGREE  # "Kingsmere beat Ashford" and "Ashford lost to Kingsmere"
        return "outcome"
    return None


_TRAILING = {"on", "in", "at", "into", "from", "by", "to", "of", "near", "the", "a", "an", "until"}
_EVENT_WORDS = {
    "death": "killed",
    "injury": "injured",
    "arrest": "arrested",
    "rescue": "rescued",
    "missing": "missing",
}


def _about(kind: str, a: Fact) -> str:
    if a.kind == "number" and a.head_text:
        verbs = sorted(_EVENT_WORDS[e] for e in a.events if e in _EVENT_WORDS)
        head = a.head_text.casefold()
        return (
            f"{head} {' or '.join(verbs)}" if verbs and head not in ("toll", "death toll") else head
        )
    if a.dim == "person":
        return f"the first name of {a.label}"
    if a.kind == "outcome":
        return f"the outcome ({a.text.casefold()} or not)"
    before = a.sentence.text[: max(a.sentence.text.find(a.text), 0)]
    words = [w.strip(",.;:\"'\u201c\u201d") for w in before.split()][-5:]
    while words and words[-1].casefold() in _TRAILING:
        words.pop()  # "took place on" -> "took place"
    lead = " ".join(w for w in words if w).casefold()
    prefix = {"date": "when", "place": "where", "name": "who"}.get(kind, "")
    return f"{prefix} {lead}".strip() if prefix else lead or kind


def _people(a: _Source, b: _Source) -> list[tuple[Fact, Fact]]:
    """Pairs naming one surname with given names that cannot be the same person."""
    pairs = []
    people_b = [f for f in b.facts if f.dim == "person"]
    for x in (f for f in a.facts if f.dim == "person"):
        for y in people_b:
            if x.label != y.label or len(x.label) < 3 or not (x.qualifier or y.qualifier):
                continue
            gx, gy = x.head.rstrip("."), y.head.rstrip(".")
            if gx.startswith(gy) or gy.startswith(gx):
                continue  # "Dan" and "Daniel", "D." and "Daniel"
            if x.text in b.article.text or y.text in a.article.text:
                continue  # both people are named in one article: two people
            names = content_stems(x.text.split() + y.text.split())
            shared = content_stems(x.sentence.text.split()) & content_stems(y.sentence.text.split())
            if len(shared - names) < 3:
                continue  # said in different contexts: perhaps two people of one family
            pairs.append((x, y))
    return pairs


def _statement(source: _Source, fact: Fact) -> Statement:
    sentence = fact.sentence
    return Statement(
        source=ref(source.article),
        text=" ".join(sentence.text.split()),
        value=" ".join(fact.text.split()),
        sentence=sentence.number,
        start=sentence.start,
        end=sentence.end,
    )


def _pair(a: _Source, b: _Source, strict: bool = False) -> list[Discrepancy]:
    """Every disagreement between two sources.

    Not a disagreement when either source also states the other's figure for that thing:
    "90 freed by Ukraine and 84 by Russia" in both is two facts, not a dispute. Facts are
    compared only within their dimension, and whether a source states a figure is looked up
    once per fact, so two long articles cost one pass over their pairs of facts.
    """
    found: list[Discrepancy] = []
    for x, y in _people(a, b):
        found.append(
            Discrepancy(
                kind="name",
                about=_about("name", x),
                statements=[_statement(a, x), _statement(b, y)],
            )
        )
    in_a, in_b = _by_dim(a.facts), _by_dim(b.facts)
    stated_in_b: dict[int, bool] = {}
    stated_in_a: dict[int, bool] = {}

    def b_states(x: Fact) -> bool:
        if id(x) not in stated_in_b:
            stated_in_b[id(x)] = any(_compare(x, f, strict) == _AGREE for f in in_b[x.dim])
        return stated_in_b[id(x)]

    def a_states(y: Fact) -> bool:
        if id(y) not in stated_in_a:
            stated_in_a[id(y)] = any(_compare(f, y, strict) == _AGREE for f in in_a[y.dim])
        return stated_in_a[id(y)]

    for dim, facts in in_a.items():
        for x in facts:
            for y in in_b.get(dim, ()):
                kind = _compare(x, y, strict)
                if kind is None or kind == _AGREE or b_states(x) or a_states(y):
                    continue
                statements = [_statement(a, x), _statement(b, y)]
                found.append(Discrepancy(kind=kind, about=_about(kind, x), statements=statements))
    return found


def _by_dim(facts: list[Fact]) -> dict[str, list[Fact]]:
    grouped: dict[str, list[Fact]] = defaultdict(list)
    for fact in facts:
        if fact.dim != "person":
            grouped[fact.dim].append(fact)
    return grouped


def _merge(found: list[Discrepancy]) -> list[Discrepancy]:
    """One entry per thing disputed: statements of several sources gathered, repeats dropped."""
    merged: dict[tuple[str, str, str], Discrepancy] = {}
    for item in found:
        first = item.statements[0]
        key = (item.kind, item.about, first.value.casefold())
        entry = merged.get(key)
        if entry is None:
            merged[key] = item.model_copy(deep=True)
            continue
        seen = {(s.source.article_id, s.sentence, s.value) for s in entry.statements}
        for statement in item.statements:
            if (statement.source.article_id, statement.sentence, statement.value) not in seen:
                entry.statements.append(statement)
    out = []
    pairs_seen: set[frozenset[tuple[str, int]]] = set()
    for entry in merged.values():
        where = frozenset((s.source.article_id, s.sentence) for s in entry.statements)
        if where in pairs_seen:
            continue  # the same two sentences disagree once, on their first fact
        pairs_seen.add(where)
        out.append(entry)
    return out


def article_discrepancies(a: Article, b: Article, *, strict: bool = False) -> list[Discrepancy]:
    """Where ``a`` and ``b`` (two articles on one event) state different things.

    ``strict`` compares figures as stated ("at least 17" and "21" differ): for two versions
    of one story on different days, where the figure changed.
    """
    return _merge(_pair(_Source(a), _Source(b), strict))


def story_discrepancies(
    articles: Sequence[Article], copies: Sequence[int | None]
) -> list[Discrepancy]:
    """Where the independent sources of one story disagree, at most ``MAX_DISCREPANCIES``."""
    sources = [_Source(a) for a, c in zip(articles, copies, strict=True) if c is None]
    found: list[Discrepancy] = []
    for a, b in combinations(sources, 2):
        found += _pair(a, b)
    return _merge(found)[:MAX_DISCREPANCIES]
