"""The data that crosses briefer's boundaries: articles in, summaries and briefs out.

Field descriptions are part of the JSON Schema the model sees, so they are written as
instructions to it. Fields marked ``internal`` are filled by briefer (evidence found by
grounding, run metadata) and are left out of that schema.
"""

from __future__ import annotations

from briefer.schema._brief import (
    BriefMetadata,
    BriefSynthesis,
    DailyBrief,
    ExpertEntry,
    NotIncluded,
    SourceRef,
    Story,
    StoryQuestions,
    TopLine,
    TopLineDraft,
    WhoEntry,
)
from briefer.schema._common import (
    MAX_ACTORS,
    MAX_CLAIMS,
    MAX_EXPERTS,
    MAX_QUESTIONS,
    MAX_QUOTES_PER_EXPERT,
    MAX_TOP_LINES,
    Usage,
)
from briefer.schema._summary import (
    Actor,
    ActorKind,
    Article,
    ArticleSummary,
    Claim,
    DroppedItem,
    Evidence,
    GroundingReport,
    QuotedExpert,
    RunMetadata,
    SummaryContent,
    Verdict,
)
from briefer.schema._verify import MAX_VERIFY_ITEMS, ModelVerdict, StatementCheck, VerifyReply

__all__ = [
    "MAX_ACTORS",
    "MAX_CLAIMS",
    "MAX_EXPERTS",
    "MAX_QUESTIONS",
    "MAX_QUOTES_PER_EXPERT",
    "MAX_TOP_LINES",
    "MAX_VERIFY_ITEMS",
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
    "ModelVerdict",
    "NotIncluded",
    "QuotedExpert",
    "RunMetadata",
    "SourceRef",
    "StatementCheck",
    "Story",
    "StoryQuestions",
    "SummaryContent",
    "TopLine",
    "TopLineDraft",
    "Usage",
    "Verdict",
    "VerifyReply",
    "WhoEntry",
]
