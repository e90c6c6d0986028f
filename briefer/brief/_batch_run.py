"""One pass of a brief over the Batch API: every reply known so far, and what is still to ask.

A pass runs the daily brief exactly as a live run does (the same planner, request builders,
conversation, validation, re-asks and grounding), with two differences:

* replies come first from the batch results in the :class:`BatchStore` (through the
  conversation's reply cache, so a batch reply is checked exactly like a live one);
* a request with no reply yet goes to the live client when there is one, and otherwise is
  collected for the next batch, and the story that needs it waits.

So each pass goes as far as the replies allow: the chunk summaries of long articles in one
round, their merges in the next, re-asks after invalid replies where needed, the day's top
lines once every story is done. When nothing waits, the pass returns the brief.
"""

from __future__ import annotations

import asyncio
import contextvars
import dataclasses
import datetime as dt
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from briefer.brief._batch_store import BatchRequest, BatchStore, custom_id_for
from briefer.brief._budget import Budget
from briefer.brief._build import collect_stories, finish_brief
from briefer.brief._estimate import calls_cost, synthesis_call
from briefer.brief._options import BriefOptions
from briefer.brief._rank import RankedGroup
from briefer.brief._select import select_groups
from briefer.brief._stories import StoryGroup, group_stories
from briefer.errors import BrieferError
from briefer.llm import AsyncChatClient, ChatClient, Mode, ModeSetting, RateLimiter, ReplyCache
from briefer.pricing import batch_prices, estimate_cost
from briefer.schema import Article, ArticleSummary, DailyBrief, Usage
from briefer.summarize import ArticlePlanner, Summarizer

__all__ = ["BatchPending", "PassResult", "batch_mode", "batch_planner", "run_pass"]

# After this many failed batches a request fails its story instead of going to another one.
GIVE_UP_AFTER = 2
_story: contextvars.ContextVar[str] = contextvars.ContextVar("briefer_batch_story", default="")


class BatchPending(Exception):  # noqa: N818 - a signal, not an error
    """A request has no reply yet: its story waits for the next batch."""


@dataclass
class PassResult:
    """What a pass got to: the brief, or the requests the next batch must carry."""

    brief: DailyBrief | None
    pending: list[BatchRequest] = field(default_factory=list)
    from_batch: int = 0
    """Calls answered from batch results."""
    waiting: int = 0
    """Stories (and the top lines) waiting for replies."""


def batch_mode(setting: ModeSetting) -> Mode:
    """The structured-output mode of batch requests: no probing, so auto means json_schema."""
    return "json_schema" if setting == "auto" else setting


def batch_planner(planner: ArticlePlanner) -> ArticlePlanner:
    """The same planner, pricing calls at the model's Batch API rate (``--dry-run``)."""
    settings = planner.settings
    priced = dataclasses.replace(settings, prices=batch_prices(settings.model, settings.prices))
    return ArticlePlanner(priced, planner.prompts)


class _Collector:
    """The client of a pass with no live model: it collects requests instead of sending them."""

    def __init__(self, store: BatchStore, base_url: str) -> None:
        self.store = store
        self.base_url = base_url  # the token parameter and cache keys follow the real server
        self.pending: dict[str, BatchRequest] = {}
        self.chat = self
        self.completions = self

    async def create(self, **kwargs: Any) -> Any:
        body = {k: v for k, v in kwargs.items() if k != "timeout"}
        custom_id = custom_id_for(body)
        failed = self.store.failure(custom_id)
        if failed is not None and failed[0] >= GIVE_UP_AFTER:
            raise _line_error(failed[1], f"{failed[2]} (in {failed[0]} batches)")
        self.pending[custom_id] = BatchRequest(custom_id, body)
        raise BatchPending(custom_id)


def _line_error(status: int | None, message: str) -> Exception:
    """An API failure for a request that kept failing in batches (the call maps it to a reason)."""
    import openai

    class BatchLineError(openai.OpenAIError):
        def __init__(self) -> None:
            super().__init__(message)
            self.message = message
            self.status_code = status

    return BatchLineError()


