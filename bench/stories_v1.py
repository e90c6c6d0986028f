"""The story grouping briefer shipped before entity-aware grouping, kept as the baseline.

A verbatim copy of ``briefer/brief/_stories.py`` at commit 3e5d3a4 (text similarity only), so
``bench/stories.py`` can measure old and new side by side in the same run. Not used by briefer.

Group a day's articles into stories: one event, told by one or more outlets.

Three kinds of sameness are caught:

* exact copies: the same content id (a hash of the text with white space folded) or the
  same canonical URL (``canonical_url``);
* near copies and rewrites: the same event reported by several outlets in their own words.

Rewrites are the hard case. Outlets share the facts (names, numbers, places) and often a
quote, but hardly any sentences, so word-shingle Jaccard is low for them: 0.07-0.14 on the
planted rewrites in ``tests/articles_brief`` against 0.00-0.01 for unrelated pairs, too low
for LSH banding to separate from noise. So candidates come from MinHash over each article's
set of content words (stop words removed, light plural folding), with LSH bands of two rows,
which finds pairs with a content-word Jaccard of 0.25 or more with probability above 0.98.
Each candidate pair is then scored exactly:

    similarity = min(1, cosine(content-word sets) + containment(3-word shingles))

The cosine measures shared facts and vocabulary; the shingle containment (shared three-word
phrases over the shorter article's phrases) rewards shared quotations and copied sentences.
Measured on ``tests/articles_brief``: the seven planted rewrite pairs score 0.59-1.00
(cosine 0.44-0.73 plus containment 0.15-0.30); the closest different stories on the same
topic (a UN report on prisoners of war against the prisoner swap, German factory orders
against the ECB decision) score at most 0.24 (cosine up to 0.23, containment up to 0.03).
Every other pair scores below 0.15. The default threshold, 0.5, sits between.
Pairs at or above the threshold are joined with union-find, so stories are transitive.

Everything is deterministic: hashes are keyed blake2b, never Python's salted ``hash`` or the
``random`` module, so the same input always gives the same stories in the same order.
"""

from __future__ import annotations

import hashlib
import math
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from briefer.errors import UsageError
from briefer.schema import Article
from briefer.words import STORY_STOPWORDS, fold_plural

__all__ = ["StoryGroup", "canonical_url", "group_stories"]


@dataclass(frozen=True)
class StoryGroup:
    """The articles that tell one story; the lead is the one to summarize."""

    id: str
    """Stable id: the lead article's content id."""
    lead: Article
    """The longest article of the group (the first of them on a tie)."""
    articles: tuple[Article, ...]
    """The lead first, then the others in input order (exact copies included)."""


# ---- URLs --------------------------------------------------------------------------------

