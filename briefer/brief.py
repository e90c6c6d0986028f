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
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from briefer.errors import BrieferError, BudgetExceededError
from briefer.merge import name_key
from briefer.pricing import estimate_cost
from briefer.requests import brief_request
from briefer.schema import (
    Article,
    ArticleSummary,
    BriefMetadata,
    BriefSynthesis,
    DailyBrief,
    ExpertEntry,
    NotIncluded,
    SourceRef,
    Story,
    StoryQuestions,
    TopLine,
    Usage,
    WhoEntry,
)
from briefer.stories import StoryGroup, group_stories
from briefer.text import split_sentences

if TYPE_CHECKING:
    from briefer.pipeline import Briefer

__all__ = ["BriefPlan", "PlannedCall", "abuild_brief", "build_brief", "plan_brief"]

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class PlannedCall:
    """One model call a brief would make."""

    story: str
    articles: int
    prompt_tokens: int
    max_output_tokens: int


@dataclass(frozen=True)
class BriefPlan:
    """What a brief would do, without calling the model (``--dry-run``)."""

    calls: list[PlannedCall]
    stories: int
    articles: int
    duplicates: int
    estimated_cost_usd: float | None

    @property
    def prompt_tokens(self) -> int:
        return sum(c.prompt_tokens for c in self.calls)


def plan_brief(briefer: Briefer, articles: Sequence[Article]) -> BriefPlan:
    """The calls a brief of ``articles`` would make, with a token and cost estimate."""
    groups = group_stories(articles)
    calls: list[PlannedCall] = []
    for group in groups:
        chunks = briefer.chunks(group.lead)
        overhead = briefer._prompt_overhead() if briefer.engine == "model" else 0
        per_chunk = [c.tokens + overhead for c in chunks]
        for tokens in per_chunk:
            calls.append(
                PlannedCall(
                    _story_title(group), len(group.articles), tokens, briefer.max_output_tokens
                )
            )
        if len(chunks) > 1:
            merge_tokens = overhead + briefer.max_output_tokens * len(chunks)
            calls.append(
                PlannedCall(
                    _story_title(group),
                    len(group.articles),
                    merge_tokens,
                    briefer.max_output_tokens,
                )
            )
    if briefer.engine == "model" and groups:
        synthesis = briefer._prompt_overhead() + 120 * len(groups)
        calls.append(
            PlannedCall("(top lines for the day)", 0, synthesis, briefer.max_output_tokens)
        )
    cost = None
    if briefer.engine == "model":
        cost = estimate_cost(
            briefer.model,
            sum(c.prompt_tokens for c in calls),
            sum(c.max_output_tokens for c in calls),
            overrides=briefer.prices,
        )
    else:
        calls = []
    return BriefPlan(
        calls=calls,
        stories=len(groups),
        articles=len(articles),
        duplicates=len(articles) - len(groups),
        estimated_cost_usd=cost,
    )


def build_brief(
    briefer: Briefer,
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
            briefer,
            articles,
            title=title,
            date=date,
            max_cost=max_cost,
            failures=failures,
            progress=progress,
        )
    )


