"""Quotation marks in a text: where each quotation opens and closes, one paragraph at a time.

Grounding (is the speaker named outside the quoted words?) and the offline engine (who said
what?) both need the quotations of an article; this is the one scanner behind both.

House styles recognized:

- double marks: straight ``"..."``, curly “...” (and ”...” as Swedish and Finnish papers
  write it), low-high „...“ or „...”, guillemets «...», « ... » and reversed »...«;
- the two-character forms of plain-text feeds and older corpora: ``''...''`` and
  ````...''``, and ‘‘...’’;
- single marks as British papers use them for the outer quotation: curly ‘...’, straight
  ``'...'``, low-high ‚...‘ and single guillemets ‹...›. An apostrophe ("don’t", "Danny's",
  "the workers’ union") is told from a closing mark by what stands around it.

Quotations nest (‘... “...” ...’ or “... ‘...’ ...”): only the outermost is reported. Inside a
paragraph a quotation closes at its first matching mark; an opening double mark of the same
kind while one is open starts over (the first was left unclosed). A double quotation still
open at the paragraph's end runs to it: news style opens each paragraph of a long quotation
and closes only the last. A single quotation left open at a paragraph's end counts only when
the next paragraph opens with the same mark, for an unpaired single mark is more often an
apostrophe than a quotation.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["QUOTE_MARKS", "Quotation", "scan_quotations"]

QUOTE_MARKS = re.compile('["\u201c\u201d\u201e\u00ab\u00bb]')
"""Every character that may open or close a quotation in double marks (straight, curly,
low-high, guillemets). Single marks and the two-character forms are found by
:func:`scan_quotations` too, but are not listed here: an apostrophe is the same character."""

# Every mark, two-character forms first so that ``''`` is not read as two single marks.
_MARK = re.compile(
    "``|''|\u2018\u2018|\u2019\u2019|[\"\u201c\u201d\u201e\u00ab\u00bb\u2039\u203a\u2018\u2019\u201a']"
)
# What closes a quotation opened by each mark (double marks first, then single).
_CLOSERS_OF = {
    '"': ('"',),
    "\u201c": ("\u201d", '"'),
    "\u201d": ("\u201d",),
    "\u201e": ("\u201c", "\u201d", '"'),
    "\u00ab": ("\u00bb",),
    "\u00bb": ("\u00ab",),
    "''": ("''",),
    "``": ("''", "\u201d"),
    "\u2018\u2018": ("\u2019\u2019", "''"),
    "\u2018": ("\u2019",),
    "'": ("'",),
    "\u201a": ("\u2018", "\u2019"),
    "\u2039": ("\u203a",),
    "\u203a": ("\u2039",),
}
_SINGLE = frozenset({"\u2018", "'", "\u201a", "\u2039", "\u203a"})
_SINGLE_CLOSERS = frozenset({"\u2019", "'", "\u2018", "\u2039", "\u203a"})
# Characters after which a mark may open a quotation (white space aside).
_BEFORE_OPENING = '([{\u2014\u2013-/:"\u201c\u201e\u00ab\u00bb\u2018\u201a\u2039\u203a'


@dataclass(frozen=True)
class Quotation:
    """One quotation: the offsets of its marks and of the paragraph holding it."""

    open_at: int
    """Offset of the opening mark."""
    close_at: int | None
    """Offset of the closing mark; None when the quotation runs to the paragraph's end."""
    para_start: int
    para_end: int
    open_len: int = 1
    """Characters in the opening mark (2 for ``''`` and ````)."""
    close_len: int = 1
    """Characters in the closing mark."""

    @property
    def end(self) -> int:
        """Offset just past the closing mark, or the paragraph's end."""
        return self.close_at + self.close_len if self.close_at is not None else self.para_end

    @property
    def inner(self) -> tuple[int, int]:
        """The span of the quoted words, marks excluded."""
        end = self.close_at if self.close_at is not None else self.para_end
        return self.open_at + self.open_len, end


