"""The splitter behind :func:`briefer.chunking.split_text`: cuts, exact counts, packing.

See :mod:`briefer.chunking` for what it guarantees and why counting pieces once is exact.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import lru_cache
from typing import TYPE_CHECKING

from briefer.errors import UsageError

if TYPE_CHECKING:
    import tiktoken

__all__ = ["Splitter"]

# Boundary strengths, strongest first; an atom's level is the strength of the cut before it.
_PARAGRAPH, _LINE, _SENTENCE, _WORD, _TOKEN = range(5)

# One line plus any blank lines after it, so blank lines stay with the paragraph they end.
_LINE_RE = re.compile(r"[^\n]*\n(?:[^\S\n]*\n)*|[^\n]+")
# A sentence end before white space and a word that does not start in lower case; CJK full
# stops need no space after them.
_SENTENCE_RE = re.compile(
    r"[.!?\u2026]+[\"'\u201d\u2019)\]\u00bb]*(?=[^\S\n]+[^\sa-z])"
    r"|[\u3002\uff01\uff1f]+[\u300d\u300f\u201d\u2019\uff09]*(?=\S)"
)
# The cut goes before a run of white space that has a word after it.
_WORD_RE = re.compile(r"\S\s+(?=\S)")
_WORD_START_RE = re.compile(r"(?<=\s)\S")
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof st jr sr gen sen rep gov lt col capt sgt adm rev hon no vs "
    "inc corp co ltd jan feb mar apr aug sept sep oct nov dec mt ft dept univ".split()
)

# Pre-tokenizer patterns under which counts add up exactly across a safe cut (see module
# docstring). Any other encoding is re-counted at every join, which is slower but exact.
_CL100K_PATTERN = (
    r"""'(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}++|\p{N}{1,3}+| ?[^\s\p{L}\p{N}]++"""
    r"""[\r\n]*+|\s++$|\s*[\r\n]|\s+(?!\S)|\s"""
)
_O200K_PATTERN = "|".join(
    [
        r"""[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+"""
        r"""(?i:'s|'t|'re|'ve|'m|'ll|'d)?""",
        r"""[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*"""
        r"""(?i:'s|'t|'re|'ve|'m|'ll|'d)?""",
        r"""\p{N}{1,3}""",
        r""" ?[^\s\p{L}\p{N}]+[\r\n/]*""",
        r"""\s*[\r\n]+""",
        r"""\s+(?!\S)""",
        r"""\s+""",
    ]
)
_ADDITIVE_PATTERNS = frozenset({_CL100K_PATTERN, _O200K_PATTERN})
_CACHED_PIECE_CHARS = 4096  # longer pieces are counted per call, to bound the cache's memory
_GROW_ROUNDS = 6  # bounded re-counting when joins are not additive (e.g. runs of newlines)


@lru_cache(maxsize=16384)
def _count_piece(encoding: tiktoken.Encoding, piece: str) -> int:
    # Shared across calls: articles repeat lines (bylines, boilerplate), and a caller that
    # re-splits the same article with a smaller budget pays for the counting only once.
    return len(encoding.encode_ordinary(piece))


