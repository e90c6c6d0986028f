"""A failed consistency check: what failed, the verdict, and the words from both sides."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = ["Conflict"]


@dataclass(frozen=True)
class Conflict:
    """Why a claim is not supported by its aligned text."""

    check: str
    verdict: Literal["contradicted", "not_found"]
    reason: str
    claim_words: str | None = None
    article_words: str | None = None
