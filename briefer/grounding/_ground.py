"""Grounding: check a summary's quotes, names and claims against the article it came from.

A model, small or large, invents people and quotes. Grounding finds every quote, speaker,
actor and claim in the article text, records where (character span and sentence number),
and under the default policy drops what it cannot find. Pure Python and fast: the article
is folded and split once per call.

What is checked:

- a quote must occur in the article after folding typography, white space and case; a
  quote stitched from excerpts with "..." passes when each excerpt occurs, in order, in
  one paragraph;
- its speaker must be named near it: in the same paragraph (or the paragraph before, when
  the quotation opens its own paragraph), within ``ATTRIBUTION_WINDOW`` characters of the
  quotation, and not inside the quoted words themselves;
- an actor's name, surname (people), common short form or initials must occur;
- a claim needs a sentence, or two adjacent ones, holding at least ``claim_threshold`` of
  its content words, every number it states, and no negation it lacks
  (see :mod:`briefer.grounding._claims`).

The lede and the open questions are not checked.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Literal

from briefer.errors import UsageError
from briefer.grounding._claims import SentenceIndex, support_claim
from briefer.names import MentionIndex
from briefer.quotes import scan_quotations
from briefer.schema import (
    Actor,
    Claim,
    DroppedItem,
    Evidence,
    GroundingReport,
    QuotedExpert,
    SummaryContent,
)
from briefer.text import (
    Normalized,
    Sentence,
    find_all_normalized,
    find_normalized,
    normalize,
    split_sentences,
)

__all__ = ["ATTRIBUTION_WINDOW", "GroundingPolicy", "failed_items", "ground"]

GroundingPolicy = Literal["drop", "flag", "off"]

ATTRIBUTION_WINDOW = 300
"""How far (in characters) before or after a quotation its speaker may be named."""

QUOTE_NOT_FOUND = "quote not found in the article"
SPEAKER_NOT_NEAR = "speaker not named near the quote"
SPEAKER_ABSENT = "speaker not named near the quote (name not found in the article)"
NAME_NOT_FOUND = "name not found in the article"

_ELLIPSIS = re.compile(r"\s*(?:\[\s*(?:\.\.\.|\u2026)\s*\]|\.\s?\.\s?\.|\u2026)\s*")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_LINE = re.compile(r"[^\n]+")
_PARAGRAPH = re.compile(r"(?:[^\n]|\n(?![ \t]*\n))+")


# ---- the article, prepared once ---------------------------------------------------------


@dataclass(frozen=True)
class _Source:
    text: str
    folded: Normalized
    sentences: list[Sentence]
    sentence_starts: list[int]
    claims: SentenceIndex
    paragraphs: list[tuple[int, int]]
    paragraph_starts: list[int]
    quotations: list[tuple[int, int]]
    names: MentionIndex

    @classmethod
    def build(cls, text: str) -> _Source:
        folded = normalize(text)
        sentences = split_sentences(text)
        # Articles with blank lines between paragraphs may also wrap lines inside them;
        # articles without any use one line per paragraph.
        pattern = _PARAGRAPH if _BLANK_LINE.search(text) else _LINE
        paragraphs = [_trim(text, m.start(), m.end()) for m in pattern.finditer(text)]
        paragraphs = [(s, e) for s, e in paragraphs if e > s]
        return cls(
            text=text,
            folded=folded,
            sentences=sentences,
            sentence_starts=[s.start for s in sentences],
            claims=SentenceIndex.build(sentences),
            paragraphs=paragraphs,
            paragraph_starts=[s for s, _ in paragraphs],
            quotations=[(q.open_at, q.end) for q in scan_quotations(text, paragraphs)],
            names=MentionIndex(text, folded),
        )

    def sentence_at(self, offset: int) -> int:
        """1-based number of the sentence holding ``offset``."""
        index = bisect.bisect_right(self.sentence_starts, offset) - 1
        return self.sentences[max(index, 0)].number if self.sentences else 1

    def paragraph_at(self, offset: int) -> int:
        return max(bisect.bisect_right(self.paragraph_starts, offset) - 1, 0)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


# ---- quotes and speakers -----------------------------------------------------------------


def _locate_quote(quote: str, src: _Source) -> list[list[tuple[int, int]]]:
    """Where ``quote`` occurs: each place as one span, or one span per excerpt joined by "..."."""
    whole = find_all_normalized(quote, src.folded)
    if whole:
        return [[span] for span in whole]
    pieces = [p for p in _ELLIPSIS.split(quote) if p.strip(" \"'\u201c\u201d.,;:")]
    if len(pieces) == 1:  # only a leading or trailing "..."
        return [[span] for span in find_all_normalized(pieces[0], src.folded)]
    # A one-word excerpt would match almost anywhere: it proves nothing.
    if len(pieces) < 2 or any(len(p.split()) < 2 for p in pieces):
        return []
    places = [find_all_normalized(p, src.folded) for p in pieces]
    for first in places[0]:
        paragraph_end = src.paragraphs[src.paragraph_at(first[0])][1]
        chain = [first]
        for spans in places[1:]:
            # The earliest fit leaves the most room for the excerpts after it.
            following = next((s for s in spans if s[0] >= chain[-1][1]), None)
            if following is None or following[1] > paragraph_end:
                break
            chain.append(following)
        else:
            return [chain]
    return []


def _quoted_regions(spans: list[tuple[int, int]], src: _Source) -> list[tuple[int, int]]:
    """The article's quotations holding the found excerpts (the excerpts when unmarked)."""
    regions: list[tuple[int, int]] = []
    for span in spans:
        region = next((q for q in src.quotations if q[0] <= span[0] and span[1] <= q[1]), None)
        if region is None:
            index = src.paragraph_at(span[0])
            colon = src.paragraphs[index - 1][1] - 1 if index > 0 else -1
            if colon >= 0 and src.text[colon] == ":":
                # A paragraph after "X wrote:" is a block quotation even without marks.
                region = src.paragraphs[index]
            else:
                region = span
        if region not in regions:
            regions.append(region)
    return regions


