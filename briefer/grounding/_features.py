"""What a sentence states, in parts that can be compared: words, names, numbers, dates, cues.

A claim and the article sentence that supports it are analysed the same way, token by token
with no model: content words (stemmed, for alignment), named entities (capitalized runs,
known countries and bodies, nationality words), numbers with their units, dates, and the
cues that change what a sentence asserts (negations, hedges, attributions), each placed in
its clause. :mod:`briefer.grounding._consistency` compares two such analyses.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass
from functools import lru_cache

from briefer.lexicon import DEMONYMS, KNOWN, PLACES
from briefer.names import name_key
from briefer.words import (
    ATTRIBUTION_VERBS,
    CLAIM_STOPWORDS,
    HEDGES,
    IRREGULAR_FORMS,
    MONTHS,
    NEGATIONS,
    NUMBER_WORDS,
    RELATIVE_DATES,
    SCALES,
    WEEKDAYS,
    stem_for_claims,
)

__all__ = ["Entity", "Features", "Number", "Token", "analyse", "token_key"]

_TOKEN = re.compile(
    r"US\$|[$€£¥]"  # currency
    r"|(?:[A-Za-z]\.){2,}"  # U.S., U.N.
    r"|\d+(?:[.,]\d+)*(?:st|nd|rd|th|s|bn|mn|tn|m|k|b)?(?!\w)"  # 3,000 1.2 21st 1990s 600m
    r"|\d+(?:[.,]\d+)*"
    r"|\w+(?:['\u2019\-]\w+)*['\u2019]?"  # words, with inner apostrophes and hyphens
    r"|[\"\u201c\u201d\u201e\u00ab\u00bb]"  # quotation marks
    r"|[,;:()\u2014\u2013%]|\s-\s|--|[.!?]"  # clause and sentence marks
)
_QUOTE_CHARS = frozenset('"\u201c\u201d\u201e\u00ab\u00bb')
_CLAUSE_MARKS = frozenset({",", ";", ":", "(", ")", "\u2014", "\u2013", " - ", "--"})
_CLAUSE_WORDS = frozenset(
    "but while whereas although though however yet which who whom whose that after before "
    "because when if unless until".split()
)
_SENTENCE_END = frozenset({".", "!", "?"})
_CONNECTORS = frozenset("of for and the de du des la le van von al bin el & on in".split())
_TITLES = frozenset(
    """
    mr mrs ms miss dr prof professor sir dame lord lady gen general col colonel lt lieutenant
    maj major capt captain sgt sergeant adm admiral sen senator rep representative gov governor
    president pres vice prime minister secretary secretary-general chancellor judge justice rev
    reverend father sheikh king queen prince princess ambassador mayor chief deputy commander
    foreign defense defence state interior finance health energy economy trade home regional
    spokesperson spokesman spokeswoman ceo chairman chairwoman chair director coach manager
    captain striker midfielder goalkeeper inspector superintendent detective officer constable
    council councillor councilor executive founder the a an
    """.split()
)
_ORG_CUES = frozenset(
    """
    ministry bank council agency company corp corporation inc ltd plc llc group university
    institute party court department authority association union commission committee office
    service force forces army navy police club fc board fund foundation trust network
    airlines airline airways motors energy holdings partners capital media news times post
    journal press assembly parliament congress senate government administration hospital
    school college academy centre center laboratory lab labs systems technologies robotics
    federation league organisation organization society bureau
    """.split()
)
_RELATIVE = frozenset({"who", "which", "that", "whom"})
_BE = frozenset("is are was were be been being am 's".split())
_PRONOUNS = frozenset("he she him her his hers they them their it its".split())
_CURRENCY_WORDS = {
    "dollar": "usd", "dollars": "usd", "euro": "eur", "euros": "eur", "pound": "gbp",
    "pounds": "gbp", "sterling": "gbp", "yuan": "cny", "yen": "jpy", "rupee": "inr",
    "rupees": "inr", "francs": "chf", "franc": "chf", "hryvnia": "uah", "hryvnias": "uah",
}  # fmt: skip
_CURRENCY_SIGNS = {"$": "usd", "US$": "usd", "€": "eur", "£": "gbp", "¥": "jpy"}
_PERCENT = frozenset({"%", "percent", "pc", "pct"})
_NOT_NUMBERS = frozenset({"first", "second", "once", "twice", "thrice", "half", "one"})
_RELATIVE_PERIODS = frozenset({"week", "month", "year", "weekend", "season", "quarter"})


@dataclass(frozen=True)
class Token:
    """One token: its text, offsets, folded form, content key ("" for a stopword), clause."""

    text: str
    start: int
    end: int
    lower: str
    key: str
    clause: int
    quoted: bool
    """Inside quotation marks in this text."""


@dataclass(frozen=True)
class Entity:
    """A name in the text: a person, organization, place, or one the rules cannot tell."""

    text: str
    first: int
    last: int
    """Token indexes of its first and last word (inclusive)."""
    words: frozenset[str]
    canon: str | None
    """The known actor it names ("united states" for U.S., America, American)."""
    kind: str
    """``person``, ``org``, ``place`` or ``unknown``."""
    clause: int


@dataclass(frozen=True)
class Number:
    """A number with what it counts: 3,000 tonnes, $1.2 billion, 41 (of the 58)."""

    value: float
    unit: str | None
    text: str
    token: int
    clause: int


@dataclass(frozen=True)
class Features:
    """Everything the consistency checks compare, for one sentence or claim."""

    text: str
    tokens: tuple[Token, ...]
    entities: tuple[Entity, ...]
    numbers: tuple[Number, ...]
    dates: tuple[tuple[str, str, int], ...]
    """(kind, value, token index): weekday, month or relative."""
    negations: tuple[int, ...]
    hedges: tuple[int, ...]
    attributions: tuple[int, ...]
    pronouns: bool

    @property
    def keys(self) -> frozenset[str]:
        return frozenset(t.key for t in self.tokens if t.key)

    def clause_keys(self) -> dict[int, set[str]]:
        out: dict[int, set[str]] = {}
        for t in self.tokens:
            if t.key:
                out.setdefault(t.clause, set()).add(t.key)
        return out


@lru_cache(maxsize=65536)
def _fold(token: str) -> str:
    plain = token
    if not token.isascii():
        plain = "".join(
            c for c in unicodedata.normalize("NFKD", token) if not unicodedata.combining(c)
        )
    word = plain.replace("\u2019", "'").casefold()
    if word.endswith(("'s", "s'")) and len(word) > 2:
        word = word[:-2] if word.endswith("'s") else word[:-1]
    return word.rstrip("'")


@lru_cache(maxsize=65536)
def token_key(token: str) -> str:
    """The content word a token stands for, or "" for a stopword (cached: words recur)."""
    if token[0].isdigit():
        return _number_text(token)
    acronym = "." in token or (token.isupper() and len(token) > 1 and token.isalpha())
    word = _fold(token).replace(".", "")
    if acronym:
        return word
    if word in CLAIM_STOPWORDS or len(word) <= 1 or not word[0].isalnum():
        return ""
    return stem_for_claims(IRREGULAR_FORMS.get(word, word))


def _number_text(token: str) -> str:
    digits = re.match(r"\d+(?:[.,]\d+)*", token)
    text = digits.group() if digits else token
    # 3,000 and 3.000 (European) are both three thousand; 1.5 is one and a half.
    if re.fullmatch(r"\d{1,3}(?:[,.]\d{3})+", text) and not re.fullmatch(r"\d\.\d{3}", text):
        return text.replace(",", "").replace(".", "")
    return text.replace(",", "")


def analyse(text: str, lowercase: Collection[str] = ()) -> Features:
    """The features of ``text``; ``lowercase`` holds words the article writes in lowercase.

    A capitalized word that starts a sentence is a name only when the article never writes
    it in lowercase ("Regional governor ..." is not a name; "Lytvyn said ..." is).
    """
    raw = [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]
    tokens: list[Token] = []
    clause = 0
    quoted = False
    straight_open = False
    for i, (word, start, end) in enumerate(raw):
        if word in _QUOTE_CHARS:
            if word == '"':
                straight_open = not straight_open
                quoted = straight_open
            else:
                quoted = word in "\u201c\u201e\u00ab"
            clause += 1
            tokens.append(Token(word, start, end, word, "", clause, quoted))
            continue
        lower = _fold(word)
        if word in _CLAUSE_MARKS or word in _SENTENCE_END:
            clause += 1
            tokens.append(Token(word, start, end, word, "", clause, quoted))
            continue
        if lower in _CLAUSE_WORDS and i > 0:
            clause += 1
        key = "" if word in _CURRENCY_SIGNS or word == "%" else token_key(word)
        tokens.append(Token(word, start, end, lower, key, clause, quoted))
    return Features(
        text=text,
        tokens=tuple(tokens),
        entities=tuple(_entities(tokens, lowercase)),
        numbers=tuple(_numbers(tokens)),
        dates=tuple(_dates(tokens)),
        negations=tuple(_negations(tokens)),
        hedges=tuple(_hedges(tokens)),
        attributions=tuple(_attributions(tokens)),
        pronouns=any(t.lower in _PRONOUNS for t in tokens),
    )


# ---- names ---------------------------------------------------------------------------------


def _initial(tokens: list[Token], i: int) -> bool:
    """True for a token that starts a sentence or a quotation (capitalized anyway)."""
    if i == 0:
        return True
    before = tokens[i - 1].text
    return before in _SENTENCE_END or before in _QUOTE_CHARS or before in {":", "(", "\u2014"}


def _is_date_word(token: Token) -> bool:
    word = token.lower.rstrip(".")
    return word in WEEKDAYS or (word in MONTHS and word != "may") or token.text == "May"


def _capital(tokens: list[Token], i: int, lowercase: Collection[str]) -> bool:
    token = tokens[i]
    if not token.text[:1].isupper() or _is_date_word(token):
        return False
    if token.text == "May" and (i == 0 or tokens[i - 1].text in _SENTENCE_END):
        return False
    if _initial(tokens, i):
        word = token.lower
        if (
            word in lowercase
            or word in CLAIM_STOPWORDS
            or word in NEGATIONS
            or word in HEDGES
            or word in NUMBER_WORDS
            or word in _TITLES
            or word in _PRONOUNS
            or word in RELATIVE_DATES
        ) and token.text not in KNOWN:
            return False
    return True


def _entities(tokens: list[Token], lowercase: Collection[str]) -> list[Entity]:
    found: list[Entity] = []
    i = 0
    n = len(tokens)
    while i < n:
        if not _capital(tokens, i, lowercase):
            i += 1
            continue
        j = i
        # Extend over capitalized words, and connectors between them ("Bank of England").
        while True:
            if tokens[j].text.endswith(("'s", "\u2019s", "s'", "s\u2019")):
                break  # Ukraine's air force: the name ends at the possessive
            k = j + 1
            while k < n and tokens[k].lower in _CONNECTORS and tokens[k].text.islower():
                k += 1
            if k < n and k - j <= 3 and _capital(tokens, k, ()) and not _initial(tokens, k):
                if not _may_join(tokens, i, j, k):
                    break
                j = k
                continue
            break
        found.extend(_make_entities(tokens, i, j))
        i = j + 1
    return found


def _may_join(tokens: list[Token], first: int, last: int, nxt: int) -> bool:
    """Whether the connectors between ``last`` and ``nxt`` are inside one name.

    "Bank of England" and "Center for Strategic and International Studies" are one name;
    "Jens Stoltenberg and the Bank of England" are two.
    """
    between = {t.lower for t in tokens[last + 1 : nxt]}
    if not between & {"and", "&"}:
        return True
    if "the" in between:
        return False  # "... and the Foreign Ministry" starts another name
    run = tokens[first : last + 1]
    if any(t.lower in {"of", "for"} for t in run) or {t.lower for t in run} & _ORG_CUES:
        return True
    phrase = " ".join(t.text for t in tokens[first : nxt + 1])
    return any(name.startswith(phrase) for name in KNOWN)


def _make_entities(tokens: list[Token], first: int, last: int) -> list[Entity]:
    # A known name before a title is its own entity: "U.S. Secretary of State Antony Blinken".
    for split in range(last - 1, first - 1, -1):
        head = " ".join(_strip_possessive(t.text) for t in tokens[first : split + 1])
        if head in KNOWN and tokens[split + 1].lower.rstrip(".") in _TITLES:
            return _make_entities(tokens, first, split) + _make_entities(tokens, split + 1, last)
    words = tokens[first : last + 1]
    text = " ".join(_strip_possessive(t.text) for t in words)
    known = KNOWN.get(text) or KNOWN.get(text.replace("the ", ""))
    if known is None and text in DEMONYMS:
        country = DEMONYMS[text]
        canon = name_key(country) if country else name_key(text)
        return [Entity(text, first, last, frozenset(canon.split()), canon, "place", words[0].clause)]
    # A title before a name is not part of it: "Regional Governor Serhiy Lytvyn",
    # "Secretary of State Antony Blinken"; "Foreign Ministry" keeps its first word.
    while (
        known is None
        and last > first
        and (tokens[first].lower.rstrip(".") in _TITLES or tokens[first].lower in _CONNECTORS)
        and tokens[last].lower not in _ORG_CUES
    ):
        first += 1
    while last > first and tokens[first].lower in _CONNECTORS:
        first += 1
    words = tokens[first : last + 1]
    text = " ".join(_strip_possessive(t.text) for t in words)
    canon = name_key(known[0]) if known else None
    key_words = frozenset(w for w in name_key(text).split() if w not in _TITLES)
    if not key_words:
        return []
    kind = _kind(text, words, known)
    return [Entity(text, first, last, key_words, canon, kind, words[0].clause)]


def _strip_possessive(word: str) -> str:
    for ending in ("'s", "\u2019s"):
        if word.endswith(ending):
            return word[: -len(ending)]
    return word.rstrip("'\u2019")


def _kind(text: str, words: list[Token], known: tuple[str, str] | None) -> str:
    if known is not None:
        return "place" if known[1] == "country" else "org"
    if text in PLACES:
        return "place"
    lowered = {t.lower for t in words}
    if lowered & _ORG_CUES or any(t.text.isupper() and len(t.text) > 1 for t in words):
        return "org"
    if len(words) >= 2 and all(t.text[:1].isupper() for t in words):
        return "person"
    return "unknown"


# ---- numbers and dates -----------------------------------------------------------------------


def _numbers(tokens: list[Token]) -> list[Number]:
    out: list[Number] = []
    n = len(tokens)
    skip_to = -1
    for i, token in enumerate(tokens):
        if i <= skip_to:
            continue
        value = _value(token)
        if value is None:
            continue
        unit: str | None = None
        j = i + 1
        # "two-year", "ten-day": a number glued to its unit by a hyphen.
        if "-" in token.lower and not token.text[:1].isdigit():
            unit = token_key(token.lower.split("-", 1)[1]) or None
        # "a dozen", "six hundred", "1.2 billion", "$600m", "3 per cent"
        scale = re.fullmatch(r"[\d.,]+([kmb]n?|bn|tn|mln)", token.text.lower())
        if scale:
            value *= SCALES.get(scale.group(1), 1.0)
        while j < n and tokens[j].lower in SCALES and len(tokens[j].lower) > 1:
            value *= SCALES[tokens[j].lower]
            j += 1
        if j < n and tokens[j].lower == "hundred":
            value *= 100
            j += 1
        if i > 0 and tokens[i - 1].text in _CURRENCY_SIGNS:
            unit = _CURRENCY_SIGNS[tokens[i - 1].text]
        elif j < n and tokens[j].lower in _PERCENT:
            unit = "%"
        elif j + 1 < n and tokens[j].lower == "per" and tokens[j + 1].lower == "cent":
            unit = "%"
        elif j < n and tokens[j].lower in _CURRENCY_WORDS:
            unit = _CURRENCY_WORDS[tokens[j].lower]
        elif unit is None and j < n and tokens[j].key and tokens[j].key[0].isalpha():
            unit = tokens[j].key
        if unit is None and value.is_integer() and 1800 <= value <= 2100 and token.text.isdigit():
            unit = "year"
        out.append(Number(value, unit, token.text, i, token.clause))
        skip_to = j - 1
    return out


def _value(token: Token) -> float | None:
    head = token.lower.split("-")[0]
    if "-" in token.lower and head in NUMBER_WORDS and head not in _NOT_NUMBERS:
        return float(NUMBER_WORDS[head])  # "two-year", "ten-day"
    if token.text[:1].isdigit():
        digits = _number_text(token.text).split("-")[0]
        try:
            return float(digits)
        except ValueError:
            return None
    word = token.lower
    if word in NUMBER_WORDS and word not in _NOT_NUMBERS:
        return float(NUMBER_WORDS[word])
    return None


def _dates(tokens: list[Token]) -> list[tuple[str, str, int]]:
    out: list[tuple[str, str, int]] = []
    for i, token in enumerate(tokens):
        word = token.lower.rstrip(".")
        if token.text[:1].isupper() and word in WEEKDAYS:
            out.append(("weekday", WEEKDAYS[word], i))
        elif token.text[:1].isupper() and word in MONTHS:
            if word == "may" and not _month_may(tokens, i):
                continue
            out.append(("month", MONTHS[word], i))
        elif word in RELATIVE_DATES:
            out.append(("relative", word, i))
        elif word in {"last", "next", "this"} and i + 1 < len(tokens):
            following = tokens[i + 1].lower
            if following in _RELATIVE_PERIODS:
                out.append(("relative", f"{word} {following}", i))
    return out


def _month_may(tokens: list[Token], i: int) -> bool:
    """True when a capitalized "May" is the month, not the verb at a sentence's start."""
    nxt = tokens[i + 1] if i + 1 < len(tokens) else None
    prev = tokens[i - 1].lower if i > 0 else ""
    if nxt is not None and nxt.text[:1].isdigit():
        return True
    return prev in {"in", "on", "since", "until", "from", "by", "last", "next", "early", "late"}


