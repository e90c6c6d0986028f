"""Numbers, dates and clock times in an article, each with what it counts.

``$1.2bn``, ``1.2 billion dollars`` and ``1,200 million`` are one value; ``ninety`` and
``sixty-two million`` are read from words; ``3 March``, ``March 3`` and ``Mar. 3`` are one date;
``2:40 a.m.`` and ``2.40am`` one time. Each number also gets its unit, the word that says
what it counts ("years", "votes", "year-old", "%", money), so that two articles giving
different values for the same unit can be told apart: "jailed for 3 years" and "jailed for
12 years" are two sentences, not one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from briefer.brief._vocab import MONTHS, NUMBER_WORDS, SCALE_WORDS
from briefer.words import FUNCTION_WORDS

__all__ = ["NumberFact", "compatible", "find_numbers"]


@dataclass(frozen=True)
class NumberFact:
    """One number, date or time as an article gives it."""

    key: str
    """``#:VALUE``, ``d:MONTH-DAY`` or ``t:HOUR:MINUTE``: equal for equal values."""
    start: int
    specificity: float
    """How much two articles sharing it says (0 to 1): a five-digit figure more than "two"."""
    unit: str | None = None
    """What the number counts ("year", "vote", "year-old", "%", "money"), when it says."""
    value: float | None = None


_SCALE = {
    "k": 1e3, "thousand": 1e3, "m": 1e6, "mn": 1e6, "million": 1e6, "bn": 1e9,
    "billion": 1e9, "tn": 1e12, "trillion": 1e12,
}  # fmt: skip
# Read where the tokenizer found digits (anchored matches are cheap; scanning is not).
_NUMBER = re.compile(
    r"(\d+(?:,\d{3})*(?:\.\d+)?)(?:\s?(bn|billion|mn|m|million|k|thousand|trillion|tn)\b)?"
    r"(?!,\d)(?![.:]\d)",
    re.IGNORECASE,
)
_CLOCK = re.compile(r"(\d{1,2})[:.](\d{2})(?::\d{2})?(?!\d)\s?(?:([ap])\.?m\b\.?)?", re.IGNORECASE)
_MONTH = r"(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)[a-z]*\.?"
_DAY_MONTH = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH + r"(?!\w)")
_MONTH_DAY = re.compile(_MONTH + r"\s+$")
# What follows a number: "%", "per cent", a hyphenated "year-old", or a word.
_AFTER = re.compile(r"\s?(%|per ?cent\b)|-?\s?([A-Za-z]+(?:-[A-Za-z]+)*)")
_BEFORE = re.compile(r"([A-Za-z]+)\W{0,2}$")
_AGE_BEFORE = re.compile(r"[A-Z][\w'-]*,\s*$")
_AGE_AFTER = re.compile(r"\s*[,)]")
_AND_A_HALF = re.compile(r"\s+and\s+a\s+half\b", re.IGNORECASE)
_MONEY_WORDS = frozenset("pounds dollars euros yen francs pound dollar euro".split())
_CURRENCY = "$£€¥"


def compatible(a: float, b: float) -> bool:
    """Two values one event may give: equal, or one a rounding of the other.

    The more precise value is rounded to the significant digits of the other: 4,312 is
    "four thousand" and 28,412 is "28,000", but 176 is not 190 and 33 is not 32.
    """
    if a == b:
        return True
    digits = min(_significant(a), _significant(b))
    return _round(a, digits) == _round(b, digits)


def _significant(value: float) -> int:
    return len(f"{abs(value):.6g}".split("e")[0].replace(".", "").strip("0")) or 1


def _round(value: float, digits: int) -> float:
    if value == 0:
        return 0.0
    return float(f"{value:.{digits}g}")


def _key(value: float) -> str:
    return "#:" + f"{value:.6g}"


def _specificity(value: float, *, money: bool, scaled: bool) -> float:
    """How much sharing this number says: five digits more than one, a year or 'two' little."""
    if value == int(value) and 1900 <= value <= 2100 and not (money or scaled):
        return 0.35
    significant = _significant(value) + (1 if money else 0)
    if significant <= 1:
        return 0.2 if value < 100 else 0.35
    if significant == 2:
        return 0.6
    return 1.0


def _unit(text: str, start: int, end: int, *, money: bool) -> str | None:
    """The word that says what the number at ``text[start:end]`` counts, if any.

    The lowercase word after it ("3 years", "a 32-year-old", "4,312 votes"), else the one
    before it ("voted 31", "aged 61"); a name is no unit ("140 Dunmere residents").
    """
    if money:
        return "money"
    if _AGE_AFTER.match(text, end) and _AGE_BEFORE.search(text, max(0, start - 40), start):
        return "year-old"  # "Gareth Dalton, 52, of Wellgate"
    after = _AFTER.match(text, end, end + 40)
    if after is not None:
        if after.group(1):
            return "%"
        word = after.group(2)
        if word in ("st", "nd", "rd", "th"):
            return None  # an ordinal ("the 14th exchange") ranks; it does not count
        if word in _MONEY_WORDS:
            return "money"
        if word.startswith(("year-old", "years-old")):
            return "year-old"
        if word.islower() and word not in FUNCTION_WORDS and word not in SCALE_WORDS:
            return _singular(word.split("-")[0])
    before = _BEFORE.search(text, max(0, start - 30), start)
    if before is not None:
        word = before.group(1)
        if word.islower() and word not in FUNCTION_WORDS:
            return _singular(word)
    return None


