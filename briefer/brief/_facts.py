"""The specific facts of an article, and how far two articles agree on them.

Two articles tell one event when they share its specifics (who, where, how many, when), not
its wording. An article's facts are its names (:mod:`briefer.brief._names`) and its numbers,
dates and times (:mod:`briefer.brief._numbers`). Each gets a weight: how specific it is (a
surname or a five-digit figure more than a country or "two") times how prominent it is
(1 + log2 of its mentions, plus 1 when the headline or the first sentence has it).

:func:`compare` gives, for a pair:

* coverage: for each article, the weight of its facts the other shares over the weight of
  all its facts; the larger of the two (a short radio version is covered by the wire copy);
* evidence: the weight the two have in common (for each shared fact, the smaller weight,
  at most 1.5: a town both name, however often, is one fact);
* conflicts: where they give different specifics for the same thing. Numbers of the same
  unit with no value in common, even allowing for rounding ("jailed for 3 years" against
  "12 years", "a 32-year-old" against "a 45-year-old"), and one surname with different given
  names ("Daniel Marsden", "Gary Marsden"). A surname in conflict is not shared;
* other protagonists: each article's heaviest name (who or what it is about) is missing
  from the facts the two share.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass

from briefer.brief._names import find_names
from briefer.brief._numbers import compatible, find_numbers
from briefer.brief._tokens import Tokens, fold, tokenize

__all__ = ["Comparison", "Facts", "Parsed", "compare", "find_facts", "parse", "proven_names"]

_ONE_FACT = 1.5
"""The most one shared fact adds to evidence, so that one town name is never enough."""
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'"})
_LEAD_END = re.compile(r"[.!?][\"'\u201d]?\s|\n\s*\n")


@dataclass(frozen=True)
class Parsed:
    """An article's tokens, before the day's other articles help read its capitals."""

    text: str
    head: str
    body: Tokens
    title: Tokens
    lowercase: frozenset[str]
    """Words the article writes in lowercase somewhere."""
    proven: frozenset[str]
    """Words the article capitalizes where a capital means a name."""


@dataclass(frozen=True)
class Facts:
    """An article's facts."""

    weights: dict[str, float]
    """Fact key -> weight."""
    total: float
    evidence: float
    """What the article could give as evidence: its weights, each at most one fact's."""
    given: dict[str, frozenset[str]]
    """Surname key -> the given names written with it."""
    units: dict[str, tuple[float, ...]]
    """Unit ("year", "vote", "%", "money") -> the values the article gives for it."""
    protagonists: frozenset[str]
    """The heaviest name keys (ties kept): who or what the article is about."""


def parse(text: str, title: str | None = None) -> Parsed:
    """Tokenize an article once; :func:`find_facts` reads the facts from it."""
    text = unicodedata.normalize("NFKC", text).translate(_APOSTROPHES)
    head = unicodedata.normalize("NFKC", title or "").translate(_APOSTROPHES)
    body = tokenize(text)
    return Parsed(
        text=text,
        head=head,
        body=body,
        title=tokenize(head, headline=True),
        lowercase=body.lowercase,
        proven=frozenset(fold(t.text) for t in body.words if t.certain),
    )


def proven_names(articles: list[Parsed]) -> frozenset[str]:
    """Words some article of the day capitalizes mid-sentence: names, wherever they stand."""
    out: set[str] = set()
    for parsed in articles:
        out |= parsed.proven
    return frozenset(out)


