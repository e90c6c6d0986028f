"""Named actors without an NLP model: capitalized runs, word lists and a few context rules.

A run of capitalized words ("Center for Strategic and International Studies", "NATO
Secretary-General Jens Stoltenberg") is split into a title and a name, looked up in the
built-in lists (countries, international bodies, groups) or classified by cue words
(Ministry, Institute...). Later surname-only mentions join the person they belong to.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from operator import itemgetter

from briefer.offline._entities import Draft, DraftTable, Entity, EntityIndex, Mention
from briefer.offline._lexicon import (
    CONNECTORS,
    DEMONYMS,
    EMPLOYER_NOUNS,
    GIVEN_NAMES,
    GROUP_CUES,
    KNOWN,
    NON_ACTOR_TAILS,
    NOT_ACTORS,
    ORG_CUES,
    PLACE_HEADS,
    PLACE_WORDS,
    PLACES,
    POSTNOMINALS,
    SPEECH_VERBS,
    THING_HEADS,
    TITLES,
)
from briefer.offline._people import ORG_NOUNS, same_given_name
from briefer.offline._resolve import affiliations, join_short_forms, only_a_place, resolve_singles
from briefer.offline._roles import appositive, best_role, is_role_noun, role_before, title_role
from briefer.offline._runs import SAINTS, capitalized_runs
from briefer.offline._tokens import Token, tokenize
from briefer.schema import ActorKind

__all__ = ["Entity", "Mention", "EntityIndex", "SPEECH_VERBS", "Token", "find_names", "tokenize"]

_DIRECTIONS = frozenset("North South East West Northern Southern Eastern Western Central".split())
_MODIFIER_ENDINGS = tuple(
    "-based -born -backed -led -owned -run -funded -made -linked -style -bound".split()
)
_FACILITY = re.compile(
    r" (?:nuclear |power |coal |gold |lithium )?(?:plant|mine|factory|reactor|dam|"
    r"airport|oilfield|refinery|terminal)\b"
)
_TEXT = itemgetter(3)  # Token.text, read in C over a long text's million tokens
_JUDICIAL = frozenset("Judge Justice Magistrate Attorney District Circuit Prosecutor".split())


def find_names(text: str, *, ignore: Iterable[tuple[int, int]] = ()) -> EntityIndex:
    """Find the people, organizations, countries and groups a text names.

    Args:
        text: the article.
        ignore: character ranges to leave out (a dateline, a byline, a headline).
    """
    skipped = list(ignore)
    tokens = tokenize(text, ignore=skipped)
    lowercase = {w for w in set(map(_TEXT, tokens)) if w[:1].islower()}
    drafts = DraftTable()
    singles: list[tuple[Token, list[Token]]] = []
    runs = capitalized_runs(text, tokens, lowercase)
    alone = {run[0].text for run in runs if len(run) == 1}
    for run in runs:
        _classify(text, tokens, run, drafts, singles, alone, lowercase)
    resolve_singles(text, singles, drafts)
    join_short_forms(drafts)
    affiliations(text, drafts)
    # A nationality adjective alone ("German factory orders") does not make the country an
    # actor; it only adds to a country the article names.
    entities = {
        key: _finish(key, d)
        for key, d in drafts.items()
        if any(m.shown for m in d.mentions) and not only_a_place(text, d)
    }
    mentions = tuple(sorted((m for e in entities.values() for m in e.mentions), key=_at))
    return EntityIndex(entities=entities, mentions=mentions)


def _at(m: Mention) -> int:
    return m.start


def _classify(
    text: str,
    tokens: list[Token],
    run: list[Token],
    drafts: DraftTable,
    singles: list[tuple[Token, list[Token]]],
    alone: set[str],
    lowercase: set[str],
) -> None:
    while run and (run[-1].text in CONNECTORS or len(run) > 2 and run[-1].text in POSTNOMINALS):
        run = run[:-1]
    if len(run) >= 3 and _titles_object(text, tokens, run):
        run = run[1:]  # "Minister of State for | Manpower | Chua Wei Ling"
    words = [t.text for t in run]
    surface = text[run[0].start : run[-1].end]
    if surface in NOT_ACTORS or (len(run) > 1 and surface.isupper() and surface not in KNOWN):
        return  # "DNA", "CCTV"; a line in capitals ("RELATED ARTICLES", a byline)
    if surface in KNOWN:
        _add_known(drafts, surface, run[0].start, run[-1].end)
        return
    if surface in DEMONYMS:
        _add_demonym(drafts, surface, run[0].start, run[-1].end)
        return
    cues = set(words) & ORG_CUES
    if surface in PLACES or _thing(words) or _modifier(words[-1]):
        return
    if words[-1] in PLACE_WORDS and not set(_head(words)) & ORG_CUES:
        return  # "Kestrel Bay"; but "University of Kestrel Bay" is a body
    if _FACILITY.match(text, run[-1].end):
        return  # "the Fukushima Daiichi nuclear plant" is a place
    if not cues and (words[0] in PLACE_HEADS or words[0] in THING_HEADS or words[0] in SAINTS):
        return  # "River Wend", "Storm Fenella", "St Anne" (a saint or a place named for one)
    if len(run) == 1 and cues:
        return  # "Department stores ...", "the Ministry": a cue word alone names nothing
    title_at = max((i for i, w in enumerate(words) if w in TITLES), default=-1)
    if title_at < 0 and len(words) >= 3 and is_role_noun(words[0].lower()) and not cues:
        title_at = 0  # "Hydrologist Glenn Miller-Soto" at the start of a sentence
    name_at = _name_start(words, title_at)
    if 0 <= title_at and name_at < len(words) and not set(words[name_at:]) & ORG_CUES:
        # "NATO Secretary-General X" makes NATO an actor; "U.S. District Judge X" does not
        # make the country one (unless the article names it elsewhere).
        judicial = bool(set(words[:name_at]) & _JUDICIAL)
        _add_prefix(text, drafts, run[:name_at], shown=not judicial)
        name = run[name_at:]
        role = title_role(text, tokens, run, name_at)
        if len(name) == 1:
            singles.append((name[0], run[:name_at]))
            if role:
                drafts.setdefault("?role:" + name[0].text, Draft("other")).roles.append(role)
            return
        _add_person(text, tokens, drafts, name, run[0].start, role)
        return
    if 0 <= title_at <= 2 and words[title_at + 1 : title_at + 2] in (["of"], ["for"]):
        body = run[title_at + (3 if words[title_at + 2 : title_at + 3] == ["the"] else 2) :]
        if body and {t.text for t in body} & ORG_CUES:
            # "Executive Secretary of the Kwara State Primary Health Care Development Agency"
            _classify(text, tokens, body, drafts, singles, alone, lowercase)
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
    if words[-1] in KNOWN:
        _add_org(drafts, surface, run)  # "Cancer Research UK", "Police Scotland"
        return
    # Papers call a person by the surname and a company by its first word ("Northwind").
    if (
        words[0] not in GIVEN_NAMES
        and words[0] in alone
        and words[-1] not in alone
        and not _after_role(tokens, run)
    ):
        _add_org(drafts, surface, run)
        return
    # "the Democratic Alternative party"; "Silver Basin Lithium" (a surname is rarely also a
    # common word of the article).
    after = re.match(r" ([a-z]+)", text[run[-1].end : run[-1].end + 20])
    if after and after.group(1) in ORG_NOUNS:
        _add_org(drafts, surface, run)
        return
    last = words[-1].lower()
    if words[0] not in GIVEN_NAMES and len(last) >= 4 and last in lowercase:
        _add_org(drafts, surface, run)
        return
    _add_person(text, tokens, drafts, run, run[0].start, None)


def _after_role(tokens: list[Token], run: list[Token]) -> bool:
    """Right after a lowercase role noun: "goalkeeper Tomasz Zielinski" is a person."""
    i = run[0].number
    return i > 0 and is_role_noun(tokens[i - 1].text)


def _head(words: list[str]) -> list[str]:
    """The words before the first "of" or "for": "University" of "University of Kestrel Bay"."""
    return words[: next((i for i, w in enumerate(words) if w in ("of", "for")), len(words))]


def _titles_object(text: str, tokens: list[Token], run: list[Token]) -> bool:
    """The run opens with the object of a title just before it: "Senior Minister of State
    for Manpower Chua Wei Ling" is read as "... State for" and "Manpower Chua Wei Ling"."""
    i = run[0].number
    if i < 2 or tokens[i - 1].text not in ("for", "of"):
        return False
    if text[tokens[i - 2].end : run[0].start] != " " + tokens[i - 1].text + " ":
        return False
    back = range(i - 2, max(-1, i - 7), -1)
    title = next((j for j in back if tokens[j].text in TITLES), None)
    return (
        title is not None
        and all(tokens[j].capitalized or tokens[j].text in CONNECTORS for j in range(title, i))
        and run[1].text not in ORG_CUES
    )


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
    i = run[0].number
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


