"""How one article becomes model calls: chunks, messages, the plan of calls and its estimate.

The plan is written once for the sync and the async runner: a generator that yields a batch
of calls (the chunks, then the merge, then the optional grounding re-ask) and receives their
results in order. :meth:`ArticlePlanner.estimate` lists the same calls with their token
bounds, so ``--dry-run`` and ``--max-cost`` price exactly what a run may send.
"""

from __future__ import annotations

from collections.abc import Generator
from dataclasses import dataclass
from functools import cached_property

from pydantic import BaseModel

from briefer.chunking import Chunk, split_text
from briefer.errors import UsageError
from briefer.grounding import (
    EVIDENCE_CHARS,
    apply_model_check,
    failed_items,
    ground,
    statements_to_verify,
)
from briefer.llm import Message, MessagesFor, Mode
from briefer.prompts import (
    PromptSet,
    ground_reask_request,
    merge_request,
    summarize_request,
    verify_request,
)
from briefer.schema import (
    MAX_VERIFY_ITEMS,
    Article,
    GroundingReport,
    SummaryContent,
    VerifyReply,
)
from briefer.summarize._merge import dedupe_people
from briefer.summarize._settings import OFFLINE_CHUNK_TOKENS, SummarySettings
from briefer.tokens import TokenCounter, token_counter

__all__ = ["ArticlePlanner", "Call", "Grounded", "Plan", "PlannedCall"]

# cl100k is only an estimate of a local model's tokenizer: keep a fifth of the room spare.
TOKENIZER_MARGIN = 0.8

Grounded = tuple[SummaryContent, GroundingReport]


@dataclass(frozen=True)
class Call:
    """One model call a summary needs."""

    messages: MessagesFor
    template: str = "summarize"
    optional: bool = False
    """A call whose failure the summary survives (the grounding re-ask, the model check)."""
    output: type[BaseModel] = SummaryContent
    """The model the reply must validate as (``VerifyReply`` for the model check)."""


Plan = Generator[list[Call], list[BaseModel | None], Grounded]


@dataclass(frozen=True)
class PlannedCall:
    """One model call a run may make, with its token bounds (``--dry-run``, ``--max-cost``)."""

    story: str
    """What the call is for: a story's title, or the day's top lines."""
    kind: str
    """``chunk``, ``merge``, ``ground_reask``, ``verify`` or ``top_lines``."""
    articles: int
    prompt_tokens: int
    max_output_tokens: int
    conditional: bool = False
    """Made only when needed (a re-ask after grounding found something unverified)."""


