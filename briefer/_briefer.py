"""``Briefer``: the object users hold, tying the stages together for the library and the CLI."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar, get_args

from briefer.errors import ArticleError, UsageError
from briefer.grounding import GroundingPolicy
from briefer.llm import ModeSetting, RateLimiter
from briefer.pricing import model_info
from briefer.prompts import PromptSet
from briefer.schema import Article
from briefer.summarize import Engine, Summarizer, SummarySettings, Verify

if TYPE_CHECKING:
    from pydantic import BaseModel

    from briefer.brief import BriefOptions, BriefPlan
    from briefer.chunking import Chunk
    from briefer.llm import (
        AsyncChatClient,
        ChatClient,
        Message,
        MessagesFor,
        Mode,
        ReplyCache,
        StructuredResult,
    )
    from briefer.schema import ArticleSummary, DailyBrief
    from briefer.tokens import TokenCounter

# The brief stage and asyncio are imported where they are used: a one-article summary,
# offline above all, never needs them, and start-up time counts for every command.

__all__ = ["Briefer", "Engine", "GroundingPolicy", "plan_brief"]

T = TypeVar("T", bound="BaseModel")


class Briefer:
    """Summarize articles into source-checked briefings.

    With a ``client`` (``openai.OpenAI``, ``AsyncOpenAI``, ``AzureOpenAI``, or
    :class:`briefer.testing.FakeClient`) and a ``model``, summaries come from that model;
    without one, from the offline extractive engine. ``engine="model"`` with a model name and
    no client plans and prices calls (:meth:`estimate`, :meth:`messages`) but makes none.

    Args:
        client: an OpenAI-compatible client; None for the offline engine.
        model: the model name to ask for (required with a client).
        engine: ``model`` or ``offline``; by default ``model`` when a client is given.
        mode: structured-output mode: ``auto`` (negotiate), ``json_schema``, ``json_object``
            or ``prompt``.
        grounding: what to do with items not found in the article: ``drop``, ``flag``, ``off``.
        grounding_reask: after grounding, send the unverified items back to the model once
            and keep whichever summary verifies more (one more call, only when some failed).
        verify: ``lexical`` (default): grounding's own checks. ``model``: also one structured
            call per summary showing the model each claim and lede sentence the lexical
            checks passed, with its evidence; an item stays only if the model agrees.
        prompts_dir: a folder whose templates override the built-in ones.
        max_output_tokens: the limit for each reply (default from the model table, at most 2048).
        temperature: sampling temperature (None leaves the server's default).
        context_window: the model's context in tokens (default from the model table).
        chunk_tokens: the article tokens per chunk (default: what fits the context).
        chunk_overlap: tokens repeated between consecutive chunks.
        max_reasks: re-asks after an invalid reply.
        timeout: seconds allowed for each model request (None: the client's own timeout).
        cache: a :class:`briefer.cache.ResponseCache` to reuse replies, or None.
        concurrency: model calls in flight at once in the async API and the daily brief.
        prices: price overrides, ``{"model": {"input": 0.15, "output": 0.6}}`` per 1M tokens.
        rpm: requests per minute the provider allows (None: learnt from its
            ``x-ratelimit-*`` headers when it sends them, else unlimited).
        tpm: tokens per minute the provider allows, counted as OpenAI does: each request's
            prompt plus its whole output limit (None: learnt, or unlimited).
        rate_deadline: seconds a summary or brief keeps retrying calls the provider
            rate-limits (HTTP 429) before it gives up on them; 0 gives up at the first 429.
    """

    def __init__(
        self,
        *,
        client: ChatClient | AsyncChatClient | None = None,
        model: str | None = None,
        engine: Engine | None = None,
        mode: ModeSetting = "auto",
        grounding: GroundingPolicy = "drop",
        grounding_reask: bool = False,
        verify: Verify = "lexical",
        prompts_dir: str | Path | None = None,
        max_output_tokens: int | None = None,
        temperature: float | None = 0.0,
        context_window: int | None = None,
        chunk_tokens: int | None = None,
        chunk_overlap: int = 0,
        max_reasks: int = 2,
        timeout: float | None = None,
        cache: ReplyCache | None = None,
        concurrency: int = 8,
        prices: Mapping[str, Mapping[str, float]] | None = None,
        rpm: float | None = None,
        tpm: float | None = None,
        rate_deadline: float = 3600.0,
    ) -> None:
        chosen: Engine = engine or ("model" if client is not None else "offline")
        if chosen not in get_args(Engine):
            raise UsageError(f"engine must be 'model' or 'offline', not {engine!r}")
        if chosen == "model" and not model:
            raise UsageError("a model name is required with a client, e.g. model='gpt-4o-mini'")
        if grounding not in get_args(GroundingPolicy):
            raise UsageError(f"grounding must be drop, flag or off, not {grounding!r}")
        if verify not in get_args(Verify):
            raise UsageError(f"verify must be 'lexical' or 'model', not {verify!r}")
        if verify == "model" and (chosen != "model" or grounding == "off"):
            raise UsageError(
                "verify='model' needs a model to ask and grounding to check: "
                "pass a client and model, and grounding 'drop' or 'flag'"
            )
        if concurrency < 1:
            raise UsageError(f"concurrency must be at least 1, not {concurrency}")
        if max_output_tokens is not None and max_output_tokens < 1:
            raise UsageError(f"max_output_tokens must be at least 1, not {max_output_tokens}")
        info = model_info(model if chosen == "model" else None, overrides=prices)
        call = None
        if chosen == "model":
            from briefer.llm import CallSettings

            call = CallSettings(
                model=model or "",
                mode=mode,
                max_output_tokens=max_output_tokens or min(info.max_output_tokens, 2048),
                temperature=temperature,
                max_reasks=max_reasks,
                timeout=timeout,
            )
        elif mode not in get_args(ModeSetting):
            raise UsageError(
                f"mode must be one of {', '.join(get_args(ModeSetting))}, not {mode!r}"
            )
        settings = SummarySettings(
            engine=chosen,
            call=call,
            grounding=grounding,
            grounding_reask=grounding_reask,
            verify=verify,
            context_window=context_window or info.context_window,
            chunk_tokens=chunk_tokens,
            chunk_overlap=chunk_overlap,
            concurrency=concurrency,
            prices=prices,
        )
        prompts = PromptSet(Path(prompts_dir) if prompts_dir else None)
        limiter = RateLimiter(rpm=rpm, tpm=tpm, concurrency=concurrency, deadline=rate_deadline)
        self._summarizer = Summarizer(
            settings,
            prompts,
            client=client if chosen == "model" else None,
            cache=cache,
            limiter=limiter,
        )

    # ---- what it was built with ---------------------------------------------------------

    @property
    def settings(self) -> SummarySettings:
        """Every setting of this Briefer, as one frozen value."""
        return self._summarizer.settings

    @property
    def engine(self) -> Engine:
        return self.settings.engine

    @property
    def model(self) -> str | None:
        return self.settings.model

    @property
    def client(self) -> ChatClient | AsyncChatClient | None:
        return self._summarizer.client

    @property
    def cache(self) -> ReplyCache | None:
        return self._summarizer.cache

    @property
    def prompts(self) -> PromptSet:
        return self._summarizer.prompts

    @property
    def rate_limiter(self) -> RateLimiter:
        """The limiter every call of this Briefer goes through: ``status()``, ``subscribe()``."""
        return self._summarizer.limiter

    @property
    def summarizer(self) -> Summarizer:
        """The engine behind this Briefer (what the brief and Batch API stages run on)."""
        return self._summarizer

    @property
    def counter(self) -> TokenCounter:
        """The token counter chunking uses (loaded on first use)."""
        return self._summarizer.planner.counter

    @property
    def max_output_tokens(self) -> int:
        return self.settings.max_output_tokens

    @property
    def context_window(self) -> int:
        return self.settings.context_window

    # ---- summaries ----------------------------------------------------------------------

    def summarize(self, article: str | Article, *, title: str | None = None) -> ArticleSummary:
        """Summarize one article (text or :class:`Article`) and check it against its source.

        Raises:
            ArticleError: the article is empty.
            ModelError: the model could not give a valid answer (a subclass says why).
        """
        with self.rate_limiter.run():
            return self._summarizer.summarize(_as_article(article, title))

    async def asummarize(
        self, article: str | Article, *, title: str | None = None
    ) -> ArticleSummary:
        """The async twin of :meth:`summarize`; chunks of a long article are summarized at once."""
        with self.rate_limiter.run():
            return await self._summarizer.asummarize(_as_article(article, title))

    def brief(
        self,
        articles: Sequence[Article | str],
        *,
        title: str | None = None,
        date: dt.date | None = None,
        max_cost: float | None = None,
        failures: Sequence[tuple[str, str]] = (),
        progress: Callable[[int, int], None] | None = None,
        options: BriefOptions | None = None,
        since: DailyBrief | None = None,
    ) -> DailyBrief:
        """Build one brief for a day of articles: ranked stories in sections, top lines, indexes.

        Duplicate and near-duplicate articles become one story citing every source; for a
        story with several sources the brief shows what each adds and where they disagree.
        An article that fails is listed in ``not_included`` with the reason; the rest is kept.

        Args:
            articles: the day's articles.
            title: the brief's title (default "Daily brief, DATE").
            date: the brief's date (default today); recency is counted from it.
            max_cost: USD limit; a story whose calls could pass it is skipped, not summarized.
            failures: (source, reason) pairs for inputs that could not be read, to list too.
            progress: called with (done, total) as stories finish.
            options: sections, ``max_stories``, the per-source view (:class:`BriefOptions`).
            since: a previous brief: each story is marked new, updated or continuing, and the
                stories that dropped out are listed.
        """
        if _loop_running():
            raise UsageError("an event loop is running here: use `await briefer.abrief(...)`")
        from briefer.brief import build_brief

        with self.rate_limiter.run():
            return build_brief(
                self._summarizer,
                [_as_article(a, None) for a in articles],
                title=title,
                date=date,
                max_cost=max_cost,
                failures=failures,
                progress=progress,
                options=options,
                since=since,
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
        options: BriefOptions | None = None,
        since: DailyBrief | None = None,
    ) -> DailyBrief:
        """The async twin of :meth:`brief`."""
        from briefer.brief import abuild_brief

        with self.rate_limiter.run():
            return await abuild_brief(
                self._summarizer,
                [_as_article(a, None) for a in articles],
                title=title,
                date=date,
                max_cost=max_cost,
                failures=failures,
                progress=progress,
                options=options,
                since=since,
            )

    # ---- planning, without calls ----------------------------------------------------------

    def estimate(
        self,
        articles: Article | str | Sequence[Article | str],
        *,
        options: BriefOptions | None = None,
        date: dt.date | None = None,
    ) -> BriefPlan:
        """Every call a brief of ``articles`` (or a summary of one) may make, and its cost.

        The same estimate ``--max-cost`` reserves against: prompt tokens of each call plus its
        whole output limit, conditional calls (the grounding re-ask) included. With
        ``options``, only the stories the brief would summarize, and the per-source model
        summaries it would make. Makes no call.
        """
        from briefer.brief import plan_calls

        many = [articles] if isinstance(articles, str | Article) else list(articles)
        return plan_calls(
            self._summarizer.planner, [_as_article(a, None) for a in many], options, date
        )

    def chunks(self, article: str | Article) -> list[Chunk]:
        """How the article will be split for the model, by its token budget."""
        return self._summarizer.planner.chunks(_as_article(article, None))

    def chunk_budget(self, article: Article | None = None) -> int:
        """Article tokens that fit in one request: the context less the prompt and the reply."""
        return self._summarizer.planner.chunk_budget(article)

    def messages(self, article: str | Article, mode: Mode = "json_schema") -> list[list[Message]]:
        """The messages each chunk's request would carry, without calling the model."""
        return self._summarizer.planner.messages(_as_article(article, None), mode)

    # ---- one call -------------------------------------------------------------------------

    def call(
        self, messages: MessagesFor, output_type: type[T], *, template: str = "summarize"
    ) -> StructuredResult[T]:
        """One structured call with this Briefer's client and settings.

        Args:
            messages: a function of the mode giving the messages (see :mod:`briefer.prompts`).
            output_type: the pydantic model the reply must validate as.
            template: the user template's name, for the cache key.
        """
        return self._summarizer.call(messages, output_type, template=template)

    async def acall(
        self, messages: MessagesFor, output_type: type[T], *, template: str = "summarize"
    ) -> StructuredResult[T]:
        """The async twin of :meth:`call`; a sync client runs in this Briefer's thread pool."""
        return await self._summarizer.acall(messages, output_type, template=template)

    def close(self) -> None:
        """Stop this Briefer's worker threads (the client and cache belong to the caller)."""
        self._summarizer.close()

    def __enter__(self) -> Briefer:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def plan_brief(briefer: Briefer, articles: Sequence[Article]) -> BriefPlan:
    """The calls a brief of ``articles`` would make, with a token and cost estimate.

    The same as :meth:`Briefer.estimate`.
    """
    return briefer.estimate(articles)


def _loop_running() -> bool:
    import asyncio

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
