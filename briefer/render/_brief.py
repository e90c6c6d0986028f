"""What the brief templates need beyond the brief itself: sections with their stories, safe
anchors, a story's badges and the line that explains its rank.

Anchors are made of ``a-z``, ``0-9`` and ``-`` only, whatever a brief (or a previous brief it
was compared with) holds, so an anchor can go into a Markdown link or an HTML attribute as is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from briefer.schema import SECTION_TITLES, DailyBrief, Story

__all__ = ["brief_context", "safe_anchor"]

_UNSAFE = re.compile(r"[^a-z0-9-]+")


def safe_anchor(value: object) -> str:
    """``value`` as an id for a link target: lowercase letters, digits and dashes."""
    cleaned = _UNSAFE.sub("-", str(value).casefold()).strip("-")[:96]
    return cleaned or "story"


@dataclass(frozen=True)
class Group:
    """A section of the rendered brief: its id (for the section's anchor), title, stories."""

    id: str
    title: str
    stories: list[Story]

    @property
    def anchor(self) -> str:
        return f"section-{safe_anchor(self.id)}"


def _groups(brief: DailyBrief) -> list[Group]:
    if not brief.sections:
        # A brief from before sections (or built by hand): one list, as it always was.
        return [Group("stories", "Stories", list(brief.stories))] if brief.stories else []
    by_anchor = {s.anchor: s for s in brief.stories}
    groups = []
    placed: set[int] = set()
    for section in brief.sections:
        stories = [by_anchor[a] for a in section.stories if a in by_anchor]
        placed.update(id(s) for s in stories)
        if stories:
            groups.append(Group(section.id, SECTION_TITLES.get(section.id, section.title), stories))
    rest = [s for s in brief.stories if id(s) not in placed]
    if rest:
        groups.append(Group("more", "More stories", rest))
    return groups


def badges(story: Story) -> list[str]:
    """Short labels for a story: new, updated or continuing; sources disagree."""
    out: list[str] = []
    if story.status:
        out.append(story.status)
    if story.disputed:
        out.append("sources disagree")
    return out


def rank_line(story: Story) -> str:
    """Why the story is where it is: its rank, sources and score, in words."""
    score = story.score
    if score is None or not story.rank:
        return ""
    sources = f"{score.independent_sources} independent source"
    sources += "s" if score.independent_sources != 1 else ""
    if score.sources != score.independent_sources:
        sources += f" of {score.sources} articles"
    parts = " + ".join(f"{p.name} {p.points:.2f}" for p in score.parts)
    return f"Rank {story.rank} · {sources} · score {score.total:.2f} ({parts})"


def brief_context(brief: DailyBrief) -> dict[str, Any]:
    """The brief's sections, whether to show a table of contents, and the helpers."""
    groups = _groups(brief)
    titles = {s.anchor: s.title for s in brief.stories if s.anchor}
    return {
        "groups": groups,
        "toc": bool(brief.sections) and all(s.anchor for s in brief.stories),
        "titles": titles,
        "badges": badges,
        "rank_line": rank_line,
    }
