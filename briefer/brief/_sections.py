"""Sections: which part of the brief a story goes in, and the order the sections come in.

The model files each story in the story call (``SummaryContent.section``). With the offline
engine, or when the model gave none, :func:`classify_section` does it from word lists in
``briefer/data/sections.txt``: each section has cue words and phrases with a weight; a cue
in the headline counts double, and its repeats in the text count less and less (1, 1.5, 1.83
... for 1, 2, 3 occurrences), so one word repeated cannot outvote several different cues.
The section with the highest score wins; below ``MIN_SCORE`` the story goes in ``other``.
Accuracy on labelled articles is in ``docs/benchmarks.md`` (``bench/sections.py``).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import cast, get_args

from briefer.errors import UsageError
from briefer.lexicon import read_lines
from briefer.schema import Article, Section, section_id
from briefer.words import stem_for_claims

__all__ = [
    "DEFAULT_SECTIONS",
    "MIN_SCORE",
    "SectionScores",
    "classify_section",
    "parse_sections",
    "section_scores",
]

DEFAULT_SECTIONS: tuple[Section, ...] = get_args(Section)
"""Every section, in the order a brief shows them unless told otherwise."""

MIN_SCORE = 3.0
"""Below this, no section's cues are strong enough and the story goes in ``other``."""

# The body counts up to this many words: a story's subject is set in its first paragraphs,
# and long articles drift into background that belongs to other sections.
_BODY_WORDS = 300
_TITLE_WEIGHT = 2.0
_WORD = re.compile(r"[a-z0-9]+(?:[&'.-][a-z0-9]+)*")


def _fold(text: str) -> list[str]:
    folded = unicodedata.normalize("NFKD", text.replace("\u2019", "'")).casefold()
    plain = "".join(c for c in folded if not unicodedata.combining(c))
    return [stem_for_claims(w.removesuffix("'s")) for w in _WORD.findall(plain)]


@cache
def _cues() -> dict[tuple[str, ...], dict[Section, float]]:
    """Cue (stemmed words) -> weight per section, from ``briefer/data/sections.txt``."""
    cues: dict[tuple[str, ...], dict[Section, float]] = {}
    for line in read_lines("sections.txt"):
        head, _, words = line.partition(":")
        name, weight = head.split()
        section = cast(Section, section_id(name))
        for cue in words.split():
            key = tuple(_fold(cue.replace("_", " ")))
            if key:
                weights = cues.setdefault(key, {})
                weights[section] = max(weights.get(section, 0.0), float(weight))
    return cues


@cache
def _longest_cue() -> int:
    return max(len(key) for key in _cues())


def _count_cues(words: Sequence[str]) -> Counter[tuple[str, ...]]:
    """How often each cue occurs in ``words``, longest match first (no overlaps)."""
    cues = _cues()
    found: Counter[tuple[str, ...]] = Counter()
    i = 0
    while i < len(words):
        for size in range(min(_longest_cue(), len(words) - i), 0, -1):
            key = tuple(words[i : i + size])
            if key in cues:
                found[key] += 1
                i += size
                break
        else:
            i += 1
    return found


@dataclass(frozen=True)
class SectionScores:
    """Each section's score for one text, and the cues that made it."""

    scores: dict[Section, float]
    cues: dict[Section, list[str]]

    @property
    def best(self) -> Section:
        """The winning section: the highest score, ``other`` when none reaches MIN_SCORE."""
        ranked = sorted(self.scores.items(), key=lambda kv: (-kv[1], DEFAULT_SECTIONS.index(kv[0])))
        if not ranked or ranked[0][1] < MIN_SCORE:
            return "other"
        return ranked[0][0]


def _saturate(count: int) -> float:
    # 1, 1.5, 1.83, 2.08 ...: the harmonic sum, so repeats add less and less.
    return sum(1.0 / k for k in range(1, count + 1))


def section_scores(title: str | None, text: str) -> SectionScores:
    """Each section's cue score for an article's headline and text."""
    title_counts = _count_cues(_fold(title or ""))
    body_counts = _count_cues(_fold(text)[:_BODY_WORDS])
    scores: dict[Section, float] = {}
    cues: dict[Section, list[str]] = {}
    for key in title_counts.keys() | body_counts.keys():
        strength = _TITLE_WEIGHT * _saturate(title_counts[key]) + _saturate(body_counts[key])
        for section, weight in _cues()[key].items():
            scores[section] = scores.get(section, 0.0) + weight * strength
            cues.setdefault(section, []).append(" ".join(key))
    return SectionScores(
        scores={s: round(v, 3) for s, v in scores.items()},
        cues={s: sorted(v) for s, v in cues.items()},
    )


def classify_section(article: Article) -> Section:
    """The section an article belongs in, from the word lists (the offline engine's way)."""
    return section_scores(article.title, _body(article)).best


def _body(article: Article) -> str:
    # The reader keeps the headline as the first line of the text: count it once, as title.
    text = article.text.lstrip()
    if article.title and text.startswith(article.title):
        text = text[len(article.title) :]
    return text


def parse_sections(names: str | Iterable[str]) -> tuple[Section, ...]:
    """Section ids from names, in the order given (``"world,sport"`` or a list).

    Accepts the ids and the usual other names ("health", "sports", "tech", "arts").

    Raises:
        UsageError: a name is not a section, or none is given.
    """
    items = names.split(",") if isinstance(names, str) else list(names)
    chosen: list[Section] = []
    for raw in items:
        if not raw.strip():
            continue
        found = section_id(raw)
        if found is None:
            known = ", ".join(DEFAULT_SECTIONS)
            raise UsageError(f"unknown section {raw.strip()!r}; choose from {known}")
        if found not in chosen:
            chosen.append(cast(Section, found))
    if not chosen:
        raise UsageError("no section given; choose from " + ", ".join(DEFAULT_SECTIONS))
    return tuple(chosen)
