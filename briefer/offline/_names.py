"""Named actors without an NLP model: capitalized runs, word lists and a few context rules.

A run of capitalized words ("Center for Strategic and International Studies", "NATO
Secretary-General Jens Stoltenberg") is split into a title and a name, looked up in the
built-in lists (countries, international bodies, groups) or classified by cue words
(Ministry, Institute...). Later surname-only mentions join the person they belong to.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from briefer.offline._lexicon import (
    COMPANY_CUES,
    CONNECTORS,
    DEMONYMS,
    EMPLOYER_NOUNS,
    GIVEN_NAMES,
    KNOWN,
    NON_ACTOR_TAILS,
    ORG_CUES,
    PLACE_HEADS,
    PLACE_WORDS,
    PLACES,
    SPEECH_VERBS,
    THING_HEADS,
    TITLES,
)
from briefer.offline._roles import appositive, best_role, is_role_noun, role_before, title_role
from briefer.offline._runs import SAINTS, capitalized_runs
from briefer.offline._tokens import Token, tokenize
from briefer.schema import ActorKind

__all__ = ["Entity", "Mention", "EntityIndex", "SPEECH_VERBS", "Token", "find_names", "tokenize"]

_DIRECTIONS = frozenset("North South East West Northern Southern Eastern Western Central".split())
_MODIFIER_ENDINGS = tuple(
    "-based -born -backed -led -owned -run -funded -made -linked -style -bound".split()
)
_AFFILIATION = re.compile(r" (?:of|from|at) (?:the )?")


@dataclass(frozen=True)
class Mention:
    """Where an entity is named: ``start``/``end`` span the name, ``run_start`` its title too."""

    key: str
    start: int
    end: int
    run_start: int
    surface: str
    shown: bool = True
    """False for a mention that may not serve as the display name (a demonym such as "Russian")."""


@dataclass(frozen=True)
class Entity:
    """One actor: every mention of it, with its kind and role where the text gives one."""

    key: str
    name: str
    kind: ActorKind
    role: str | None
    mentions: tuple[Mention, ...]

    @property
    def first(self) -> int:
        return self.mentions[0].start


@dataclass
class _Draft:
    kind: ActorKind
    roles: list[str] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)


@dataclass(frozen=True)
class EntityIndex:
    """Every entity found in a text and every mention, in text order."""

    entities: dict[str, Entity]
    mentions: tuple[Mention, ...]


def find_names(text: str, *, ignore: Iterable[tuple[int, int]] = ()) -> EntityIndex:
    """Find the people, organizations, countries and groups a text names.

    Args:
        text: the article.
        ignore: character ranges to leave out (a dateline, a byline, a headline).
    """
    skipped = list(ignore)
    tokens = tokenize(text, ignore=skipped)
    lowercase = {t.text for t in tokens if t.text[:1].islower()}
    drafts: dict[str, _Draft] = {}
    singles: list[tuple[Token, list[Token]]] = []
    runs = capitalized_runs(text, tokens, lowercase)
    alone = {run[0].text for run in runs if len(run) == 1}
    for run in runs:
        _classify(text, tokens, run, drafts, singles, alone)
    _resolve_singles(text, singles, drafts)
    _affiliations(text, drafts)
    # A nationality adjective alone ("German factory orders") does not make the country an
    # actor; it only adds to a country the article names.
    entities = {
        key: _finish(key, d) for key, d in drafts.items() if any(m.shown for m in d.mentions)
    }
    mentions = tuple(sorted((m for e in entities.values() for m in e.mentions), key=_at))
    return EntityIndex(entities=entities, mentions=mentions)


def _at(m: Mention) -> int:
    return m.start


def _classify(
    text: str,
    tokens: list[Token],
    run: list[Token],
    drafts: dict[str, _Draft],
    singles: list[tuple[Token, list[Token]]],
    alone: set[str],
) -> None:
    while run and run[-1].text in CONNECTORS:
        run = run[:-1]
    words = [t.text for t in run]
    surface = text[run[0].start : run[-1].end]
    if surface in KNOWN:
        _add_known(drafts, surface, run[0].start, run[-1].end)
        return
    if surface in DEMONYMS:
        _add_demonym(drafts, surface, run[0].start, run[-1].end)
        return
    cues = set(words) & ORG_CUES
    if surface in PLACES or _thing(words) or words[-1] in PLACE_WORDS or _modifier(words[-1]):
        return
    if not cues and (words[0] in PLACE_HEADS or words[0] in THING_HEADS or words[0] in SAINTS):
        return  # "River Wend", "Storm Fenella", "St Anne" (a saint or a place named for one)
    if len(run) == 1 and cues:
        return  # "Department stores ...", "the Ministry": a cue word alone names nothing
    title_at = max((i for i, w in enumerate(words) if w in TITLES), default=-1)
    name_at = _name_start(words, title_at)
    if 0 <= title_at and name_at < len(words) and not set(words[name_at:]) & ORG_CUES:
        _add_prefix(text, drafts, run[:name_at])
        name = run[name_at:]
        role = title_role(text, tokens, run, name_at)
        if len(name) == 1:
            singles.append((name[0], run[:name_at]))
            if role:
                drafts.setdefault("?role:" + name[0].text, _Draft("other")).roles.append(role)
            return
        _add_person(text, tokens, drafts, name, run[0].start, role)
        return
    if set(words) & ORG_CUES or "&" in surface:
        _add_prefix(text, drafts, run)
        _add_org(drafts, surface, run)
        return
    if title_at >= 0 or words[0] in _DIRECTIONS:
        return  # a bare title ("the Prime Minister") or a place ("East Porterville")
    if _employer(text, tokens, run):
        _add_org(drafts, surface, run)
        return
    if len(run) == 1:
        tok = run[0]
        if tok.text.isupper() and 2 <= len(tok.text) <= 6 and tok.text.isalpha():
            _add_org(drafts, tok.text, run)
        else:
            singles.append((tok, []))
        return
    if _add_prefix(text, drafts, run) or len(run) > 4:
        return
    # Papers call a person by the surname and a company by its first word ("Northwind").
    if words[0] not in GIVEN_NAMES and words[0] in alone and words[-1] not in alone:
        _add_org(drafts, surface, run)
        return
    _add_person(text, tokens, drafts, run, run[0].start, None)


def _modifier(word: str) -> bool:
    """A compound adjective such as "Dresden-based" or "Kremlin-backed" describes, not names."""
    return word.endswith(_MODIFIER_ENDINGS)


def _thing(words: list[str]) -> bool:
    """An event, law or thing ("Grand Slam", "Paris Agreement"), not an actor.

    An organization named for what it deals with keeps its name: "Coordination Headquarters
    for the Treatment of Prisoners of War" ends with "War" but is a body.
    """
    if words[-1] not in NON_ACTOR_TAILS:
        return False
    head = words[: next((i for i, w in enumerate(words) if w in ("of", "for")), len(words))]
    return len(head) == len(words) or not set(head) & ORG_CUES


def _employer(text: str, tokens: list[Token], run: list[Token]) -> bool:
    """A name right after an employer noun or a role and "at": "consultancy Elbe Insights",
    "a retail analyst at Northbridge Research"."""
    i = run[0].index
    if i < 1 or text[tokens[i - 1].end : run[0].start] != " ":
        return False
    before = tokens[i - 1].text
    if before in EMPLOYER_NOUNS:
        return True
    return (
        before == "at"
        and i >= 2
        and text[tokens[i - 2].end : tokens[i - 1].start] == " "
        and is_role_noun(tokens[i - 2].text)
    )


def _add_org(drafts: dict[str, _Draft], surface: str, run: list[Token]) -> None:
    draft = drafts.setdefault(surface, _Draft("organization"))
    draft.mentions.append(Mention(surface, run[0].start, run[-1].end, run[0].start, surface))


def _name_start(words: list[str], title_at: int) -> int:
    """Index where the name begins after the title phrase ("Secretary of State | Antony ...")."""
    at = title_at + 1
    if at < len(words) and words[at] in ("of", "for"):
        at += 1
        if at < len(words) and words[at] == "the":
            at += 1
        at += 1  # the title's object: "State", "Defense", "Foreign"
        while len(words) - at > 2 and words[at] not in GIVEN_NAMES and not _initial(words[at + 1]):
            at += 1
    return at


def _initial(word: str) -> bool:
    return len(word) == 2 and word.endswith(".")


def _add_prefix(text: str, drafts: dict[str, _Draft], run: list[Token]) -> bool:
    """Count a known country or body that opens a longer run ("NATO Secretary-General")."""
    for size in range(min(4, len(run)), 0, -1):
        surface = text[run[0].start : run[size - 1].end]
        if surface in KNOWN:
            _add_known(drafts, surface, run[0].start, run[size - 1].end)
            return True
        if surface in DEMONYMS:
            _add_demonym(drafts, surface, run[0].start, run[size - 1].end)
            return True
    return False


def _add_known(drafts: dict[str, _Draft], surface: str, start: int, end: int) -> None:
    canonical, kind = KNOWN[surface]
    draft = drafts.setdefault(canonical, _Draft(kind))
    draft.mentions.append(Mention(canonical, start, end, start, surface))


def _add_demonym(drafts: dict[str, _Draft], surface: str, start: int, end: int) -> None:
    country = DEMONYMS[surface]
    if country and country in KNOWN:
        canonical, kind = KNOWN[country]
        draft = drafts.setdefault(canonical, _Draft(kind))
        draft.mentions.append(Mention(canonical, start, end, start, surface, shown=False))


def _add_person(
    text: str,
    tokens: list[Token],
    drafts: dict[str, _Draft],
    name: list[Token],
    run_start: int,
    role: str | None,
) -> None:
    words = [t.text for t in name]
    key = " ".join(words)
    for other, draft in drafts.items():
        if draft.kind == "person" and other != key:
            parts = other.split()
            if parts[-1] == words[-1] and parts[0] == words[0]:
                key = other  # "John F. Kennedy" and "John Kennedy"
                break
    draft = drafts.setdefault(key, _Draft("person"))
    surface = text[name[0].start : name[-1].end]
    draft.mentions.append(Mention(key, name[0].start, name[-1].end, run_start, surface))
    for found in (role, role_before(text, tokens, name, run_start), appositive(text, name)):
        if found:
            draft.roles.append(found)


def _resolve_singles(
    text: str,
    singles: list[tuple[Token, list[Token]]],
    drafts: dict[str, _Draft],
) -> None:
    """Surname-only mentions join their person; speakers of "said" become people."""
    surnames: dict[str, str] = {}
    for key, draft in drafts.items():
        if draft.kind == "person":
            surnames.setdefault(key.split()[-1], key)
        elif draft.kind == "organization" and _company(key):
            surnames.setdefault(key.split()[0], key)  # "Northwind" for "Northwind Robotics"
    others: dict[str, list[Mention]] = {}
    for tok, title in singles:
        run_start = title[0].start if title else tok.start
        pending = drafts.pop("?role:" + tok.text, None)
        owner = surnames.get(tok.text)
        if owner is None and title:
            owner = tok.text  # "President Biden" with no full name anywhere
            surnames[owner] = owner
            drafts[owner] = _Draft("person")
        if owner is not None:
            draft = drafts[owner]
            draft.mentions.append(Mention(owner, tok.start, tok.end, run_start, tok.text))
            if pending:
                draft.roles.extend(pending.roles)
            described = appositive(text, [tok]) if draft.kind == "person" else None
            if described:
                draft.roles.append(described)
            continue
        if not tok.initial and tok.text not in TITLES and tok.text not in GIVEN_NAMES:
            others.setdefault(tok.text, []).append(
                Mention(tok.text, tok.start, tok.end, tok.start, tok.text)
            )
    for word, mentions in others.items():
        if len(mentions) >= 2 and word not in drafts:
            drafts[word] = _Draft("other", mentions=mentions)


def _affiliations(text: str, drafts: dict[str, _Draft]) -> None:
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


def _finish(key: str, draft: _Draft) -> Entity:
    mentions = tuple(sorted(draft.mentions, key=_at))
    shown = [m for m in mentions if m.shown] or list(mentions)
    if draft.kind in ("person", "organization"):
        name = max(shown, key=lambda m: (len(m.surface.split()), -m.start)).surface
    else:
        counts: dict[str, int] = {}
        for m in shown:
            counts[m.surface] = counts.get(m.surface, 0) + 1
        name = max(
            counts, key=lambda s: (counts[s], -next(m.start for m in shown if m.surface == s))
        )
    return Entity(key, name, draft.kind, best_role(draft.roles), mentions)
