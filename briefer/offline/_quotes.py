"""Quotations and who said them, by rule: quote marks, speech verbs and the nearest name.

Quotes are found by pairing curly or straight double marks inside a paragraph; a paragraph
that ends inside a quote and is followed by one that opens with a mark continues it (the
news convention for long quotes). Each quote is attributed from the words after it
("..." said X / X said), then the words before it in its sentence (X said: "..." / X ...,
stating, "..."), then, for a paragraph that is all quote, the paragraph before it. A
pronoun speaker goes to the most recent named person; a speaker the article does not name
("a senior official said") leaves the quote unattributed.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Final

from briefer.offline._anaphora import (
    TITLE_AFTER as _TITLE_AFTER,
)
from briefer.offline._anaphora import (
    TITLE_BEFORE as _TITLE_BEFORE,
)
from briefer.offline._anaphora import (
    Titles,
    by_pronoun,
    by_title,
    named_next,
    role_words,
)
from briefer.offline._lexicon import ABBREVIATIONS, PRONOUNS, UNNAMED_NOUNS
from briefer.offline._names import SPEECH_VERBS, EntityIndex, Mention
from briefer.quotes import Quotation, scan_quotations
from briefer.schema import MAX_EXPERTS, MAX_QUOTES_PER_EXPERT, QuotedExpert
from briefer.text import split_sentences

__all__ = ["Quote", "attribute_quotes", "find_quotes", "quoted_experts"]

MIN_QUOTE_WORDS = 4
"""Shorter quoted phrases are scare quotes or titles, not something a person said."""

_VERB = re.compile(r"\b(?:" + "|".join(sorted(SPEECH_VERBS)) + r"|[Aa]ccording to)\b")
_PREPOSITIONS = frozenset("for of to with at from by about close near on behalf".split())
_UNNAMED: Final = "unnamed"
_PARAGRAPH = re.compile(r"[^\n]+")
# A closing quotation mark, then a comma and the start of an attribution: '," he said.'
_CLOSE_THEN_VERB = re.compile(
    '["\u201d\u2019\'\u00bb\u00ab\u201c],?["\u201d\u2019\']?[ \t]+(?=[^\\s"])'
)
# Right after a name that follows "said": the name opens a reported clause ("the judge said
# Hollis had treated the home ..."), so it is not the speaker.
_REPORTED = re.compile(
    r"\s+(?:had|has|have|was|were|is|are|would|will|could|should|might|may|must|did|does|"
    r"do|can|[a-z]+ed)\b"
)
_WORD_FROM = re.compile(r"\s*(\S+)")
# A paragraph that opens with a quotation mark (it may carry on a quote from the one before).
_OPENING = re.compile("[ \t]*(?:``|''|[\"\u201c\u201d\u201e\u00ab\u00bb\u2018\u201a\u2039\u203a'])")


@dataclass(frozen=True)
class Quote:
    """A quotation: ``start``/``end`` span the words inside the marks (a trailing comma off)."""

    start: int
    end: int
    open_at: int
    close_at: int | None
    """Offset of the closing mark; None when the quote runs on into the next paragraph."""
    after: int
    """Offset just past the closing mark (the paragraph's end for a quote that runs on)."""
    para_start: int
    para_end: int
    continued: bool
    """The quote carries on one from the paragraph before."""
    text: str


def find_quotes(text: str, *, min_words: int = MIN_QUOTE_WORDS) -> list[Quote]:
    """Every quotation of at least ``min_words`` words, in text order."""
    paragraphs = [(m.start(), m.end()) for m in _PARAGRAPH.finditer(text) if m.group().strip()]
    following = {start: paragraphs[i + 1][0] for i, (start, _) in enumerate(paragraphs[:-1])}
    quotes: list[Quote] = []
    carried_into = -1  # the paragraph that continues a quote left open by the one before
    closed_in = -1  # the paragraph whose first closed quote has been kept
    for found in scan_quotations(text, paragraphs):
        ps = found.para_start
        if found.close_at is not None:
            continued = carried_into == ps and closed_in != ps
            _keep(quotes, text, found, continued, min_words)
            closed_in = ps
            continue
        nxt = following.get(ps)
        if nxt is not None and _OPENING.match(text, nxt):
            _keep(quotes, text, found, carried_into == ps and closed_in != ps, min_words)
            carried_into = nxt
    return quotes


def _keep(
    quotes: list[Quote], text: str, found: Quotation, continued: bool, min_words: int
) -> None:
    start, end = found.inner
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] == ","):
        end -= 1
    inner = text[start:end]
    if len(inner.split()) >= min_words:
        quotes.append(
            Quote(
                start,
                end,
                found.open_at,
                found.close_at,
                found.end,
                found.para_start,
                found.para_end,
                continued,
                inner,
            )
        )


