from __future__ import annotations

import json
import logging
import multiprocessing
import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from support import BRIEF_DAY

from briefer import Briefer
from briefer.articles import read_articles
from briefer.brief import group_stories
from briefer.cache import ResponseCache, default_cache_path
from briefer.errors import UsageError
from briefer.testing import FakeClient

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

    monkeypatch.setattr("briefer.cache._file.sqlite3.connect", connect)
    with ResponseCache(tmp_path / "responses.sqlite3") as cache:
        cache.put("k", {"v": 1})
        assert cache.get("k") == {"v": 1}
    assert opened[0].refused == 1


# ---- a bad row is a miss, and is replaced ----------------------------------------------------

BAD_ROWS = [
    pytest.param('{"choices": 5}', id="choices-not-a-list"),
    pytest.param('{"choices": []}', id="no-choice"),
    pytest.param("{}", id="empty-object"),
    pytest.param("[1, 2]", id="not-an-object"),
    pytest.param("not json at all", id="not-json"),
    pytest.param('{"id": "x", "choices": [{"message": "hi"}]}', id="message-not-an-object"),
]


def _corrupt_every_row(path: Path, value: str) -> int:
    with closing(sqlite3.connect(path)) as conn, conn:
        return conn.execute("UPDATE responses SET value = ?", (value,)).rowcount


@pytest.mark.parametrize("bad", BAD_ROWS)
def test_a_row_that_is_not_a_reply_is_a_miss_and_is_replaced(
    bad: str, tmp_path: Path, seed_text: str
) -> None:
    path = tmp_path / "responses.sqlite3"
    with ResponseCache(path) as cache:
        Briefer(client=FakeClient(), model="fake", cache=cache).summarize(seed_text)
    assert _corrupt_every_row(path, bad) >= 1
    client = FakeClient()
    with ResponseCache(path) as cache:
        summary = Briefer(client=client, model="fake", cache=cache).summarize(seed_text)
        assert summary.metadata.cached_calls == 0 and len(client.calls) >= 1
        with closing(sqlite3.connect(path)) as conn, conn:
            values = [json.loads(v) for (v,) in conn.execute("SELECT value FROM responses")]
        assert all(isinstance(v["choices"], list) for v in values)
        again = FakeClient()
        Briefer(client=again, model="fake", cache=cache).summarize(seed_text)
        assert again.calls == []


def test_a_cached_reply_that_no_longer_validates_is_asked_again(
    tmp_path: Path, seed_text: str
) -> None:
    path = tmp_path / "responses.sqlite3"
    with ResponseCache(path) as cache:
        Briefer(client=FakeClient(), model="fake", cache=cache).summarize(seed_text)
    with closing(sqlite3.connect(path)) as conn, conn:
        (value,) = conn.execute("SELECT value FROM responses").fetchone()
        reply = json.loads(value)
        reply["choices"][0]["message"]["content"] = '{"lede": 5}'
        conn.execute("UPDATE responses SET value = ?", (json.dumps(reply),))
    client = FakeClient()
    with ResponseCache(path) as cache:
        summary = Briefer(client=client, model="fake", cache=cache).summarize(seed_text)
    assert summary.lede and len(client.calls) == 1
    assert [m["role"] for m in client.calls[0].messages] == ["system", "user"]  # not a re-ask


def test_a_brief_after_bad_rows_includes_every_story(tmp_path: Path) -> None:
    day = [group.lead for group in group_stories(read_articles([BRIEF_DAY]).articles)][:6]
    path = tmp_path / "responses.sqlite3"
    with ResponseCache(path) as cache:
        Briefer(client=FakeClient(), model="fake", cache=cache).brief(day)
    _corrupt_every_row(path, '{"choices": 5}')
    with ResponseCache(path) as cache:
        brief = Briefer(client=FakeClient(), model="fake", cache=cache).brief(day)
    assert brief.not_included == [] and len(brief.stories) == len(day)


# ---- private files and folders ------------------------------------------------------------


@pytest.fixture
def open_umask() -> Iterator[None]:
    old = os.umask(0)  # the loosest umask: what the cache makes must not depend on it
    try:
        yield
    finally:
        os.umask(old)


