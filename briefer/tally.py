"""What the model calls of one summary cost: usage, requests, calls, cache hits, modes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TypeVar

from pydantic import BaseModel

from briefer.errors import ModelError
from briefer.llm import Mode, StructuredResult
from briefer.schema import Usage

__all__ = ["Tally"]

T = TypeVar("T", bound=BaseModel)


@dataclass
class Tally:
    """What the model calls of one run cost."""

    usage: Usage = field(default_factory=Usage)
    attempts: int = 0
    calls: int = 0
    cached_calls: int = 0
    modes: list[Mode] = field(default_factory=list)

    def lost(self, error: ModelError) -> None:
        """Count a call that failed but whose failure the summary survives."""
        self.usage = self.usage + error.usage
        self.attempts += error.attempts
        self.calls += 1

    def value(self, result: StructuredResult[T]) -> T:
        """Count the call's cost and give its value."""
        self.usage = self.usage + result.usage
        self.attempts += result.attempts
        self.calls += 1
        self.cached_calls += int(result.cached)
        self.modes.append(result.mode)
        return result.value
