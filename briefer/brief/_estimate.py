"""What a brief would cost, before any call: one estimate for ``--dry-run`` and ``--max-cost``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from briefer.brief._indexes import story_title
from briefer.brief._options import BriefOptions
from briefer.brief._select import other_sources, select_groups
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
    """Stories found."""
    articles: int
    duplicates: int
    """Articles that are not the lead of a story (copies and other outlets' versions)."""
    estimated_cost_usd: float | None
    """The cost if every call, conditional ones included, used its whole output limit."""
    summarized: int = 0
    """Stories the brief would summarize (after ``max_stories`` and ``sections``)."""

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


def plan_calls(
    planner: ArticlePlanner,
    articles: Sequence[Article],
    options: BriefOptions | None = None,
    date: dt.date | None = None,
) -> BriefPlan:
    """Every call a brief of ``articles`` may make, with a token and cost estimate.

    The stories are chosen as the brief chooses them (ranked, then cut to ``max_stories``
    and the chosen sections); with ``per_source="model"`` every other independent source of
    a story adds the calls of its own summary.
    """
    options = options or BriefOptions()
    groups = group_stories(articles)
    chosen = select_groups(groups, date or dt.date.today(), options).chosen
    calls: list[PlannedCall] = []
    for item in chosen:
        group = item.group
        title = story_title(group)
        calls += planner.estimate(group.lead, story=title, articles=len(group.articles))
        if options.per_source == "model":
            for index in other_sources(item):
                calls += [
                    replace(call, kind=f"source {call.kind}")
                    for call in planner.estimate(group.articles[index], story=title)
                ]
    if planner.settings.engine == "model" and chosen:
        calls.append(synthesis_call(planner, len(chosen)))
    return BriefPlan(
        calls=calls,
        stories=len(groups),
        articles=len(articles),
        duplicates=len(articles) - len(groups),
        estimated_cost_usd=calls_cost(planner, calls),
        summarized=len(chosen),
    )
