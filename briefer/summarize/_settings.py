"""Everything a run of summaries shares, built once by ``Briefer`` and passed down."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from briefer.grounding import GroundingPolicy
from briefer.llm import CallSettings

__all__ = ["OFFLINE_CHUNK_TOKENS", "Engine", "SummarySettings", "Verify"]

Engine = Literal["model", "offline"]
Verify = Literal["lexical", "model"]

# The offline engine has no context window; this keeps its chunks the size a model would see.
OFFLINE_CHUNK_TOKENS = 8000


@dataclass(frozen=True)
class SummarySettings:
    """How articles are summarized: engine, call settings, grounding, chunking, limits.

    Attributes:
        engine: ``model`` or ``offline``.
        call: the settings of every model call (None for the offline engine).
        grounding: ``drop``, ``flag`` or ``off``.
        grounding_reask: send unverified items back to the model once.
        verify: ``lexical`` (grounding's checks) or ``model`` (and one more call per summary
            asking the model about every claim and lede sentence they passed).
        context_window: the model's context in tokens.
        chunk_tokens: article tokens per chunk, or None for what fits the context.
        chunk_overlap: tokens repeated between consecutive chunks.
        concurrency: model calls in flight at once.
        prices: price overrides per model (see :mod:`briefer.pricing`).
    """

    engine: Engine
    call: CallSettings | None = None
    grounding: GroundingPolicy = "drop"
    grounding_reask: bool = False
    verify: Verify = "lexical"
    context_window: int = 8192
    chunk_tokens: int | None = None
    chunk_overlap: int = 0
    concurrency: int = 8
    prices: Mapping[str, Mapping[str, float]] | None = None

    @property
    def model(self) -> str | None:
        """The model name, or None for the offline engine."""
        return self.call.model if self.call is not None else None

    @property
    def max_output_tokens(self) -> int:
        """Each reply's token limit (0 for the offline engine, which makes no calls)."""
        return self.call.max_output_tokens if self.call is not None else 0
