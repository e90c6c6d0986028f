"""A day's summarized stories made into the brief: filed in sections, each source's additions
and the sources' disagreements found, keys kept from the previous brief.

:func:`source_summaries` makes the optional model summaries of each other source;
:func:`compose` does the rest, in code. (Which stories to summarize is decided before, in
:mod:`briefer.brief._select`.)
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass

from briefer.brief._budget import Budget
from briefer.brief._continuity import apply_since, story_key, story_terms, text_terms
from briefer.brief._discrepancies import story_discrepancies
from briefer.brief._indexes import ref, story_title
from briefer.brief._options import BriefOptions
from briefer.brief._rank import RankedGroup
from briefer.brief._sections import classify_section
from briefer.brief._select import other_sources
from briefer.brief._sources import SourceContent, extract_source, source_views
from briefer.errors import BrieferError
from briefer.llm import Ledger
from briefer.schema import (
    SECTION_TITLES,
    BriefSection,
    Continuity,
    DailyBrief,
    Section,
    Story,
    StoryLink,
)
from briefer.summarize import Summarizer

__all__ = ["Composed", "compose", "source_summaries"]


async def source_summaries(
    summarizer: Summarizer,
    items: Sequence[RankedGroup],
    budget: Budget,
    ledger: Ledger,
) -> dict[tuple[str, int], SourceContent]:
    """A model summary of every other independent source (``per_source="model"``).

    One that fails, or that the cost limit stops, falls back to the offline extractor.
    """
    planner = summarizer.planner

    async def one(item: RankedGroup, index: int) -> tuple[tuple[str, int], SourceContent | None]:
        article = item.group.articles[index]
        key = f"{item.group.id}:source:{index}"
        try:
            budget.reserve(key, planner.estimate(article) if budget.active else [])
            try:
                summary = await summarizer.asummarize(article)
            finally:
                budget.release(key)
        except BrieferError as exc:
            ledger.record_failure(exc)
            return (item.group.id, index), None
        meta = summary.metadata
        budget.spend(meta.usage)
        ledger.add(
            Ledger(
                usage=meta.usage,
                calls=meta.calls,
                requests=meta.attempts,
                cached_calls=meta.cached_calls,
            )
        )
        return (item.group.id, index), SourceContent(summary, "model")

    done = await asyncio.gather(*(one(item, i) for item in items for i in other_sources(item)))
    return {key: content for key, content in done if content is not None}


@dataclass(frozen=True)
class Composed:
    stories: list[Story]
    sections: list[BriefSection]
    more: list[StoryLink]
    continuity: Continuity | None


def _story(
    item: RankedGroup,
    story: Story,
    options: BriefOptions,
    summaries: dict[tuple[str, int], SourceContent],
) -> Story:
    articles = item.group.articles
    section: Section | None = story.summary.section
    section_from = "model"
    if section is None:
        section, section_from = classify_section(item.group.lead), "classifier"
    views = []
    if options.per_source != "off" and len(articles) > 1:
        contents = {0: SourceContent(story.summary, "summary")}
        for index in other_sources(item):
            found = summaries.get((item.group.id, index))
            contents[index] = found or extract_source(articles[index])
        views = source_views(articles, item.copies, contents)
    disputes = story_discrepancies(articles, item.copies) if options.discrepancies else []
    key = story_key(story.title, story.id)
    made = story.model_copy(
        update={
            "key": key,
            "anchor": key,
            "score": item.score,
            "section": section,
            "section_from": section_from,
            "source_views": views,
            "discrepancies": disputes,
            "disputed": bool(disputes),
        }
    )
    return made.model_copy(update={"terms": story_terms(made)})


def _link(item: RankedGroup, reason: str) -> StoryLink:
    group = item.group
    title = story_title(group)
    return StoryLink(
        key=story_key(title, group.id),
        title=title,
        section=classify_section(group.lead),
        sources=[ref(a) for a in group.articles],
        reason=reason,
        terms=text_terms([title, title, group.lead.text[:1500]]),
    )


def compose(
    made: Sequence[tuple[RankedGroup, Story]],
    held: Sequence[tuple[RankedGroup, str]],
    options: BriefOptions,
    since: DailyBrief | None = None,
    summaries: dict[tuple[str, int], SourceContent] | None = None,
) -> Composed:
    """The brief's stories in section order (best ranked first in each), its sections, the
    stories left out, and how it compares with ``since``."""
    stories: list[tuple[int, Story]] = []
    more = [(item.rank, _link(item, reason)) for item, reason in held]
    for item, story in made:
        full = _story(item, story, options, summaries or {})
        if options.filtered and full.section not in options.sections:
            title = SECTION_TITLES[full.section]
            link = _link(item, f"filed by the model under {title}, not chosen")
            more.append((item.rank, link.model_copy(update={"section": full.section})))
            continue
        stories.append((item.rank, full))
    stories.sort(key=lambda pair: pair[0])
    ranked = [s.model_copy(update={"rank": n}) for n, (_, s) in enumerate(stories, 1)]
    links = [link for _, link in sorted(more, key=lambda pair: pair[0])]
    continuity = None
    if since is not None:
        ranked, links, continuity = apply_since(ranked, links, since)
    order = options.order
    ranked.sort(key=lambda s: (order.index(s.section), s.rank))
    sections = [
        BriefSection(
            id=section,
            title=SECTION_TITLES[section],
            stories=[s.anchor for s in ranked if s.section == section],
        )
        for section in order
        if any(s.section == section for s in ranked)
    ]
    return Composed(ranked, sections, links, continuity)
