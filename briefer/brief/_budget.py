"""``--max-cost``: stop before a story's calls could take the brief past its cost limit."""

from __future__ import annotations

from briefer.brief._estimate import calls_cost
from briefer.errors import BudgetExceededError
from briefer.pricing import estimate_cost
from briefer.schema import Usage
from briefer.summarize import ArticlePlanner, PlannedCall

__all__ = ["Budget"]


class Budget:
    """Reservations against a cost limit, priced by the same estimate as ``--dry-run``.

    A story reserves, before its first call, the worst case of every call it may make (its
    prompts plus each reply's whole output limit, the conditional re-ask included); stories
    under way hold their reservations, so concurrent stories cannot overshoot together.
    Re-asks after invalid replies and SDK retries are not foreseen: they are counted as spent
    when the story ends, before later stories reserve. (Only the event loop's thread touches
    this, so it needs no lock.)
    """

    def __init__(self, planner: ArticlePlanner, max_cost: float | None) -> None:
        self.planner = planner
        self.max_cost = max_cost
        self.spent = 0.0
        self.reserved: dict[str, float] = {}

    @property
    def active(self) -> bool:
        return self.max_cost is not None and self.planner.settings.engine == "model"

    def reserve(self, key: str, calls: list[PlannedCall]) -> None:
        """Hold the worst-case cost of ``calls`` under ``key``.

        Raises:
            BudgetExceededError: the calls could take the brief past its limit.
        """
        if not self.active or self.max_cost is None:
            return
        estimate = calls_cost(self.planner, calls) or 0.0
        committed = self.spent + sum(self.reserved.values())
        if committed + estimate > self.max_cost:
            raise BudgetExceededError(
                f"skipped: summarizing it could cost up to ${estimate:.4f}, which would pass "
                f"the limit of ${self.max_cost:.2f} (${committed:.4f} spent or reserved)"
            )
        self.reserved[key] = estimate

    def release(self, key: str) -> None:
        self.reserved.pop(key, None)

    def spend(self, usage: Usage) -> None:
        if not self.active:
            return
        settings = self.planner.settings
        cost = estimate_cost(
            settings.model,
            usage.prompt_tokens,
            usage.completion_tokens,
            overrides=settings.prices,
        )
        self.spent += cost or 0.0
