"""Helpers for the live tests: the server script as a module, and a client that records usage.

Kept apart from conftest.py so test modules can import them by name.
"""

from __future__ import annotations

import importlib.util
import sys
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType, SimpleNamespace
from typing import Any

from openai import AsyncOpenAI, OpenAI

from briefer.schema import Usage

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "000_9257439dfe81132e.txt"
# Long enough for the slowest request here on two shared cores; failures show up as errors,
# not as a hang, because every test request also has a max_tokens limit.
REQUEST_TIMEOUT = 300.0


def _load_script() -> ModuleType:
    path = ROOT / "scripts" / "llama_server.py"
    spec = importlib.util.spec_from_file_location("llama_server", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["llama_server"] = module  # dataclasses look their module up here
    spec.loader.exec_module(module)
    return module


server_script = _load_script()


@dataclass(frozen=True)
class Call:
    """One request as the server answered it."""

    kwargs: dict[str, Any]
    usage: Usage | None
    """What the server reported, or None when the request failed."""
    error: Exception | None


class RecordingClient:
    """Wraps an OpenAI client and records every chat.completions.create call and its usage.

    Everything else is passed through, so briefer sees the SDK client it was given.
    """

    def __init__(self, sdk: OpenAI | AsyncOpenAI) -> None:
        self._sdk = sdk
        self.calls: list[Call] = []
        create = self._acreate if isinstance(sdk, AsyncOpenAI) else self._create
        self.chat = SimpleNamespace(completions=SimpleNamespace(create=create))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._sdk, name)

    @property
    def usage(self) -> Usage:
        """The server's usage summed over every answered request."""
        total = Usage()
        for call in self.calls:
            if call.usage is not None:
                total = total + call.usage
        return total

    def _record(self, kwargs: dict[str, Any], response: Any) -> Any:
        reported = response.usage
        usage = Usage(
            prompt_tokens=reported.prompt_tokens,
            completion_tokens=reported.completion_tokens,
            total_tokens=reported.total_tokens,
        )
        self.calls.append(Call(kwargs=kwargs, usage=usage, error=None))
        return response

    def _create(self, **kwargs: Any) -> Any:
        try:
            response = self._sdk.chat.completions.create(**kwargs)
        except Exception as exc:
            self.calls.append(Call(kwargs=kwargs, usage=None, error=exc))
            raise
        return self._record(kwargs, response)

    async def _acreate(self, **kwargs: Any) -> Any:
        try:
            response = await self._sdk.chat.completions.create(**kwargs)  # type: ignore[misc]
        except Exception as exc:
            self.calls.append(Call(kwargs=kwargs, usage=None, error=exc))
            raise
        return self._record(kwargs, response)
