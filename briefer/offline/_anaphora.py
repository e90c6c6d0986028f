"""Speakers named by their title: "the senator said", "said the education secretary".

A quotation attributed to "the senator" belongs to the nearest person before it whose title
or description says senator ("Sen. Patricia Alvarado"); when no named person has that title
("the spokesperson said", with no spokesperson named) the speaker stays unnamed.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable

from briefer.offline._names import Mention

__all__ = ["TITLE_AFTER", "TITLE_BEFORE", "Titles", "by_title", "role_words"]

Titles = dict[str, frozenset[str]]
"""Each person's key and the words of every title or description the article gives them."""

_PHRASE = r"(?:[a-z][a-z-]*\s+){0,3}[a-z][a-z-]*"
TITLE_AFTER = re.compile(rf"\s*the\s+({_PHRASE})\s*(?=[,.;:!?]|\s+(?:after|at|in|on|to|of)\b|$)")
"""'the education secretary' right after a speech verb."""
TITLE_BEFORE = re.compile(rf"\b[Tt]he\s+({_PHRASE})\s*$")
"""'the senator' right before a speech verb."""

# Abbreviated titles and the word they stand for.
_SPELLED = {
    "sen": "senator", "rep": "representative", "gov": "governor", "gen": "general",
    "lt": "lieutenant", "col": "colonel", "maj": "major", "capt": "captain", "sgt": "sergeant",
    "adm": "admiral", "cmdr": "commander", "supt": "superintendent", "det": "detective",
    "prof": "professor", "dr": "doctor", "cllr": "councillor", "pm": "minister",
    "ceo": "executive", "chair": "chairman", "chairwoman": "chairman",
    "chairperson": "chairman", "spokeswoman": "spokesperson", "spokesman": "spokesperson",
    "councilor": "councillor", "premier": "premier", "head": "head",
}  # fmt: skip
# Words of a title phrase that say nothing of which title it is.
_VAGUE = frozenset("the a an former acting new then current deputy senior top".split())


def role_words(roles: Iterable[str]) -> frozenset[str]:
    """The words of a person's titles, lowercased, abbreviations spelled out."""
    words: set[str] = set()
    for role in roles:
        for word in re.findall(r"[A-Za-z][A-Za-z-]*", role):
            low = word.lower()
            words.add(_SPELLED.get(low, low))
            words.update(part for part in low.split("-") if part)
    return frozenset(words)


def by_title(phrase: str, people: list[Mention], titled: Titles, before: int) -> str | None:
    """The nearest person before ``before`` whose titles hold every word of ``phrase``."""
    words = {_SPELLED.get(w, w) for w in phrase.lower().split() if w not in _VAGUE}
    if not words:
        return None
    # Back from the last mention starting before ``before`` (``people`` is in text order).
    for i in range(bisect.bisect_left(people, before, key=_start) - 1, -1, -1):
        mention = people[i]
        if mention.end <= before and words <= titled.get(mention.key, frozenset()):
            return mention.key
    return None


def _start(mention: Mention) -> int:
    return mention.start