async def abuild_brief(
    briefer: Briefer,
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
    budget = _Budget(briefer, max_cost)
    limit = asyncio.Semaphore(briefer.concurrency)
    done = 0

    async def one(group: StoryGroup) -> ArticleSummary | BaseException:
        nonlocal done
        try:
            async with limit:
                budget.reserve(group.lead)
                try:
                    summary = await briefer.asummarize(group.lead)
                finally:
                    budget.release(group.lead)
            budget.spend(summary.metadata.usage)
            return summary
        except BrieferError as exc:
            if hasattr(exc, "usage"):
                budget.spend(exc.usage)
            return exc
        except Exception as exc:  # noqa: BLE001 - one story's bug must not cost the others
            return exc
        finally:
            done += 1
            if progress is not None:
                progress(done, len(groups))

    outcomes = await asyncio.gather(*(one(g) for g in groups))
    stories: list[Story] = []
    not_included = [NotIncluded(source=s, reason=r) for s, r in failures]
    count = _Count()
    for group, outcome in zip(groups, outcomes, strict=True):
        if isinstance(outcome, BaseException):
            reason = (
                str(outcome)
                if isinstance(outcome, BrieferError)
                else f"unexpected error ({type(outcome).__name__}: {outcome})"
            )
            not_included.append(NotIncluded(source=group.lead.label, reason=reason))
            count.failed(outcome)
            continue
        meta = outcome.metadata
        count.add(meta.usage, calls=meta.calls, attempts=meta.attempts, cached=meta.cached_calls)
        stories.append(
            Story(
                id=group.id,
                title=_story_title(group, outcome),
                sources=[_ref(a) for a in group.articles],
                summary=outcome,
            )
        )
    top_lines = await _top_lines(briefer, stories, date, budget, count)
    usage = count.usage
    from briefer import __version__

    cost = None
    if briefer.engine == "model":
        cost = estimate_cost(
            briefer.model, usage.prompt_tokens, usage.completion_tokens, overrides=briefer.prices
        )
    day = date or dt.date.today()
    return DailyBrief(
        title=title or f"Daily brief, {day.isoformat()}",
        date=day,
        top_lines=top_lines,
        stories=stories,
        whos_who=_whos_who(stories),
        experts=_experts(stories),
        open_questions=[
            StoryQuestions(story=s.title, questions=s.summary.open_questions, source=s.sources[0])
            for s in stories
            if s.summary.open_questions
        ],
        not_included=not_included,
        metadata=BriefMetadata(
            engine=briefer.engine,
            model=briefer.model,
            articles=len(articles) + len(failures),
            stories=len(stories),
            failed=len(not_included),
            calls=count.calls,
            attempts=count.attempts,
            cached_calls=count.cached,
            usage=usage,
            cost_usd=cost,
            seconds=round(time.perf_counter() - started, 3),
            briefer_version=__version__,
        ),
    )


@dataclass
class _Count:
    """Calls, requests and tokens of a whole brief, failed calls included."""

    usage: Usage = field(default_factory=Usage)
    calls: int = 0
    attempts: int = 0
    cached: int = 0

    def add(self, usage: Usage, *, calls: int, attempts: int, cached: int) -> None:
        self.usage = self.usage + usage
        self.calls += calls
        self.attempts += attempts
        self.cached += cached

    def failed(self, error: BaseException) -> None:
        # A call that failed after requests still cost them; one before any request did not.
        attempts = int(getattr(error, "attempts", 0))
        self.add(
            getattr(error, "usage", Usage()), calls=int(attempts > 0), attempts=attempts, cached=0
        )


class _Budget:
    """Stops before a story's calls could take the brief past its cost limit.

    A story reserves, before its first call, the prompt of every call it will make plus the
    whole output limit of each; stories under way hold their reservations, so concurrent
    stories cannot overshoot together. Re-asks and retries are not foreseen: they are
    counted as spent when the story ends, before later stories reserve. (Only the event
    loop's thread touches this, so it needs no lock.)
    """

    def __init__(self, briefer: Briefer, max_cost: float | None) -> None:
        self.briefer = briefer
        self.max_cost = max_cost
        self.spent = 0.0
        self.reserved: dict[str, float] = {}

    def _estimate(self, article: Article) -> float:
        chunks = len(self.briefer.chunks(article))
        merge = chunks > 1
        reask = self.briefer.grounding_reask  # resends the whole article
        calls = chunks + merge + reask
        text = self.briefer.counter.count(article.text)
        partials = self.briefer.max_output_tokens * chunks if merge else 0
        tokens = text * (1 + reask) + partials + self.briefer._prompt_overhead() * calls
        return (
            estimate_cost(
                self.briefer.model,
                tokens,
                self.briefer.max_output_tokens * calls,
                overrides=self.briefer.prices,
            )
            or 0.0
        )

    def reserve(self, article: Article) -> None:
        if self.max_cost is None or self.briefer.engine != "model":
            return
        estimate = self._estimate(article)
        committed = self.spent + sum(self.reserved.values())
        if committed + estimate > self.max_cost:
            raise BudgetExceededError(
                f"skipped: summarizing it could cost up to ${estimate:.4f}, which would pass "
                f"the limit of ${self.max_cost:.2f} (${committed:.4f} spent or reserved)"
            )
        self.reserved[article.id] = estimate

    def release(self, article: Article) -> None:
        self.reserved.pop(article.id, None)

    def spend(self, usage: Usage) -> None:
        if self.max_cost is None or self.briefer.engine != "model":
            return
        cost = estimate_cost(
            self.briefer.model,
            usage.prompt_tokens,
            usage.completion_tokens,
            overrides=self.briefer.prices,
        )
        self.spent += cost or 0.0


async def _top_lines(
    briefer: Briefer, stories: list[Story], date: dt.date | None, budget: _Budget, count: _Count
) -> list[TopLine]:
    if not stories:
        return []
    fallback = [
        TopLine(text=_first_sentence(s.summary.lede), sources=s.sources)
        for s in stories[:7]
        if s.summary.lede
    ]
    if briefer.engine != "model":
        return fallback
    numbered: list[dict[str, Any]] = [
        {"number": i, "title": s.title, "lede": " ".join(s.summary.lede.split())}
        for i, s in enumerate(stories, 1)
    ]
    request = brief_request(briefer.prompts, numbered, date)
    reservation = Article(text="\n".join(str(n["lede"]) for n in numbered), id="top-lines")
    try:
        budget.reserve(reservation)
        try:
            result = await briefer.acall(request, BriefSynthesis, template="brief")
        finally:
            budget.release(reservation)
    except BrieferError as exc:
        # The day's stories are all there; top lines fall back to their ledes.
        count.failed(exc)
        return fallback
    count.add(result.usage, calls=1, attempts=result.attempts, cached=int(result.cached))
    lines = []
    for draft in result.value.top_lines:
        cited = [
            stories[n - 1].sources[0] for n in dict.fromkeys(draft.stories) if 0 < n <= len(stories)
        ]
        lines.append(TopLine(text=draft.text, sources=cited))
    return lines or fallback


def _first_sentence(text: str) -> str:
    sentences = split_sentences(" ".join(text.split()))
    return sentences[0].text if sentences else ""


def _ref(article: Article) -> SourceRef:
    return SourceRef(
        title=article.title, url=article.url, source=article.source, article_id=article.id
    )


def _story_title(group: StoryGroup, summary: ArticleSummary | None = None) -> str:
    for article in group.articles:
        if article.title:
            return article.title
    if summary is not None and summary.lede:
        words = _first_sentence(summary.lede).split()
        return " ".join(words[:12]) + ("…" if len(words) > 12 else "")
    return group.lead.label


def _whos_who(stories: list[Story]) -> list[WhoEntry]:
    entries: dict[str, WhoEntry] = {}
    for story in stories:
        for actor in story.summary.actors:
            key = name_key(actor.name)
            entry = entries.setdefault(key, WhoEntry(name=actor.name, kind=actor.kind))
            if actor.role and actor.role not in entry.roles:
                entry.roles.append(actor.role)
            if story.title not in entry.stories:
                entry.stories.append(story.title)
    return sorted(entries.values(), key=lambda e: (-len(e.stories), e.name.casefold()))


def _experts(stories: list[Story]) -> list[ExpertEntry]:
    return [
        ExpertEntry(
            name=expert.name,
            affiliation=expert.affiliation,
            quote=expert.quote,
            source=story.sources[0],
        )
        for story in stories
        for expert in story.summary.quoted_experts
    ]
