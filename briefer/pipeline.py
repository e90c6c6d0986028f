"""The one pipeline behind the library, the CLI and the daily brief.

article -> chunks -> per-chunk summary (model call or offline engine) -> merge -> ground ->
ArticleSummary. Only the engine behind the summary step changes.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
import importlib
import inspect
import time
import weakref
from collections.abc import Callable, Generator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, TypeVar, get_args

from pydantic import BaseModel

from briefer.chunking import Chunk, split_text
from briefer.errors import ArticleError, ModelError, UsageError
from briefer.grounding import GroundingPolicy, failed_items, ground
from briefer.llm import (
    Mode,
    ModeSetting,
    StructuredResult,
    acall_structured,
    call_structured,
)
from briefer.merge import dedupe_people, merge_contents
from briefer.pricing import estimate_cost, model_info
from briefer.prompts import PromptSet
from briefer.requests import (
    MessagesFor,
    ground_reask_request,
    merge_request,
    summarize_request,
)
from briefer.schema import (
    Article,
    ArticleSummary,
    DailyBrief,
    GroundingReport,
    RunMetadata,
    SummaryContent,
)
from briefer.tally import Tally
from briefer.tokens import TokenCounter, token_counter

__all__ = ["Briefer", "Engine", "GroundingPolicy"]

Engine = Literal["model", "offline"]
T = TypeVar("T", bound=BaseModel)
R = TypeVar("R")
_Grounded = tuple[SummaryContent, GroundingReport]

# The offline engine has no context window; this keeps its chunks the size a model would see.
OFFLINE_CHUNK_TOKENS = 3000
# cl100k is only an estimate of a local model's tokenizer: keep a fifth of the room spare.
TOKENIZER_MARGIN = 0.8


class Briefer:
    """Summarize articles into source-checked briefings.

    With a ``client`` (``openai.OpenAI``, ``AsyncOpenAI``, ``AzureOpenAI``, or
    :class:`briefer.testing.FakeClient`) and a ``model``, summaries come from that model;
    without one, from the offline extractive engine.

    Args:
        client: an OpenAI-compatible client; None for the offline engine.
        model: the model name to ask for (required with a client).
        engine: ``model`` or ``offline``; by default ``model`` when a client is given.
        mode: structured-output mode: ``auto`` (negotiate), ``json_schema``, ``json_object``
            or ``prompt``.
        grounding: what to do with items not found in the article: ``drop``, ``flag``, ``off``.
        grounding_reask: after grounding, send the unverified items back to the model once
            and keep whichever summary verifies more (one more call, only when some failed).
        prompts_dir: a folder whose templates override the built-in ones.
        max_output_tokens: the limit for each reply (default from the model table, at most 2048).
        temperature: sampling temperature (None leaves the server's default).
        context_window: the model's context in tokens (default from the model table).
        chunk_tokens: the article tokens per chunk (default: what fits the context).
        chunk_overlap: tokens repeated between consecutive chunks.
        max_reasks: re-asks after an invalid reply.
        cache: a :class:`briefer.cache.ResponseCache` to reuse replies, or None.
        concurrency: model calls in flight at once in the async API and the daily brief.
        prices: price overrides, ``{"model": {"input": 0.15, "output": 0.6}}`` per 1M tokens.
    """

    def __init__(
        self,
        *,
        client: Any = None,
        model: str | None = None,
        engine: Engine | None = None,
        mode: ModeSetting = "auto",
        grounding: GroundingPolicy = "drop",
        grounding_reask: bool = False,
        prompts_dir: str | Path | None = None,
        max_output_tokens: int | None = None,
        temperature: float | None = 0.0,
        context_window: int | None = None,
        chunk_tokens: int | None = None,
        chunk_overlap: int = 0,
        max_reasks: int = 2,
        cache: Any | None = None,
        concurrency: int = 8,
        prices: dict[str, dict[str, float]] | None = None,
    ) -> None:
        self.engine: Engine = engine or ("model" if client is not None else "offline")
        if self.engine not in get_args(Engine):
            raise UsageError(f"engine must be 'model' or 'offline', not {engine!r}")
        if self.engine == "model" and client is None:
            raise UsageError("the model engine needs a client, e.g. Briefer(client=OpenAI(), ...)")
        if self.engine == "model" and not model:
            raise UsageError("a model name is required with a client, e.g. model='gpt-4o-mini'")
        if mode not in get_args(ModeSetting):
            raise UsageError(
                f"mode must be one of {', '.join(get_args(ModeSetting))}, not {mode!r}"
            )
        if grounding not in get_args(GroundingPolicy):
            raise UsageError(f"grounding must be drop, flag or off, not {grounding!r}")
        for name, value in (("concurrency", concurrency), ("max_output_tokens", max_output_tokens)):
            if value is not None and value < 1:
                raise UsageError(f"{name} must be at least 1, not {value}")
        if max_reasks < 0:
            raise UsageError(f"max_reasks must be 0 or more, not {max_reasks}")
        self.client = client
        self.model = model if self.engine == "model" else None
        self.mode = mode
        self.grounding = grounding
        self.grounding_reask = grounding_reask
        self.prompts = PromptSet(Path(prompts_dir) if prompts_dir else None)
        self.temperature = temperature
        self.max_reasks = max_reasks
        self.cache = cache
        self.concurrency = concurrency
        self.prices = prices
        self.chunk_overlap = chunk_overlap
        info = model_info(self.model, overrides=prices)
        self.context_window = context_window or info.context_window
        self.max_output_tokens = max_output_tokens or min(info.max_output_tokens, 2048)
        self.counter: TokenCounter = token_counter(self.model)
        self._chunk_tokens = chunk_tokens
        self._is_async = client is not None and _is_async_client(client)
        self._executor: ThreadPoolExecutor | None = None
        self._limits: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Semaphore] = (
            weakref.WeakKeyDictionary()
        )
        self._overhead: int | None = None
        if self.engine == "model":
            # Worker threads may rebuild cached replies as SDK types; importing those modules
            # for the first time from several threads at once can see them half-initialized.
            importlib.import_module("openai.types.chat")

    # ---- public API -----------------------------------------------------------------

    def summarize(self, article: str | Article, *, title: str | None = None) -> ArticleSummary:
        """Summarize one article (text or :class:`Article`) and check it against its source.

        Raises:
            ArticleError: the article is empty.
            ModelError: the model could not give a valid answer (a subclass says why).
        """
        if self._is_async:
            raise UsageError("this client is async: use `await briefer.asummarize(...)`")
        art = _as_article(article, title)
        started = time.perf_counter()
        chunks = self.chunks(art)
        if self.engine == "offline":
            return self._offline(art, chunks, started)
        tally = Tally()
        plan = self._plan(art, chunks)
        try:
            batch = next(plan)
            while True:
                batch = plan.send([self._run(call, tally) for call in batch])
        except StopIteration as done:
            return self._finish(art, done.value, chunks, tally, started)

    async def asummarize(
        self, article: str | Article, *, title: str | None = None
    ) -> ArticleSummary:
        """The async twin of :meth:`summarize`; chunks of a long article are summarized at once."""
        art = _as_article(article, title)
        started = time.perf_counter()
        chunks = self.chunks(art)
        if self.engine == "offline":
            return self._offline(art, chunks, started)
        tally = Tally()
        limit = self._call_limit()
        plan = self._plan(art, chunks)
        try:
            batch = next(plan)
            while True:
                results = await asyncio.gather(*(self._arun(c, tally, limit) for c in batch))
                batch = plan.send(list(results))
        except StopIteration as done:
            return self._finish(art, done.value, chunks, tally, started)

    def brief(
        self,
        articles: Sequence[Article | str],
        *,
        title: str | None = None,
        date: dt.date | None = None,
        max_cost: float | None = None,
        failures: Sequence[tuple[str, str]] = (),
        progress: Callable[[int, int], None] | None = None,
    ) -> DailyBrief:
        """Build one brief for a day of articles: stories, summaries, top lines and indexes.

        Duplicate and near-duplicate articles become one story citing every source. An
        article that fails is listed in ``not_included`` with the reason; the rest is kept.

        Args:
            articles: the day's articles.
            title: the brief's title (default "Daily brief, DATE").
            date: the brief's date (default today).
            max_cost: USD limit; a story whose calls could pass it is skipped, not summarized.
            failures: (source, reason) pairs for inputs that could not be read, to list too.
            progress: called with (done, total) as stories finish.
        """
        from briefer.brief import build_brief

        if _loop_running():
            raise UsageError("an event loop is running here: use `await briefer.abrief(...)`")
        return build_brief(
            self,
            [_as_article(a, None) for a in articles],
            title=title,
            date=date,
            max_cost=max_cost,
            failures=failures,
            progress=progress,
        )

    async def abrief(
        self,
        articles: Sequence[Article | str],
        *,
        title: str | None = None,
        date: dt.date | None = None,
        max_cost: float | None = None,
        failures: Sequence[tuple[str, str]] = (),
        progress: Callable[[int, int], None] | None = None,
    ) -> DailyBrief:
        """The async twin of :meth:`brief`."""
        from briefer.brief import abuild_brief

        return await abuild_brief(
            self,
            [_as_article(a, None) for a in articles],
            title=title,
            date=date,
            max_cost=max_cost,
            failures=failures,
            progress=progress,
        )

    def chunks(self, article: str | Article) -> list[Chunk]:
        """How the article will be split for the model, by its token budget."""
        art = _as_article(article, None)
        return split_text(
            art.text,
            max_tokens=self.chunk_budget(art),
            counter=self.counter,
            overlap=self.chunk_overlap,
        )

    def chunk_budget(self, article: Article | None = None) -> int:
        """Article tokens that fit in one request: the context less the prompt and the reply."""
        if self._chunk_tokens:
            return self._chunk_tokens
        if self.engine == "offline":
            return OFFLINE_CHUNK_TOKENS
        overhead = self._prompt_overhead()
        if article is not None:
            # The title, source and date lines are the only per-article part of the prompt.
            # Their UTF-8 length bounds their tokens (a token is at least one byte), and
            # costs no tokenizer call: a brief computes this for every article.
            fields = (article.title, article.source, article.published)
            overhead += sum(16 + len(str(f).encode("utf-8")) for f in fields if f)
        room = int((self.context_window - overhead - self.max_output_tokens) * TOKENIZER_MARGIN)
        if room < 64:
            raise UsageError(
                f"the context window ({self.context_window} tokens) leaves no room for the article "
                f"after the prompt ({overhead}) and the reply ({self.max_output_tokens}); "
                "raise context_window or lower max_output_tokens"
            )
        return room

    def _prompt_overhead(self) -> int:
        """Tokens of the prompt around an article with no metadata (computed once)."""
        if self._overhead is None:
            bare = Article(text=" ")
            self._overhead = sum(
                4 + self.counter.count(m["content"])
                for m in summarize_request(self.prompts, bare, "", 1, 2)("prompt")
            )
        return self._overhead

    def messages(
        self, article: str | Article, mode: Mode = "json_schema"
    ) -> list[list[dict[str, Any]]]:
        """The messages each chunk's request would carry, without calling the model."""
        art = _as_article(article, None)
        chunks = self.chunks(art)
        return [self._request(art, c, len(chunks))(mode) for c in chunks]

    def _request(self, art: Article, chunk: Chunk, parts: int) -> MessagesFor:
        return summarize_request(self.prompts, art, chunk.text, chunk.index + 1, parts)

    # ---- steps ----------------------------------------------------------------------

    def _reask(self, error: str) -> str:
        return self.prompts.render("reask", error=error)

    def _call_kwargs(self, template: str) -> dict[str, Any]:
        return {
            "model": self.model,
            "mode": self.mode,
            "max_output_tokens": self.max_output_tokens,
            "temperature": self.temperature,
            "max_reasks": self.max_reasks,
            "reask": self._reask,
            "cache": self.cache,
            "cache_salt": self._template_hash(template),
        }

    def call(
        self, messages: MessagesFor, output_type: type[T], *, template: str = "summarize"
    ) -> StructuredResult[T]:
        """One structured call with this Briefer's client and settings.

        Args:
            messages: a function of the mode giving the messages (see :mod:`briefer.requests`).
            output_type: the pydantic model the reply must validate as.
            template: the user template's name, for the cache key.
        """
        if self._is_async:
            raise UsageError("this client is async: use `await briefer.acall(...)`")
        return call_structured(
            self.client, messages=messages, output_type=output_type, **self._call_kwargs(template)
        )

    async def acall(
        self, messages: MessagesFor, output_type: type[T], *, template: str = "summarize"
    ) -> StructuredResult[T]:
        """The async twin of :meth:`call`; a sync client runs in this Briefer's thread pool."""
        kwargs = self._call_kwargs(template)
        if self._is_async:
            return await acall_structured(
                self.client, messages=messages, output_type=output_type, **kwargs
            )
        return await self._in_thread(
            call_structured, self.client, messages=messages, output_type=output_type, **kwargs
        )

    def _call_limit(self) -> asyncio.Semaphore:
        """The bound on this Briefer's model calls in flight, one per event loop.

        Shared by every summary under way, so a brief of long articles still sends at most
        ``concurrency`` requests at once (a semaphore belongs to the loop that first uses it).
        """
        loop = asyncio.get_running_loop()
        limit = self._limits.get(loop)
        if limit is None:
            limit = self._limits[loop] = asyncio.Semaphore(self.concurrency)
        return limit

    def close(self) -> None:
        """Stop this Briefer's worker threads (the client and cache belong to the caller)."""
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None

    def __enter__(self) -> Briefer:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    async def _in_thread(self, fn: Callable[..., R], /, *args: Any, **kwargs: Any) -> R:
        """Run a blocking call (a sync client) in a pool of ``concurrency`` threads.

        asyncio's default pool has min(32, cores + 4) threads, which would cap a brief's
        concurrency at 6 on a 2-core machine.
        """
        if self._executor is None:
            self._executor = ThreadPoolExecutor(
                max_workers=self.concurrency, thread_name_prefix="briefer"
            )
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, functools.partial(fn, *args, **kwargs))

    def _template_hash(self, template: str) -> str:
        return f"{self.prompts.hash('system')}:{self.prompts.hash(template)}"

    def _plan(self, art: Article, chunks: list[Chunk]) -> _Plan:
        """The model calls of one summary, in batches: written once for sync and async.

        It yields a batch of calls (the chunks, then the merge, then the optional re-ask)
        and receives their results in order; a failed optional call comes back as None.
        """
        parts = yield [_Call(self._request(art, c, len(chunks))) for c in chunks]
        if len(parts) > 1:
            parts = yield [_Call(merge_request(self.prompts, art, _values(parts)), "merge")]
        grounded = self._ground(art, _values(parts)[0])
        reask = self._reask_request(art, chunks, grounded[1])
        if reask is not None:
            (retry,) = yield [_Call(reask, "ground_reask", optional=True)]
            if retry is not None:  # a failed re-ask leaves the first summary standing
                grounded = _better(grounded, self._ground(art, retry))
        return grounded

    def _run(self, call: _Call, tally: Tally) -> SummaryContent | None:
        try:
            return tally.value(self.call(call.messages, SummaryContent, template=call.template))
        except ModelError as exc:
            if not call.optional:
                raise
            tally.lost(exc)
            return None

    async def _arun(
        self, call: _Call, tally: Tally, limit: asyncio.Semaphore
    ) -> SummaryContent | None:
        try:
            async with limit:
                result = await self.acall(call.messages, SummaryContent, template=call.template)
            return tally.value(result)
        except ModelError as exc:
            if not call.optional:
                raise
            tally.lost(exc)
            return None

    def _offline(self, art: Article, chunks: list[Chunk], started: float) -> ArticleSummary:
        from briefer.offline import summarize_offline

        parts = [summarize_offline(c.text, title=art.title) for c in chunks]
        grounded = self._ground(art, merge_contents(parts))
        return self._finish(art, grounded, chunks, Tally(), started)

    def _ground(self, art: Article, content: SummaryContent) -> _Grounded:
        return ground(dedupe_people(content), art.text, policy=self.grounding)

    def _reask_request(
        self, art: Article, chunks: list[Chunk], report: GroundingReport
    ) -> MessagesFor | None:
        """The one targeted re-ask, when it is asked for and can help.

        Only for an article that fits one request: the re-ask carries the whole article.
        """
        if not (self.grounding_reask and self.engine == "model" and report.dropped):
            return None
        if len(chunks) != 1:
            return None
        return ground_reask_request(self.prompts, art, failed_items(report))

    def _finish(
        self,
        art: Article,
        grounded: _Grounded,
        chunks: list[Chunk],
        tally: Tally,
        started: float,
    ) -> ArticleSummary:
        from briefer import __version__

        content, report = grounded
        cost = None
        if self.engine == "model":
            cost = estimate_cost(
                self.model,
                tally.usage.prompt_tokens,
                tally.usage.completion_tokens,
                overrides=self.prices,
            )
        metadata = RunMetadata(
            engine=self.engine,
            model=self.model,
            mode=tally.modes[0] if tally.modes else None,
            template="summarize",
            template_hash=self._template_hash("summarize"),
            usage=tally.usage,
            attempts=tally.attempts,
            calls=tally.calls,
            cached_calls=tally.cached_calls,
            chunks=len(chunks),
            seconds=round(time.perf_counter() - started, 4),
            cost_usd=cost,
            grounding=report,
            grounding_rate=report.rate,
            briefer_version=__version__,
        )
        return ArticleSummary(
            **content.model_dump(),
            title=art.title,
            source=art.source,
            url=art.url,
            published=art.published,
            article_id=art.id,
            metadata=metadata,
        )