def _attribution_window(regions: list[tuple[int, int]], src: _Source) -> tuple[int, int]:
    """The stretch of text in which the speaker of the quoted ``regions`` must be named."""
    first, last = regions[0][0], regions[-1][1]
    index = src.paragraph_at(first)
    low, high = src.paragraphs[index]
    opens_paragraph = not src.text[low:first].strip()
    closes_paragraph = not src.text[last:high].strip(' "\u201d.,')
    if opens_paragraph and closes_paragraph:
        # A paragraph that is wholly a quotation: the speaker is named in the line before
        # ("X wrote:") or the line after ("- X, analyst").
        if index > 0:
            low = src.paragraphs[index - 1][0]
        if index + 1 < len(src.paragraphs):
            high = src.paragraphs[index + 1][1]
    elif opens_paragraph and index > 0:
        low = src.paragraphs[index - 1][0]  # "X said:" then the quotation on a new line
    return max(low, first - ATTRIBUTION_WINDOW), min(high, last + ATTRIBUTION_WINDOW)


def _check_quote(
    name: str, quote: str, src: _Source, mentions: list[tuple[int, int]]
) -> tuple[Evidence, DroppedItem | None]:
    """One quotation of one speaker: found in the article, with the speaker named near it."""
    label = f'{name}: "{quote}"'
    places = _locate_quote(quote, src)
    if not places:
        evidence = Evidence(verified=False, note=QUOTE_NOT_FOUND)
        return evidence, DroppedItem(kind="quote", text=label, reason=QUOTE_NOT_FOUND)
    # A quote may occur twice (a summary paragraph, then the attributed quotation): any
    # place where its speaker is named near it will do.
    spans = next((p for p in places if _named_near(p, mentions, src)), None)
    near = spans is not None
    spans = spans or places[0]
    start, end = spans[0][0], spans[-1][1]
    note = f"joined from {len(spans)} excerpts of the article" if len(spans) > 1 else None
    if not near:
        note = SPEAKER_NOT_NEAR if mentions else SPEAKER_ABSENT
    evidence = Evidence(
        verified=near, start=start, end=end, sentence=src.sentence_at(start), note=note
    )
    dropped = None if near else DroppedItem(kind="expert", text=label, reason=note or "")
    return evidence, dropped


def _check_expert(
    expert: QuotedExpert, src: _Source
) -> list[tuple[str, Evidence, DroppedItem | None]]:
    """Each of an expert's quotations with its evidence and, when it fails, why."""
    mentions = src.names.mentions(expert.name, person=True)
    quotes = expert.quotes or [expert.quote]
    return [(q, *_check_quote(expert.name, q, src, mentions)) for q in quotes]


def _named_near(
    spans: list[tuple[int, int]], mentions: list[tuple[int, int]], src: _Source
) -> bool:
    regions = _quoted_regions(spans, src)
    low, high = _attribution_window(regions, src)
    return any(
        m_start < high
        and m_end > low
        and not any(r[0] <= m_start and m_end <= r[1] for r in regions)  # not in the quote
        for m_start, m_end in mentions
    )


def _check_actor(actor: Actor, src: _Source) -> tuple[Evidence, DroppedItem | None]:
    mentions = src.names.mentions(actor.name, person=actor.kind == "person")
    if not mentions:
        evidence = Evidence(verified=False, note=NAME_NOT_FOUND)
        return evidence, DroppedItem(kind="actor", text=actor.name, reason=NAME_NOT_FOUND)
    start, end = mentions[0]
    return Evidence(verified=True, start=start, end=end, sentence=src.sentence_at(start)), None


