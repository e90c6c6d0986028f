"""Claims for grounding: does the article hold a sentence that says what the claim says?

Word overlap, not understanding: each claim and each article sentence is reduced to its
content words (case-folded, stopwords out, lightly stemmed, numbers whole), and a claim is
supported by the sentence, or pair of adjacent sentences, holding the largest share of its
words, provided that support states every number the claim does and is not negated where
the claim is not.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from briefer.schema import Evidence
from briefer.text import Sentence
from briefer.words import CLAIM_STOPWORDS, stem_for_claims

__all__ = ["SentenceIndex", "content_words", "support_claim"]


@dataclass(frozen=True)
class SentenceIndex:
    """An article's sentences with their content words, computed once per article."""

    sentences: list[Sentence]
    sentence_words: list[frozenset[str]]

    @classmethod
    def build(cls, sentences: list[Sentence]) -> SentenceIndex:
        return cls(sentences, [frozenset(content_words(s.text)) for s in sentences])


_TOKEN = re.compile(r"(?:[A-Za-z]\.){2,}|\d+(?:[.,]\d+)*|\w+(?:['\u2019]\w+)*")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_NEGATIONS = frozenset({"not", "never", "neither", "nor", "cannot"})
# "not only ... but also" affirms: it must not count as a negation.
_NOT_ONLY = re.compile(r"\bnot\s+only\b", re.IGNORECASE)


def _negations(words: frozenset[str] | set[str]) -> set[str]:
    return {w for w in words if w in _NEGATIONS or w.endswith("n't")}


def content_words(text: str) -> set[str]:
    """Stemmed, case-folded words of ``text`` that carry content; numbers kept whole."""
    keys = {_token_key(m.group()) for m in _TOKEN.finditer(_NOT_ONLY.sub("only", text))}
    keys.discard("")
    return keys


@lru_cache(maxsize=65536)
def _token_key(token: str) -> str:
    """The content word a token stands for, or "" for a stopword (cached: words recur)."""
    if token[0].isdigit():
        return token.replace(",", "")
    # An acronym in capitals or with dots is a name, even when it spells a stopword (US).
    acronym = "." in token or (token.isupper() and len(token) > 1)
    plain = token
    if not token.isascii():
        plain = "".join(
            c for c in unicodedata.normalize("NFKD", token) if not unicodedata.combining(c)
        )
    word = plain.replace(".", "").replace("\u2019", "'").casefold()
    if word.endswith("'s"):
        word = word[:-2]
    if acronym:
        return word
    if word not in CLAIM_STOPWORDS and len(word) > 1:
        return stem_for_claims(word)
    return ""


def _better(candidate: tuple[float, int, int], current: tuple[float, int, int]) -> bool:
    """Higher overlap wins; at equal overlap one sentence beats a pair (it adds nothing)."""
    if candidate[0] != current[0]:
        return candidate[0] > current[0]
    return candidate[2] - candidate[1] < current[2] - current[1]


def support_claim(claim: str, article: SentenceIndex, threshold: float) -> Evidence:
    """Evidence for ``claim``: its best supporting sentence(s), score and, if unverified, why."""
    wanted = content_words(claim)
    if not wanted:
        return Evidence(verified=False, score=0.0, note="the claim has no content words to check")
    if not article.sentences:
        return Evidence(
            verified=False, score=0.0, note="no supporting sentence (the article is empty)"
        )
    numbers = {w for w in wanted if _NUMBER.fullmatch(w)}
    best: tuple[float, int, int] = (0.0, 0, 0)  # score, first and last sentence index
    best_with_numbers: tuple[float, int, int] | None = None
    for first in range(len(article.sentences)):
        for last in (first, first + 1):
            if last >= len(article.sentences):
                continue
            words = article.sentence_words[first]
            if last != first:
                words = words | article.sentence_words[last]
            candidate = (len(wanted & words) / len(wanted), first, last)
            if _better(candidate, best):
                best = candidate
            if numbers <= words and (
                best_with_numbers is None or _better(candidate, best_with_numbers)
            ):
                best_with_numbers = candidate
    verified = best_with_numbers is not None and best_with_numbers[0] >= threshold
    score, first, last = best_with_numbers if verified and best_with_numbers else best
    note: str | None = None
    denied = _negations(article.sentence_words[first] | article.sentence_words[last])
    if verified and denied and not _negations(wanted):
        # A small model drops a "not" and says the opposite with the article's own words.
        verified = False
        note = f'no supporting sentence (the closest says "{sorted(denied)[0]}")'
    elif not verified and score >= threshold:
        missing = sorted(numbers - article.sentence_words[first] - article.sentence_words[last])
        note = f"no supporting sentence (the closest does not state {', '.join(missing)})"
    elif not verified:
        note = f"no supporting sentence (best overlap {score:.2f})"
    return Evidence(
        verified=verified,
        start=article.sentences[first].start,
        end=article.sentences[last].end,
        sentence=article.sentences[first].number,
        score=round(score, 2),
        note=note,
    )
