"""What a brief shows: its sections, how many stories, how the sources are compared."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, get_args

from briefer.brief._sections import DEFAULT_SECTIONS, parse_sections
from briefer.errors import UsageError
from briefer.schema import Section

__all__ = ["BriefOptions", "PerSource"]

PerSource = Literal["extract", "model", "off"]


@dataclass(frozen=True)
class BriefOptions:
    """Settings of a daily brief that travel together (``Briefer.brief(options=...)``).

    Attributes:
        sections: the sections to show, in order (ids or names such as "health" or
            "sports"); empty for all, in the default order. Stories are chosen for a
            section by the word-list classifier before any call, then filed where the model
            puts them (see docs/brief.md).
        max_stories: show at most this many stories, the best ranked; the rest are listed
            as more stories, unsummarized. Cut before any model call.
        per_source: how the view of what each source adds is made: ``extract`` (default:
            the offline extractor on each other source, no model call), ``model`` (one more
            model summary per other independent source, priced by the estimate), or ``off``.
        discrepancies: look for facts the sources of a story state differently.
    """

    sections: tuple[Section, ...] = field(default=())
    max_stories: int | None = None
    per_source: PerSource = "extract"
    discrepancies: bool = True

    def __post_init__(self) -> None:
        if self.sections:
            object.__setattr__(self, "sections", parse_sections(self.sections))
        if self.max_stories is not None and (
            isinstance(self.max_stories, bool) or self.max_stories < 1
        ):
            raise UsageError(f"max_stories must be at least 1, not {self.max_stories}")
        if self.per_source not in get_args(PerSource):
            raise UsageError(f"per_source must be extract, model or off, not {self.per_source!r}")

    @property
    def order(self) -> tuple[Section, ...]:
        """The sections shown, in order."""
        return self.sections or DEFAULT_SECTIONS

    @property
    def filtered(self) -> bool:
        """True when some sections are left out."""
        return bool(self.sections) and set(self.sections) != set(DEFAULT_SECTIONS)