# ---- claims -------------------------------------------------------------------------------


def _check_claim(
    claim: Claim, src: _Source, threshold: float
) -> tuple[Evidence, DroppedItem | None]:
    evidence = support_claim(claim.text, src.claims, threshold)
    if evidence.verified:
        return evidence, None
    return evidence, DroppedItem(kind="claim", text=claim.text, reason=evidence.note or "")


# ---- the stage ------------------------------------------------------------------------------


def ground(
    content: SummaryContent,
    text: str,
    *,
    policy: GroundingPolicy = "drop",
    claim_threshold: float = 0.5,
) -> tuple[SummaryContent, GroundingReport]:
    """Check quotes, speakers, actors and claims against the article ``text``.

    Args:
        content: what the model (or the offline engine) wrote; it is not modified.
        text: the article the content claims to summarize.
        policy: ``"drop"`` removes what is not found; ``"flag"`` keeps it with
            ``evidence.verified=False``; ``"off"`` checks nothing.
        claim_threshold: the share of a claim's content words (0 to 1) that one sentence,
            or two adjacent ones, must hold for the claim to count as supported.

    Returns:
        A new SummaryContent whose checked items carry ``evidence``, and a report of what
        was checked, verified, and dropped or flagged (with a reason a person understands).

    Raises:
        UsageError: for an unknown policy or a threshold outside 0 to 1.
    """
    if policy not in ("drop", "flag", "off"):
        raise UsageError(f"unknown grounding policy {policy!r}: use 'drop', 'flag' or 'off'")
    if not 0.0 <= claim_threshold <= 1.0:
        raise UsageError(f"claim_threshold must be between 0 and 1, not {claim_threshold}")
    if policy == "off":
        return content.model_copy(deep=True), GroundingReport(policy="off")

    src = _Source.build(text)
    report = GroundingReport(policy=policy)
    keep_unverified = policy == "flag"

    def keep(dropped: DroppedItem | None) -> bool:
        report.checked += 1
        if dropped is None:
            report.verified += 1
            return True
        report.dropped.append(dropped)
        return keep_unverified

    claims = []
    for claim in content.key_claims:
        evidence, dropped = _check_claim(claim, src, claim_threshold)
        if keep(dropped):
            claims.append(claim.model_copy(update={"evidence": evidence}, deep=True))
    actors = []
    for actor in content.actors:
        evidence, dropped = _check_actor(actor, src)
        if keep(dropped):
            name = _article_spelling(actor.name, src, actor.kind == "person", dropped is None)
            update = {"evidence": evidence, "name": name}
            actors.append(actor.model_copy(update=update, deep=True))
    experts = []
    for expert in content.quoted_experts:
        # Each quotation is checked on its own; an expert stays while one of theirs does.
        kept = [(q, ev) for q, ev, dropped in _check_expert(expert, src) if keep(dropped)]
        if kept:
            verified = all(ev.verified for _, ev in kept)
            name = _article_spelling(expert.name, src, True, verified)
            update = {
                "quotes": [q for q, _ in kept],
                "quote": kept[0][0],
                "evidence": kept[0][1],
                "quote_evidence": [ev for _, ev in kept],
                "name": name,
            }
            experts.append(expert.model_copy(update=update, deep=True))
    grounded = content.model_copy(
        update={"key_claims": claims, "actors": actors, "quoted_experts": experts}, deep=True
    )
    return grounded, report


def _article_spelling(name: str, src: _Source, person: bool, verified: bool) -> str:
    """The name as the article writes it, when the model's version adds to it.

    A name verified through part of it ("U.S. Secretary-General Jens Stoltenberg" found as
    "Jens Stoltenberg") is printed as the article's longest mention, so no word the article
    does not say reaches the reader. Names found whole, or by a usual short form
    (U.S. for United States), stay as the model wrote them.
    """
    if not verified or find_normalized(name, src.folded) is not None:
        return name
    mentions = src.names.mentions(name, person=person)
    if not mentions:
        return name
    start, end = max(mentions, key=lambda span: span[1] - span[0])
    mention = src.text[start:end]
    # Only when the mention is part of the model's name: a short form (UN for United
    # Nations) is a different spelling, not an addition.
    return mention if normalize(mention).text in normalize(name).text else name


def failed_items(report: GroundingReport) -> list[DroppedItem]:
    """The items grounding could not verify, for a targeted re-ask of the model.

    Under ``drop`` these are the removed items, under ``flag`` the kept-but-unverified ones;
    each has its kind, its text and the reason in words a model (or a person) can act on.
    """
    return [item.model_copy() for item in report.dropped]
