"""Speed of the offline extractive engine: articles per second and ms per 1,000 words."""

from __future__ import annotations

import time
from dataclasses import dataclass


@dataclass(frozen=True)
class OfflineResult:
    """summarize_offline over a set of articles, and over one 1,000-word article."""

    articles: int
    words: int
    seconds: float
    per_1000_words_ms: float

    @property
    def articles_per_second(self) -> float:
        return self.articles / self.seconds if self.seconds else 0.0


def measure_offline(texts: list[str], *, runs: int = 5) -> OfflineResult:
    """Best-of-``runs`` ms for a 1,000-word article; one pass over ``texts``."""
    from bench.corpus import article_of_words
    from briefer.offline import summarize_offline

    started = time.perf_counter()
    for text in texts:
        summarize_offline(text)
    seconds = time.perf_counter() - started
    thousand = article_of_words(1000)
    best = float("inf")
    for _ in range(runs):
        t0 = time.perf_counter()
        summarize_offline(thousand)
        best = min(best, time.perf_counter() - t0)
    words = len(thousand.split())
    return OfflineResult(
        articles=len(texts),
        words=sum(len(t.split()) for t in texts),
        seconds=seconds,
        per_1000_words_ms=best * 1000 * 1000 / words,
    )
