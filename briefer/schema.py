"""The data that crosses briefer's boundaries: articles in, summaries and briefs out.

Field descriptions are part of the JSON Schema the model sees, so they are written as
instructions to it. Fields marked ``internal`` are filled by briefer (evidence found by
grounding, run metadata) and are left out of that schema.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import unicodedata
from typing import Annotated, Any, Literal, cast

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)

__all__ = [
    "Actor",
    "ActorKind",
    "Article",
    "ArticleSummary",
    "BriefMetadata",
    "BriefSynthesis",
    "Claim",
    "DailyBrief",
    "DroppedItem",
    "Evidence",
    "ExpertEntry",
    "GroundingReport",
    "NotIncluded",
    "QuotedExpert",
    "RunMetadata",
    "SourceRef",
    "Story",
    "StoryQuestions",
    "SummaryContent",
    "TopLine",
    "TopLineDraft",
    "Usage",
    "WhoEntry",
]

# Upper bounds on every list the model fills: a small model without them repeats one item
# until it runs out of tokens. The schema states them; parsing enforces them by truncating.
MAX_CLAIMS = 8
MAX_ACTORS = 12
MAX_EXPERTS = 8
MAX_QUESTIONS = 5
MAX_TOP_LINES = 7

INTERNAL: dict[str, Any] = {"internal": True}


def _norm_key(value: object) -> str:
    """A case-, accent- and space-insensitive key for spotting repeated items."""
    if isinstance(value, BaseModel):
        value = value.model_dump(exclude={"evidence"})
    if isinstance(value, dict):
        value = " ".join(str(v) for k, v in sorted(value.items()) if k in ("text", "name", "quote"))
    text = unicodedata.normalize("NFKC", str(value)).casefold()
    return " ".join(text.split())


def _bounded(limit: int) -> BeforeValidator:
    """Drop repeated items and keep the first ``limit``: a long list is trimmed, not refused."""

    def trim(items: Any) -> Any:
        if not isinstance(items, list):
            return items
        seen: set[str] = set()
        kept: list[Any] = []
        for item in items:
            key = _norm_key(item)
            if key in seen or not key:
                continue
            seen.add(key)
            kept.append(item)
            if len(kept) == limit:
                break
        return kept

    return BeforeValidator(trim)


def _strip(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


Text = Annotated[str, BeforeValidator(_strip)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore", populate_by_name=True)


class Usage(_Model):
    """Tokens spent, summed over every attempt of every call."""

    prompt_tokens: int = 0
    completion_tokens: int = 0
    total_tokens: int = 0

    def __add__(self, other: Usage) -> Usage:
        return Usage(
            prompt_tokens=self.prompt_tokens + other.prompt_tokens,
            completion_tokens=self.completion_tokens + other.completion_tokens,
            total_tokens=self.total_tokens + other.total_tokens,
        )


class Evidence(_Model):
    """Where grounding found an item in the article."""

    verified: bool
    """True when the item was found in the article text."""
    start: int | None = None
    """Character offset in the article where the supporting text starts."""
    end: int | None = None
    """Character offset where it ends (exclusive)."""
    sentence: int | None = None
    """1-based number of the supporting sentence in the article."""
    score: float | None = None
    """Support score for claims (content-word overlap, 0 to 1)."""
    note: str | None = None
    """Why an item was not verified."""


class Claim(_Model):
    text: Text = Field(
        description="One factual claim the article makes, as one short sentence in plain words.",
        json_schema_extra={"maxLength": 300},
    )
    evidence: Evidence | None = Field(default=None, json_schema_extra=cast(Any, INTERNAL))


ActorKind = Literal["person", "organization", "country", "group", "other"]


class Actor(_Model):
    name: Text = Field(
        description="The actor's name exactly as the article writes it.",
        json_schema_extra={"maxLength": 80},
    )
    kind: ActorKind = Field(description="What sort of actor this is.")
    role: Text | None = Field(
        default=None,
        description="The actor's role in the story, in a few words, or null.",
        json_schema_extra={"maxLength": 120},
    )
    evidence: Evidence | None = Field(default=None, json_schema_extra=cast(Any, INTERNAL))


class QuotedExpert(_Model):
    name: Text = Field(
        description="The name of the person quoted, exactly as the article writes it.",
        json_schema_extra={"maxLength": 80},
    )
    affiliation: Text | None = Field(
        default=None,
        description="Their title or organization as the article gives it, or null.",
        json_schema_extra={"maxLength": 120},
    )
    quote: Text = Field(
        description="The words the article puts in quotation marks for this person, "
        "copied exactly.",
        json_schema_extra={"maxLength": 600},
    )
    evidence: Evidence | None = Field(default=None, json_schema_extra=cast(Any, INTERNAL))


class SummaryContent(_Model):
    """What a model (or the offline engine) produces for one article or one chunk of it."""

    lede: Text = Field(
        description="One paragraph (at most three sentences) saying what the article reports.",
        json_schema_extra={"maxLength": 800},
    )
    key_claims: Annotated[list[Claim], _bounded(MAX_CLAIMS)] = Field(
        default_factory=list,
        description="The article's main factual claims, most important first, each stated once.",
        json_schema_extra={"maxItems": MAX_CLAIMS},
    )
    actors: Annotated[list[Actor], _bounded(MAX_ACTORS)] = Field(
        default_factory=list,
        description="People, organizations, countries and groups the article names, each once.",
        json_schema_extra={"maxItems": MAX_ACTORS},
    )
    quoted_experts: Annotated[list[QuotedExpert], _bounded(MAX_EXPERTS)] = Field(
        default_factory=list,
        description="Only people the article quotes directly, with their exact quoted words. "
        "Empty if nobody is quoted.",
        json_schema_extra={"maxItems": MAX_EXPERTS},
    )
    open_questions: Annotated[list[Text], _bounded(MAX_QUESTIONS)] = Field(
        default_factory=list,
        description="Questions the article raises but does not answer, each ending with '?'.",
        json_schema_extra={"maxItems": MAX_QUESTIONS},
    )


class DroppedItem(_Model):
    """An item grounding removed or flagged, and why."""

    kind: Literal["claim", "actor", "expert", "quote"]
    text: str
    reason: str


class GroundingReport(_Model):
    """What grounding checked against the article and what it did about it."""

    policy: Literal["drop", "flag", "off"]
    checked: int = 0
    verified: int = 0
    dropped: list[DroppedItem] = Field(default_factory=list)
    """Items removed under ``drop`` or marked under ``flag``."""
    reasked: int = 0
    """Unverified items sent back to the model in one targeted re-ask (``grounding_reask``)."""

    @property
    def rate(self) -> float | None:
        """Share of checked items that were found in the article (None when nothing was checked)."""
        return self.verified / self.checked if self.checked else None


class RunMetadata(_Model):
    """How a summary was made: engine, model, mode, template, tokens, cost and timing."""

    engine: Literal["model", "offline"]
    model: str | None = None
    mode: str | None = None
    """The structured-output mode the server accepted (json_schema, json_object, prompt)."""
    template: str = "summarize"
    template_hash: str = ""
    usage: Usage = Field(default_factory=Usage)
    attempts: int = 0
    calls: int = 0
    chunks: int = 1
    seconds: float = 0.0
    cost_usd: float | None = None
    cached_calls: int = 0
    grounding: GroundingReport | None = None
    grounding_rate: float | None = None
    briefer_version: str = ""


class Article(_Model):
    """One news article: its text and whatever is known of where it came from."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    text: str
    title: str | None = None
    source: str | None = None
    """Outlet or file the article came from."""
    url: str | None = None
    published: dt.date | None = None
    id: str = ""
    """Content id: a hash of the normalized text, filled in when not given."""

    @field_validator("title", "source", mode="before")
    @classmethod
    def _one_line(cls, value: Any) -> Any:
        # Title and source reach the prompt outside the article's fence: one short line each,
        # so they cannot open a paragraph of instructions of their own.
        if isinstance(value, str):
            value = " ".join(value.split())[:300] or None
        return value

    @model_validator(mode="after")
    def _fill_id(self) -> Article:
        if not self.id:
            digest = hashlib.sha256(" ".join(self.text.split()).encode("utf-8")).hexdigest()
            object.__setattr__(self, "id", digest[:16])
        return self

    @property
    def label(self) -> str:
        """A short name for messages and citations: title, else source, else id."""
        return self.title or self.source or self.url or self.id