def attribute_quotes(
    text: str, quotes: list[Quote], names: EntityIndex, starts: list[int] | None = None
) -> list[tuple[Quote, str | None]]:
    """Each quote with the key of the named person who said it (None when nobody is named).

    ``starts``: where the text's sentences start, when the caller has split it already.
    """
    if starts is None:
        starts = [s.start for s in split_sentences(text)]
    starts = sorted(starts) or [0]
    outside = _Outside([(q.open_at, q.end) for q in quotes])
    people = _People(
        [
            m
            for m in names.mentions
            if names.entities[m.key].kind == "person" and not outside.inside(m.start)
        ],
        starts,
    )
    titled = {k: role_words(e.roles) for k, e in names.entities.items() if e.kind == "person"}
    found: list[tuple[Quote, str | None]] = []
    for n, quote in enumerate(quotes):
        prev = quotes[n - 1] if n else None
        nxt = quotes[n + 1] if n + 1 < len(quotes) else None
        speaker = _after(text, quote, nxt, people, titled)
        if speaker is None:
            # The start of the sentence the quote opens in (the last start at or before it).
            at = bisect.bisect_right(starts, quote.open_at) - 1
            lo = max(quote.para_start, starts[at] if at >= 0 else 0)
            if prev and prev.close_at is not None and prev.para_start == quote.para_start:
                lo = max(lo, prev.after)
            speaker = _before(text, lo, quote.open_at, people, titled)
            if speaker is None and lo > quote.para_start and not text[lo : quote.open_at].strip():
                speaker = _carried(text, quote, prev, found, lo, people, titled)
        if speaker is None and text[quote.para_start : quote.open_at].strip() == "":
            speaker = _block(text, quote, found, people, starts, titled)
        if speaker is None and not text[quote.after : quote.para_end].strip():
            speaker = named_next(text, people, quote.para_end)
        found.append((quote, None if speaker == _UNNAMED else speaker))
    return found


class _Outside:
    """Whether an offset falls inside one of some spans: their union, searched by bisection
    (a long article has thousands of quotations and of mentions)."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        merged: list[list[int]] = []
        for a, b in sorted(spans):
            if merged and a <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], b)
            elif a < b:
                merged.append([a, b])
        self._starts = [a for a, _ in merged]
        self._ends = [b for _, b in merged]

    def inside(self, offset: int) -> bool:
        at = bisect.bisect_right(self._starts, offset) - 1
        return at >= 0 and offset < self._ends[at]


class _People(list[Mention]):
    """The people's mentions in text order, with their starts for bisection."""

    def __init__(self, mentions: list[Mention], sentences: list[int]) -> None:
        super().__init__(mentions)
        self.starts = [m.start for m in mentions]
        self.sentences = sentences
        """Where the text's sentences start, sorted."""

    def from_start(self, lo: int) -> int:
        """Index of the first mention starting at or after ``lo``."""
        return bisect.bisect_left(self.starts, lo)


