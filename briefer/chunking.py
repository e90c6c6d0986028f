"""Token-exact splitting of an article into chunks that fit a model's token budget.

The text is cut at the strongest boundary that works: paragraphs (a blank line), then line
breaks, then sentence ends, then white space, and only inside a single over-long word at
token boundaries. Pieces are packed greedily, so chunks are as full as the budget allows,
and no character is lost: with no overlap the chunks concatenate back to the input.

Speed comes from counting each piece once. For the cl100k and o200k encodings the count of
two pieces joined at a *safe* cut (after a line break before a non-space character but "/", or after
a non-space character before a space or tab) is exactly the sum of their counts, because
tiktoken's pre-tokenizer never joins characters across such a cut; any other join is counted
again, and a chunk that turns out over the budget is cut shorter.
"""

from __future__ import annotations

from briefer._splitter import Splitter
from briefer._splitter import _count_piece as _count_piece  # the cache the benchmark clears
from briefer.errors import UsageError
from briefer.tokens import TokenCounter, token_counter

__all__ = ["Chunk", "split_text"]


class Chunk:
    """One piece of an article, with its place in the original text.

    Attributes:
        index: 0-based position in the list of chunks.
        text: exactly ``article_text[start:end]``.
        start: character offset of the first character in the original text.
        end: character offset just past the last character (exclusive).
        tokens: ``counter.count(text)``; never more than the ``max_tokens`` asked for.
            A text whose UTF-8 length is within the budget is one chunk with no count
            made: its count is made when ``tokens`` is first read.
    """

    __slots__ = ("_counter", "_tokens", "end", "index", "start", "text")

    index: int
    text: str
    start: int
    end: int
    _tokens: int | None
    _counter: TokenCounter | None

    def __init__(
        self,
        index: int,
        text: str,
        start: int,
        end: int,
        tokens: int | None = None,
        *,
        counter: TokenCounter | None = None,
    ) -> None:
        if tokens is None and counter is None:
            raise TypeError("Chunk needs its token count or a counter to make it")
        for name, value in (("index", index), ("text", text), ("start", start), ("end", end)):
            object.__setattr__(self, name, value)
        object.__setattr__(self, "_tokens", tokens)
        object.__setattr__(self, "_counter", counter)

    @property
    def tokens(self) -> int:
        """Tokens in ``text`` (counted on first use when the split needed no count)."""
        tokens = self._tokens
        if tokens is None:
            assert self._counter is not None
            tokens = self._counter.count(self.text)
            object.__setattr__(self, "_tokens", tokens)
        return tokens

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"Chunk is immutable: cannot set {name!r}")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Chunk):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash((self.index, self.start, self.end, self.text))

    def __repr__(self) -> str:
        return (
            f"Chunk(index={self.index!r}, text={self.text!r}, start={self.start!r}, "
            f"end={self.end!r}, tokens={self.tokens!r})"
        )

    def _key(self) -> tuple[int, str, int, int, int]:
        return self.index, self.text, self.start, self.end, self.tokens


def split_text(
    text: str,
    *,
    max_tokens: int,
    counter: TokenCounter | None = None,
    overlap: int = 0,
) -> list[Chunk]:
    """Split ``text`` into chunks of at most ``max_tokens`` tokens each, losing nothing.

    Args:
        text: the text to split; white space is kept inside the chunks.
        max_tokens: the budget of every chunk, counted exactly with ``counter``.
        counter: the token counter; defaults to ``token_counter()`` (bundled cl100k).
        overlap: about how many tokens each chunk repeats from the end of the one before,
            starting at a word where possible; must be smaller than ``max_tokens``.

    Returns:
        The chunks in order; ``[]`` for empty text. With ``overlap=0`` they are contiguous
        and ``"".join(c.text for c in chunks) == text``.

    Raises:
        UsageError: ``max_tokens`` < 1, ``overlap`` < 0 or >= ``max_tokens``, or a budget so
            small (below 4) that a single character does not fit in it.
    """
    if not isinstance(text, str):
        raise UsageError(f"text must be a str, not {type(text).__name__}")
    if isinstance(max_tokens, bool) or not isinstance(max_tokens, int) or max_tokens < 1:
        raise UsageError(f"max_tokens must be a whole number of at least 1, got {max_tokens!r}")
    if isinstance(overlap, bool) or not isinstance(overlap, int) or overlap < 0:
        raise UsageError(f"overlap must be a whole number of at least 0, got {overlap!r}")
    if overlap >= max_tokens:
        raise UsageError(f"overlap ({overlap}) must be smaller than max_tokens ({max_tokens})")
    if not text:
        return []
    counter = counter if counter is not None else token_counter()
    # A token is at least one UTF-8 byte: a text no longer than the budget in bytes fits,
    # with no tokenizer needed (its count is made only if someone reads it).
    if len(text) <= max_tokens and len(text.encode("utf-8", "surrogatepass")) <= max_tokens:
        return [Chunk(0, text, 0, len(text), counter=counter)]
    # Most articles fit one chunk: one encode of the whole text settles it, where the
    # splitter would encode it line by line. A text many times the budget in characters
    # almost never fits, so it goes straight to the splitter (which is exact either way).
    if len(text) <= max_tokens * 8:
        whole = counter.count(text)
        if whole <= max_tokens:
            return [Chunk(0, text, 0, len(text), whole)]
    splitter = Splitter(text, counter.encoding, budget=max_tokens - overlap, limit=max_tokens)
    spans = splitter.split()
    if overlap:
        spans = splitter.add_overlap(spans, overlap)
    return [Chunk(i, text[s:e], s, e, n) for i, (s, e, n) in enumerate(spans)]
