"""Facts a sentence states that two outlets can disagree on: quantities, dates and tallies.

Each fact keeps what it takes to tell whether two of them speak of the same thing and agree:

- its **dimension** (a count, a percentage, money in one currency, a length, a speed...;
  a weekday, a year, a day of a month, a clock time; a tally such as 9-5 or 2-1) and, for a
  quantity, its value in base units (km/h and mph compare, euros and pounds do not);
- the **interval** the wording allows: rounding (2,000 allows 1,950 to 2,050; 2.1 million
  allows 2.05 to 2.15 million; 90 allows only 90), approximations (about, nearly), bounds
  (more than, at least, up to);
- what it counts (its **head** noun, in classes: fans and crowd are one, soldiers and
  prisoners two), the **events** around it (killed, injured, rose, fell...), a **marker**
  for parts (``four of the 21``, ``among them``), rates (``90 each``) and totals, a
  **time** qualifier (this year, next year), and a **window** of content words around it.

:mod:`briefer.brief._discrepancies` compares them across the sources of a story.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from briefer.text import Sentence, split_sentences
from briefer.words import CLAIM_STOPWORDS, STORY_STOPWORDS

__all__ = ["Fact", "content_stems", "sentence_facts", "window_stems"]

_NUMBER_WORDS = {
    w: n
    for n, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen twenty".split()
    )
} | {w: 10 * n for n, w in enumerate("_ _ _ thirty forty fifty sixty seventy eighty ninety".split()) if n >= 3}  # fmt: skip
_NUMBER_WORDS.pop("zero")
_NUMBER_WORDS.pop("one")  # "one of the", "the one channel": too often not a count
_WORDNUM = "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True))
_SCALES = {"thousand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6, "bn": 1e9, "billion": 1e9}
_SCALES["trillion"] = 1e12
_CURRENCIES = {"$": "USD", "£": "GBP", "€": "EUR", "¥": "JPY", "euro": "EUR", "euros": "EUR"}
_CURRENCIES |= {"dollar": "USD", "dollars": "USD", "pound": "GBP", "pounds": "GBP", "yen": "JPY"}
# unit -> (dimension, factor to the base unit, offset)
_UNITS: dict[str, tuple[str, float, float]] = {
    "%": ("percent", 1, 0), "percent": ("percent", 1, 0), "per cent": ("percent", 1, 0),
    "percentage point": ("points", 1, 0), "percentage points": ("points", 1, 0),
    "mph": ("speed", 1.609344, 0), "km/h": ("speed", 1, 0), "kph": ("speed", 1, 0),
    "km": ("length", 1000, 0), "kilometre": ("length", 1000, 0), "kilometres": ("length", 1000, 0),
    "kilometer": ("length", 1000, 0), "kilometers": ("length", 1000, 0),
    "mile": ("length", 1609.344, 0), "miles": ("length", 1609.344, 0),
    "metre": ("length", 1, 0), "metres": ("length", 1, 0), "meter": ("length", 1, 0),
    "meters": ("length", 1, 0), "feet": ("length", 0.3048, 0), "ft": ("length", 0.3048, 0),
    "kg": ("mass", 1, 0), "kilogram": ("mass", 1, 0), "kilograms": ("mass", 1, 0),
    "tonne": ("mass", 1000, 0), "tonnes": ("mass", 1000, 0), "ton": ("mass", 907.185, 0),
    "tons": ("mass", 907.185, 0), "c": ("temperature", 1, 0), "°c": ("temperature", 1, 0),
    "f": ("temperature", 5 / 9, -32), "°f": ("temperature", 5 / 9, -32),
    "degrees celsius": ("temperature", 1, 0), "degrees fahrenheit": ("temperature", 5 / 9, -32),
    "second": ("duration", 1, 0), "seconds": ("duration", 1, 0),
    "minute": ("duration", 60, 0), "minutes": ("duration", 60, 0),
    "hour": ("duration", 3600, 0), "hours": ("duration", 3600, 0),
    "day": ("duration", 86400, 0), "days": ("duration", 86400, 0),
    "week": ("duration", 604800, 0), "weeks": ("duration", 604800, 0),
    "month": ("duration", 2629800, 0), "months": ("duration", 2629800, 0),
    "year": ("duration", 31557600, 0), "years": ("duration", 31557600, 0),
}  # fmt: skip
_UNIT_RE = "|".join(re.escape(u) for u in sorted(_UNITS, key=len, reverse=True))
_CUR_WORDS = "|".join(sorted((c for c in _CURRENCIES if c.isalpha()), key=len, reverse=True))

_QUANTITY = re.compile(
    rf"(?<![\w.,:/-])(?P<cur>[$£€¥])?\s?"
    rf"(?P<num>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?|(?:{_WORDNUM})(?:-(?:{_WORDNUM}))?)"
    rf"(?![\d:]|(?:st|nd|rd|th)\b)(?:\s?(?P<scale>thousand|million|billion|trillion|bn|m|k)\b)?"
    rf"(?:-(?P<hyphen>[a-z]+)(?P<old>-old)?\b|\s?(?P<unit>{_UNIT_RE})(?![a-z])"
    rf"|\s(?P<curword>{_CUR_WORDS})\b)?",
    re.IGNORECASE,
)
_TALLY = re.compile(
    r"(?<![\w.,:-])(\d{1,3})\s?(?:[-\u2013]|votes? to)\s?(\d{1,3})(?![\w:-]|\.\d)", re.IGNORECASE
)
_CLOCK = re.compile(
    r"(?<![\w:])(?:(\d{1,2}:\d\d(?::\d\d)?)(?!\s?[ap]\.?m)|(\d{1,2}(?:[.:]\d\d)?)\s?([ap])\.?m\b\.?)",
    re.IGNORECASE,
)
_WEEKDAYS = "monday tuesday wednesday thursday friday saturday sunday".split()
_MONTHS = (
    "january february march april may june july august september october november december"
).split()
_WEEKDAY = re.compile(r"\b(" + "|".join(_WEEKDAYS) + r")\b(?!'s|\u2019s)", re.IGNORECASE)
_DAY_MONTH = re.compile(
    r"\b(?:(\d{1,2})(?:st|nd|rd|th)?\s+(" + "|".join(_MONTHS) + r")|("
    + "|".join(_MONTHS)
    + r")\s+(\d{1,2})(?:st|nd|rd|th)?)\b",
    re.IGNORECASE,
)
_YEAR = re.compile(r"(?<![\w$£€.,-])(1[89]\d\d|20\d\d)(?![\w%-]|[.,]\d)")

# Words that bound a fact's context: its clause.
_CLAUSE_BREAK = re.compile(r"[;:()\u2014]|\bbut\b|\bwhile\b|\bwhereas\b", re.IGNORECASE)
_PHRASE_BREAK = re.compile(
    r"[;:,()\u2014]|\b(?:but|while|whereas|and|or|which|who)\b", re.IGNORECASE
)
_WORD = re.compile(r"[A-Za-z][A-Za-z'\u2019-]*|\d[\d,.]*")
_HEAD_STOP = CLAIM_STOPWORDS | {"each", "apiece", "per", "a", "an", "more", "than", "were", "was"}
_HEAD_SKIP = {"such", "other", "more", "new", "further", "additional", "extra", "fresh"}
_IRREGULAR_PLURALS = {"people", "men", "women", "children", "police", "staff", "personnel"}
_HEAD_CLASSES = {
    "people": "people", "person": "people", "individual": "people",
    "fan": "crowd", "crowd": "crowd", "spectator": "crowd", "supporter": "crowd",
    "attendance": "crowd", "prisoner": "prisoner", "captive": "prisoner",
    "detainee": "prisoner", "pow": "prisoner", "soldier": "soldier", "troop": "soldier",
    "servicemen": "soldier", "serviceman": "soldier", "personnel": "soldier",
    "home": "home", "household": "home", "house": "home", "property": "home",
    "job": "job", "post": "job", "worker": "job", "employee": "job", "staff": "job",
    "store": "store", "shop": "store", "branch": "store", "outlet": "store",
    "vote": "vote", "ballot": "vote", "case": "case", "infection": "case",
    "death": "death", "fatality": "death", "dead": "death", "men": "man", "women": "woman",
    "piece": "object", "sculpture": "object", "bronze": "object", "object": "object",
}  # fmt: skip
_EVENTS = {
    "death": "kill killed die died dead death deaths fatal fatalities lives toll",
    "injury": "injur injured injuries wounded hurt",
    "arrest": "arrest arrested detain detained",
    "rescue": "rescued survivor survivors saved",
    "missing": "missing",
    "rise": "rose rise risen rising increase increased gained climbed jumped grew higher up",
    "fall": "fell fall fallen falling drop dropped declined slipped eased shrank lower down",
    "close": "close closed closing shut",
    "open": "open opened opening",
}
_EVENT_OF = {word: event for event, words in _EVENTS.items() for word in words.split()}
_APPROX = re.compile(
    r"(about|around|roughly|approximately|some|an estimated|almost|nearly|close to|"
    r"more than|over|above|upwards of|at least|fewer than|less than|under|below|up to|"
    r"as many as|at most)\s+$",
    re.IGNORECASE,
)
_PART_BEFORE = re.compile(
    r"\b(?:among (?:them|those|whom)|including|of whom|of which)\b[^,;]*$"
    r"|\bamong\b[^,;]*\b(?:were|was|are|is)\s+$",
    re.IGNORECASE,
)
_RANK_BEFORE = re.compile(r"\b(?:number|no\.|top|world)\s+$", re.IGNORECASE)
_PART_AFTER = re.compile(r"^\s*(?:of\s+(?:the|them|whom|those|these|its)|were\s+\w+s\b)", re.I)
_EACH = re.compile(r"^\s*(?:\w+\s+){0,2}?(?:each|apiece|per\b|a (?:day|week|month|year)\b)", re.I)
_EACH_AFTER_HEAD = re.compile(r"^\s*(?:from\s+)?each\b", re.IGNORECASE)
_TOTAL = re.compile(r"\b(?:a total of|in total|in all|altogether|combined)\b", re.IGNORECASE)
_TIME = re.compile(
    r"^[^.;]{0,24}?\b(this|next|last) (year|month|week|quarter)\b|^[^.;]{0,12}?\bin (\d{4})\b",
    re.IGNORECASE,
)
_AGE_BEFORE = re.compile(
    r"(?:\bage of|\baged|\b(?:retir\w*|died|dies|dying|quit\w*|debut\w*) at)\s+$", re.I
)
_HEAD_BEFORE = re.compile(r"\b(crowd|attendance|toll|total|turnout)\s+of\s+(?:some\s+)?$", re.I)


@dataclass(frozen=True)
class Fact:
    """One thing a sentence states, with what it takes to compare it with another source's."""

    kind: str
    """number, date or outcome (for a score)."""
    dim: str
    """What it measures: count, percent, money:GBP, speed, weekday, year, tally..."""
    text: str
    """The words that state it, as written ("at least 14 people", "2.5%", "Tuesday")."""
    sentence: Sentence
    value: float = 0.0
    low: float = 0.0
    high: float = 0.0
    precision: float = 0.0
    """How exactly the value is written (2,000: 1000; 2.5: 0.1; 90: 1), in base units."""
    label: str = ""
    """For a date or tally, its normalized form ("tuesday", "2-1")."""
    qualifier: str = ""
    head: str = ""
    head_text: str = ""
    events: frozenset[str] = frozenset()
    marker: str = ""
    """part, each or total."""
    time: str = ""
    before: str = ""
    """The word just before it (the preposition of a date: on, in, since, until)."""
    window: frozenset[str] = frozenset()
    subject: frozenset[str] = frozenset()
    """For an outcome: the words before its verb (who won, what was passed)."""
    obj: frozenset[str] = frozenset()
    """For an outcome: the words after its verb."""


