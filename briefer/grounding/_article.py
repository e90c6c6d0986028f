"""The article as grounding sees it, prepared once per call: folded text, sentences,
paragraphs, quotations, an index of content words, and sentence features on demand.

Everything here is linear in the article's length; a sentence's full analysis
(:func:`briefer.grounding._features.analyse`) is computed only for sentences some checked
item aligns with, and kept.
"""

from __future__ import annotations

import bisect
import heapq
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property

from briefer.grounding._features import Features, analyse
from briefer.grounding._tokens import _TOKEN, token_key
from briefer.lexicon import DEMONYMS, GIVEN_NAMES, KNOWN, PLACES
from briefer.names import MentionIndex
from briefer.quotes import Quotation, scan_quotations
from briefer.text import Normalized, Sentence, normalize, split_sentences

__all__ = ["ArticleIndex", "SpanIndex", "content_keys"]

_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_NOT_ONLY = re.compile(r"\bnot\s+only\b")
_LINE = re.compile(r"[^\n]+")
# Runs of characters whose line breaks are not followed by a blank line; [^\n]+ inside
# the group matches as (?:[^\n]|...)+ would, many times faster.
_PARAGRAPH = re.compile(r"(?:[^\n]+|\n(?![ \t]*\n))+")
_LOWER_WORD = re.compile(r"(?<![\w'\u2019-])[a-z][a-z'\u2019-]*")
# Two to four capitalized words, perhaps with a middle initial: a person's name, or not.
_UPPER = "A-Z\u00c0-\u00de\u0100-\u017e"
# The capital comes first and the word boundary after it ("(?<!\w.)": no letter before
# it): a pattern that opens with a character set is scanned for it quickly, one that opens
# with "\b" is tried at every position of a long article.
_FULL_NAME = re.compile(
    rf"[{_UPPER}](?<!\w.)[^\W\d_]+(?:['\u2019\-][^\W\d_]+)*(?:\s+[A-Z]\.)?"
    r"(?:\s+(?:de|van|von|al|da|del|bin|le|la))?"
    rf"(?:\s+[{_UPPER}][^\W\d_]+(?:['\u2019\-][^\W\d_]+)*){{1,2}}\b"
)
_CAPITALIZED = re.compile(rf"[{_UPPER}](?<!\w.)[^\W\d_]+(?:['\u2019\-][^\W\d_]+)*\b")
_TITLE_WORDS = frozenset(
    """
    president prime minister secretary governor senator mayor judge general chancellor
    professor dr mr mrs ms sir dame king queen prince princess chief director chairman
    chairwoman ambassador commissioner coach captain sheikh pope rev
    """.split()
)
_NOT_PERSON = frozenset(
    """
    ministry bank council agency company group university institute party court department
    authority association union commission committee office service force forces army navy
    police club board fund foundation trust street road river sea ocean port city county
    state province region airport station hospital school college centre center house
    square park bridge valley mountains island islands north south east west tour cup
    games championship championships league festival marathon open prize award awards
    """.split()
)


def content_keys(text: str) -> frozenset[str]:
    """Stemmed, case-folded content words of ``text`` (numbers kept whole)."""
    if "not" in text:
        text = _NOT_ONLY.sub("only", text)
    tokens = _TOKEN.findall(text)
    # Looked up in C; a sentence with a token not seen before takes the slow path once.
    keys: set[str | None] = set(map(_KNOWN_KEYS.get, tokens))
    if None in keys:
        keys = set(map(_content_key, tokens))
    keys.discard("")
    keys.discard(None)
    return frozenset(keys)  # type: ignore[arg-type]  # None is gone


# Each token's content key ("" for a stopword or a mark), for every token seen so far (up to
# a bound): a long article has a million tokens and a few tens of thousands of words.
_KNOWN_KEYS: dict[str, str] = {}
_KNOWN_LIMIT = 200_000


