"""Who did what to whom: names on either side of the same verb must keep their places.

Three checks, from the most to the least structured: two names around a verb in one
clause (active or passive) swapped; the same verb done by another actor ("Ukraine
launched" against "Russia launched"); and a name put exactly where the article has another
one (the same words before and after it), which catches swaps no verb list knows.
"""

from __future__ import annotations

from collections.abc import Sequence

from briefer.grounding._conflict import Conflict
from briefer.grounding._entities import Entity, compatible, same_entity
from briefer.grounding._features import Features, Token, is_passive
from briefer.words import IRREGULAR_FORMS, SYMMETRIC_VERBS

__all__ = ["affiliation_conflict", "agent_conflict", "role_conflict", "slot_conflict"]

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


def role_conflict(claim: Features, support: Sequence[Features]) -> Conflict | None:
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
        if e.last < verb
        and verb - e.last <= 6
        and e.clause == clause
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


def agent_conflict(claim: Features, support: Sequence[Features]) -> Conflict | None:
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
                f"the article says {theirs[0].text} {claim.tokens[verb].text} it, not {ours.text}",
                ours.text,
                theirs[0].text,
            )
    return None


def _affiliations(f: Features) -> list[tuple[Entity, Entity]]:
    """(possessor, person) pairs: "Canada's trade minister, Leah Fontaine"."""
    out = []
    names = [e for e in f.entities if not f.tokens[e.first].quoted]
    for i, owner in enumerate(names):
        if not f.tokens[owner.last].text.endswith(("'s", "\u2019s")):
            continue
        following = next((n for n in names[i + 1 :] if n.first > owner.last), None)
        if following is None or following.first - owner.last > 6:
            continue
        between = f.tokens[owner.last + 1 : following.first]
        if all(t.text.islower() or t.text == "," for t in between) and following.kind in (
            "person",
            "unknown",
        ):
            out.append((owner, following))
    return out


def affiliation_conflict(claim: Features, support: Sequence[Features]) -> Conflict | None:
    """A person given to another country or organization than the article gives them."""
    theirs = [a for f in support for a in _affiliations(f)]
    for owner, person in _affiliations(claim):
        others = [o for o, p in theirs if same_entity(person, p)]
        if others and not any(same_entity(owner, o) for o in others):
            return Conflict(
                "role",
                "contradicted",
                f'the article says "{others[0].text}\'s ... {person.text}", not "{owner.text}\'s"',
                owner.text,
                others[0].text,
            )
    return None


def _slot(f: Features, e: Entity) -> tuple[str, str]:
    """The words just before and after a name: the place it holds in its sentence."""

    def word(i: int) -> str:
        if not 0 <= i < len(f.tokens):
            return ""
        token = f.tokens[i]
        # Another name next to it counts as "a name": "Kenya's Daniel Kiptoo" holds the
        # place of "Ethiopia's Haile Gebru"; words compare by stem ("beat", "beating").
        if any(x.first <= i <= x.last for x in f.entities):
            return "<name>"
        return token.key or token.lower

    return word(e.first - 1), word(e.last + 1)


def slot_conflict(claim: Features, support: Sequence[Features]) -> Conflict | None:
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
                if _slot(f, other) != slot or not compatible(e, other):
                    continue
                # The same words around a different name: unless the article also has
                # the claim's name in that very place.
                if any(
                    same_entity(e, x) and _slot(g, x) == slot for g in support for x in g.entities
                ):
                    continue
                return Conflict(
                    "role",
                    "contradicted",
                    f'the article has "{other.text}" where the claim puts "{e.text}"',
                    e.text,
                    other.text,
                )
    return None