def _add_org(drafts: dict[str, Draft], surface: str, run: list[Token]) -> None:
    kind: ActorKind = "group" if {t.text for t in run} & GROUP_CUES else "organization"
    draft = drafts.setdefault(surface, Draft(kind))
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


def _add_prefix(
    text: str, drafts: dict[str, Draft], run: list[Token], *, shown: bool = True
) -> bool:
    """Count a known country or body that opens a longer run ("NATO Secretary-General")."""
    for size in range(min(4, len(run)), 0, -1):
        surface = text[run[0].start : run[size - 1].end]
        if surface in KNOWN:
            _add_known(drafts, surface, run[0].start, run[size - 1].end, shown=shown)
            return True
        if surface in DEMONYMS:
            _add_demonym(drafts, surface, run[0].start, run[size - 1].end)
            return True
    return False


def _add_known(
    drafts: dict[str, Draft], surface: str, start: int, end: int, *, shown: bool = True
) -> None:
    canonical, kind = KNOWN[surface]
    draft = drafts.setdefault(canonical, Draft(kind))
    draft.mentions.append(Mention(canonical, start, end, start, surface, shown=shown))


def _add_demonym(drafts: dict[str, Draft], surface: str, start: int, end: int) -> None:
    country = DEMONYMS[surface]
    if country and country in KNOWN:
        canonical, kind = KNOWN[country]
        draft = drafts.setdefault(canonical, Draft(kind))
        draft.mentions.append(Mention(canonical, start, end, start, surface, shown=False))


