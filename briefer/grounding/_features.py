"""What a sentence states, in parts that can be compared: words, names, numbers, dates, cues.

A claim and the article sentence that supports it are analysed the same way, token by token
with no model: content words (stemmed, for alignment), named entities (capitalized runs,
known countries and bodies, nationality words), numbers with their units, dates, and the
cues that change what a sentence asserts (negations, hedges, attributions), each placed in
its clause. :mod:`briefer.grounding._consistency` compares two such analyses.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass

from briefer.grounding._entities import Entity, find_entities
from briefer.grounding._tokens import (
    _CURRENCY_SIGNS,
    _PRONOUNS,
    Token,
    _number_text,
    token_key,
    tokenize,
)
from briefer.words import (
    ATTRIBUTION_VERBS,
    HEDGES,
    MONTHS,
    NEGATIONS,
    NUMBER_WORDS,
    RELATIVE_DATES,
    SCALES,
    WEEKDAYS,
)

__all__ = ["Entity", "Features", "Number", "Token", "analyse", "is_passive", "token_key"]

_RELATIVE = frozenset({"who", "which", "that", "whom"})
_BE = frozenset("is are was were be been being am 's".split())
_CURRENCY_WORDS = {
    "dollar": "usd", "dollars": "usd", "euro": "eur", "euros": "eur", "pound": "gbp",
    "pounds": "gbp", "sterling": "gbp", "yuan": "cny", "yen": "jpy", "rupee": "inr",
    "rupees": "inr", "francs": "chf", "franc": "chf", "hryvnia": "uah", "hryvnias": "uah",
}  # fmt: skip
_PERCENT = frozenset({"%", "percent", "pc", "pct"})
_NOT_NUMBERS = frozenset({"first", "second", "once", "twice", "thrice", "half", "one"})
_RELATIVE_PERIODS = frozenset({"week", "month", "year", "weekend", "season", "quarter"})


@dataclass(frozen=True)
class Number:
    """A number with what it counts: 3,000 tonnes, $1.2 billion, 41 (of the 58)."""

    value: float
    unit: str | None
    text: str
    token: int
    clause: int


@dataclass(frozen=True)
class Features:
    """Everything the consistency checks compare, for one sentence or claim."""

    text: str
    tokens: tuple[Token, ...]
    entities: tuple[Entity, ...]
    numbers: tuple[Number, ...]
    dates: tuple[tuple[str, str, int], ...]
    """(kind, value, token index): weekday, month or relative."""
    negations: tuple[int, ...]
    hedges: tuple[int, ...]
    attributions: tuple[int, ...]
    pronouns: bool

    @property
    def keys(self) -> frozenset[str]:
        return frozenset(t.key for t in self.tokens if t.key)

    def clause_keys(self) -> dict[int, set[str]]:
        out: dict[int, set[str]] = {}
        for t in self.tokens:
            if t.key:
                out.setdefault(t.clause, set()).add(t.key)
        return out


def analyse(text: str, lowercase: Collection[str] = ()) -> Features:
    """The features of ``text``; ``lowercase`` holds words the article writes in lowercase.

    A capitalized word that starts a sentence is a name only when the article never writes
    it in lowercase ("Regional governor ..." is not a name; "Lytvyn said ..." is).
    """
    tokens = tokenize(text)
    return Features(
        text=text,
        tokens=tuple(tokens),
        entities=tuple(find_entities(tokens, lowercase)),
        numbers=tuple(_numbers(tokens)),
        dates=tuple(_dates(tokens)),
        negations=tuple(_negations(tokens)),
        hedges=tuple(_hedges(tokens)),
        attributions=tuple(_attributions(tokens)),
        pronouns=any(t.lower in _PRONOUNS for t in tokens),
    )


# ---- numbers and dates -----------------------------------------------------------------------


def _numbers(tokens: list[Token]) -> list[Number]:
    out: list[Number] = []
    n = len(tokens)
    skip_to = -1
    for i, token in enumerate(tokens):
        if i <= skip_to:
            continue
        value = _value(token)
        if value is None:
            continue
        unit: str | None = None
        j = i + 1
        # "two-year", "ten-day": a number glued to its unit by a hyphen.
        if "-" in token.lower and not token.text[:1].isdigit():
            unit = token_key(token.lower.split("-", 1)[1]) or None
        # "a dozen", "six hundred", "1.2 billion", "$600m", "3 per cent"
        scale = re.fullmatch(r"[\d.,]+([kmb]n?|bn|tn|mln)", token.text.lower())
        if scale:
            value *= SCALES.get(scale.group(1), 1.0)
        while j < n and tokens[j].lower in SCALES and len(tokens[j].lower) > 1:
            value *= SCALES[tokens[j].lower]
            j += 1
        if j < n and tokens[j].lower == "hundred":
            value *= 100
            j += 1
        if i > 0 and tokens[i - 1].text in _CURRENCY_SIGNS:
            unit = _CURRENCY_SIGNS[tokens[i - 1].text]
        elif j < n and tokens[j].lower in _PERCENT:
            unit = "%"
        elif j + 1 < n and tokens[j].lower == "per" and tokens[j + 1].lower == "cent":
            unit = "%"
        elif j < n and tokens[j].lower in _CURRENCY_WORDS:
            unit = _CURRENCY_WORDS[tokens[j].lower]
        elif unit is None and j < n and tokens[j].key and tokens[j].key[0].isalpha():
            unit = tokens[j].key
        if unit is None and value.is_integer() and 1800 <= value <= 2100 and token.text.isdigit():
            unit = "year"
        out.append(Number(value, unit, token.text, i, token.clause))
        skip_to = j - 1
    return out


def _value(token: Token) -> float | None:
    head = token.lower.split("-")[0]
    if "-" in token.lower and head in NUMBER_WORDS and head not in _NOT_NUMBERS:
        return float(NUMBER_WORDS[head])  # "two-year", "ten-day"
    if token.text[:1].isdigit():
        digits = _number_text(token.text).split("-")[0]
        try:
            return float(digits)
        except ValueError:
            return None
    word = token.lower
    if word in NUMBER_WORDS and word not in _NOT_NUMBERS:
        return float(NUMBER_WORDS[word])
    return None


def _dates(tokens: list[Token]) -> list[tuple[str, str, int]]:
    out: list[tuple[str, str, int]] = []
    for i, token in enumerate(tokens):
        word = token.lower.rstrip(".")
        if token.text[:1].isupper() and word in WEEKDAYS:
            out.append(("weekday", WEEKDAYS[word], i))
        elif token.text[:1].isupper() and word in MONTHS:
            if word == "may" and not _month_may(tokens, i):
                continue
            out.append(("month", MONTHS[word], i))
        elif word in RELATIVE_DATES:
            out.append(("relative", word, i))
        elif word in {"last", "next", "this"} and i + 1 < len(tokens):
            following = tokens[i + 1].lower
            if following in _RELATIVE_PERIODS:
                out.append(("relative", f"{word} {following}", i))
    return out


def _month_may(tokens: list[Token], i: int) -> bool:
    """True when a capitalized "May" is the month, not the verb at a sentence's start."""
    nxt = tokens[i + 1] if i + 1 < len(tokens) else None
    prev = tokens[i - 1].lower if i > 0 else ""
    if nxt is not None and nxt.text[:1].isdigit():
        return True
    return prev in {"in", "on", "since", "until", "from", "by", "last", "next", "early", "late"}


