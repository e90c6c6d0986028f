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
from briefer.words import IRREGULAR_FORMS, SYMMETRIC_VERBS

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


def _polarity_conflict(
    claim: Features,
    support: Sequence[Features],
    pairs: list[tuple[int, set[str], int, int, set[str]]],
) -> Conflict | None:
    antonyms = _antonyms()
    by_clause: dict[int, list[tuple[set[str], int, int, set[str]]]] = {}
    for clause, keys, index, their_clause, their_keys in pairs:
        by_clause.setdefault(clause, []).append((keys, index, their_clause, their_keys))
    for clause, aligned in by_clause.items():
        # Polarity is compared with the best-aligned clause only: the others are there for
        # hedges ("a time trial | that could decide the race"), and may be negated on
        # their own account ("the leaders failed to agree ... | they will return to it").
        matches = aligned[:1]
        keys = matches[0][0]
        ours = _cue_words(claim, claim.negations, clause)
        theirs: list[tuple[str, int]] = []
        their_keys: set[str] = set()
        for _, index, their_clause, words in matches:
            f = support[index]
            theirs += [(w, index) for w in _cue_words(f, f.negations, their_clause)]
            their_keys |= words
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
            where = next(
                (support[i] for _, i, _, w in matches if opposite in w), support[matches[0][1]]
            )
            return Conflict(
                "negation",
                "contradicted",
                f'the claim says "{_surface(claim, word)}" where the article says '
                f'"{_surface(where, opposite)}"',
                _surface(claim, word),
                _surface(where, opposite),
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
            f'the article says "{theirs[0][0]}"; the claim does not',
            None,
            theirs[0][0],
        )
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


# ---- roles ---------------------------------------------------------------------------------

_COORDINATION = frozenset({"and", "or", "&", "nor", "and/or"})
_EMPTY_SLOT = frozenset({"", "the", "a", "an", ",", ".", "'s"})


def _role_pairs(f: Features) -> list[tuple[Entity, Entity, set[str], bool]]:
    """Pairs of names in one clause with the words between them and the voice."""
    out = []
    names = [e for e in f.entities if not f.tokens[e.first].quoted]
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            if b.first - a.last > 12 or any(
                f.tokens[k].clause != a.clause for k in range(a.last, b.first)
            ):
                continue
            between: list[Token] = list(f.tokens[a.last + 1 : b.first])
            keys = {
                t.key
                for t in between
                if t.key and t.key[0].isalpha() and t.lower not in SYMMETRIC_VERBS
            }
            if keys:
                out.append((a, b, keys, is_passive(f.tokens, a.last + 1, b.first)))
    return out


def _role_conflict(claim: Features, support: Sequence[Features]) -> Conflict | None:
    """Who did what to whom: the same verb with the names in each other's places."""
    theirs = [p for f in support for p in _role_pairs(f)]
    for a, b, keys, passive in _role_pairs(claim):
        agent, patient = (b, a) if passive else (a, b)
        for c, d, their_keys, their_passive in theirs:
            shared = keys & their_keys
            if not shared:
                continue
            their_agent, their_patient = (d, c) if their_passive else (c, d)
            if same_entity(agent, their_agent) and same_entity(patient, their_patient):
                break
            swapped = same_entity(agent, their_patient) or same_entity(patient, their_agent)
            if swapped and not same_entity(agent, patient):
                verb = sorted(shared)[0]
                return Conflict(
                    "role",
                    "contradicted",
                    f"the article says {their_agent.text} did this ({verb}) to "
                    f"{their_patient.text}; the claim has {agent.text} do it to {patient.text}",
                    f"{agent.text} ... {patient.text}",
                    f"{their_agent.text} ... {their_patient.text}",
                )
    return None


_AUXILIARIES = frozenset(
    "will would had has have was were is are did does do be been could may might must "
    "should can".split()
)
_BE_FORMS = frozenset("is are was were be been being".split())


