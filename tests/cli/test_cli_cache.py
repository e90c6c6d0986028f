"""``briefer cache``: path, info, prune and clear, run as a user runs them."""

from __future__ import annotations

import json
import logging
import multiprocessing
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from briefer.cache import ResponseCache

DAY = 86_400.0


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full_env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "BRIEFER_"))}
    full_env["BRIEFER_CACHE_DIR"] = os.environ["BRIEFER_CACHE_DIR"]
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "briefer", "cache", *args],
        capture_output=True,
        text=True,
        env=full_env,
        timeout=120,
        check=False,
    )


@pytest.fixture
def cache_file() -> Path:
    return Path(os.environ["BRIEFER_CACHE_DIR"]) / "responses.sqlite3"


def _fill(
    path: Path, monkeypatch: pytest.MonkeyPatch, entries: list[tuple[str, str, float]]
) -> None:
    """Entries (key, model, age in days) as earlier runs would have stored them."""
    now = time.time()
    with ResponseCache(path) as cache, monkeypatch.context() as patch:
        for key, model, age in entries:
            patch.setattr("briefer.cache._cache.time.time", lambda age=age: now - age * DAY)
            cache.put(key, {"id": key, "choices": []}, model=model)


def _info(env: dict[str, str] | None = None) -> dict[str, Any]:
    result = run("info", "--json", env=env)
    assert result.returncode == 0, result.stderr
    return dict(json.loads(result.stdout))


def test_path_prints_the_file_in_briefer_cache_dir(cache_file: Path) -> None:
    result = run("path")
    assert (result.returncode, result.stdout, result.stderr) == (0, f"{cache_file}\n", "")


def test_path_follows_xdg_cache_home_without_briefer_cache_dir(tmp_path: Path) -> None:
    result = run("path", env={"BRIEFER_CACHE_DIR": "", "XDG_CACHE_HOME": str(tmp_path)})
    assert result.stdout == f"{tmp_path / 'briefer' / 'responses.sqlite3'}\n"


def test_info_before_any_call_says_so_and_creates_nothing(cache_file: Path) -> None:
    result = run("info")
    assert result.returncode == 0
    assert result.stdout == (
        f"file     {cache_file}\nno cache yet: it is made by the first model call\n"
    )
    assert not cache_file.exists()


