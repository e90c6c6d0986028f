"""Names in an article, without a model: capitalized runs read with a little care.

Capitals that prove nothing (the start of a sentence, a headline, see
:mod:`briefer.brief._tokens`) count when the caller knows the word as a name (the article,
or another article of the day, capitalizes it mid-sentence) or the word lists of
:mod:`briefer.lexicon` know it.

A run of capitalized words ("Judge Catherine Moss", "Coordination Headquarters for the
Treatment of Prisoners of War") gives:

* one key per known name (countries, bodies, places, nationality words, US states), with a
  weight for how many stories a day name it (a country more than a body);
* one key per other word, leaving out words that say what kind of thing a name is ("City",
  "Council", "Judge", see :data:`~briefer.brief._vocab.GENERIC_NAME_WORDS`) and words the
  article also writes in lowercase;
* for a person ("Luca Brandt", later just "Brandt"), one key for the surname, the given name
  kept apart: a given name alone identifies nobody, but "Daniel Marsden" and "Gary Marsden"
  are two people;
* for a long organization name, its initials, so "SEC" meets "Securities and Exchange
  Commission".
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from briefer.brief._tokens import Token, Tokens, fold
from briefer.brief._vocab import DEMONYMS as MORE_DEMONYMS
from briefer.brief._vocab import (
    GENERIC_NAME_WORDS,
    MONTHS,
    NUMBER_WORDS,
    ORGANIZATION_HEADS,
    PERSON_TITLES,
    US_STATES,
)
from briefer.brief._vocab import GIVEN_NAMES as MORE_GIVEN_NAMES
from briefer.lexicon import DEMONYMS, GIVEN_NAMES, KNOWN, PLACES
from briefer.words import STORY_STOPWORDS

__all__ = ["Name", "find_names"]

# ---- the word lists, folded --------------------------------------------------------------

# How much a known name says about which event an article reports: a country or a capital
# is named by many stories a day; an international body by fewer.
_KNOWN_WEIGHT = {"country": 0.4, "place": 0.5, "organization": 0.8, "group": 0.8}


@lru_cache(maxsize=1)
def _known() -> dict[str, tuple[str, float]]:
    """Folded surface form (one or more words) -> (canonical key, weight)."""
    out: dict[str, tuple[str, float]] = {}

    def add(surface: str, canonical: str, kind: str) -> None:
        folded = " ".join(fold(w) for w in surface.split())
        out.setdefault(folded, ("k:" + fold(canonical), _KNOWN_WEIGHT[kind]))

    for surface, (canonical, kind) in KNOWN.items():
        add(surface, canonical, kind)
    for place in PLACES:
        add(place, place, "place")
    for demonym, country in (DEMONYMS | MORE_DEMONYMS).items():
        if country:
            add(demonym, country, "country")
    for abbreviation, state in US_STATES.items():
        if "." in abbreviation:  # "N.C." folds to "n.c"; "Pa." is read in _chunk_names
            add(abbreviation, state, "place")
        add(state, state, "place")
    return out


@lru_cache(maxsize=1)
def _known_lengths() -> dict[str, tuple[int, ...]]:
    """First word of a known name -> the lengths (in words) of the known names it begins."""
    lengths: dict[str, set[int]] = {}
    for name in _known():
        words = name.split(" ")
        lengths.setdefault(words[0], set()).add(len(words))
    return {word: tuple(sorted(found, reverse=True)) for word, found in lengths.items()}


@lru_cache(maxsize=1)
def _given_names() -> frozenset[str]:
    return frozenset(fold(n) for n in GIVEN_NAMES) | MORE_GIVEN_NAMES


def _is_known_word(folded: str) -> bool:
    return len(folded) > 2 and (folded in _known() or folded in _given_names())


# ---- names -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Name:
    """A name found in a text: its key, where, how much it says, and a person's given name."""

    key: str
    start: int
    weight: float
    given: str | None = None


def find_names(text: Tokens, names: frozenset[str], lowercase: frozenset[str]) -> list[Name]:
    """Every name in a text.

    Args:
        text: from :func:`tokenize`.
        names: folded words known to be names even where their capital proves nothing.
        lowercase: folded words the article also writes in lowercase (not names there).
    """
    runs: list[list[Token]] = []
    run: list[Token] = []
    given_before: dict[int, str] = {}  # run start -> a given name just before it
    previous: Token | None = None
    for token in text.words:
        adjacent = previous is not None and token.index == previous.index + 1
        if run and not adjacent:
            runs.append(run)
            run = []
        folded = fold(token.text)
        if token.capital and (token.certain or folded in names or _is_known_word(folded)):
            if not run and adjacent and previous is not None and previous.capital:
                # "Shaun Marsden, of ...": a sentence's first word is a given name only
                # for telling people apart, never a name fact of its own.
                first = fold(previous.text)
                if first in _given_names():
                    given_before[token.start] = first
            run.append(token)
        elif run and not token.capital:
            run.append(token)  # a connector: "Bank of England"
        elif run:
            runs.append(run)
            run = []
        previous = token
    if run:
        runs.append(run)
    chunks: list[_Chunk] = []
    out: list[Name] = []
    alone: set[str] = set()
    for found in runs:
        while not found[-1].capital:
            found.pop()
        before = len(chunks)
        out.extend(_known_names(found, lowercase, chunks))
        # "Haigh said", "Ms Natarajan", "Brandt's header": a run that ends in its only
        # specific word uses that word alone (not so "Creek Road").
        if len(chunks) == before + 1:
            words = chunks[-1].words
            if len(words) == 1 and words[0][1] is found[-1]:
                alone.add(words[0][0])
    for chunk in chunks:
        out.extend(_chunk_names(chunk, alone, given_before, text.speech))
    return out