# ---- cues ----------------------------------------------------------------------------------


def _negations(tokens: list[Token]) -> list[int]:
    out = []
    for i, token in enumerate(tokens):
        word = token.lower
        if word.endswith("n't") or word.endswith("n\u2019t"):
            out.append(i)
        elif word in NEGATIONS:
            nxt = tokens[i + 1].lower if i + 1 < len(tokens) else ""
            if word == "not" and nxt == "only":
                continue  # "not only ... but also" affirms
            if word == "no" and (nxt == "." or token.text == "No" and nxt[:1].isdigit()):
                continue  # "No. 5"
            out.append(i)
    return out


def _hedges(tokens: list[Token]) -> list[int]:
    out = []
    for i, token in enumerate(tokens):
        word = token.lower
        if word not in HEDGES or token.text == "May":
            continue
        nxt = tokens[i + 1].lower if i + 1 < len(tokens) else ""
        if word.startswith(("appear", "seem")) and nxt != "to":
            continue  # "appeared in court" is no hedge; "appears to be" is
        if word == "would" and nxt == "have":
            continue  # "a law that would have required": what did not happen, not a guess
        out.append(i)
    return out


def _attributions(tokens: list[Token]) -> list[int]:
    out = []
    for i, token in enumerate(tokens):
        word = token.lower
        if word not in ATTRIBUTION_VERBS or not (token.text.islower() or word == "according"):
            continue
        nxt = tokens[i + 1].lower if i + 1 < len(tokens) else ""
        if word == "according" and nxt != "to":
            continue
        if i > 0 and tokens[i - 1].lower in _RELATIVE:
            continue  # "officials who said ..." describes them; it attributes nothing here
        out.append(i)
    return out


def is_passive(tokens: tuple[Token, ...], first: int, last: int) -> bool:
    """True when the words between two names read "was struck by", "were beaten by"."""
    words = [t.lower for t in tokens[first:last]]
    if "by" not in words:
        return False
    before_by = words[: words.index("by")]
    return any(w in _BE for w in before_by) or any(w.endswith(("ed", "en")) for w in before_by[-1:])