def scan_quotations(text: str, paragraphs: Iterable[tuple[int, int]]) -> list[Quotation]:
    """Every quotation in ``text``, paragraph by paragraph (``(start, end)`` spans), in order."""
    spans = list(paragraphs)
    found: list[Quotation] = []
    for n, (start, end) in enumerate(spans):
        following = spans[n + 1][0] if n + 1 < len(spans) else None
        found.extend(_scan_paragraph(text, start, end, following))
    return found


def _scan_paragraph(text: str, start: int, end: int, following: int | None) -> list[Quotation]:
    found: list[Quotation] = []
    # The open quotations, outermost first: (offset, mark).
    stack: list[tuple[int, str]] = []
    for match in _MARK.finditer(text, start, end):
        mark, at = match.group(), match.start()
        if mark in ("'", "\u2019", "\u2018") and _apostrophe(text, at, start, end):
            continue
        closed = _closes(stack, mark, text, at, end)
        if closed is not None:
            del stack[closed + 1 :]
            opened, opener = stack.pop()
            if opener in _SINGLE and all(op == opener for _, op in stack):
                stack.clear()  # the same single mark further out was an apostrophe ("the '90s")
            if not stack:
                found.append(Quotation(opened, at, start, end, len(opener), len(mark)))
            continue
        if mark not in _CLOSERS_OF or not _may_open(text, at, len(mark), start, end):
            continue
        if stack and mark not in _SINGLE and stack[-1][1] == mark:
            stack.pop()  # the same double mark again: the first was left unclosed
        stack.append((at, mark))
    if stack:
        opened, opener = stack[0]
        if opener not in _SINGLE or _opens_next(text, following, opener):
            found.append(Quotation(opened, None, start, end, len(opener), 1))
    return found


def _closes(stack: list[tuple[int, str]], mark: str, text: str, at: int, end: int) -> int | None:
    """Index in ``stack`` of the quotation ``mark`` closes, or None when it closes none.

    A closing mark may pass over single quotations opened inside (they were apostrophes or
    left unclosed), never over double ones.
    """
    for i in range(len(stack) - 1, -1, -1):
        opener = stack[i][1]
        if mark in _CLOSERS_OF[opener] and _may_close(text, at, len(mark), opener, end):
            return i
        if opener not in _SINGLE:
            return None
    return None


def _may_open(text: str, at: int, size: int, start: int, end: int) -> bool:
    """A mark opens a quotation at a word's start: after white space, a paragraph's start or
    an opening bracket, dash or mark, and before a word (guillemets and ```` may stand apart)."""
    after = text[at + size] if at + size < end else ""
    if not after or (after.isspace() and text[at] not in "\u00ab\u00bb`"):
        return False
    if at == start:
        return True
    before = text[at - 1]
    if before.isspace() or before in _BEFORE_OPENING:
        return True
    # Low-high marks and straight double marks also open after other punctuation ("said:"").
    return text[at] in '\u201e"' and not before.isalnum()


def _may_close(text: str, at: int, size: int, opener: str, end: int) -> bool:
    """A single mark closes only at a word's end: after a non-space, before no letter; and
    not "the workers’ union" when a closing mark follows later in the paragraph."""
    mark = text[at : at + size]
    if opener not in _SINGLE or opener in ("\u2039", "\u203a") or mark not in _SINGLE_CLOSERS:
        return True
    before = text[at - 1] if at > 0 else " "
    after = text[at + size] if at + size < end else " "
    if before.isspace() or after.isalnum():
        return False
    if before in "sS" and after == " " and at + size + 1 < end:
        nxt = text[at + size + 1]
        if nxt.islower() and _MARK.search(text, at + size, end) is not None:
            later = [m for m in _MARK.finditer(text, at + size, end) if m.group() == mark]
            return not any(_may_close(text, m.start(), size, opener, end) for m in later)
    return True


def _apostrophe(text: str, at: int, start: int, end: int) -> bool:
    """A single mark inside a word ("don’t", "Danny's", "rock 'n' roll" aside) is an apostrophe."""
    before = text[at - 1] if at > start else " "
    after = text[at + 1] if at + 1 < end else " "
    return before.isalnum() and after.isalnum()


def _opens_next(text: str, following: int | None, opener: str) -> bool:
    if following is None:
        return False
    return text[following : following + len(opener)] == opener
