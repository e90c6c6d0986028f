"""The prompts stage: the Jinja2 templates (``*.j2`` in this folder) and the message builders.

:class:`PromptSet` loads the built-in templates, overridden by name from a user folder
(argument or ``BRIEFER_PROMPTS_DIR``). The builders (:func:`summarize_request`,
:func:`merge_request`, :func:`ground_reask_request`, :func:`brief_request`,
:func:`verify_request`) turn an article into the messages of one request, as a function of
the structured-output mode. Article text only ever enters a template as a variable, between
fence lines it cannot forge.
"""

from __future__ import annotations

from briefer.prompts._messages import (
    brief_request,
    ground_reask_request,
    merge_request,
    summarize_request,
    system_message,
    verify_request,
)
from briefer.prompts._promptset import PROMPTS_DIR_ENV, PromptSet, builtin_prompts_dir, fence_for

__all__ = [
    "PROMPTS_DIR_ENV",
    "PromptSet",
    "brief_request",
    "builtin_prompts_dir",
    "fence_for",
    "ground_reask_request",
    "merge_request",
    "summarize_request",
    "system_message",
    "verify_request",
]
