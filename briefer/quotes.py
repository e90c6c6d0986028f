"""Quotation marks in a text: where each quotation opens and closes, one paragraph at a time.

Grounding (is the speaker named outside the quoted words?) and the offline engine (who said
what?) both need the quotations of an article; this is the one scanner behind both.

Pairs recognized: straight ``"..."``, curly “...”, low-high „...“ or „...”, and guillemets
«...». Inside a paragraph a quotation closes at its first matching mark; an opening mark
while one is open starts over (the first was left unclosed). A quotation still open at the
paragraph's end runs to it: news style opens each paragraph of a long quotation and closes
only the last.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["QUOTE_MARKS", "Quotation", "scan_quotations"]

_CLOSERS_OF = {'"': '"', "\u201c": '\u201d"', "\u201e": '\u201c\u201d"', "\u00ab": "\u00bb"}
QUOTE_MARKS = re.compile('["\u201c\u201d\u201e\u00ab\u00bb]')
"""Every character that may open or close a quotation."""


@dataclass(frozen=True)
class Quotation:
    """One quotation: the offsets of its marks and of the paragraph holding it."""

    open_at: int
    """Offset of the opening mark."""
    close_at: int | None
    """Offset of the closing mark; None when the quotation runs to the paragraph's end."""
    para_start: int
    para_end: int

    @property
    def end(self) -> int:
        """Offset just past the closing mark, or the paragraph's end."""
        return self.close_at + 1 if self.close_at is not None else self.para_end

    @property
    def inner(self) -> tuple[int, int]:
        """The span of the quoted words, marks excluded."""
        return self.open_at + 1, self.close_at if self.close_at is not None else self.para_end


def scan_quotations(text: str, paragraphs: Iterable[tuple[int, int]]) -> list[Quotation]:
    """Every quotation in ``text``, paragraph by paragraph (``(start, end)`` spans), in order."""
    found: list[Quotation] = []
    for start, end in paragraphs:
        opened: int | None = None
        closers = ""
        for mark in QUOTE_MARKS.finditer(text, start, end):
            char, at = mark.group(), mark.start()
            if opened is not None and char in closers:
                found.append(Quotation(opened, at, start, end))
                opened = None
            elif char in _CLOSERS_OF:
                opened, closers = at, _CLOSERS_OF[char]
        if opened is not None:
            found.append(Quotation(opened, None, start, end))
    return found
