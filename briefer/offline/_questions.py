"""Open questions from hedged statements, by rewriting them as questions.

"If X, it could Y." becomes "If X, could it Y?"; "It remains unclear whether the talks will
resume" becomes "Will the talks resume?"; "The board is expected to vote" becomes "Will the
board vote?"; "the deal could collapse" becomes "Could the deal collapse?". Statements the
rules cannot turn into a readable question are left out rather than mangled, and so are
reported plans ("said it would ..."), negated modals and requests for comment; quotations
are never reworded (the engine passes only the article's own sentences).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

__all__ = ["open_questions", "question_cues", "to_question"]

MAX_WORDS = 40

_LEADS = re.compile(
    r"^(?:(?:however|moreover|meanwhile|still|yet|but|and|so|furthermore|indeed|instead|"
    r"nevertheless|nonetheless|ultimately|for now|in the meantime|at the same time),?\s+)+",
    re.IGNORECASE,
)
_CONDITIONAL = re.compile(
    r"^(?P<cond>(?:even )?if [^,]{3,160}), (?P<subj>[^,]{1,60}?) "
    r"(?P<modal>could|may|might|would|will|can) (?P<rest>\S.*)$",
    re.IGNORECASE,
)
_UNCLEAR = re.compile(
    r"\b(?:(?:remains?|is|are|was|were|it's|still) (?:still |also )?(?:unclear|uncertain|"
    r"unknown|not (?:yet )?clear|not (?:yet )?known|an open question)(?: yet)?|"
    r"(?:has|have) (?:not|yet to) (?:said|say|decided|decide|announced|announce)|"
    r"(?:did|do|does) not (?:say|know|explain)) "
    r"(?P<wh>whether|if|how|when|why|what|who|where|which) (?P<clause>\S.*)$",
    re.IGNORECASE,
)
_WHETHER = re.compile(
    r"^Whether (?P<clause>[^,]{3,160}?) (?:may|might|could|will|would|remains|depends|is|will)\b"
)
_EXPECTED = re.compile(
    r"^(?P<subj>[^,]{1,80}?) (?:is|are) (?:widely |also |now |still )?"
    r"(?:expected|likely|set|due|scheduled|poised) to (?P<rest>\S.*)$",
)
_MODAL = re.compile(r"^(?P<subj>.{1,160}?) (?P<modal>could|may|might|would) (?P<rest>\S.*)$")
_FRAME = re.compile(
    r"^.*\b(?:that|said|say|says|warned|warns|believe|believes|noted|argued|suggested|fear|"
    r"fears|think|thinks|predicted|cautioned|whether|announced|reported|estimated|expects|"
    r"expected|hoped|hopes|agreed|decided|concluded|found|showed|shows|indicated|told \w+)\s+",
)
_CUT = re.compile(
    r"(?:,? (?:and|but|while) (?:would|will|could|may|might|must)\b|, (?:and|but|while) |"
    r" and that |"
    r",\s+(?:\w+\s+){0,3}(?:said|says|noted|warned|added|argued|wrote|told \w+)$).*$"
)
# A word one of the rules needs; most sentences have none and are passed over at once.
# The look-ahead names every first letter below, so a scan skips other characters at once.
_TRIGGER = re.compile(
    r"(?=[?IiWwcmunoelsdpy])"
    r"(?:\?|\b(?:[Ii]f|[Ww]hether|could|may|might|unclear|uncertain|unknown|not (?:yet )?"
    r"(?:clear|known)|open question|expected|likely|set to|due to|scheduled|poised|"
    r"(?:not|yet to) (?:said|say|decided|decide|announced|announce|know|explain))\b)"
)
# Statements that leave nothing open however they are worded.
_NO_NEWS = re.compile(
    r"\b(?:for comment|to comment|declined to|did not (?:immediately )?respond|"
    r"could not be reached|was not available|were not available)\b",
    re.IGNORECASE,
)
# "Could heavy machinery not yet reach ...?": a negated modal turned around reads wrongly.
_NEGATED = re.compile(r"^\w+ (?:\w+ ){0,8}?not\b|\bnot yet\b", re.IGNORECASE)
_NOT_SUBJECT = frozenset(
    """in on at by for with from to of into about over under after before during how what
    when why where whether if as than so and but or nor because although though""".split()
)
_PRONOUN_SUBJECTS = frozenset("it he she they we i you this that there".split())
_AUX = ("will", "would", "can", "could", "should", "is", "are", "was", "were", "might", "may")
_FINITE = frozenset("can will is are was were has have had does did do should must shall".split())
_QUANTITY = ("many", "much", "long", "far", "soon", "quickly", "big", "large", "often")
_MODAL_WORD = {"may": "could", "might": "could"}


def open_questions(
    statements: Iterable[str],
    *,
    common: set[str] | None = None,
    proper: set[str] | None = None,
    limit: int = 5,
) -> list[str]:
    """Questions from what ``statements`` leave open: unknowns, pending decisions, future
    events, conditions.

    Args:
        statements: sentences in article order. Pass the article's own sentences, not quoted
            words: a question is a rewrite, and a quotation must never be reworded (a
            statement that is already a question is kept as it is).
        common: lowercase words of the article, to tell "The" from "Russia" when a subject
            moves after its verb.
        proper: capitalized words that name something, which keep their capital.
        limit: how many questions at most; the strongest rules win, then article order.
    """
    found: dict[str, tuple[int, int]] = {}
    seen: set[str] = set()
    for order, statement in enumerate(statements):
        rewritten = to_question(statement, common=common, proper=proper)
        if rewritten is None:
            continue
        question, strength = rewritten
        if question.lower() not in seen and len(question.split()) <= MAX_WORDS:
            seen.add(question.lower())
            found[question] = (strength, order)
    best = sorted(found, key=lambda q: found[q])[:limit]
    return sorted(best, key=lambda q: found[q][1])


def question_cues(text: str) -> list[int]:
    """Where ``text`` has a word that may make a statement a question, in order.

    A sentence of ``text`` that holds none of them gives no question (:func:`to_question`
    looks for the same words first): one scan of a long article sorts out its sentences.
    """
    return [m.start() for m in _TRIGGER.finditer(text)]


def to_question(
    statement: str, *, common: set[str] | None = None, proper: set[str] | None = None
) -> tuple[str, int] | None:
    """One statement as a question, with the strength of the rule used (0 strongest)."""
    if not _TRIGGER.search(statement):
        return None  # nothing hedged, conditional or unknown: no rule can apply
    text = _clean(statement)
    if not text or _NO_NEWS.search(text):
        return None
    if text.endswith("?"):
        return (text, 0) if len(text.split()) >= 5 else None
    rules: list[Callable[[str, set[str]], str | None]] = [
        _conditional,
        _whether,
        _unclear,
        _expected,
        _hedge,
    ]
    words = common or set()
    if proper is not None:
        # Every capitalized word the names do not hold is a plain word in lower case.
        words = words | {w.lower() for w in text.split() if w[:1].isupper() and w not in proper}
    for strength, rule in enumerate(rules):
        question = rule(text.rstrip(".!;:"), words)
        if question and not _NEGATED.search(question):
            return _tidy(question), strength
    return None


def _clean(statement: str) -> str:
    text = statement.strip().strip('“”"').strip()
    text = _LEADS.sub("", text)
    return text[:1].upper() + text[1:] if text else text


def _conditional(text: str, common: set[str]) -> str | None:
    match = _CONDITIONAL.match(text)
    if not match or len(match["subj"].split()) > 8:
        return None
    modal = _MODAL_WORD.get(match["modal"].lower(), match["modal"].lower())
    return f"{match['cond']}, {modal} {_lower(match['subj'], common)} {match['rest']}"


def _whether(text: str, common: set[str]) -> str | None:
    """ "Whether X can Y may decide Z" -> "Can X Y?"; "Whether X Y ..." -> "Will X Y?"."""
    match = _WHETHER.match(text)
    if not match:
        return None
    return _invert("whether", match["clause"].split(), common) or f"Will {match['clause']}"


def _unclear(text: str, common: set[str]) -> str | None:
    match = _UNCLEAR.search(text)
    if not match:
        return None
    return _invert(match["wh"].lower(), match["clause"].split(), common)


def _invert(wh: str, words: list[str], common: set[str]) -> str | None:
    """Turn an indirect question into a direct one: "when the talks will resume" -> "When
    will the talks resume"."""
    if wh in ("how", "what", "which") and words and words[0].lower() in _QUANTITY:
        wh, words = f"{wh} {' '.join(words[:2])}", words[2:]
    for i, word in enumerate(words[:9]):
        if word.lower() in _AUX and 0 < i and i + 1 < len(words):
            if i == 1 and words[0].lower() in _PRONOUN_SUBJECTS:
                return None  # "When will it come to the floor?" says nothing on its own
            subject = _lower(" ".join(words[:i]), common)
            rest = " ".join(words[i + 1 :])
            if wh in ("whether", "if"):
                return f"{word.capitalize()} {subject} {rest}"
            return f"{wh.capitalize()} {word.lower()} {subject} {rest}"
    if wh in ("whether", "if"):
        return f"Is it clear whether {' '.join(words)}"
    return None


