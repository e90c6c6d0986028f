"""briefer: news articles into structured, source-checked briefings.

    from openai import OpenAI
    from briefer import Briefer
    summary = Briefer(client=OpenAI(), model="gpt-4o-mini").summarize(text)

Names are imported on first use, so ``import briefer`` (and ``briefer --help``) stays fast.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from briefer._version import __version__

_EXPORTS: dict[str, str] = {
    "Actor": "briefer.schema",
    "Article": "briefer.schema",
    "ArticleError": "briefer.errors",
    "ArticleSummary": "briefer.schema",
    "BriefOptions": "briefer.brief",
    "Briefer": "briefer._briefer",
    "BrieferError": "briefer.errors",
    "BudgetExceededError": "briefer.errors",
    "Chunk": "briefer.chunking",
    "Claim": "briefer.schema",
    "ContextOverflowError": "briefer.errors",
    "DailyBrief": "briefer.schema",
    "DroppedItem": "briefer.schema",
    "Engine": "briefer._briefer",
    "Evidence": "briefer.schema",
    "GroundingPolicy": "briefer.grounding",
    "GroundingReport": "briefer.schema",
    "InputError": "briefer.errors",
    "ModelAPIError": "briefer.errors",
    "ModelError": "briefer.errors",
    "ModelOutputError": "briefer.errors",
    "PromptSet": "briefer.prompts",
    "QuotedExpert": "briefer.schema",
    "RefusalError": "briefer.errors",
    "ResponseCache": "briefer.cache",
    "RunMetadata": "briefer.schema",
    "Story": "briefer.schema",
    "SummaryContent": "briefer.schema",
    "TemplateError": "briefer.errors",
    "TopLine": "briefer.schema",
    "TruncatedOutputError": "briefer.errors",
    "UnsupportedFormatError": "briefer.errors",
    "Usage": "briefer.schema",
    "UsageError": "briefer.errors",
    "failed_items": "briefer.grounding",
    "ground": "briefer.grounding",
    "plan_brief": "briefer._briefer",
    "read_article": "briefer.articles",
    "read_articles": "briefer.articles",
    "render_brief": "briefer.render",
    "render_summary": "briefer.render",
    "split_text": "briefer.chunking",
    "summarize_offline": "briefer.offline",
    "token_counter": "briefer.tokens",
}

__all__ = [
    "Actor",
    "Article",
    "ArticleError",
    "ArticleSummary",
    "BriefOptions",
    "Briefer",
    "BrieferError",
    "BudgetExceededError",
    "Chunk",
    "Claim",
    "ContextOverflowError",
    "DailyBrief",
    "DroppedItem",
    "Engine",
    "Evidence",
    "GroundingPolicy",
    "GroundingReport",
    "InputError",
    "ModelAPIError",
    "ModelError",
    "ModelOutputError",
    "PromptSet",
    "QuotedExpert",
    "RefusalError",
    "ResponseCache",
    "RunMetadata",
    "Story",
    "SummaryContent",
    "TemplateError",
    "TopLine",
    "TruncatedOutputError",
    "UnsupportedFormatError",
    "Usage",
    "UsageError",
    "__version__",
    "failed_items",
    "ground",
    "plan_brief",
    "read_article",
    "read_articles",
    "render_brief",
    "render_summary",
    "split_text",
    "summarize_offline",
    "token_counter",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'briefer' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__


if TYPE_CHECKING:
    from briefer._briefer import Briefer, Engine, plan_brief
    from briefer.articles import read_article, read_articles
    from briefer.brief import BriefOptions
    from briefer.cache import ResponseCache
    from briefer.chunking import Chunk, split_text
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
    from briefer.grounding import GroundingPolicy, failed_items, ground
    from briefer.offline import summarize_offline
    from briefer.prompts import PromptSet
    from briefer.render import render_brief, render_summary
    from briefer.schema import (
        Actor,
        Article,
        ArticleSummary,
        Claim,
        DailyBrief,
        DroppedItem,
        Evidence,
        GroundingReport,
        QuotedExpert,
        RunMetadata,
        Story,
        SummaryContent,
        TopLine,
        Usage,
    )
    from briefer.tokens import token_counter
