"""The facts a lede sentence holds, cut apart, for key claims that carry the news.

The lede says what happened, in the article's own first sentence (or two); the key claims
list the news one fact each. The lede's sentence holds news too, often the most important,
so a claim may carry a fact of it: its main clause without what hangs on it ("Thousands of
dockworkers walked off the job at three Gulf Coast ports on Monday", without ", halting the
loading of grain ..."), or a clause that hangs on it ("... after new figures showed
completions fell to their lowest level since 2016" gives "new figures showed completions
fell to their lowest level since 2016"). A claim never repeats the lede's sentence whole: a
cut keeps at most three quarters of its words (:data:`KEPT`) and leaves out at least
:data:`LEFT_OUT`, who said it aside, so the reader never meets one sentence as the lede and
again as a claim (nor, in a daily brief, a third time as a top line). A sentence with
nothing to cut off gives no claim: the lede already says it.

A cut is a stretch of the sentence, word for word, as the clauses of a sentence joined by a
semicolon are (:mod:`briefer.offline._facts`): it may open in lowercase and end without a
period.
"""

from __future__ import annotations

import re

from briefer.offline._facts import MIN_WORDS, Fact, facts_of
from briefer.text import Sentence

__all__ = ["KEPT", "LEFT_OUT", "PER_SENTENCE", "lede_facts"]

LEFT_OUT = 4
"""Words of the lede's sentence (who said it aside) a claim cut from it leaves out, at least."""
PER_SENTENCE = 2
"""Facts a lede sentence gives at most: its main clause and one that hangs on it."""
KEPT = 0.75
"""The most of the lede's sentence (who said it aside) a claim cut from it keeps."""

_SUBORDINATORS = "after|as|while|because|before|since|until|when|although|though|whereas"
# Where the main clause may end: a participle, a relative clause, an appositive or a phrase
# after a comma, or a subordinate clause or phrase.
_BOUNDARY = re.compile(
    r",\s+(?=[a-z]+ing\b)"
    r"|,\s+(?:which|who|whose|where|in a move|in what|in an?|amid|including|with|an?)\s"
    rf"|,?\s+(?P<sub>{_SUBORDINATORS}|but)\s+"
)
# "since 2016", "until March", "as well as", "as part of": a phrase the clause needs.
_KEEPS = re.compile(
    r"\d|(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|well|much|many|long|soon|far|such|if|though)\b"
)
# Attribution closing a sentence: ", the union Aslef has announced", ", it said on Monday".
_SAID = re.compile(
    r",\s+(?:according to [^,]{3,80}"
    r"|[^,]{1,60}?\s+(?:said|says|announced|has announced|have announced|reported|confirmed|"
    r"told [\w ]{1,30}?)(?:\s+(?:on|in|at|late|early|last|this|earlier)\b[^,]{0,30})?)"
    r"[.!]?\s*$"
)
# A span of time right before a subordinator goes with what follows: "resigned on Tuesday,
# five months after regulators found ...".
_LEAD_IN = re.compile(r",\s+[^,]{1,25}$")
_TIMES = frozenset(
    """
    seconds minutes hours days weeks months years decades moments shortly just soon long
    immediately hour day week month year
    """.split()
)
_PRONOUN = frozenset("it its they them their he him his she her this that these those".split())
_RELATIVE = frozenset("which who whom whose where that".split())
_FINITE = frozenset(
    """
    is are was were has have had will would can could may might must shall should did does
    do found showed rose fell won lost made took gave broke began left came went told held led
    ran set cut hit put paid sold bought brought kept met saw said struck swept grew spent
    became shut sent built burst fought knew drew wrote spoke stood sought
    """.split()
)


def lede_facts(sentence: Sentence) -> list[Fact]:
    """The facts of a lede sentence that a claim may carry: its main clause, then each
    subordinate clause, each keeping at most :data:`KEPT` of the sentence's words and
    leaving out :data:`LEFT_OUT` or more."""
    out: list[Fact] = []
    for fact in facts_of(sentence):
        said = _SAID.search(fact.text)
        text = fact.text[: said.start()] if said else fact.text
        whole = len(text.split())
        for start, end in _clauses(text):
            piece = text[start:end].strip().rstrip(",;:.")
            words = piece.split()
            if not MIN_WORDS <= len(words) <= min(whole - LEFT_OUT, KEPT * whole):
                continue
            at = fact.start + start + (len(text[start:end]) - len(text[start:end].lstrip()))
            out.append(Fact(piece, at, at + len(piece)))
    return out[:PER_SENTENCE]


def _clauses(text: str) -> list[tuple[int, int]]:
    """Spans of the main clause (up to the first place it may end) and of each subordinate
    clause that stands as a statement (up to where the next one begins)."""
    bounds = [m for m in _BOUNDARY.finditer(text) if _may_end(text, m)]
    spans: list[tuple[int, int]] = []
    if bounds:
        end = bounds[0].start()
        if _timed(text, bounds[0]):
            lead_in = _LEAD_IN.search(text, 0, end)
            end = lead_in.start() if lead_in is not None else end
        spans.append((0, end))
    for n, match in enumerate(bounds):
        if not match.group("sub"):
            continue
        end = bounds[n + 1].start() if n + 1 < len(bounds) else len(text)
        if _is_clause(text[match.end() : end].split()):
            spans.append((match.end(), end))
    return spans


def _may_end(text: str, match: re.Match[str]) -> bool:
    """Whether the main clause may end here: not before it has a few words ("Timothy J.
    Sloan, the chief executive ..."), nor where the phrase after belongs to it ("since 2016",
    "as well as"); after "as" or "but" without a comma, only before a clause of its own."""
    before = text[: match.start()].split()
    if len(before) < MIN_WORDS:
        return False
    sub = match.group("sub")
    if not sub:
        return True
    if _timed(text, match) and not _LEAD_IN.search(text, 0, match.start()):
        return False  # "up to three years before patients developed symptoms"
    after = text[match.end() :]
    if _KEEPS.match(after):
        return False
    if sub in ("as", "but") and not match.group().startswith(","):
        return after.startswith("part of ") or _is_clause(after.split())
    return True


def _timed(text: str, match: re.Match[str]) -> bool:
    """A span of time right before "after", "before", "since", "until" or "when": "five
    months after", "three years before"."""
    if match.group("sub") not in ("after", "before", "since", "until", "when"):
        return False
    before = text[: match.start()].split()
    return bool(before) and before[-1].lower() in _TIMES


def _is_clause(words: list[str]) -> bool:
    """Words that stand as a statement: a subject that is no pronoun, and a finite verb
    before any relative clause ("protests in which four people were killed" has none)."""
    if len(words) < MIN_WORDS or words[0].lower() in _PRONOUN or words[0][:1].isdigit():
        return False
    for word in words[1:]:
        low = word.lower().strip(",;:.")
        if low in _RELATIVE:
            return False
        if low in _FINITE or (low.endswith("ed") and len(low) > 4 and word[:1].islower()):
            return True
    return False
