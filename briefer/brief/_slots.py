"""Facts stated with names and verbs: places, who did something, people's names, outcomes.

- A **slot** is a name after a preposition that says where or by whom ("in Odesa", "into the
  Sumy region", "brokered by Turkey", "chief economist at Rhein Capital"): a place, or a name
  when the preposition is "by" or the name is an organization's.
- A **person** is a run of two or three capitalized words that looks like a given name and a
  surname; two sources naming one surname with different given names disagree on a name.
- An **outcome** is a verb from one of a few groups of mutually exclusive results (won, lost
  or drew; passed or rejected; raised, held or cut; convicted or acquitted; resigned or was
  sacked), with the words before and after it, so "Kingsmere beat Ashford Vale" and "Ashford
  Vale lost to Kingsmere" agree and "Parliament passed the bill" and "Parliament rejected the
  bill" do not. Groups that need a topic (rates, bills, verdicts) only count with one nearby.
"""

from __future__ import annotations

import re

from briefer.brief._context import Fact, content_stems, window_stems
from briefer.lexicon import GIVEN_NAMES, KNOWN
from briefer.text import Sentence, split_sentences
from briefer.words import MONTH_NAMES, WEEKDAY_NAMES

__all__ = ["name_facts", "same_name"]

_NAME = r"[A-Z][\w'\u2019-]*(?:\s+(?:of\s+|and\s+|&\s+|de\s+)?[A-Z][\w'\u2019-]*)*"
_DIRECTION = r"(?:(?:north|south|east|west)(?:ern|-eastern|-western)?|central)\s+"
_SLOT = re.compile(
    rf"\b(in|into|at|near|outside|from|by|left|departed)\s+(?:the\s+)?(?:{_DIRECTION})?({_NAME})",
)
_RUN = re.compile(r"(?<![\w'\u2019-])[A-Z][a-z'\u2019-]+(?:\s+[A-Z][a-z'\u2019-]+){1,2}\b")
_MONTHS_DAYS = {name.capitalize() for name in (*MONTH_NAMES, *WEEKDAY_NAMES)}
_ORG_WORDS = {
    "Capital", "Bank", "Group", "Inc", "Ltd", "Co", "Corp", "University", "Institute",
    "Ministry", "Council", "Party", "Headquarters", "Agency", "Association", "Union",
    "Committee", "Commission", "Court", "Fund", "Foundation", "Museum", "Partners",
    "Holdings", "Company", "Office", "Service", "Authority", "Board", "Athletic", "United",
    "City", "Rovers", "Times", "News", "Post", "Radio", "Daily", "Wire", "Herald",
}  # fmt: skip
_PLACE_WORDS = {
    "Park", "Street", "Road", "Stadium", "Square", "Bridge", "Hall", "Vale", "Valley",
    "River", "Lake", "Mountain", "Island", "Airport", "Station", "Centre", "Center",
    "Region", "Province", "District", "Sea", "Coast", "Port", "Gate", "Lane",
}  # fmt: skip
_NOT_FIRST = {"The", "A", "An", "In", "On", "At", "By", "For", "And", "But", "If", "As", "Its"}
_PERSON_CUE = re.compile(
    r"^\s*(?:,\s*(?:who|the|a|an|head|chief|director|minister|president|spokes\w*)\b|"
    r"(?:said|says|told|added|wrote|scored)\b)",
    re.IGNORECASE,
)
_ROLE_BEFORE = re.compile(
    r"\b(?:minister|secretary|executive|chief|president|coach|manager|mayor|leader|head|"
    r"chair\w*|director|spokes\w*|Mr|Mrs|Ms|Dr),?\s+$"
)

_OUTCOMES: dict[str, dict[str, str]] = {
    "result": {
        "win": r"won|wins|win|beat|beats|clinched",
        "lose": r"lost|loses|lose|were beaten|was beaten|went down",
        "draw": r"drew|drawn|tied",
    },
    "approval": {
        "approve": r"passed|passes|approved|approves|adopted|accepted|accept|endorsed|"
        r"voted for|voted to accept|voted to approve",
        "reject": r"rejected|reject|rejects|voted down|voted against|voted to reject|"
        r"threw out|turned down|blocked|was defeated|were defeated",
    },
    "rate": {
        "raise": r"raised|raises|increased|hiked|lifted",
        "hold": r"held|holds|kept|keeps|left|leaves|stood pat|stands pat|on hold",
        "cut": r"cut|cuts|lowered|reduced|trimmed",
    },
    "verdict": {
        "convict": r"convicted|found guilty|guilty",
        "acquit": r"acquitted|cleared|found not guilty|not guilty",
    },
    "departure": {
        "resign": r"resigned|resigns|quit|stepped down",
        "dismiss": r"was sacked|was fired|was dismissed|was ousted|sacked|fired|dismissed|ousted",
    },
}
_TOPIC = {
    "rate": re.compile(r"\b(?:rates?|interest|borrowing costs)\b", re.IGNORECASE),
    "approval": re.compile(
        r"\b(?:bill|law|motion|amendment|offer|deal|budget|plan|measure|resolution|proposal|"
        r"treaty|agreement|application|scheme)s?\b",
        re.IGNORECASE,
    ),
    "verdict": re.compile(r"\b(?:jury|court|judge|trial|charges?|fraud|murder)\b", re.I),
}
_VERB = {
    group: re.compile(
        r"\b(?:" + "|".join(f"(?P<{cls}>{pattern})" for cls, pattern in classes.items()) + r")\b",
        re.IGNORECASE,
    )
    for group, classes in _OUTCOMES.items()
}
_CLAUSE = re.compile(r"[;:]|,\s+(?:and|but|while|after|as|which)\b|\.\s")
_WORD = re.compile(r"[A-Za-z][A-Za-z'\u2019-]*")


