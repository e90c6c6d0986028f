"""Ranking: the stories most widely and prominently covered first, each score explained.

A story's score is a weighted sum of parts, each from 0 to 1:

- **coverage**, from the outlets that told it in their own words (a republished copy counts
  once, see :mod:`briefer.brief._copies`): ``1 - 0.5 ** (independent - 1)``, so one outlet
  gives 0, two 0.5, three 0.75; each further outlet closes half the remaining gap;
- **prominence**, where a feed gives it: ``1 / sqrt(position)`` of the story's best-placed
  article (the top item of a feed 1, the fourth 0.5), 0 for a story no feed placed;
- **recency**, from publication dates: 1 for the brief's day (or later), halving for each day
  before it; a story with no date counts as one day old.

Weights: coverage 0.6, prominence 0.25, recency 0.15. A part no article of the day can give
(no feed positions, no dates) is left out and the other weights scaled up to sum to 1, so the
scores of one brief always compare. Equal scores keep the input order. Everything is computed
from the articles alone, before any model call, so ``max_stories`` cuts before paying.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass

from briefer.brief._copies import copy_sources, independent_count
from briefer.brief._stories import StoryGroup
from briefer.schema import Article, RankScore, ScorePart

__all__ = ["WEIGHTS", "RankedGroup", "rank_groups"]

WEIGHTS: dict[str, float] = {"coverage": 0.6, "prominence": 0.25, "recency": 0.15}


@dataclass(frozen=True)
class RankedGroup:
    """A story's articles with their rank (1 is first) and its explained score."""

    group: StoryGroup
    rank: int
    score: RankScore
    copies: tuple[int | None, ...]
    """For each article of the group, the index of the article it copies, or None."""


def rank_groups(groups: Sequence[StoryGroup], day: dt.date) -> list[RankedGroup]:
    """The stories in rank order, each with the parts of its score."""
    articles = [a for g in groups for a in g.articles]
    weights = _weights(articles)
    scored = []
    for index, group in enumerate(groups):
        copies = tuple(copy_sources(group.articles))
        independent = independent_count(group.articles, copies)
        parts = [_coverage(independent, len(group.articles))]
        if "prominence" in weights:
            parts.append(_prominence(group.articles))
        if "recency" in weights:
            parts.append(_recency(group.articles, day))
        parts = [
            p.model_copy(
                update={"weight": weights[p.name], "points": round(p.value * weights[p.name], 4)}
            )
            for p in parts
        ]
        total = round(sum(p.points for p in parts), 4)
        score = RankScore(
            total=total,
            sources=len(group.articles),
            independent_sources=independent,
            parts=parts,
        )
        scored.append((index, group, score, copies))
    scored.sort(key=lambda item: (-item[2].total, item[0]))
    return [
        RankedGroup(group=g, rank=rank, score=s, copies=c)
        for rank, (_, g, s, c) in enumerate(scored, 1)
    ]


def _weights(articles: Sequence[Article]) -> dict[str, float]:
    known = {"coverage"}
    if any(a.position is not None for a in articles):
        known.add("prominence")
    if any(a.published is not None for a in articles):
        known.add("recency")
    total = sum(WEIGHTS[name] for name in known)
    return {name: round(WEIGHTS[name] / total, 4) for name in WEIGHTS if name in known}


def _part(name: str, value: float, basis: str) -> ScorePart:
    # The weight and points are filled in once the day's weights are known.
    return ScorePart(name=name, value=round(value, 4), weight=0.0, points=0.0, basis=basis)


def _coverage(independent: int, articles: int) -> ScorePart:
    copies = articles - independent
    basis = f"{independent} independent source{'s' if independent != 1 else ''}"
    if copies:
        basis += f" of {articles} articles ({copies} copies or repeat outlets)"
    return _part("coverage", 1 - 0.5 ** (independent - 1), basis)


def _prominence(articles: Sequence[Article]) -> ScorePart:
    placed = [a for a in articles if a.position is not None]
    if not placed:
        return _part("prominence", 0.0, "not placed in any feed")
    best = min(placed, key=lambda a: a.position or 0)
    position = best.position or 1
    where = f" of {best.source}" if best.source else ""
    return _part("prominence", 1 / math.sqrt(position), f"item {position} of the feed{where}")


def _recency(articles: Sequence[Article], day: dt.date) -> ScorePart:
    dates = [a.published for a in articles if a.published is not None]
    if not dates:
        return _part("recency", 0.5, "no publication date: counted as one day old")
    newest = max(dates)
    age = (day - newest).days
    if age <= 0:
        return _part("recency", 1.0, f"published {newest.isoformat()}, the brief's day")
    days = f"{age} day{'s' if age != 1 else ''}"
    return _part("recency", 0.5**age, f"published {newest.isoformat()}, {days} before the brief")
