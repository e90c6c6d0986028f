"""The cache's SQLite file: created private, opened in WAL mode, migrated from older versions."""

from __future__ import annotations

import json
import os
import sqlite3
import time
from pathlib import Path

__all__ = ["BUSY_TIMEOUT_MS", "open_cache_file"]

BUSY_TIMEOUT_MS = 30_000
_FILE_MODE = 0o600
_FOLDER_MODE = 0o700


def open_cache_file(path: Path, *, own_folder: bool) -> sqlite3.Connection:
    """Open (creating it private) and prepare the cache file."""
    _make_private(path, own_folder=own_folder)
    conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
    try:
        _prepare(conn)
    except sqlite3.Error:
        conn.close()
        raise
    return conn


def _make_private(path: Path, *, own_folder: bool) -> None:
    """Folders briefer makes are 0700 and the file 0600, whatever the umask.

    SQLite creates the ``-wal`` and ``-shm`` files with the database file's permissions, so
    making the file private before SQLite first opens it keeps them private too. An existing
    file (an older briefer made it 0644) is tightened; so are its ``-wal`` and ``-shm``.
    """
    missing = []
    folder = path.parent
    while not folder.exists() and folder != folder.parent:
        missing.append(folder)
        folder = folder.parent
    for made in reversed(missing):
        try:
            made.mkdir(mode=_FOLDER_MODE)
        except FileExistsError:  # another process made it first
            continue
        os.chmod(made, _FOLDER_MODE)  # mkdir's mode is cut by the umask
    if own_folder and not missing:
        _tighten(path.parent, _FOLDER_MODE)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, _FILE_MODE)
    try:
        if os.fstat(fd).st_mode & 0o777 != _FILE_MODE:
            try:
                os.fchmod(fd, _FILE_MODE)
            except PermissionError:  # someone else's file: SQLite reads it or fails
                pass
    finally:
        os.close(fd)
    for companion in ("-wal", "-shm"):
        _tighten(path.with_name(path.name + companion), _FILE_MODE)


def _tighten(path: Path, mode: int) -> None:
    try:
        if path.stat().st_mode & 0o777 & ~mode:
            os.chmod(path, mode)
    except OSError:  # missing, or not ours to change
        pass


def _prepare(conn: sqlite3.Connection) -> None:
    """Set the connection up and create (or migrate) the table, waiting out other processes.

    Switching to WAL takes a lock SQLite's busy handler does not always wait for: another
    process opening the same file at that moment gets "database is locked" at once. That is
    not a broken cache, so opening waits and tries again, up to the busy timeout.
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    delay = 0.01
    while True:
        try:
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            _create_or_migrate(conn)
            return
        except sqlite3.OperationalError as exc:
            if conn.in_transaction:
                conn.rollback()
            transient = "locked" in str(exc) or "busy" in str(exc)
            if not transient or time.monotonic() + delay > deadline:
                raise
            time.sleep(delay)
            delay = min(delay * 2, 0.5)


def _create_or_migrate(conn: sqlite3.Connection) -> None:
    """The table as this version needs it; a file from an older briefer keeps its entries.

    Version 1 (briefer 0.1) had key, value and created; version 2 adds the model name (taken
    from each stored reply for the old entries) and indexes for ``info`` and ``prune``.
    """
    columns = {row[1] for row in conn.execute("PRAGMA table_info(responses)")}
    if "model" in columns:
        return
    conn.execute("BEGIN IMMEDIATE")  # one process migrates; the others wait, then see it done
    columns = {row[1] for row in conn.execute("PRAGMA table_info(responses)")}
    if not columns:
        conn.execute(
            "CREATE TABLE responses (key TEXT PRIMARY KEY, value TEXT NOT NULL,"
            " created REAL NOT NULL, model TEXT NOT NULL DEFAULT '')"
        )
    elif "model" not in columns:
        conn.execute("ALTER TABLE responses ADD COLUMN model TEXT NOT NULL DEFAULT ''")
        conn.executemany(
            "UPDATE responses SET model = ? WHERE key = ?",
            [
                (m, k)
                for k, v in conn.execute("SELECT key, value FROM responses")
                if (m := _model_of(v))
            ],
        )
    conn.execute("CREATE INDEX IF NOT EXISTS responses_created ON responses (created)")
    conn.execute("CREATE INDEX IF NOT EXISTS responses_model ON responses (model, created)")
    conn.execute("PRAGMA user_version = 2")
    conn.commit()


def _model_of(value: str) -> str:
    """The ``model`` a stored reply names, or ""."""
    try:
        data = json.loads(value)
    except (TypeError, ValueError):
        return ""
    model = data.get("model") if isinstance(data, dict) else None
    return model if isinstance(model, str) else ""
