"""Names in a sentence without an NLP model, and when two names are the same actor.

A name is a run of capitalized words (with "of", "for", "de"... inside long ones), not
a sentence's first word unless the article never writes it in lowercase, split at a
possessive ("Ukraine's air force") and at a title after a known name ("U.S. Secretary of
State Antony Blinken"), looked up in the word lists (countries, bodies, groups, nationality
words, places). :func:`same_entity` compares two names: alias, short form, initials, or
the words of one inside the other (a surname).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from briefer.grounding._tokens import _PRONOUNS, _QUOTE_CHARS, _SENTENCE_END, Token
from briefer.lexicon import DEMONYMS, KNOWN, PLACES
from briefer.names import name_key
from briefer.words import (
    CLAIM_STOPWORDS,
    HEDGES,
    MONTHS,
    NEGATIONS,
    NUMBER_WORDS,
    RELATIVE_DATES,
    WEEKDAYS,
)

__all__ = ["Entity", "compatible", "find_entities", "same_entity"]

_CONNECTORS = frozenset("of for and the de du des la le van von al bin el & on in".split())
_TITLES = frozenset(
    """
    mr mrs ms miss dr prof professor sir dame lord lady gen general col colonel lt lieutenant
    maj major capt captain sgt sergeant adm admiral sen senator rep representative gov governor
    president pres vice prime minister secretary secretary-general chancellor judge justice rev
    reverend father sheikh king queen prince princess ambassador mayor chief deputy commander
    foreign defense defence state interior finance health energy economy trade home regional
    spokesperson spokesman spokeswoman ceo chairman chairwoman chair director coach manager
    captain striker midfielder goalkeeper inspector superintendent detective officer constable
    council councillor councilor executive founder the a an
    """.split()
)
_ORG_CUES = frozenset(
    """
    ministry bank council agency company corp corporation inc ltd plc llc group university
    institute party court department authority association union commission committee office
    service force forces army navy police club fc board fund foundation trust network
    airlines airline airways motors energy holdings partners capital media news times post
    journal press assembly parliament congress senate government administration hospital
    school college academy centre center laboratory lab labs systems technologies robotics
    federation league organisation organization society bureau
    """.split()
)


@dataclass(frozen=True)
class Entity:
    """A name in the text: a person, organization, place, or one the rules cannot tell."""

    text: str
    first: int
    last: int
    """Token indexes of its first and last word (inclusive)."""
    words: frozenset[str]
    canon: str | None
    """The known actor it names ("united states" for U.S., America, American)."""
    kind: str
    """``person``, ``org``, ``place`` or ``unknown``."""
    clause: int


def _initial(tokens: list[Token], i: int) -> bool:
    """True for a token that starts a sentence or a quotation (capitalized anyway)."""
    if i == 0:
        return True
    before = tokens[i - 1].text
    return before in _SENTENCE_END or before in _QUOTE_CHARS or before in {":", "(", "\u2014"}


def _is_date_word(token: Token) -> bool:
    word = token.lower.rstrip(".")
    return word in WEEKDAYS or (word in MONTHS and word != "may") or token.text == "May"


def _capital(tokens: list[Token], i: int, lowercase: Collection[str]) -> bool:
    token = tokens[i]
    if not token.text[:1].isupper() or _is_date_word(token):
        return False
    if token.text == "May" and (i == 0 or tokens[i - 1].text in _SENTENCE_END):
        return False
    if _initial(tokens, i):
        word = token.lower
        if (
            word in lowercase
            or word in CLAIM_STOPWORDS
            or word in NEGATIONS
            or word in HEDGES
            or word in NUMBER_WORDS
            or word in _TITLES
            or word in _PRONOUNS
            or word in RELATIVE_DATES
        ) and token.text not in KNOWN:
            return False
    return True


def find_entities(tokens: list[Token], lowercase: Collection[str]) -> list[Entity]:
    """The names in ``tokens``; ``lowercase`` holds the words the article writes in lowercase."""
    found: list[Entity] = []
    i = 0
    n = len(tokens)
    while i < n:
        if not _capital(tokens, i, lowercase):
            i += 1
            continue
        j = i
        # Extend over capitalized words, and connectors between them ("Bank of England").
        while True:
            if tokens[j].text.endswith(("'s", "\u2019s", "s'", "s\u2019")):
                break  # Ukraine's air force: the name ends at the possessive
            k = j + 1
            while k < n and tokens[k].lower in _CONNECTORS and tokens[k].text.islower():
                k += 1
            if k < n and k - j <= 3 and _capital(tokens, k, ()) and not _initial(tokens, k):
                if not _may_join(tokens, i, j, k):
                    break
                j = k
                continue
            break
        found.extend(_make_entities(tokens, i, j))
        i = j + 1
    return found


def _may_join(tokens: list[Token], first: int, last: int, nxt: int) -> bool:
    """Whether the connectors between ``last`` and ``nxt`` are inside one name.

    "Bank of England" and "Center for Strategic and International Studies" are one name;
    "Jens Stoltenberg and the Bank of England" are two.
    """
    between = {t.lower for t in tokens[last + 1 : nxt]}
    if not between & {"and", "&"}:
        return True
    if "the" in between:
        return False  # "... and the Foreign Ministry" starts another name
    run = tokens[first : last + 1]
    if any(t.lower in {"of", "for"} for t in run) or {t.lower for t in run} & _ORG_CUES:
        return True
    phrase = " ".join(t.text for t in tokens[first : nxt + 1])
    return any(name.startswith(phrase) for name in KNOWN)


def _make_entities(tokens: list[Token], first: int, last: int) -> list[Entity]:
    # A known name before a title is its own entity: "U.S. Secretary of State Antony Blinken".
    for split in range(last - 1, first - 1, -1):
        head = " ".join(_strip_possessive(t.text) for t in tokens[first : split + 1])
        if head in KNOWN and tokens[split + 1].lower.rstrip(".") in _TITLES:
            return _make_entities(tokens, first, split) + _make_entities(tokens, split + 1, last)
    words = tokens[first : last + 1]
    text = " ".join(_strip_possessive(t.text) for t in words)
    known = KNOWN.get(text) or KNOWN.get(text.replace("the ", ""))
    if known is None and text in DEMONYMS:
        country = DEMONYMS[text]
        canon = name_key(country) if country else name_key(text)
        return [
            Entity(text, first, last, frozenset(canon.split()), canon, "place", words[0].clause)
        ]
    # A title before a name is not part of it: "Regional Governor Serhiy Lytvyn",
    # "Secretary of State Antony Blinken"; "Foreign Ministry" keeps its first word.
    while (
        known is None
        and last > first
        and (tokens[first].lower.rstrip(".") in _TITLES or tokens[first].lower in _CONNECTORS)
        and tokens[last].lower not in _ORG_CUES
    ):
        first += 1
    while last > first and tokens[first].lower in _CONNECTORS:
        first += 1
    words = tokens[first : last + 1]
    text = " ".join(_strip_possessive(t.text) for t in words)
    canon_name = name_key(known[0]) if known else None
    key_words = frozenset(w for w in name_key(text).split() if w not in _TITLES)
    if not key_words:
        return []
    kind = _kind(text, words, known)
    return [Entity(text, first, last, key_words, canon_name, kind, words[0].clause)]


def _strip_possessive(word: str) -> str:
    for ending in ("'s", "\u2019s"):
        if word.endswith(ending):
            return word[: -len(ending)]
    return word.rstrip("'\u2019")


def _kind(text: str, words: list[Token], known: tuple[str, str] | None) -> str:
    if known is not None:
        return "place" if known[1] == "country" else "org"
    if text in PLACES:
        return "place"
    lowered = {t.lower for t in words}
    if lowered & _ORG_CUES or any(t.text.isupper() and len(t.text) > 1 for t in words):
        return "org"
    if len(words) >= 2 and all(t.text[:1].isupper() for t in words):
        return "person"
    return "unknown"


_CONNECTOR_WORDS = frozenset("of for and the de du des la le van von al bin el &".split())


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


def compatible(a: Entity, b: Entity) -> bool:
    return a.kind == b.kind or "unknown" in (a.kind, b.kind)
