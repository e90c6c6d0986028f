"""One ledger for what model calls cost: calls, requests, cache hits, tokens, modes, dollars.

A summary keeps one; a brief adds its stories' ledgers and its own calls into one more.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TypeVar

from pydantic import BaseModel

from briefer.llm._conversation import StructuredResult
from briefer.llm._settings import Mode
from briefer.pricing import estimate_cost
from briefer.schema import Usage

__all__ = ["Ledger"]

T = TypeVar("T", bound=BaseModel)


@dataclass
class Ledger:
    """What the model calls of one run cost, failed calls included."""

    usage: Usage = field(default_factory=Usage)
    calls: int = 0
    """Structured calls made or served from the cache."""
    requests: int = 0
    """Requests actually sent to the model (re-asks and retries included; 0 for cached)."""
    cached_calls: int = 0
    modes: list[Mode] = field(default_factory=list)
    """The mode each successful call settled on, in order."""

    def record(self, result: StructuredResult[T]) -> T:
        """Count a successful call and give its value."""
        self.usage = self.usage + result.usage
        self.requests += result.attempts
        self.calls += 1
        self.cached_calls += int(result.cached)
        self.modes.append(result.mode)
        return result.value

    def record_failure(self, error: BaseException) -> None:
        """Count a call that failed: what its requests cost (one that sent none is no call)."""
        attempts = int(getattr(error, "attempts", 0) or 0)
        usage = getattr(error, "usage", None)
        if isinstance(usage, Usage):
            self.usage = self.usage + usage
        self.requests += attempts
        self.calls += int(attempts > 0)

    def add(self, other: Ledger) -> None:
        """Add another ledger's counts to this one (a story's into its brief's)."""
        self.usage = self.usage + other.usage
        self.requests += other.requests
        self.calls += other.calls
        self.cached_calls += other.cached_calls
        self.modes.extend(other.modes)

    def cost_usd(
        self, model: str | None, prices: Mapping[str, Mapping[str, float]] | None = None
    ) -> float | None:
        """The cost of the tokens recorded, or None when the model's prices are unknown."""
        return estimate_cost(
            model, self.usage.prompt_tokens, self.usage.completion_tokens, overrides=prices
        )
