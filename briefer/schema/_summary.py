"""One article in, one summary out: the article, what the model fills, and what briefer adds."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Annotated, Any, Literal, cast, get_args

from pydantic import (
    BeforeValidator,
    ConfigDict,
    Field,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from briefer.schema._common import (
    INTERNAL,
    MAX_ACTORS,
    MAX_CLAIMS,
    MAX_EXPERTS,
    MAX_QUESTIONS,
    MAX_QUOTES_PER_EXPERT,
    Model,
    Text,
    Usage,
    bounded,
    empty_list,
    strip,
)

__all__ = [
    "Actor",
    "ActorKind",
    "Article",
    "ArticleSummary",
    "Claim",
    "DroppedItem",
    "Evidence",
    "GroundingReport",
    "QuotedExpert",
    "RunMetadata",
    "SECTION_TITLES",
    "Section",
    "SummaryContent",
    "Verdict",
    "section_id",
]


Verdict = Literal["supported", "contradicted", "not_found"]


class Evidence(Model):
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
    verdict: Verdict | None = None
    """``supported``, ``contradicted`` (the article says otherwise) or ``not_found``."""
    check: str | None = None
    """The check that decided a failed verdict: ``alignment``, ``entity``, ``number``,
    ``date``, ``negation``, ``certainty``, ``role``, ``quote``, ``speaker`` or ``model``."""
    claim_words: str | None = None
    """For a contradiction: the words of the item that conflict with the article."""
    article_words: str | None = None
    """For a contradiction: the article's words they conflict with."""
    spans: list[tuple[int, int]] = Field(default_factory=empty_list)
    """Every supporting span (sentences, and the neighbours a pronoun points to)."""
    model_verdict: Verdict | None = None
    """The model check's verdict (``verify="model"``), when it ran for this item."""
    model_reason: str | None = None
    """The model check's reason, in its own words."""


class Claim(Model):
    text: Text = Field(
        description="One factual claim the article makes, as one short sentence in plain words.",
        json_schema_extra={"maxLength": 300},
    )
    evidence: Evidence | None = Field(default=None, json_schema_extra=cast(Any, INTERNAL))


ActorKind = Literal["person", "organization", "country", "group", "other"]


class Actor(Model):
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


QuoteText = Annotated[str, BeforeValidator(strip), Field(json_schema_extra={"maxLength": 600})]


class QuotedExpert(Model):
    """A person the article quotes directly, with up to three of their quotations."""

    name: Text = Field(
        description="The name of the person quoted, exactly as the article writes it.",
        json_schema_extra={"maxLength": 80},
    )
    affiliation: Text | None = Field(
        default=None,
        description="Their title or organization as the article gives it, or null.",
        json_schema_extra={"maxLength": 120},
    )
    quotes: Annotated[list[QuoteText], bounded(MAX_QUOTES_PER_EXPERT)] = Field(
        default_factory=empty_list,
        description="Up to three of this person's quotations, most telling first: each the "
        "words the article puts in quotation marks for them, copied exactly.",
        json_schema_extra={"minItems": 1, "maxItems": MAX_QUOTES_PER_EXPERT},
    )
    quote: str = Field(default="", json_schema_extra=cast(Any, INTERNAL))
    """The first quotation (``quotes[0]``), kept for code written before ``quotes``."""
    evidence: Evidence | None = Field(default=None, json_schema_extra=cast(Any, INTERNAL))
    """Where the first quotation was found (or why it was not)."""
    quote_evidence: list[Evidence] = Field(
        default_factory=empty_list, json_schema_extra=cast(Any, INTERNAL)
    )
    """Where each quotation was found, in the order of ``quotes`` (filled by grounding)."""

    @model_validator(mode="before")
    @classmethod
    def _one_quote_is_a_list_of_one(cls, data: Any) -> Any:
        # Replies and cache entries from before ``quotes`` carry a single ``quote``.
        if isinstance(data, dict) and not data.get("quotes") and "quote" in data:
            return {**data, "quotes": [data["quote"]]}
        return data

    @model_validator(mode="after")
    def _first_quote(self) -> QuotedExpert:
        # An empty quotation is left for grounding to refuse, as it always was.
        if self.quotes:
            object.__setattr__(self, "quote", self.quotes[0])
        return self


Section = Literal[
    "world", "politics", "business", "science", "technology", "sport", "culture", "other"
]
"""A brief's sections, in their default order (``science`` is science and health)."""

SECTION_TITLES: dict[str, str] = {
    "world": "World",
    "politics": "Politics",
    "business": "Business",
    "science": "Science and health",
    "technology": "Technology",
    "sport": "Sport",
    "culture": "Culture",
    "other": "Other",
}

