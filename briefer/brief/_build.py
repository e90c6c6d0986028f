"""The daily brief: a day of articles -> stories -> summaries -> one document.

Every story is summarized through the same pipeline as a single article, concurrently
under a bound. An article that fails is listed under "not included" with the reason; the
rest of the brief is still produced, and nothing already summarized is lost.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import time
from collections.abc import Callable, Sequence

from briefer._version import __version__
from briefer.brief._budget import Budget
from briefer.brief._indexes import experts, open_questions, ref, story_title, whos_who
from briefer.brief._stories import StoryGroup, group_stories
from briefer.brief._synthesis import top_lines
from briefer.errors import BrieferError
from briefer.llm import Ledger
from briefer.schema import (
    Article,
    ArticleSummary,
    BriefMetadata,
    DailyBrief,
    NotIncluded,
    Story,
    TopLine,
)
from briefer.summarize import Summarizer

__all__ = ["Progress", "abuild_brief", "build_brief", "collect_stories", "daily_brief"]

Progress = Callable[[int, int], None]


def build_brief(
    summarizer: Summarizer,
    articles: Sequence[Article],
    *,
    title: str | None = None,
    date: dt.date | None = None,
    max_cost: float | None = None,
    failures: Sequence[tuple[str, str]] = (),
    progress: Progress | None = None,
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
        )
    )


async def abuild_brief(
    summarizer: Summarizer,
    articles: Sequence[Article],
    *,
    title: str | None = None,
    date: dt.date | None = None,
    max_cost: float | None = None,
    failures: Sequence[tuple[str, str]] = (),
    progress: Progress | None = None,
) -> DailyBrief:
    """The async twin of :func:`build_brief`."""
    started = time.perf_counter()
    groups = group_stories(articles)
    planner = summarizer.planner
    budget = Budget(planner, max_cost)
    # Twice as many stories under way as calls in flight (the Summarizer bounds those): a
    # story ready with its request takes the slot a finished one frees, while that one is
    # still being grounded.
    limit = asyncio.Semaphore(2 * summarizer.settings.concurrency)
    done = 0

    async def one(group: StoryGroup) -> ArticleSummary | BaseException:
        nonlocal done
        try:
            async with limit:
                budget.reserve(group.id, planner.estimate(group.lead) if budget.active else [])
                try:
                    summary = await summarizer.asummarize(group.lead)
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
    stories, not_included, ledger = collect_stories(groups, outcomes, failures)
    lines = await top_lines(summarizer, stories, date, budget, ledger)
    return daily_brief(
        summarizer,
        stories,
        not_included,
        ledger,
        lines,
        articles=len(articles) + len(failures),
        title=title,
        date=date,
        started=started,
    )


def collect_stories(
    groups: Sequence[StoryGroup],
    outcomes: Sequence[ArticleSummary | BaseException],
    failures: Sequence[tuple[str, str]] = (),
) -> tuple[list[Story], list[NotIncluded], Ledger]:
    """Each group's summary as a story, each failure as "not included", and their ledger."""
    stories: list[Story] = []
    not_included = [NotIncluded(source=s, reason=r) for s, r in failures]
    ledger = Ledger()
    for group, outcome in zip(groups, outcomes, strict=True):
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
        stories.append(
            Story(
                id=group.id,
                title=story_title(group, outcome),
                sources=[ref(a) for a in group.articles],
                summary=outcome,
            )
        )
    return stories, not_included, ledger


def daily_brief(
    summarizer: Summarizer,
    stories: list[Story],
    not_included: list[NotIncluded],
    ledger: Ledger,
    lines: list[TopLine],
    *,
    articles: int,
    title: str | None,
    date: dt.date | None,
    started: float,
) -> DailyBrief:
    """The document: stories, top lines, indexes and the run's metadata."""
    settings = summarizer.settings
    cost = ledger.cost_usd(settings.model, settings.prices) if settings.call else None
    day = date or dt.date.today()
    return DailyBrief(
        title=title or f"Daily brief, {day.isoformat()}",
        date=day,
        top_lines=lines,
        stories=stories,
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
        ),
    )
