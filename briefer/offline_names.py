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

from briefer.offline_lexicon import (
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
    STOP_CAPS,
    THING_HEADS,
    TITLES,
)
from briefer.offline_roles import appositive, best_role, is_role_noun, role_before, title_role
from briefer.offline_tokens import Token, tokenize
from briefer.schema import ActorKind

__all__ = ["Entity", "Mention", "NameIndex", "SPEECH_VERBS", "Token", "find_names", "tokenize"]

SPEECH_VERBS = frozenset(
    """said says stated states told tells added adds warned warns explained explains noted notes
    argued argues wrote writes asked asks insisted insists emphasized emphasised emphasizes stressed
    stresses cautioned cautions acknowledged acknowledges recalled recalls predicted predicts
    declared declares announced announces claimed claims observed observes commented comments
    remarked remarks continued continues replied replies responded responds tweeted posted conceded
    concedes admitted admits suggested suggests agreed agrees countered counters concluded
    concludes urged urges maintained maintains contended contends recounted recounts stating
    saying adding warning noting writing arguing explaining telling emphasizing emphasising
    stressing cautioning insisting declaring asking tweeting posting urging concluding
    acknowledging""".split()
)

_DIRECTIONS = frozenset("North South East West Northern Southern Eastern Western Central".split())
_MODIFIER_ENDINGS = tuple(
    "-based -born -backed -led -owned -run -funded -made -linked -style -bound".split()
)
_AFFILIATION = re.compile(r" (?:of|from|at) (?:the )?")
_SAINTS = frozenset(("St", "St.", "Saint"))
# Possessive words that sit inside institutions' names ("Children's Hospital").
_GROUP_POSSESSIVES = frozenset("Children Women Men People Workers Veterans Lloyd".split())


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
class NameIndex:
    """Every entity found in a text and every mention, in text order."""

    entities: dict[str, Entity]
    mentions: tuple[Mention, ...]

    def persons_between(self, lo: int, hi: int) -> list[Mention]:
        """Person mentions whose name lies inside ``[lo, hi)``, in text order."""
        return [
            m
            for m in self.mentions
            if lo <= m.start and m.end <= hi and self.entities[m.key].kind == "person"
        ]


def find_names(text: str, *, ignore: Iterable[tuple[int, int]] = ()) -> NameIndex:
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
    runs = _runs(text, tokens, lowercase)
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
    return NameIndex(entities=entities, mentions=mentions)


def _at(m: Mention) -> int:
    return m.start


def _runs(text: str, tokens: list[Token], lowercase: set[str]) -> list[list[Token]]:
    """Maximal runs of capitalized words, joined by connectors where a name allows them."""
    runs: list[list[Token]] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if not tok.capitalized or _common(tok, lowercase):
            i += 1
            continue
        run = [tok]
        j = i + 1
        while j < len(tokens):
            if _inner_possessive(text, tokens, run, j):
                run.append(tokens[j])
                j += 1
                continue
            if run[-1].possessive or not _adjacent(text, run[-1], tokens[j]):
                break
            nxt = tokens[j]
            if nxt.capitalized and nxt.text not in STOP_CAPS:
                run.append(nxt)
                j += 1
                continue
            k = j
            while (
                k < len(tokens)
                and tokens[k].text in CONNECTORS
                and _adjacent(text, tokens[k - 1], tokens[k])
            ):
                k += 1
            joined = k < len(tokens) and k > j and _adjacent(text, tokens[k - 1], tokens[k])
            ahead = joined and _cue_ahead(text, tokens, k)
            if joined and tokens[k].capitalized and _may_join(run, tokens[j:k], tokens[k], ahead):
                run.extend(tokens[j : k + 1])
                j = k + 1
                continue
            break
        runs.append(run)
        i = j
    return runs


def _inner_possessive(text: str, tokens: list[Token], run: list[Token], j: int) -> bool:
    """A possessive inside an institution's name: "King's College", "St John's Hospital".

    Owners that are actors themselves ("Ukraine's Defense Ministry", "Biden's Justice
    Department") stay apart, so only saints, titles and group words may join.
    """
    owner, nxt = run[-1], tokens[j]
    if not owner.possessive or not nxt.capitalized or nxt.text in STOP_CAPS:
        return False
    gap = text[owner.end : nxt.start]
    if gap.rstrip(" ") not in ("’s", "'s", "’", "'") or not 0 < len(gap) - len(gap.rstrip(" ")) < 3:
        return False
    if owner.text in KNOWN or owner.text in DEMONYMS:
        return False
    saint = len(run) >= 2 and run[-2].text in _SAINTS
    if not (saint or owner.text in TITLES or owner.text in _GROUP_POSSESSIVES):
        return False
    return _cue_ahead(text, tokens, j)


def _common(tok: Token, lowercase: set[str]) -> bool:
    """A capitalized word that names nothing: a stop word, or a plain word opening a sentence."""
    if tok.text in STOP_CAPS:
        return True
    if not tok.initial or tok.text in KNOWN or tok.text in GIVEN_NAMES or tok.text in TITLES:
        return False
    word = tok.text
    return word.lower() in lowercase or word.endswith("ly") or (word.isupper() and len(word) == 1)


def _adjacent(text: str, a: Token, b: Token) -> bool:
    gap = text[a.end : b.start]
    return 0 < len(gap) <= 3 and gap.strip(" ") in ("", "&") and not a.possessive


def _may_join(run: list[Token], connectors: list[Token], nxt: Token, ahead: bool) -> bool:
    """Whether connectors may join a run to the next word; ``ahead``: a cue word follows."""
    words = [c.text for c in connectors]
    texts = {t.text for t in run}
    has_cue = bool(texts & ORG_CUES)
    if words[0] in ("of", "for") and words[1:] in ([], ["the"]):
        # "Port of Rotterdam Authority" is one name; "Oksana Hrytsenko of the Coordination
        # Headquarters" is a person and her organization.
        named = words[1:] == [] and run[0].text not in GIVEN_NAMES
        return has_cue or bool(texts & TITLES) or (ahead and named)
    if words == ["and"]:
        inside = any(t.text in ("of", "for") for t in run)
        return has_cue and inside and nxt.text not in KNOWN
    particles = {"de", "del", "der", "van", "von", "da", "dos", "du", "la", "le"}
    return all(w in particles for w in words) and len(words) <= 2


def _cue_ahead(text: str, tokens: list[Token], k: int) -> bool:
    """An organization cue among the capitalized words from ``k`` ("of Rotterdam Authority")."""
    for i in range(k, min(k + 4, len(tokens))):
        if not tokens[i].capitalized or (i > k and not _adjacent(text, tokens[i - 1], tokens[i])):
            return False
        if tokens[i].text in ORG_CUES:
            return True
    return False


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
    if not cues and (words[0] in PLACE_HEADS or words[0] in THING_HEADS or words[0] in _SAINTS):
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
