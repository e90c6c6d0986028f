"""Key claims of one fact each, trimmed of attribution boilerplate, still word for word.

A claim is a stretch of one sentence of the article: "The strike will cost the ports $40
million a day, the association said." gives "The strike will cost the ports $40 million a
day." when the one who said it is a generic source (officials, police, the company) and the
claim is no prediction or opinion that needs its owner; a named source, or a claim with
"would", "could" or "may", keeps its attribution. A sentence of two independent clauses
joined by a semicolon gives two claims.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from briefer.text import Sentence

__all__ = ["Fact", "facts_of"]

MIN_WORDS = 6
"""A shorter stretch is not a claim of its own."""

_SOURCES = (
    r"(?:(?:the|a|an|its|their|local|state|federal|city|police|company|government|ministry)\s+)*"
    r"(?:officials?|police|authorities|company|government|ministry|department|agency|"
    r"spokes(?:man|woman|person)|statement|report|people|sources?|researchers|scientists|"
    r"analysts|experts|data|figures|study|survey|union|group|association|organi[sz]ation|"
    r"council|board|court|airline|bank|operator|firm|institute|commission|authority|team)"
)
_VERBS = r"(?:said|says|reported|announced|added|noted|told \w+(?: \w+)?|confirmed|estimated)"
_WHEN = r"(?:\s+(?:on|in|at|late|early|last|this|earlier)\b[^,.;]{0,40})?"
_TRAILING = re.compile(
    rf",\s+(?:{_SOURCES}{_WHEN}\s+{_VERBS}|{_VERBS}\s+{_SOURCES}){_WHEN}"
    rf"(?:\s+in\s+(?:a|its|their)\s+\w+)?(?=[.!]?\s*$)"
)
_ACCORDING = re.compile(r",\s+according to [^,.;]{3,80}(?=[.!]?\s*$)")
_LEADING = re.compile(
    rf"^(?:{_SOURCES}|[A-Z][\w'’-]*(?: [A-Z][\w'’-]*){{0,3}})\s+{_VERBS}{_WHEN}\s+(?:that\s+)?"
    r"(?=(?:the|a|an)\s)"
)
_OPINION = re.compile(r"\b(?:would|could|might|may|should|must|will)\b", re.IGNORECASE)
_PRONOUN = re.compile(r"^(?:it|they|he|she|this|these|those|its|their)\b", re.IGNORECASE)
_CLAUSES = re.compile(r";\s+")


@dataclass(frozen=True)
class Fact:
    """A claim: ``text`` is ``article[start:end]`` (its first letter maybe capitalized)."""

    text: str
    start: int
    end: int


def facts_of(sentence: Sentence) -> list[Fact]:
    """The one-fact claims a sentence makes, each trimmed of generic attribution."""
    out: list[Fact] = []
    pieces = _pieces(sentence)
    for n, (start, end) in enumerate(pieces):
        text = sentence.text[start - sentence.start : end - sentence.start]
        if n > 0 and _PRONOUN.match(text):
            continue  # "...; it said ..." leans on the clause before it
        fact = _trim(text, start)
        if len(fact.text.split()) >= MIN_WORDS:
            out.append(fact)
    return out


def _pieces(sentence: Sentence) -> list[tuple[int, int]]:
    """The sentence, or its independent clauses when a semicolon joins long ones."""
    parts: list[tuple[int, int]] = []
    at = sentence.start
    for match in _CLAUSES.finditer(sentence.text):
        end = sentence.start + match.start()
        parts.append((at, end))
        at = sentence.start + match.end()
    parts.append((at, sentence.end))
    if len(parts) > 1 and all(
        len(sentence.text[a - sentence.start : b - sentence.start].split()) >= MIN_WORDS + 2
        for a, b in parts
    ):
        return parts
    return [(sentence.start, sentence.end)]


def _trim(text: str, start: int) -> Fact:
    """``text`` without attribution to a generic source, when what is left stands alone."""
    body, offset = text, 0
    if not _OPINION.search(text):
        tail = _TRAILING.search(body) or _generic_according(body)
        if tail is not None:
            end_mark = body.rstrip()[-1:] if body.rstrip()[-1:] in ".!" else ""
            body = body[: tail.start()] + end_mark
        lead = _LEADING.match(body)
        if lead is not None and _generic(lead.group()):
            offset = lead.end()
            body = body[offset:]
    if body is not text and len(body.split()) < MIN_WORDS:
        body, offset = text, 0
    if offset:
        body = body[:1].upper() + body[1:]
    return Fact(body, start + offset, start + offset + len(body))


def _generic_according(body: str) -> re.Match[str] | None:
    match = _ACCORDING.search(body)
    return match if match is not None and _generic(match.group()) else None


def _generic(attribution: str) -> bool:
    """An attribution to nobody in particular (officials, the company), not a named source."""
    return re.search(_SOURCES, attribution, re.IGNORECASE) is not None and not re.search(
        r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z]+ [A-Z][a-z]+", attribution
    )
