"""Does the supporting text say what the claim says? Entities, numbers, dates, polarity,
certainty and roles, compared between a claim and the sentence(s) it was aligned with.

Each check returns a :class:`Conflict` (contradicted, with the words from both sides, or not
found) or None. The checks are deliberately literal: they look for the errors summarizers
make most (a swapped name, a changed number or date, a dropped or added "not", a hedge
turned into fact, who-did-what-to-whom reversed), not for paraphrase in general.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cache

from briefer.grounding._conflict import Conflict
from briefer.grounding._entities import compatible, same_entity
from briefer.grounding._features import Features, Number, token_key
from briefer.grounding._roles import (
    affiliation_conflict,
    agent_conflict,
    role_conflict,
    slot_conflict,
)
from briefer.lexicon import ANTONYMS

__all__ = ["Conflict", "compare"]


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
        # A lone capitalized first word may be an ordinary word ("Dock workers went on
        # strike"): it fails as not found, but names no rival.
        doubtful = entity.first == entity.last == 0 and entity.kind == "unknown"
        rival = None if doubtful else next((f for f in spare if compatible(entity, f)), None)
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
        if (
            number.unit
            and number.unit != "year"
            and not any(n.unit in (None, number.unit) for n in same)
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
    """Each claim clause with the support clauses that say it.

    The clause sharing most of its words, and any other that is mostly made of them
    ("a 19-kilometre time trial | that could decide the race").
    """
    theirs = _clauses(support)
    pairs = []
    for clause, keys in claim.clause_keys().items():
        best = max(theirs, key=lambda c: len(keys & c[2]), default=None)
        if best is None or not keys & best[2]:
            continue
        pairs.append((clause, keys, best[0], best[1], best[2]))
        for other in theirs:
            shared = keys & other[2]
            if other is not best and len(shared) >= 2 and 2 * len(shared) >= len(other[2]):
                pairs.append((clause, keys, other[0], other[1], other[2]))
    return pairs


def _cue_words(features: Features, cues: Iterable[int], clause: int) -> list[str]:
    return [features.tokens[i].text for i in cues if features.tokens[i].clause == clause]


def _polarities(f: Features, clause: int) -> tuple[dict[str, int], dict[str, str]]:
    """Each word of a clause: 1 when an odd number of negations comes before it, and the cue.

    A negation covers the rest of its clause: in "did not accept the appeal" both "accept"
    and "appeal" are negated; in "did not reject the appeal", "appeal" is negated twice.
    """
    negations = set(f.negations)
    count, cue = 0, ""
    parity: dict[str, int] = {}
    cues: dict[str, str] = {}
    for i, t in enumerate(f.tokens):
        if t.clause != clause:
            continue
        if i in negations:
            count, cue = count + 1, t.text
            parity.setdefault(t.key, (count - 1) % 2)  # the cue word itself ("failed")
            cues.setdefault(t.key, "")
            continue
        if t.key and t.key not in parity:
            parity[t.key] = count % 2
            cues[t.key] = cue
    return parity, cues


def _polarity_conflict(
    claim: Features,
    support: Sequence[Features],
    pairs: list[tuple[int, set[str], int, int, set[str]]],
) -> Conflict | None:
    """A word the claim and its support share, negated on one side only (or an antonym)."""
    antonyms = _antonyms()
    seen: set[int] = set()
    for clause, _, index, their_clause, _ in pairs:
        # Polarity is compared with the best-aligned clause only: the others are there for
        # hedges ("a time trial | that could decide the race"), and may be negated on
        # their own account ("the leaders failed to agree ... | they will return to it").
        if clause in seen:
            continue
        seen.add(clause)
        f = support[index]
        ours, our_cues = _polarities(claim, clause)
        theirs, their_cues = _polarities(f, their_clause)
        negations = {claim.tokens[i].key for i in claim.negations} | {
            f.tokens[i].key for i in f.negations
        }
        # A clause negated on both sides agrees, wherever the negation sits in it: "made no
        # arrests" says what "have not made any arrests" says.
        same_parity = (
            len(_cue_words(claim, claim.negations, clause)) % 2
            == len(_cue_words(f, f.negations, their_clause)) % 2
        )
        for word in ours:  # in the claim's order, so the reason is the same on every run
            if same_parity or word not in theirs or word in negations:
                continue
            if ours[word] == theirs[word]:
                continue
            if ours[word]:
                cue = our_cues[word]
                reason = f'the claim says "{cue} ... {_surface(claim, word)}"; the article does not'
                return Conflict("negation", "contradicted", reason, cue, None)
            cue = their_cues[word]
            reason = f'the article says "{cue} ... {_surface(f, word)}"; the claim does not'
            return Conflict("negation", "contradicted", reason, None, cue)
        for word in [w for w in ours if w not in theirs]:
            for opposite in sorted(antonyms.get(word, ())):
                # Opposite words with the same polarity say opposite things; "did not fall"
                # against "rose" says the same.
                if opposite in theirs and opposite not in ours and ours[word] == theirs[opposite]:
                    mine, other = _surface(claim, word), _surface(f, opposite)
                    reason = f'the claim says "{mine}" where the article says "{other}"'
                    return Conflict("negation", "contradicted", reason, mine, other)
    return None


def _surface(features: Features, key: str) -> str:
    return next((t.text for t in features.tokens if t.key == key), key)


def _governs(f: Features, at: int, aligned: set[int]) -> bool:
    """Whether the attribution at token ``at`` covers what the claim aligned with.

    It does in an aligned clause, in the sentence's first clause ("X said that ..."), as
    "according to", or as a short clause of its own (", Ukraine's regional authorities
    said.", ", two people familiar with the talks said on Sunday,").
    """
    token = f.tokens[at]
    if token.clause in aligned or token.lower == "according":
        return True
    words = [t for t in f.tokens if t.clause == token.clause and t.text[:1].isalnum()]
    first_clause = next((t.clause for t in f.tokens if t.text[:1].isalnum()), token.clause)
    if token.clause == first_clause:
        return True
    after = [t for t in words if t.start > token.start]
    return len(words) <= 9 and len(after) <= 3


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
        cues += [
            f.tokens[i].text
            for i in f.attributions
            if not f.tokens[i].quoted and _governs(f, i, {c for s, c in used if s == index})
        ]
    if not cues:
        return None
    return Conflict(
        "certainty",
        "contradicted",
        f'the article hedges or attributes this ("{cues[0]}"); the claim states it as fact',
        None,
        cues[0],
    )


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
        or role_conflict(claim, support)
        or agent_conflict(claim, support)
        or affiliation_conflict(claim, support)
        or slot_conflict(claim, support)
    )