def _canonical(name: str) -> str:
    known = KNOWN.get(name)
    return known[0] if known else name


def same_name(a: str, b: str) -> bool:
    """Whether two names can be one place or body: equal, an alias, one inside the other, or
    a country and something smaller (a city is in some country)."""
    a, b = _canonical(a), _canonical(b)
    ta, tb = set(a.split()), set(b.split())
    if ta <= tb or tb <= ta:
        return True
    countries = [x in KNOWN and KNOWN[x][1] == "country" for x in (a, b)]
    return countries[0] != countries[1]


def _slots(sentence_text: str, sentence: Sentence) -> list[Fact]:
    facts = []
    for m in _SLOT.finditer(sentence_text):
        name = m.group(2)
        words = name.split()
        if words[0] in _MONTHS_DAYS or words[0] in _NOT_FIRST:
            continue
        trigger = {"left": "from", "departed": "from"}.get(m.group(1), m.group(1))
        organization = any(w in _ORG_WORDS for w in words)
        kind = "name" if trigger == "by" or organization else "place"
        start, end = m.start(2), m.end(2)
        window = window_stems(sentence, start, end) - content_stems(words)
        before = _WORD.findall(sentence_text[: m.start(1)])
        facts.append(
            Fact(
                kind=kind,
                dim=f"slot:{trigger}",
                text=name,
                sentence=sentence,
                label=_canonical(name),
                before=before[-1].casefold() if before else "",
                window=window,
            )
        )
    return facts


def _people(sentence_text: str, sentence: Sentence) -> list[Fact]:
    facts = []
    for m in _RUN.finditer(sentence_text):
        words = m.group().split()
        if (
            words[0] in _NOT_FIRST
            or any(w in _MONTHS_DAYS or w in _ORG_WORDS or w in _PLACE_WORDS for w in words)
            or any(w in KNOWN for w in words)
            or m.group() in KNOWN
        ):
            continue
        confident = (
            words[0] in GIVEN_NAMES
            or bool(_PERSON_CUE.match(sentence_text[m.end() :]))
            or bool(_ROLE_BEFORE.search(sentence_text[: m.start()]))
        )
        facts.append(
            Fact(
                kind="name",
                dim="person",
                text=m.group(),
                sentence=sentence,
                label=words[-1],
                head=" ".join(words[:-1]),
                qualifier="confident" if confident else "",
            )
        )
    return facts


def _outcomes(sentence_text: str, sentence: Sentence) -> list[Fact]:
    facts = []
    for group, verb in _VERB.items():
        for m in verb.finditer(sentence_text):
            cls = next(k for k, v in m.groupdict().items() if v)
            low = max((c.end() for c in _CLAUSE.finditer(sentence_text, 0, m.start())), default=0)
            high = next(
                (c.start() for c in _CLAUSE.finditer(sentence_text, m.end())), len(sentence_text)
            )
            clause = sentence_text[low:high]
            topic = _TOPIC.get(group)
            if topic is not None and not topic.search(clause):
                continue
            # The four content words before the verb and the five after it.
            subject = frozenset(list(content_stems_ordered(sentence_text[low : m.start()]))[-4:])
            obj = frozenset(list(content_stems_ordered(sentence_text[m.end() : high]))[:5])
            facts.append(
                Fact(
                    kind="outcome",
                    dim=f"outcome:{group}",
                    text=m.group(),
                    sentence=sentence,
                    label=cls,
                    subject=subject,
                    obj=obj,
                    window=subject | obj,
                )
            )
    return facts


def content_stems_ordered(text: str) -> dict[str, None]:
    """The content words of ``text`` as stems, in order, each once."""
    return {stem: None for word in _WORD.findall(text) for stem in content_stems([word])}


def name_facts(text: str) -> list[Fact]:
    """Every place, named agent, person and outcome each sentence of ``text`` states."""
    facts: list[Fact] = []
    for sentence in split_sentences(text):
        facts += _slots(sentence.text, sentence)
        facts += _people(sentence.text, sentence)
        facts += _outcomes(sentence.text, sentence)
    return facts