def _verbs(f: Features) -> list[int]:
    """Tokens that are probably verbs: -ed forms, irregular past forms, or after an auxiliary."""
    out = []
    for i, t in enumerate(f.tokens):
        if not t.key or not t.key[0].isalpha() or not t.text.islower() or t.quoted:
            continue
        if t.lower in SYMMETRIC_VERBS:
            continue
        previous = f.tokens[i - 1].lower if i > 0 else ""
        if t.lower.endswith("ed") or t.lower in IRREGULAR_FORMS or previous in _AUXILIARIES:
            out.append(i)
    return out


def _agent(f: Features, verb: int) -> Entity | None:
    """The name that does what the verb says: before it, or after "by" in the passive."""
    clause = f.tokens[verb].clause
    before = f.tokens[verb - 1].lower if verb > 0 else ""
    if before in _BE_FORMS or (verb > 1 and f.tokens[verb - 2].lower in _BE_FORMS):
        for j in range(verb + 1, min(verb + 3, len(f.tokens))):
            if f.tokens[j].lower == "by":
                chain = [e for e in f.entities if j < e.first <= j + 3]
                # "by Britain's Amy Lucas": the last name of a possessive chain acts.
                while len(chain) > 1 and chain[1].first != chain[0].last + 1:
                    chain.pop()
                return chain[-1] if chain else None
        return None
    found = [
        e
        for e in f.entities
        if e.last < verb and verb - e.last <= 6 and e.clause == clause
        and not f.tokens[e.first].quoted
    ]
    if not found:
        return None
    agent = found[-1]
    verbs = _verbs(f)
    # Another verb between the name and this one: the name belongs to that verb. A verb
    # just before the name: the name is its object ("beat Pogacar in a sprint to win").
    if any(agent.last < v < verb for v in verbs) or agent.first - 1 in verbs:
        return None
    return agent


def _agent_conflict(claim: Features, support: Sequence[Features]) -> Conflict | None:
    """The same verb done by another actor: "Ukraine launched" against "Russia launched"."""
    for verb in _verbs(claim):
        ours = _agent(claim, verb)
        if ours is None:
            continue
        key = claim.tokens[verb].key
        theirs = [
            a
            for f in support
            for v in _verbs(f)
            if f.tokens[v].key == key and (a := _agent(f, v)) is not None
        ]
        if theirs and not any(same_entity(ours, a) for a in theirs):
            return Conflict(
                "role",
                "contradicted",
                f'the article says {theirs[0].text} {claim.tokens[verb].text} it, not {ours.text}',
                ours.text,
                theirs[0].text,
            )
    return None


def _slot(f: Features, e: Entity) -> tuple[str, str]:
    """The words just before and after a name: the place it holds in its sentence."""
    def word(i: int) -> str:
        if not 0 <= i < len(f.tokens):
            return ""
        token = f.tokens[i]
        # Another name next to it counts as "a name": "Kenya's Daniel Kiptoo" holds the
        # place of "Ethiopia's Haile Gebru".
        if any(x.first <= i <= x.last for x in f.entities):
            return "<name>"
        return token.lower

    return word(e.first - 1), word(e.last + 1)


def _slot_conflict(claim: Features, support: Sequence[Features]) -> Conflict | None:
    """A name the claim puts exactly where the article has another one.

    "Brandt beat Kingsmere" against "Brandt beat Ashford": the support may name Kingsmere
    elsewhere, but not in that place. Lists ("Egypt and Turkey") are left alone: their
    order says nothing.
    """
    ours = [e for e in claim.entities if not claim.tokens[e.first].quoted]
    for e in ours:
        slot = _slot(claim, e)
        if set(slot) & _COORDINATION or set(slot) <= _EMPTY_SLOT:
            continue
        for f in support:
            for other in f.entities:
                if f.tokens[other.first].quoted or same_entity(e, other):
                    continue
                if _slot(f, other) != slot or not _compatible(e, other):
                    continue
                # The same words around a different name: unless the article also has
                # the claim's name in that very place.
                if any(same_entity(e, x) and _slot(g, x) == slot for g in support for x in g.entities):
                    continue
                return Conflict(
                    "role",
                    "contradicted",
                    f'the article has "{other.text}" where the claim puts "{e.text}"',
                    e.text,
                    other.text,
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
        or _agent_conflict(claim, support)
        or _slot_conflict(claim, support)
    )
