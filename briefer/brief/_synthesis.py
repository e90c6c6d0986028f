"""The day's top lines: one model call over the stories' ledes, or the ledes themselves.

The stories come in rank order and are numbered so in the request; each line cites the
stories it draws on by their anchors (``TopLine.stories``), and the lines are put in the order
of the best-ranked story each cites, so the top lines follow the ranking. A line citing no
story of the day is left out (it cannot be traced to a source); when none is left, the ledes
stand in.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from briefer.brief._budget import Budget
from briefer.brief._estimate import synthesis_call
from briefer.brief._indexes import first_sentence
from briefer.errors import BrieferError
from briefer.llm import Ledger
from briefer.prompts import brief_request
from briefer.schema import BriefSynthesis, Story, TopLine
from briefer.summarize import Summarizer

__all__ = ["top_lines"]

_FALLBACK_LINES = 7


async def top_lines(
    summarizer: Summarizer,
    stories: list[Story],
    date: dt.date | None,
    budget: Budget,
    ledger: Ledger,
) -> list[TopLine]:
    """Three to seven lines for the day, each citing its stories; the ledes if the call fails.

    ``stories`` must be in rank order, best first.
    """
    if not stories:
        return []
    fallback = [
        TopLine(text=first_sentence(s.summary.lede), sources=s.sources, stories=[s.anchor])
        for s in stories[:_FALLBACK_LINES]
        if s.summary.lede
    ]
    if summarizer.settings.engine != "model":
        return fallback
    numbered: list[dict[str, Any]] = [
        {"number": i, "title": s.title, "lede": " ".join(s.summary.lede.split())}
        for i, s in enumerate(stories, 1)
    ]
    request = brief_request(summarizer.prompts, numbered, date)
    try:
        if budget.active:  # pricing the call renders and counts the whole prompt once more
            budget.reserve("top-lines", [synthesis_call(summarizer.planner, numbered, date)])
        try:
            result = await summarizer.acall(request, BriefSynthesis, template="brief")
        finally:
            budget.release("top-lines")
    except BrieferError as exc:
        # The day's stories are all there; top lines fall back to their ledes.
        ledger.record_failure(exc)
        return fallback
    lines = []
    for draft in ledger.record(result).top_lines:
        numbers = sorted(n for n in dict.fromkeys(draft.stories) if 0 < n <= len(stories))
        if not numbers:
            continue  # a line that cites no story of the day cannot be traced to a source
        cited = [stories[n - 1] for n in numbers]
        best = numbers[0]
        line = TopLine(
            text=draft.text,
            sources=[s.sources[0] for s in cited],
            stories=[s.anchor for s in cited],
        )
        lines.append((best, line))
    lines.sort(key=lambda pair: pair[0])  # stable: the model's order among equals
    return [line for _, line in lines] or fallback