def test_info_counts_entries_per_model(cache_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _fill(
        cache_file,
        monkeypatch,
        [("a", "gpt-4o-mini", 40), ("b", "gpt-4o-mini", 1), ("c", "qwen2.5", 3)],
    )
    info = _info()
    assert (info["path"], info["exists"], info["entries"]) == (str(cache_file), True, 3)
    assert info["size_bytes"] >= cache_file.stat().st_size > 0
    assert [(m["model"], m["entries"]) for m in info["models"]] == [
        ("gpt-4o-mini", 2),
        ("qwen2.5", 1),
    ]
    assert info["oldest"] == info["models"][0]["oldest"] < info["models"][1]["oldest"]
    assert info["newest"] == info["models"][0]["newest"]


def test_info_text_lists_each_model_with_no_terminal_control_characters(
    cache_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fill(cache_file, monkeypatch, [("a", "gpt-4o-mini", 0), ("b", "evil\x1b[2Jname", 0)])
    result = run("info")
    lines = result.stdout.splitlines()
    assert lines[:3] == [f"file     {cache_file}", lines[1], "entries  2"]
    assert lines[1].startswith("size     ") and lines[3].endswith("(today)")
    table = {line.split()[0]: line.split()[1] for line in lines[7:]}
    assert table == {"gpt-4o-mini": "1", "evil?[2Jname": "1"}
    assert "\x1b" not in result.stdout


@pytest.mark.parametrize(
    ("args", "left"),
    [
        pytest.param(["--older-than", "30d"], {"new-a", "new-b"}, id="older-than-days"),
        pytest.param(["--older-than", "2w"], {"new-a", "new-b"}, id="older-than-weeks"),
        pytest.param(["--older-than", "2000h"], {"old-a", "old-b", "new-a", "new-b"}, id="hours"),
        pytest.param(["--model", "a"], {"old-b", "new-b"}, id="model"),
        pytest.param(
            ["--older-than", "30d", "--model", "a"], {"old-b", "new-a", "new-b"}, id="both"
        ),
    ],
)
def test_prune_removes_old_entries_or_one_models(
    cache_file: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], left: set[str]
) -> None:
    entries = [("old-a", "a", 45), ("old-b", "b", 45), ("new-a", "a", 2), ("new-b", "b", 2)]
    _fill(cache_file, monkeypatch, entries)
    result = run("prune", *args)
    assert result.returncode == 0, result.stderr
    removed = 4 - len(left)
    word = "entry" if removed == 1 else "entries"
    assert result.stdout == f"removed {removed} {word} from {cache_file}\n"
    with ResponseCache(cache_file) as cache:
        assert {k for k, _, _ in entries if cache.get(k)} == left


def test_clear_removes_every_entry(cache_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _fill(cache_file, monkeypatch, [("a", "m", 0)])
    result = run("clear")
    assert result.stdout == f"removed 1 entry from {cache_file}\n"
    assert _info()["entries"] == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param([], "say what to do", id="no-action"),
        pytest.param(["prune"], "say what to prune", id="prune-without-a-condition"),
        pytest.param(["prune", "--older-than", "30"], "not an age", id="age-without-unit"),
        pytest.param(["prune", "--older-than=-3d"], "not an age", id="negative-age"),
        pytest.param(["prune", "--older-than", "thirty days"], "not an age", id="words"),
    ],
)
def test_usage_mistakes_give_one_line_and_exit_2(args: list[str], message: str) -> None:
    result = run(*args)
    assert result.returncode == 2
    assert message in result.stderr and len(result.stderr.splitlines()) == 1


def test_a_file_that_is_not_a_cache_is_one_line_not_a_traceback(cache_file: Path) -> None:
    cache_file.write_bytes(b"not a database " * 300)
    for action in ("info", "clear"):
        result = run(action)
        assert result.returncode == 2
        assert (
            result.stderr.startswith("briefer: error: cannot ") and "Traceback" not in result.stderr
        )


def _keep_writing(path: str, ready: Any, stop: Any) -> None:
    warnings: list[logging.LogRecord] = []
    handler = logging.Handler()
    handler.emit = warnings.append  # type: ignore[method-assign]
    logging.getLogger("briefer.cache").addHandler(handler)
    cache = ResponseCache(path)
    n = 0
    while not stop.is_set() or n < 50:
        cache.put(f"w{n}", {"id": n, "choices": []}, model="writer")
        cache.get(f"w{n}")  # may be gone already: the other process clears
        n += 1
        if n == 10:
            ready.set()
    cache.put("last", {"id": "last", "choices": []}, model="writer")
    cache.close()
    if warnings:  # a busy, locked or disabled cache: the upkeep got in the way
        raise SystemExit("; ".join(r.getMessage() for r in warnings))


def test_every_action_is_safe_while_another_process_uses_the_cache(cache_file: Path) -> None:
    ctx = multiprocessing.get_context("spawn")
    ready, stop = ctx.Event(), ctx.Event()
    writer = ctx.Process(target=_keep_writing, args=(str(cache_file), ready, stop))
    writer.start()
    try:
        assert ready.wait(timeout=60)
        results = [run(*a) for a in (["info"], ["prune", "--model", "writer"], ["clear"], ["info"])]
    finally:
        stop.set()
        writer.join(timeout=120)
    assert writer.exitcode == 0
    assert [r.returncode for r in results] == [0, 0, 0, 0], [r.stderr for r in results]
    with ResponseCache(cache_file) as cache:
        assert cache.get("last") is not None
