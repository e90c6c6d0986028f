"""Finding the JSON in a model's reply, and saying in a line why a reply did not validate."""

from __future__ import annotations

import json
import re
from typing import Any

from pydantic import ValidationError

__all__ = ["describe_error", "extract_json"]


def extract_json(text: str) -> Any:
    """The JSON value in a reply: bare, inside a ``` fence, or the outermost {...} in prose.

    Raises:
        ValueError: when no JSON object can be found, or it is nested too deeply to read.
    """
    try:
        return _extract(text)
    except RecursionError:
        raise ValueError("the reply is JSON nested too deeply (over about 1,000 levels)") from None


def _extract(text: str) -> Any:
    stripped = text.strip()
    if not stripped:
        raise ValueError("the reply was empty")
    # strict=False: grammar-constrained servers (llama.cpp) let raw line breaks into strings.
    try:
        return json.loads(stripped, strict=False)
    except json.JSONDecodeError as first_error:
        fenced = re.search(r"```(?:json|JSON)?\s*\n(.*?)```", stripped, re.DOTALL)
        if fenced:
            try:
                return json.loads(fenced.group(1), strict=False)
            except json.JSONDecodeError:
                pass
        decoder = json.JSONDecoder(strict=False)
        for start in (m.start() for m in re.finditer(r"\{", stripped)):
            try:
                value, _ = decoder.raw_decode(stripped, start)
            except json.JSONDecodeError:
                continue
            if isinstance(value, dict):
                return value
        raise ValueError(f"the reply is not valid JSON ({first_error.msg})") from first_error


def describe_error(exc: Exception) -> str:
    """A validation or JSON error in words a model can act on when re-asked."""
    if isinstance(exc, ValidationError):
        parts = []
        for err in exc.errors()[:8]:
            where = ".".join(str(p) for p in err["loc"]) or "the object"
            parts.append(f"{where}: {err['msg']}")
        return "; ".join(parts)
    return str(exc)
