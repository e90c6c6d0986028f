"""What a brief would cost, before any call: one estimate for ``--dry-run`` and ``--max-cost``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from briefer.brief._indexes import story_title
from briefer.brief._stories import group_stories
from briefer.pricing import estimate_cost
from briefer.prompts import brief_request
from briefer.schema import Article
from briefer.summarize import ArticlePlanner, PlannedCall

__all__ = ["BriefPlan", "PlannedCall", "calls_cost", "plan_calls", "synthesis_call"]

# A story's line in the synthesis request: its number, title (at most 300 characters) and lede
# (at most 800). A token is at least one byte, so this bounds it without the summary.
_STORY_LINE_TOKENS = 16 + 300 + 800


@dataclass(frozen=True)
class BriefPlan:
    """What a brief would do, without calling the model (``--dry-run``)."""

    calls: list[PlannedCall]
    stories: int
    articles: int
    duplicates: int
    estimated_cost_usd: float | None
    """The cost if every call, conditional ones included, used its whole output limit."""

    @property
    def prompt_tokens(self) -> int:
        return sum(c.prompt_tokens for c in self.calls)

    @property
    def max_output_tokens(self) -> int:
        return sum(c.max_output_tokens for c in self.calls)


def calls_cost(planner: ArticlePlanner, calls: Sequence[PlannedCall]) -> float | None:
    """The worst-case cost of ``calls`` (whole output limits), or None for unknown prices."""
    settings = planner.settings
    if settings.engine != "model":
        return None
    return estimate_cost(
        settings.model,
        sum(c.prompt_tokens for c in calls),
        sum(c.max_output_tokens for c in calls),
        overrides=settings.prices,
    )


def synthesis_call(
    planner: ArticlePlanner,
    stories: int | list[dict[str, Any]],
    date: dt.date | None = None,
) -> PlannedCall:
    """The top-lines call: exact for the numbered stories, or bounded for a count of them."""
    out = planner.settings.max_output_tokens
    if isinstance(stories, int):
        empty = brief_request(planner.prompts, [], date)("prompt")
        prompt = planner.count_messages(empty) + _STORY_LINE_TOKENS * stories
        return PlannedCall("(top lines for the day)", "top_lines", 0, prompt, out)
    messages = brief_request(planner.prompts, stories, date)("prompt")
    prompt = planner.count_messages(messages)
    return PlannedCall("(top lines for the day)", "top_lines", 0, prompt, out)


def plan_calls(planner: ArticlePlanner, articles: Sequence[Article]) -> BriefPlan:
    """Every call a brief of ``articles`` may make, with a token and cost estimate."""
    groups = group_stories(articles)
    calls: list[PlannedCall] = []
    for group in groups:
        calls += planner.estimate(
            group.lead, story=story_title(group), articles=len(group.articles)
        )
    if planner.settings.engine == "model" and groups:
        calls.append(synthesis_call(planner, len(groups)))
    return BriefPlan(
        calls=calls,
        stories=len(groups),
        articles=len(articles),
        duplicates=len(articles) - len(groups),
        estimated_cost_usd=calls_cost(planner, calls),
    )
