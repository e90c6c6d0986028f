"""Words with offsets for the offline engine: periods kept on abbreviations, possessives off."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import NamedTuple

from briefer.offline._lexicon import ABBREVIATIONS

__all__ = ["Token", "keeps_period", "tokenize"]

# A letter, then word characters with single ’ ' - . & between them, then perhaps a period.
# (Written as runs, not one character at a time with a lookahead: the same words, faster.)
_TOKEN = re.compile(r"[^\W\d_]\w*(?:[’'\-.&]\w+)*\.?")
_POSSESSIVE = ("’s", "'s", "’", "'")
_OPENERS = "“\"‘'([—–-"


class Token(NamedTuple):
    """One word of the text; ``end`` excludes a possessive ending, which sets ``possessive``."""

    number: int
    """0-based position in the token list (``index`` is a tuple's method)."""
    start: int
    end: int
    text: str
    possessive: bool
    initial: bool
    """The word is capitalized and opens a sentence, a paragraph or a quotation."""

    @property
    def capitalized(self) -> bool:
        return self.text[:1].isupper()


def tokenize(text: str, *, ignore: Iterable[tuple[int, int]] = ()) -> list[Token]:
    """Words with offsets; a trailing period stays only on abbreviations and initials.

    Words starting inside an ``ignore`` range are left out.
    """
    spans = _merged(ignore)
    k, left = 0, len(spans)
    tokens: list[Token] = []
    append = tokens.append
    make = tuple.__new__  # skips Token.__new__, a Python function: long texts have 10^6 words
    for match in _TOKEN.finditer(text):
        start = match.start()
        if k < left:
            # Tokens come in order: walk the (merged, sorted) spans along with them.
            while k < left and spans[k][1] <= start:
                k += 1
            if k < left and spans[k][0] <= start:
                continue
        word = match.group()
        if word[-1] == "." and not keeps_period(word[:-1]):
            word = word[:-1]
        possessive = False
        if "'" in word or "’" in word:
            for ending in _POSSESSIVE:
                if word.endswith(ending) and len(word) > len(ending) + 1:
                    if ending in ("’", "'") and word[-2:-1] not in ("s", "S"):
                        continue
                    word, possessive = word[: -len(ending)], True
                    break
        # Only a capitalized word's place matters ("The" opening a sentence is no name).
        initial = word[0].isupper() and _opens(text, start)
        append(make(Token, (len(tokens), start, start + len(word), word, possessive, initial)))
    return tokens


def _merged(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def keeps_period(word: str) -> bool:
    """Whether a trailing period belongs to the word (an initial, "U.S.", "Dr.")."""
    return len(word) == 1 or "." in word or word in ABBREVIATIONS


def _opens(text: str, at: int) -> bool:
    i = at - 1
    while i >= 0 and (text[i] in " \t" or text[i] in _OPENERS):
        if text[i] in '“"‘':
            return True
        i -= 1
    return i < 0 or text[i] in ".!?:;\n"
