from __future__ import annotations

import logging
import multiprocessing
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from briefer.cache import ResponseCache, default_cache_path
from briefer.errors import UsageError

MESSAGES = [
    {"role": "system", "content": "Summarize the article."},
    {"role": "user", "content": "Council approves Mill Road bike lanes."},
]
SCHEMA = {"type": "json_schema", "json_schema": {"name": "summary", "schema": {"type": "object"}}}


def _key(**changes: Any) -> str:
    args: dict[str, Any] = {
        "model": "gpt-4o-mini",
        "messages": MESSAGES,
        "response_format": SCHEMA,
        "template_hash": "abc123",
        "extra": {"temperature": 0.0, "seed": 7},
    }
    args.update(changes)
    return ResponseCache.key(**args)


def _reply(n: int) -> dict[str, Any]:
    return {"id": f"chatcmpl-{n}", "choices": [{"message": {"content": f"“reply {n}”"}}]}


@pytest.fixture
def cache(tmp_path: Path) -> Iterator[ResponseCache]:
    with ResponseCache(tmp_path / "responses.sqlite3") as opened:
        yield opened


def test_key_is_a_sha256_hex_digest() -> None:
    key = _key()
    assert len(key) == 64 and int(key, 16) >= 0


def test_key_ignores_dict_order() -> None:
    reordered = {"seed": 7, "temperature": 0.0}
    messages = [{"content": m["content"], "role": m["role"]} for m in MESSAGES]
    assert _key(extra=reordered, messages=messages) == _key()


@pytest.mark.parametrize(
    "change",
    [
        pytest.param({"model": "gpt-4o"}, id="model"),
        pytest.param({"messages": MESSAGES[:1]}, id="messages"),
        pytest.param({"messages": MESSAGES[::-1]}, id="message-order"),
        pytest.param({"response_format": None}, id="response-format"),
        pytest.param({"template_hash": "def456"}, id="template"),
        pytest.param({"extra": {"temperature": 0.5, "seed": 7}}, id="extra"),
    ],
)
def test_key_changes_with_anything_that_changes_the_reply(change: dict[str, Any]) -> None:
    assert _key(**change) != _key()


def test_key_refuses_values_that_are_not_json() -> None:
    with pytest.raises(UsageError):
        _key(extra={"when": object()})


def test_put_then_get_returns_the_stored_response(cache: ResponseCache) -> None:
    cache.put(_key(), _reply(1))
    assert cache.get(_key()) == _reply(1)


def test_get_of_unknown_key_is_none(cache: ResponseCache) -> None:
    assert cache.get(_key()) is None


def test_put_replaces_an_existing_entry(cache: ResponseCache) -> None:
    cache.put(_key(), _reply(1))
    cache.put(_key(), _reply(2))
    assert (cache.get(_key()), len(cache)) == (_reply(2), 1)


def test_entries_survive_reopening_the_file(tmp_path: Path) -> None:
    first = ResponseCache(tmp_path / "c.sqlite3")
    first.put("k", _reply(1))
    first.close()
    with ResponseCache(tmp_path / "c.sqlite3") as second:
        assert second.get("k") == _reply(1)


def test_clear_removes_every_entry(cache: ResponseCache) -> None:
    for n in range(3):
        cache.put(f"k{n}", _reply(n))
    cache.clear()
    assert (len(cache), cache.get("k0")) == (0, None)


def test_value_that_is_not_json_is_a_usage_error(cache: ResponseCache) -> None:
    with pytest.raises(UsageError):
        cache.put("k", {"bad": {1, 2}})


def test_cache_creates_missing_folders(tmp_path: Path) -> None:
    with ResponseCache(tmp_path / "a" / "b" / "c.sqlite3") as cache:
        cache.put("k", _reply(1))
    assert (tmp_path / "a" / "b" / "c.sqlite3").is_file()


def test_corrupt_file_runs_uncached_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "responses.sqlite3"
    path.write_bytes(b"this is not a database " * 200)
    cache = ResponseCache(path)
    with caplog.at_level(logging.WARNING, logger="briefer.cache"):
        cache.put("k", _reply(1))
        assert (cache.get("k"), len(cache)) == (None, 0)
    assert "running uncached" in caplog.text


def test_unwritable_location_runs_uncached(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    cache = ResponseCache(blocker / "responses.sqlite3")
    with caplog.at_level(logging.WARNING, logger="briefer.cache"):
        cache.put("k", _reply(1))
        assert cache.get("k") is None
    assert "running uncached" in caplog.text


def test_threads_writing_same_and_different_keys(cache: ResponseCache) -> None:
    def work(worker: int) -> None:
        for n in range(40):
            cache.put(f"own-{worker}-{n}", _reply(n))
            cache.put(f"shared-{n}", _reply(n))
            assert cache.get(f"own-{worker}-{n}") == _reply(n)

    threads = [threading.Thread(target=work, args=(w,)) for w in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(cache) == 8 * 40 + 40
    assert cache.get("shared-39") == _reply(39)


def _write_from_process(path: str, worker: int) -> None:
    cache = ResponseCache(path)
    for n in range(60):
        cache.put(f"own-{worker}-{n}", _reply(n))
        cache.put(f"shared-{n}", _reply(n))
    cache.close()


def test_two_processes_writing_one_file(tmp_path: Path) -> None:
    path = str(tmp_path / "responses.sqlite3")
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_write_from_process, args=(path, w)) for w in range(2)]
    for proc in procs:
        proc.start()
    for proc in procs:
        proc.join(timeout=120)
    assert [proc.exitcode for proc in procs] == [0, 0]
    with ResponseCache(path) as cache:
        assert len(cache) == 2 * 60 + 60
        assert cache.get("own-1-59") == _reply(59)


def test_default_path_prefers_briefer_cache_dir(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("BRIEFER_CACHE_DIR", str(tmp_path / "mine"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert default_cache_path() == tmp_path / "mine" / "responses.sqlite3"


def test_default_path_uses_xdg_cache_home(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("BRIEFER_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert default_cache_path() == tmp_path / "xdg" / "briefer" / "responses.sqlite3"


def test_default_path_falls_back_to_home(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("BRIEFER_CACHE_DIR", raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert default_cache_path() == tmp_path / ".cache" / "briefer" / "responses.sqlite3"


def test_cache_without_path_uses_the_default(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("BRIEFER_CACHE_DIR", str(tmp_path))
    with ResponseCache() as cache:
        cache.put("k", _reply(1))
    assert (tmp_path / "responses.sqlite3").is_file()


class _LockedAtFirst:
    """A connection whose first switch to WAL meets another process's lock, as under load."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn
        self.refused = 0

    def execute(self, sql: str, *args: Any) -> Any:
        if "journal_mode" in sql and not self.refused:
            self.refused += 1
            raise sqlite3.OperationalError("database is locked")
        return self._conn.execute(sql, *args)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._conn, name)

    def __enter__(self) -> Any:
        return self._conn.__enter__()

    def __exit__(self, *exc: Any) -> Any:
        return self._conn.__exit__(*exc)


def test_a_cache_locked_while_opening_waits_instead_of_turning_off(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    real_connect = sqlite3.connect
    opened: list[_LockedAtFirst] = []

    def connect(*args: Any, **kwargs: Any) -> Any:
        opened.append(_LockedAtFirst(real_connect(*args, **kwargs)))
        return opened[-1]

    monkeypatch.setattr("briefer.cache.sqlite3.connect", connect)
    with ResponseCache(tmp_path / "responses.sqlite3") as cache:
        cache.put("k", {"v": 1})
        assert cache.get("k") == {"v": 1}
    assert opened[0].refused == 1