def _expected(text: str, common: set[str]) -> str | None:
    match = _EXPECTED.match(text)
    if not match or len(match["subj"].split()) > 12:
        return None
    return f"Will {_lower(match['subj'], common)} {match['rest']}"


def _hedge(text: str, common: set[str]) -> str | None:
    """ "X could/may/might Y" -> "Could X Y?"."""
    return _modal(text, common, ("could", "may", "might"))


def _modal(text: str, common: set[str], modals: tuple[str, ...]) -> str | None:
    match = _MODAL.match(text)
    if not match or match["modal"] not in modals:
        return None
    rest = _CUT.sub("", match["rest"])
    if len(rest.split()) < 2:
        return None
    subject = _FRAME.sub("", match["subj"] + " ")
    subject = subject.rsplit(", ", 1)[-1].strip()
    subject = re.sub(r"^(?:and|but|so|or|while|as)\s+", "", subject)
    words = subject.split()
    if not 1 <= len(words) <= 10 or words[0].lower() in ("which", "who", "that", "it's"):
        return None
    if len(words) == 1 and words[0].lower() in _PRONOUN_SUBJECTS:
        return None  # "Would it ...?" means nothing without the sentence before
    if {w.lower() for w in words} & {"which", "who", "whom", "whose", "where"}:
        return None
    if words[0].lower() in _NOT_SUBJECT:
        return None  # "in how the site would be used": a fragment, not a subject
    if {w.lower() for w in words} & _FINITE:
        return None  # "the company can bring costs down" is a clause, not a subject
    modal = _MODAL_WORD.get(match["modal"], match["modal"])
    return f"{modal.capitalize()} {_lower(subject, common)} {rest}"


def _lower(subject: str, common: set[str]) -> str:
    """Lowercase a subject's first word unless it is a name ("the deal", but "Russia")."""
    first = subject.split(maxsplit=1)[0] if subject else ""
    if first == "I" or not first[:1].isupper() or first.isupper():
        return subject
    if first.lower() in common or first in ("The", "A", "An", "This", "That", "It", "Any"):
        return first.lower() + subject[len(first) :]
    return subject


def _tidy(question: str) -> str:
    question = re.sub(r"\s+", " ", question).strip().rstrip(".,;:!")
    return question[:1].upper() + question[1:] + "?"
