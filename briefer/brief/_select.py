"""Which stories a brief summarizes: ranked, then cut to the chosen sections and
``max_stories``, all before any model call (ranking needs only the articles)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from briefer.brief._options import BriefOptions
from briefer.brief._rank import RankedGroup, rank_groups
from briefer.brief._sections import classify_section
from briefer.brief._sources import MAX_SOURCES
from briefer.brief._stories import StoryGroup
from briefer.schema import SECTION_TITLES

__all__ = ["Selection", "other_sources", "select_groups"]


@dataclass(frozen=True)
class Selection:
    """The stories a brief summarizes, in rank order, and those it leaves out, with why."""

    chosen: list[RankedGroup]
    held: list[tuple[RankedGroup, str]]


def select_groups(groups: Sequence[StoryGroup], day: dt.date, options: BriefOptions) -> Selection:
    """Rank the stories, then keep those of the chosen sections, at most ``max_stories``."""
    ranked = rank_groups(groups, day)
    held: list[tuple[RankedGroup, str]] = []
    pool = ranked
    if options.filtered:
        pool = []
        for item in ranked:
            section = classify_section(item.group.lead)
            if section in options.sections:
                pool.append(item)
            else:
                held.append((item, f"filed under {SECTION_TITLES[section]}, not chosen"))
    if options.max_stories is not None:
        limit = options.max_stories
        held += [(item, f"beyond the {limit} best-ranked stories") for item in pool[limit:]]
        pool = pool[:limit]
    held.sort(key=lambda pair: pair[0].rank)
    return Selection(pool, held)


def other_sources(item: RankedGroup) -> list[int]:
    """Indices of a story's independent articles other than its lead (compared per source)."""
    return [i for i, c in enumerate(item.copies) if c is None and i > 0][: MAX_SOURCES - 1]
