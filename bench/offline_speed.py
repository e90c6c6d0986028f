"""Speed of the offline extractive engine: articles per second, ms per 1,000 words, and
megabytes per second on large inputs (a long text, a long HTML page) stage by stage."""

from __future__ import annotations

import html
import re
import time
from dataclasses import dataclass
from pathlib import Path


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


@dataclass(frozen=True)
class LargeResult:
    """``briefer summarize --offline`` on one large input, in stages."""

    name: str
    megabytes: float
    paragraphs: int
    read: float
    chunk: float
    engine: float
    ground: float
    total: float
    """End to end, measured apart: read_article then Briefer(engine="offline").summarize."""
    chunks: int

    @property
    def mb_per_second(self) -> float:
        return self.megabytes / self.total if self.total else 0.0


def large_inputs(folder: Path, *, text_bytes: int, html_paragraphs: int) -> list[Path]:
    """A long plain-text article and a long HTML page (one short paragraph per <p>), built
    from the generated corpus so every run reads the same bytes."""
    from bench.corpus import load_corpus

    folder.mkdir(parents=True, exist_ok=True)
    articles = load_corpus(max(text_bytes, 200_000) + 100_000)
    text = "\n\n".join(a.text for a in articles).encode("utf-8")[:text_bytes]
    txt = folder / "long_article.txt"
    txt.write_bytes(text.decode("utf-8", "ignore").encode("utf-8"))
    sentences = [
        s for a in articles for s in re.split(r"(?<=[.!?])\s+", a.text) if 30 < len(s) < 90
    ]
    body = "".join(
        f"<p>{html.escape(sentences[i % len(sentences)])}</p>\n" for i in range(html_paragraphs)
    )
    page = folder / "long_page.html"
    page.write_text(
        "<html><head><title>A long page | Example</title></head><body><nav><a href='/'>Home"
        "</a></nav><article><h1>A long page</h1>" + body + "</article><footer>(c)</footer>"
        "</body></html>",
        encoding="utf-8",
    )
    return [txt, page]


def measure_large(path: Path) -> LargeResult:
    """Time the offline summary of ``path`` end to end, then stage by stage."""
    from briefer import Briefer
    from briefer.articles import read_article
    from briefer.offline import summarize_offline
    from briefer.summarize._merge import merge_contents

    started = time.perf_counter()
    article = read_article(path)
    Briefer(engine="offline").summarize(article)
    total = time.perf_counter() - started

    t0 = time.perf_counter()
    article = read_article(path)
    t1 = time.perf_counter()
    planner = Briefer(engine="offline")._summarizer.planner  # the planner summarize uses
    chunks = planner.chunks(article)
    t2 = time.perf_counter()
    parts = [summarize_offline(c.text, title=article.title) for c in chunks]
    t3 = time.perf_counter()
    planner.ground(article, merge_contents(parts))
    t4 = time.perf_counter()
    size = path.stat().st_size
    return LargeResult(
        name=path.name,
        megabytes=size / 1e6,
        paragraphs=article.text.count("\n\n") + 1,
        read=t1 - t0,
        chunk=t2 - t1,
        engine=t3 - t2,
        ground=t4 - t3,
        total=total,
        chunks=len(chunks),
    )


def measure_html_peers(path: Path) -> list[tuple[str, float, int]]:
    """Seconds and characters of text for the page, with the built-in parser and trafilatura."""
    from briefer.articles._html import _trafilatura_text, extract_html

    raw = path.read_text("utf-8")
    out = []
    started = time.perf_counter()
    doc = extract_html(raw, use_trafilatura=False)
    out.append(("briefer built-in parser", time.perf_counter() - started, len(doc.text)))
    try:
        import trafilatura  # noqa: F401
    except ImportError:
        return out
    started = time.perf_counter()
    text = _trafilatura_text(raw) or ""
    out.append(("trafilatura.extract", time.perf_counter() - started, len(text)))
    return out
