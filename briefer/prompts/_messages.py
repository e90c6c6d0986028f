"""The messages of each kind of request, rendered from the prompt templates.

Each builder returns a function of the structured-output mode, because the schema goes
into the system message only where the server does not enforce it (json_object, prompt).
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Any

from pydantic import BaseModel

from briefer.llm import MessagesFor, Mode, response_schema
from briefer.prompts._promptset import PromptSet, fence_for
from briefer.schema import Article, BriefSynthesis, DroppedItem, SummaryContent, VerifyReply

__all__ = [
    "brief_request",
    "ground_reask_request",
    "merge_request",
    "summarize_request",
    "system_message",
    "verify_request",
]


def system_message(
    prompts: PromptSet, task: str, output_type: type[BaseModel], mode: Mode
) -> dict[str, Any]:
    """The system message for ``task``; with the schema in it unless the server enforces it."""
    return {"role": "system", "content": _system_text(prompts, task, output_type, mode)}


@lru_cache(maxsize=64)
def _system_text(prompts: PromptSet, task: str, output_type: type[BaseModel], mode: Mode) -> str:
    # The same for every article of a run: rendered once (a brief sends hundreds).
    schema = None if mode == "json_schema" else response_schema(output_type, strict=False)
    return prompts.render("system", task=task, schema=schema)


def summarize_request(
    prompts: PromptSet, article: Article, text: str, part: int, parts: int
) -> MessagesFor:
    """Messages asking for the summary of ``text``: the article, or part ``part`` of ``parts``."""

    def build(mode: Mode) -> list[dict[str, Any]]:
        user = prompts.render(
            "summarize",
            text=text,
            fence=fence_for(text),
            title=article.title,
            source=article.source,
            published=article.published.isoformat() if article.published else None,
            part=part,
            parts=parts,
        )
        return [
            system_message(prompts, "summarize", SummaryContent, mode),
            {"role": "user", "content": user},
        ]

    return build


def merge_request(prompts: PromptSet, article: Article, parts: list[SummaryContent]) -> MessagesFor:
    """Messages asking to merge the partial summaries of one long article."""
    dumps = [p.model_dump_json(exclude_none=True) for p in parts]

    def build(mode: Mode) -> list[dict[str, Any]]:
        user = prompts.render(
            "merge", parts=dumps, fence=fence_for("\n".join(dumps)), title=article.title
        )
        return [
            system_message(prompts, "merge", SummaryContent, mode),
            {"role": "user", "content": user},
        ]

    return build


def ground_reask_request(
    prompts: PromptSet, article: Article, failed: list[DroppedItem]
) -> MessagesFor:
    """Messages asking for the summary again, naming the items grounding could not verify."""

    def build(mode: Mode) -> list[dict[str, Any]]:
        user = prompts.render(
            "ground_reask", failed=failed, text=article.text, fence=fence_for(article.text)
        )
        return [
            system_message(prompts, "summarize", SummaryContent, mode),
            {"role": "user", "content": user},
        ]

    return build


def brief_request(
    prompts: PromptSet, stories: list[dict[str, Any]], date: dt.date | None
) -> MessagesFor:
    """Messages asking for the day's top lines from numbered story ledes."""
    data = "\n".join(f"{s['number']} {s['title']} {s['lede']}" for s in stories)

    def build(mode: Mode) -> list[dict[str, Any]]:
        user = prompts.render(
            "brief",
            stories=stories,
            fence=fence_for(data),
            date=date.isoformat() if date else None,
        )
        return [
            system_message(prompts, "brief", BriefSynthesis, mode),
            {"role": "user", "content": user},
        ]

    return build


def verify_request(prompts: PromptSet, statements: list[tuple[str, list[str]]]) -> MessagesFor:
    """Messages asking the model to check each statement against its evidence sentences.

    ``statements`` holds (statement, evidence sentences) pairs, numbered from 1 in order.
    Statements and evidence are both data: they travel inside one fence, as a variable.
    """
    blocks = []
    for number, (text, evidence) in enumerate(statements, 1):
        lines = [f"Statement {number}: {text}", "Evidence:"]
        lines += [f"- {sentence}" for sentence in evidence] or ["- (none)"]
        blocks.append("\n".join(lines))
    data = "\n\n".join(blocks)

    def build(mode: Mode) -> list[dict[str, Any]]:
        user = prompts.render("verify", data=data, count=len(statements), fence=fence_for(data))
        return [
            system_message(prompts, "verify", VerifyReply, mode),
            {"role": "user", "content": user},
        ]

    return build
