"""Token overhead: the prompt tokens briefer sends per article against the article's own.

Counted with FakeClient, which reports ``prompt_tokens`` as cl100k tokens of every message
plus 4 per message. The fixed cost (system prompt and template around an article of one
character) and the response schema (sent in ``response_format`` in json_schema mode, which
OpenAI also bills as input) are reported apart from the article.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SEED_ARTICLE = REPO / "seeds" / "000_9257439dfe81132e.txt"


@dataclass(frozen=True)
class OverheadResult:
    """The prompt tokens one article costs."""

    name: str
    article_tokens: int
    chunks: int
    calls: int
    prompt_tokens: int
    """All prompt tokens of the run (every chunk call, and the merge call if any)."""
    chunk_prompt_tokens: int
    """Prompt tokens of the chunk calls alone (the article text goes only there)."""
    template_tokens: int
    """Fixed messages around an article of one character, per call."""
    schema_tokens: int
    """The response_format JSON Schema, per call (not in FakeClient's count)."""

    @property
    def allowed(self) -> float:
        """The target: 1.15 x article tokens + template and schema for every chunk call."""
        return 1.15 * self.article_tokens + self.chunks * (
            self.template_tokens + self.schema_tokens
        )

    @property
    def ratio(self) -> float:
        """Chunk-call prompt tokens less the fixed template, over the article's tokens."""
        return (self.chunk_prompt_tokens - self.chunks * self.template_tokens) / self.article_tokens


def long_article(tokens: int = 12_000) -> str:
    """A generated article of about ``tokens`` cl100k tokens."""
    from bench.corpus import article_of_words
    from briefer.tokens import token_counter

    counter = token_counter()
    words = int(tokens / 1.3)
    while True:
        text = article_of_words(words)
        if counter.count(text) >= tokens:
            return text
        words += 500


def measure_overhead(name: str, text: str, *, context_window: int | None = None) -> OverheadResult:
    """Summarize ``text`` with FakeClient and count what was sent."""
    from briefer import Briefer
    from briefer.llm import response_schema
    from briefer.schema import Article, SummaryContent
    from briefer.testing import FakeClient

    client = FakeClient()
    briefer = Briefer(client=client, model="gpt-4o-mini", context_window=context_window)
    counter = briefer.counter
    article = Article(text=text)
    summary = briefer.summarize(article)
    fixed = briefer.messages(Article(text="x"))[0]
    template = sum(4 + counter.count(str(m["content"])) for m in fixed) - counter.count("x")
    schema = counter.count(json.dumps(response_schema(SummaryContent, strict=True)))
    chunk_calls = [c for c in client.calls if "Part 1: {" not in (c.fenced_text or "")]
    chunk_prompt = sum(
        sum(4 + counter.count(str(m.get("content", ""))) for m in c.messages) for c in chunk_calls
    )
    return OverheadResult(
        name=name,
        article_tokens=counter.count(text),
        chunks=summary.metadata.chunks,
        calls=summary.metadata.calls,
        prompt_tokens=summary.metadata.usage.prompt_tokens,
        chunk_prompt_tokens=chunk_prompt,
        template_tokens=template,
        schema_tokens=schema,
    )


def measure_all(quick: bool = False) -> list[OverheadResult]:
    """The seed article, and a long article split for a 4,096-token context."""
    seed = SEED_ARTICLE.read_text(encoding="utf-8")
    long_tokens = 3_000 if quick else 12_000
    return [
        measure_overhead(f"seed article ({SEED_ARTICLE.name})", seed),
        measure_overhead(
            f"long article (~{long_tokens:,} tokens), context_window=4096",
            long_article(long_tokens),
            context_window=4096,
        ),
    ]
