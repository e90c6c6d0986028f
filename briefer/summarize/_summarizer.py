"""Running the plan of one article: the calls (sync, async, or in threads), then the summary.

A :class:`Summarizer` holds what calls need (client, cache, settings, prompts), the limit
on calls in flight shared by every summary under way, so a brief of long articles still sends
at most ``concurrency`` requests at once, and the :class:`~briefer.llm.RateLimiter` every one
of its requests goes through.
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
import importlib
import inspect
import time
import weakref
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar, cast

from pydantic import BaseModel

from briefer._version import __version__
from briefer.chunking import Chunk
from briefer.errors import ModelError, UsageError
from briefer.llm import (
    AsyncChatClient,
    CallSettings,
    ChatClient,
    Ledger,
    MessagesFor,
    RateLimiter,
    ReplyCache,
    StructuredResult,
    acall_structured,
    call_structured,
    calls_about,
)
from briefer.prompts import PromptSet
from briefer.schema import Article, ArticleSummary, RunMetadata
from briefer.summarize._offline import summarize_article_offline
from briefer.summarize._plan import ArticlePlanner, Call, Grounded
from briefer.summarize._settings import SummarySettings
from briefer.tracing import traced_article

__all__ = ["Summarizer", "is_async_client"]

T = TypeVar("T", bound=BaseModel)
R = TypeVar("R")


class Summarizer:
    """Summarizes articles under one set of settings; the engine behind ``Briefer``."""

    def __init__(
        self,
        settings: SummarySettings,
        prompts: PromptSet,
        *,
        client: ChatClient | AsyncChatClient | None = None,
        cache: ReplyCache | None = None,
        limiter: RateLimiter | None = None,
    ) -> None:
        self.settings = settings
        self.prompts = prompts
        self.planner = ArticlePlanner(settings, prompts)
        self.client = client
        self.cache = cache
        self.limiter = limiter or RateLimiter(concurrency=settings.concurrency)
        # The token bucket charges a request its prompt as the planner counts it.
        self.limiter.count_prompt = self.planner.count_messages
        self.is_async = client is not None and is_async_client(client)
        self._executor: ThreadPoolExecutor | None = None
        self._limits: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Semaphore] = (
            weakref.WeakKeyDictionary()
        )
        if client is not None:
            # Worker threads may rebuild cached replies as SDK types; importing those modules
            # for the first time from several threads at once can see them half-initialized.
            importlib.import_module("openai.types.chat")

    # ---- one article ------------------------------------------------------------------

    @traced_article
    def summarize(self, article: Article) -> ArticleSummary:
        """Summarize one article and check it against its source (sync client or offline)."""
        if self.is_async:
            raise UsageError("this client is async: use `await briefer.asummarize(...)`")
        started = time.perf_counter()
        chunks = self.planner.chunks(article)
        if self.settings.engine == "offline":
            return self._offline(article, chunks, started)
        ledger = Ledger()
        plan = self.planner.plan(article, chunks)
        try:
            batch = next(plan)
            while True:
                batch = plan.send([self._run(call, ledger) for call in batch])
        except StopIteration as done:
            return self._finish(article, done.value, chunks, ledger, started)

    @traced_article
    async def asummarize(self, article: Article) -> ArticleSummary:
        """The async twin of :meth:`summarize`; chunks of a long article are summarized at once."""
        started = time.perf_counter()
        chunks = self.planner.chunks(article)
        if self.settings.engine == "offline":
            return self._offline(article, chunks, started)
        ledger = Ledger()
        limit = self.call_limit()
        plan = self.planner.plan(article, chunks)
        try:
            batch = next(plan)
            while True:
                results = await asyncio.gather(*(self._arun(c, ledger, limit) for c in batch))
                batch = plan.send(list(results))
        except StopIteration as done:
            return self._finish(article, done.value, chunks, ledger, started)

    # ---- one call ---------------------------------------------------------------------

    def call(
        self, messages: MessagesFor, output_type: type[T], *, template: str = "summarize"
    ) -> StructuredResult[T]:
        """One structured call with this Summarizer's client and settings."""
        client, settings = self._client(), self._call_settings()
        if self.is_async:
            raise UsageError("this client is async: use `await briefer.acall(...)`")
        with calls_about(call=template):
            return call_structured(
                cast(ChatClient, client),
                messages=messages,
                output_type=output_type,
                settings=settings,
                reask=self._reask,
                cache=self.cache,
                cache_salt=self.planner.template_hash(template),
                limiter=self.limiter,
            )

    async def acall(
        self, messages: MessagesFor, output_type: type[T], *, template: str = "summarize"
    ) -> StructuredResult[T]:
        """The async twin of :meth:`call`; a sync client runs in this Summarizer's threads."""
        client, settings = self._client(), self._call_settings()
        salt = self.planner.template_hash(template)
        with calls_about(call=template):
            if self.is_async:
                return await acall_structured(
                    cast(AsyncChatClient, client),
                    messages=messages,
                    output_type=output_type,
                    settings=settings,
                    reask=self._reask,
                    cache=self.cache,
                    cache_salt=salt,
                    limiter=self.limiter,
                )
            return await self._in_thread(
                call_structured,
                client,
                messages=messages,
                output_type=output_type,
                settings=settings,
                reask=self._reask,
                cache=self.cache,
                cache_salt=salt,
                limiter=self.limiter,
            )

    def call_limit(self) -> asyncio.Semaphore:
        """The bound on model calls in flight, one per event loop, shared by every summary.

        (A semaphore belongs to the loop that first uses it.)
        """
        loop = asyncio.get_running_loop()
        limit = self._limits.get(loop)
        if limit is None:
            limit = self._limits[loop] = asyncio.Semaphore(self.settings.concurrency)
        return limit

    def close(self) -> None:
        """Stop the worker threads (the client and cache belong to the caller)."""
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None

    # ---- steps ------------------------------------------------------------------------

    def _client(self) -> ChatClient | AsyncChatClient:
        if self.client is None:
            raise UsageError(
                "this Briefer has no client, so it can plan and estimate but not call a model; "
                "pass client=OpenAI() (or AsyncOpenAI(), or briefer.testing.FakeClient())"
            )
        return self.client

    def _call_settings(self) -> CallSettings:
        if self.settings.call is None:
            raise UsageError("the offline engine makes no model calls")
        return self.settings.call

    def _reask(self, error: str) -> str:
        return self.prompts.render("reask", error=error)

    def _run(self, call: Call, ledger: Ledger) -> BaseModel | None:
        try:
            return ledger.record(self.call(call.messages, call.output, template=call.template))
        except ModelError as exc:
            if not call.optional:
                raise
            ledger.record_failure(exc)
            return None

    async def _arun(self, call: Call, ledger: Ledger, limit: asyncio.Semaphore) -> BaseModel | None:
        try:
            async with limit:
                result = await self.acall(call.messages, call.output, template=call.template)
            # Let the call that was waiting for this slot go out before this one's reply is
            # grounded: the model works while this process does.
            await asyncio.sleep(0)
            return ledger.record(result)
        except ModelError as exc:
            if not call.optional:
                raise
            ledger.record_failure(exc)
            return None

    async def _in_thread(self, fn: Callable[..., R], /, *args: Any, **kwargs: Any) -> R:
        """Run a blocking call (a sync client) in a pool of ``concurrency`` threads.

        asyncio's default pool has min(32, cores + 4) threads, which would cap a brief's
        concurrency at 6 on a 2-core machine.
        """
        if self._executor is None:
            self._executor = ThreadPoolExecutor(
                max_workers=self.settings.concurrency, thread_name_prefix="briefer"
            )
        loop = asyncio.get_running_loop()
        # The thread runs in this task's context: call labels, observers and the current
        # tracing span follow the call into it.
        context = contextvars.copy_context()
        call = functools.partial(context.run, fn, *args, **kwargs)
        return await loop.run_in_executor(self._executor, call)

    def _offline(self, article: Article, chunks: list[Chunk], started: float) -> ArticleSummary:
        grounded = summarize_article_offline(article, self.planner)
        return self._finish(article, grounded, chunks, Ledger(), started)

    def _finish(
        self,
        article: Article,
        grounded: Grounded,
        chunks: list[Chunk],
        ledger: Ledger,
        started: float,
    ) -> ArticleSummary:
        content, report = grounded
        settings = self.settings
        cost = ledger.cost_usd(settings.model, settings.prices) if settings.call else None
        metadata = RunMetadata(
            engine=settings.engine,
            model=settings.model,
            mode=ledger.modes[0] if ledger.modes else None,
            template="summarize",
            template_hash=self.planner.template_hash("summarize"),
            usage=ledger.usage,
            attempts=ledger.requests,
            calls=ledger.calls,
            cached_calls=ledger.cached_calls,
            chunks=len(chunks),
            seconds=round(time.perf_counter() - started, 4),
            cost_usd=cost,
            grounding=report,
            grounding_rate=report.rate,
            briefer_version=__version__,
        )
        return ArticleSummary(
            **content.model_dump(),
            title=article.title,
            source=article.source,
            url=article.url,
            published=article.published,
            article_id=article.id,
            metadata=metadata,
        )


def is_async_client(client: object) -> bool:
    """True for a client whose ``chat.completions.create`` is a coroutine function.

    Raises:
        UsageError: the object has no ``chat.completions.create`` at all.
    """
    create = getattr(getattr(getattr(client, "chat", None), "completions", None), "create", None)
    if create is None:
        raise UsageError(
            "the client has no chat.completions.create; pass openai.OpenAI(), "
            "openai.AsyncOpenAI() or briefer.testing.FakeClient()"
        )
    return inspect.iscoroutinefunction(inspect.unwrap(create))
