"""Which exceptions are API failures, and the typed briefer error each one becomes."""

from __future__ import annotations

import re

from briefer.errors import (
    ContextOverflowError,
    ModelAPIError,
    ModelError,
    UnsupportedFormatError,
)
from briefer.llm._settings import Mode, ModeSetting
from briefer.schema import Usage

__all__ = ["api_error", "is_api_failure", "is_format_refusal"]

# Status codes with which servers refuse a response_format they do not support: llama-cpp-python
# answers 500, others 400 or 422. In auto mode these move on to the next mode.
_FORMAT_REFUSAL_STATUS = {400, 422, 500, 501}
_CONTEXT_OVERFLOW = re.compile(
    r"context[_ ]length|context window|maximum context|exceeds? the (?:model's )?context|"
    r"too many tokens|prompt is too long|requested \d+ tokens",
    re.IGNORECASE,
)


_API_FAILURES = {
    "OpenAIError",
    "HTTPError",
    "TimeoutException",
    "TimeoutError",
    "ReplyTooLargeError",
}


def is_api_failure(exc: Exception) -> bool:
    # Checked by name so that briefer does not import openai (or httpx) before a call.
    names = {cls.__name__ for cls in type(exc).__mro__}
    return bool(names & _API_FAILURES)


def _status_of(exc: Exception) -> int | None:
    status = getattr(exc, "status_code", None)
    return status if isinstance(status, int) else None


def _message_of(exc: Exception) -> str:
    message = getattr(exc, "message", None) or str(exc)
    body = getattr(exc, "body", None)
    if isinstance(body, dict):
        inner = body.get("error", body)
        if isinstance(inner, dict) and inner.get("message"):
            message = str(inner["message"])
        elif isinstance(body.get("detail"), str):
            message = body["detail"]
    return " ".join(str(message).split())[:300]


def is_format_refusal(exc: Exception, mode: Mode) -> bool:
    status = _status_of(exc)
    if mode == "prompt" or status not in _FORMAT_REFUSAL_STATUS:
        return False
    return not _CONTEXT_OVERFLOW.search(_message_of(exc))


def api_error(
    exc: Exception, mode: Mode, attempts: int, usage: Usage, setting: ModeSetting
) -> ModelError:
    status = _status_of(exc)
    message = _message_of(exc)
    kind = type(exc).__name__
    if _CONTEXT_OVERFLOW.search(message):
        return ContextOverflowError(
            f"the prompt does not fit the model's context window: {message}",
            status_code=status,
            attempts=attempts,
            usage=usage,
            mode=mode,
        )
    if setting != "auto" and mode != "prompt" and status in _FORMAT_REFUSAL_STATUS:
        return UnsupportedFormatError(
            f"the server refused response_format {mode} (HTTP {status}: {message}); "
            "try mode 'auto' or 'prompt'",
            attempts=attempts,
            usage=usage,
            mode=mode,
        )
    if kind == "APITimeoutError":
        text = "the model server did not answer in time (request timed out)"
    elif kind == "ReplyTooLargeError":
        text = f"the model server sent a bad reply: {message}"
    elif kind == "APIConnectionError":
        text = f"cannot reach the model server: {message}"
    elif status == 404:
        text = f"not found (HTTP 404): {message}; check the model name and base URL"
    elif status in (401, 403):
        text = f"the server refused the credentials (HTTP {status}): {message}"
    elif status == 429:
        text = f"rate limited (HTTP 429), not retried further: {message}"
    elif status is not None:
        text = f"the model server answered HTTP {status}: {message}"
    else:
        text = f"the model call failed ({kind}): {message}"
    return ModelAPIError(text, status_code=status, attempts=attempts, usage=usage, mode=mode)
