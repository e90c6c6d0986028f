"""Reading a server's reply without trusting it.

The openai SDK builds a ``ChatCompletion`` from whatever JSON the server sent and does not
validate it: ``choices`` may arrive as a string, ``content`` as an object, token counts
negative; a body that is not JSON comes back as a plain string, or raises
``JSONDecodeError``. Every reply is read here, once, into plain checked values; anything
else is a :class:`MalformedReply` saying in one line what was wrong.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from briefer.schema import Usage

__all__ = ["MalformedReply", "Reply", "malformed_body", "read_reply", "reply_char_limit"]

# Tokens average about four characters of English; few are longer than sixteen. A reply
# longer than this many characters per token of its output limit did not respect the limit.
_CHARS_PER_TOKEN = 32
_SPARE_CHARS = 4096


class MalformedReply(ValueError):
    """The server's reply is not a chat completion briefer can read."""


@dataclass(frozen=True)
class Reply:
    """What briefer uses of a chat completion, checked."""

    has_message: bool
    """False when the server sent no choice or a choice without a message."""
    content: str
    refusal: str | None
    finish_reason: str | None
    usage: Usage


def reply_char_limit(max_tokens: int) -> int:
    """The most characters a reply limited to ``max_tokens`` tokens may plausibly hold."""
    return max_tokens * _CHARS_PER_TOKEN + _SPARE_CHARS


def read_reply(response: object, *, max_tokens: int) -> Reply:
    """The checked content, finish reason, refusal and usage of ``response``.

    Raises:
        MalformedReply: the reply is not a chat completion, a field has the wrong type, a
            token count is negative, or the text is far longer than ``max_tokens`` allows.
    """
    if isinstance(response, str | bytes | int | float | list | dict) or response is None:
        raise MalformedReply(f"the server answered {_describe(response)}, not a chat completion")
    choices = getattr(response, "choices", None)
    if not isinstance(choices, list):
        raise MalformedReply(f"'choices' is {_kind(choices)}, not a list")
    usage = _usage(getattr(response, "usage", None))
    if not choices:
        return Reply(False, "", None, None, usage)
    choice = choices[0]
    if isinstance(choice, str | bytes | int | float | list | dict) or choice is None:
        raise MalformedReply(f"'choices[0]' is {_kind(choice)}, not a choice")
    message = getattr(choice, "message", None)
    finish = _optional_text(getattr(choice, "finish_reason", None), "finish_reason")
    if message is None:
        return Reply(False, "", None, finish, usage)
    if isinstance(message, str | bytes | int | float | list | dict):
        raise MalformedReply(f"'message' is {_kind(message)}, not a message")
    content = _optional_text(getattr(message, "content", None), "message.content") or ""
    refusal = _optional_text(getattr(message, "refusal", None), "message.refusal")
    limit = reply_char_limit(max_tokens)
    if len(content) > limit:
        raise MalformedReply(
            f"the reply holds {len(content):,} characters, far more than its limit of "
            f"{max_tokens:,} tokens allows: the server ignored the output limit"
        )
    return Reply(True, content, refusal, finish, usage)


def malformed_body(exc: Exception) -> str | None:
    """What is wrong with a body the SDK could not even parse, or None for other errors."""
    if isinstance(exc, json.JSONDecodeError):
        return f"the server's reply is not JSON ({_excerpt(exc.doc)})"
    if isinstance(exc, RecursionError):
        return "the server's reply is JSON nested too deeply to read"
    return None


def _usage(usage: Any) -> Usage:
    if usage is None:
        return Usage()  # many local servers report none
    if isinstance(usage, str | bytes | int | float | list):
        raise MalformedReply(f"'usage' is {_kind(usage)}, not an object")
    counts = [_count(usage, name) for name in ("prompt_tokens", "completion_tokens")]
    total = _count(usage, "total_tokens") or sum(counts)
    return Usage(prompt_tokens=counts[0], completion_tokens=counts[1], total_tokens=total)


def _count(usage: Any, name: str) -> int:
    value = usage.get(name) if isinstance(usage, dict) else getattr(usage, name, None)
    if value is None:
        return 0
    if isinstance(value, bool) or not isinstance(value, int | float) or value != int(value):
        raise MalformedReply(f"'usage.{name}' is {_kind(value)}, not a whole number")
    if value < 0:
        raise MalformedReply(f"'usage.{name}' is negative ({int(value)})")
    return int(value)


def _optional_text(value: Any, name: str) -> str | None:
    if value is None or isinstance(value, str):
        return value
    raise MalformedReply(f"'{name}' is {_kind(value)}, not text")


def _kind(value: object) -> str:
    if value is None:
        return "missing"
    names = {str: "text", bytes: "bytes", bool: "a boolean", dict: "an object", list: "a list"}
    for kind, name in names.items():
        if isinstance(value, kind):
            return name
    if isinstance(value, int | float):
        return f"a number ({value})"
    return f"a {type(value).__name__}"


def _describe(body: object) -> str:
    if isinstance(body, str | bytes):
        return f"with text ({_excerpt(body)})"
    return f"with {_kind(body)}"


def _excerpt(body: str | bytes) -> str:
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else body
    text = " ".join(text.split())
    # Only printable characters: this goes into an error line on a terminal.
    text = "".join(c if c.isprintable() else "?" for c in text)
    return repr(text[:80] + ("..." if len(text) > 80 else ""))
