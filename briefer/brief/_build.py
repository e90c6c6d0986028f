"""The daily brief: a day of articles -> stories -> summaries -> one document.

Every story is summarized through the same pipeline as a single article, concurrently
under a bound. An article that fails is listed under "not included" with the reason; the
rest of the brief is still produced, and nothing already summarized is lost.

With a ``timeout`` set, a story also has a deadline of its own, for clients that do not
enforce one per request (the SDK's ``timeout`` bounds each read): its calls, times every
attempt a call may make (re-asks, one retry with more room, other modes in auto, the
client's retries), times the timeout, plus ten timeouts of room for waiting its turn. A
story still running then is stuck: it is listed as not included, and the brief goes on.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import time
from collections.abc import Callable, Sequence

from briefer._version import __version__
from briefer.brief._budget import Budget
from briefer.brief._compose import compose, source_summaries
from briefer.brief._indexes import experts, open_questions, ref, story_title, whos_who
from briefer.brief._options import BriefOptions
from briefer.brief._rank import RankedGroup
from briefer.brief._select import select_groups
from briefer.brief._stories import StoryGroup, group_stories
from briefer.brief._synthesis import top_lines
from briefer.errors import BrieferError, ModelAPIError
from briefer.llm import MODES, Ledger
from briefer.schema import (
    Article,
    ArticleSummary,
    BriefMetadata,
    DailyBrief,
    NotIncluded,
    Story,
)
from briefer.summarize import Summarizer
from briefer.tracing import traced_brief, traced_story

__all__ = [
    "Progress",
    "abuild_brief",
    "build_brief",
    "collect_stories",
    "finish_brief",
    "story_deadline",
]

Progress = Callable[[int, int], None]


# Room for a story to wait for its turn among the calls in flight, in timeouts.
_QUEUE_ROOM = 10


def story_deadline(summarizer: Summarizer, group: StoryGroup) -> float | None:
    """Seconds after which a story of ``group`` is stuck; None without a ``timeout``."""
    call = summarizer.settings.call
    if call is None or call.timeout is None:
        return None
    retries = getattr(summarizer.client, "max_retries", 0)
    tries = 1 + (retries if isinstance(retries, int) and retries >= 0 else 0)
    modes = len(MODES) if call.mode == "auto" else 1
    per_call = (call.max_reasks + 2) * tries * modes
    calls = max(1, len(summarizer.planner.estimate(group.lead)))
    return call.timeout * (calls * per_call + _QUEUE_ROOM)


async def _within_deadline(summarizer: Summarizer, group: StoryGroup) -> ArticleSummary:
    seconds = story_deadline(summarizer, group)
    if seconds is None:
        return await summarizer.asummarize(group.lead)
    try:
        async with asyncio.timeout(seconds):
            return await summarizer.asummarize(group.lead)
    except TimeoutError:
        raise ModelAPIError(
            f"stuck: not finished after {seconds:g} s (the model server stopped answering)"
        ) from None


def build_brief(
    summarizer: Summarizer,
    articles: Sequence[Article],
    *,
    title: str | None = None,
    date: dt.date | None = None,
    max_cost: float | None = None,
    failures: Sequence[tuple[str, str]] = (),
    progress: Progress | None = None,
    options: BriefOptions | None = None,
    since: DailyBrief | None = None,
) -> DailyBrief:
    """Build the day's brief. See :meth:`briefer.Briefer.brief`."""
    return asyncio.run(
        abuild_brief(
            summarizer,
            articles,
            title=title,
            date=date,
            max_cost=max_cost,
            failures=failures,
            progress=progress,
            options=options,
            since=since,
        )
    )


