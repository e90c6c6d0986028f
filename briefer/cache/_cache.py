"""``ResponseCache``: replies by content key, and the upkeep ``briefer cache`` runs."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sqlite3
import threading
import time
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from briefer.cache._file import open_cache_file
from briefer.errors import UsageError

__all__ = [
    "CACHE_DIR_ENV",
    "CACHE_FILE",
    "CacheInfo",
    "ModelEntries",
    "ResponseCache",
    "default_cache_path",
]

CACHE_DIR_ENV = "BRIEFER_CACHE_DIR"
CACHE_FILE = "responses.sqlite3"
_KEY_VERSION = 1  # bump when the key's content changes, so old entries stop matching

logger = logging.getLogger("briefer.cache")

# The model each recent key was computed for, so ``put`` can store it beside the reply
# without widening the ReplyCache protocol (a cached reply names the model that answered,
# which is often not the name the user asked for: "gpt-4o-mini-2024-07-18").
_key_models: OrderedDict[str, str] = OrderedDict()
_key_models_lock = threading.Lock()
_KEY_MODELS_KEPT = 4096


def default_cache_path() -> Path:
    """Where the cache lives: ``$BRIEFER_CACHE_DIR``, else ``$XDG_CACHE_HOME/briefer``,
    else ``~/.cache/briefer``; the file is ``responses.sqlite3`` in that folder."""
    folder = os.environ.get(CACHE_DIR_ENV)
    if folder:
        return Path(folder).expanduser() / CACHE_FILE
    return _own_folder() / CACHE_FILE


def _own_folder() -> Path:
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".cache"
    return base / "briefer"


@dataclass(frozen=True)
class ModelEntries:
    """The entries stored for one model name."""

    model: str
    """The model name the calls asked for ("" when unknown)."""
    rows: int
    bytes: int
    """The size of the stored replies (the file itself also holds keys and free pages)."""
    oldest: float
    """When the oldest entry was stored, in seconds since the epoch."""
    newest: float


@dataclass(frozen=True)
class CacheInfo:
    """What a cache file holds: ``briefer cache info``."""

    path: Path
    exists: bool
    size_bytes: int
    """The file on disk with its ``-wal`` and ``-shm`` companions."""
    rows: int
    oldest: float | None
    newest: float | None
    models: tuple[ModelEntries, ...]
    """Per model name, most entries first."""


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
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        with _key_models_lock:
            _key_models[digest] = model
            _key_models.move_to_end(digest)
            while len(_key_models) > _KEY_MODELS_KEPT:
                _key_models.popitem(last=False)
        return digest

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

    def put(self, key: str, value: dict[str, Any], *, model: str | None = None) -> None:
        """Store ``value`` (JSON-serializable) under ``key``, replacing any earlier entry.

        ``model`` is the model name the request asked for; by default the one :meth:`key`
        was given for this key, else the reply's own ``model`` field.

        Raises:
            UsageError: ``value`` is not JSON-serializable.
        """
        try:
            text = json.dumps(value, ensure_ascii=False, allow_nan=False)
        except (TypeError, ValueError) as exc:
            raise UsageError(f"cache value is not JSON-serializable: {exc}") from exc
        if model is None:
            with _key_models_lock:
                model = _key_models.get(key)
        if model is None:
            model = str(value.get("model") or "")
        with self._lock:
            conn = self._connection()
            if conn is None:
                return
            try:
                with conn:
                    conn.execute(
                        "INSERT OR REPLACE INTO responses (key, value, created, model)"
                        " VALUES (?, ?, ?, ?)",
                        (key, text, time.time(), model),
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

    # ---- upkeep: what ``briefer cache`` runs ------------------------------------------------

    def info(self) -> CacheInfo:
        """The file, its size, and its entries per model; a missing file is not created.

        Raises:
            UsageError: the file exists but is not a usable cache.
        """
        files = [self.path, *(self.path.with_name(self.path.name + s) for s in ("-wal", "-shm"))]
        size = sum(f.stat().st_size for f in files if f.is_file())
        if not self.path.exists():
            return CacheInfo(self.path, False, 0, 0, None, None, ())
        with self._upkeep("read") as conn:
            rows = conn.execute(
                "SELECT model, count(*), coalesce(sum(length(CAST(value AS BLOB))), 0),"
                " min(created), max(created) FROM responses GROUP BY model"
                " ORDER BY count(*) DESC, model"
            ).fetchall()
        models = tuple(
            ModelEntries(str(m), int(n), int(b), float(o), float(w)) for m, n, b, o, w in rows
        )
        return CacheInfo(
            path=self.path,
            exists=True,
            size_bytes=size,
            rows=sum(m.rows for m in models),
            oldest=min((m.oldest for m in models), default=None),
            newest=max((m.newest for m in models), default=None),
            models=models,
        )

    def prune(self, *, older_than: float | None = None, model: str | None = None) -> int:
        """Remove entries stored more than ``older_than`` seconds ago and/or for ``model``.

        Safe while other processes use the file. Returns how many entries were removed.

        Raises:
            UsageError: neither condition was given, or the file is not a usable cache.
        """
        if older_than is None and model is None:
            raise UsageError("say what to prune: older_than and/or model (clear() removes all)")
        if older_than is not None and not older_than >= 0:
            raise UsageError(f"older_than must be 0 seconds or more, not {older_than}")
        where: list[str] = []
        params: list[Any] = []
        if older_than is not None:
            where.append("created < ?")
            params.append(time.time() - older_than)
        if model is not None:
            where.append("model = ?")
            params.append(model)
        return self._delete(" AND ".join(where), params)

    def clear(self) -> int:
        """Remove every entry and give the space back; returns how many were removed.

        The file stays, so other processes keep a valid handle: safe while they use it.

        Raises:
            UsageError: the file is not a usable cache.
        """
        return self._delete("1", [])

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

    # ---- inside -------------------------------------------------------------------------

    def _delete(self, where: str, params: list[Any]) -> int:
        if not self.path.exists():
            return 0
        with self._upkeep("clean") as conn:
            with conn:
                removed = conn.execute(f"DELETE FROM responses WHERE {where}", params).rowcount
            if removed:
                # Give the pages back to the disk. VACUUM waits out other writers (busy
                # timeout) and leaves their open read transactions alone (WAL); if it cannot
                # run now, the entries are gone all the same and the space is reused later.
                try:
                    conn.execute("VACUUM")
                    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                except sqlite3.Error as exc:
                    logger.info("cache %s not compacted: %s", self.path, exc)
        return int(removed)

    @contextmanager
    def _upkeep(self, action: str) -> Iterator[sqlite3.Connection]:
        """A connection of its own for upkeep, which reports failures instead of hiding them."""
        try:
            conn = open_cache_file(self.path, own_folder=self._is_own_folder())
        except (OSError, sqlite3.Error) as exc:
            raise UsageError(f"cannot {action} the cache {self.path}: {exc}") from exc
        try:
            yield conn
        except sqlite3.Error as exc:
            raise UsageError(f"cannot {action} the cache {self.path}: {exc}") from exc
        finally:
            conn.close()

    def _is_own_folder(self) -> bool:
        # briefer's own folder (~/.cache/briefer) is tightened if an older briefer made it
        # 0755; a folder the user chose with BRIEFER_CACHE_DIR or a path is theirs to set.
        return self.path.parent == _own_folder()

    def _connection(self) -> sqlite3.Connection | None:
        """The open connection, opened on first use; None once the cache is disabled."""
        if self._disabled:
            return None
        # A connection must not cross a fork: the child opens its own.
        if self._conn is not None and self._pid == os.getpid():
            return self._conn
        try:
            conn = open_cache_file(self.path, own_folder=self._is_own_folder())
        except (OSError, sqlite3.Error) as exc:
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
