"""Word lists about the world, shared by the stages that recognize names: countries,
international bodies, groups, nationality words, places and common given names.

The lists are plain text in ``briefer/data/`` (one entry per line, ``#`` for comments), so
adding a country or an alias is a one-line change that needs no code.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Final, Literal

__all__ = [
    "ALIAS_GROUPS",
    "ANTONYMS",
    "DEMONYMS",
    "GIVEN_NAMES",
    "KNOWN",
    "PLACES",
    "KnownKind",
    "read_lines",
    "read_words",
]

KnownKind = Literal["country", "organization", "group"]

_DATA = Path(__file__).resolve().parent / "data"


@cache
def read_lines(name: str) -> tuple[str, ...]:
    """The non-blank, non-comment lines of ``briefer/data/NAME``, stripped."""
    text = (_DATA / name).read_text(encoding="utf-8")
    lines = (line.strip() for line in text.splitlines())
    return tuple(line for line in lines if line and not line.startswith("#"))


def read_words(name: str) -> tuple[str, ...]:
    """Every white-space separated word of ``briefer/data/NAME`` (comments left out)."""
    return tuple(word for line in read_lines(name) for word in line.split())


def _alias_groups() -> tuple[tuple[tuple[str, ...], KnownKind], ...]:
    files: tuple[tuple[str, KnownKind], ...] = (
        ("countries.txt", "country"),
        ("bodies.txt", "organization"),
        ("groups.txt", "group"),
    )
    return tuple(
        (tuple(line.split("|")), kind) for name, kind in files for line in read_lines(name)
    )


ALIAS_GROUPS: Final = _alias_groups()
"""Each known actor's names (the one to show first) and its kind."""

KNOWN: Final[dict[str, tuple[str, KnownKind]]] = {
    alias: (names[0], kind) for names, kind in ALIAS_GROUPS for alias in names
}
"""Surface form -> (canonical name, kind). Keys are case-sensitive: "US" is not "us"."""

DEMONYMS: Final[dict[str, str]] = dict(line.split("=", 1) for line in read_lines("demonyms.txt"))
"""Nationality adjective -> country it counts as a mention of ("" when it names none)."""

PLACES: Final[frozenset[str]] = frozenset(read_lines("places.txt"))
"""Places that are not actors in themselves."""

GIVEN_NAMES: Final[frozenset[str]] = frozenset(read_words("given_names.txt"))
"""Common given names, for telling a person from a place or a company."""


def _antonyms() -> tuple[tuple[str, str], ...]:
    pairs = (tuple(line.split("|", 1)) for line in read_lines("antonyms.txt"))
    return tuple((a.strip().lower(), b.strip().lower()) for a, b in pairs)


ANTONYMS: Final = _antonyms()
"""Pairs of words whose swap says the opposite (win/lose, rise/fall), base forms."""
