"""briefer: news articles into structured, source-checked briefings."""

from __future__ import annotations

from briefer.errors import (
    ArticleError,
    BrieferError,
    BudgetExceededError,
    ContextOverflowError,
    InputError,
    ModelAPIError,
    ModelError,
    ModelOutputError,
    RefusalError,
    TemplateError,
    TruncatedOutputError,
    UnsupportedFormatError,
    UsageError,
)
from briefer.schema import (
    Actor,
    Article,
    ArticleSummary,
    Claim,
    DailyBrief,
    QuotedExpert,
    RunMetadata,
    SummaryContent,
    Usage,
)

__version__ = "0.1.0"

__all__ = [
    "Actor",
    "Article",
    "ArticleError",
    "ArticleSummary",
    "BrieferError",
    "BudgetExceededError",
    "Claim",
    "ContextOverflowError",
    "DailyBrief",
    "InputError",
    "ModelAPIError",
    "ModelError",
    "ModelOutputError",
    "QuotedExpert",
    "RefusalError",
    "RunMetadata",
    "SummaryContent",
    "TemplateError",
    "TruncatedOutputError",
    "UnsupportedFormatError",
    "Usage",
    "UsageError",
    "__version__",
]
