"""Grounding: check a summary's quotes, names, claims, lede and questions against its article.

A model, small or large, invents people and quotes, swaps names, flips a "not", changes a
number and turns "may" into "will". Grounding finds every checked item in the article text,
records where (character spans and sentence number) and a verdict with its reason, and
under the default policy drops what it cannot verify. Pure Python: the article is indexed
once per call (:class:`~briefer.grounding._article.ArticleIndex`).

What is checked:

- a quote must occur in the article (after folding typography, white space and case; a
  quote stitched with "..." passes when each excerpt occurs, in order, in one paragraph),
  and the article's attribution cue must name its speaker (:mod:`._quotes`);
- an actor's name, surname (people), common short form or initials must occur;
- a claim, and each sentence of the lede, must align with a sentence (or two adjacent ones)
  that agrees with it on names, numbers, dates, polarity, certainty and roles
  (:mod:`._claims`, :mod:`._consistency`);
- an open question must be about something the article names, and quote it exactly.
"""

from __future__ import annotations

import re
from typing import Literal

from briefer.errors import UsageError
from briefer.grounding._article import ArticleIndex, content_keys
from briefer.grounding._claims import check_statement
from briefer.grounding._features import analyse
from briefer.grounding._quotes import check_quote, locate_quote
from briefer.lexicon import ALIAS_GROUPS, DEMONYMS
from briefer.names import name_key
from briefer.schema import (
    Actor,
    Claim,
    DroppedItem,
    Evidence,
    GroundingReport,
    QuotedExpert,
    SummaryContent,
)
from briefer.text import find_normalized, normalize, split_sentences

__all__ = ["GroundingPolicy", "failed_items", "ground", "lede_sentences"]

GroundingPolicy = Literal["drop", "flag", "off"]
ItemKind = Literal["claim", "actor", "expert", "quote", "lede", "question"]

NAME_NOT_FOUND = "name not found in the article"


def _dropped(kind: ItemKind, text: str, evidence: Evidence) -> DroppedItem:
    return DroppedItem(
        kind=kind,
        text=text,
        reason=evidence.note or "",
        verdict="contradicted" if evidence.verdict == "contradicted" else "not_found",
        evidence=evidence,
    )


# ---- quotes and speakers -----------------------------------------------------------------


def _check_expert(
    expert: QuotedExpert, src: ArticleIndex
) -> list[tuple[str, Evidence, DroppedItem | None]]:
    """Each of an expert's quotations with its evidence and, when it fails, why."""
    mentions = src.names.mentions(expert.name, person=True)
    out: list[tuple[str, Evidence, DroppedItem | None]] = []
    for quote in expert.quotes or [expert.quote]:
        evidence = check_quote(quote, src, mentions)
        dropped = None
        if not evidence.verified:
            kind: ItemKind = "quote" if evidence.check == "quote" else "expert"
            dropped = _dropped(kind, f'{expert.name}: "{quote}"', evidence)
        out.append((quote, evidence, dropped))
    return out


def _check_actor(actor: Actor, src: ArticleIndex) -> tuple[Evidence, DroppedItem | None]:
    mentions = src.names.mentions(actor.name, person=actor.kind == "person")
    if not mentions:
        evidence = Evidence(
            verified=False, note=NAME_NOT_FOUND, verdict="not_found", check="entity"
        )
        return evidence, _dropped("actor", actor.name, evidence)
    start, end = mentions[0]
    evidence = Evidence(
        verified=True,
        start=start,
        end=end,
        sentence=src.sentence_at(start),
        verdict="supported",
        spans=mentions[:8],
    )
    return evidence, None


# ---- claims, lede and questions -----------------------------------------------------------


def _check_claim(
    claim: Claim, src: ArticleIndex, threshold: float
) -> tuple[Evidence, DroppedItem | None]:
    evidence = check_statement(claim.text, src, threshold)
    if evidence.verified:
        return evidence, None
    return evidence, _dropped("claim", claim.text, evidence)


def lede_sentences(lede: str) -> list[str]:
    """The sentences of a lede, as grounding checks them one by one."""
    return [s.text for s in split_sentences(lede) if s.text.strip()]


