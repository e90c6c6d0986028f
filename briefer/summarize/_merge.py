"""Combining partial summaries of one long article, and removing repeated people.

A model merges partial summaries in prose terms; this module does the parts that code does
better: dedupe actors and experts by normalized name (so "Jens Stoltenberg" and
"Stoltenberg" are one person), and, for the offline engine, the whole merge.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import chain, zip_longest

from briefer.names import name_key
from briefer.schema import (
    MAX_ACTORS,
    MAX_CLAIMS,
    MAX_EXPERTS,
    MAX_QUESTIONS,
    MAX_QUOTES_PER_EXPERT,
    Actor,
    Claim,
    QuotedExpert,
    SummaryContent,
)

__all__ = ["dedupe_people", "merge_contents"]


def _same_person(short: str, full: str) -> bool:
    """True when ``short`` is ``full`` or its surname ("Stoltenberg" in "Jens Stoltenberg")."""
    if short == full:
        return True
    short_words, full_words = short.split(), full.split()
    return len(short_words) == 1 and len(full_words) > 1 and full_words[-1] == short_words[0]


def dedupe_people(content: SummaryContent) -> SummaryContent:
    """Drop repeated actors and experts, keeping the fullest name and the first role."""
    actors: list[Actor] = []
    for actor in sorted(content.actors, key=lambda a: -len(name_key(a.name))):
        key = name_key(actor.name)
        twin = next(
            (i for i, kept in enumerate(actors) if _same_person(key, name_key(kept.name))), None
        )
        if twin is None:
            actors.append(actor)
        elif actors[twin].role is None and actor.role:
            actors[twin] = actors[twin].model_copy(update={"role": actor.role})
    # Keep the model's order: each person where any of their spellings came first.
    keys = [name_key(a.name) for a in content.actors]

    def first_mention(kept: Actor) -> int:
        full = name_key(kept.name)
        return next(i for i, key in enumerate(keys) if _same_person(key, full))

    actors.sort(key=first_mention)

    return content.model_copy(
        update={"actors": actors, "quoted_experts": _merge_experts(content.quoted_experts)}
    )


def _merge_experts(quoted: Sequence[QuotedExpert]) -> list[QuotedExpert]:
    """One entry per person (by name or surname), their quotations together, each once."""
    experts: list[QuotedExpert] = []
    for expert in quoted:
        key = name_key(expert.name)
        twin = next(
            (
                i
                for i, kept in enumerate(experts)
                if _same_person(key, name_key(kept.name)) or _same_person(name_key(kept.name), key)
            ),
            None,
        )
        if twin is None:
            experts.append(expert)
            continue
        kept = experts[twin]
        texts = {" ".join(q.casefold().split()) for q in kept.quotes}
        extra = [q for q in expert.quotes if " ".join(q.casefold().split()) not in texts]
        quotes = [*kept.quotes, *extra][:MAX_QUOTES_PER_EXPERT]
        fuller = expert.name if len(name_key(expert.name)) > len(name_key(kept.name)) else None
        experts[twin] = kept.model_copy(
            update={
                "quotes": quotes,
                "name": fuller or kept.name,
                "affiliation": kept.affiliation or expert.affiliation,
            }
        )
    return experts


def merge_contents(parts: Sequence[SummaryContent]) -> SummaryContent:
    """Merge partial summaries in code: claims taken in turn from each part, people deduped."""
    if not parts:
        raise ValueError("nothing to merge")
    if len(parts) == 1:
        return dedupe_people(parts[0])
    claims: list[Claim] = [
        c for c in chain.from_iterable(zip_longest(*(p.key_claims for p in parts))) if c
    ]
    questions = list(dict.fromkeys(chain.from_iterable(p.open_questions for p in parts)))
    merged = SummaryContent(
        lede=parts[0].lede,
        key_claims=claims[:MAX_CLAIMS],
        actors=list(chain.from_iterable(p.actors for p in parts)),
        quoted_experts=list(chain.from_iterable(p.quoted_experts for p in parts)),
        open_questions=questions[:MAX_QUESTIONS],
    )
    deduped = dedupe_people(merged)
    return deduped.model_copy(
        update={
            "actors": deduped.actors[:MAX_ACTORS],
            "quoted_experts": deduped.quoted_experts[:MAX_EXPERTS],
        }
    )
