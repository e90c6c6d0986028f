"""What a Batch API run needs to resume: its requests, their results and the jobs submitted.

Kept in two tables of the reply cache's SQLite file (``briefer.cache.default_cache_path``),
so an export, an import and a ``--batch`` run interrupted and started again all find the
same state. A request is known by its ``custom_id``, a hash of its body: the same brief with
the same settings asks the same requests, so a later run finds the replies of an earlier one
without any other bookkeeping, and a results file can only answer the request it was for.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sqlite3
import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from briefer.cache import default_cache_path
from briefer.errors import UsageError

__all__ = ["BatchJob", "BatchRequest", "BatchStore", "custom_id_for", "is_custom_id"]

_ID_PREFIX = "bf-"
_ID = re.compile(r"bf-[0-9a-f]{32}")
_TERMINAL = ("completed", "failed", "expired", "cancelled")


def custom_id_for(body: dict[str, Any]) -> str:
    """The ``custom_id`` of a request body: a hash of its canonical JSON."""
    text = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return _ID_PREFIX + hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def is_custom_id(value: object) -> bool:
    """Whether ``value`` is a custom_id briefer made."""
    return isinstance(value, str) and _ID.fullmatch(value) is not None


@dataclass(frozen=True)
class BatchRequest:
    """One request of a batch: its id and the body sent to ``/v1/chat/completions``."""

    custom_id: str
    body: dict[str, Any]


@dataclass(frozen=True)
class BatchJob:
    """A batch submitted to a provider, as last seen."""

    batch_id: str
    status: str
    requests: int
    created: float
    imported: bool
    input_file_id: str | None = None

    @property
    def finished(self) -> bool:
        return self.status in _TERMINAL


class BatchStore:
    """Batch requests, results and jobs in one SQLite file; safe across threads and processes.

    Raises:
        UsageError: the file cannot be opened or written (the batch path cannot run
            without its state).
    """

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path).expanduser() if path is not None else default_cache_path()
        self._lock = threading.Lock()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            if not self.path.exists():
                os.close(os.open(self.path, os.O_CREAT | os.O_WRONLY, 0o600))
            self._conn = sqlite3.connect(self.path, timeout=30, check_same_thread=False)
            self._conn.execute("PRAGMA busy_timeout = 30000")
            with self._conn:
                self._conn.executescript(_SCHEMA)
        except (OSError, sqlite3.Error) as exc:
            raise UsageError(f"cannot keep the batch state in {self.path}: {exc}") from exc

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __enter__(self) -> BatchStore:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    # ---- requests ---------------------------------------------------------------------------

    def add(self, requests: Iterable[BatchRequest]) -> None:
        """Remember requests (their bodies), keeping any result already known."""
        now = time.time()
        rows = [(r.custom_id, _dump(r.body), now, now) for r in requests]
        self._write(
            "INSERT INTO batch_requests (custom_id, body, created, updated) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(custom_id) DO UPDATE SET body = excluded.body WHERE body IS NULL",
            rows,
        )

    def reply(self, custom_id: str) -> dict[str, Any] | None:
        """The reply (a ChatCompletion as a dict) a results file gave the request, or None."""
        row = self._one("SELECT reply FROM batch_requests WHERE custom_id = ?", (custom_id,))
        if row is None or row[0] is None:
            return None
        value = json.loads(row[0])
        return value if isinstance(value, dict) else None

    def failure(self, custom_id: str) -> tuple[int, int | None, str] | None:
        """How often the request failed in a batch, its last status and error; None if never."""
        row = self._one(
            "SELECT failures, status, error FROM batch_requests "
            "WHERE custom_id = ? AND reply IS NULL",
            (custom_id,),
        )
        if row is None or not row[0]:
            return None
        return int(row[0]), row[1], str(row[2] or "")

    def answer(
        self,
        custom_id: str,
        *,
        reply: dict[str, Any] | None = None,
        status: int | None = None,
        error: str | None = None,
    ) -> None:
        """Store what a results file says of a request: a reply, or an error."""
        now = time.time()
        if reply is not None:
            self._write(
                "INSERT INTO batch_requests (custom_id, created, updated, reply, status) "
                "VALUES (?, ?, ?, ?, 200) ON CONFLICT(custom_id) DO UPDATE SET "
                "reply = excluded.reply, status = 200, error = NULL, updated = excluded.updated",
                [(custom_id, now, now, _dump(reply))],
            )
            return
        self._write(
            "INSERT INTO batch_requests (custom_id, created, updated, status, error, failures) "
            "VALUES (?, ?, ?, ?, ?, 1) ON CONFLICT(custom_id) DO UPDATE SET "
            "status = excluded.status, error = excluded.error, updated = excluded.updated, "
            "failures = failures + 1 WHERE reply IS NULL",
            [(custom_id, now, now, status, error or "failed")],
        )

    def assign(self, custom_ids: Sequence[str], batch_id: str) -> None:
        """Note the provider batch these requests were submitted in."""
        self._write(
            "UPDATE batch_requests SET batch_id = ? WHERE custom_id = ?",
            [(batch_id, c) for c in custom_ids],
        )

    def waiting_in(self, custom_ids: Sequence[str]) -> dict[str, list[str]]:
        """The unfinished or unimported batches holding some of ``custom_ids``, and which."""
        found: dict[str, list[str]] = {}
        for custom_id in custom_ids:
            row = self._one(
                "SELECT r.batch_id FROM batch_requests r JOIN batch_jobs j "
                "ON j.batch_id = r.batch_id WHERE r.custom_id = ? AND j.imported = 0",
                (custom_id,),
            )
            if row is not None:
                found.setdefault(str(row[0]), []).append(custom_id)
        return found

    # ---- jobs --------------------------------------------------------------------------------

    def save_job(self, job: BatchJob) -> None:
        """Record a submitted batch or its latest status."""
        self._write(
            "INSERT INTO batch_jobs (batch_id, status, requests, created, imported, "
            "input_file_id) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(batch_id) DO UPDATE SET "
            "status = excluded.status, imported = excluded.imported",
            [
                (
                    job.batch_id,
                    job.status,
                    job.requests,
                    job.created,
                    int(job.imported),
                    job.input_file_id,
                )
            ],
        )

    def job(self, batch_id: str) -> BatchJob | None:
        row = self._one(
            "SELECT batch_id, status, requests, created, imported, input_file_id "
            "FROM batch_jobs WHERE batch_id = ?",
            (batch_id,),
        )
        return None if row is None else _job(row)

    def jobs(self) -> list[BatchJob]:
        """Every batch briefer submitted from this cache, newest first."""
        with self._lock:
            rows = self._conn.execute(
                "SELECT batch_id, status, requests, created, imported, input_file_id "
                "FROM batch_jobs ORDER BY created DESC"
            ).fetchall()
        return [_job(row) for row in rows]

    # ---- sqlite ------------------------------------------------------------------------------

    def _one(self, sql: str, args: tuple[Any, ...]) -> Any:
        try:
            with self._lock:
                return self._conn.execute(sql, args).fetchone()
        except sqlite3.Error as exc:
            raise UsageError(f"cannot read the batch state in {self.path}: {exc}") from exc

    def _write(self, sql: str, rows: Sequence[tuple[Any, ...]]) -> None:
        if not rows:
            return
        try:
            with self._lock, self._conn:
                self._conn.executemany(sql, rows)
        except sqlite3.Error as exc:
            raise UsageError(f"cannot write the batch state in {self.path}: {exc}") from exc


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _job(row: Sequence[Any]) -> BatchJob:
    return BatchJob(
        batch_id=str(row[0]),
        status=str(row[1]),
        requests=int(row[2] or 0),
        created=float(row[3] or 0),
        imported=bool(row[4]),
        input_file_id=row[5],
    )


_SCHEMA = """
PRAGMA journal_mode = WAL;
CREATE TABLE IF NOT EXISTS batch_requests (
    custom_id TEXT PRIMARY KEY,
    body TEXT,
    batch_id TEXT,
    reply TEXT,
    status INTEGER,
    error TEXT,
    failures INTEGER NOT NULL DEFAULT 0,
    created REAL NOT NULL,
    updated REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS batch_jobs (
    batch_id TEXT PRIMARY KEY,
    status TEXT NOT NULL,
    requests INTEGER NOT NULL DEFAULT 0,
    created REAL NOT NULL,
    imported INTEGER NOT NULL DEFAULT 0,
    input_file_id TEXT
);
"""