@dataclass
class _Chunk:
    """Name words side by side, with no known name, connector or generic word among them."""

    words: list[tuple[str, Token]]
    titled: bool
    """A person's title comes right before it ("Judge", "Minister", "Ms")."""


def _known_names(run: list[Token], lowercase: frozenset[str], chunks: list[_Chunk]) -> list[Name]:
    """Known names in ``run``; the other words go to ``chunks``, split at connectors."""
    words = [fold(t.text) for t in run]
    out: list[Name] = []
    segment: list[Token] = []
    i = 0
    known_names, starts = _known(), _known_lengths()
    while i < len(words):
        for length in starts.get(words[i], ()):
            known = (
                known_names.get(" ".join(words[i : i + length]))
                if i + length <= len(words)
                else None
            )
            if known is not None:
                out.append(Name(known[0], run[i].start, known[1]))
                _add_segment(segment, lowercase, chunks, out)
                segment = []
                i += length
                break
        else:
            segment.append(run[i])
            i += 1
    _add_segment(segment, lowercase, chunks, out)
    return out


def _add_segment(
    segment: list[Token], lowercase: frozenset[str], chunks: list[_Chunk], out: list[Name]
) -> None:
    if not segment:
        return
    acronym = _initials(segment)
    if acronym:  # another spelling of the name's own words, so it weighs less
        out.append(Name("n:" + acronym, segment[0].start, 0.5))
    chunk = _Chunk([], False)
    for token in segment:
        folded = fold(token.text)
        if token.text.endswith(".") and folded in US_STATES:  # "Dunmere, Pa."
            state = US_STATES[folded]
            out.append(Name("k:" + fold(state), token.start, _KNOWN_WEIGHT["place"]))
            continue
        words = [fold(part) for part in token.text.split("-") if part[:1].isupper()]
        specific = [word for word in words if _specific(word, lowercase)]
        if not specific or len(specific) < len(words):
            # A connector or a generic word ends a chunk: "Lakemont | Mayor | Dennis Kowalczyk".
            if chunk.words:
                chunks.append(chunk)
            chunk = _Chunk([], folded in PERSON_TITLES)
        chunk.words.extend((word, token) for word in specific)
    if chunk.words:
        chunks.append(chunk)


def _specific(word: str, lowercase: frozenset[str]) -> bool:
    return not (
        len(word) < 2
        or word in GENERIC_NAME_WORDS
        or word in STORY_STOPWORDS
        or word in MONTHS
        or word in NUMBER_WORDS
        or word in lowercase
    )


def _chunk_names(
    chunk: _Chunk, alone: set[str], given_before: dict[int, str], speech: frozenset[int]
) -> list[Name]:
    """A person's surname (with the given name) or one key per word.

    Two or three name words are a person's when the first is a known given name, the last
    is also used alone, a title comes before them or "said" next to them.
    """
    words = [word for word, _ in chunk.words]
    first, last = chunk.words[0][1], chunk.words[-1][1]
    if 2 <= len(words) <= 3 and (
        words[0] in _given_names()
        or words[-1] in alone
        or chunk.titled
        or first.index - 1 in speech
        or last.index + 1 in speech
    ):
        return [Name("n:" + words[-1], last.start, 1.0, " ".join(words[:-1]))]
    if len(words) == 1 and first.start in given_before:
        return [Name("n:" + words[0], first.start, 1.0, given_before[first.start])]
    return [Name("n:" + word, token.start, 1.0) for word, token in chunk.words]


def _initials(tokens: list[Token]) -> str | None:
    """The acronym an organization's long name stands for ("Securities and Exchange
    Commission": sec), so that an article that uses only the acronym still meets it."""
    capitals = [t for t in tokens if t.capital]
    if not 3 <= len(capitals) <= 6 or fold(capitals[-1].text) not in ORGANIZATION_HEADS:
        return None
    return "".join(t.text[0] for t in capitals).casefold()
