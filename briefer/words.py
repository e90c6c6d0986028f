"""Stop words and stemmers, one module for every stage that compares words.

Three stages compare words and want different things of them, so there are three lists over
one shared core of function words, and three word-folding rules:

- claims (grounding) keep negations and hedges ("not", "no", "may", "might"): they are what
  a claim must agree on; :func:`stem_for_claims` folds plurals, -ed, -ing and a final e;
- ranking (the offline engine's sentence scores) also drops titles, "new", small numbers in
  words and years; :func:`stem_for_ranking` cuts common suffixes hard, enough for
  "supplying" and "supplies" to meet;
- stories (grouping a day's articles) also drop calendar and time words, which every story
  has; :func:`fold_plural` folds only simple plurals.
"""

from __future__ import annotations

__all__ = [
    "ATTRIBUTION_VERBS",
    "CLAIM_STOPWORDS",
    "HEDGES",
    "IRREGULAR_FORMS",
    "MONTHS",
    "NEGATIONS",
    "NUMBER_WORDS",
    "RELATIVE_DATES",
    "SCALES",
    "SYMMETRIC_VERBS",
    "WEEKDAYS",
    "FUNCTION_WORDS",
    "RANKING_STOPWORDS",
    "STORY_STOPWORDS",
    "fold_plural",
    "stem_for_claims",
    "stem_for_ranking",
]

FUNCTION_WORDS = frozenset(
    """
    a about according after again all also an and any are as at be been before being between
    both but by can could did do does down during each few for from further had has have he
    her here his how i if in into is it its just me more most my of off on once only or
    other our out over own said same say says she should so some such than that the their
    them then there these they this those through to told too under up very was we were what
    when where which while who whom why will with would you your
    """.split()
)
"""Function words and reporting verbs every list leaves out."""

CLAIM_STOPWORDS = FUNCTION_WORDS | frozenset(
    """
    above against am because below doing having hers herself him himself itself ours saying
    tells theirs themselves until yours
    """.split()
)
"""Words a claim's support need not contain (negations and hedges are not among them)."""

RANKING_STOPWORDS = FUNCTION_WORDS | frozenset(
    """
    cent dr it's may might mr mrs ms must new no nor not one per percent shall three two
    whose year years
    """.split()
)
"""Words that say nothing about a sentence's importance."""

STORY_STOPWORDS = FUNCTION_WORDS | frozenset(
    """
    above afternoon against another around below day days either even evening every first
    friday having hers him last least less many may might monday month months morning much
    must neither new next night no nor not now one onto ours saturday since still sunday
    theirs three thursday time today tomorrow tuesday two until upon us wednesday week weeks
    whether whose within without year years yesterday yet yours
    """.split()
)
"""Words every news story has, which say nothing about which event an article reports."""


def stem_for_claims(word: str) -> str:
    """A light suffix stripper: plurals, -ed, -ing, a final e (imposes/imposed -> impos)."""
    if len(word) <= 3:
        return word
    if word.endswith(("ies", "ied")) and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("ing") and len(word) > 5:
        word = _undouble(word[:-3])
    elif word.endswith("ed") and len(word) > 4:
        word = _undouble(word[:-2])
    elif word.endswith(("sses", "xes", "zes", "ches", "shes")):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    if word.endswith("e") and len(word) > 3:
        word = word[:-1]
    return word


def _undouble(word: str) -> str:
    if len(word) > 2 and word[-1] == word[-2] and word[-1] not in "lsz":
        return word[:-1]
    return word


def stem_for_ranking(word: str) -> str:
    """A crude suffix strip: enough for "supplying" and "supplies" to meet as "suppl"."""
    for suffix in ("ations", "ation", "ings", "ing", "ies", "ied", "ed", "es", "s", "ly", "y"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def fold_plural(word: str) -> str:
    """Simple plurals folded ("exchanges" -> "exchange"); "press" and numbers left alone."""
    if len(word) > 4 and word.endswith("s") and not word.endswith("ss") and word.isalpha():
        return word[:-1]
    return word


# ---- claims: the words a claim must agree on with its support -----------------------------

NEGATIONS = frozenset(
    """
    not never no none nobody nothing neither nor cannot without deny denies denied denying
    refuse refuses refused refusing fail fails failed failing reject rejects rejected
    rejecting decline declines declined declining unable lack lacks lacked
    """.split()
)
"""Words that negate what follows them (n't is recognized by its ending)."""

HEDGES = frozenset(
    """
    may might could possibly perhaps likely unlikely probably allegedly alleged reportedly
    apparently suspected expected believed potential potentially appear appears appeared
    seem seems seemed would should rumoured rumored presumably
    """.split()
)
"""Words that make a statement less than certain: a claim must not drop them."""

ATTRIBUTION_VERBS = frozenset(
    """
    say says said saying tell tells told according stated claimed alleges alleged
    announce announces announced added warn warns warned argue argues argued insist insists
    insisted believe believes think thinks thought expect expects predict predicts predicted
    write writes wrote noted explain explains explained suggest suggests suggested accuse
    accuses accused acknowledge acknowledged admit admits admitted maintained confirm
    confirms confirmed contend contends contended assert asserts asserted testified testify
    """.split()
)
"""Verbs (and "according") that attribute a statement to someone."""

SYMMETRIC_VERBS = frozenset(
    """
    meet meets met meeting talk talks talked spoke speak negotiate negotiated negotiating
    sign signs signed agree agreed marry married tie tied draw drew drawn play played face
    faced clash clashed between and with versus vs merge merged
    """.split()
)
"""Words between two names that say nothing about who did what to whom."""

NUMBER_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "dozen": 12, "first": 1,
    "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "twice": 2, "half": 0.5, "once": 1, "thrice": 3,
}  # fmt: skip
"""Numbers written as words, so "six hours" and "6 hours" agree."""