# Words every story has (days, months, "said") say nothing about which thing a fact is about.
_NOT_CONTENT = CLAIM_STOPWORDS | STORY_STOPWORDS | frozenset(_NUMBER_WORDS) | frozenset(
    "january february march april june july august september october november december "
    "tonight earlier later".split()
)


def content_stems(words: list[str]) -> frozenset[str]:
    """Content words cut to five letters, a crude lemma ("retiring" and "retirement" meet)."""
    return frozenset(w.casefold()[:5] for w in words if _is_content(w))


def window_stems(
    sentence: Sentence, start: int, end: int, width: int = 4, *, tight: bool = False
) -> frozenset[str]:
    """The ``width`` content words on each side of a span (sentence offsets), inside its
    clause; ``tight`` also stops at a comma or a conjunction (a figure's own phrase)."""
    text = sentence.text
    breaks = _PHRASE_BREAK if tight else _CLAUSE_BREAK
    low = max((m.end() for m in breaks.finditer(text, 0, start)), default=0)
    high = next((m.start() for m in breaks.finditer(text, end)), len(text))
    left = [w for w in _WORD.findall(text[low:start]) if _is_content(w)][-width:]
    right = [w for w in _WORD.findall(text[end:high]) if _is_content(w)][:width]
    return content_stems(left + right)


