"""Claims (and lede sentences): alignment to the article, then consistency with it.

1. **Quotations** in the claim must be the article's words, spoken by the person the claim
   names (the article's attribution cue decides).
2. **Alignment.** Each claim and each article sentence is reduced to content words
   (case-folded, stopwords out, lightly stemmed, numbers whole); the candidates are the
   sentences, or pairs of adjacent sentences, holding the largest share of the claim's words.
   Below ``threshold`` the claim is *not found*.
3. **Consistency** (:mod:`briefer.grounding._consistency`) with the best candidates, in turn:
   names, numbers, dates, polarity, certainty, roles. The first candidate that agrees
   supports the claim; otherwise the best one's conflict is the verdict.

A statement of several clauses that no sentence holds whole ("X happened, while Y said Z")
is checked clause by clause: it is supported when every part is.
"""

from __future__ import annotations

import re

from briefer.grounding._article import ArticleIndex, content_keys
from briefer.grounding._consistency import Conflict, compare
from briefer.grounding._features import Entity, Features, analyse
from briefer.grounding._quotes import check_quote
from briefer.schema import Evidence

__all__ = ["check_statement"]

_CLAIM_QUOTE = re.compile(
    r"\u201c(?P<a>[^\u201d]+)\u201d|\"(?P<b>[^\"]+)\"|\u00ab(?P<c>[^\u00bb]+)\u00bb"
    r"|\u201e(?P<d>[^\u201c\u201d]+)[\u201c\u201d]"
)
# Where a statement of several facts may be cut into parts checked on their own.
_PARTS = re.compile(
    r"\s*(?:;|,?\s+while\s+|,?\s+whereas\s+|,\s+and\s+|,\s+but\s+|\s+and\s+(?=[A-Z])"
    r"|,\s+as\s+|\s+after\s+|\s+as\s+well\s+as\s+)\s*"
)
_ALTERNATIVES = 3
_CLOSE = 0.1
_MIN_PART_WORDS = 3
_MIN_EXTRA_WORDS = 2  # a clause added to a supported statement: "and Lopez resigned"
_EXTRA_THRESHOLD = 0.6


def _candidates(keys: frozenset[str], src: ArticleIndex) -> list[tuple[float, int, int]]:
    """(overlap, first, last) for the best sentences and adjacent pairs, best first."""
    singles = src.candidates(keys)
    spans: set[tuple[int, int]] = set()
    last_index = len(src.sentences) - 1
    for i in singles:
        spans.add((i, i))
        if i > 0:
            spans.add((i - 1, i))
        if i < last_index:
            spans.add((i, i + 1))
    scored = []
    for first, last in spans:
        words = src.sentence_keys[first]
        if last != first:
            words = words | src.sentence_keys[last]
        scored.append((len(keys & words) / len(keys), first, last))
    # Higher overlap first; at equal overlap one sentence beats a pair (it adds nothing).
    scored.sort(key=lambda c: (-c[0], c[2] - c[1], c[1]))
    return scored


def _context(src: ArticleIndex, first: int, last: int) -> list[Features]:
    """The sentences a pronoun or a bare date in the support may point to."""
    around = {*range(max(0, first - 2), first), last + 1, 0, 1}
    around -= set(range(first, last + 1))
    return [src.features(i) for i in sorted(around) if 0 <= i < len(src.sentences)]


def _evidence(
    src: ArticleIndex,
    first: int,
    last: int,
    score: float,
    conflict: Conflict | None,
) -> Evidence:
    start, end = src.sentences[first].start, src.sentences[last].end
    spans = [(s.start, s.end) for s in src.sentences[first : last + 1]]
    if conflict is None:
        return Evidence(
            verified=True,
            start=start,
            end=end,
            sentence=src.sentences[first].number,
            score=round(score, 2),
            verdict="supported",
            spans=spans,
        )
    return Evidence(
        verified=False,
        start=start,
        end=end,
        sentence=src.sentences[first].number,
        score=round(score, 2),
        note=f"{conflict.verdict.replace('_', ' ')}: {conflict.reason}",
        verdict=conflict.verdict,
        check=conflict.check,
        claim_words=conflict.claim_words,
        article_words=conflict.article_words,
        spans=spans,
    )


def _quotes(text: str, claim: Features, src: ArticleIndex) -> Evidence | None:
    """A failed check of the quotations in ``text``, or None when they hold."""
    speaker = _speaker(claim)
    for match in _CLAIM_QUOTE.finditer(text):
        inner = next(g for g in match.groups() if g is not None).strip()
        if not re.search(r"\w", inner):
            continue
        mentions = src.names.mentions(speaker, person=True) if speaker else []
        evidence = check_quote(inner, src, mentions)
        if evidence.check == "quote":
            return evidence.model_copy(
                update={"note": "not found: the quoted words are not in the article"}
            )
        if speaker and not evidence.verified:
            verdict = (evidence.verdict or "not_found").replace("_", " ")
            note = f"{verdict}: {evidence.note}"
            return evidence.model_copy(update={"note": note, "claim_words": speaker})
    return None


