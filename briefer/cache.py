"""A content-addressed cache of model responses, in one SQLite file on disk.

The key is a hash of everything that decides a reply: the model name, the messages, the
response format and the prompt template's hash (plus any ``extra`` the caller adds, such as
temperature, and the server's address, which briefer adds so that two servers serving
different models under one name do not share replies). Headers, API keys and organization
ids are never part of the key and never stored: a cache file can be shared without leaking
credentials.

Many asyncio tasks, threads and processes may read and write one file at once: SQLite's
WAL journal lets readers go on while one writer commits, and ``busy_timeout`` makes a
writer wait for its turn instead of failing. A cache is an optimisation, so any failure to
open, read or write it is logged as a warning and the run goes on uncached.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

from briefer.errors import UsageError

__all__ = ["CACHE_DIR_ENV", "CACHE_FILE", "ResponseCache", "default_cache_path"]

CACHE_DIR_ENV = "BRIEFER_CACHE_DIR"
CACHE_FILE = "responses.sqlite3"
_KEY_VERSION = 1  # bump when the key's content changes, so old entries stop matching
_BUSY_TIMEOUT_MS = 30_000

logger = logging.getLogger(__name__)


def default_cache_path() -> Path:
    """Where the cache lives: ``$BRIEFER_CACHE_DIR``, else ``$XDG_CACHE_HOME/briefer``,
    else ``~/.cache/briefer``; the file is ``responses.sqlite3`` in that folder."""
    folder = os.environ.get(CACHE_DIR_ENV)
    if folder:
        return Path(folder).expanduser() / CACHE_FILE
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".cache"
    return base / "briefer" / CACHE_FILE


class ResponseCache:
    """Model responses (``ChatCompletion.model_dump()`` dicts) stored by content key.

    Safe to share between threads and asyncio tasks; several processes may use one file.
    A file that cannot be opened or is corrupt makes every ``get`` a miss and every ``put``
    a no-op, with one warning in the log.
    """

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path).expanduser() if path is not None else default_cache_path()
        self._lock = threading.Lock()
        self._conn: sqlite3.Connection | None = None
        self._pid = 0
        self._disabled = False

    @staticmethod
    def key(
        *,
        model: str,
        messages: list[dict[str, Any]],
        response_format: dict[str, Any] | None,
        template_hash: str,
        extra: dict[str, Any] | None = None,
    ) -> str:
        """The sha256 hex digest of the request's canonical JSON (sorted keys, no spaces).

        Only these arguments go in, so credentials can never be part of a key. Dict key
        order does not matter; list order (the messages) does.

        Raises:
            UsageError: a value is not JSON-serializable.
        """
        payload = {
            "v": _KEY_VERSION,
            "model": model,
            "messages": messages,
            "response_format": response_format,
            "template_hash": template_hash,
            "extra": extra or {},
        }
        try:
            text = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        except (TypeError, ValueError) as exc:
            raise UsageError(f"cache key input is not JSON-serializable: {exc}") from exc
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def get(self, key: str) -> dict[str, Any] | None:
        """The stored response for ``key``, or None on a miss or any cache failure."""
        with self._lock:
            conn = self._connection()
            if conn is None:
                return None
            try:
                row = conn.execute("SELECT value FROM responses WHERE key = ?", (key,)).fetchone()
            except sqlite3.Error as exc:
                self._fail("read", exc)
                return None
        if row is None:
            return None
        try:
            value = json.loads(row[0])
        except (TypeError, ValueError) as exc:
            logger.warning("ignoring unreadable cache entry %s in %s: %s", key[:12], self.path, exc)
            return None
        return value if isinstance(value, dict) else None

    def put(self, key: str, value: dict[str, Any]) -> None:
        """Store ``value`` (JSON-serializable) under ``key``, replacing any earlier entry.

        Raises:
            UsageError: ``value`` is not JSON-serializable.
        """
        try:
            text = json.dumps(value, ensure_ascii=False, allow_nan=False)
        except (TypeError, ValueError) as exc:
            raise UsageError(f"cache value is not JSON-serializable: {exc}") from exc
        with self._lock:
            conn = self._connection()
            if conn is None:
                return
            try:
                with conn:
                    conn.execute(
                        "INSERT OR REPLACE INTO responses (key, value, created) VALUES (?, ?, ?)",
                        (key, text, time.time()),
                    )
            except sqlite3.Error as exc:
                self._fail("write", exc)

    def __len__(self) -> int:
        with self._lock:
            conn = self._connection()
            if conn is None:
                return 0
            try:
                return int(conn.execute("SELECT count(*) FROM responses").fetchone()[0])
            except sqlite3.Error as exc:
                self._fail("read", exc)
                return 0

    def clear(self) -> None:
        """Remove every entry (the file stays, so other processes keep a valid handle)."""
        with self._lock:
            conn = self._connection()
            if conn is None:
                return
            try:
                with conn:
                    conn.execute("DELETE FROM responses")
            except sqlite3.Error as exc:
                self._fail("clear", exc)

    def close(self) -> None:
        """Close the connection; a later call opens it again."""
        with self._lock:
            if self._conn is not None and self._pid == os.getpid():
                self._conn.close()
            self._conn = None

    def __enter__(self) -> ResponseCache:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _connection(self) -> sqlite3.Connection | None:
        """The open connection, opened on first use; None once the cache is disabled."""
        if self._disabled:
            return None
        # A connection must not cross a fork: the child opens its own.
        if self._conn is not None and self._pid == os.getpid():
            return self._conn
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(
                self.path, timeout=_BUSY_TIMEOUT_MS / 1000, check_same_thread=False
            )
        except (OSError, sqlite3.Error) as exc:
            self._disable(exc)
            return None
        try:
            _prepare(conn)
        except sqlite3.Error as exc:
            conn.close()
            self._disable(exc)
            return None
        self._conn, self._pid = conn, os.getpid()
        return conn

    def _fail(self, action: str, exc: sqlite3.Error) -> None:
        # A busy or locked database is transient: skip this entry, keep the cache. Anything
        # else (corruption, a vanished file, a full disk) turns the cache off for the run.
        if isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc):
            logger.warning("response cache %s is busy; %s skipped: %s", self.path, action, exc)
            return
        self._disable(exc)

    def _disable(self, exc: BaseException) -> None:
        logger.warning("response cache %s is unusable, running uncached: %s", self.path, exc)
        self._disabled = True
        if self._conn is not None and self._pid == os.getpid():
            self._conn.close()
        self._conn = None


def _prepare(conn: sqlite3.Connection) -> None:
    """Set the connection up and create the table, waiting while another process holds a lock.

    Switching to WAL takes a lock SQLite's busy handler does not always wait for: another
    process opening the same file at that moment gets "database is locked" at once. That is
    not a broken cache, so opening waits and tries again, up to the busy timeout.
    """
    deadline = time.monotonic() + _BUSY_TIMEOUT_MS / 1000
    delay = 0.01
    while True:
        try:
            conn.execute(f"PRAGMA busy_timeout = {_BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            with conn:
                conn.execute(
                    "CREATE TABLE IF NOT EXISTS responses ("
                    " key TEXT PRIMARY KEY,"
                    " value TEXT NOT NULL,"
                    " created REAL NOT NULL)"
                )
            return
        except sqlite3.OperationalError as exc:
            transient = "locked" in str(exc) or "busy" in str(exc)
            if not transient or time.monotonic() + delay > deadline:
                raise
            time.sleep(delay)
            delay = min(delay * 2, 0.5)