def _is_content(word: str) -> bool:
    return word[0].isalpha() and word.casefold() not in _NOT_CONTENT and len(word) > 2


def _parse_number(raw: str) -> tuple[float, float]:
    """The value and the precision the writer gave it (2,000 -> 1000; 2.1 -> 0.1; 90 -> 1)."""
    word = raw.casefold()
    if word[0].isalpha():
        parts = word.split("-")
        return float(sum(_NUMBER_WORDS.get(p, 0) for p in parts)), 1.0
    digits = raw.replace(",", "")
    value = float(digits)
    if "." in digits:
        return value, 10.0 ** -len(digits.split(".")[1])
    zeros = len(digits) - len(digits.rstrip("0"))
    return value, 10.0**zeros if zeros >= 2 and value else 1.0


def _head(text: str) -> tuple[str, str]:
    """What a quantity counts: the last plural of the next few words (the head class, words)."""
    words: list[str] = []
    for word in _WORD.findall(re.split(r"[,.;:()!?\u2014\"\u201c\u201d]", text[:60], maxsplit=1)[0]):
        if word.casefold() in _HEAD_SKIP:
            continue
        if word.casefold() in _HEAD_STOP or word[0].isdigit():
            break
        words.append(word)
        if len(words) == 3:
            break
    if not words:
        return "", ""
    plural = [w for w in words if w.casefold() in _IRREGULAR_PLURALS or _is_plural(w)]
    chosen = plural[-1] if plural else words[0]
    if chosen[0].isupper() and not plural:
        return "", ""  # "number three Ana Petrovic": a name follows, not what is counted
    stem = chosen.casefold()
    stem = stem if stem in _IRREGULAR_PLURALS else stem.removesuffix("s")
    return _HEAD_CLASSES.get(stem, stem), " ".join(words[: words.index(chosen) + 1])