# What models and people also call the sections (a model in json_object or prompt mode is not
# held to the enum): folded to the section ids rather than refused.
_SECTION_ALIASES: dict[str, str] = {
    "health": "science",
    "science and health": "science",
    "science & health": "science",
    "medicine": "science",
    "environment": "science",
    "climate": "science",
    "sports": "sport",
    "tech": "technology",
    "economy": "business",
    "finance": "business",
    "markets": "business",
    "money": "business",
    "arts": "culture",
    "entertainment": "culture",
    "arts and culture": "culture",
    "lifestyle": "culture",
    "international": "world",
    "foreign": "world",
    "national": "politics",
    "government": "politics",
    "local": "other",
}


def section_id(value: object) -> str | None:
    """The section id for a name a model or a person gives (``Sports`` is ``sport``), or None."""
    if not isinstance(value, str):
        return None
    key = " ".join(value.replace("_", " ").replace("-", " ").split()).casefold()
    key = _SECTION_ALIASES.get(key, key)
    return key if key in SECTION_TITLES else None


class SummaryContent(Model):
    """What a model (or the offline engine) produces for one article or one chunk of it."""

    lede: Text = Field(
        description="One paragraph (at most three sentences) saying what the article reports.",
        json_schema_extra={"maxLength": 800},
    )
    key_claims: Annotated[list[Claim], bounded(MAX_CLAIMS)] = Field(
        default_factory=empty_list,
        description="The article's main factual claims, most important first, each stated once.",
        json_schema_extra={"maxItems": MAX_CLAIMS},
    )
    actors: Annotated[list[Actor], bounded(MAX_ACTORS)] = Field(
        default_factory=empty_list,
        description="People, organizations, countries and groups the article names, each once.",
        json_schema_extra={"maxItems": MAX_ACTORS},
    )
    quoted_experts: Annotated[list[QuotedExpert], bounded(MAX_EXPERTS)] = Field(
        default_factory=empty_list,
        description="Only people the article quotes directly, with their exact quoted words. "
        "Empty if nobody is quoted.",
        json_schema_extra={"maxItems": MAX_EXPERTS},
    )
    open_questions: Annotated[list[Text], bounded(MAX_QUESTIONS)] = Field(
        default_factory=empty_list,
        description="Questions the article raises but does not answer, each ending with '?'.",
        json_schema_extra={"maxItems": MAX_QUESTIONS},
    )
    section: Annotated[
        Section | None,
        BeforeValidator(section_id),
        # The model always picks one (eight names, no null): fewer schema tokens on every call.
        # Only the schema the model sees (validation); the output's may hold null (offline).
        WithJsonSchema({"enum": list(get_args(Section)), "type": "string"}, mode="validation"),
    ] = Field(default=None, description='News section ("science" includes health).')
    """The section a model gives (None from the offline engine); a brief files the story
    under it. An unknown name becomes None rather than failing the reply."""


class DroppedItem(Model):
    """An item grounding removed or flagged, and why."""

    kind: Literal["claim", "actor", "expert", "quote", "lede", "question"]
    text: str
    reason: str
    verdict: Verdict = "not_found"
    """``contradicted`` when the article says otherwise, else ``not_found``."""
    evidence: Evidence | None = None
    """Where the closest support is, and what conflicts (for claims and lede sentences)."""


class GroundingReport(Model):
    """What grounding checked against the article and what it did about it."""

    policy: Literal["drop", "flag", "off"]
    checked: int = 0
    verified: int = 0
    dropped: list[DroppedItem] = Field(default_factory=empty_list)
    """Items removed under ``drop`` or marked under ``flag``."""
    reasked: int = 0
    """Unverified items sent back to the model in one targeted re-ask (``grounding_reask``)."""
    contradicted: int = 0
    """Checked items the article contradicts (a subset of the unverified ones)."""
    verify: Literal["lexical", "model"] = "lexical"
    """Which claim check ran: the lexical one alone, or it and the model check."""
    model_checked: int = 0
    """Claims and lede sentences the model check was asked about."""
    model_failed: str | None = None
    """Why the model check could not run (its items then count as unverified)."""
    lede: list[Evidence] = Field(default_factory=empty_list)
    """One evidence per sentence of the lede, in order (verified or not)."""

    @property
    def rate(self) -> float | None:
        """Share of checked items that were found in the article (None when nothing was checked)."""
        return self.verified / self.checked if self.checked else None


class RunMetadata(Model):
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


class Article(Model):
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
    position: int | None = Field(default=None, ge=1)
    """1-based place of the article in the feed it came from: how prominently its outlet
    placed it (a brief ranks by it). None when the input has no such order."""

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
