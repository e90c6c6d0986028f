"""Second passes of the name finder: one-word mentions, short forms, affiliations, places.

After every run of capitalized words has been classified, a surname alone ("Stoltenberg",
"Mr. Sloan") joins the person it belongs to, a lone word gets its kind from its context,
short forms and initials join the organization they stand for ("Silver Basin", "CFA"), a
person "of" an organization gets it as a role, and a name only ever found after "in" is a
place.
"""

from __future__ import annotations

import re
from dataclasses import replace

from briefer.offline._entities import Draft, Mention
from briefer.offline._lexicon import (
    COMPANY_CUES,
    DEMONYMS,
    GIVEN_NAMES,
    KNOWN,
    ORG_CUES,
    TITLES,
)
from briefer.offline._people import lone_word_kind
from briefer.offline._roles import appositive
from briefer.offline._tokens import Token

__all__ = ["affiliations", "join_short_forms", "only_a_place", "resolve_singles"]

_AFFILIATION = re.compile(r" (?:of|from|at) (?:the )?")
_PLACE_BEFORE = re.compile(
    r"\b(?:[Ii]n|[Nn]ear|[Dd]uring|[Oo]utside|[Aa]round|[Aa]cross|town of|city of|village of|"
    r"journal|newspaper|magazine)(?: the)?\s+$"
)


def resolve_singles(
    text: str,
    singles: list[tuple[Token, list[Token]]],
    drafts: dict[str, Draft],
) -> None:
    """Surname-only mentions join their person; speakers of "said" become people."""
    surnames: dict[str, str] = {}
    for key, draft in drafts.items():
        if draft.kind == "person":
            surnames.setdefault(key.split()[-1], key)
        elif draft.kind == "organization" and _company(key):
            surnames.setdefault(key.split()[0], key)  # "Northwind" for "Northwind Robotics"
    # A person's first word, for "Ms Chua" (Chua Wei Ling, surname first) and "Dr Farah"
    # (Farah Ismail, by the given name); None where two people share it.
    firsts: dict[str, str | None] = {}
    for key, draft in drafts.items():
        if draft.kind == "person" and " " in key:
            first = key.split()[0]
            firsts[first] = None if firsts.get(first, key) != key else key
    others: dict[str, list[Mention]] = {}
    for tok, title in singles:
        run_start = title[0].start if title else tok.start
        pending = drafts.pop("?role:" + tok.text, None)
        owner = surnames.get(tok.text) or firsts.get(tok.text)
        if owner is None and title:
            owner = tok.text  # "President Biden" with no full name anywhere
            surnames[owner] = owner
            drafts[owner] = Draft("person")
        if owner is not None:
            draft = drafts[owner]
            draft.mentions.append(Mention(owner, tok.start, tok.end, run_start, tok.text))
            if pending:
                draft.roles.extend(pending.roles)
            described = appositive(text, [tok]) if draft.kind == "person" else None
            if described:
                draft.roles.append(described)
            continue
        if tok.text in TITLES:
            continue
        kind = lone_word_kind(text, tok.start, tok.end)
        if kind is not None:
            draft = drafts.setdefault(tok.text, Draft(kind))
            draft.mentions.append(Mention(tok.text, tok.start, tok.end, run_start, tok.text))
            if kind == "person":
                surnames.setdefault(tok.text, tok.text)
            continue
        if not tok.initial and tok.text not in GIVEN_NAMES:
            others.setdefault(tok.text, []).append(
                Mention(tok.text, tok.start, tok.end, tok.start, tok.text)
            )
    for word, mentions in others.items():
        if word in drafts:
            drafts[word].mentions.extend(mentions)
        elif len(mentions) >= 2:
            drafts[word] = Draft("other", mentions=mentions)


def join_short_forms(drafts: dict[str, Draft]) -> None:
    """A "person" whose words open an organization's name is that organization ("Silver
    Basin's chief operating officer" and "Silver Basin Lithium"); initials in capitals are
    the organization they spell ("CFA")."""
    orgs = [k for k, d in drafts.items() if d.kind == "organization" and len(k.split()) > 1]
    initials = {"".join(w[0] for w in o.split() if w[:1].isupper()): o for o in orgs}
    # The first organization that each run of leading words opens ("Silver Basin" and
    # "Silver" for "Silver Basin Lithium"), so every key is looked up once.
    opened_by: dict[str, str] = {}
    for o in orgs:
        for space in (i for i, c in enumerate(o) if c == " "):
            opened_by.setdefault(o[:space], o)
    for key in [k for k, d in drafts.items() if d.kind != "country"]:
        owner = opened_by.get(key)
        if owner is None and key.isupper() and key not in KNOWN:
            owner = initials.get(key)  # "CFA" after "Country Fire Authority"
        if owner is not None:
            moved = drafts.pop(key).mentions
            drafts[owner].mentions.extend(replace(m, key=owner) for m in moved)


def affiliations(text: str, drafts: dict[str, Draft]) -> None:
    """ "Oksana Hrytsenko of the Coordination Headquarters ...": the organization is her role."""
    orgs = {
        m.start: m.surface for d in drafts.values() if d.kind == "organization" for m in d.mentions
    }
    for draft in drafts.values():
        if draft.kind != "person":
            continue
        for m in draft.mentions:
            link = _AFFILIATION.match(text, m.end)
            if link and link.end() in orgs:
                draft.roles.append(orgs[link.end()])


def _company(name: str) -> bool:
    """A company named with its first word first ("Northwind Robotics", "Toyota Motor Corp.")."""
    words = name.split()
    if len(words) < 2 or words[0] in KNOWN or words[0] in DEMONYMS:
        return False
    cues = set(words) & ORG_CUES
    return not cues or bool(cues & COMPANY_CUES)


def only_a_place(text: str, draft: Draft) -> bool:
    """A name the article only ever puts after "in", "near" or "during" is a place, a
    publication or an event ("in Mombasa", "published in Nature Medicine", "during the Great
    Famine"), not a person or an unknown actor."""
    if draft.kind not in ("person", "other"):
        return False
    return all(
        _PLACE_BEFORE.search(text, max(0, m.run_start - 40), m.run_start) for m in draft.mentions
    )
