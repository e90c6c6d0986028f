"""Speakers named by their title ("the senator said") or a pronoun ("she said").

A quotation attributed to "the senator" belongs to the nearest person before it whose title
or description says senator ("Sen. Patricia Alvarado"); when no named person has that title
("the spokesperson said", with no spokesperson named) the speaker stays unnamed.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable

from briefer.offline._lexicon import UNNAMED_NOUNS
from briefer.offline._names import Mention

__all__ = [
    "TITLE_AFTER",
    "TITLE_BEFORE",
    "Titles",
    "by_pronoun",
    "by_title",
    "named_next",
    "role_words",
]

# "A spokeswoman for the union said ...", "One council employee, who ...": a sentence whose
# subject is someone the article does not name. A "she said" after it means that person.
_SENTENCE_OPENS = r"(?:\A|(?<=[.!?:\n])|(?<=[.!?:]\s)|(?<=[.!?][\"”’])|(?<=[.!?][\"”’]\s))"
_UNNAMED_SUBJECT = re.compile(
    _SENTENCE_OPENS
    + r"\s*(?:(?:But|And|However,|Meanwhile,)\s+)?(?:[Aa]n?|One|Another)\s+(?:[\w-]+\s+){0,3}?"
    + "(?:"
    + "|".join(sorted(UNNAMED_NOUNS))
    + r")\b"
)
# The paragraph after a quotation standing alone names who said it: "The words belong to X",
# "That was how X described it", "So says Dr. X".
_NAMED_NEXT = re.compile(
    r"\s*(?:That|This|So|Those|These|Such|The words?)\b[^.!?\n]{0,60}?\b"
    r"(?:says|said|how|belong(?:s|ed)?\s+to|were\s+those\s+of|came\s+from)\s+"
)
# How far back (characters, mentions) a pronoun's antecedent is looked for: a long text
# without names must not make each pronoun scan it all.
_REACH = 600
_POSSESSIVE = re.compile(r"[’']s?\b")
_PREPOSITIONS = frozenset(
    "about against at by for from in of on to with without toward towards than like".split()
)
_STOP = re.compile(r"[.!?;:\n]")
_LOWER = re.compile(r"\b[a-z]{2,}\b")
_SENTENCE_MENTIONS = 12

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
    "prof": "professor", "dr": "doctor", "justice": "judge", "cllr": "councillor", "pm": "minister",
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


def by_pronoun(text: str, people: list[Mention], before: int, starts: list[int]) -> str | None:
    """Whom "she said" right before ``before`` means: the subject of the last sentence naming
    a person (its first person named: "Outside court, Janet Morrow, whose mother Edith lived
    at Elmfield House, said ..." is Janet Morrow's), unless a sentence about someone unnamed
    ("A spokeswoman for the union said ...") came between. None when nobody fits.

    ``people`` are in text order; ``starts`` are the sentences' starts, sorted.
    """
    at = bisect.bisect_left(people, before, key=_start) - 1
    while at >= 0 and people[at].end > before:
        at -= 1
    if at < 0:
        return None
    last = people[at]
    sentence = starts[bisect.bisect_right(starts, last.start) - 1] if starts else 0
    for unnamed in _UNNAMED_SUBJECT.finditer(text, max(sentence, before - _REACH), before):
        # Not "An analyst, Jane Doe, said": the person named must be someone else's, "a
        # spokeswoman for the union representing workers at Cerro Alto".
        if unnamed.end() >= last.end or _LOWER.search(text, unnamed.end(), last.run_start):
            return None
    first = at
    while first > max(0, at - _SENTENCE_MENTIONS) and people[first - 1].start >= sentence:
        first -= 1
    for mention in people[first:at]:
        if _subject_like(text, mention, sentence):
            return mention.key
    return last.key


def _subject_like(text: str, mention: Mention, sentence: int) -> bool:
    """A mention that can be its sentence's subject: not someone's ("Hollis's barrister"),
    not the object of a preposition ("met with Tom Brady")."""
    if _POSSESSIVE.match(text, mention.end):
        return False
    before = text[max(sentence, mention.run_start - 20) : mention.run_start].split()
    return not (before and before[-1].lower() in _PREPOSITIONS)


def named_next(text: str, people: list[Mention], after: int) -> str | None:
    """The speaker named at the start of the paragraph after ``after`` (a quotation's
    paragraph end): '"It's the hardest vote I've ever cast." / That was how Walter Grigsby,
    a lobsterman, described the decision.' None when it names nobody that way."""
    opening = _NAMED_NEXT.match(text, after)
    if opening is None:
        return None
    at = bisect.bisect_left(people, opening.end(), key=_run_start)
    if at == len(people):
        return None
    between = text[opening.end() : people[at].run_start]
    return people[at].key if len(between.split()) <= 2 and not _STOP.search(between) else None


def _run_start(mention: Mention) -> int:
    return mention.run_start