@dataclass(frozen=True)
class _Call:
    """One model call a summary needs."""

    messages: MessagesFor
    template: str = "summarize"
    optional: bool = False


_Plan = Generator[list[_Call], list[SummaryContent | None], _Grounded]


def _values(results: list[SummaryContent | None]) -> list[SummaryContent]:
    # Only optional calls come back as None, and the chunk and merge calls are not optional.
    return [r for r in results if r is not None]


def _better(first: _Grounded, retry: _Grounded) -> _Grounded:
    """The re-asked summary if it verifies at least as much, else the first; both grounded."""
    (_, before), (content, after) = first, retry
    if after.verified < before.verified:
        return first[0], before.model_copy(update={"reasked": len(before.dropped)})
    return content, after.model_copy(update={"reasked": len(before.dropped)})


def _loop_running() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


def _as_article(article: str | Article, title: str | None) -> Article:
    if isinstance(article, Article):
        art = article if title is None else article.model_copy(update={"title": title})
    elif isinstance(article, str):
        art = Article(text=article, title=title)
    else:
        raise UsageError(f"expected article text or an Article, not {type(article).__name__}")
    if not art.text.strip():
        raise ArticleError("the article is empty", source=art.source)
    return art


def _is_async_client(client: Any) -> bool:
    create = getattr(getattr(getattr(client, "chat", None), "completions", None), "create", None)
    if create is None:
        raise UsageError(
            "the client has no chat.completions.create; pass openai.OpenAI(), "
            "openai.AsyncOpenAI() or briefer.testing.FakeClient()"
        )
    return inspect.iscoroutinefunction(inspect.unwrap(create))