class BatchReplies:
    """The reply cache of a pass: batch results first, then the response cache (if any).

    Keys are ``custom_id|cache key``; what it serves from batch results it counts per story.
    Batch results were never validated, so an invalid one is re-asked, as a live reply is.
    """

    replies_validated = False

    def __init__(self, store: BatchStore, cache: ReplyCache | None) -> None:
        self.store = store
        self.cache = cache
        self.served: dict[str, Usage] = defaultdict(Usage)
        self.counts: dict[str, int] = defaultdict(int)
        self.hits = 0

    def key(
        self,
        *,
        model: str,
        messages: list[dict[str, Any]],
        response_format: dict[str, Any] | None,
        template_hash: str,
        extra: dict[str, Any] | None = None,
    ) -> str:
        # The body the request would carry: what the conversation sends, less the server.
        sent = {k: v for k, v in (extra or {}).items() if k != "server"}
        body = {"model": model, "messages": messages, **sent}
        inner = ""
        if self.cache is not None:
            inner = self.cache.key(
                model=model,
                messages=messages,
                response_format=response_format,
                template_hash=template_hash,
                extra=extra,
            )
        return f"{custom_id_for(body)}|{inner}"

    def get(self, key: str) -> dict[str, Any] | None:
        custom_id, _, inner = key.partition("|")
        reply = self.store.reply(custom_id)
        if reply is not None:
            self.hits += 1
            self.counts[_story.get()] += 1
            usage = reply.get("usage") or {}
            self.served[_story.get()] = self.served[_story.get()] + Usage(
                prompt_tokens=int(usage.get("prompt_tokens") or 0),
                completion_tokens=int(usage.get("completion_tokens") or 0),
                total_tokens=int(usage.get("total_tokens") or 0),
            )
            return reply
        return self.cache.get(inner) if self.cache is not None and inner else None

    def put(self, key: str, value: dict[str, Any]) -> None:
        _, _, inner = key.partition("|")
        if self.cache is not None and inner:
            self.cache.put(inner, value)


def _admit(
    planner: ArticlePlanner, groups: Sequence[RankedGroup], max_cost: float | None
) -> tuple[list[RankedGroup], list[tuple[str, str]]]:
    """The stories whose calls fit ``max_cost`` at the batch rate, in order; the rest skipped.

    Decided from the estimate alone, so every pass of a brief admits the same stories.
    """
    if max_cost is None or planner.settings.engine != "model":
        return list(groups), []
    spent = calls_cost(planner, [synthesis_call(planner, len(groups))]) or 0.0
    admitted: list[RankedGroup] = []
    skipped: list[tuple[str, str]] = []
    for item in groups:
        cost = calls_cost(planner, planner.estimate(item.group.lead)) or 0.0
        if spent + cost > max_cost:
            skipped.append(
                (
                    item.group.lead.label,
                    f"skipped: summarizing it could cost up to ${cost:.4f} at the batch rate, "
                    f"which would pass the limit of ${max_cost:.2f}",
                )
            )
            continue
        admitted.append(item)
        spent += cost
    return admitted, skipped


