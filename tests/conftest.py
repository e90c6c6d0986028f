"""Shared test setup: no real network, no user settings, no shared cache."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_9257439dfe81132e.txt"

_real_connect = socket.socket.connect


def _loopback_only(self: socket.socket, address: Any) -> Any:
    # Tests talk to servers they start on this machine, never to the outside.
    if isinstance(address, tuple):
        host = str(address[0])
        if not (host.startswith("127.") or host in ("::1", "localhost")):
            raise OSError(f"tests may not reach the network ({host})")
    return _real_connect(self, address)


@pytest.fixture(autouse=True)
def _isolated(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[None]:
    for var in (
        "OPENAI_API_KEY",
        "OPENAI_BASE_URL",
        "BRIEFER_MODEL",
        "BRIEFER_MODE",
        "BRIEFER_GROUNDING",
        "BRIEFER_VERIFY",
        "BRIEFER_PROMPTS_DIR",
        "BRIEFER_PRICES",
    ):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("BRIEFER_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    monkeypatch.setattr(socket.socket, "connect", _loopback_only)
    from briefer.llm import forget_modes

    forget_modes()
    yield


@pytest.fixture
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture
def seed_path() -> Path:
    return SEED