class ArticlePlanner:
    """Chunks, messages, call plan and estimate for articles under one set of settings.

    Needs no client: ``briefer prompts render`` and ``--dry-run`` use it without a model.
    """

    def __init__(self, settings: SummarySettings, prompts: PromptSet) -> None:
        self.settings = settings
        self.prompts = prompts
        self._overhead: int | None = None
        self._verify_overhead: int | None = None

    @cached_property
    def counter(self) -> TokenCounter:
        """The token counter (loaded on first use: the offline engine rarely needs it)."""
        return token_counter(self.settings.model)

    def chunks(self, article: Article) -> list[Chunk]:
        """How the article will be split for the model, by its token budget.

        The offline engine reads an article whole, whatever its length (it runs in linear
        time, and sees every name and quotation in context): one chunk, counted only if
        someone reads its ``tokens``.
        """
        if self.settings.engine == "offline":
            text = article.text
            return [Chunk(0, text, 0, len(text), counter=self.counter)] if text else []
        return split_text(
            article.text,
            max_tokens=self.chunk_budget(article),
            counter=self.counter,
            overlap=self.settings.chunk_overlap,
        )

    def chunk_budget(self, article: Article | None = None) -> int:
        """Article tokens that fit in one request: the context less the prompt and the reply."""
        settings = self.settings
        if settings.chunk_tokens:
            return settings.chunk_tokens
        if settings.engine == "offline":
            return OFFLINE_CHUNK_TOKENS
        overhead = self.prompt_overhead()
        if article is not None:
            overhead += _metadata_bound(article)
        room = int(
            (settings.context_window - overhead - settings.max_output_tokens) * TOKENIZER_MARGIN
        )
        if room < 64:
            raise UsageError(
                f"the context window ({settings.context_window} tokens) leaves no room for the "
                f"article after the prompt ({overhead}) and the reply "
                f"({settings.max_output_tokens}); raise context_window or lower max_output_tokens"
            )
        return room

    def prompt_overhead(self) -> int:
        """Tokens of the prompt around an article with no metadata (computed once)."""
        if self._overhead is None:
            self._overhead = self.count_messages(
                summarize_request(self.prompts, Article(text=" "), "", 1, 2)("prompt")
            )
        return self._overhead

    def count_messages(self, messages: list[Message]) -> int:
        """Prompt tokens of ``messages`` (content plus a few tokens of framing each)."""
        return sum(4 + self.counter.count(str(m["content"])) for m in messages)

    def request(self, article: Article, chunk: Chunk, parts: int) -> MessagesFor:
        """The messages asking for one chunk's summary."""
        return summarize_request(self.prompts, article, chunk.text, chunk.index + 1, parts)

    def messages(self, article: Article, mode: Mode = "json_schema") -> list[list[Message]]:
        """The messages each chunk's request would carry, without calling the model."""
        chunks = self.chunks(article)
        return [self.request(article, c, len(chunks))(mode) for c in chunks]

    def template_hash(self, template: str) -> str:
        """The hashes of the system and user templates of a call (cache salt, metadata)."""
        return f"{self.prompts.hash('system')}:{self.prompts.hash(template)}"

    def ground(self, article: Article, content: SummaryContent) -> Grounded:
        """Dedupe people, then check everything against the article."""
        return ground(dedupe_people(content), article.text, policy=self.settings.grounding)

    def plan(self, article: Article, chunks: list[Chunk]) -> Plan:
        """The model calls of one summary, in batches; see the module docstring."""
        parts = yield [Call(self.request(article, c, len(chunks))) for c in chunks]
        if len(parts) > 1:
            parts = yield [Call(merge_request(self.prompts, article, _values(parts)), "merge")]
        grounded = self.ground(article, _values(parts)[0])
        reask = self._reask_request(article, chunks, grounded[1])
        if reask is not None:
            (retry,) = yield [Call(reask, "ground_reask", optional=True)]
            if isinstance(retry, SummaryContent):  # a failed re-ask leaves the first standing
                grounded = _better(grounded, self.ground(article, retry))
        if self.settings.verify == "model" and self.settings.engine == "model":
            statements = statements_to_verify(*grounded, article.text)
            if statements:
                request = verify_request(self.prompts, [(s.text, s.evidence) for s in statements])
                (reply,) = yield [Call(request, "verify", optional=True, output=VerifyReply)]
                checked = reply if isinstance(reply, VerifyReply) else None
                grounded = apply_model_check(
                    *grounded, statements, checked, self.settings.grounding
                )
        return grounded

    def _reask_request(
        self, article: Article, chunks: list[Chunk], report: GroundingReport
    ) -> MessagesFor | None:
        """The one targeted re-ask, when it is asked for and can help.

        Only for an article that fits one request: the re-ask carries the whole article.
        """
        if not (self.settings.grounding_reask and report.dropped):
            return None
        if self.settings.engine != "model" or len(chunks) != 1:
            return None
        return ground_reask_request(self.prompts, article, failed_items(report))

    def estimate(
        self, article: Article, *, story: str | None = None, articles: int = 1
    ) -> list[PlannedCall]:
        """Every call :meth:`plan` may make for ``article``, with its token bounds.

        Prompt tokens are the chunk's plus the prompt around it; each reply is bounded by the
        output limit, and the merge's prompt by the partial replies it carries. The grounding
        re-ask, when enabled, is listed as conditional: it carries the whole article again.
        """
        if self.settings.engine != "model":
            return []
        label = story or article.label
        out = self.settings.max_output_tokens
        overhead = self.prompt_overhead() + _metadata_bound(article)
        chunks = self.chunks(article)
        calls = [PlannedCall(label, "chunk", articles, c.tokens + overhead, out) for c in chunks]
        if len(chunks) > 1:
            calls.append(PlannedCall(label, "merge", articles, overhead + out * len(chunks), out))
        elif self.settings.grounding_reask:
            # The article again, plus the list of failed items (no longer than one reply).
            prompt = chunks[0].tokens + overhead + out
            calls.append(PlannedCall(label, "ground_reask", articles, prompt, out, True))
        if self.settings.verify == "model":
            calls.append(
                PlannedCall(label, "verify", articles, self._verify_bound(chunks), out, True)
            )
        return calls

    def _verify_bound(self, chunks: list[Chunk]) -> int:
        """Prompt tokens of the model check: its template, then each statement and evidence.

        A statement is at most 300 characters (the schema's limit) and its evidence at most
        EVIDENCE_CHARS, all drawn from the article; a token is at least one character.
        """
        if self._verify_overhead is None:
            self._verify_overhead = self.count_messages(verify_request(self.prompts, [])("prompt"))
        article_tokens = sum(c.tokens for c in chunks)
        per_statement = 24 + 300 + min(EVIDENCE_CHARS, article_tokens)
        return self._verify_overhead + MAX_VERIFY_ITEMS * per_statement


def _metadata_bound(article: Article) -> int:
    # The title, source and date lines are the only per-article part of the prompt. Their
    # UTF-8 length bounds their tokens (a token is at least one byte), at no tokenizer call.
    fields = (article.title, article.source, article.published)
    return sum(16 + len(str(f).encode("utf-8")) for f in fields if f)


def _values(results: list[BaseModel | None]) -> list[SummaryContent]:
    # Only optional calls come back as None, and the chunk and merge calls are not optional.
    return [r for r in results if isinstance(r, SummaryContent)]


def _better(first: Grounded, retry: Grounded) -> Grounded:
    """The re-asked summary if it verifies at least as much, else the first; both grounded."""
    (_, before), (content, after) = first, retry
    if after.verified < before.verified:
        return first[0], before.model_copy(update={"reasked": len(before.dropped)})
    return content, after.model_copy(update={"reasked": len(before.dropped)})
