"""The message builders, under the name earlier releases documented (now :mod:`briefer.prompts`)."""

from __future__ import annotations

from briefer.llm import MessagesFor
from briefer.prompts import (
    brief_request,
    ground_reask_request,
    merge_request,
    summarize_request,
    system_message,
)

__all__ = [
    "MessagesFor",
    "brief_request",
    "ground_reask_request",
    "merge_request",
    "summarize_request",
    "system_message",
]