def _content_key(token: str) -> str:
    key = _KNOWN_KEYS.get(token)
    if key is None:
        key = token_key(token)
        if not (key and key[0].isalnum()):
            key = ""
        if len(_KNOWN_KEYS) < _KNOWN_LIMIT:
            _KNOWN_KEYS[token] = key
    return key


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


class SpanIndex:
    """Spans in order, searchable by window: a long article names a person thousands of
    times, and every place a quotation occurs is checked against them."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.spans = sorted(spans)
        self._starts = [s for s, _ in self.spans]
        self._reach: list[int] = []  # the furthest end so far, so never decreasing
        for _, end in self.spans:
            self._reach.append(max(self._reach[-1], end) if self._reach else end)

    def __bool__(self) -> bool:
        return bool(self.spans)

    def window(self, low: int, high: int) -> list[tuple[int, int]]:
        """The spans that overlap ``[low, high)``, in order."""
        # Before ``first`` every span ends by ``low``; from ``last`` on each starts at
        # ``high`` or later.
        first = bisect.bisect_right(self._reach, low)
        last = bisect.bisect_left(self._starts, high)
        return [span for span in self.spans[first:last] if span[1] > low]

    def overlaps(self, span: tuple[int, int]) -> bool:
        return bool(self.window(span[0], span[1]))


@dataclass
class ArticleIndex:
    """One article, indexed for grounding (built once per :func:`ground` call)."""

    text: str
    folded: Normalized
    sentences: list[Sentence]
    sentence_starts: list[int]
    sentence_keys: list[frozenset[str]]
    paragraphs: list[tuple[int, int]]
    paragraph_starts: list[int]
    quotations: list[Quotation]
    names: MentionIndex
    lowercase: frozenset[str]
    postings: dict[str, list[int]]
    _features: dict[int, Features] = field(default_factory=dict, repr=False)

    @classmethod
    def build(cls, text: str) -> ArticleIndex:
        folded = normalize(text)
        sentences = split_sentences(text)
        # Articles with blank lines between paragraphs may also wrap lines inside them;
        # articles without any use one line per paragraph.
        pattern = _PARAGRAPH if _BLANK_LINE.search(text) else _LINE
        paragraphs = [_trim(text, m.start(), m.end()) for m in pattern.finditer(text)]
        paragraphs = [(s, e) for s, e in paragraphs if e > s]
        keys = [content_keys(s.text) for s in sentences]
        postings: dict[str, list[int]] = {}
        for i, words in enumerate(keys):
            for word in words:
                postings.setdefault(word, []).append(i)
        lowercase = frozenset(
            w.replace("\u2019", "'").removesuffix("'s") for w in set(_LOWER_WORD.findall(text))
        )
        return cls(
            text=text,
            folded=folded,
            sentences=sentences,
            sentence_starts=[s.start for s in sentences],
            sentence_keys=keys,
            paragraphs=paragraphs,
            paragraph_starts=[s for s, _ in paragraphs],
            quotations=scan_quotations(text, paragraphs),
            names=MentionIndex(text, folded),
            lowercase=lowercase,
            postings=postings,
        )

    # ---- where things are ---------------------------------------------------------------

    def sentence_index(self, offset: int) -> int:
        """0-based index of the sentence holding ``offset``."""
        return max(bisect.bisect_right(self.sentence_starts, offset) - 1, 0)

    def sentence_at(self, offset: int) -> int:
        """1-based number of the sentence holding ``offset``."""
        return self.sentences[self.sentence_index(offset)].number if self.sentences else 1

    def paragraph_at(self, offset: int) -> int:
        return max(bisect.bisect_right(self.paragraph_starts, offset) - 1, 0)

    def features(self, index: int) -> Features:
        """The analysis of sentence ``index`` (computed on first use, then kept)."""
        found = self._features.get(index)
        if found is None:
            found = analyse(self.sentences[index].text, self.lowercase)
            self._features[index] = found
        return found

    def candidates(self, keys: frozenset[str], limit: int = 24) -> list[int]:
        """Sentences sharing the most content words with ``keys``, best first."""
        counts: Counter[int] = Counter()
        for key in keys:
            for index in self.postings.get(key, ()):
                counts[index] += 1
        # Ties go to the earlier sentence, whatever order the words were counted in.
        best = heapq.nsmallest(limit, counts.items(), key=lambda item: (-item[1], item[0]))
        return [i for i, _ in best]

    # ---- people, for telling who spoke --------------------------------------------------

    @cached_property
    def people(self) -> list[tuple[int, int]]:
        """Spans where the article names a person (full names and their later surnames)."""
        spans: list[tuple[int, int]] = []
        surnames: set[str] = set()
        # A long article names the same people again and again: each distinct run of words
        # is read once.
        seen: dict[str, tuple[int, str] | None] = {}
        for match in _FULL_NAME.finditer(self.text):
            found = match.group()
            if found not in seen:
                seen[found] = self._person_in(found)
            person = seen[found]
            if person is not None:
                spans.append((match.start() + person[0], match.end()))
                surnames.add(person[1])
        # Every later mention by surname, in one pass over the text.
        for match in _CAPITALIZED.finditer(self.text):
            if match.group() in surnames:
                spans.append(match.span())
        return sorted({s for s in spans if not self.quoted(s[0])})

    @cached_property
    def people_index(self) -> SpanIndex:
        """:attr:`people`, searchable by window."""
        return SpanIndex(self.people)

    @cached_property
    def _quote_starts(self) -> list[int]:
        return [q.inner[0] for q in self.quotations]

    @cached_property
    def _quote_reach(self) -> tuple[list[int], list[int]] | None:
        """Opening offsets of the quotations and the furthest end reached so far, when the
        openings are in order (they are, as the scanner goes through the text)."""
        opens = [q.open_at for q in self.quotations]
        if any(a > b for a, b in zip(opens, opens[1:], strict=False)):
            return None
        reach: list[int] = []
        for q in self.quotations:
            reach.append(max(reach[-1], q.end) if reach else q.end)
        return opens, reach

    def quotation_holding(self, start: int, end: int) -> Quotation | None:
        """The first quotation (marks included) that holds ``text[start:end]``, if any."""
        index = self._quote_reach
        if index is None:
            return next((q for q in self.quotations if q.open_at <= start and end <= q.end), None)
        opens, reach = index
        # The first quotation reaching ``end``; a later one opens later still, so if this one
        # opens after ``start`` none holds the span.
        at = bisect.bisect_left(reach, end)
        if at < len(opens) and opens[at] <= start:
            return self.quotations[at]
        return None

    def quoted(self, offset: int) -> bool:
        """True when ``offset`` is inside the quoted words of one of the article's quotations."""
        index = bisect.bisect_right(self._quote_starts, offset) - 1
        if index < 0:
            return False
        start, end = self.quotations[index].inner
        return start <= offset < end

    def _person_in(self, found: str) -> tuple[int, str] | None:
        """Where the person's name starts in ``found`` and its surname, or None."""
        words = [(w.start(), w.group()) for w in re.finditer(r"\S+", found)]
        # "President Joe Biden", "Yesterday Rob Lee": the name starts later.
        while len(words) > 2 and (
            words[0][1].lower() in self.lowercase
            or words[0][1].lower() in _TITLE_WORDS
            or words[0][1].endswith(("'s", "\u2019s"))
        ):
            words.pop(0)
        if words[0][1].endswith(("'s", "\u2019s")):
            return None
        names = [w for _, w in words]
        if not self._person_words(names):
            return None
        return words[0][0], names[-1]

    def _person_words(self, words: list[str]) -> bool:
        name = " ".join(words)
        if name in KNOWN or name in PLACES or name in DEMONYMS:
            return False
        if any(w.lower() in _NOT_PERSON or w in KNOWN or w in DEMONYMS for w in words):
            return False
        first = words[0]
        return first in GIVEN_NAMES or first.lower() not in self.lowercase
