"""Fixtures for tests against a real OpenAI-compatible server (llama-cpp-python + SmolLM2-135M).

The server is installed by ``make live-server`` (``scripts/llama_server.py install``) and started
once per session on a free loopback port. Without it the live tests skip, except in CI (the
``CI`` variable set), where a missing server is an error: CI must not pass by skipping them.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
from live_support import REQUEST_TIMEOUT, SEED, RecordingClient, server_script
from openai import AsyncOpenAI, OpenAI


@pytest.fixture(scope="session")
def llama_server() -> Iterator[Any]:
    """The running server (a ``ServerInfo``: base_url, model, process, log_path, n_ctx)."""
    if not server_script.is_installed():
        reason = (
            f"the llama.cpp server is not installed in {server_script.VENV}: run `make live-server`"
        )
        if os.environ.get("CI"):
            pytest.fail(f"{reason} (CI is set, so live tests may not be skipped)")
        pytest.skip(reason)
    with server_script.running_server() as server:
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


@pytest.fixture
def recording_client(client: OpenAI) -> RecordingClient:
    return RecordingClient(client)


@pytest.fixture
def async_recording_client(async_client: AsyncOpenAI) -> RecordingClient:
    return RecordingClient(async_client)
