"""A fact a sentence states, and the words around it that tell what it is about.

Shared by :mod:`briefer.brief._figures` (quantities, dates, tallies) and
:mod:`briefer.brief._slots` (places, names, outcomes).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from briefer.brief._measures import EVENTS, NUMBER_WORDS
from briefer.text import Sentence
from briefer.words import CLAIM_STOPWORDS, MONTH_NAMES, STORY_STOPWORDS, stem_for_claims

__all__ = ["EVENT_OF", "WORD", "Fact", "content_stems", "events_near", "window_stems"]

EVENT_OF = {word: event for event, words in EVENTS.items() for word in words.split()}

# Words that bound a fact's context: its clause.
_CLAUSE_BREAK = re.compile(r"[;:()\u2014]|\bbut\b|\bwhile\b|\bwhereas\b", re.IGNORECASE)
_PHRASE_BREAK = re.compile(
    r"[;:,()\u2014]|\b(?:but|while|whereas|and|or|which|who)\b", re.IGNORECASE
)
WORD = re.compile(r"[A-Za-z][A-Za-z'\u2019-]*|\d[\d,.]*")


@dataclass(frozen=True)
class Fact:
    """One thing a sentence states, with what it takes to compare it with another source's."""

    kind: str
    """number, date or outcome (for a score)."""
    dim: str
    """What it measures: count, percent, money:GBP, speed, weekday, year, tally..."""
    text: str
    """The words that state it, as written ("at least 14 people", "2.5%", "Tuesday")."""
    sentence: Sentence
    value: float = 0.0
    low: float = 0.0
    high: float = 0.0
    precision: float = 0.0
    """How exactly the value is written (2,000: 1000; 2.5: 0.1; 90: 1), in base units."""
    label: str = ""
    """For a date or tally, its normalized form ("tuesday", "2-1")."""
    qualifier: str = ""
    head: str = ""
    head_text: str = ""
    events: frozenset[str] = frozenset()
    marker: str = ""
    """part, each or total."""
    time: str = ""
    before: str = ""
    """The word just before it (the preposition of a date: on, in, since, until)."""
    window: frozenset[str] = frozenset()
    alone: bool = True
    """No other fact of its dimension in its sentence."""
    subject: frozenset[str] = frozenset()
    """For an outcome: the words before its verb (who won, what was passed)."""
    obj: frozenset[str] = frozenset()
    """For an outcome: the words after its verb."""


# Words every story has (days, months, "said") say nothing about which thing a fact is about.
_NOT_CONTENT = (
    CLAIM_STOPWORDS
    | STORY_STOPWORDS
    | frozenset(NUMBER_WORDS)
    # "may" stays: it is a verb far more often than a month.
    | frozenset(m for m in MONTH_NAMES if m != "may")
    | frozenset("tonight earlier later".split())
)


def content_stems(words: list[str]) -> frozenset[str]:
    """Content words cut to five letters, a crude lemma ("retiring" and "retirement" meet)."""
    return frozenset(stem_for_claims(w.casefold())[:5] for w in words if _is_content(w))


def window_stems(
    sentence: Sentence, start: int, end: int, width: int = 4, *, tight: bool = False
) -> frozenset[str]:
    """The ``width`` content words on each side of a span (sentence offsets), inside its
    clause; ``tight`` also stops at a comma or a conjunction (a figure's own phrase)."""
    text = sentence.text
    breaks = _PHRASE_BREAK if tight else _CLAUSE_BREAK
    low = max((m.end() for m in breaks.finditer(text, 0, start)), default=0)
    high = next((m.start() for m in breaks.finditer(text, end)), len(text))
    left = [w for w in WORD.findall(text[low:start]) if _is_content(w)][-width:]
    right = [w for w in WORD.findall(text[end:high]) if _is_content(w)][:width]
    return content_stems(left + right)


def _is_content(word: str) -> bool:
    return word[0].isalpha() and word.casefold() not in _NOT_CONTENT and len(word) > 2


_CONJUNCTION = re.compile(r"\b(?:and|but|while)\b|[,;]", re.IGNORECASE)


def events_near(sentence: Sentence, start: int, end: int) -> frozenset[str]:
    """What happened to what a fact counts: event words just before it (back to a comma or
    "and") and a few after it ("were killed or hurt")."""
    text = sentence.text
    left = text[max(0, start - 40) : start]
    cut = list(_CONJUNCTION.finditer(left))
    if cut:
        left = left[cut[-1].end() :]
    right = text[end : end + 40]
    stop = _CONJUNCTION.search(right)
    if stop:
        right = right[: stop.start()]
    raw = WORD.findall(left)[-3:] + WORD.findall(right)[:5]
    return frozenset(EVENT_OF[w.casefold()] for w in raw if w.casefold() in EVENT_OF)
