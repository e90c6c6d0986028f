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
    "CLAIM_STOPWORDS",
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
