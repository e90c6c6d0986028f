"""The summarize stage: one article, planned, chunked, called, merged and grounded.

:class:`ArticlePlanner` decides the calls (and prices them without a client);
:class:`Summarizer` runs them with a client (sync, async, or a sync client in threads) or
the offline engine, and returns a checked :class:`~briefer.schema.ArticleSummary`.
"""

from __future__ import annotations

from briefer.summarize._merge import dedupe_people, merge_contents
from briefer.summarize._plan import ArticlePlanner, PlannedCall
from briefer.summarize._settings import OFFLINE_CHUNK_TOKENS, Engine, SummarySettings, Verify
from briefer.summarize._summarizer import Summarizer, is_async_client

__all__ = [
    "OFFLINE_CHUNK_TOKENS",
    "ArticlePlanner",
    "Engine",
    "PlannedCall",
    "Summarizer",
    "SummarySettings",
    "Verify",
    "dedupe_people",
    "is_async_client",
    "merge_contents",
]