@traced_brief
async def abuild_brief(
    summarizer: Summarizer,
    articles: Sequence[Article],
    *,
    title: str | None = None,
    date: dt.date | None = None,
    max_cost: float | None = None,
    failures: Sequence[tuple[str, str]] = (),
    progress: Progress | None = None,
    options: BriefOptions | None = None,
    since: DailyBrief | None = None,
) -> DailyBrief:
    """The async twin of :func:`build_brief`."""
    started = time.perf_counter()
    options = options or BriefOptions()
    day = date or dt.date.today()
    selection = select_groups(group_stories(articles), day, options)
    groups = [item.group for item in selection.chosen]
    planner = summarizer.planner
    budget = Budget(planner, max_cost)
    # Twice as many stories under way as calls in flight (the Summarizer bounds those): a
    # story ready with its request takes the slot a finished one frees, while that one is
    # still being grounded.
    limit = asyncio.Semaphore(2 * summarizer.settings.concurrency)
    done = 0

    @traced_story
    async def one(group: StoryGroup) -> ArticleSummary | BaseException:
        nonlocal done
        try:
            async with limit:
                budget.reserve(group.id, planner.estimate(group.lead) if budget.active else [])
                try:
                    summary = await _within_deadline(summarizer, group)
                finally:
                    budget.release(group.id)
            budget.spend(summary.metadata.usage)
            return summary
        except BrieferError as exc:
            usage = getattr(exc, "usage", None)
            if usage is not None:
                budget.spend(usage)
            return exc
        except Exception as exc:  # noqa: BLE001 - one story's bug must not cost the others
            return exc
        finally:
            done += 1
            if progress is not None:
                progress(done, len(groups))

    outcomes = await asyncio.gather(*(one(g) for g in groups))
    made, not_included, ledger = collect_stories(selection.chosen, outcomes, failures)
    return await finish_brief(
        summarizer,
        made,
        selection.held,
        not_included,
        ledger,
        budget,
        options=options,
        since=since,
        date=date,
        title=title,
        articles=len(articles) + len(failures),
        started=started,
    )


def collect_stories(
    chosen: Sequence[RankedGroup],
    outcomes: Sequence[ArticleSummary | BaseException],
    failures: Sequence[tuple[str, str]] = (),
) -> tuple[list[tuple[RankedGroup, Story]], list[NotIncluded], Ledger]:
    """Each chosen group's summary as a story, each failure as "not included", their ledger."""
    made: list[tuple[RankedGroup, Story]] = []
    not_included = [NotIncluded(source=s, reason=r) for s, r in failures]
    ledger = Ledger()
    for item, outcome in zip(chosen, outcomes, strict=True):
        group = item.group
        if isinstance(outcome, BaseException):
            reason = (
                str(outcome)
                if isinstance(outcome, BrieferError)
                else f"unexpected error ({type(outcome).__name__}: {outcome})"
            )
            not_included.append(NotIncluded(source=group.lead.label, reason=reason))
            ledger.record_failure(outcome)
            continue
        meta = outcome.metadata
        ledger.add(
            Ledger(
                usage=meta.usage,
                calls=meta.calls,
                requests=meta.attempts,
                cached_calls=meta.cached_calls,
            )
        )
        story = Story(
            id=group.id,
            title=story_title(group, outcome),
            sources=[ref(a) for a in group.articles],
            summary=outcome,
        )
        made.append((item, story))
    return made, not_included, ledger


async def finish_brief(
    summarizer: Summarizer,
    made: list[tuple[RankedGroup, Story]],
    held: Sequence[tuple[RankedGroup, str]],
    not_included: list[NotIncluded],
    ledger: Ledger,
    budget: Budget,
    *,
    options: BriefOptions,
    since: DailyBrief | None,
    date: dt.date | None,
    title: str | None,
    articles: int,
    started: float,
) -> DailyBrief:
    """The document from the day's summarized stories: per-source view, discrepancies,
    sections, continuity, top lines, indexes and the run's metadata.

    Shared by the live run and each pass of the Batch API path.
    """
    summaries = {}
    if options.per_source == "model" and summarizer.settings.engine == "model":
        summaries = await source_summaries(summarizer, [i for i, _ in made], budget, ledger)
    composed = compose(made, held, options, since, summaries)
    stories = composed.stories
    by_rank = sorted(stories, key=lambda s: s.rank)
    lines = await top_lines(summarizer, by_rank, date, budget, ledger)
    settings = summarizer.settings
    day = date or dt.date.today()
    cost = ledger.cost_usd(settings.model, settings.prices) if settings.call else None
    return DailyBrief(
        title=title or f"Daily brief, {day.isoformat()}",
        date=day,
        top_lines=lines,
        stories=stories,
        sections=composed.sections,
        more_stories=composed.more,
        continuity=composed.continuity,
        whos_who=whos_who(stories),
        experts=experts(stories),
        open_questions=open_questions(stories),
        not_included=not_included,
        metadata=BriefMetadata(
            engine=settings.engine,
            model=settings.model,
            articles=articles,
            stories=len(stories),
            failed=len(not_included),
            calls=ledger.calls,
            attempts=ledger.requests,
            cached_calls=ledger.cached_calls,
            usage=ledger.usage,
            cost_usd=cost,
            seconds=round(time.perf_counter() - started, 3),
            briefer_version=__version__,
            sections=list(options.sections),
            max_stories=options.max_stories,
            per_source=options.per_source,
            omitted=len(composed.more),
        ),
    )