def _known_forms(canon: str) -> list[str]:
    """Every name the word lists give for a known actor, nationality words included."""
    forms = [n for names, _ in ALIAS_GROUPS if name_key(names[0]) == canon for n in names]
    forms += [d for d, country in DEMONYMS.items() if country and name_key(country) == canon]
    return forms


def _check_question(
    question: str, src: ArticleIndex, threshold: float
) -> tuple[Evidence, DroppedItem | None]:
    """A question must quote the article exactly and be about something it names."""
    for quoted in re.findall(r"[\"\u201c\u00ab]([^\"\u201d\u00bb]+)[\"\u201d\u00bb]", question):
        if not locate_quote(quoted, src):
            evidence = Evidence(
                verified=False,
                note=f'not found: the quoted words "{quoted}" are not the article\'s',
                verdict="not_found",
                check="quote",
            )
            return evidence, _dropped("question", question, evidence)
    features = analyse(question, src.lowercase)
    named: list[tuple[int, int]] = []
    for entity in features.entities:
        spans = src.names.mentions(entity.text, person=entity.kind == "person")
        if not spans and entity.canon:
            for form in _known_forms(entity.canon):
                spans = src.names.mentions(form, person=False)
                if spans:
                    break
        if not spans:
            evidence = Evidence(
                verified=False,
                note=f'not found: the article does not name "{entity.text}"',
                verdict="not_found",
                check="entity",
                claim_words=entity.text,
            )
            return evidence, _dropped("question", question, evidence)
        named.append(spans[0])
    keys = content_keys(question)
    best = src.candidates(keys, limit=1) if keys else []
    overlap = len(keys & src.sentence_keys[best[0]]) / len(keys) if best else 0.0
    if named or (best and overlap >= threshold):
        start, end = (
            named[0] if named else (src.sentences[best[0]].start, src.sentences[best[0]].end)
        )
        evidence = Evidence(
            verified=True,
            start=start,
            end=end,
            sentence=src.sentence_at(start),
            score=round(overlap, 2),
            verdict="supported",
            spans=named or [(start, end)],
        )
        return evidence, None
    evidence = Evidence(
        verified=False,
        score=round(overlap, 2),
        note="not found: the question names nothing the article names "
        f"(best overlap {overlap:.2f})",
        verdict="not_found",
        check="alignment",
    )
    return evidence, _dropped("question", question, evidence)


# ---- the stage ------------------------------------------------------------------------------


def ground(
    content: SummaryContent,
    text: str,
    *,
    policy: GroundingPolicy = "drop",
    claim_threshold: float = 0.5,
) -> tuple[SummaryContent, GroundingReport]:
    """Check quotes, speakers, actors, claims, the lede and questions against ``text``.

    Args:
        content: what the model (or the offline engine) wrote; it is not modified.
        text: the article the content claims to summarize.
        policy: ``"drop"`` removes what is contradicted or not found (a lede sentence, from
            the lede); ``"flag"`` keeps it with ``evidence.verified=False`` and its verdict;
            ``"off"`` checks nothing.
        claim_threshold: the share of a claim's content words (0 to 1) that one sentence,
            or two adjacent ones, must hold before the consistency checks are made.

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

    src = ArticleIndex.build(text)
    report = GroundingReport(policy=policy)
    keep_unverified = policy == "flag"

    def keep(dropped: DroppedItem | None) -> bool:
        report.checked += 1
        if dropped is None:
            report.verified += 1
            return True
        report.dropped.append(dropped)
        if dropped.verdict == "contradicted":
            report.contradicted += 1
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
    lede = []
    for sentence in lede_sentences(content.lede):
        evidence = check_statement(sentence, src, claim_threshold)
        report.lede.append(evidence)
        if keep(None if evidence.verified else _dropped("lede", sentence, evidence)):
            lede.append(sentence)
    questions = []
    for question in content.open_questions:
        evidence, dropped = _check_question(question, src, claim_threshold)
        if keep(dropped):
            questions.append(question)
    update = {
        "key_claims": claims,
        "actors": actors,
        "quoted_experts": experts,
        "lede": " ".join(lede),
        "open_questions": questions,
    }
    return content.model_copy(update=update, deep=True), report


def _article_spelling(name: str, src: ArticleIndex, person: bool, verified: bool) -> str:
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