def _is_plural(word: str) -> bool:
    w = word.casefold()
    return len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is"))


def _interval(value: float, precision: float, qualifier: str) -> tuple[float, float]:
    q = qualifier.casefold()
    if q in ("about", "around", "roughly", "approximately", "some", "an estimated"):
        return value * 0.9, value * 1.1
    if q in ("almost", "nearly", "close to"):
        return value * 0.85, value
    if q in ("more than", "over", "above", "upwards of"):
        return value, math.inf
    if q == "at least":
        return value, math.inf
    if q in ("fewer than", "less than", "under", "below", "up to", "as many as", "at most"):
        return 0.0, value
    return value - precision / 2, value + precision / 2


_CONJUNCTION = re.compile(r"\b(?:and|but|while)\b|[,;]", re.IGNORECASE)


def _events(sentence: Sentence, start: int, end: int) -> frozenset[str]:
    """What happened to what a fact counts: event words just before it (back to a comma or
    "and") and a few after it ("were killed or hurt")."""
    text = sentence.text
    left = text[max(0, start - 40) : start]
    cut = list(_CONJUNCTION.finditer(left))
    if cut:
        left = left[cut[-1].end() :]
    right = text[end : end + 40]
    stop = _CONJUNCTION.search(right)
    if stop:
        right = right[: stop.start()]
    raw = _WORD.findall(left)[-3:] + _WORD.findall(right)[:5]
    return frozenset(_EVENT_OF[w.casefold()] for w in raw if w.casefold() in _EVENT_OF)


def _quantities(sentence: Sentence, taken: list[tuple[int, int]]) -> list[Fact]:
    facts = []
    text = sentence.text
    for m in _QUANTITY.finditer(text):
        if any(s <= m.start("num") < e for s, e in taken) or _RANK_BEFORE.search(
            text[: m.start()]
        ):
            continue
        raw = m.group("num")
        value, precision = _parse_number(raw)
        if m.group("hyphen") and not m.group("old"):
            unit = m.group("hyphen").casefold()
            if unit not in _UNITS:  # "30-man squad": a count of what follows
                head, head_text = _head(text[m.end() :])
                facts.append(
                    _fact(sentence, m, "count", value, precision, head or unit, head_text)
                )
                continue
        dim, base = "count", value
        scale = _SCALES.get((m.group("scale") or "").casefold(), 1.0)
        currency = _CURRENCIES.get(m.group("cur") or (m.group("curword") or "").casefold())
        if m.group("scale", "cur", "unit", "curword", "hyphen") == (None,) * 5 and _is_year(
            raw, text[m.end() : m.end() + 20]
        ):
            continue  # a year: a date, not a quantity
        if m.group("scale", "cur", "unit") == ("m", None, None) or (
            m.group("scale") in ("k", "K") and not currency
        ):
            continue  # "100m" without a currency is a distance, not a million
        unit_name = (m.group("unit") or m.group("hyphen") or "").casefold()
        if m.group("old"):
            dim = "age"
        elif currency:
            dim = f"money:{currency}"
        elif unit_name in _UNITS:
            dim, factor, offset = _UNITS[unit_name]
            base = (value + offset) * factor
            precision *= factor
        value, precision = base * scale, precision * scale
        head, head_text = ("", "") if dim not in ("count", "age") else _head(text[m.end() :])
        before = _HEAD_BEFORE.search(text[: m.start()])
        if before:  # "a crowd of 24,812": the head comes first
            head = _HEAD_CLASSES.get(before.group(1).casefold(), before.group(1).casefold())
            head_text = ""
        if dim == "count" and not head and _AGE_BEFORE.search(text[: m.start()]):
            dim = "age"
        facts.append(_fact(sentence, m, dim, value, precision, head, head_text))
    return facts


