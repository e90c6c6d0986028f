"""Figures a sentence states that two outlets can disagree on: quantities, dates and tallies.

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
from collections import Counter
from dataclasses import replace

from briefer.brief._context import EVENT_OF, WORD, Fact, events_near, window_stems
from briefer.brief._measures import (
    CURRENCIES,
    HEAD_CLASSES,
    NUMBER_WORDS,
    SCALES,
    UNITS,
)
from briefer.text import Sentence, split_sentences
from briefer.words import CLAIM_STOPWORDS, MONTH_NAMES, WEEKDAY_NAMES

__all__ = ["sentence_facts"]

_WORDNUM = "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))
_UNIT_RE = "|".join(re.escape(u) for u in sorted(UNITS, key=len, reverse=True))
_CUR_WORDS = "|".join(sorted((c for c in CURRENCIES if c.isalpha()), key=len, reverse=True))

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
_WEEKDAYS = WEEKDAY_NAMES
_MONTHS = MONTH_NAMES
_WEEKDAY = re.compile(r"\b(" + "|".join(_WEEKDAYS) + r")\b(?!'s|\u2019s)", re.IGNORECASE)
_DAY_MONTH = re.compile(
    r"\b(?:(\d{1,2})(?:st|nd|rd|th)?\s+("
    + "|".join(_MONTHS)
    + r")|("
    + "|".join(_MONTHS)
    + r")\s+(\d{1,2})(?:st|nd|rd|th)?)\b",
    re.IGNORECASE,
)
_YEAR = re.compile(r"(?<![\w$£€.,-])(1[89]\d\d|20\d\d)(?![\w%-]|[.,]\d)")

_HEAD_STOP = CLAIM_STOPWORDS | {"each", "apiece", "per", "a", "an", "more", "than", "were", "was"}
_HEAD_SKIP = {"such", "other", "more", "new", "further", "additional", "extra", "fresh"}
_IRREGULAR_PLURALS = {"people", "men", "women", "children", "police", "staff", "personnel"}
_APPROX = re.compile(
    r"\b(about|around|roughly|approximately|some|an estimated|almost|nearly|close to|"
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
_PART_AFTER = re.compile(
    r"^\s*(?:of\s+(?!(?:its|their|his|her)\s+own\b)(?:the|them|whom|those|these|its)|"
    r"were\s+\w+s\b)",
    re.I,
)
_OWN = re.compile(r"^\s*of\s+(?:its|their|his|her)\s+own\b", re.IGNORECASE)
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
_MORE_AFTER = re.compile(r"^\s*(?:more|further|additional|extra|new)\b", re.IGNORECASE)
_MORE_BEFORE = re.compile(r"\b(?:another|a further|an additional|an extra)\s+$", re.IGNORECASE)
# "the death toll rose to 21", "the number of people killed ... rose to 21": the head is before.
_TOLL_BEFORE = re.compile(
    r"\b(?:(death toll|toll)|number of (\w+)(?:\s+(\w+))?)\b[^.;]{0,70}?"
    r"\b(?:rose|risen|climbed|increased|jumped|reached|stood|stands|fell|dropped|was|is|to|at)"
    r"\s+(?:to\s+|at\s+)?$",
    re.IGNORECASE,
)
_HEAD_BEFORE = re.compile(r"\b(crowd|attendance|toll|total|turnout)\s+of\s+(?:some\s+)?$", re.I)


def _parse_number(raw: str) -> tuple[float, float]:
    """The value and the precision the writer gave it (2,000 -> 1000; 2.1 -> 0.1; 90 -> 1)."""
    word = raw.casefold()
    if word[0].isalpha():
        parts = word.split("-")
        return float(sum(NUMBER_WORDS.get(p, 0) for p in parts)), 1.0
    digits = raw.replace(",", "")
    value = float(digits)
    if "." in digits:
        return value, 10.0 ** -len(digits.split(".")[1])
    zeros = len(digits) - len(digits.rstrip("0"))
    return value, 10.0**zeros if zeros >= 2 and value else 1.0


def _head(text: str) -> tuple[str, str]:
    """What a quantity counts: the last plural of the next few words (the head class, words)."""
    words: list[str] = []
    text = _OWN.sub("", text, count=1)  # "90 of its own servicemen" counts servicemen
    for word in WORD.findall(re.split(r"[,.;:()!?\u2014\"\u201c\u201d]", text[:60], maxsplit=1)[0]):
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
    stem = stem if stem in _IRREGULAR_PLURALS or stem.endswith("men") else stem.removesuffix("s")
    return HEAD_CLASSES.get(stem, stem), " ".join(words[: words.index(chosen) + 1])


def _is_plural(word: str) -> bool:
    w = word.casefold()
    if len(w) > 4 and w.endswith("men"):  # servicemen, fishermen
        return True
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


def _toll_events(before: str) -> frozenset[str]:
    toll = _TOLL_BEFORE.search(before)
    if toll is None:
        return frozenset()
    if toll.group(1):
        return frozenset({"death"})
    words = [w for w in (toll.group(2), toll.group(3)) if w]
    return frozenset(EVENT_OF[w.casefold()] for w in words if w.casefold() in EVENT_OF)


def _quantities(sentence: Sentence, taken: list[tuple[int, int]]) -> list[Fact]:
    facts = []
    text = sentence.text
    for m in _QUANTITY.finditer(text):
        if any(s <= m.start("num") < e for s, e in taken) or _RANK_BEFORE.search(text[: m.start()]):
            continue
        raw = m.group("num")
        value, precision = _parse_number(raw)
        if m.group("hyphen") and not m.group("old"):
            unit = m.group("hyphen").casefold()
            if unit not in UNITS:  # "30-man squad": a count of what follows
                head, head_text = _head(text[m.end() :])
                facts.append(_fact(sentence, m, "count", value, precision, head or unit, head_text))
                continue
        dim, base = "count", value
        scale = SCALES.get((m.group("scale") or "").casefold(), 1.0)
        currency = CURRENCIES.get(m.group("cur") or (m.group("curword") or "").casefold())
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
        elif unit_name in UNITS:
            dim, factor, offset = UNITS[unit_name]
            base = (value + offset) * factor
            precision *= factor
        value, precision = base * scale, precision * scale
        head, head_text = ("", "") if dim not in ("count", "age") else _head(text[m.end() :])
        before = _HEAD_BEFORE.search(text[: m.start()])
        if before:  # "a crowd of 24,812": the head comes first
            head = HEAD_CLASSES.get(before.group(1).casefold(), before.group(1).casefold())
            head_text = ""
        toll = _TOLL_BEFORE.search(text[: m.start()]) if dim == "count" and not head else None
        if toll:
            counted = (toll.group(2) or "people").casefold()
            head = HEAD_CLASSES.get(counted.removesuffix("s"), HEAD_CLASSES.get(counted, counted))
            head_text = toll.group(0).split(" rose")[0].split(" to ")[0].strip()
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
    if _MORE_AFTER.match(after) or _MORE_BEFORE.search(text[:start]):
        marker = "more"  # "seven more bodies": an increment, not a total
    elif _PART_BEFORE.search(text[:start]) or _PART_AFTER.match(after):
        marker = "part"
    elif _EACH.match(after) or _EACH_AFTER_HEAD.match(after[len(head_text) + 1 :]):
        marker = "each"
    elif _TOTAL.search(text[max(0, start - 20) : end + 20]):
        marker = "total"
    time = _TIME.match(after)
    phrase_start = qualifier.start(1) if qualifier else start
    phrase_end = end
    if head_text and head_text in after[: len(head_text) + 24]:
        phrase_end = end + after.index(head_text) + len(head_text)
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
        events=events_near(sentence, start, phrase_end) | _toll_events(text[:start]),
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
        before = WORD.findall(text[max(0, start - 12) : start])
        facts.append(
            Fact(
                kind=kind,
                dim=dim,
                text=text[start:end],
                sentence=sentence,
                label=label,
                before=before[-1].casefold() if before else "",
                events=events_near(sentence, start, end),
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
        found = dated + _quantities(sentence, taken)
        dims = Counter(f.dim for f in found)
        facts += [f if dims[f.dim] == 1 else replace(f, alone=False) for f in found]
    return facts
