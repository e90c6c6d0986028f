"""The offline engine: a useful summary of an article with no model and no API key.

Extractive and rule-based, so everything it reports is in the article: the lede is the
opening statement; key claims are stretches of the article's sentences ranked by salience
(``_salience``: position, centrality, the headline) and trimmed to one fact each
(``_facts``); actors come from ``_names``; quoted experts from ``_quotes``; open questions
are what the article leaves open, rewritten by ``_questions``. Deterministic, pure Python,
no downloads, no tokenizer.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from briefer.offline._cuts import lede_facts
from briefer.offline._facts import Fact, facts_of
from briefer.offline._names import EntityIndex, find_names
from briefer.offline._questions import open_questions, question_cues
from briefer.offline._quotes import Quote, find_quotes, quoted_experts
from briefer.offline._salience import ANAPHORA, content_words, is_furniture, rank
from briefer.schema import MAX_ACTORS, MAX_QUESTIONS, Actor, Claim, SummaryContent
from briefer.text import Sentence, split_sentences

__all__ = ["summarize_offline"]

DEFAULT_CLAIMS = 5
LEDE_WORDS = 60

# "KYIV, Ukraine (AP) — ", "SAO PAULO, May 14 (Reuters) - ", "MEDELLÍN, Colombia — " or
# "GUWAHATI: " at the start of an article: a place in capitals, then a dash or a colon.
_DATELINE = re.compile(
    r"\A\s*(?P<place>[^\W\d_][^\W\d_ .'-]*(?:[ .'-]+[^\W\d_]+){0,4}\.?)"
    r"(?:,\s*[^\W\d_][\w .'-]{1,40}?)?(?:\s*\([\w .&-]{1,30}\))?\s*(?:[—–-]+|:(?=\s))\s*"
)
_BYLINE = re.compile(r"^\s*By [A-Z][^\n]{0,60}$", re.MULTILINE)
_WORD = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")


def summarize_offline(text: str, *, title: str | None = None) -> SummaryContent:
    """Summarize an article by extraction: no model, no network, the same output every time.

    Args:
        text: the article's text (paragraphs separated by line breaks).
        title: the headline, if known (already taken off ``text``); its words weigh in the
            ranking of claims and actors.

    Returns:
        A SummaryContent whose lede and claims are the article's words (claims trimmed of
        generic attribution, never repeating the lede), whose quotes are exact substrings
        of it (up to three per person), and whose open questions come from what it leaves
        open, never from a quotation.
    """
    skip = _boilerplate(text, title)
    split = split_sentences(text)
    trim = _Trimmer(skip)
    trimmed = [trim(s) for s in split]
    sentences = [s for s in trimmed if s is not None]
    quotes = find_quotes(text)
    names = find_names(text, ignore=skip)
    experts = quoted_experts(text, names, quotes, [s.start for s in split])
    quoted = _Quoted(quotes)
    own = [s for s in sentences if not quoted(s)]
    plain = [s for s in own if _is_statement(s.text) and not is_furniture(s.text)]
    ranked = rank(plain, title)
    lede = _lede(plain, ranked, sentences, title)
    count = (
        DEFAULT_CLAIMS if len(plain) >= 10 else max(1, min(DEFAULT_CLAIMS, (len(plain) + 1) // 2))
    )
    claims = _pick(ranked, count, lede.sentences)
    speakers = {e.name for e in experts}
    return SummaryContent(
        lede=lede.text,
        key_claims=[Claim(text=fact.text) for fact in claims],
        actors=_actors(names, speakers, title, len(text)),
        quoted_experts=experts,
        open_questions=open_questions(
            _question_sources(own, quotes, question_cues(text)),
            common={w for w in set(_WORD.findall(text)) if w.islower()},
            proper=_proper_words(names),
            limit=MAX_QUESTIONS,
        ),
    )


def _question_sources(own: list[Sentence], quotes: list[Quote], cues: list[int]) -> list[str]:
    """What open questions may come from: the article's own sentences (``own``: those no
    quotation touches, since a quotation is never rewritten), and questions speakers asked,
    kept as they asked them.

    Of its own sentences, only those holding a question cue (``cues``: offsets in the text)
    can give one; the rest are left out here rather than each searched again.
    """
    asked = [
        p.text
        for q in quotes
        if "?" in q.text
        for p in split_sentences(q.text)
        if p.text.endswith("?") and len(p.text.split()) >= 5
    ]
    cued = [
        s.text for s in own if bisect.bisect_left(cues, s.start) < bisect.bisect_left(cues, s.end)
    ]
    return cued + asked


def _proper_words(names: EntityIndex) -> set[str]:
    """Capitalized words that name something: they keep their capital inside a question."""
    return {w for m in names.mentions for w in m.surface.split()}


def _boilerplate(text: str, title: str | None = None) -> list[tuple[int, int]]:
    """Spans that are not the story: a dateline, bylines and a headline line on top.

    With the headline given apart (``title``), a first line is a headline only when it is
    that title again: the text has had its headline taken off already.
    """
    spans = [(m.start(), m.end()) for m in _BYLINE.finditer(text)]
    dateline = _DATELINE.match(text)
    if dateline and not dateline["place"].isupper():
        dateline = None
    if dateline:
        spans.append((dateline.start(), dateline.end()))
    first = re.match(r"\s*([^\n]+)\n", text)
    if first and not dateline:
        line = first.group(1).strip()
        if title is not None and " ".join(line.split()) != " ".join(title.split()):
            line = ""
        if (
            line
            and line[-1] not in '.!?"”:;,’)'
            and len(line.split()) <= 20
            and text[first.end() :].strip()
        ):
            spans.append((first.start(1), first.end(1)))
    return spans


class _Trimmer:
    """Takes boilerplate off the start of sentences: each span, in the order given, moves a
    sentence's start past it when the start lies inside it.

    The spans open with the bylines, in text order and apart (a start inside one is moved
    to its end, before the next), so only the one holding the start is looked up; the rest
    (a dateline, a headline line) are tried one by one.
    """

    def __init__(self, skip: list[tuple[int, int]]) -> None:
        apart = 0
        while apart < len(skip) and (apart == 0 or skip[apart - 1][1] < skip[apart][0]):
            apart += 1
        self._starts = [a for a, _ in skip[:apart]]
        self._spans = skip[:apart]
        self._rest = skip[apart:]

    def __call__(self, sentence: Sentence) -> Sentence | None:
        """The sentence without any boilerplate it starts with (None when nothing is left)."""
        start = sentence.start
        at = bisect.bisect_right(self._starts, start) - 1
        if at >= 0 and start < self._spans[at][1]:
            start = self._spans[at][1]
        for a, b in self._rest:
            if a <= start < b:
                start = b
        if start >= sentence.end:
            return None
        if start == sentence.start:
            return sentence
        return Sentence(
            sentence.number, start, sentence.end, sentence.text[start - sentence.start :]
        )


class _Quoted:
    """Whether any quotation overlaps a sentence (quotes are in text order)."""

    def __init__(self, quotes: list[Quote]) -> None:
        self._quotes = quotes
        self._opens = [q.open_at for q in quotes]

    def __call__(self, sentence: Sentence) -> bool:
        # The last quotation opening before the sentence ends is the only one that can reach
        # into it from before; any opening inside it overlaps.
        at = bisect.bisect_left(self._opens, sentence.end) - 1
        quotes = self._quotes
        return at >= 0 and sentence.start < max(quotes[at].end, _reach(quotes, at))


def _reach(quotes: list[Quote], at: int) -> int:
    # Quotations do not nest, so the one opening last also ends last; but a quotation that
    # runs on into the next paragraph may end after one that opens later in it.
    return max(q.end for q in quotes[max(0, at - 2) : at + 1])


def _is_statement(text: str) -> bool:
    words = len(text.split())
    return 6 <= words <= 90 and text.rstrip("”\"')").endswith((".", "!"))


def _pick(
    ranked: list[tuple[float, Sentence]], count: int, lede: tuple[str, ...] = ()
) -> list[Fact]:
    """The best ``count`` one-fact claims, skipping any that mostly repeats one already chosen.

    A sentence of the lede gives only its clauses cut apart, never itself whole
    (:func:`lede_facts`); any other sentence that mostly repeats the lede is passed over. A
    fact of the lede adds to ``count`` (up to :data:`DEFAULT_CLAIMS`) rather than push out
    a fact the lede does not hold.
    """
    chosen: list[Fact] = []
    said = [content_words(t) for t in lede]
    seen: list[set[str]] = []
    for _, sentence in ranked:
        in_lede = sentence.text in lede
        for fact in lede_facts(sentence) if in_lede else facts_of(sentence):
            words = content_words(fact.text)
            if any(_repeats(words, s) for s in seen if s) or (
                not in_lede and any(_repeats(words, s) for s in said if s)
            ):
                continue
            chosen.append(fact)
            seen.append(words)
            if in_lede:
                count = min(count + 1, max(count, DEFAULT_CLAIMS))
            if len(chosen) == count:
                return chosen
    return chosen


def _repeats(words: set[str], other: set[str]) -> bool:
    return bool(words) and len(words & other) > 0.6 * min(len(words), len(other))


@dataclass(frozen=True)
class _Lede:
    text: str
    sentences: tuple[str, ...]


def _lede(
    plain: list[Sentence],
    ranked: list[tuple[float, Sentence]],
    sentences: list[Sentence],
    title: str | None,
) -> _Lede:
    """What happened: the opening statement, with the sentence right after it when the first
    is short and the second goes on from it (not a new paragraph's pronoun)."""
    if not plain:
        if sentences:
            return _Lede(_clip(sentences[0].text), (sentences[0].text,))
        return _Lede(title or "", ())
    first = plain[0]
    if first.number > 3 or len(first.text.split()) > LEDE_WORDS:
        first = ranked[0][1]
    chosen = [first]
    at = plain.index(first)
    if len(first.text.split()) < 20 and at + 1 < len(plain):
        nxt = plain[at + 1]
        if (
            nxt.number == first.number + 1
            and not ANAPHORA.match(nxt.text)
            and len(first.text.split()) + len(nxt.text.split()) <= LEDE_WORDS
        ):
            chosen.append(nxt)
    return _Lede(_clip(" ".join(s.text for s in chosen)), tuple(s.text for s in chosen))


def _clip(text: str) -> str:
    words = text.split()
    return text if len(words) <= LEDE_WORDS else " ".join(words[:LEDE_WORDS]) + " …"


def _actors(names: EntityIndex, speakers: set[str], title: str | None, size: int) -> list[Actor]:
    """Entities ranked by mentions, how early they appear, being quoted and the headline."""
    scored: list[tuple[float, int, Actor]] = []
    for entity in names.entities.values():
        score = len(entity.mentions) + 1.0 - entity.first / max(size, 1)
        if entity.name in speakers:
            score += 2.0
        if title and any(m.surface in title for m in entity.mentions):
            score += 1.0
        if entity.kind == "other":
            score -= 3.0
        actor = Actor(name=entity.name, kind=entity.kind, role=entity.role)
        scored.append((score, entity.first, actor))
    scored.sort(key=lambda item: (-item[0], item[1]))
    return [actor for _, _, actor in scored[:MAX_ACTORS]]