class Splitter:
    """Cuts one text into atoms that each fit the budget, then packs them level by level."""

    def __init__(self, text: str, encoding: tiktoken.Encoding, *, budget: int, limit: int):
        self.text = text
        self.encoding = encoding
        self.budget = budget
        self.limit = limit  # a single character may use up to this much (room meant for overlap)
        self.additive = getattr(encoding, "_pat_str", None) in _ADDITIVE_PATTERNS
        self.memo: dict[str, int] = {}
        # Atoms: start offset, level of the cut before it, token count, whether that cut is safe.
        self.starts: list[int] = []
        self.levels: list[int] = []
        self.counts: list[int] = []
        self.safe: list[bool] = []
        self.ends: list[int] = []
        self.cum: list[int] = []  # cum[k] = tokens in atoms before k
        self.heads: list[list[int]] = []

    # -- counting -----------------------------------------------------------------------

    def count(self, start: int, end: int) -> int:
        piece = self.text[start:end]
        if end - start <= _CACHED_PIECE_CHARS:
            return _count_piece(self.encoding, piece)
        n = self.memo.get(piece)
        if n is None:
            n = self.memo[piece] = len(self.encoding.encode_ordinary(piece))
        return n

    def count_once(self, start: int, end: int) -> int:
        return len(self.encoding.encode_ordinary(self.text[start:end]))

    def is_safe(self, cut: int) -> bool:
        """Whether counts add up exactly across a cut at ``cut`` (see module docstring)."""
        if not self.additive:
            return False
        before, after = self.text[cut - 1], self.text[cut]
        if before == "\n":
            return not after.isspace() and after != "/"
        return not before.isspace() and after.isspace() and after not in "\r\n"

    # -- atoms --------------------------------------------------------------------------

    def split(self) -> list[tuple[int, int, int]]:
        """Contiguous (start, end, tokens) spans covering the whole text."""
        paragraph = True
        text = self.text
        for match in _LINE_RE.finditer(text):
            start, end = match.span()
            self._add(start, end, _PARAGRAPH if paragraph else _LINE, _SENTENCE)
            paragraph = text.count("\n", start, end) >= 2
        self.ends = self.starts[1:] + [len(text)]
        self.cum = [0]
        for n in self.counts:
            self.cum.append(self.cum[-1] + n)
        # For each level, the atoms that begin a piece at that level (cuts at least as strong).
        self.heads = [[k for k, lv in enumerate(self.levels) if lv <= level] for level in range(5)]
        out: list[tuple[int, int, int]] = []
        self._pack(0, len(self.starts), _PARAGRAPH, out)
        return out

    def _append(self, start: int, level: int, n: int) -> None:
        self.starts.append(start)
        self.levels.append(level)
        self.counts.append(n)
        self.safe.append(start > 0 and self.is_safe(start))

    def _add(self, start: int, end: int, level: int, finer: int) -> None:
        """Adds ``text[start:end]`` as one atom, or as several at cuts of ``finer`` or weaker."""
        n = self.count(start, end)
        if n <= self.budget:
            self._append(start, level, n)
            return
        while finer < _TOKEN:
            cuts = self._cuts(start, end, finer)
            if cuts:
                bounds = [start, *cuts, end]
                for i in range(len(bounds) - 1):
                    self._add(bounds[i], bounds[i + 1], level if i == 0 else finer, finer + 1)
                return
            finer += 1
        self._add_tokens(start, end, level)

    def _cuts(self, start: int, end: int, level: int) -> list[int]:
        text = self.text
        if level == _SENTENCE:
            cuts = []
            for match in _SENTENCE_RE.finditer(text, start, end):
                if match.group() == "." and self._after_abbreviation(start, match.start()):
                    continue
                cuts.append(match.end())
            return cuts
        return [m.start() + 1 for m in _WORD_RE.finditer(text, start, end)]

    def _after_abbreviation(self, start: int, dot: int) -> bool:
        i = dot
        while i > start and self.text[i - 1].isalpha():
            i -= 1
        word = self.text[i:dot]
        return (len(word) == 1 and word.isupper()) or word.lower() in _ABBREVIATIONS

    def _add_tokens(self, start: int, end: int, level: int) -> None:
        """Cuts one over-long word at token boundaries that fall between characters."""
        # surrogatepass keeps the byte offsets right even for lone surrogates, which tiktoken
        # replaces by U+FFFD: both take three bytes.
        raw = self.text[start:end].encode("utf-8", "surrogatepass")
        tokens = self.encoding.encode_ordinary(self.text[start:end])
        offsets = [0]
        for token in tokens:
            offsets.append(offsets[-1] + len(self.encoding.decode_single_token_bytes(token)))

        def is_char_start(k: int) -> bool:
            return k == len(tokens) or raw[offsets[k]] & 0xC0 != 0x80

        i, pos = 0, start
        while i < len(tokens):
            j = min(i + self.budget, len(tokens))
            while j > i and not is_char_start(j):
                j -= 1
            if j == i:  # one character that takes more tokens than the budget
                j = i + 1
                while not is_char_start(j):
                    j += 1
            while True:
                piece = raw[offsets[i] : offsets[j]].decode("utf-8", "surrogatepass")
                n = len(self.encoding.encode_ordinary(piece))
                k = j - 1
                while k > i and not is_char_start(k):
                    k -= 1
                if n <= self.budget or k == i:
                    break
                j = k  # re-encoding the slice came out longer: step back one character
            if n > self.limit:
                raise UsageError(
                    f"max_tokens={self.limit} is too small: the character {piece!r} alone "
                    f"takes {n} tokens"
                )
            self._append(pos, level if i == 0 else _TOKEN, n)
            pos += len(piece)
            i = j

    # -- packing ------------------------------------------------------------------------

    def _span(self, a: int, b: int) -> tuple[int, int]:
        """Character span of atoms ``a`` to ``b`` (exclusive)."""
        return self.starts[a], self.ends[b - 1]

    def _piece_count(self, a: int, b: int) -> int:
        if b - a == 1:
            return self.counts[a]
        if all(self.safe[a + 1 : b]):
            return self.cum[b] - self.cum[a]
        return self.count(*self._span(a, b))

    def _pack(self, a: int, b: int, level: int, out: list[tuple[int, int, int]]) -> None:
        """Packs atoms ``a`` to ``b`` greedily into pieces cut at ``level`` or stronger."""
        heads = self.heads[level]
        bounds = heads[bisect_right(heads, a) : bisect_left(heads, b)]
        bounds = [a, *bounds, b]
        if len(bounds) == 2 and b - a > 1 and self._piece_count(a, b) > self.budget:
            self._pack(a, b, level + 1, out)
            return
        counts = [self._piece_count(bounds[k], bounds[k + 1]) for k in range(len(bounds) - 1)]
        k = 0
        while k < len(counts):
            if counts[k] > self.budget:
                lo, hi = bounds[k], bounds[k + 1]
                if hi - lo == 1:  # a single character over the budget but within the limit
                    out.append((*self._span(lo, hi), counts[k]))
                else:
                    self._pack(lo, hi, level + 1, out)
                k += 1
                continue
            m, total, exact = k + 1, counts[k], True
            while m < len(counts) and total + counts[m] <= self.budget:
                exact = exact and self.safe[bounds[m]]
                total += counts[m]
                m += 1
            if not exact:
                m, total = self._settle(bounds, counts, k, m)
            out.append((self.starts[bounds[k]], self.ends[bounds[m] - 1], total))
            k = m

    def _settle(self, bounds: list[int], counts: list[int], k: int, m: int) -> tuple[int, int]:
        """Exact end and count for a group of pieces whose counts may not add up."""
        start = self.starts[bounds[k]]

        def measure(m: int) -> int:
            return self.count_once(start, self.ends[bounds[m] - 1])

        total = measure(m)
        while total > self.budget:  # a join cost extra tokens: drop pieces from the end
            m -= 1
            total = counts[k] if m == k + 1 else measure(m)
        # A join can also cost fewer tokens (runs of newlines merge): take more while it fits.
        for _ in range(_GROW_ROUNDS):
            room, extra = self.budget - total, 0
            if room <= 0:
                break
            nxt = m
            while nxt < len(counts) and counts[nxt] <= self.budget:
                if extra + counts[nxt] > room and nxt > m:
                    break
                extra += counts[nxt]
                nxt += 1
            if nxt == m:
                break
            grown = measure(nxt)
            if grown > self.budget:
                break
            m, total = nxt, grown
        return m, total

    # -- overlap ------------------------------------------------------------------------

    def add_overlap(
        self, spans: list[tuple[int, int, int]], overlap: int
    ) -> list[tuple[int, int, int]]:
        """Starts each chunk after the first up to ``overlap`` tokens before its base start."""
        out = [spans[0]]
        for (prev_start, _, _), (start, end, n) in zip(spans, spans[1:], strict=False):
            new_start, total = self._overlap_start(prev_start, start, end, n, overlap)
            out.append((new_start, end, total))
        return out

    def _overlap_start(
        self, prev_start: int, start: int, end: int, n: int, overlap: int
    ) -> tuple[int, int]:
        text = self.text
        # Find where the last `overlap` tokens of the previous chunk begin, encoding only a
        # window of its tail that is widened until it holds more than enough tokens.
        width = overlap * 6 + 32  # news prose averages 4.5 to 6 characters a token
        while True:
            lo = max(prev_start, start - width)
            tokens = self.encoding.encode_ordinary(text[lo:start])
            if len(tokens) > overlap or lo == prev_start:
                break
            width *= 2
        if len(tokens) <= overlap:
            at = lo
        else:
            tail = self.encoding.decode_bytes(tokens[-overlap:])
            # A tail that begins inside a character begins at the next whole one.
            at = start - len(tail.decode("utf-8", "ignore"))
        word = _WORD_START_RE.search(text, max(at, prev_start + 1), start)
        cand = word.start() if word else at  # inside one long word a token boundary will do
        while prev_start < cand < start:
            if self.is_safe(start):
                total = self.count_once(cand, start) + n
            else:
                total = self.count_once(cand, end)
            if total <= self.limit:
                return cand, total
            # Over by a join: give back a word at a time.
            word = _WORD_START_RE.search(text, cand + 1, start)
            if word is None:
                break
            cand = word.start()
        return start, n