def find_facts(parsed: Parsed, day_names: frozenset[str] = frozenset()) -> Facts:
    """The weighted facts of an article (see the module docstring).

    ``day_names`` (from :func:`proven_names`) lets a word this article capitalizes only at
    the start of sentences count as a name when another article shows it is one.
    """
    names = (parsed.proven | day_names) - parsed.lowercase
    lead = _LEAD_END.search(parsed.text.lstrip())
    lead_end = len(parsed.text) - len(parsed.text.lstrip()) + (lead.end() if lead else 0)
    mentions: dict[str, int] = defaultdict(int)
    specificity: dict[str, float] = {}
    prominent: set[str] = set()
    given: dict[str, set[str]] = defaultdict(set)
    units: dict[str, set[float]] = defaultdict(set)
    for name in find_names(parsed.body, names, parsed.lowercase):
        mentions[name.key] += 1
        specificity[name.key] = name.weight
        if name.given:
            given[name.key].add(name.given)
        if name.start < lead_end:
            prominent.add(name.key)
    for number in find_numbers(parsed.text, parsed.body.digits, parsed.body.number_words):
        if number.specificity <= 0:
            continue
        mentions[number.key] += 1
        specificity[number.key] = max(specificity.get(number.key, 0.0), number.specificity)
        if number.unit and number.value is not None:
            units[number.unit].add(number.value)
        if number.start < lead_end:
            prominent.add(number.key)
    # The headline: its names count when the body names them too; its numbers always.
    for name in find_names(parsed.title, names, parsed.lowercase):
        if name.key in mentions:
            prominent.add(name.key)
    for number in find_numbers(parsed.head, parsed.title.digits, parsed.title.number_words):
        if number.specificity > 0:
            prominent.add(number.key)
            specificity.setdefault(number.key, number.specificity)
            mentions.setdefault(number.key, 0)
    weights = {}
    for key, count in mentions.items():
        salience = 1.0 + math.log2(count) if count else 1.0
        weights[key] = specificity[key] * (salience + (key in prominent))
    names_only = {k: w for k, w in weights.items() if k.startswith("n:")}
    top = max(names_only.values(), default=0.0)
    return Facts(
        weights=weights,
        total=sum(weights.values()),
        evidence=sum(min(w, _ONE_FACT) for w in weights.values()),
        given={k: frozenset(v) for k, v in given.items()},
        units={k: tuple(sorted(v)) for k, v in units.items()},
        protagonists=frozenset(k for k, w in names_only.items() if w >= top - 1e-9),
    )


@dataclass(frozen=True)
class Comparison:
    """How far two articles agree on their facts (see the module docstring)."""

    coverage: float
    evidence: float
    conflicts: int
    """Numbers given differently for one unit, and surnames with other given names."""
    other_protagonists: bool
    """Neither article's protagonist is among the facts the two share."""


def compare(
    a: Facts, b: Facts, *, min_coverage: float = 0.0, min_evidence: float = 0.0
) -> Comparison:
    """Coverage, evidence and conflicts of a pair of articles.

    Numbers in conflict and protagonists are only looked at when the pair reaches
    ``min_coverage`` and ``min_evidence``: for the others they could change nothing.
    """
    in_a = in_b = evidence = 0.0
    conflicts = 0
    shared = a.weights.keys() & b.weights.keys()
    weights_a, weights_b = a.weights, b.weights
    for key in list(shared):
        if key in a.given and key in b.given and _other_people(a.given[key], b.given[key]):
            conflicts += 1
            shared.discard(key)
            continue
        weight_a, weight_b = weights_a[key], weights_b[key]
        in_a += weight_a
        in_b += weight_b
        evidence += min(weight_a, weight_b, _ONE_FACT)
    if not evidence:
        return Comparison(0.0, 0.0, conflicts, False)
    coverage = max(in_a / a.total, in_b / b.total)
    if coverage < min_coverage or evidence < min_evidence:
        return Comparison(coverage, evidence, conflicts, False)
    for unit, values in a.units.items():
        others = b.units.get(unit)
        if others and not any(compatible(x, y) for x in values for y in others):
            conflicts += 1
    other = bool(a.protagonists and b.protagonists) and not (
        (a.protagonists | b.protagonists) & shared
    )
    return Comparison(coverage, evidence, conflicts, other)


def _other_people(a: frozenset[str], b: frozenset[str]) -> bool:
    """True when one surname comes with given names that cannot be the same person's.

    Short forms are the same person ("Dan", "Danny", "Daniel"; "J." and "John"): names that
    begin alike do not conflict.
    """
    return not any(x[: min(2, len(y))] == y[: min(2, len(x))] for x in a for y in b)