def quoted_experts(
    text: str,
    names: EntityIndex,
    quotes: list[Quote] | None = None,
    starts: list[int] | None = None,
) -> list[QuotedExpert]:
    """One entry per named speaker, in order of appearance, with up to three quotations."""
    said: dict[str, list[str]] = {}
    found = find_quotes(text) if quotes is None else quotes
    for quote, key in attribute_quotes(text, found, names, starts):
        if key is None or (key not in said and len(said) == MAX_EXPERTS):
            continue
        kept = said.setdefault(key, [])
        if len(kept) < MAX_QUOTES_PER_EXPERT and quote.text not in kept:
            kept.append(quote.text)
    return [
        QuotedExpert(
            name=names.entities[key].name, affiliation=names.entities[key].role, quotes=kept
        )
        for key, kept in said.items()
    ]


def _after(
    text: str, quote: Quote, nxt: Quote | None, people: _People, titled: Titles
) -> str | None:
    """ "..., " said X / X said / she said / according to X, right after the closing mark."""
    if quote.close_at is None:
        return None
    lo = quote.after
    hi = quote.para_end if nxt is None or nxt.para_start != quote.para_start else nxt.open_at
    hi = _sentence_end(text, lo, hi)
    post = text[lo:hi]
    ended = text[quote.start : quote.end].rstrip().endswith(".")
    lead = re.match(r"[\s,—–-]*", post)
    at = lo + (lead.end() if lead else 0)
    verb = _VERB.match(text, at, hi)
    if verb:
        if ended:
            return None
        return _named_after(text, verb.end(), hi, people, quote.open_at, titled) or _UNNAMED
    verb = _VERB.search(text, at, hi)
    # "X, an energy economist at Y, told Reuters": the words set off by commas do not count.
    if verb is None or len(re.sub(r",[^,]*,", " ", text[at : verb.start()]).split()) > 8:
        return None
    if ended and (not post[:1].isspace() or text[verb.end() : verb.end() + 1] not in (".", ",")):
        return None
    return _subject(text, at, verb.start(), people, quote.open_at, titled)


def _before(text: str, lo: int, hi: int, people: _People, titled: Titles) -> str | None:
    """X said: "..." / X ..., stating, "..." / according to X, "..." before the opening mark."""
    verbs = list(_VERB.finditer(text, lo, hi))
    if verbs:
        vs, ve = verbs[-1].start(), verbs[-1].end()
    elif text[lo:hi].rstrip().endswith(":"):
        vs = ve = lo + len(text[lo:hi].rstrip()) - 1
    else:
        return None
    named = _named_after(text, ve, hi, people, hi, titled)
    if named and named != _UNNAMED:
        return named
    # "X told the committee: ...", "X described the storm as ...": an object after the verb
    # that names nobody leaves the subject as the speaker.
    subject = _subject(text, lo, vs, people, hi, titled)
    return subject if named is None or subject != _UNNAMED else named


def _block(
    text: str,
    quote: Quote,
    found: list[tuple[Quote, str | None]],
    people: _People,
    starts: list[int],
    titled: Titles,
) -> str | None:
    """A paragraph that is all quote: carried on from, or introduced by, the paragraph before."""
    if quote.continued and found:
        return found[-1][1]
    # The text before the paragraph, white space at its end left off (not copied: this runs
    # once per quotation of an article that may run to megabytes).
    head = quote.para_start
    while head > 0 and text[head - 1].isspace():
        head -= 1
    if head == 0 or text[head - 1] != ":":
        return None
    at = bisect.bisect_left(starts, head - 1) - 1  # the last sentence start before the colon
    lo = starts[at] if at >= 0 else 0
    lo = max(lo, text.rfind("\n", 0, head) + 1)
    return _before(text, lo, head, people, titled)


def _carried(
    text: str,
    quote: Quote,
    prev: Quote | None,
    found: list[tuple[Quote, str | None]],
    lo: int,
    people: _People,
    titled: Titles,
) -> str | None:
    """A quotation that opens a sentence after an attributed one in its paragraph goes on
    from it: '"We lost," she said. "We will be back."' Also when the first was too short to
    keep ('"Declan was thirty-four," he said. "He was going to work."')."""
    if prev is not None and found and found[-1][0] is prev and prev.para_start == quote.para_start:
        if prev.after <= lo:
            return found[-1][1] or _UNNAMED
    # The sentence before (from the paragraph's start at most): a closing mark, then a short
    # attribution ending it.
    closing = None
    for match in _CLOSE_THEN_VERB.finditer(text, max(quote.para_start, lo - 200), lo):
        closing = match
    if closing is None:
        return None
    verb = _VERB.search(text, closing.end(), lo)
    if verb is None or len(text[closing.end() : verb.start()].split()) > 3:
        return None
    if text[_sentence_end(text, verb.end(), lo) : lo].strip():
        return None
    named = _named_after(text, verb.end(), lo, people, closing.start(), titled)
    return named or _subject(text, closing.end(), verb.start(), people, closing.start(), titled)


