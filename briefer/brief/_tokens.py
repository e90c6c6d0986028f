"""Words of an article, read once: the capitalized ones (names are made of them), where
each stands, and the few lowercase words that matter around names and figures.

A capital proves a name only where capitals are not required anyway: not at the start of a
sentence, in a headline or in a line of capitals. :class:`Token` says which capitals are
informative (``certain``); :mod:`briefer.brief._names` reads names from them.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from briefer.brief._vocab import NUMBER_WORDS, SCALE_WORDS, SPEECH_VERBS

__all__ = ["CONNECTORS", "Token", "Tokens", "fold", "tokenize"]

# A word (letters, with inner apostrophes, dots or hyphens: "O'Neill", "U.S", "Stockton-on-Tees"),
# or a number (digits with thousands commas and a decimal part), with what comes before it.
_PIECE = re.compile(r"([\W_]*)([^\W\d_]+(?:['.\-][^\W\d_]+)*\.?|\d+(?:,\d{3})*(?:\.\d+)?)")
# What between two words starts a new sentence, or makes the next capital uninformative.
_BREAK = re.compile(r"[.!?:;\"\u201c\u201d()\[\]\u2014\u2013]|\n|(?:^|\s)-\s")
_ABBREVIATION = re.compile(r"(?:[a-z]\.)+|mr\.|mrs\.|ms\.|dr\.|st\.|jr\.|sr\.|prof\.|gov\.|sen\.")
_CAPITALS = re.compile(r"[^\W\d_a-z]{2}")
_NUMBER_PARTS = frozenset(NUMBER_WORDS) | frozenset(SCALE_WORDS)
CONNECTORS = frozenset(
    {"of", "for", "the", "and", "de", "del", "da", "la", "le", "von", "van", "&"}
)
# The few lowercase words tokenizing looks out for, in one lookup.
_SPECIAL = (
    dict.fromkeys(CONNECTORS, "connector")
    | dict.fromkeys(SPEECH_VERBS, "speech")
    | dict.fromkeys(_NUMBER_PARTS, "number")
)


@dataclass
class Token:
    """A capitalized word (or a connector such as "of") of a text."""

    text: str
    start: int
    index: int
    """Its place among all the words and numbers of the text."""
    capital: bool
    certain: bool
    """The capital is informative: mid-sentence, in running text, not a line of capitals."""


@dataclass(frozen=True)
class Tokens:
    """What names are read from: the capitalized words and connectors, in order."""

    words: list[Token]
    lowercase: frozenset[str]
    """Every word written in lowercase, folded."""
    digits: list[int]
    """Where each run of digits starts."""
    number_words: list[tuple[int, int, str]]
    """(place among all tokens, start, lowercase word) of each number word."""
    speech: frozenset[int]
    """Places of "said", "told" and the like: a name next to one is a person's."""


def tokenize(text: str, *, headline: bool = False) -> Tokens:
    """The words of ``text`` that names are made of; in a ``headline`` no capital counts."""
    words: list[Token] = []
    lowercase: set[str] = set()
    digits: list[int] = []
    number_words: list[tuple[int, int, str]] = []
    speech: set[int] = set()
    shouting = _shouting_lines(text) if _CAPITALS.search(text) else []
    at = 0
    sentence_start = True
    add_lowercase = lowercase.add
    breaks = _BREAK.search
    for index, (gap, word) in enumerate(_PIECE.findall(text)):
        start = at + len(gap)
        at = start + len(word)
        if gap != " " and gap and breaks(gap):
            sentence_start = True
        if word.islower():
            if word[-1] == ".":
                word = word[:-1]
                sentence_start = not _ABBREVIATION.fullmatch(word + ".")
            else:
                sentence_start = False
            add_lowercase(word)
            kind = _SPECIAL.get(word)
            if kind is None:
                if "-" in word and _number_word(word):  # "sixty-two"
                    number_words.append((index, start, word))
            elif kind == "number":
                number_words.append((index, start, word))
            elif kind == "speech":
                speech.add(index)
            else:
                words.append(Token(word, start, index, False, False))
            continue
        if word[0].isdigit():
            digits.append(start)
        elif word[0].isupper():
            if word.lower() in _NUMBER_PARTS:  # "Ninety Ukrainian captives"
                number_words.append((index, start, word.lower()))
            certain = not (headline or sentence_start or (shouting and _inside(shouting, start)))
            words.append(Token(word, start, index, True, certain))
        # "...left. Officials": the word took the period that ends its sentence.
        sentence_start = word[-1] == "." and not _ABBREVIATION.fullmatch(word.lower())
    # Words in capitals side by side ("in less than FOUR MINUTES") are shouting, not acronyms.
    for before, after in zip(words, words[1:], strict=False):
        if (
            after.index == before.index + 1
            and _all_capitals(before.text)
            and _all_capitals(after.text)
        ):
            before.certain = after.certain = False
    lowercase_words = frozenset(w if w.isascii() and "'" not in w else fold(w) for w in lowercase)
    return Tokens(words, lowercase_words, digits, number_words, frozenset(speech))


def _number_word(word: str) -> bool:
    return all(part in _NUMBER_PARTS for part in word.split("-"))


def _all_capitals(word: str) -> bool:
    return len(word) > 1 and word.isupper()


def _shouting_lines(text: str) -> list[tuple[int, int]]:
    """Spans of lines written mostly in capitals (tabloid headlines), where case says nothing."""
    spans = []
    at = 0
    for line in text.split("\n"):
        if _CAPITALS.search(line):
            letters = sum(map(str.isalpha, line))
            if letters >= 8 and sum(map(str.isupper, line)) > 0.7 * letters:
                spans.append((at, at + len(line)))
        at += len(line) + 1
    return spans


def _inside(spans: list[tuple[int, int]], at: int) -> bool:
    return any(a <= at < b for a, b in spans)


@lru_cache(maxsize=65536)
def fold(word: str) -> str:
    """A word without accents, case, possessive or final period: "Núñez's" -> "nunez"."""
    word = word.rstrip(".")
    if word.endswith(("'s", "'S")):
        word = word[:-2]
    elif word.endswith("'"):
        word = word[:-1]
    if word.isascii():
        return word.lower()
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
