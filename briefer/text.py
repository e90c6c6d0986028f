"""Plain-text helpers shared by grounding and the offline engine: sentences and matching.

Matching text against an article has to forgive typography (curly or straight quotes,
en or em dashes, an ellipsis character or three dots, line breaks) and case, yet report
where the match sits in the original text. ``normalize`` returns the folded text with a map
back to original offsets.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

__all__ = ["Normalized", "Sentence", "find_normalized", "normalize", "split_sentences"]

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
    "\u00a0": " ",
}


@dataclass(frozen=True)
class Normalized:
    """Folded text plus, for each of its characters, the offset it came from."""

    text: str
    offsets: list[int]
    original_length: int

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original (start, end) offsets of the folded slice ``text[start:end]``."""
        if start >= len(self.offsets):
            return self.original_length, self.original_length
        last = self.offsets[end - 1] + 1 if end > start else self.offsets[start]
        return self.offsets[start], last


def normalize(text: str) -> Normalized:
    """Fold quotes, dashes, ellipses, white space and case; keep a map to original offsets."""
    out: list[str] = []
    offsets: list[int] = []
    pending_space = False
    for i, ch in enumerate(text):
        mapped = _CHAR_MAP.get(ch, ch)
        if mapped.isspace():
            pending_space = bool(out)
            continue
        if pending_space:
            out.append(" ")
            offsets.append(i - 1)
            pending_space = False
        for piece in unicodedata.normalize("NFKC", mapped).casefold():
            out.append(piece)
            offsets.append(i)
    return Normalized(text="".join(out), offsets=offsets, original_length=len(text))


def find_normalized(needle: str, haystack: Normalized) -> tuple[int, int] | None:
    """Original span of ``needle`` in the normalized haystack, or None when absent.

    Surrounding quotation marks and trailing sentence punctuation on the needle are
    ignored, since a model often adds or drops them when copying a quote.
    """
    folded = normalize(needle).text.strip(" \"'")
    folded = folded.rstrip(" .,;:")
    if not folded:
        return None
    at = haystack.text.find(folded)
    if at < 0:
        return None
    return haystack.span(at, at + len(folded))


@dataclass(frozen=True)
class Sentence:
    """One sentence of an article with its character span and 1-based number."""

    number: int
    start: int
    end: int
    text: str


_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "gen", "sen", "rep", "gov", "st", "jr", "sr", "lt",
    "col", "maj", "capt", "sgt", "adm", "cmdr", "gen", "pres", "rev", "hon", "inc", "corp",
    "ltd", "co", "vs", "etc", "no", "nos", "jan", "feb", "mar", "apr", "aug", "sept", "sep",
    "oct", "nov", "dec", "mt", "ft", "approx", "dept", "univ", "e.g", "i.e", "u.s", "u.k",
    "u.n", "d.c", "a.m", "p.m", "al",
}  # fmt: skip

# A candidate boundary: terminal punctuation, any closing quotes or brackets, then space.
_BOUNDARY = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s)|\n\s*\n|\n")
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)\.$")


def split_sentences(text: str) -> list[Sentence]:
    """Split ``text`` into sentences with their spans; paragraph and line breaks also end one."""
    sentences: list[Sentence] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        end = match.end()
        piece = text[start:end]
        if match.group().startswith((".",)) and not match.group().startswith("\n"):
            word = _WORD_BEFORE.search(text[start : match.start() + 1])
            if word:
                token = word.group(1).lower().rstrip(".")
                if token in _ABBREVIATIONS or len(token) == 1:
                    continue
        nxt = text[end:].lstrip()
        if not match.group().startswith("\n") and nxt and nxt[0].islower():
            continue  # "e.g. the" or a quote that goes on: not a new sentence
        if piece.strip():
            _append(sentences, text, start, end)
        start = end
    if text[start:].strip():
        _append(sentences, text, start, len(text))
    return sentences


def _append(sentences: list[Sentence], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    sentences.append(Sentence(len(sentences) + 1, start, end, text[start:end]))
