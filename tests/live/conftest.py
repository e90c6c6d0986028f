"""Fixtures for tests against a real OpenAI-compatible server (llama-cpp-python + SmolLM2-135M).

The server is installed by ``make live-server`` (``scripts/llama_server.py install``) and started
once per session on a free loopback port. Without it the live tests skip, except in CI (the
``CI`` variable set), where a missing server is an error: CI must not pass by skipping them.
"""

from __future__ import annotations

import importlib.util
import inspect
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType, SimpleNamespace
from typing import Any

import pytest
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


llama_server_script = _load_script()


@pytest.fixture(scope="session")
def llama_server() -> Iterator[Any]:
    """The running server (a ``ServerInfo``: base_url, model, process, log_path, n_ctx)."""
    if not llama_server_script.is_installed():
        reason = (
            f"the llama.cpp server is not installed in {llama_server_script.VENV}: "
            "run `make live-server`"
        )
        if os.environ.get("CI"):
            pytest.fail(f"{reason} (CI is set, so live tests may not be skipped)")
        pytest.skip(reason)
    with llama_server_script.running_server() as server:
        yield server


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture
def client(llama_server: Any) -> Iterator[OpenAI]:
    """An OpenAI client for the live server, without SDK retries so attempts can be counted."""
    with OpenAI(
        base_url=llama_server.base_url,
        api_key="sk-no-key",
        max_retries=0,
        timeout=REQUEST_TIMEOUT,
    ) as sdk:
        yield sdk


@pytest.fixture
async def async_client(llama_server: Any) -> Any:
    sdk = AsyncOpenAI(
        base_url=llama_server.base_url,
        api_key="sk-no-key",
        max_retries=0,
        timeout=REQUEST_TIMEOUT,
    )
    yield sdk
    await sdk.close()


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
        original = sdk.chat.completions.create
        create = self._acreate if inspect.iscoroutinefunction(original) else self._create
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


@pytest.fixture
def recording_client(client: OpenAI) -> RecordingClient:
    return RecordingClient(client)


@pytest.fixture
def async_recording_client(async_client: AsyncOpenAI) -> RecordingClient:
    return RecordingClient(async_client)
