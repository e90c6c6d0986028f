"""Names of people, organizations and countries: how to compare them and where they occur.

- :func:`name_key` folds a name for comparison (accents, case, punctuation, honorifics), so
  "Dr. José Núñez" and "Jose Nunez" are one person when summaries are merged and indexed;
- :func:`person_core` takes titles and suffixes off a person's name;
- :class:`MentionIndex` finds every place an article names an actor, whether as written by
  the model, by surname, by a common short form (U.S., NATO) or by the initials of a long
  name (CSIS): grounding asks it "is this name in the article?" and "is the speaker named
  near the quote?".

The offline engine's :class:`~briefer.offline._names.EntityIndex` is the other direction:
it finds which names a text holds, with no name given.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from briefer.text import Normalized, find_all_normalized

__all__ = ["MentionIndex", "name_key", "person_core"]

# Groups of names that mean the same actor. Entries in capitals without dots are matched
# case-sensitively, so that "US" does not match the pronoun "us".
_ALIASES: tuple[frozenset[str], ...] = (
    frozenset({"United States", "United States of America", "U.S.", "US", "U.S.A.", "USA",
               "America"}),
    frozenset({"United Kingdom", "U.K.", "UK", "Britain", "Great Britain"}),
    frozenset({"United Nations", "U.N.", "UN"}),
    frozenset({"NATO", "North Atlantic Treaty Organization", "North Atlantic Treaty Organisation"}),
    frozenset({"European Union", "E.U.", "EU"}),
    frozenset({"Soviet Union", "USSR", "U.S.S.R."}),
    frozenset({"United Arab Emirates", "UAE", "U.A.E."}),
)  # fmt: skip

# "America" inside "Latin America" is not the United States.
_NOT_AFTER = {"america": ("latin", "south", "north", "central")}

# Titles a model puts before a name that the article may leave out ("Dr. Jane Smith").
_TITLES = {
    "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "sir", "dame", "lord", "lady",
    "gen", "general", "col", "colonel", "lt", "lieutenant", "maj", "major", "capt", "captain",
    "sgt", "sergeant", "adm", "admiral", "sen", "senator", "rep", "representative", "gov",
    "governor", "president", "pres", "vice", "prime", "minister", "secretary",
    "secretary-general", "chancellor", "judge", "justice", "rev", "reverend", "father",
    "sheikh", "king", "queen", "prince", "princess", "ambassador", "mayor", "chief", "deputy",
    "commander", "foreign", "defense", "defence", "state", "analyst", "spokesperson",
    "spokesman", "spokeswoman", "ceo", "chairman", "chairwoman", "chair", "director", "the",
}  # fmt: skip
_SUFFIXES = {"jr", "sr", "ii", "iii", "iv", "phd", "md", "esq"}

# A run of capitalized words, with the lowercase words that may sit inside a long name.
_CAPITAL_RUN = re.compile(
    r"[A-Z][\w'\u2019-]*(?:[ \t]+(?:(?:of|and|for|the|on|in|de|du|des|la|le|&)[ \t]+)*"
    r"[A-Z][\w'\u2019-]*)*"
)
_WORD = re.compile(r"\S+")
_GIVEN_BEFORE = re.compile(r"([A-Z][\w'\u2019-]*\.?)[ \t]+$")
_ACRONYM = re.compile(r"[A-Z]{2,8}")
_LONGEST_ACRONYM = 8


def name_key(name: str) -> str:
    """A name folded for comparison: accents, case, punctuation and honorifics removed."""
    folded = unicodedata.normalize("NFKD", name)
    folded = "".join(c for c in folded if not unicodedata.combining(c)).casefold()
    words = "".join(c if c.isalnum() else " " for c in folded).split()
    return " ".join(w for w in words if w not in _HONORIFICS)


_HONORIFICS = frozenset({"mr", "mrs", "ms", "dr", "prof", "sir", "dame", "the"})


def _clean(name: str) -> str:
    """The name without parenthetical or comma-separated descriptions."""
    name = re.sub(r"\([^)]*\)", " ", name)
    return " ".join(name.split(",")[0].split())


def person_core(name: str) -> tuple[str, str | None]:
    """A person's name without titles or suffixes, and their surname (None for one word).

    >>> person_core("NATO Secretary-General Jens Stoltenberg")
    ('Jens Stoltenberg', 'Stoltenberg')
    """
    words = _clean(name).split()
    while len(words) > 1 and words[-1].lower().strip(".") in _SUFFIXES:
        words.pop()
    while len(words) > 1 and (
        words[0].lower().strip(".") in _TITLES or words[0].isupper() and len(words) > 2
    ):
        words.pop(0)  # titles, and an organization in capitals before the name ("NATO")
    core = " ".join(words)
    return core, (words[-1] if len(words) > 1 else None)


def _initials(words: list[str]) -> str:
    return "".join(w[0] for w in words if w[:1].isupper())


@dataclass
class MentionIndex:
    """Finds the places an article names someone; built once per article."""

    text: str
    folded: Normalized
    _runs: dict[str, set[str]] | None = field(default=None, repr=False)
    _found: dict[tuple[str, bool], tuple[tuple[int, int], ...]] = field(
        default_factory=dict, repr=False
    )

    def mentions(self, name: str, *, person: bool) -> list[tuple[int, int]]:
        """Sorted spans where the article names ``name`` (for people: also by surname)."""
        # Grounding asks about a name more than once (the actor, then its spelling): each
        # search of a long article is made once.
        found = self._found.get((name, person))
        if found is None:
            found = self._found[name, person] = tuple(self._mentions(name, person=person))
        return list(found)

    def _mentions(self, name: str, *, person: bool) -> list[tuple[int, int]]:
        spans: set[tuple[int, int]] = set()
        for needle, exact_case in dict.fromkeys(self._variants(name, person=person)):
            spans.update(self._find(needle, exact_case=exact_case))
        if person:
            core, surname = person_core(name)
            if surname and len(surname.strip(".")) > 1:
                # A lone surname is also a common word ("Brown", "Rice"): only capitalized.
                by_surname = [
                    s for s in self._find(surname, exact_case=False) if self.text[s[0]].isupper()
                ]
                given = core.split()[0]
                own = [s for s in by_surname if not self._other_given_name(s[0], given)]
                if not spans and len(own) < len(by_surname):
                    # The article names only another person with this surname: its bare
                    # "Lee" is that person, not the model's "Mike Lee".
                    own = []
                spans.update(own)
        return sorted(spans)

    def _other_given_name(self, start: int, given: str) -> bool:
        """True when the surname at ``start`` follows a given name other than ``given``."""
        before = _GIVEN_BEFORE.search(self.text, max(0, start - 40), start)
        if before is None:
            return False
        word = before.group(1).rstrip(".").lower()
        given = given.rstrip(".").lower()
        if word in _TITLES or word.startswith(given) or given.startswith(word):
            return False  # a title, or the same given name, its initial or its short form
        at = before.start(1)
        preceding = self.text[max(0, at - 20) : at].rstrip()
        # The first word of a sentence is no given name ("Yesterday Lee said").
        return bool(preceding) and preceding[-1] not in '.!?:"\u201c\u201d'

    def _variants(self, name: str, *, person: bool) -> list[tuple[str, bool]]:
        cleaned = _clean(name)
        if not cleaned:
            return []
        if person:
            core, _ = person_core(cleaned)
            return [(cleaned, False), (core, False)]
        base = re.sub(r"^the\s+", "", cleaned, flags=re.IGNORECASE)
        names = {base, cleaned}
        key = _alias_key(base)
        for group in _ALIASES:
            if key in {_alias_key(member) for member in group}:
                names.update(group)
        variants = [(n, _is_acronym(n)) for n in names]
        words = base.split()
        initials = _initials(words)
        if len(words) > 1 and len(initials) > 1:
            variants.append((initials, True))  # Center for ... Studies -> CSIS
        if _is_acronym(base):
            variants.extend((long, False) for long in self._expansions(base))
        return variants

    def _find(self, needle: str, *, exact_case: bool) -> list[tuple[int, int]]:
        found = find_all_normalized(needle, self.folded)
        if needle.endswith("."):  # the search leaves out a final period: "U.S." -> "U.S"
            found = [(a, b + 1) if self.text[b : b + 1] == "." else (a, b) for a, b in found]
        if exact_case:
            # Two letters must match exactly ("US", not "us"); longer acronyms may be written
            # as words ("Nato") but not in lowercase ("who" is not the WHO).
            if len(needle) < 3:
                found = [s for s in found if self.text[s[0] : s[1]] == needle]
            else:
                found = [s for s in found if self.text[s[0]].isupper()]
        excluded = _NOT_AFTER.get(needle.lower())
        if excluded:
            found = [s for s in found if not self._after_word(s[0], excluded)]
        return found

    def _after_word(self, start: int, words: tuple[str, ...]) -> bool:
        before = self.text[max(0, start - 20) : start].split()
        return bool(before) and before[-1].lower() in words

    def _expansions(self, acronym: str) -> list[str]:
        """Capitalized phrases in the article whose initials spell ``acronym``."""
        if self._runs is None:
            self._runs = {}
            for match in _CAPITAL_RUN.finditer(self.text):
                if " " not in match.group() and "\t" not in match.group():
                    continue  # one word: no phrase of two or more to spell initials
                words = [(w.start(), w.end(), w.group()) for w in _WORD.finditer(match.group())]
                # Any stretch of the run: "Meanwhile the Center for ..." starts mid-run.
                for i, (first, _, word) in enumerate(words):
                    if not word[:1].isupper():
                        continue
                    key = word[0]
                    for j in range(i + 1, len(words)):
                        if words[j][2][:1].isupper():
                            key += words[j][2][0]
                            if len(key) > _LONGEST_ACRONYM:
                                break  # only acronyms are looked up, and this only grows
                            phrase = match.group()[first : words[j][1]]
                            self._runs.setdefault(key, set()).add(phrase)
        return sorted(self._runs.get(acronym, set()))


def _alias_key(name: str) -> str:
    return name.replace(".", "").lower()


def _is_acronym(name: str) -> bool:
    return bool(_ACRONYM.fullmatch(name.replace(".", ""))) and "." not in name
