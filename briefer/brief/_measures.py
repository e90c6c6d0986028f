"""Words for quantities: number words, scales, currencies, units, what is counted, events.

The tables :mod:`briefer.brief._figures` reads figures with, kept apart from its logic.
"""

from __future__ import annotations

__all__ = ["CURRENCIES", "EVENTS", "HEAD_CLASSES", "NUMBER_WORDS", "SCALES", "UNITS"]

_UNITS_WORDS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty"
).split()
_TENS = "_ _ _ thirty forty fifty sixty seventy eighty ninety".split()
NUMBER_WORDS = {w: n for n, w in enumerate(_UNITS_WORDS)} | {
    w: 10 * n for n, w in enumerate(_TENS) if n >= 3
}
NUMBER_WORDS.pop("zero")
NUMBER_WORDS.pop("one")  # "one of the", "the one channel": too often not a count
SCALES = {"thousand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6, "bn": 1e9, "billion": 1e9}
SCALES["trillion"] = 1e12
CURRENCIES = {"$": "USD", "£": "GBP", "€": "EUR", "¥": "JPY", "euro": "EUR", "euros": "EUR"}
CURRENCIES |= {"dollar": "USD", "dollars": "USD", "pound": "GBP", "pounds": "GBP", "yen": "JPY"}
# unit -> (dimension, factor to the base unit, offset)
UNITS: dict[str, tuple[str, float, float]] = {
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
HEAD_CLASSES = {
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
EVENTS = {
    "death": "kill killed killing die died dying dead death deaths fatal fatalities lives toll",
    "injury": "injur injured injuries wounded hurt",
    "arrest": "arrest arrested detain detained",
    "rescue": "rescued survivor survivors saved",
    "missing": "missing",
    "rise": "rose rise risen rising increase increased gained climbed jumped grew higher up",
    "fall": "fell fall fallen falling drop dropped declined slipped eased shrank lower down",
    "close": "close closed closing shut",
    "open": "open opened opening",
}