SCALES = {
    "thousand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6, "mn": 1e6, "mln": 1e6,
    "billion": 1e9, "bn": 1e9, "b": 1e9, "trillion": 1e12, "tn": 1e12,
}  # fmt: skip
"""Words that multiply the number before them ("1.2 billion", "$600m")."""

WEEKDAYS = {
    "monday": "monday", "mon": "monday", "tuesday": "tuesday", "tue": "tuesday",
    "tues": "tuesday", "wednesday": "wednesday", "wed": "wednesday", "thursday": "thursday",
    "thu": "thursday", "thurs": "thursday", "friday": "friday", "fri": "friday",
    "saturday": "saturday", "sat": "saturday", "sunday": "sunday", "sun": "sunday",
}  # fmt: skip

MONTHS = {
    "january": "january", "jan": "january", "february": "february", "feb": "february",
    "march": "march", "mar": "march", "april": "april", "apr": "april", "may": "may",
    "june": "june", "jun": "june", "july": "july", "jul": "july", "august": "august",
    "aug": "august", "september": "september", "sep": "september", "sept": "september",
    "october": "october", "oct": "october", "november": "november", "nov": "november",
    "december": "december", "dec": "december",
}  # fmt: skip

MONTH_NAMES = (
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
)  # fmt: skip
"""The months, in order."""

WEEKDAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
"""The days of the week, in order."""

MONTH_NUMBERS = {alias: MONTH_NAMES.index(month) + 1 for alias, month in MONTHS.items()}
"""Month names and their usual abbreviations -> month number (1 to 12)."""

RELATIVE_DATES = frozenset("today yesterday tomorrow tonight overnight weekend".split())
"""Dates said relative to the article's own day."""

IRREGULAR_FORMS = {
    "rose": "rise", "risen": "rise", "fell": "fall", "fallen": "fall", "won": "win",
    "lost": "lose", "sold": "sell", "bought": "buy", "grew": "grow", "grown": "grow",
    "shrank": "shrink", "shrunk": "shrink", "began": "begin", "begun": "begin", "held": "hold",
    "left": "leave", "brought": "bring", "took": "take", "taken": "take", "gave": "give",
    "given": "give", "went": "go", "gone": "go", "came": "come", "beat": "beat",
    "beaten": "beat", "struck": "strike", "hit": "hit", "shot": "shoot", "caught": "catch",
    "fought": "fight", "built": "build", "sent": "send", "spent": "spend", "paid": "pay",
    "met": "meet", "led": "lead", "made": "make", "kept": "keep", "found": "find",
    "told": "tell", "said": "say", "thought": "think", "chose": "choose", "chosen": "choose",
    "drove": "drive", "driven": "drive", "wrote": "write", "written": "write", "stole": "steal",
    "stolen": "steal", "broke": "break", "broken": "break", "froze": "freeze",
    "frozen": "freeze", "rang": "ring", "ran": "run", "sank": "sink", "sunk": "sink",
    "cut": "cut", "set": "set", "put": "put", "quit": "quit", "withdrew": "withdraw",
    "withdrawn": "withdraw", "overtook": "overtake", "undertook": "undertake",
    "forbade": "forbid", "forbidden": "forbid", "swore": "swear", "sworn": "swear",
    "higher": "high", "highest": "high", "lower": "low", "lowest": "low", "more": "more",
    "less": "less", "fewer": "less", "larger": "large", "largest": "large", "smaller": "small",
    "smallest": "small", "better": "good", "best": "good", "worse": "bad", "worst": "bad",
}  # fmt: skip
"""Irregular verb and adjective forms and the word they are a form of."""
