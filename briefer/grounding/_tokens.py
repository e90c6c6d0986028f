"""Tokens for grounding: words with their offsets, folded form, content key and clause.

Every claim and every article sentence is cut the same way, so their words can be compared:
case and accents folded, a possessive "'s" dropped, stopwords keyed "", plurals, -ed and
-ing and irregular forms ("rose" -> "rise") folded by the claim stemmer, numbers whole.
Clauses are numbered from punctuation, quotation marks and the words that open a clause
("but", "which", "that", "after"...), so a negation or a hedge can be kept to its clause.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from briefer.words import CLAIM_STOPWORDS, IRREGULAR_FORMS, stem_for_claims

__all__ = ["Token", "token_key", "tokenize"]

_TOKEN = re.compile(
    r"US\$|[$€£¥]"  # currency
    r"|(?:[A-Za-z]\.){2,}"  # U.S., U.N.
    r"|\d+(?:[.,]\d+)*(?:st|nd|rd|th|s|bn|mn|tn|m|k|b)?(?!\w)"  # 3,000 1.2 21st 1990s 600m
    r"|\d+(?:[.,]\d+)*"
    r"|\w+(?:['\u2019\-]\w+)*['\u2019]?"  # words, with inner apostrophes and hyphens
    r"|[\"\u201c\u201d\u201e\u00ab\u00bb]"  # quotation marks
    r"|[,;:()\u2014\u2013%]|\s-\s|--|[.!?]"  # clause and sentence marks
)
_QUOTE_CHARS = frozenset('"\u201c\u201d\u201e\u00ab\u00bb')
_CLAUSE_MARKS = frozenset({",", ";", ":", "(", ")", "\u2014", "\u2013", " - ", "--"})
_CLAUSE_WORDS = frozenset(
    "but while whereas although though however yet which who whom whose that after before "
    "because when if unless until".split()
)
_SENTENCE_END = frozenset({".", "!", "?"})
_PRONOUNS = frozenset("he she him her his hers they them their it its".split())
_CURRENCY_SIGNS = {"$": "usd", "US$": "usd", "€": "eur", "£": "gbp", "¥": "jpy"}


@dataclass(frozen=True)
class Token:
    """One token: its text, offsets, folded form, content key ("" for a stopword), clause."""

    text: str
    start: int
    end: int
    lower: str
    key: str
    clause: int
    quoted: bool
    """Inside quotation marks in this text."""


@lru_cache(maxsize=65536)
def _fold(token: str) -> str:
    plain = token
    if not token.isascii():
        plain = "".join(
            c for c in unicodedata.normalize("NFKD", token) if not unicodedata.combining(c)
        )
    word = plain.replace("\u2019", "'").casefold()
    if word.endswith(("'s", "s'")) and len(word) > 2:
        word = word[:-2] if word.endswith("'s") else word[:-1]
    return word.rstrip("'")


@lru_cache(maxsize=65536)
def token_key(token: str) -> str:
    """The content word a token stands for, or "" for a stopword (cached: words recur)."""
    if token[0].isdigit():
        return _number_text(token)
    acronym = "." in token or (token.isupper() and len(token) > 1 and token.isalpha())
    word = _fold(token).replace(".", "")
    if acronym:
        return word
    if word in CLAIM_STOPWORDS or len(word) <= 1 or not word[0].isalnum():
        return ""
    return stem_for_claims(IRREGULAR_FORMS.get(word, word))


def _number_text(token: str) -> str:
    digits = re.match(r"\d+(?:[.,]\d+)*", token)
    text = digits.group() if digits else token
    # 3,000 and 3.000 (European) are both three thousand; 1.5 is one and a half.
    if re.fullmatch(r"\d{1,3}(?:[,.]\d{3})+", text) and not re.fullmatch(r"\d\.\d{3}", text):
        return text.replace(",", "").replace(".", "")
    return text.replace(",", "")


def tokenize(text: str) -> list[Token]:
    """The tokens of ``text``, each with its clause and whether it is inside quotation marks."""
    raw = [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]
    tokens: list[Token] = []
    clause = 0
    quoted = False
    straight_open = False
    for i, (word, start, end) in enumerate(raw):
        if word in _QUOTE_CHARS:
            if word == '"':
                straight_open = not straight_open
                quoted = straight_open
            else:
                quoted = word in "\u201c\u201e\u00ab"
            clause += 1
            tokens.append(Token(word, start, end, word, "", clause, quoted))
            continue
        lower = _fold(word)
        if word in _CLAUSE_MARKS or word in _SENTENCE_END:
            clause += 1
            tokens.append(Token(word, start, end, word, "", clause, quoted))
            continue
        if lower in _CLAUSE_WORDS and i > 0:
            clause += 1
        key = "" if word in _CURRENCY_SIGNS or word == "%" else token_key(word)
        tokens.append(Token(word, start, end, lower, key, clause, quoted))
    return tokens
