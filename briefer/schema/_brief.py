"""The daily brief: stories, top lines, indexes and what the synthesis call returns."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import Field

from briefer.schema._common import MAX_TOP_LINES, Model, Text, Usage, bounded, empty_list
from briefer.schema._summary import ActorKind, ArticleSummary

__all__ = [
    "BriefMetadata",
    "BriefSynthesis",
    "DailyBrief",
    "ExpertEntry",
    "NotIncluded",
    "SourceRef",
    "Story",
    "StoryQuestions",
    "TopLine",
    "TopLineDraft",
    "WhoEntry",
]


class SourceRef(Model):
    """An article cited by a brief item."""

    title: str | None = None
    url: str | None = None
    source: str | None = None
    article_id: str = ""

    @property
    def label(self) -> str:
        return self.title or self.source or self.url or self.article_id


class TopLine(Model):
    text: str
    sources: list[SourceRef] = Field(default_factory=empty_list)


class Story(Model):
    """One event, told by one or more articles; summarized once."""

    id: str
    title: str
    sources: list[SourceRef]
    summary: ArticleSummary


class WhoEntry(Model):
    name: str
    kind: ActorKind
    roles: list[str] = Field(default_factory=empty_list)
    stories: list[str] = Field(default_factory=empty_list)
    """Titles of the stories the actor appears in."""


class ExpertEntry(Model):
    name: str
    affiliation: str | None = None
    quote: str
    """The first quotation."""
    quotes: list[str] = Field(default_factory=empty_list)
    """Up to three quotations, the first included."""
    source: SourceRef


class StoryQuestions(Model):
    story: str
    questions: list[str]
    source: SourceRef


class NotIncluded(Model):
    """An article the brief could not include, and why."""

    source: str
    reason: str


class BriefMetadata(Model):
    engine: Literal["model", "offline"]
    model: str | None = None
    articles: int = 0
    stories: int = 0
    failed: int = 0
    calls: int = 0
    """Structured calls made or served from the cache."""
    attempts: int = 0
    """Requests actually sent to the model (re-asks and retries included; 0 for cached)."""
    cached_calls: int = 0
    usage: Usage = Field(default_factory=Usage)
    cost_usd: float | None = None
    seconds: float = 0.0
    briefer_version: str = ""


class DailyBrief(Model):
    """One document for a day of articles."""

    title: str
    date: dt.date | None = None
    top_lines: list[TopLine] = Field(default_factory=empty_list)
    stories: list[Story] = Field(default_factory=empty_list)
    whos_who: list[WhoEntry] = Field(default_factory=empty_list)
    experts: list[ExpertEntry] = Field(default_factory=empty_list)
    open_questions: list[StoryQuestions] = Field(default_factory=empty_list)
    not_included: list[NotIncluded] = Field(default_factory=empty_list)
    metadata: BriefMetadata


class TopLineDraft(Model):
    text: Text = Field(
        description="One line a busy reader needs to know about the day, in plain words.",
        json_schema_extra={"maxLength": 300},
    )
    stories: list[int] = Field(
        description="Numbers of the stories this line draws on, as numbered in the request.",
        json_schema_extra={"maxItems": 10},
    )


class BriefSynthesis(Model):
    """What the model returns when asked for the day's top lines."""

    top_lines: Annotated[list[TopLineDraft], bounded(MAX_TOP_LINES)] = Field(
        description="Three to seven top lines for the day, most important first.",
        json_schema_extra={"maxItems": MAX_TOP_LINES},
    )
