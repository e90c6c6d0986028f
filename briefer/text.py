"""Plain-text helpers shared by grounding and the offline engine: sentences and matching.

Matching text against an article has to forgive typography (curly or straight quotes,
en or em dashes, an ellipsis character or three dots, line breaks, accents) and case, yet
report where the match sits in the original text. ``normalize`` returns the folded text with
a map back to original offsets; ``find_normalized`` and ``find_all_normalized`` search it
for whole-word matches ("Lee" is not in "fleet"). ``strip_controls`` removes terminal escape
sequences and other control characters from text that came from outside.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import overload

from briefer._controls import strip_controls

__all__ = [
    "Normalized",
    "Offsets",
    "Sentence",
    "find_all_normalized",
    "find_normalized",
    "normalize",
    "split_sentences",
    "strip_controls",
]

_CHAR_MAP = {
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": "'",
    "\u201b": "'",
    "\u2032": "'",
    "`": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u201f": '"',
    "\u00ab": '"',
    "\u00bb": '"',
    "\u2033": '"',
    "\u2010": "-",
    "\u2011": "-",
    "\u2012": "-",
    "\u2013": "-",
    "\u2014": "-",
    "\u2015": "-",
    "\u2212": "-",
    "\u2026": "...",
    "\u2e3a": "-",
    "\u2e3b": "-",
    "\u00a0": " ",
    # Invisible characters that copy-paste keeps on one side and not the other.
    "\u00ad": "",
    "\u200b": "",
    "\u200c": "",
    "\u200d": "",
    "\u2060": "",
    "\ufeff": "",
}


class Offsets(Sequence[int]):
    """For each folded character, the offset it came from: kept as runs of consecutive
    offsets (a long article's folded text is millions of characters, mostly copied as is)."""

    def __init__(self, firsts: list[int], origins: list[int], length: int) -> None:
        self._firsts = firsts  # where each run starts in the folded text
        self._origins = origins  # the offset its first character came from
        self._length = length

    def __len__(self) -> int:
        return self._length

    @overload
    def __getitem__(self, index: int) -> int: ...

    @overload
    def __getitem__(self, index: slice) -> list[int]: ...

    def __getitem__(self, index: int | slice) -> int | list[int]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(self._length))]
        if index < 0:
            index += self._length
        if not 0 <= index < self._length:
            raise IndexError("offset index out of range")
        run = bisect.bisect_right(self._firsts, index) - 1
        return self._origins[run] + index - self._firsts[run]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence):
            return NotImplemented
        return len(self) == len(other) and list(self) == list(other)

    __hash__ = None  # type: ignore[assignment]  # a list of offsets, as it was


