"""The brief stage: a day of articles grouped into stories, summarized, and made one document.

:func:`group_stories` finds which articles tell one event; :func:`build_brief` (and
:func:`abuild_brief`) summarize each story concurrently, write the day's top lines and build
the indexes; :func:`plan_calls` prices the same calls without making any.
"""

from __future__ import annotations

from briefer.brief._build import Progress, abuild_brief, build_brief
from briefer.brief._estimate import BriefPlan, PlannedCall, plan_calls
from briefer.brief._stories import StoryGroup, canonical_url, group_stories

__all__ = [
    "BriefPlan",
    "PlannedCall",
    "Progress",
    "StoryGroup",
    "abuild_brief",
    "build_brief",
    "canonical_url",
    "group_stories",
    "plan_calls",
]