def _add_person(
    text: str,
    tokens: list[Token],
    drafts: DraftTable,
    name: list[Token],
    run_start: int,
    role: str | None,
) -> None:
    words = [t.text for t in name]
    key = _owner(drafts, words)
    # A name first seen as something else ("Ford" the company) stays what it was.
    draft = drafts[key] if key in drafts else drafts.person(key)
    surface = text[name[0].start : name[-1].end]
    draft.mentions.append(Mention(key, name[0].start, name[-1].end, run_start, surface))
    for found in (role, role_before(text, tokens, name, run_start), appositive(text, name)):
        if found:
            draft.roles.append(found)


def _owner(drafts: DraftTable, words: list[str]) -> str:
    """The key of the person already drafted whom ``words`` name, else their own key.

    The first namesake that matches: "John F. Kennedy" and "John Kennedy"; "Robert" and
    "Bob"; a surname of several words on its own ("Rutte-van Dijk" after "Mark Rutte-van
    Dijk"). A name seen before resumes the search where it stopped.
    """
    key = " ".join(words)
    namesakes = drafts.people_named(words[-1])
    checked, found = drafts.owner_search.get(key, (0, None))
    if found is None:
        for other in namesakes[checked:]:
            if other != key:
                parts = other.split()
                if same_given_name(parts[0], words[0]) or parts[-len(words) :] == words:
                    found = other
                    break
        drafts.owner_search[key] = (len(namesakes), found)
    return found or key


def _finish(key: str, draft: Draft) -> Entity:
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
    return Entity(key, name, draft.kind, best_role(draft.roles), mentions, tuple(draft.roles))
