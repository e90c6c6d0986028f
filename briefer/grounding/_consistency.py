"""Does the supporting text say what the claim says? Entities, numbers, dates, polarity,
certainty and roles, compared between a claim and the sentence(s) it was aligned with.

Each check returns a :class:`Conflict` (contradicted, with the words from both sides, or not
found) or None. The checks are deliberately literal: they look for the errors summarizers
make most (a swapped name, a changed number or date, a dropped or added "not", a hedge
turned into fact, who-did-what-to-whom reversed), not for paraphrase in general.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Literal

from briefer.grounding._features import Entity, Features, Number, Token, is_passive, token_key
from briefer.lexicon import ANTONYMS
from briefer.words import SYMMETRIC_VERBS

__all__ = ["Conflict", "compare"]

_CONNECTOR_WORDS = frozenset("of for and the de du des la le van von al bin el &".split())


@dataclass(frozen=True)
class Conflict:
    """Why a claim is not supported by its aligned text."""

    check: str
    verdict: Literal["contradicted", "not_found"]
    reason: str
    claim_words: str | None = None
    article_words: str | None = None


@cache
def _antonyms() -> dict[str, frozenset[str]]:
    table: dict[str, set[str]] = {}
    for a, b in ANTONYMS:
        ka, kb = token_key(a), token_key(b)
        if ka and kb:
            table.setdefault(ka, set()).add(kb)
            table.setdefault(kb, set()).add(ka)
    return {k: frozenset(v) for k, v in table.items()}


# ---- entities ------------------------------------------------------------------------------


def _initials(entity: Entity) -> str:
    return "".join(w[0] for w in entity.text.split() if w[:1].isupper()).upper()


def same_entity(a: Entity, b: Entity) -> bool:
    """True when two names can be the same actor: alias, short form, initials or surname."""
    if a.canon and b.canon:
        return a.canon == b.canon
    wa = (frozenset(a.canon.split()) if a.canon else a.words) - _CONNECTOR_WORDS
    wb = (frozenset(b.canon.split()) if b.canon else b.words) - _CONNECTOR_WORDS
    if wa and wb and (wa <= wb or wb <= wa):
        return True
    compact_a, compact_b = a.text.replace(".", ""), b.text.replace(".", "")
    if compact_a.isupper() and len(compact_a) > 1 and compact_a == _initials(b):
        return True
    return compact_b.isupper() and len(compact_b) > 1 and compact_b == _initials(a)


def _compatible(a: Entity, b: Entity) -> bool:
    return a.kind == b.kind or "unknown" in (a.kind, b.kind)


def _entity_conflict(
    claim: Features, support: Sequence[Features], context: Sequence[Features]
) -> Conflict | None:
    theirs = [e for f in support for e in f.entities]
    ours = [e for e in claim.entities if not claim.tokens[e.first].quoted]
    around = [e for f in context for e in f.entities]
    spare = [f for f in theirs if not any(same_entity(e, f) for e in claim.entities)]
    for entity in ours:
        if any(same_entity(entity, f) for f in theirs):
            continue
        rival = next((f for f in spare if _compatible(entity, f)), None)
        if rival is not None:
            return Conflict(
                "entity",
                "contradicted",
                f'the article says "{rival.text}" where the claim says "{entity.text}"',
                entity.text,
                rival.text,
            )
        if any(same_entity(entity, f) for f in around):
            continue  # named in the sentences around it ("he", "the company")
        return Conflict(
            "entity",
            "not_found",
            f'"{entity.text}" is not named where the article says this',
            entity.text,
        )
    return None


# ---- numbers and dates --------------------------------------------------------------------


def _same_value(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


def _number_conflict(
    claim: Features, support: Sequence[Features], context: Sequence[Features]
) -> Conflict | None:
    theirs = [n for f in support for n in f.numbers]
    around = [n for f in context for n in f.numbers]
    for number in claim.numbers:
        same = [n for n in theirs if _same_value(n.value, number.value)]
        if not same:
            rival = _rival(number, theirs)
            if rival is not None:
                return Conflict(
                    "number",
                    "contradicted",
                    f'the article says "{rival.text}" where the claim says "{number.text}"',
                    number.text,
                    rival.text,
                )
            if number.unit == "year" and any(_same_value(n.value, number.value) for n in around):
                continue
            return Conflict(
                "number",
                "not_found",
                f'the article does not state "{number.text}" here',
                number.text,
            )
        if number.unit and number.unit != "year" and not any(
            n.unit in (None, number.unit) for n in same
        ):
            rival = next((n for n in theirs if n.unit == number.unit), None)
            if rival is not None:
                return Conflict(
                    "number",
                    "contradicted",
                    f'the article gives {number.unit} as "{rival.text}", not "{number.text}"',
                    f"{number.text} {number.unit}",
                    rival.text,
                )
    return None


def _rival(number: Number, theirs: list[Number]) -> Number | None:
    if number.unit is not None:
        found = next((n for n in theirs if n.unit == number.unit), None)
        if found is not None:
            return found
    if number.unit == "year":
        return None
    plain = [n for n in theirs if n.unit != "year"]
    return plain[0] if len(plain) == 1 else None


def _date_conflict(
    claim: Features, support: Sequence[Features], context: Sequence[Features]
) -> Conflict | None:
    theirs = [(d[0], d[1], f.tokens[d[2]].text) for f in support for d in f.dates]
    around = {d[1] for f in context for d in f.dates}
    for kind, value, index in claim.dates:
        if any(v == value for _, v, _ in theirs):
            continue
        word = claim.tokens[index].text
        rival = next((t for k, v, t in theirs if k == kind), None)
        if rival is not None:
            return Conflict(
                "date",
                "contradicted",
                f'the article says "{rival}" where the claim says "{word}"',
                word,
                rival,
            )
        if value in around:
            continue
        return Conflict("date", "not_found", f'the article does not say "{word}" here', word)
    return None


# ---- polarity and certainty ----------------------------------------------------------------


def _clauses(features: Sequence[Features]) -> list[tuple[int, int, set[str]]]:
    """(features index, clause id, content keys) of every clause holding a content word."""
    out = []
    for i, f in enumerate(features):
        for clause, keys in f.clause_keys().items():
            out.append((i, clause, keys))
    return out


def _aligned(
    claim: Features, support: Sequence[Features]
) -> list[tuple[int, set[str], int, int, set[str]]]:
    """Each claim clause with the support clause sharing most of its words."""
    theirs = _clauses(support)
    pairs = []
    for clause, keys in claim.clause_keys().items():
        best = max(theirs, key=lambda c: len(keys & c[2]), default=None)
        if best is not None and keys & best[2]:
            pairs.append((clause, keys, best[0], best[1], best[2]))
    return pairs


def _cue_words(features: Features, cues: Iterable[int], clause: int) -> list[str]:
    return [features.tokens[i].text for i in cues if features.tokens[i].clause == clause]


def _polarity_conflict(
    claim: Features,
    support: Sequence[Features],
    pairs: list[tuple[int, set[str], int, int, set[str]]],
) -> Conflict | None:
    antonyms = _antonyms()
    for clause, keys, index, their_clause, their_keys in pairs:
        ours = _cue_words(claim, claim.negations, clause)
        theirs = _cue_words(support[index], support[index].negations, their_clause)
        flips = [
            (k, a)
            for k in keys - their_keys
            for a in antonyms.get(k, ())
            if a in their_keys and a not in keys
        ]
        if (len(ours) + len(flips)) % 2 == len(theirs) % 2:
            continue
        if flips:
            word, opposite = flips[0]
            return Conflict(
                "negation",
                "contradicted",
                f'the claim says "{_surface(claim, word)}" where the article says '
                f'"{_surface(support[index], opposite)}"',
                _surface(claim, word),
                _surface(support[index], opposite),
            )
        if ours:
            return Conflict(
                "negation",
                "contradicted",
                f'the claim says "{ours[0]}"; the article does not',
                ours[0],
                None,
            )
        return Conflict(
            "negation",
            "contradicted",
            f'the article says "{theirs[0]}"; the claim does not',
            None,
            theirs[0],
        )
    return None


def _surface(features: Features, key: str) -> str:
    return next((t.text for t in features.tokens if t.key == key), key)


def _certainty_conflict(
    claim: Features,
    support: Sequence[Features],
    pairs: list[tuple[int, set[str], int, int, set[str]]],
) -> Conflict | None:
    if claim.hedges or claim.attributions or any(t.quoted for t in claim.tokens):
        return None
    cues: list[str] = []
    used = {(index, clause) for _, _, index, clause, _ in pairs}
    for index, clause in sorted(used):
        f = support[index]
        cues += _cue_words(f, f.hedges, clause)
        if any(t.quoted and t.key for t in f.tokens if t.clause == clause):
            cues.append("(a quotation)")
    for index in sorted({i for i, _ in used}):
        f = support[index]
        cues += [f.tokens[i].text for i in f.attributions if not f.tokens[i].quoted]
    if not cues:
        return None
    return Conflict(
        "certainty",
        "contradicted",
        f'the article hedges or attributes this ("{cues[0]}"); the claim states it as fact',
        None,
        cues[0],
    )


# ---- roles ---------------------------------------------------------------------------------


def _role_pairs(f: Features) -> list[tuple[Entity, Entity, set[str], bool]]:
    """Pairs of names in one clause with the words between them and the voice."""
    out = []
    names = [e for e in f.entities if not f.tokens[e.first].quoted]
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            if b.first - a.last > 9 or any(
                f.tokens[k].clause != a.clause for k in range(a.last, b.first)
            ):
                continue
            between: list[Token] = list(f.tokens[a.last + 1 : b.first])
            keys = {t.key for t in between if t.key and t.lower not in SYMMETRIC_VERBS}
            if keys:
                out.append((a, b, keys, is_passive(f.tokens, a.last + 1, b.first)))
    return out


def _role_conflict(claim: Features, support: Sequence[Features]) -> Conflict | None:
    theirs = [p for f in support for p in _role_pairs(f)]
    for a, b, keys, passive in _role_pairs(claim):
        agent, patient = (b, a) if passive else (a, b)
        for c, d, their_keys, their_passive in theirs:
            if not keys & their_keys:
                continue
            their_agent, their_patient = (d, c) if their_passive else (c, d)
            if same_entity(agent, their_agent) and same_entity(patient, their_patient):
                return None
            if same_entity(agent, their_patient) and same_entity(patient, their_agent):
                if same_entity(agent, patient):
                    continue
                verb = next(iter(sorted(keys & their_keys)))
                return Conflict(
                    "role",
                    "contradicted",
                    f'the article says {their_agent.text} did this ("{verb}") to '
                    f"{their_patient.text}, not the other way round",
                    f"{agent.text} ... {patient.text}",
                    f"{their_agent.text} ... {their_patient.text}",
                )
    return None


# ---- all of them ---------------------------------------------------------------------------


def compare(
    claim: Features, support: Sequence[Features], context: Sequence[Features]
) -> Conflict | None:
    """The first way ``support`` fails to say what ``claim`` says, or None if it says it.

    ``context`` holds the sentences around the support, where a name or date the support
    refers to ("he", "the company", "that day") may be given.
    """
    pairs = _aligned(claim, support)
    return (
        _entity_conflict(claim, support, context)
        or _number_conflict(claim, support, context)
        or _date_conflict(claim, support, context)
        or _polarity_conflict(claim, support, pairs)
        or _certainty_conflict(claim, support, pairs)
        or _role_conflict(claim, support)
    )
