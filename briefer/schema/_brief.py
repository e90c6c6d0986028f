"""The daily brief: ranked stories in sections, what each source adds, where sources disagree,
what changed since the last brief, top lines, indexes and what the synthesis call returns."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import Field

from briefer.schema._common import MAX_TOP_LINES, Model, Text, Usage, bounded, empty_list
from briefer.schema._summary import ActorKind, ArticleSummary, Section

__all__ = [
    "BriefMetadata",
    "BriefSection",
    "BriefSynthesis",
    "Continuity",
    "DailyBrief",
    "Discrepancy",
    "DiscrepancyKind",
    "ExpertEntry",
    "NotIncluded",
    "NumberChange",
    "QuoteChange",
    "RankScore",
    "ScorePart",
    "SourceItem",
    "SourceRef",
    "SourceView",
    "Statement",
    "Story",
    "StoryChanges",
    "StoryLink",
    "StoryQuestions",
    "StoryStatus",
    "TopLine",
    "TopLineDraft",
    "WhoEntry",
]

StoryStatus = Literal["new", "updated", "continuing"]
DiscrepancyKind = Literal["number", "date", "place", "name", "outcome"]


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
    stories: list[str] = Field(default_factory=empty_list)
    """Anchors of the stories the line draws on (``Story.anchor``), best ranked first."""


class ScorePart(Model):
    """One part of a story's ranking score."""

    name: Literal["coverage", "prominence", "recency"]
    value: float
    """From 0 to 1."""
    weight: float
    """Its share of the total; the weights of the parts a brief uses sum to 1."""
    points: float
    """``value * weight``: what it adds to the total."""
    basis: str
    """What the value was computed from, in words."""


class RankScore(Model):
    """Why a story ranks where it does: the parts of its score and their sum."""

    total: float
    sources: int
    """Articles telling the story, copies included."""
    independent_sources: int
    """Outlets telling it in their own words: a republished copy counts once."""
    parts: list[ScorePart] = Field(default_factory=empty_list)


class SourceItem(Model):
    """A claim or quotation that only one source of a story carries."""

    kind: Literal["claim", "quote"]
    text: str
    speaker: str | None = None
    """Who is quoted, for a quotation."""
    sentence: int | None = None
    """The 1-based sentence of this source's article that holds it."""


class SourceView(Model):
    """One source of a story: what it carries that the story's other sources do not."""

    source: SourceRef
    role: Literal["lead", "independent", "copy"]
    """``lead``: the article the story's summary comes from; ``copy``: a republished copy."""
    copy_of: SourceRef | None = None
    """The article this one copies, for a copy."""
    method: Literal["summary", "extract", "model"] = "extract"
    """How its items were found: the story's summary (lead), the offline extractor, or a
    model summary of this source (``per_source="model"``)."""
    shared: int = 0
    """Its claims and quotations that another source carries too."""
    adds: list[SourceItem] = Field(default_factory=empty_list)
    """Its claims and quotations that no other source of the story carries."""


class Statement(Model):
    """What one source says, as a sentence of its article."""

    source: SourceRef
    text: str
    """The sentence, as the article writes it."""
    value: str
    """The part of it that disagrees ("84 prisoners")."""
    sentence: int
    """1-based sentence number in the article."""
    start: int
    end: int
    """Character offsets of the sentence in the article."""


class Discrepancy(Model):
    """Two sources of one story stating different things about the same thing."""

    kind: DiscrepancyKind
    about: str
    """What they disagree on, in a few words ("prisoners exchanged")."""
    statements: list[Statement]


class QuoteChange(Model):
    name: str
    quote: str


class NumberChange(Model):
    """A figure the previous brief gave otherwise (a toll that rose, a date that moved)."""

    about: str
    before: str
    after: str


class StoryChanges(Model):
    """What an updated story says that the previous brief's version of it did not."""

    new_claims: list[str] = Field(default_factory=empty_list)
    new_quotes: list[QuoteChange] = Field(default_factory=empty_list)
    changed_numbers: list[NumberChange] = Field(default_factory=empty_list)
    new_sources: list[SourceRef] = Field(default_factory=empty_list)
    previous_title: str | None = None


class Story(Model):
    """One event, told by one or more articles; summarized once."""

    id: str
    title: str
    sources: list[SourceRef]
    summary: ArticleSummary
    key: str = ""
    """Stable across days: the next brief (``since=``) gives the same story the same key,
    even when other outlets tell it."""
    anchor: str = ""
    """The story's id in the table of contents (``#anchor``); the same as ``key``."""
    rank: int = 0
    """1 for the most important story of the brief."""
    score: RankScore | None = None
    section: Section = "other"
    section_from: Literal["model", "classifier"] | None = None
    """Who filed the story: the model in the story call, or the word-list classifier."""
    source_views: list[SourceView] = Field(default_factory=empty_list)
    """For a story with several sources: each source and what only it carries."""
    discrepancies: list[Discrepancy] = Field(default_factory=empty_list)
    disputed: bool = False
    """True when its sources disagree on a fact (``discrepancies`` lists where)."""
    status: StoryStatus | None = None
    """Against the previous brief (``since=``): new, updated or continuing; else None."""
    changes: StoryChanges | None = None
    """For an updated story: what changed."""
    terms: list[str] = Field(default_factory=empty_list)
    """Names and words the next day's brief recognizes the story by."""


class StoryLink(Model):
    """A story named but not told in this brief: dropped since the last one, or left out."""

    key: str
    title: str
    section: Section | None = None
    sources: list[SourceRef] = Field(default_factory=empty_list)
    reason: str = ""
    terms: list[str] = Field(default_factory=empty_list)


class BriefSection(Model):
    """A section of the brief and the anchors of its stories, best ranked first."""

    id: Section
    title: str
    stories: list[str] = Field(default_factory=empty_list)


class Continuity(Model):
    """How this brief compares with the one it was given as ``since``."""

    since_title: str
    since_date: dt.date | None = None
    new: int = 0
    updated: int = 0
    continuing: int = 0
    dropped: list[StoryLink] = Field(default_factory=empty_list)
    """Stories of the previous brief that no story of this one continues."""


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
    sections: list[Section] = Field(default_factory=empty_list)
    """The sections asked for, in order (empty: all, in the default order)."""
    max_stories: int | None = None
    per_source: Literal["extract", "model", "off"] = "extract"
    omitted: int = 0
    """Stories left out by ``max_stories`` or ``sections`` (listed in ``more_stories``)."""


class DailyBrief(Model):
    """One document for a day of articles."""

    title: str
    date: dt.date | None = None
    top_lines: list[TopLine] = Field(default_factory=empty_list)
    stories: list[Story] = Field(default_factory=empty_list)
    """Section by section, best ranked first within each."""
    sections: list[BriefSection] = Field(default_factory=empty_list)
    more_stories: list[StoryLink] = Field(default_factory=empty_list)
    """Stories found but left out by ``max_stories`` or ``sections``, best ranked first."""
    continuity: Continuity | None = None
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
