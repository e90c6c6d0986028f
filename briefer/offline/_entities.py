"""The values the name finder builds and hands on: mentions, entities and the index."""

from __future__ import annotations

from dataclasses import dataclass, field

from briefer.schema import ActorKind

__all__ = ["Draft", "Entity", "EntityIndex", "Mention"]


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


@dataclass(frozen=True)
class EntityIndex:
    """Every entity found in a text and every mention, in text order."""

    entities: dict[str, Entity]
    mentions: tuple[Mention, ...]
