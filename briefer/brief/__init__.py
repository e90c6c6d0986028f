"""The brief stage: a day of articles grouped into stories, summarized, and made one document.

:func:`group_stories` finds which articles tell one event; :func:`build_brief` (and
:func:`abuild_brief`) rank the stories, summarize each concurrently, file them in sections,
compare their sources (what each adds, where they disagree), mark what changed since a
previous brief, write the day's top lines and build the indexes; :func:`plan_calls` prices
the same calls without making any. :class:`BriefOptions` holds what a brief shows.
"""

from __future__ import annotations

from briefer.brief._build import Progress, abuild_brief, build_brief
from briefer.brief._estimate import BriefPlan, PlannedCall, plan_calls
from briefer.brief._options import BriefOptions, PerSource
from briefer.brief._sections import DEFAULT_SECTIONS, classify_section, parse_sections
from briefer.brief._stories import StoryGroup, canonical_url, group_stories

__all__ = [
    "DEFAULT_SECTIONS",
    "BriefOptions",
    "BriefPlan",
    "PerSource",
    "PlannedCall",
    "Progress",
    "StoryGroup",
    "abuild_brief",
    "build_brief",
    "canonical_url",
    "classify_section",
    "group_stories",
    "parse_sections",
    "plan_calls",
]
