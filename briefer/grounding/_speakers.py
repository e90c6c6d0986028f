"""Who the article says spoke a quotation: the attribution cue, not merely a name nearby.

News attributes a quotation with a cue next to it: `"...," Smith said`, `"...," said Smith`,
`Smith told reporters: "..."`, `according to Smith, "..."`, a `"..." she said` whose "she" is
the last person named, or an `X wrote:` line before a block quotation. When a cue names
someone, it decides; only when there is no cue does a name nearby count, and then only if no
other person is named as near.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Literal

from briefer.grounding._article import ArticleIndex

__all__ = ["Cue", "find_cue", "pronoun_antecedent"]

_VERB = (
    r"(?:said|says|say|told|tells|added|adds|asked|asks|explained|wrote|writes|warned|"
    r"warns|noted|notes|argued|argues|insisted|continued|recalled|stated|declared|replied|"
    r"answered|observed|concluded|acknowledged|admitted|conceded|cautioned|predicted|"
    r"suggested|joked|quipped|remarked|posted|tweeted|recalls|insists|explains|"
    r"went on|goes on)"
)
# A name's word: an initial ("L."), a title ("Dr."), or a capitalized word without a period
# (so "... Gareth Olsen. Ashford ..." ends at "Olsen").
_NAME_WORD = (
    r"(?:[A-Z]\.|(?:Dr|Mr|Mrs|Ms|Prof|Gen|Sen|Rep|Gov|Lt|Col|Capt|Sgt|St|Jr|Sr)\."
    r"|[A-Z][\w'\u2019\-]*)"
)
_NAME = (
    rf"(?:{_NAME_WORD}(?:\s+(?:de|van|von|al|bin|da|del|la|le|di)\s+{_NAME_WORD}"
    rf"|\s+{_NAME_WORD}){{0,4}})"
)
_PRONOUN = r"(?:he|she|He|She)"
_ROLE = r"(?:[Tt]he|[Aa]n?|[Ii]ts|[Hh]is|[Hh]er|[Tt]heir)\s+(?:[\w\-]+\s+){0,3}?[a-z][\w\-]*"
_APPOSITIVE = r"(?:\s*,[^,\"\u201c\u201d]{1,140},)?"
_START = r"^\s*[,.!?\u2014\-]*\s*"

_AFTER_NAME_FIRST = re.compile(
    _START + rf"(?P<who>{_PRONOUN}\b|{_NAME}){_APPOSITIVE}\s+{_VERB}\b(?P<tail>[^.?!]*)"
)
# "said Kingsmere manager Gareth Olsen", "said film critic Hannah Lowe": the name comes last.
_TITLE_WORD = (
    r"(?:[A-Z][\w'\u2019\-]*|[A-Z][a-z]{0,3}\.|manager|minister|director|analyst|critic|librarian|chief|"
    r"executive|coach|governor|spokesman|spokeswoman|spokesperson|secretary|president|"
    r"chairman|chairwoman|chair|head|headteacher|economist|researcher|professor|lecturer|"
    r"commentator|editor|mayor|senator|judge|officer|founder|curator|race|film|team|party|"
    r"leader|official|adviser|advisor|ambassador|envoy|engineer|scientist|doctor)"
)
_AFTER_VERB_FIRST = re.compile(
    _START + rf"{_VERB}\s+(?:{_TITLE_WORD}\s+){{0,4}}?(?P<who>{_NAME})"
    r"(?=\s*(?:[,.;:!?\u2014]|$|\s+(?:who|of|at|from|in|on|for)\b))(?P<tail>[^.?!]*)"
)
_AFTER_ROLE = re.compile(_START + rf"(?:(?P<who>{_ROLE}){_APPOSITIVE}\s+{_VERB}|{_VERB}\s+{_ROLE})")
_BEFORE = re.compile(
    rf"(?:(?P<who>\b{_PRONOUN}\b|{_NAME}){_APPOSITIVE}\s+{_VERB}(?:\s+[\w'\u2019\-]+){{0,4}}?"
    rf"|{_VERB}\s+(?P<who2>{_NAME})|[Aa]ccording\s+to\s+(?P<who3>{_NAME}))"
    r"\s*[:,]?\s*(?:that\s*)?$"
)
# "Olsen said he had reminded his players that "...": reported speech running into a quote.
_BEFORE_LOOSE = re.compile(
    rf"(?P<who>{_NAME}){_APPOSITIVE}\s+{_VERB}\b[^.!?\"\u201c\u201d]{{0,160}}$"
)
_BEFORE_ROLE = re.compile(
    rf"(?:{_ROLE}){_APPOSITIVE}\s+{_VERB}(?:\s+[\w'\u2019\-]+){{0,4}}?\s*[:,]?\s*(?:that\s*)?$"
)
_DASH_LINE = re.compile(rf"^\s*[\u2014\u2013\-]+\s*(?P<who>{_NAME})")
# Capitalized words that start a sentence or clause but name nobody.
_NOT_NAMES = frozenset(
    """
    The A An In On At But And Yet So Then This That These Those It Its Asked When While
    After Before Since If As For Speaking Writing Asked Still Meanwhile However Later Earlier
    """.split()
)


@dataclass(frozen=True)
class Cue:
    """An attribution cue: who it names (a name, a pronoun or a role) and where."""

    kind: Literal["name", "pronoun", "role"]
    start: int
    end: int
    text: str


def _name_cue(match: re.Match[str], group: str, offset: int, text: str) -> Cue | None:
    who = match.group(group)
    if who is None:
        return None
    start = offset + match.start(group)
    words = who.split()
    # "The minister said" is a role, not a name; trim a leading non-name ("Yesterday Lee").
    while words and words[0] in _NOT_NAMES:
        start += len(words[0]) + 1
        words.pop(0)
        while start < len(text) and text[start].isspace():
            start += 1
    if not words:
        return None
    name = " ".join(words)
    kind: Literal["name", "pronoun"] = "pronoun" if name.lower() in {"he", "she"} else "name"
    return Cue(kind, start, start + len(name), name)


def find_cue(src: ArticleIndex, region: tuple[int, int]) -> Cue | None:
    """The cue attributing the quotation at ``region`` (its marks included), if any."""
    text = src.text
    open_at, end = region
    para = src.paragraph_at(open_at)
    p_start, p_end = src.paragraphs[para]
    inner_last = text[max(open_at, end - 3) : end].rstrip("\"'\u201d\u2019 ")[-1:]
    # Before the quotation, in the same sentence: "Smith told reporters: "...".
    head_from = max(p_start, open_at - 260)
    head = text[head_from:open_at]
    cue = _before_cue(head, head_from, text)
    if cue is not None:
        return cue
    # After it: `"...," Smith said`, `"...," said Smith`, `"..." he said.`
    stop = min(p_end, end + 220)
    tail = text[end:stop]
    next_mark = re.search('["\u201c\u201d\u201e]', tail)
    if next_mark:
        tail = tail[: next_mark.start()]
    for pattern, group in ((_AFTER_VERB_FIRST, "who"), (_AFTER_NAME_FIRST, "who")):
        match = pattern.match(tail)
        if match is None:
            continue
        # After a quotation that ends its sentence, "Smith said the ..." is a new statement.
        if inner_last in ".?!" and match.group("tail").strip(" ,"):
            continue
        cue = _name_cue(match, group, end, text)
        if cue is not None:
            return cue
    role = _AFTER_ROLE.match(tail)
    if role is not None:
        return Cue("role", end + role.start(), end + role.end(), role.group().strip(" ,."))
    if _BEFORE_ROLE.search(head):
        return Cue("role", open_at, open_at, "")
    if not text[p_start:open_at].strip() and para > 0:
        # A quotation that opens its paragraph: "Smith said:" closing the paragraph before.
        q_start, q_end = src.paragraphs[para - 1]
        before = text[max(q_start, q_end - 260) : q_end]
        if before.rstrip().endswith((":", ",")):
            cue = _before_cue(before, max(q_start, q_end - 260), text)
            if cue is not None:
                return cue
    if not text[end:p_end].strip(' "\u201d.,') and para + 1 < len(src.paragraphs):
        # A block quotation signed on the next line: "- Jane Smith, analyst".
        n_start, n_end = src.paragraphs[para + 1]
        dash = _DASH_LINE.match(text, n_start, n_end)
        if dash is not None:
            return Cue("name", dash.start("who"), dash.end("who"), dash.group("who"))
    return None


def _before_cue(head: str, offset: int, text: str) -> Cue | None:
    match = _BEFORE.search(head)
    if match is not None:
        for group in ("who", "who2", "who3"):
            cue = _name_cue(match, group, offset, text)
            if cue is not None:
                return cue
    # The sentence holding the quotation, from its start: "X said he had ... that "..."".
    start = max(head.rfind(". "), head.rfind("? "), head.rfind("! "), head.rfind("\n"))
    loose = _BEFORE_LOOSE.search(head, start + 1)
    if loose is not None:
        return _name_cue(loose, "who", offset, text)
    return None


def pronoun_antecedent(src: ArticleIndex, before: int, extra: list[tuple[int, int]]) -> int:
    """Start of the last person named before ``before`` (outside quotations), or -1.

    ``extra`` adds mentions of the person being checked that the article's own list of
    people may have missed (a surname written alone, a name with a title); in order.
    """
    best = -1
    for spans in (src.people, extra):
        # The last span ending before ``before``: spans are sorted, so walk back from there.
        index = bisect.bisect_left(spans, (before, before))
        while index > 0:
            index -= 1
            start, end = spans[index]
            if end <= before and not src.quoted(start):
                best = max(best, start)
                break
    return best