async def run_pass(
    base: Summarizer,
    articles: Sequence[Article],
    store: BatchStore,
    *,
    client: ChatClient | AsyncChatClient | None,
    cache: ReplyCache | None = None,
    base_url: str = "",
    title: str | None = None,
    date: dt.date | None = None,
    max_cost: float | None = None,
    failures: Sequence[tuple[str, str]] = (),
    options: BriefOptions | None = None,
    since: DailyBrief | None = None,
) -> PassResult:
    """One pass; see the module docstring.

    Args:
        base: the Briefer's Summarizer (settings, prompts, rate limiter).
        client: a live client for requests with no reply yet, or None to collect them.
        cache: the response cache, consulted after the batch results.
        base_url: the server the batch will run on, when ``client`` is None.
        options: what the brief shows (sections, story limit, per-source view).
        since: a previous brief, to mark what changed.
    """
    started = time.perf_counter()
    ours = asyncio.all_tasks()  # tasks that were running before: never waited on here
    replies = BatchReplies(store, cache)
    collector = _Collector(store, base_url) if client is None else None
    settings = base.settings
    assert settings.call is not None
    call = settings.call.with_changes(mode=batch_mode(settings.call.mode))
    summarizer = Summarizer(
        dataclasses.replace(settings, call=call),
        base.prompts,
        client=client if client is not None else collector,
        cache=replies,
        limiter=base.limiter if client is not None else RateLimiter(),
    )
    try:
        options = options or BriefOptions()
        selection = select_groups(group_stories(articles), date or dt.date.today(), options)
        admitted, skipped = _admit(batch_planner(summarizer.planner), selection.chosen, max_cost)
        outcomes = await asyncio.gather(*(_story_of(summarizer, g.group) for g in admitted))
        await _settle(ours)
        waiting = sum(o is None for o in outcomes)
        if waiting:
            return _pending(collector, replies, waiting)
        done: list[ArticleSummary | BaseException] = [o for o in outcomes if o is not None]
        made, not_included, ledger = collect_stories(admitted, done, [*failures, *skipped])
        token = _story.set("(top lines)")
        try:
            brief = await finish_brief(
                summarizer,
                made,
                selection.held,
                not_included,
                ledger,
                Budget(summarizer.planner, None),
                options=options,
                since=since,
                date=date,
                title=title,
                articles=len(articles) + len(failures),
                started=started,
            )
        except BatchPending:
            await _settle(ours)
            return _pending(collector, replies, 1)
        finally:
            _story.reset(token)
        return PassResult(_at_batch_prices(brief, replies, summarizer), from_batch=replies.hits)
    finally:
        summarizer.close()


async def _story_of(summarizer: Summarizer, group: StoryGroup) -> ArticleSummary | Exception | None:
    _story.set(group.id)
    try:
        return await summarizer.asummarize(group.lead)
    except BatchPending:
        return None
    except BrieferError as exc:
        return exc
    except Exception as exc:  # noqa: BLE001 - one story's bug must not cost the others
        return exc


async def _settle(before: set[asyncio.Task[Any]]) -> None:
    """Let the calls of a story that stopped at its first missing reply reach theirs too."""
    current = asyncio.current_task()
    others = [t for t in asyncio.all_tasks() if t is not current and t not in before]
    if others:
        await asyncio.gather(*others, return_exceptions=True)


def _pending(collector: _Collector | None, replies: BatchReplies, waiting: int) -> PassResult:
    pending = list(collector.pending.values()) if collector is not None else []
    return PassResult(None, pending, replies.hits, waiting)


def _at_batch_prices(
    brief: DailyBrief, replies: BatchReplies, summarizer: Summarizer
) -> DailyBrief:
    """The brief with what the batch replies cost: their tokens, at the batch rate.

    The conversation counts a stored reply as a cache hit that cost nothing; a batch reply was
    paid for, so its usage and cost are added here, and it is not counted as cached.
    """
    settings = summarizer.settings

    def cost(usage: Usage) -> float | None:
        return estimate_cost(
            settings.model,
            usage.prompt_tokens,
            usage.completion_tokens,
            overrides=settings.prices,
            batch=True,
        )

    def paid(meta: Any, usage: Usage, hits: int) -> Any:
        extra = cost(usage)
        return meta.model_copy(
            update={
                "usage": meta.usage + usage,
                "cached_calls": max(0, meta.cached_calls - hits),
                "cost_usd": None
                if meta.cost_usd is None or extra is None
                else meta.cost_usd + extra,
            }
        )

    stories = []
    for story in brief.stories:
        if story.id in replies.served:
            meta = paid(story.summary.metadata, replies.served[story.id], replies.counts[story.id])
            summary = story.summary.model_copy(update={"metadata": meta})
            story = story.model_copy(update={"summary": summary})
        stories.append(story)
    total = sum(replies.served.values(), Usage())
    return brief.model_copy(
        update={"stories": stories, "metadata": paid(brief.metadata, total, replies.hits)}
    )
