"""The Batch API's files: the requests briefer writes, and the results a provider gives back.

An input line, as OpenAI, Azure and vLLM ``run-batch`` read it::

    {"custom_id": "bf-...", "method": "POST", "url": "/v1/chat/completions", "body": {...}}

An output line, as they write it (an error file has the same shape)::

    {"id": "...", "custom_id": "bf-...",
     "response": {"status_code": 200, "request_id": "...", "body": {a chat.completion}},
     "error": null}

or ``"response": null, "error": {"code": "batch_expired", "message": "..."}``. Early vLLM
releases put the chat.completion itself in ``response``; that is read too. A reply is kept
only if it is a chat.completion the openai SDK accepts; everything else about a line that
cannot be read is said in one line, and the line skipped.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefer.brief._batch_store import BatchRequest, BatchStore, is_custom_id
from briefer.errors import UsageError

__all__ = [
    "BatchResult",
    "ImportCounts",
    "ResultsRead",
    "import_results",
    "read_results",
    "read_results_file",
    "request_lines",
    "write_requests",
]

CHAT_URL = "/v1/chat/completions"
# A reply is at most the output limit of tokens; a line this long is not one.
_MAX_LINE = 16 * 1024 * 1024


@dataclass(frozen=True)
class BatchResult:
    """What one output line says of one request: a reply, or an error."""

    custom_id: str
    reply: dict[str, Any] | None = None
    status: int | None = None
    error: str | None = None


@dataclass
class ResultsRead:
    """The results read from a file, and why the other lines were skipped."""

    results: list[BatchResult] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ImportCounts:
    """What an import stored."""

    replies: int
    errors: int
    skipped: list[str]


def request_lines(requests: Sequence[BatchRequest], url: str = CHAT_URL) -> list[str]:
    """The requests as Batch API input lines."""
    return [
        json.dumps(
            {"custom_id": r.custom_id, "method": "POST", "url": url, "body": r.body},
            ensure_ascii=False,
            separators=(",", ":"),
        )
        for r in requests
    ]


def write_requests(path: Path, requests: Sequence[BatchRequest], url: str = CHAT_URL) -> None:
    """Write a Batch API input file, whole or not at all (a temporary file renamed over it).

    Raises:
        UsageError: the file cannot be written, or ``path`` is not a regular file.
    """
    given, path = path, Path(os.path.realpath(path))  # a symlink is written through, kept
    if path.exists() and not path.is_file():
        raise UsageError(f"cannot write the batch file {given}: not a regular file")
    text = "".join(line + "\n" for line in request_lines(requests, url))
    folder = path.parent
    try:
        handle, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(text)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise UsageError(f"cannot write the batch file {given}: {exc.strerror or exc}") from exc


def read_results_file(path: Path) -> ResultsRead:
    """Read a Batch API output (or error) file.

    Raises:
        UsageError: the file cannot be read or is not UTF-8 text.
    """
    try:
        with path.open(encoding="utf-8") as lines:
            return read_results(lines)
    except (OSError, UnicodeDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or exc
        raise UsageError(f"cannot read the batch results {path}: {reason}") from exc


def read_results(lines: Iterable[str]) -> ResultsRead:
    """Read output lines; see the module docstring."""
    read = ResultsRead()
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        result = _result(line)
        if isinstance(result, str):
            read.skipped.append(f"line {number}: {result}")
        else:
            read.results.append(result)
    return read


def import_results(store: BatchStore, read: ResultsRead) -> ImportCounts:
    """Store each result under its request; a reply replaces an earlier error."""
    replies = errors = 0
    for result in read.results:
        if result.reply is not None:
            store.answer(result.custom_id, reply=result.reply)
            replies += 1
        else:
            store.answer(result.custom_id, status=result.status, error=result.error)
            errors += 1
    return ImportCounts(replies=replies, errors=errors, skipped=list(read.skipped))


def _result(line: str) -> BatchResult | str:
    if len(line) > _MAX_LINE:
        return "longer than any reply"
    try:
        record = json.loads(line)
    except (ValueError, RecursionError):
        return "not JSON"
    if not isinstance(record, dict):
        return "not a JSON object"
    custom_id = record.get("custom_id")
    if not is_custom_id(custom_id):
        return f"custom_id {str(custom_id)[:40]!r} is not a request briefer wrote"
    assert isinstance(custom_id, str)
    response, error = record.get("response"), record.get("error")
    if isinstance(response, dict):
        if "body" not in response and "choices" in response:  # early vLLM run-batch
            response = {"status_code": 200, "body": response}
        status, body = response.get("status_code"), response.get("body")
        if not isinstance(status, int) or isinstance(status, bool):
            return "the response has no status_code"
        if status == 200:
            reply = _completion(body)
            if isinstance(reply, str):
                return BatchResult(custom_id, status=200, error=reply)
            return BatchResult(custom_id, reply=reply, status=200)
        return BatchResult(custom_id, status=status, error=f"HTTP {status}: {_message(body)}")
    if isinstance(error, dict):
        code = str(error.get("code") or "error")[:80]
        return BatchResult(custom_id, error=f"{code}: {_message(error)}")
    return "neither a response nor an error"


def _completion(body: object) -> dict[str, Any] | str:
    from openai.types.chat import ChatCompletion
    from pydantic import ValidationError

    if not isinstance(body, dict):
        return "the reply is not a chat.completion object"
    try:
        completion = ChatCompletion.model_validate(body)
    except (ValidationError, RecursionError) as exc:
        first = exc.errors()[0] if isinstance(exc, ValidationError) else {"msg": str(exc)}
        where = ".".join(str(p) for p in first.get("loc", ()))
        return f"the reply is not a chat.completion ({where}: {first['msg']})"[:300]
    dumped: dict[str, Any] = completion.model_dump(mode="json")
    return dumped


def _message(body: object) -> str:
    if isinstance(body, dict):
        inner = body.get("error", body)
        if isinstance(inner, dict) and inner.get("message"):
            return " ".join(str(inner["message"]).split())[:300]
    return "no message"
