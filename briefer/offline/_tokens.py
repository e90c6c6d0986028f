"""Words with offsets for the offline engine: periods kept on abbreviations, possessives off."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from briefer.offline._lexicon import ABBREVIATIONS

__all__ = ["Token", "keeps_period", "tokenize"]

_TOKEN = re.compile(r"[^\W\d_](?:\w|[’'\-.&](?=\w))*\.?")
_POSSESSIVE = ("’s", "'s", "’", "'")
_OPENERS = "“\"‘'([—–-"


@dataclass(frozen=True)
class Token:
    """One word of the text; ``end`` excludes a possessive ending, which sets ``possessive``."""

    index: int
    start: int
    end: int
    text: str
    possessive: bool
    initial: bool
    """The word opens a sentence, a paragraph or a quotation."""

    @property
    def capitalized(self) -> bool:
        return self.text[:1].isupper()


def tokenize(text: str, *, ignore: Iterable[tuple[int, int]] = ()) -> list[Token]:
    """Words with offsets; a trailing period stays only on abbreviations and initials.

    Words starting inside an ``ignore`` range are left out.
    """
    skipped = list(ignore)
    tokens: list[Token] = []
    for match in _TOKEN.finditer(text):
        word, start = match.group(), match.start()
        if skipped and any(a <= start < b for a, b in skipped):
            continue
        if word.endswith(".") and not keeps_period(word[:-1]):
            word = word[:-1]
        possessive = False
        for ending in _POSSESSIVE:
            if word.endswith(ending) and len(word) > len(ending) + 1:
                if ending in ("’", "'") and word[-2:-1] not in ("s", "S"):
                    continue
                word, possessive = word[: -len(ending)], True
                break
        tokens.append(
            Token(len(tokens), start, start + len(word), word, possessive, _opens(text, start))
        )
    return tokens


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
