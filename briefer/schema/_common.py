"""Building blocks of every schema: list bounds, stripped text, the base model, token usage."""

from __future__ import annotations

import unicodedata
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict

__all__ = [
    "INTERNAL",
    "MAX_ACTORS",
    "MAX_CLAIMS",
    "MAX_EXPERTS",
    "MAX_QUESTIONS",
    "MAX_QUOTES_PER_EXPERT",
    "MAX_TOP_LINES",
    "Model",
    "Text",
    "Usage",
    "bounded",
    "empty_list",
    "strip",
]

# Upper bounds on every list the model fills: a small model without them repeats one item
# until it runs out of tokens. The schema states them; parsing enforces them by truncating.
MAX_CLAIMS = 8
MAX_ACTORS = 12
MAX_EXPERTS = 8
MAX_QUESTIONS = 5
MAX_QUOTES_PER_EXPERT = 3
MAX_TOP_LINES = 7

INTERNAL: dict[str, Any] = {"internal": True}


def _norm_key(value: object) -> str:
    """A case-, accent- and space-insensitive key for spotting repeated items."""
    if isinstance(value, BaseModel):
        value = value.model_dump(exclude={"evidence"})
    if isinstance(value, dict):
        value = " ".join(str(v) for k, v in sorted(value.items()) if k in ("text", "name", "quote"))
    text = unicodedata.normalize("NFKC", str(value)).casefold()
    return " ".join(text.split())


def bounded(limit: int) -> BeforeValidator:
    """Drop repeated items and keep the first ``limit``: a long list is trimmed, not refused."""

    def trim(items: Any) -> Any:
        if not isinstance(items, list):
            return items
        seen: set[str] = set()
        kept: list[Any] = []
        for item in items:
            key = _norm_key(item)
            if key in seen or not key:
                continue
            seen.add(key)
            kept.append(item)
            if len(kept) == limit:
                break
        return kept

    return BeforeValidator(trim)


def empty_list() -> list[Any]:
    """A new empty list, the default of every list field.

    Not ``default_factory=list``: pydantic reads a factory's signature, and a builtin's only
    from its text, which costs the tokenizer module and some milliseconds at start-up.
    """
    return []


def strip(value: Any) -> Any:
    """Strings without surrounding white space; anything else as it is."""
    return value.strip() if isinstance(value, str) else value


Text = Annotated[str, BeforeValidator(strip)]


class Model(BaseModel):
    # Validators are built on first use, not at import: a run touches only the models of its
    # own path (a summary never builds the brief's), and start-up is part of every command.
    model_config = ConfigDict(extra="ignore", populate_by_name=True, defer_build=True)


class Usage(Model):
    """Tokens spent, summed over every attempt of every call."""

    prompt_tokens: int = 0
    completion_tokens: int = 0
    total_tokens: int = 0

    def __add__(self, other: Usage) -> Usage:
        return Usage(
            prompt_tokens=self.prompt_tokens + other.prompt_tokens,
            completion_tokens=self.completion_tokens + other.completion_tokens,
            total_tokens=self.total_tokens + other.total_tokens,
        )
