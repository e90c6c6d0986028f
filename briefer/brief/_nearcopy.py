"""Near copies by wording alone, for articles too poor in facts to be compared by them.

An article with almost no names or numbers ("It was said that they would.") cannot be matched
to its rewrites by facts; it can still be matched to a near copy of itself (a reflowed or
lightly edited version). Candidates come from MinHash over each article's content words with
LSH bands of two rows; each is then scored exactly:

    similarity = min(1, cosine(content-word sets) + containment(3-word shingles))

Hashes are keyed blake2b, never Python's salted ``hash``, so results never vary between runs.
"""

from __future__ import annotations

import hashlib
import math
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterator
from functools import cached_property, lru_cache

from briefer.words import STORY_STOPWORDS, fold_plural

__all__ = ["TextDoc", "candidate_pairs", "text_similarity"]

_WORD = re.compile(r"\w+(?:[.,']\w+)*")
_APOSTROPHES = ("\u2019", "\u2018", "\u02bc")
_POSSESSIVE = re.compile(r"'s\b")


def _words(text: str) -> list[str]:
    """Folded words: typography, case and possessives removed, numbers kept whole."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    for apostrophe in _APOSTROPHES:  # str.replace runs in C; str.translate with a dict does not
        folded = folded.replace(apostrophe, "'")
    return _WORD.findall(_POSSESSIVE.sub("", folded))


@lru_cache(maxsize=65536)
def _content_word(word: str) -> str | None:
    if word in STORY_STOPWORDS or (len(word) < 2 and not word.isdigit()):
        return None
    return fold_plural(word)


class TextDoc:
    """The wording of one article: content words and 3-word shingles, computed when needed."""

    def __init__(self, text: str) -> None:
        self.words = _words(text)

    @cached_property
    def content(self) -> frozenset[str]:
        return frozenset(w for w in map(_content_word, set(self.words)) if w is not None)

    @cached_property
    def shingles(self) -> frozenset[tuple[str, ...]]:
        w = self.words
        if len(w) < 3:
            return frozenset([tuple(w)]) if w else frozenset()
        return frozenset(zip(w, w[1:], w[2:], strict=False))


def text_similarity(a: TextDoc, b: TextDoc) -> float:
    """Cosine of the content-word sets plus containment of 3-word shingles, at most 1."""
    if not a.content or not b.content:
        return 0.0
    cosine = len(a.content & b.content) / math.sqrt(len(a.content) * len(b.content))
    containment = len(a.shingles & b.shingles) / min(len(a.shingles), len(b.shingles))
    return min(1.0, cosine + containment)


# ---- MinHash -----------------------------------------------------------------------------

_HASH_KEY = b"briefer-stories-v1"
_BINS = 128  # minhash values per article (one-permutation hashing, see _signature)
_ROWS = 2  # values per LSH band: P(candidate) = 1 - (1 - J**2) ** 64
_BIN_BITS = 7  # log2(_BINS)
_VALUE_MASK = (1 << (64 - _BIN_BITS)) - 1


@lru_cache(maxsize=65536)
def _hash64(token: str) -> int:
    digest = hashlib.blake2b(token.encode("utf-8"), digest_size=8, key=_HASH_KEY).digest()
    return int.from_bytes(digest, "big")


@lru_cache(maxsize=_BINS * 32)
def _probe(bin_index: int, attempt: int) -> int:
    return _hash64(f"\x00probe:{bin_index}:{attempt}") % _BINS


def _signature(tokens: frozenset[str]) -> tuple[int, ...]:
    """A MinHash signature of ``tokens`` with one hash per token.

    One-permutation hashing (Li, Owen and Zhang 2012): the top bits of a token's hash pick
    one of ``_BINS`` bins and the rest is its value; each bin keeps its minimum. Empty bins
    borrow the value of a bin chosen by a fixed probe sequence ("optimal densification",
    Shrivastava 2017), so two similar sets still agree bin by bin.
    """
    mins: list[int | None] = [None] * _BINS
    for token in tokens:
        h = _hash64(token)
        index, low = h >> (64 - _BIN_BITS), h & _VALUE_MASK
        current = mins[index]
        if current is None or low < current:
            mins[index] = low
    filled = [m for m in mins if m is not None]
    if not filled:
        return ()
    out: list[int] = []
    for index, own in enumerate(mins):
        found, attempt = own, 0
        while found is None:
            found = mins[_probe(index, attempt)] if attempt < 64 else filled[0]
            attempt += 1
        out.append(found)
    return tuple(out)


def candidate_pairs(docs: dict[int, TextDoc]) -> Iterator[tuple[int, int]]:
    """Pairs of indices whose content words share at least one LSH band, each pair once."""
    buckets: dict[tuple[int, tuple[int, ...]], list[int]] = defaultdict(list)
    for index, doc in sorted(docs.items()):
        signature = _signature(doc.content)
        if not signature:
            continue
        for band in range(0, _BINS, _ROWS):
            buckets[(band, signature[band : band + _ROWS])].append(index)
    seen: set[tuple[int, int]] = set()
    for members in buckets.values():
        for pos, i in enumerate(members):
            for j in members[pos + 1 :]:
                if (i, j) not in seen:
                    seen.add((i, j))
                    yield i, j
