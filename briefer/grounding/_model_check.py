"""The optional model check (``verify="model"``): what to ask, and what to do with the answer.

After the lexical checks, every claim and lede sentence they passed is shown to the model
with its evidence sentences (the support, and the sentence before it for pronouns), in one
structured call. A statement stays verified only if the model also says ``supported``;
``contradicted`` and ``not_in_text`` are applied like a lexical failure (dropped or flagged).
If the call fails, nothing it was to check counts as verified.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from briefer.grounding._ground import GroundingPolicy, lede_sentences
from briefer.schema import (
    MAX_VERIFY_ITEMS,
    DroppedItem,
    Evidence,
    GroundingReport,
    SummaryContent,
    VerifyReply,
)
from briefer.text import split_sentences

__all__ = ["EVIDENCE_CHARS", "Statement", "apply_model_check", "statements_to_verify"]

EVIDENCE_CHARS = 1200
"""At most this many characters of evidence are shown for one statement."""

MODEL_FAILED = "the model check could not be made"


@dataclass(frozen=True)
class Statement:
    """One claim or lede sentence to show the model, with its evidence sentences."""

    kind: Literal["claim", "lede"]
    index: int
    """Its place among the key claims, or among the lede's sentences."""
    text: str
    evidence: list[str]


def _evidence_text(evidence: Evidence, text: str, starts: list[tuple[int, int]]) -> list[str]:
    spans = list(evidence.spans)
    if not spans and evidence.start is not None and evidence.end is not None:
        spans = [(evidence.start, evidence.end)]
    if not spans:
        return []
    # The sentence before the support, where a "he" or "the company" is named.
    before = [s for s in starts if s[1] <= spans[0][0]][-1:]
    out: list[str] = []
    room = EVIDENCE_CHARS
    for start, end in [*spans, *before]:
        sentence = " ".join(text[start:end].split())
        if room <= 0:
            break
        if len(sentence) > room:
            sentence = sentence[: max(room - 1, 0)].rstrip() + "\u2026"
        out.append(sentence)
        room -= len(sentence)
    # The support first; the sentence before it last, marked as context.
    if before and len(out) > len(spans):
        out[-1] = f"(sentence before) {out[-1]}"
    return out


def _lede_slots(report: GroundingReport) -> list[int]:
    """Where in ``report.lede`` the evidence of each sentence still in the lede is."""
    return [i for i, e in enumerate(report.lede) if e.verified or report.policy == "flag"]


def statements_to_verify(
    grounded: SummaryContent, report: GroundingReport, text: str
) -> list[Statement]:
    """The claims and lede sentences the lexical checks verified, with their evidence."""
    sentences = [(s.start, s.end) for s in split_sentences(text)]
    out: list[Statement] = []
    for i, claim in enumerate(grounded.key_claims):
        if claim.evidence is not None and claim.evidence.verified:
            out.append(
                Statement("claim", i, claim.text, _evidence_text(claim.evidence, text, sentences))
            )
    lede = lede_sentences(grounded.lede)
    slots = _lede_slots(report)
    for i, (sentence, slot) in enumerate(zip(lede, slots, strict=False)):
        evidence = report.lede[slot]
        if evidence.verified:
            out.append(Statement("lede", i, sentence, _evidence_text(evidence, text, sentences)))
    return out[:MAX_VERIFY_ITEMS]


def _judged(evidence: Evidence, verdict: str | None, reason: str) -> Evidence:
    if verdict == "supported":
        return evidence.model_copy(update={"model_verdict": "supported", "model_reason": reason})
    mapped: Literal["contradicted", "not_found"] = (
        "contradicted" if verdict == "contradicted" else "not_found"
    )
    if verdict is None:
        note = f"not found: {reason}"
    else:
        note = f"{mapped.replace('_', ' ')}: the model check says {reason or 'so'}"
    return evidence.model_copy(
        update={
            "verified": False,
            "verdict": mapped,
            "check": "model",
            "note": note,
            "model_verdict": mapped if verdict is not None else None,
            "model_reason": reason or None,
        }
    )


def apply_model_check(
    grounded: SummaryContent,
    report: GroundingReport,
    statements: list[Statement],
    reply: VerifyReply | None,
    policy: GroundingPolicy,
) -> tuple[SummaryContent, GroundingReport]:
    """The summary after the model's verdicts: a statement it does not support fails.

    ``reply`` None means the call failed: every statement it was to check fails too.
    """
    report = report.model_copy(deep=True)
    report.verify = "model"
    report.model_checked = len(statements)
    if reply is None:
        report.model_failed = MODEL_FAILED
    verdicts = {c.id: c for c in reply.checks} if reply is not None else {}
    claims = list(grounded.key_claims)
    lede = lede_sentences(grounded.lede)
    slots = _lede_slots(report)
    removed: dict[str, set[int]] = {"claim": set(), "lede": set()}
    for number, statement in enumerate(statements, 1):
        check = verdicts.get(number)
        if reply is None:
            verdict, reason = None, MODEL_FAILED
        elif check is None:
            verdict, reason = None, "the model check gave no verdict"
        else:
            verdict, reason = check.verdict, check.reason
        if statement.kind == "claim":
            before = claims[statement.index].evidence
            assert before is not None
            after = _judged(before, verdict, reason)
            claims[statement.index] = claims[statement.index].model_copy(update={"evidence": after})
        else:
            slot = slots[statement.index]
            after = _judged(report.lede[slot], verdict, reason)
            report.lede[slot] = after
        if after.verified:
            continue
        report.verified -= 1
        if after.verdict == "contradicted":
            report.contradicted += 1
        report.dropped.append(
            DroppedItem(
                kind=statement.kind,
                text=statement.text,
                reason=after.note or "",
                verdict=after.verdict if after.verdict == "contradicted" else "not_found",
                evidence=after,
            )
        )
        if policy == "drop":
            removed[statement.kind].add(statement.index)
    update = {
        "key_claims": [c for i, c in enumerate(claims) if i not in removed["claim"]],
        "lede": " ".join(s for i, s in enumerate(lede) if i not in removed["lede"]),
    }
    return grounded.model_copy(update=update), report
