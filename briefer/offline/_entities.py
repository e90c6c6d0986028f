"""The values the name finder builds and hands on: mentions, entities and the index."""

from __future__ import annotations

from dataclasses import dataclass, field

from briefer.schema import ActorKind

__all__ = ["Draft", "DraftTable", "Entity", "EntityIndex", "Mention"]


@dataclass(frozen=True)
class Mention:
    """Where an entity is named: ``start``/``end`` span the name, ``run_start`` its title too."""

    key: str
    start: int
    end: int
    run_start: int
    surface: str
    shown: bool = True
    """False for a mention that may not serve as the display name (a demonym such as "Russian")."""


@dataclass(frozen=True)
class Entity:
    """One actor: every mention of it, with its kind and role where the text gives one."""

    key: str
    name: str
    kind: ActorKind
    role: str | None
    mentions: tuple[Mention, ...]
    roles: tuple[str, ...] = ()
    """Every title or description the article gives it (``role`` is the best of them)."""

    @property
    def first(self) -> int:
        return self.mentions[0].start


@dataclass
class Draft:
    """An entity while the text is still being read: its kind, roles and mentions."""

    kind: ActorKind
    roles: list[str] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)


class DraftTable(dict[str, Draft]):
    """The drafts by key, with the people among them indexed by their last word.

    Each new name is compared with the people found so far that share its surname; the
    index finds those at once, where a scan of every draft would make a long text's names
    quadratic.
    """

    def __init__(self) -> None:
        super().__init__()
        self.people_by_last: dict[str, list[str]] = {}
        self.owner_search: dict[str, tuple[int, str | None]] = {}
        """For a name already looked up: how many of its namesakes were compared, and the
        first that matched (people are only ever added, so a match found stays the first)."""

    def person(self, key: str) -> Draft:
        """The draft of person ``key`` (made and indexed when new)."""
        draft = self.get(key)
        if draft is None:
            draft = self[key] = Draft("person")
            self.people_by_last.setdefault(key.split()[-1], []).append(key)
        return draft

    def people_named(self, last: str) -> list[str]:
        """Keys of the people drafted so far whose last word is ``last``, in order found."""
        return self.people_by_last.get(last, [])


@dataclass(frozen=True)
class EntityIndex:
    """Every entity found in a text and every mention, in text order."""

    entities: dict[str, Entity]
    mentions: tuple[Mention, ...]
