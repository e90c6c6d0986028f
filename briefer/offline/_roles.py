"""Roles for named people: the title before a name, a role phrase, or an appositive after it.

"NATO Secretary-General Jens Stoltenberg" -> "NATO Secretary-General"; "military analyst and
commentator Rob Lee" -> "military analyst and commentator"; "Maria Lopez, an economist at the
IMF," -> "an economist at the IMF".
"""

from __future__ import annotations

import re

from briefer.offline._lexicon import HONORIFICS, ROLE_NOUNS, STOP_CAPS
from briefer.offline._tokens import Token, keeps_period

__all__ = ["appositive", "best_role", "is_role_noun", "role_before", "title_role"]

# Words that may not sit in a role phrase before a name ("the report by economist X").
_ROLE_STOP = frozenset(
    """a an the of in on at by to for with from as is was are were be been that which who whom
    said says told according also recently reportedly this these those its his her their our
    when while after before during since than then not""".split()
)


def title_role(text: str, tokens: list[Token], run: list[Token], name_at: int) -> str | None:
    """The title before a name, with an owner in the possessive ("Ukraine's Defense Minister")."""
    start = run[0].start
    before = run[0].number - 1
    while before >= 0 and tokens[before].possessive and tokens[before].capitalized:
        if text[tokens[before].end : start].strip(" ’'s") != "":
            break
        start = tokens[before].start
        before -= 1
    role = text[start : run[name_at - 1].end].strip()
    if all(w in HONORIFICS for w in role.split()):
        return None
    return role


def role_before(text: str, tokens: list[Token], name: list[Token], run_start: int) -> str | None:
    """A role phrase right before a name: "military analyst and commentator Rob Lee", or set
    off by commas: "Its emergency coordinator, Tomas Reyes, said"."""
    i = name[0].number - 1
    while i >= 0 and tokens[i].start >= run_start:
        i -= 1
    if i < 0 or not is_role_noun(tokens[i].text):
        return None
    gap = text[tokens[i].end : run_start]
    set_off = gap.strip() == "," and text[name[-1].end :].lstrip(" ").startswith(",")
    if gap.strip() != "" and not set_off:
        return None
    kept = i
    j = i - 1
    while j >= 0 and i - j <= 5 and _joined(text[tokens[j].end : tokens[j + 1].start]):
        if tokens[j].capitalized or tokens[j].text in _ROLE_STOP:
            break
        kept = j
        j -= 1
    while tokens[kept].text == "and":
        kept += 1
    # Capitalized owners may lead the phrase: "Iran's Foreign Ministry spokesman".
    for _ in range(4):
        owner = tokens[kept - 1] if kept > 0 else None
        if owner is None or not owner.capitalized or owner.text in STOP_CAPS:
            break
        if text[owner.end : tokens[kept].start].strip(" ’'s") != "":
            break
        kept -= 1
        if owner.initial:
            break
    return text[tokens[kept].start : tokens[i].end].strip() or None


def _joined(gap: str) -> bool:
    """Words of one role phrase: white space between them, or a possessive ("party's")."""
    return gap.strip() in ("", "'s", "’s", "'", "’")


_CAMPUS = re.compile(
    r",\s*[A-Z][\w.'-]*(?: [A-Z][\w.'-]*){0,2}(?=\s*[,;.]|\s+(?:said|says|told|added|wrote)\b)"
)
_PARTY = re.compile(
    r"(?:Democrat|Republican|Independent|Labour|Conservative|Liberal|Green|Socialist|"
    r"Social Democrat)\b|[DRI]-[A-Z][A-Za-z.]*"
)


def is_role_noun(word: str) -> bool:
    """A word for what someone does: listed, or shaped like one ("hydrologist", "historian")."""
    return word in ROLE_NOUNS or (word.islower() and word.endswith(("ist", "ologist", "ician")))


def appositive(text: str, name: list[Token]) -> str | None:
    """ ", an economist at the IMF," after a name; an age in between is skipped."""
    rest = text[name[-1].end : name[-1].end + 200]
    match = re.match(r",\s*(?:\d{1,3},\s*)?", rest)
    if not match or name[-1].possessive:
        return None
    phrase = rest[match.end() :]
    end = len(phrase)
    for stop in re.finditer(r"[,;:()“”\"—\n]|\.(?=\s|$)", phrase):
        if stop.group() == ".":
            before = phrase[: stop.start()].split()
            if before and keeps_period(before[-1].rstrip(".")):
                continue
        end = stop.start()
        break
    cut = re.search(r"\s(?:who|which|whose|where)\s", phrase[:end])
    end = cut.start() if cut else end
    # "a hydrologist at the University of California, Davis, said": the campus (or city)
    # after an institution's name belongs to it.
    campus = None if cut else _CAMPUS.match(phrase, end)
    if campus and phrase[:end].rstrip()[-1:].isalpha() and phrase[:end].split()[-1][:1].isupper():
        end = campus.end()
    words = phrase[:end].split()
    if not words or len(words) > 14:
        return None
    if _PARTY.match(phrase):
        return phrase[:end].strip()  # "Democrat of Massachusetts", "D-N.M."
    owner = re.match(r"[A-Z][\w.&-]*(?: [A-Z][\w.&-]*){0,3}['’]s ", phrase)
    if not words[0][:1].islower() and owner is None:
        return None  # a capitalized appositive is a place or a name, not a description
    if not any(is_role_noun(w.lower().strip(".,'’s")) for w in words[:6]):
        return None
    return phrase[:end].strip()


def best_role(roles: list[str]) -> str | None:
    """A title of two words or more beats a lowercase description, which beats a bare title."""
    if not roles:
        return None
    long = [r for r in roles if len(r.split()) >= 2 and not _PARTY.match(r)]
    best = long[0] if long else roles[0]
    party = next((r for r in roles if _PARTY.match(r)), None)
    if party and party != best and best[:1].isupper() and len(best.split()) <= 3:
        return f"{best}, {party}"  # "Senator, Democrat of Massachusetts"
    return best
