"""Runs of capitalized words: the candidates for names, before they are classified.

"Center for Strategic and International Studies" is one run (connectors may sit inside a
long name); "Ukraine's Defense Ministry" is one too (a possessive inside an institution's
name); a capitalized word that opens a sentence joins only when it is no common word.
"""

from __future__ import annotations

from briefer.offline._lexicon import (
    CONNECTORS,
    DEMONYMS,
    GIVEN_NAMES,
    KNOWN,
    ORG_CUES,
    STOP_CAPS,
    TITLES,
)
from briefer.offline._tokens import Token

__all__ = ["SAINTS", "capitalized_runs"]

SAINTS = frozenset(("St", "St.", "Saint"))
# Possessive words that sit inside institutions' names ("Children's Hospital").
_GROUP_POSSESSIVES = frozenset("Children Women Men People Workers Veterans Lloyd".split())


def capitalized_runs(text: str, tokens: list[Token], lowercase: set[str]) -> list[list[Token]]:
    """Maximal runs of capitalized words, joined by connectors where a name allows them."""
    runs: list[list[Token]] = []
    after_run = 0
    # Only a capitalized word opens a run: the others are passed over without a look.
    for i in [i for i, t in enumerate(tokens) if t.text[:1].isupper()]:
        if i < after_run:
            continue
        tok = tokens[i]
        if _common(tok, lowercase) and not _names_ahead(text, tokens, i):
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
        after_run = j
    return runs


def _names_ahead(text: str, tokens: list[Token], i: int) -> bool:
    """A plain word opening a sentence that starts a name all the same: "Cancer Research UK"."""
    tok = tokens[i]
    if tok.text in STOP_CAPS or i + 1 >= len(tokens) or not _adjacent(text, tok, tokens[i + 1]):
        return False
    nxt = tokens[i + 1]
    if not nxt.capitalized or nxt.text in STOP_CAPS:
        return False
    if _cue_ahead(text, tokens, i + 1) or nxt.text in TITLES:
        return True  # "Cancer Research UK"; "Education Secretary Jenny ..."
    # "Cancer Research UK": two or more capitalized words ending with a known name.
    j = i + 2
    while j < len(tokens) and j <= i + 3 and _adjacent(text, tokens[j - 1], tokens[j]):
        if tokens[j].text in KNOWN:
            return True
        if not tokens[j].capitalized:
            break
        j += 1
    return False


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
    saint = len(run) >= 2 and run[-2].text in SAINTS
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
        # "Port of Rotterdam Authority" is one name, and so is "Secretary of State"; but
        # "Oksana Hrytsenko of the Coordination Headquarters" is a person and her
        # organization, and "Sen. Harold Finch of Kansas" a person and his state.
        named = words[1:] == [] and run[0].text not in GIVEN_NAMES
        return has_cue or run[-1].text in TITLES or (ahead and named)
    if words == ["and"]:
        # "Center for Strategic and International Studies", "Mines and Energy Ministry".
        inside = any(t.text in ("of", "for") for t in run)
        if nxt.text in KNOWN or run[0].text in GIVEN_NAMES:
            return False
        return (has_cue and inside) or (ahead and not has_cue)
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