def _mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


@pytest.mark.usefixtures("open_umask")
def test_the_file_and_new_folders_are_private_whatever_the_umask(tmp_path: Path) -> None:
    path = tmp_path / "made" / "by" / "briefer" / "responses.sqlite3"
    with ResponseCache(path) as cache:
        cache.put("k", _reply(1))
        companions = [path.with_name(path.name + s) for s in ("-wal", "-shm")]
        assert [_mode(p) for p in [path, *companions]] == [0o600] * 3
    assert [_mode(path.parents[n]) for n in range(3)] == [0o700] * 3


@pytest.mark.usefixtures("open_umask")
def test_an_existing_open_file_and_briefers_own_folder_are_tightened(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("BRIEFER_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    folder = tmp_path / "briefer"
    folder.mkdir(mode=0o755)
    with ResponseCache(folder / "responses.sqlite3") as old:  # as briefer 0.1 left it
        old.put("k", _reply(1))
    for path in folder.iterdir():
        path.chmod(0o644)
    with ResponseCache() as cache:
        assert cache.get("k") == _reply(1)
        assert {p.name: _mode(p) for p in folder.iterdir()} == {
            "responses.sqlite3": 0o600,
            "responses.sqlite3-wal": 0o600,
            "responses.sqlite3-shm": 0o600,
        }
    assert _mode(folder) == 0o700


@pytest.mark.usefixtures("open_umask")
def test_a_folder_the_user_chose_keeps_its_permissions(tmp_path: Path) -> None:
    chosen = tmp_path / "shared"
    chosen.mkdir(mode=0o755)
    with ResponseCache(chosen / "responses.sqlite3") as cache:
        cache.put("k", _reply(1))
    assert (_mode(chosen), _mode(chosen / "responses.sqlite3")) == (0o755, 0o600)


# ---- what is stored beside each reply, and the upkeep -------------------------------------


def _old_cache(path: Path, rows: list[tuple[str, str, float]]) -> None:
    """A file as briefer 0.1 wrote it: key, value and created, no model."""
    with closing(sqlite3.connect(path)) as conn, conn:
        conn.execute(
            "CREATE TABLE responses (key TEXT PRIMARY KEY, value TEXT NOT NULL,"
            " created REAL NOT NULL)"
        )
        conn.executemany("INSERT INTO responses VALUES (?, ?, ?)", rows)


def test_a_file_from_an_older_briefer_is_migrated_without_losing_entries(tmp_path: Path) -> None:
    path = tmp_path / "responses.sqlite3"
    rows = [
        ("a", json.dumps({"model": "gpt-4o-mini-2024-07-18", "choices": []}), 100.0),
        ("b", json.dumps({"model": "llama", "choices": []}), 200.0),
        ("c", json.dumps({"choices": []}), 300.0),
        ("d", "damaged", 400.0),
    ]
    _old_cache(path, rows)
    with ResponseCache(path) as cache:
        assert len(cache) == 4
        assert cache.get("a") == json.loads(rows[0][1])
        info = cache.info()
    assert {(m.model, m.rows) for m in info.models} == {
        ("gpt-4o-mini-2024-07-18", 1),
        ("llama", 1),
        ("", 2),
    }
    assert (info.oldest, info.newest) == (100.0, 400.0)


def test_put_stores_the_model_the_key_was_made_for(cache: ResponseCache) -> None:
    cache.put(_key(model="gpt-4o-mini"), {**_reply(1), "model": "gpt-4o-mini-2024-07-18"})
    cache.put("made-elsewhere", {**_reply(2), "model": "served-name"})
    cache.put("named", _reply(3), model="chosen")
    assert {m.model for m in cache.info().models} == {"gpt-4o-mini", "served-name", "chosen"}


def test_info_counts_rows_bytes_and_dates_per_model(
    cache: ResponseCache, monkeypatch: pytest.MonkeyPatch
) -> None:
    for when, model in [(1000.0, "a"), (2000.0, "b"), (3000.0, "a")]:
        monkeypatch.setattr("briefer.cache._cache.time.time", lambda when=when: when)
        cache.put(f"{model}{when}", _reply(1), model=model)
    info = cache.info()
    assert (info.exists, info.rows, info.oldest, info.newest) == (True, 3, 1000.0, 3000.0)
    assert [(m.model, m.rows, m.oldest, m.newest) for m in info.models] == [
        ("a", 2, 1000.0, 3000.0),
        ("b", 1, 2000.0, 2000.0),
    ]
    assert info.models[0].bytes == 2 * len(json.dumps(_reply(1), ensure_ascii=False).encode())
    assert info.size_bytes >= info.models[0].bytes


def test_info_of_a_missing_file_does_not_create_it(tmp_path: Path) -> None:
    info = ResponseCache(tmp_path / "none" / "responses.sqlite3").info()
    assert (info.exists, info.rows, info.models) == (False, 0, ())
    assert not (tmp_path / "none").exists()


def test_info_of_a_file_that_is_not_a_cache_is_one_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "responses.sqlite3"
    path.write_bytes(b"this is not a database " * 200)
    with pytest.raises(UsageError, match="cannot read the cache"):
        ResponseCache(path).info()


@pytest.mark.parametrize(
    ("older_than", "model", "left"),
    [
        pytest.param(1500.0, None, {"new-a", "new-b"}, id="older-than"),
        pytest.param(None, "a", {"old-b", "new-b"}, id="model"),
        pytest.param(1500.0, "a", {"old-b", "new-a", "new-b"}, id="both"),
        pytest.param(10_000.0, None, {"old-a", "old-b", "new-a", "new-b"}, id="nothing-that-old"),
    ],
)
def test_prune_removes_only_what_it_is_asked_to(
    cache: ResponseCache,
    monkeypatch: pytest.MonkeyPatch,
    older_than: float | None,
    model: str | None,
    left: set[str],
) -> None:
    for name, when in [("old", 1000.0), ("new", 3000.0)]:
        monkeypatch.setattr("briefer.cache._cache.time.time", lambda when=when: when)
        for m in ("a", "b"):
            cache.put(f"{name}-{m}", _reply(1), model=m)
    monkeypatch.setattr("briefer.cache._cache.time.time", lambda: 3500.0)
    removed = cache.prune(older_than=older_than, model=model)
    assert removed == 4 - len(left)
    assert {k for k in ("old-a", "old-b", "new-a", "new-b") if cache.get(k)} == left


def test_prune_without_a_condition_is_a_usage_error(cache: ResponseCache) -> None:
    with pytest.raises(UsageError, match="say what to prune"):
        cache.prune()


def test_clear_says_how_many_it_removed_and_gives_space_back(cache: ResponseCache) -> None:
    for n in range(200):
        cache.put(f"k{n}", {"text": "x" * 2000})
    before = cache.info().size_bytes
    assert cache.clear() == 200
    assert cache.info().size_bytes < before / 4


def _write_for_a_while(path: str, started: Any, stop: Any) -> None:
    cache = ResponseCache(path)
    n = 0
    while not stop.is_set():
        cache.put(f"other-{n}", _reply(n), model="other")
        cache.get(f"other-{n}")  # may be gone already: the other process clears
        n += 1
        if n == 20:
            started.set()
    cache.put("last", _reply(0), model="other")
    cache.close()


def test_upkeep_is_safe_while_another_process_writes(tmp_path: Path) -> None:
    path = tmp_path / "responses.sqlite3"
    ctx = multiprocessing.get_context("spawn")
    started, stop = ctx.Event(), ctx.Event()
    writer = ctx.Process(target=_write_for_a_while, args=(str(path), started, stop))
    writer.start()
    try:
        assert started.wait(timeout=60)
        with ResponseCache(path) as cache:
            for n in range(30):
                cache.put(f"mine-{n}", _reply(n), model="mine")
                cache.prune(model="mine")
                cache.info()
            cache.clear()
    finally:
        stop.set()
        writer.join(timeout=120)
    assert writer.exitcode == 0
    with ResponseCache(path) as cache:
        assert cache.get("last") == _reply(0)
        assert {m.model for m in cache.info().models} == {"other"}
    with closing(sqlite3.connect(path)) as conn, conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