def _singular(word: str) -> str:
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "is", "us")):
        return word[:-1]
    return word


def find_numbers(
    text: str, digits: list[int], words: list[tuple[int, int, str]]
) -> list[NumberFact]:
    """Every number, date and clock time in ``text``.

    Args:
        text: the text.
        digits: where each run of digits starts (from the tokenizer).
        words: (place among the text's tokens, start, lowercase word) of each number word
            ("ninety", "sixty-two", "million"), from the tokenizer.
    """
    out: list[NumberFact] = []
    taken = -1  # end of the last time or date read: its digits are not numbers too
    for start in digits:
        if start < taken:
            continue
        clock = _CLOCK.match(text, start)
        if clock is not None and (clock.group(3) or text[clock.end(1)] == ":"):
            hour, minute = int(clock.group(1)), int(clock.group(2))
            if hour <= 24 and minute <= 59:  # "2.40" alone is a number, not a time
                out.append(NumberFact(f"t:{hour % 12}:{minute:02d}", start, 0.8))
                taken = clock.end()
                continue
        date = _date(text, start)
        if date is not None:
            out.append(date[0])
            taken = date[1]
            continue
        number = _number(text, start)
        if number is not None:
            out.append(number)
    out.extend(_number_words(text, words))
    return out


def _date(text: str, start: int) -> tuple[NumberFact, int] | None:
    """A day and month ("3 March", "March 3", "Mar. 3") at the digits at ``start``."""
    after = _DAY_MONTH.match(text, start)
    if after is not None:
        day, month, end = int(after.group(1)), after.group(2), after.end()
    else:
        before = _MONTH_DAY.search(text, max(0, start - 12), start)
        day_match = re.match(r"\d{1,2}(?:st|nd|rd|th)?\b(?!,\d|\.\d|:)", text[start : start + 5])
        if before is None or day_match is None:
            return None
        day, month, end = (
            int(day_match.group().rstrip("stndrh")),
            before.group(1),
            start + day_match.end(),
        )
    number = MONTHS.get(month.lower())
    if number is None or not 1 <= day <= 31:
        return None
    return NumberFact(f"d:{number}-{day}", start, 0.8), end


def _number(text: str, start: int) -> NumberFact | None:
    if start and (text[start - 1].isalnum() or text[start - 1] in ".,"):
        return None  # "A47", "v2", the decimals of a number already read
    match = _NUMBER.match(text, start)
    if match is None:
        return None
    digits, scale = match.groups()
    value = float(digits.replace(",", ""))
    if scale:
        value *= _SCALE[scale.lower()]
    money = any(c in _CURRENCY for c in text[max(0, start - 2) : start])
    unit = _unit(text, start, match.end(), money=money)
    specificity = _specificity(value, money=money or unit == "money", scaled=bool(scale))
    return NumberFact(_key(value), start, specificity, unit, value)


def _number_words(text: str, words: list[tuple[int, int, str]]) -> list[NumberFact]:
    """Numbers written in words: "ninety", "sixty-two million", "nineteen hundred"."""
    groups: list[list[tuple[int, int, str]]] = []
    for word in words:
        if groups and word[0] == groups[-1][-1][0] + 1:
            groups[-1].append(word)
        else:
            groups.append([word])
    out = []
    for group in groups:
        value = _word_value([p for _, _, w in group for p in w.split("-")])
        if value is None:
            continue
        start, end = group[0][1], group[-1][1] + len(group[-1][2])
        half = _AND_A_HALF.match(text, end)
        if half is not None:  # "five and a half percent"
            value, end = value + 0.5, half.end()
        unit = _unit(text, start, end, money=False)
        # Words for one to ten are everywhere ("one of the", "two people"); with a
        # percent or a currency ("eight percent") they are a figure.
        if value > 10 or unit in ("%", "money"):
            specificity = _specificity(value, money=unit == "money", scaled=value >= 1000)
            out.append(NumberFact(_key(value), start, specificity, unit, value))
    return out


def _word_value(words: list[str]) -> float | None:
    """The value of number words: tens and units add, scale words multiply."""
    total = 0.0
    current: float | None = None
    for word in words:
        if word in SCALE_WORDS:
            if current is None:
                return None
            current *= SCALE_WORDS[word]
            if SCALE_WORDS[word] >= 1000:
                total, current = total + current, None
        elif word in NUMBER_WORDS:
            amount = NUMBER_WORDS[word]
            if current is not None and current % 10 == 0 and current < 100 and amount < 10:
                current += amount  # "sixty two"
            elif current is None:
                current = float(amount)
            else:
                return None  # "one two" is not one number
        else:
            return None  # "ninety-odd"
    return total + (current or 0.0)