# Click and campaign trackers that say how a reader arrived, not what they read.
_TRACKING_PARAMS = {"fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "igshid", "yclid"}
_DEFAULT_PORTS = {"http": 80, "https": 443}


def canonical_url(url: str) -> str:
    """The URL in a form where two links to the same page compare equal.

    Lowercases the scheme and host, drops ``www.``, a default port, the fragment, a
    trailing slash and tracking parameters (``utm_*``, ``fbclid``, ``gclid`` and similar
    click ids), and sorts the remaining query parameters. The path keeps its case. Text
    that is not an absolute URL is returned stripped and otherwise unchanged.
    """
    text = url.strip()
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        return text
    if not parts.scheme or not parts.netloc:
        return text
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").removeprefix("www.")
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    if port is not None and port != _DEFAULT_PORTS.get(scheme):
        host = f"{host}:{port}"
    if parts.username is not None:
        userinfo = parts.username + (f":{parts.password}" if parts.password is not None else "")
        host = f"{userinfo}@{host}"
    path = parts.path.rstrip("/")
    query = sorted(
        (key, value)
        for key, value in parse_qsl(parts.query, keep_blank_values=True)
        if not key.lower().startswith("utm_") and key.lower() not in _TRACKING_PARAMS
    )
    return urlunsplit((scheme, host, path, urlencode(query), ""))


# ---- words -------------------------------------------------------------------------------

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
    one of ``_BINS`` bins and the rest is its value; each bin keeps its minimum. That costs one
    hash per token instead of one per token and permutation, which is what lets 1,000
    articles be signed in well under a second in pure Python. Empty bins borrow the value of
    a bin chosen by a fixed probe sequence ("optimal densification", Shrivastava 2017), so
    two similar sets still agree bin by bin.
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


# ---- grouping ----------------------------------------------------------------------------


class _Doc:
    """The features of one distinct article, computed once and only when needed."""

    def __init__(self, article: Article) -> None:
        self.words = _words(article.text)

    @cached_property
    def content(self) -> frozenset[str]:
        return frozenset(w for w in map(_content_word, set(self.words)) if w is not None)

    @cached_property
    def shingles(self) -> frozenset[tuple[str, ...]]:
        w = self.words
        if len(w) < 3:
            return frozenset([tuple(w)]) if w else frozenset()
        return frozenset(zip(w, w[1:], w[2:], strict=False))


def _signatures(docs: dict[int, _Doc]) -> dict[int, tuple[int, ...]]:
    """MinHash signatures over each article's distinctive content words.

    Words found in more than one article in 20 (and in more than 10) are left out of the
    signatures: they are the day's common vocabulary, and in a large batch they would make
    most pairs candidates. Rewrites share the rare words (names, numbers, places), so this
    raises their Jaccard as it lowers everyone else's. Scoring still uses every word.
    """
    frequency: dict[str, int] = defaultdict(int)
    for doc in docs.values():
        for word in doc.content:
            frequency[word] += 1
    limit = max(10, len(docs) // 20)
    out = {}
    for i, doc in docs.items():
        distinctive = frozenset(w for w in doc.content if frequency[w] <= limit)
        out[i] = _signature(distinctive or doc.content)
    return out


def _similarity(a: _Doc, b: _Doc) -> float:
    if not a.content or not b.content:
        return 0.0
    cosine = len(a.content & b.content) / math.sqrt(len(a.content) * len(b.content))
    containment = len(a.shingles & b.shingles) / min(len(a.shingles), len(b.shingles))
    return min(1.0, cosine + containment)


class _UnionFind:
    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        ri, rj = self.find(i), self.find(j)
        if ri != rj:
            # The smaller index stays root, so roots are reproducible.
            self.parent[max(ri, rj)] = min(ri, rj)


def _candidate_pairs(signatures: dict[int, tuple[int, ...]]) -> Iterator[tuple[int, int]]:
    """Pairs of article indices that share at least one LSH band, each pair once."""
    buckets: dict[tuple[int, tuple[int, ...]], list[int]] = defaultdict(list)
    for index, signature in signatures.items():
        for band in range(0, _BINS, _ROWS):
            buckets[(band, signature[band : band + _ROWS])].append(index)
    seen: set[tuple[int, int]] = set()
    for members in buckets.values():
        for pos, i in enumerate(members):
            for j in members[pos + 1 :]:
                if (i, j) not in seen:
                    seen.add((i, j))
                    yield i, j


def group_stories(articles: Sequence[Article], *, threshold: float = 0.5) -> list[StoryGroup]:
    """Group articles that report the same event into stories.

    Args:
        articles: the day's articles, in the order stories should follow.
        threshold: similarity (0 to 1, see the module docstring) at or above which two
            articles are one story. Lower joins more loosely worded rewrites; higher keeps
            only near copies together.

    Returns:
        One group per story, ordered by where its lead first appears in ``articles``.
        Every input article is in exactly one group.

    Raises:
        UsageError: ``threshold`` is not between 0 and 1.
    """
    if not 0.0 <= threshold <= 1.0:
        raise UsageError(f"story threshold must be between 0 and 1, not {threshold}")
    n = len(articles)
    groups = _UnionFind(n)
    # Exact copies first: they need no features, and only one of each is compared below.
    first_by_key: dict[tuple[str, str], int] = {}
    for i, article in enumerate(articles):
        keys = [("id", article.id)]
        if article.url:
            keys.append(("url", canonical_url(article.url)))
        for key in keys:
            if key in first_by_key:
                groups.union(first_by_key[key], i)
            else:
                first_by_key[key] = i
    distinct = sorted({first_by_key[("id", a.id)] for a in articles})
    docs = {i: _Doc(articles[i]) for i in distinct}
    signatures = {i: sig for i, sig in _signatures(docs).items() if sig}
    for i, j in _candidate_pairs(signatures):
        if groups.find(i) != groups.find(j) and _similarity(docs[i], docs[j]) >= threshold:
            groups.union(i, j)

    members: dict[int, list[int]] = defaultdict(list)
    for i in range(n):
        members[groups.find(i)].append(i)
    stories = []
    for indices in members.values():
        lead = max(indices, key=lambda i: (len(articles[i].text.strip()), -i))
        ordered = [lead, *(i for i in indices if i != lead)]
        story = StoryGroup(
            id=articles[lead].id,
            lead=articles[lead],
            articles=tuple(articles[i] for i in ordered),
        )
        stories.append((lead, story))
    return [story for _, story in sorted(stories, key=lambda pair: pair[0])]