# ---- cues ----------------------------------------------------------------------------------


def _negations(tokens: list[Token]) -> list[int]:
    out = []
    for i, token in enumerate(tokens):
        word = token.lower
        if word.endswith("n't") or word.endswith("n\u2019t"):
            out.append(i)
        elif word in NEGATIONS:
            nxt = tokens[i + 1].lower if i + 1 < len(tokens) else ""
            if word == "not" and nxt == "only":
                continue  # "not only ... but also" affirms
            if word == "no" and (nxt == "." or token.text == "No" and nxt[:1].isdigit()):
                continue  # "No. 5"
            out.append(i)
    return out


def _hedges(tokens: list[Token]) -> list[int]:
    out = []
    for i, token in enumerate(tokens):
        word = token.lower
        if word not in HEDGES or token.text == "May":
            continue
        nxt = tokens[i + 1].lower if i + 1 < len(tokens) else ""
        if word.startswith(("appear", "seem")) and nxt != "to":
            continue  # "appeared in court" is no hedge; "appears to be" is
        if word == "would" and nxt == "have":
            continue  # "a law that would have required": what did not happen, not a guess
        out.append(i)
    return out


def _attributions(tokens: list[Token]) -> list[int]:
    out = []
    for i, token in enumerate(tokens):
        word = token.lower
        if word not in ATTRIBUTION_VERBS or not (token.text.islower() or word == "according"):
            continue
        nxt = tokens[i + 1].lower if i + 1 < len(tokens) else ""
        if word == "according" and nxt != "to":
            continue
        if i > 0 and tokens[i - 1].lower in _RELATIVE:
            continue  # "officials who said ..." describes them; it attributes nothing here
        out.append(i)
    return out


def is_passive(tokens: tuple[Token, ...], first: int, last: int) -> bool:
    """True when the words between two names read "was struck by", "were beaten by"."""
    words = [t.lower for t in tokens[first:last]]
    if "by" not in words:
        return False
    before_by = words[: words.index("by")]
    return any(w in _BE for w in before_by) or any(
        w.endswith(("ed", "en")) for w in before_by[-1:]
    )
