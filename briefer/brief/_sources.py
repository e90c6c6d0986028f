"""The per-source view: for a story told by several outlets, what each one adds.

Each independent source gets a list of items (claims and quotations): the lead's are the
story's summary; every other source's come from the offline extractor run on its text, or
from a model summary of it when the brief asks for one (``per_source="model"``, one more
summary per source, priced by ``--dry-run`` and ``--max-cost``). An item is *carried* by
another source when grounding finds it there: a claim through
:func:`briefer.grounding.ground` (a sentence, or two, holding enough of its words and every
number it states), a quotation when its words occur in that article. What no other source
carries is what the source adds; each item cites the sentence of its own article. Outlets rarely put
a fact in the same sentence shape, so a claim also counts as carried when another article
holds ``SPREAD_SHARE`` of its content words and every number it states anywhere in its text:
what is left are the facts only one outlet reports, not the same fact in other words.

Copies add nothing by definition and are listed as copies of what they copy. Only the first
``MAX_SOURCES`` independent sources of a story are compared (each pair costs a grounding pass).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from briefer.brief._indexes import ref
from briefer.grounding import ground
from briefer.offline import summarize_offline
from briefer.schema import (
    Article,
    Claim,
    SourceItem,
    SourceView,
    SummaryContent,
)
from briefer.text import find_normalized, normalize
from briefer.words import CLAIM_STOPWORDS, stem_for_claims

__all__ = [
    "MAX_ADDS",
    "MAX_SOURCES",
    "SourceContent",
    "carried_claims",
    "extract_source",
    "source_views",
]

MAX_SOURCES = 12
"""Independent sources compared per story; later ones are listed without items."""
MAX_ADDS = 6
"""Items listed per source as what only it carries."""
CARRY_THRESHOLD = 0.5
"""Share of a claim's content words another source's sentence must hold to carry it."""
SPREAD_SHARE = 0.75
"""Share of a claim's content words another article must hold anywhere to carry it."""

_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[a-z]+(?:'[a-z]+)*")
_NUMBER_WORDS = {
    w: str(n)
    for n, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen twenty".split()
    )
}


def _words(text: str) -> set[str]:
    """Content words, stemmed, with numbers as digits ("six" and "6" are one word)."""
    folded = unicodedata.normalize("NFKD", text.replace("\u2019", "'")).casefold()
    out = set()
    for token in _TOKEN.findall(folded):
        if token[0].isdigit():
            out.add(token.replace(",", ""))
        elif token in _NUMBER_WORDS:
            out.add(_NUMBER_WORDS[token])
        elif token not in CLAIM_STOPWORDS and len(token) > 2:
            out.add(stem_for_claims(token.removesuffix("'s")))
    return out


@dataclass(frozen=True)
class SourceContent:
    """What one source says, grounded in its own article, and how it was found."""

    content: SummaryContent
    method: str  # "summary", "extract" or "model"


def extract_source(article: Article) -> SourceContent:
    """A source's claims and quotations from the offline extractor, grounded in its article."""
    content = summarize_offline(article.text, title=article.title)
    grounded, _ = ground(content, article.text, policy="drop")
    return SourceContent(grounded, "extract")


@dataclass(frozen=True)
class _Item:
    kind: str
    text: str
    speaker: str | None
    sentence: int | None


def _items(content: SummaryContent) -> list[_Item]:
    items = [
        _Item("claim", c.text, None, c.evidence.sentence if c.evidence else None)
        for c in content.key_claims
        if c.evidence is None or c.evidence.verified
    ]
    for expert in content.quoted_experts:
        evidence = list(expert.quote_evidence) + [None] * len(expert.quotes)
        for quote, found in zip(expert.quotes, evidence, strict=False):
            if found is None or found.verified:
                sentence = found.sentence if found else None
                items.append(_Item("quote", quote, expert.name, sentence))
    return items


def carried_claims(claims: list[str], article: Article) -> list[bool]:
    """Which of ``claims`` ``article`` carries: in a sentence or two, or spread over its text."""
    if not claims:
        return []
    probe = SummaryContent(lede="", key_claims=[Claim(text=c) for c in claims])
    checked, _ = ground(probe, article.text, policy="flag", claim_threshold=CARRY_THRESHOLD)
    vocabulary = _words(article.text)
    return [
        bool(c.evidence and c.evidence.verified) or _spread(c.text, vocabulary)
        for c in checked.key_claims
    ]


def _carried(items: list[_Item], article: Article) -> list[bool]:
    """Which of ``items`` ``article`` carries too."""
    claim_found = iter(carried_claims([i.text for i in items if i.kind == "claim"], article))
    folded = normalize(article.text)
    return [
        next(claim_found) if i.kind == "claim" else find_normalized(i.text, folded) is not None
        for i in items
    ]


def _spread(claim: str, vocabulary: set[str]) -> bool:
    wanted = _words(claim)
    if not wanted:
        return False
    numbers = {w for w in wanted if w[0].isdigit()}
    return numbers <= vocabulary and len(wanted & vocabulary) >= SPREAD_SHARE * len(wanted)


def source_views(
    articles: Sequence[Article],
    copies: Sequence[int | None],
    contents: dict[int, SourceContent],
) -> list[SourceView]:
    """Each source of a story and what only it carries.

    Args:
        articles: the story's articles, its lead first.
        copies: for each article, the index of the article it copies, or None.
        contents: the items of each independent article to compare, by index (the lead's
            from the story's summary); an independent article without an entry is listed
            with no items.
    """
    if len(articles) < 2:
        return []
    originals = [i for i, c in enumerate(copies) if c is None and i in contents][:MAX_SOURCES]
    if len(originals) < 2:
        originals = []  # one outlet and its copies: nothing to compare
    items = {i: _items(contents[i].content) for i in originals}
    carried: dict[int, list[bool]] = {i: [False] * len(items[i]) for i in originals}
    for i in originals:
        for j in originals:
            if i != j and items[i]:
                found = _carried(items[i], articles[j])
                carried[i] = [a or b for a, b in zip(carried[i], found, strict=True)]
    views = []
    for index, article in enumerate(articles):
        copied = copies[index]
        if copied is not None:
            views.append(
                SourceView(
                    source=ref(article),
                    role="copy",
                    copy_of=ref(articles[copied]),
                    method="extract",
                )
            )
            continue
        role = "lead" if index == 0 else "independent"
        if index not in carried:
            method = "summary" if index == 0 else "extract"
            views.append(SourceView(source=ref(article), role=role, method=method))
            continue
        own = [item for item, seen in zip(items[index], carried[index], strict=True) if not seen]
        views.append(
            SourceView(
                source=ref(article),
                role=role,
                method=contents[index].method,
                shared=sum(carried[index]),
                adds=[
                    SourceItem(
                        kind=item.kind,
                        text=item.text,
                        speaker=item.speaker,
                        sentence=item.sentence,
                    )
                    for item in own[:MAX_ADDS]
                ],
            )
        )
    return views
