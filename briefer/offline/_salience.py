"""Which sentences carry the news: position, centrality and the headline's words.

News puts the main facts first, so position weighs most; a sentence that shares its words
with many others (TextRank-style centrality) and with the headline is the more likely to be
a key fact. (A bonus for names and figures was tried and lowered ROUGE on the tuned
articles of the gold set at every weight, so it is not used.) Page furniture left
behind by extraction ("Scroll down for video", bylines, time stamps, captions, share prompts)
is never a claim.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from functools import lru_cache

from briefer.text import Sentence
from briefer.words import RANKING_STOPWORDS, stem_for_ranking

__all__ = ["GRAPH_SENTENCES", "content_words", "is_furniture", "rank"]

GRAPH_SENTENCES = 80
"""Sentences of a long text beyond these are ranked without the graph: news puts what
matters first, and the graph grows with the square of its size."""

# Weights of the salience score (chosen on the tuned half of the gold set, see docs/offline.md).
POSITION_DECAY = 4.0
CENTRAL = 1.0
HEADLINE = 0.8

_WORD = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")
_FURNITURE = re.compile(
    r"^(?:scroll down|share (?:this|or comment)|advertisement|related articles|read more|"
    r"click here|follow (?:us|him|her)|sign up|subscribe|watch:|listen:|pictured:|above:|"
    r"below:|left:|right:|main image|video:|photo:|image:|getty images|copyright|©|"
    r"all rights reserved|(?:published|updated|last updated):|by [A-Z ,.'-]+$)",
    re.IGNORECASE,
)
_CAPTION = re.compile(r"\((?:photo|picture|image|credit|file)\b[^)]*\)\s*$", re.IGNORECASE)
_FLUFF = re.compile(
    r"^(?:in summary|in conclusion|to conclude|overall|as the situation|for those|"
    r"only time will tell|it remains to be seen)\b",
    re.IGNORECASE,
)
ANAPHORA = re.compile(
    r"^(?:(?:firstly|secondly|thirdly|finally|moreover|additionally|also|however),\s+)?"
    r"(?:it|they|he|she|this|these|those|such|his|her|their|its)\b",
    re.IGNORECASE,
)
"""A sentence opening with a pronoun leans on the one before it."""


def is_furniture(text: str) -> bool:
    """Page furniture left by extraction: share prompts, bylines, time stamps, captions."""
    return bool(_FURNITURE.match(text.strip()) or _CAPTION.search(text))


def content_words(text: str) -> set[str]:
    """Stemmed words that say what a sentence is about."""
    return {
        _stem(w) for w in _WORD.findall(text.lower()) if w not in RANKING_STOPWORDS and len(w) > 2
    }


# Words recur: each is stemmed once (a long article has hundreds of thousands of words).
_stem = lru_cache(maxsize=65536)(stem_for_ranking)


def rank(sentences: list[Sentence], title: str | None) -> list[tuple[float, Sentence]]:
    """Sentences by salience, best first (ties in text order)."""
    headline = content_words(title or "")
    # Past the graph, a sentence's words count only for the headline's, and a stem is a
    # prefix of its word: a sentence holding none of the headline's stems shares none.
    words: list[AbstractSet[str]] = [
        content_words(s.text) if i < GRAPH_SENTENCES or _may_share(s.text, headline) else _NO_WORDS
        for i, s in enumerate(sentences)
    ]
    n = len(sentences)
    central = _centrality(words[:GRAPH_SENTENCES]) + [0.0] * max(0, n - GRAPH_SENTENCES)
    top = max(central, default=1.0) or 1.0
    ranked: list[tuple[float, Sentence]] = []
    for i, sentence in enumerate(sentences):
        text = sentence.text
        score = (
            math.exp(-i / POSITION_DECAY)  # position: the first sentences carry the news
            + CENTRAL * central[i] / top
        )
        if headline:
            score += HEADLINE * len(words[i] & headline) / len(headline)
        if _FLUFF.match(text):
            score -= 0.5
        elif ANAPHORA.match(text):
            score -= 0.3
        if is_furniture(text):
            score -= 5.0
        ranked.append((score, sentence))
    ranked.sort(key=lambda item: (-item[0], item[1].start))
    return ranked


_NO_WORDS: frozenset[str] = frozenset()


def _may_share(text: str, headline: set[str]) -> bool:
    if not headline:
        return False
    low = text.lower()
    return any(h in low for h in headline)


def _centrality(words: Sequence[AbstractSet[str]]) -> list[float]:
    """TextRank over shared content words: a sentence is central when central ones share its
    words. Sparse: only pairs that share a word are visited."""
    n = len(words)
    index: dict[str, list[int]] = {}
    for i, ws in enumerate(words):
        for w in ws:
            index.setdefault(w, []).append(i)
    shared: dict[tuple[int, int], int] = {}
    for holders in index.values():
        for a, i in enumerate(holders):
            for j in holders[a + 1 :]:
                shared[i, j] = shared.get((i, j), 0) + 1
    logs = [math.log(len(ws) + 1) for ws in words]
    weights: list[dict[int, float]] = [{} for _ in range(n)]
    for (i, j), count in shared.items():
        weights[i][j] = weights[j][i] = count / (logs[i] + logs[j])
    totals = [sum(row.values()) or 1.0 for row in weights]
    # Incoming edges only, each already divided by its source's total weight.
    incoming = [[(j, w / totals[j]) for j, w in row.items()] for row in weights]
    scores = [1.0] * n
    for _ in range(15):
        scores = [0.15 + 0.85 * sum(w * scores[j] for j, w in edges) for edges in incoming]
    return scores
