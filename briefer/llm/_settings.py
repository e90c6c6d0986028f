"""The settings every structured call of a run shares, built once and passed down."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal, get_args

from briefer.errors import UsageError

__all__ = ["MODES", "CallSettings", "Mode", "ModeSetting"]

Mode = Literal["json_schema", "json_object", "prompt"]
ModeSetting = Literal["auto", "json_schema", "json_object", "prompt"]
MODES: tuple[Mode, ...] = ("json_schema", "json_object", "prompt")


@dataclass(frozen=True)
class CallSettings:
    """How to ask the model: one frozen value instead of a keyword list in every signature.

    Attributes:
        model: the model name sent to the server.
        mode: ``auto`` negotiates json_schema, then json_object, then prompt.
        max_output_tokens: the reply's token limit (doubled once if the reply is cut off).
        temperature: sampling temperature, or None for the server's default.
        max_reasks: how many times to re-ask after an invalid reply.
        timeout: seconds for each request, passed to the SDK; None keeps the client's own.
    """

    model: str
    mode: ModeSetting = "auto"
    max_output_tokens: int = 1024
    temperature: float | None = None
    max_reasks: int = 2
    timeout: float | None = None

    def __post_init__(self) -> None:
        if not self.model:
            raise UsageError("a model name is required, e.g. model='gpt-4o-mini'")
        if self.mode not in get_args(ModeSetting):
            raise UsageError(
                f"mode must be one of {', '.join(get_args(ModeSetting))}, not {self.mode!r}"
            )
        if self.max_output_tokens < 1:
            raise UsageError(f"max_output_tokens must be at least 1, not {self.max_output_tokens}")
        if self.max_reasks < 0:
            raise UsageError(f"max_reasks must be 0 or more, not {self.max_reasks}")
        if self.timeout is not None and not self.timeout > 0:
            raise UsageError(f"timeout must be more than 0 seconds, not {self.timeout}")

    def with_changes(self, **changes: object) -> CallSettings:
        """A copy with some settings changed."""
        return replace(self, **changes)  # type: ignore[arg-type]