class ArticleSummary(SummaryContent):
    """The structured summary of one article, checked against its source."""

    title: str | None = None
    source: str | None = None
    url: str | None = None
    published: dt.date | None = None
    article_id: str = ""
    metadata: RunMetadata


# ---- the daily brief -------------------------------------------------------------------


class SourceRef(_Model):
    """An article cited by a brief item."""

    title: str | None = None
    url: str | None = None
    source: str | None = None
    article_id: str = ""

    @property
    def label(self) -> str:
        return self.title or self.source or self.url or self.article_id


class TopLine(_Model):
    text: str
    sources: list[SourceRef] = Field(default_factory=list)


class Story(_Model):
    """One event, told by one or more articles; summarized once."""

    id: str
    title: str
    sources: list[SourceRef]
    summary: ArticleSummary


class WhoEntry(_Model):
    name: str
    kind: ActorKind
    roles: list[str] = Field(default_factory=list)
    stories: list[str] = Field(default_factory=list)
    """Titles of the stories the actor appears in."""


class ExpertEntry(_Model):
    name: str
    affiliation: str | None = None
    quote: str
    source: SourceRef


class StoryQuestions(_Model):
    story: str
    questions: list[str]
    source: SourceRef


class NotIncluded(_Model):
    """An article the brief could not include, and why."""

    source: str
    reason: str


class BriefMetadata(_Model):
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


class DailyBrief(_Model):
    """One document for a day of articles."""

    title: str
    date: dt.date | None = None
    top_lines: list[TopLine] = Field(default_factory=list)
    stories: list[Story] = Field(default_factory=list)
    whos_who: list[WhoEntry] = Field(default_factory=list)
    experts: list[ExpertEntry] = Field(default_factory=list)
    open_questions: list[StoryQuestions] = Field(default_factory=list)
    not_included: list[NotIncluded] = Field(default_factory=list)
    metadata: BriefMetadata


class TopLineDraft(_Model):
    text: Text = Field(
        description="One line a busy reader needs to know about the day, in plain words.",
        json_schema_extra={"maxLength": 300},
    )
    stories: list[int] = Field(
        description="Numbers of the stories this line draws on, as numbered in the request.",
        json_schema_extra={"maxItems": 10},
    )


class BriefSynthesis(_Model):
    """What the model returns when asked for the day's top lines."""

    top_lines: Annotated[list[TopLineDraft], _bounded(MAX_TOP_LINES)] = Field(
        description="Three to seven top lines for the day, most important first.",
        json_schema_extra={"maxItems": MAX_TOP_LINES},
    )