def _named_after(
    text: str, lo: int, hi: int, people: _People, quote_at: int, titled: Titles
) -> str | None:
    """A person (or he/she, or "the senator") right after a speech verb: "said Maria Lopez"."""
    # A mention's title run starts no later than its name, so none starting before ``lo``
    # can qualify, and none starting at ``hi`` or later can end by it.
    for i in range(people.from_start(lo), people.from_start(hi)):
        m = people[i]
        if lo <= m.run_start and m.end <= hi:
            between = text[lo : m.run_start]
            if _plain(between) and len(between.split()) <= 6 and not _REPORTED.match(text, m.end):
                return m.key
            break
    words = text[lo:hi].split()
    if words and (
        words[0].strip(",.:") in PRONOUNS
        or words[0].strip(",.:") in ("him", "her")
        and text[lo - 3 : lo] == " to"
    ):
        return by_pronoun(text, people, quote_at, people.sentences) or _UNNAMED
    anaphor = _TITLE_AFTER.match(text, lo, hi)
    if anaphor:
        return by_title(anaphor.group(1), people, titled, quote_at) or _UNNAMED
    return None


def _subject(
    text: str, lo: int, hi: int, people: _People, quote_at: int, titled: Titles
) -> str | None:
    """The speaker in the subject ``text[lo:hi]`` before a verb: a person, he/she, or unnamed."""
    window = people[people.from_start(lo) : people.from_start(hi)]
    candidates = [m for m in window if m.end <= hi]
    if candidates:
        last = candidates[-1]
        between = text[last.end : hi]
        if re.match(r"[’']s?\b", between):
            return _UNNAMED  # "Lopez's spokesperson said"
        # A participle ("..., stating") takes the sentence's subject; a finite verb the
        # nearest noun, which may be someone unnamed ("met an official, who said").
        if _next_word(text, hi).rstrip(",:").endswith("ing"):
            return last.key
        rest = re.sub(r"^\s*,[^,]*,", "", between)
        words = {w.strip(",.;:").lower() for w in rest.split()[-4:]}
        return _UNNAMED if words & UNNAMED_NOUNS else last.key
    tail = text[lo:hi].split()[-3:]
    if any(w.strip(",") in PRONOUNS for w in tail):
        return by_pronoun(text, people, quote_at, people.sentences) or _UNNAMED
    anaphor = _TITLE_BEFORE.search(text, lo, hi)
    if anaphor:
        return by_title(anaphor.group(1), people, titled, quote_at) or _UNNAMED
    return _UNNAMED


def _next_word(text: str, at: int) -> str:
    """The first word from ``at`` on (``text[at:].split()[0]``, without copying the rest)."""
    match = _WORD_FROM.match(text, at)
    return match.group(1) if match else ""


def _plain(between: str) -> bool:
    """Words between a verb and a name that do not make the name someone else's ("aide to")."""
    if re.search(r"[,;:.!?]", between):
        return False
    return not {w.lower() for w in between.split()} & _PREPOSITIONS


def _sentence_end(text: str, lo: int, hi: int) -> int:
    """End of the sentence starting at ``lo`` (before ``hi``), skipping abbreviations."""
    for match in re.finditer(r"[.!?](?=\s|$)", text[lo:hi]):
        words = text[lo : lo + match.start()].split()
        word = words[-1] if words else ""
        if match.group() == "." and (len(word) == 1 or "." in word or word in ABBREVIATIONS):
            continue
        return lo + match.end()
    return hi
