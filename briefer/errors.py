"""Every error briefer raises, in one tree.

```
BrieferError
├── InputError                  a user mistake; the CLI exits 2
│   ├── ArticleError            unreadable, empty, binary, wrongly encoded or oversized input
│   ├── TemplateError           a prompt template that is missing or does not render
│   └── UsageError              a wrong argument or setting from the calling code
└── ModelError                  the model could not give a usable answer; the CLI exits 1
    ├── ModelAPIError           the API call failed after the SDK's own retries
    │   └── ContextOverflowError    the prompt does not fit the model's context window
    ├── UnsupportedFormatError  the server refused every structured-output mode
    ├── ModelOutputError        the reply stayed invalid after every re-ask
    ├── TruncatedOutputError    the reply was cut off at the output token limit
    ├── RefusalError            the model refused to answer
    └── BudgetExceededError     the next call would pass the cost limit
```

Model errors carry the number of attempts and the token usage spent on them, so a caller
can account for a failed call as well as a good one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from briefer.schema import Usage

__all__ = [
    "ArticleError",
    "BrieferError",
    "BudgetExceededError",
    "ContextOverflowError",
    "InputError",
    "ModelAPIError",
    "ModelError",
    "ModelOutputError",
    "RefusalError",
    "TemplateError",
    "TruncatedOutputError",
    "UnsupportedFormatError",
    "UsageError",
]


class BrieferError(Exception):
    """Base of every error briefer raises."""

    exit_code: int = 1


class InputError(BrieferError):
    """The input or the settings are wrong: a user mistake, not a model failure."""

    exit_code = 2


class ArticleError(InputError):
    """An article could not be read: missing, empty, binary, badly encoded or too large."""

    def __init__(self, message: str, *, source: str | None = None) -> None:
        super().__init__(f"{source}: {message}" if source else message)
        self.source = source


class TemplateError(InputError):
    """A prompt template is missing, has a syntax error or needs a variable it was not given."""


class UsageError(InputError):
    """A wrong argument or setting from the calling code."""


class ModelError(BrieferError):
    """The model could not give a usable answer, after retries and re-asks."""

    exit_code = 1

    def __init__(
        self,
        message: str,
        *,
        attempts: int = 0,
        usage: Usage | None = None,
        mode: str | None = None,
    ) -> None:
        super().__init__(message)
        self.attempts = attempts
        self.mode = mode
        if usage is None:
            from briefer.schema import Usage

            usage = Usage()
        self.usage = usage


class ModelAPIError(ModelError):
    """The API call failed after the openai SDK's own retries (connection, timeout, 4xx, 5xx)."""

    def __init__(
        self,
        message: str,
        *,
        status_code: int | None = None,
        attempts: int = 0,
        usage: Usage | None = None,
        mode: str | None = None,
    ) -> None:
        super().__init__(message, attempts=attempts, usage=usage, mode=mode)
        self.status_code = status_code


class ContextOverflowError(ModelAPIError):
    """The prompt does not fit the model's context window."""


class UnsupportedFormatError(ModelError):
    """The server refused every structured-output mode that was tried."""


class ModelOutputError(ModelError):
    """The reply was not valid JSON for the schema, even after re-asking with the error."""

    def __init__(
        self,
        message: str,
        *,
        last_reply: str = "",
        attempts: int = 0,
        usage: Usage | None = None,
        mode: str | None = None,
    ) -> None:
        super().__init__(message, attempts=attempts, usage=usage, mode=mode)
        self.last_reply = last_reply


class TruncatedOutputError(ModelError):
    """The reply was cut off at the output token limit, even after one retry with more room."""

    def __init__(
        self,
        message: str,
        *,
        max_output_tokens: int,
        attempts: int = 0,
        usage: Usage | None = None,
        mode: str | None = None,
    ) -> None:
        super().__init__(message, attempts=attempts, usage=usage, mode=mode)
        self.max_output_tokens = max_output_tokens


class RefusalError(ModelError):
    """The model refused the request (a refusal message or a content filter)."""

    def __init__(
        self,
        message: str,
        *,
        refusal: str = "",
        attempts: int = 0,
        usage: Usage | None = None,
        mode: str | None = None,
    ) -> None:
        super().__init__(message, attempts=attempts, usage=usage, mode=mode)
        self.refusal = refusal


class BudgetExceededError(ModelError):
    """The next model call would take the run past its cost limit."""
