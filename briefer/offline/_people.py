"""Small judgements about one name from its context: the same given name, a lone word's kind.

"Bob Castellano" is "Robert H. Castellano" (a short form of the given name); "Anjali" in
"His daughter Anjali, 22, said" is a person though named once and by one word;
"Economiesuisse, the main business federation," and "Shares in Nordvind" are organizations.
"""

from __future__ import annotations

import re
from functools import lru_cache

from briefer.offline._lexicon import EMPLOYER_NOUNS, KINSHIP_NOUNS, ORG_CUES
from briefer.offline._roles import is_role_noun
from briefer.schema import ActorKind

__all__ = ["ORG_NOUNS", "lone_word_kind", "same_given_name"]

# Short forms that are not the start of the full given name.
_NICKNAMES = {
    "bob": "robert", "bobby": "robert", "rob": "robert", "bill": "william", "billy": "william",
    "will": "william", "liam": "william", "dick": "richard", "rick": "richard",
    "jim": "james", "jimmy": "james", "mike": "michael", "mick": "michael", "peggy": "margaret",
    "maggie": "margaret", "meg": "margaret", "liz": "elizabeth", "beth": "elizabeth",
    "betty": "elizabeth", "lisa": "elizabeth", "jack": "john", "johnny": "john",
    "ted": "edward", "ned": "edward", "tony": "anthony", "andy": "andrew", "drew": "andrew",
    "kate": "katherine", "katie": "katherine", "kathy": "katherine", "jenny": "jennifer",
    "jen": "jennifer", "chuck": "charles", "charlie": "charles", "hank": "henry",
    "harry": "henry", "joe": "joseph", "joey": "joseph", "jo": "joanna", "sandy": "alexandra",
    "sasha": "alexander", "misha": "mikhail", "volodymyr": "vladimir", "pat": "patricia",
    "patty": "patricia", "sue": "susan", "becky": "rebecca", "nick": "nicholas",
    "steve": "stephen", "larry": "lawrence", "jerry": "gerald", "greg": "gregory",
}  # fmt: skip

ORG_NOUNS = frozenset(
    """party group union company firm movement coalition alliance foundation charity agency
    bank airline brand federation association network broadcaster newspaper""".split()
)
"""Lowercase nouns that, right after a capitalized name, make it an organization ("the
Democratic Alternative party")."""

_BEFORE_PERSON = re.compile(r"\b([a-z]+),?\s+$")
_AGE_AFTER = re.compile(r",\s*\d{1,3},")
_APPOSITIVE = re.compile(r",\s+(?:the|a|an|its|which is)\s+([^,.;:]{3,80})[,.]")
_SHARES = re.compile(r"\b[Ss]hares (?:in|of)\s+$")


@lru_cache(maxsize=65536)  # a long text compares each name with all its namesakes
def same_given_name(a: str, b: str) -> bool:
    """Whether two given names can be one person's: equal, an initial, a short form."""
    x, y = a.lower().rstrip("."), b.lower().rstrip(".")
    if x == y:
        return True
    if len(x) == 1 or len(y) == 1:
        return x[0] == y[0]
    short, full = sorted((x, y), key=len)
    if len(short) >= 3 and full.startswith(short):
        return True  # Tim and Timothy, Dan and Daniel, Chris and Christopher
    return _NICKNAMES.get(short) == full or _NICKNAMES.get(x) == y or _NICKNAMES.get(y) == x


def lone_word_kind(text: str, start: int, end: int) -> ActorKind | None:
    """The kind of a capitalized word the article names on its own, from what stands around it.

    A family word or a role right before it ("His daughter Anjali", "Raghavan's father,
    Hemant,") or an age right after it make a person; an appositive with an organization
    noun ("Nordvind, the world's largest developer") or "Shares in" before it an
    organization. None when the context says nothing.
    """
    before = _BEFORE_PERSON.search(text, max(0, start - 30), start)
    if before and (before.group(1) in KINSHIP_NOUNS or is_role_noun(before.group(1))):
        return "person"
    if _AGE_AFTER.match(text, end):
        return "person"
    if _SHARES.search(text, max(0, start - 20), start):
        return "organization"
    appositive = _APPOSITIVE.match(text, end)
    if appositive:
        words = {w.strip("'’s").lower() for w in appositive.group(1).split()}
        cues = {c.lower() for c in ORG_CUES}
        if words & (EMPLOYER_NOUNS | ORG_NOUNS | cues):
            return "organization"
    return None
