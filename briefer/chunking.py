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

from dataclasses import dataclass

from briefer._splitter import Splitter
from briefer.errors import UsageError
from briefer.tokens import TokenCounter, token_counter

__all__ = ["Chunk", "split_text"]


@dataclass(frozen=True)
class Chunk:
    """One piece of an article, with its place in the original text.

    Attributes:
        index: 0-based position in the list of chunks.
        text: exactly ``article_text[start:end]``.
        start: character offset of the first character in the original text.
        end: character offset just past the last character (exclusive).
        tokens: ``counter.count(text)``; never more than the ``max_tokens`` asked for.
    """

    index: int
    text: str
    start: int
    end: int
    tokens: int


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