def _is_year(raw: str, after: str) -> bool:
    return bool(re.fullmatch(r"1[89]\d\d|20\d\d", raw)) and not _head(after)[0]


def _fact(
    sentence: Sentence,
    m: re.Match[str],
    dim: str,
    value: float,
    precision: float,
    head: str,
    head_text: str,
) -> Fact:
    text = sentence.text
    start, end = m.start(), m.end()
    qualifier = _APPROX.search(text[:start])
    q = qualifier.group(1) if qualifier else ""
    low, high = _interval(value, precision, q)
    after = text[end:]
    marker = ""
    if _PART_BEFORE.search(text[:start]) or _PART_AFTER.match(after):
        marker = "part"
    elif _EACH.match(after) or _EACH_AFTER_HEAD.match(after[len(head_text) + 1 :]):
        marker = "each"
    elif _TOTAL.search(text[max(0, start - 20) : end + 20]):
        marker = "total"
    time = _TIME.match(after)
    phrase_start = qualifier.start(1) if qualifier else start
    phrase_end = end + (len(head_text) + 1 if head_text and after.startswith(" ") else 0)
    window = window_stems(sentence, phrase_start, phrase_end, tight=True)
    return Fact(
        kind="number",
        dim=dim,
        text=text[phrase_start:phrase_end].strip(),
        sentence=sentence,
        value=value,
        low=low,
        high=high,
        precision=precision,
        qualifier=q.casefold(),
        head=head,
        head_text=head_text,
        events=_events(sentence, start, phrase_end),
        marker=marker,
        time=" ".join(g for g in time.groups() if g).casefold() if time else "",
        window=window,
    )


def _dates_and_tallies(sentence: Sentence) -> tuple[list[Fact], list[tuple[int, int]]]:
    """Tallies, clock times, weekdays, days of months and years; and the spans they take."""
    text = sentence.text
    facts: list[Fact] = []
    taken: list[tuple[int, int]] = []

    def add(kind: str, dim: str, start: int, end: int, label: str) -> None:
        taken.append((start, end))
        before = _WORD.findall(text[max(0, start - 12) : start])
        facts.append(
            Fact(
                kind=kind,
                dim=dim,
                text=text[start:end],
                sentence=sentence,
                label=label,
                before=before[-1].casefold() if before else "",
                events=_events(sentence, start, end),
                window=window_stems(sentence, start, end, tight=True),
            )
        )

    for m in _CLOCK.finditer(text):
        if m.group(1):
            add("number", "clock", m.start(), m.end(), m.group(1))
        else:
            hour = m.group(2).replace(".", ":")
            add("date", "time", m.start(), m.end(), f"{hour}{m.group(3).casefold()}m")
    for m in _TALLY.finditer(text):
        if any(s <= m.start() < e for s, e in taken):
            continue
        pair = sorted((int(m.group(1)), int(m.group(2))), reverse=True)
        add("number", "tally", m.start(), m.end(), f"{pair[0]}-{pair[1]}")
    for m in _WEEKDAY.finditer(text):
        add("date", "weekday", m.start(), m.end(), m.group(1).casefold())
    for m in _DAY_MONTH.finditer(text):
        day, month = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
        add("date", "daymonth", m.start(), m.end(), f"{int(day)} {month.casefold()}")
    for m in _YEAR.finditer(text):
        if not any(s <= m.start() < e for s, e in taken) and _is_year(m.group(1), text[m.end() :]):
            add("date", "year", m.start(), m.end(), m.group(1))
    return facts, taken


def sentence_facts(text: str) -> list[Fact]:
    """Every quantity, date, time and tally each sentence of ``text`` states."""
    facts: list[Fact] = []
    for sentence in split_sentences(text):
        dated, taken = _dates_and_tallies(sentence)
        facts += dated + _quantities(sentence, taken)
    return facts