@dataclass(frozen=True)
class Normalized:
    """Folded text plus, for each of its characters, the offset it came from."""

    text: str
    offsets: Sequence[int]
    original_length: int

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original (start, end) offsets of the folded slice ``text[start:end]``."""
        if start >= len(self.offsets):
            return self.original_length, self.original_length
        last = self.offsets[end - 1] + 1 if end > start else self.offsets[start]
        return self.offsets[start], last


# Folded form of each character seen so far: most text uses few distinct characters.
_FOLDED: dict[str, str] = {}


def _fold_char(ch: str) -> str:
    mapped = _CHAR_MAP.get(ch)
    if mapped is None:
        mapped = "".join(
            _CHAR_MAP.get(p, p)
            for p in unicodedata.normalize("NFKD", ch)
            if not unicodedata.combining(p)
        )
    folded = mapped.casefold()
    if len(_FOLDED) < 8192:  # bounded: a long text in many scripts must not grow it forever
        _FOLDED[ch] = folded
    return folded


class _FoldTable(dict[int, str]):
    """A ``str.translate`` table that folds each character on first sight."""

    def __missing__(self, code: int) -> str:
        folded = _fold_char(chr(code))
        if len(folded) != 1:
            _NOT_ONE_TO_ONE.add(chr(code))
        if len(self) < 8192:
            self[code] = folded
        return folded


_FOLD_TABLE = _FoldTable()
_NOT_ONE_TO_ONE: set[str] = set()

# Where the fast path must change something: a dash, two white-space characters in a row, a
# line break or tab, or a space at either end. Single spaces between words stay as they are;
# each hit is widened to the whole run of white space and dashes around it.
_CHANGE = re.compile(r"[^\S ]|  |-|^ | \Z")


def normalize(text: str) -> Normalized:
    """Fold quotes, dashes, ellipses, white space, accents and case; keep a map to offsets.

    Runs of white space become one space; a dash (any of them, or ``--``) loses the spaces
    around it, so "a — b", "a - b" and "a--b" all fold to "a-b"; zero-width characters and
    soft hyphens vanish; accents are dropped ("José" folds to "jose").
    """
    folded = text.translate(_FOLD_TABLE)
    if _NOT_ONE_TO_ONE.isdisjoint(text):
        return _normalize_one_to_one(folded, len(text))
    return _normalize_slow(text)


def _normalize_one_to_one(folded: str, length: int) -> Normalized:
    """The common case, where every character folds to exactly one: done by regex, not a loop.

    It gives the same result as :func:`_normalize_slow` (a property test holds them equal).
    """
    parts: list[str] = []
    firsts: list[int] = []  # the offsets as runs: where each starts in the output ...
    origins: list[int] = []  # ... and where its first character came from
    done = 0  # characters output so far

    def take(piece: str, origin: int) -> None:
        nonlocal done
        parts.append(piece)
        firsts.append(done)
        origins.append(origin)
        done += len(piece)

    pos = 0
    size = len(folded)
    while (match := _CHANGE.search(folded, pos)) is not None:
        start, end = match.span()
        while start > pos and folded[start - 1].isspace():
            start -= 1
        while end < size and (folded[end].isspace() or folded[end] == "-"):
            end += 1
        if start > pos:
            take(folded[pos:start], pos)
        dash = folded.find("-", start, end)
        if dash >= 0:
            take("-", dash)
        elif parts and end < size:
            take(" ", end - 1)
        pos = end
    if pos < len(folded):
        take(folded[pos:], pos)
    offsets = Offsets(firsts, origins, done)
    return Normalized(text="".join(parts), offsets=offsets, original_length=length)


def _normalize_slow(text: str) -> Normalized:
    out: list[str] = []
    offsets: list[int] = []
    pending_space = False
    cache = _FOLDED
    for i, ch in enumerate(text):
        folded_ch = cache.get(ch)
        if folded_ch is None:
            folded_ch = _fold_char(ch)
        for piece in folded_ch:
            if piece.isspace():
                # No space at the start, and none after a dash (see the docstring).
                pending_space = bool(out) and out[-1] != "-"
                continue
            if piece == "-":
                pending_space = False
                if out and out[-1] == "-":
                    continue
            if pending_space:
                out.append(" ")
                offsets.append(i - 1)
                pending_space = False
            out.append(piece)
            offsets.append(i)
    return Normalized(text="".join(out), offsets=offsets, original_length=len(text))


def _fold_needle(needle: str) -> str:
    # A model often adds or drops the quotation marks and the final punctuation of a quote.
    return normalize(needle).text.strip(" \"'").rstrip(" .,;:")


def _bounded(folded: str, at: int, length: int, haystack: str) -> bool:
    """True when a match does not start or end inside a word of the haystack."""
    end = at + length
    if folded[0].isalnum() and at > 0 and haystack[at - 1].isalnum():
        return False
    return not (folded[-1].isalnum() and end < len(haystack) and haystack[end].isalnum())


def find_all_normalized(needle: str, haystack: Normalized) -> list[tuple[int, int]]:
    """Original spans of every whole-word occurrence of ``needle``, in order of position.

    Matching is the same as :func:`find_normalized`'s; occurrences may overlap.
    """
    folded = _fold_needle(needle)
    if not folded:
        return []
    spans: list[tuple[int, int]] = []
    at = haystack.text.find(folded)
    while at >= 0:
        if _bounded(folded, at, len(folded), haystack.text):
            spans.append(haystack.span(at, at + len(folded)))
        at = haystack.text.find(folded, at + 1)
    return spans


def find_normalized(needle: str, haystack: Normalized) -> tuple[int, int] | None:
    """Original span of the first occurrence of ``needle`` in the haystack, or None.

    Surrounding quotation marks and trailing sentence punctuation on the needle are
    ignored, since a model often adds or drops them when copying a quote. A match must
    not start or end inside a word: "Lee" is not found in "fleet".
    """
    folded = _fold_needle(needle)
    if not folded:
        return None
    at = haystack.text.find(folded)
    while at >= 0:
        if _bounded(folded, at, len(folded), haystack.text):
            return haystack.span(at, at + len(folded))
        at = haystack.text.find(folded, at + 1)
    return None


@dataclass(frozen=True)
class Sentence:
    """One sentence of an article with its character span and 1-based number."""

    number: int
    start: int
    end: int
    text: str


_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "gen", "sen", "rep", "gov", "st", "jr", "sr", "lt",
    "col", "maj", "capt", "sgt", "adm", "cmdr", "pres", "rev", "hon", "inc", "corp",
    "ltd", "co", "vs", "etc", "no", "nos", "jan", "feb", "mar", "apr", "aug", "sept", "sep",
    "oct", "nov", "dec", "mt", "ft", "approx", "dept", "univ", "e.g", "i.e", "u.s", "u.k",
    "u.n", "d.c", "a.m", "p.m", "al",
}  # fmt: skip

# Abbreviations that also end sentences ("aid from the U.S. The talks..."): after them a
# capitalized word from _STARTERS begins a new sentence; any other word does not.
_SENTENCE_FINAL = {"u.s", "u.k", "u.n", "d.c", "a.m", "p.m", "etc", "inc", "corp", "ltd", "co"}
_STARTERS = {
    "a", "an", "and", "as", "at", "but", "he", "her", "his", "however", "i", "in", "it", "its",
    "meanwhile", "on", "she", "that", "the", "their", "there", "these", "they", "this", "we",
}  # fmt: skip

# A candidate boundary: terminal punctuation, any closing quotes or brackets, then space.
_BOUNDARY = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s)|\n\s*\n|\n")
_NEXT_WORD = re.compile(r"\s*(\S)(\w*)")


def split_sentences(text: str) -> list[Sentence]:
    """Split ``text`` into sentences with their spans; paragraph and line breaks also end one.

    A single line break followed by a lowercase word (hard-wrapped text) does not.
    """
    if len(text) < 100_000:
        return _split(text)
    # The offline engine and grounding both split the same article: a long one once.
    return list(_split_long(text))


@lru_cache(maxsize=1)
def _split_long(text: str) -> tuple[Sentence, ...]:
    return tuple(_split(text))


def _split(text: str) -> list[Sentence]:
    sentences: list[Sentence] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        end = match.end()
        if not text[start:end].strip():
            start = end  # blank lines between paragraphs
            continue
        nxt = _NEXT_WORD.match(text, end)
        next_lower = nxt is not None and nxt.group(1).islower()
        mark = match.group()
        if mark == "\n" and next_lower:
            continue  # a hard-wrapped line goes on
        if not mark.startswith("\n"):
            if next_lower:
                continue  # "e.g. the" or a quote that goes on: not a new sentence
            if mark.startswith(".") and not _ends_sentence(text, start, match.start(), nxt):
                continue
        _append(sentences, text, start, end)
        start = end
    if text[start:].strip():
        _append(sentences, text, start, len(text))
    return sentences


def _ends_sentence(text: str, start: int, dot: int, nxt: re.Match[str] | None) -> bool:
    """False when the period at ``dot`` closes an abbreviation or an initial."""
    word = _word_before(text, max(start, dot - 24), dot)
    if not word:
        return True
    token = word.lower().rstrip(".")
    if token in _SENTENCE_FINAL and nxt is not None:
        following = (nxt.group(1) + nxt.group(2)).lower()
        return nxt.group(1).isupper() and following in _STARTERS
    return not (token in _ABBREVIATIONS or len(token) == 1)


def _word_before(text: str, low: int, dot: int) -> str:
    """The letters and dots right before ``dot`` ("U.S", "Jaén"), from a letter on; "" if none.

    Letters of any script count, so "Jaén." is a word and not the initial "n."; the look
    back stops at ``low``, so a long sentence cannot make splitting quadratic.
    """
    i = dot
    while i > low and (text[i - 1].isalpha() or text[i - 1] == "."):
        i -= 1
    while i < dot and not text[i].isalpha():
        i += 1
    return text[i:dot]


def _append(sentences: list[Sentence], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    sentences.append(Sentence(len(sentences) + 1, start, end, text[start:end]))