def _speaker(claim: Features) -> str | None:
    """The name the claim gives as the speaker of its quotation ("X said", "said X")."""
    verbs = [i for i in claim.attributions if not claim.tokens[i].quoted]
    tokens = claim.tokens

    def before(e: Entity, v: int) -> bool:
        # "X said", "X told", or "X, <appositive>, said"
        if 0 < v - e.last <= 4:
            return True
        return 0 < v - e.last <= 30 and tokens[e.last + 1].text == "," and tokens[v - 1].text == ","

    near = [
        e
        for e in claim.entities
        if not tokens[e.first].quoted
        and e.kind != "place"
        and any(before(e, v) or 0 < e.first - v <= 4 for v in verbs)
    ]
    # A person before an organization: "Lena Hartmann, chief economist at Rhein Capital, said".
    rank = {"person": 0, "unknown": 1, "org": 2}
    near.sort(key=lambda e: (rank.get(e.kind, 3), min(abs(v - e.last) for v in verbs)))
    return near[0].text if near else None


def check_statement(text: str, src: ArticleIndex, threshold: float) -> Evidence:
    """Evidence for one claim or lede sentence: its verdict, support spans and reasons."""
    keys = content_keys(text)
    if not keys:
        return Evidence(
            verified=False,
            score=0.0,
            note="not found: the statement has no content words to check",
            verdict="not_found",
            check="alignment",
        )
    if not src.sentences:
        return Evidence(
            verified=False,
            score=0.0,
            note="not found: the article is empty",
            verdict="not_found",
            check="alignment",
        )
    claim = analyse(text, src.lowercase)
    failed_quote = _quotes(text, claim, src)
    if failed_quote is not None:
        return failed_quote
    evidence = _check_whole(claim, keys, src, threshold)
    if evidence.check == "alignment":
        parts = _check_parts(text, src, threshold)
        if parts is not None:
            return parts
    elif evidence.verified:
        # Most of the statement matching one sentence must not carry a clause the article
        # never says: "The strike began at 6 a.m., and prices doubled."
        extra = _unsaid_part(text, src, threshold)
        if extra is not None:
            return extra
    return evidence


def _check_whole(
    claim: Features, keys: frozenset[str], src: ArticleIndex, threshold: float
) -> Evidence:
    candidates = _candidates(keys, src)
    if not candidates or candidates[0][0] < threshold:
        score, first, last = candidates[0] if candidates else (0.0, 0, 0)
        return _evidence(
            src,
            first,
            last,
            score,
            Conflict(
                "alignment",
                "not_found",
                f"no sentence says this (best overlap {score:.2f})",
            ),
        )
    first_conflict: tuple[float, int, int, Conflict] | None = None
    best = candidates[0][0]
    for score, first, last in candidates[:_ALTERNATIVES]:
        # Another sentence may say it too, but only one about as close as the best: a
        # loosely related sentence must not rescue a claim its best support contradicts.
        if score < threshold or score < best - _CLOSE:
            break
        support = [src.features(i) for i in range(first, last + 1)]
        conflict = compare(claim, support, _context(src, first, last))
        if conflict is None:
            return _evidence(src, first, last, score, None)
        if first_conflict is None:
            first_conflict = (score, first, last, conflict)
    assert first_conflict is not None
    score, first, last, conflict = first_conflict
    return _evidence(src, first, last, score, conflict)


def _unsaid_part(text: str, src: ArticleIndex, threshold: float) -> Evidence | None:
    """Not found, when a part of a supported statement is said nowhere in the article.

    A short part ("and Lopez resigned") must match more of its words in one sentence than a
    long one: with two content words, both.
    """
    parts = [p for p in _PARTS.split(text) if len(content_keys(p)) >= _MIN_EXTRA_WORDS]
    if len(parts) < 2:
        return None
    for part in parts:
        keys = content_keys(part)
        # One shared word is half of a two-word part: a short part needs more than that.
        strict = threshold if len(keys) > 3 else max(threshold, _EXTRA_THRESHOLD)
        found = _check_whole(analyse(part, src.lowercase), keys, src, strict)
        if found.check == "alignment" and not found.verified:
            return found.model_copy(
                update={"note": f"not found: no sentence says {part.strip(' ,.')!r}"}
            )
    return None


def _check_parts(text: str, src: ArticleIndex, threshold: float) -> Evidence | None:
    """The statement checked part by part, when it splits into parts worth checking."""
    parts = [p for p in _PARTS.split(text) if len(content_keys(p)) >= _MIN_PART_WORDS]
    if len(parts) < 2:
        return None
    results = [
        _check_whole(analyse(p, src.lowercase), content_keys(p), src, threshold) for p in parts
    ]
    failed = next((e for e in results if e.verdict == "contradicted"), None)
    failed = failed or next((e for e in results if not e.verified), None)
    if failed is not None:
        return None if failed.check == "alignment" else failed
    spans = [span for e in results for span in e.spans]
    first = min(results, key=lambda e: e.start or 0)
    last = max(results, key=lambda e: e.end or 0)
    return Evidence(
        verified=True,
        start=first.start,
        end=last.end,
        sentence=first.sentence,
        score=round(min(e.score or 0.0 for e in results), 2),
        note=f"supported part by part ({len(parts)} parts)",
        verdict="supported",
        spans=sorted(set(spans)),
    )
