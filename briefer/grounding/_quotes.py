"""Quotes and their speakers: is the quotation in the article, and does the article say this
person spoke it?

A quote must occur in the article after folding (or, stitched with "...", each excerpt in
order inside one paragraph). Its speaker is decided by the attribution cue next to the
quotation (:mod:`briefer.grounding._speakers`); without a cue, by a name within
``ATTRIBUTION_WINDOW`` characters, and then only when no other person is named as near.
"""

from __future__ import annotations

import re

from briefer.grounding._article import ArticleIndex, SpanIndex
from briefer.grounding._speakers import find_cue, pronoun_antecedent
from briefer.schema import Evidence
from briefer.text import find_all_normalized

__all__ = [
    "ATTRIBUTION_WINDOW",
    "QUOTE_NOT_FOUND",
    "SPEAKER_ABSENT",
    "SPEAKER_AMBIGUOUS",
    "SPEAKER_NOT_NEAR",
    "check_quote",
    "locate_quote",
]

ATTRIBUTION_WINDOW = 300
"""How far (in characters) before or after a quotation its speaker may be named."""

QUOTE_NOT_FOUND = "quote not found in the article"
SPEAKER_NOT_NEAR = "speaker not named near the quote"
SPEAKER_ABSENT = "speaker not named near the quote (name not found in the article)"
SPEAKER_AMBIGUOUS = (
    "speaker not verified: another person is named as near the quote, and no attribution "
    "cue says which of them spoke"
)

_ELLIPSIS = re.compile(r"\s*(?:\[\s*(?:\.\.\.|\u2026)\s*\]|\.\s?\.\s?\.|\u2026)\s*")


def locate_quote(quote: str, src: ArticleIndex) -> list[list[tuple[int, int]]]:
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


def _quoted_regions(spans: list[tuple[int, int]], src: ArticleIndex) -> list[tuple[int, int]]:
    """The article's quotations holding the found excerpts (the excerpts when unmarked)."""
    regions: list[tuple[int, int]] = []
    for span in spans:
        holding = src.quotation_holding(span[0], span[1])
        region = (holding.open_at, holding.end) if holding is not None else None
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


def _attribution_window(regions: list[tuple[int, int]], src: ArticleIndex) -> tuple[int, int]:
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


def _speaker(
    spans: list[tuple[int, int]], mentions: SpanIndex, src: ArticleIndex
) -> tuple[bool, str | None, str | None]:
    """(verified, why not, the name the article's cue gives instead) for one place."""
    regions = _quoted_regions(spans, src)
    # A quote stitched from several quotations: each region's cue must point at the speaker.
    decided = True
    for region in regions:
        cue = find_cue(src, region)
        if cue is None or cue.kind == "role":
            decided = False
            continue
        if cue.kind == "name":
            if not mentions.overlaps((cue.start, cue.end)):
                return False, f'the article attributes the quote to "{cue.text}"', cue.text
            continue
        antecedent = pronoun_antecedent(src, cue.start, mentions.spans)
        if antecedent < 0:
            decided = False
        elif not mentions.overlaps((antecedent, antecedent + 1)):
            name = _name_at(src, antecedent)
            reason = f'the article attributes the quote to "{cue.text}", meaning {name}'
            return False, reason, name
    if decided:
        return True, None, None
    return _by_proximity(regions, mentions, src)


def _by_proximity(
    regions: list[tuple[int, int]], mentions: SpanIndex, src: ArticleIndex
) -> tuple[bool, str | None, str | None]:
    low, high = _attribution_window(regions, src)

    def outside(span: tuple[int, int]) -> bool:
        return not any(r[0] <= span[0] and span[1] <= r[1] for r in regions)

    own = [m for m in mentions.window(low, high) if outside(m)]
    if not own:
        return False, SPEAKER_NOT_NEAR if mentions else SPEAKER_ABSENT, None
    others = [
        p for p in src.people_index.window(low, high) if outside(p) and not mentions.overlaps(p)
    ]
    if others:
        return False, SPEAKER_AMBIGUOUS, None
    return True, None, None


def _name_at(src: ArticleIndex, start: int) -> str:
    match = re.match(r"[\w'\u2019.\-]+(?:\s+[A-Z][\w'\u2019.\-]*)*", src.text[start : start + 80])
    return match.group() if match else src.text[start : start + 20]


def check_quote(quote: str, src: ArticleIndex, mentions: list[tuple[int, int]]) -> Evidence:
    """One quotation of one speaker: found in the article, and attributed to them."""
    places = locate_quote(quote, src)
    if not places:
        return Evidence(verified=False, note=QUOTE_NOT_FOUND, verdict="not_found", check="quote")
    # A quote may occur twice (a summary paragraph, then the attributed quotation): any
    # place where the article attributes it to its speaker will do.
    first_failure: tuple[list[tuple[int, int]], str | None, str | None] | None = None
    named = SpanIndex(mentions)
    for spans in places:
        verified, why, other = _speaker(spans, named, src)
        if verified:
            start, end = spans[0][0], spans[-1][1]
            note = f"joined from {len(spans)} excerpts of the article" if len(spans) > 1 else None
            return Evidence(
                verified=True,
                start=start,
                end=end,
                sentence=src.sentence_at(start),
                note=note,
                verdict="supported",
                spans=list(spans),
            )
        if first_failure is None or (other and not first_failure[2]):
            first_failure = (spans, why, other)
    assert first_failure is not None
    spans, why, other = first_failure
    start, end = spans[0][0], spans[-1][1]
    return Evidence(
        verified=False,
        start=start,
        end=end,
        sentence=src.sentence_at(start),
        note=why,
        verdict="contradicted" if other else "not_found",
        check="speaker",
        article_words=other,
        spans=list(spans),
    )
