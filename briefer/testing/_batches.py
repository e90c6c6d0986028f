"""The Batch API surface of the fake clients: ``files`` and ``batches``, with the SDK's types.

A batch submitted to a fake client is run by the fake itself, each line answered exactly as
``chat.completions.create`` would answer it (the script, the handler or the computed reply;
every line is recorded in ``calls``). How it ends is scripted with :class:`FakeBatchRun`:
completed, expired (the lines past ``answered`` get ``batch_expired`` errors), failed (the
input is refused: no output at all) or cancelled, with error lines where asked.
"""

from __future__ import annotations

import io
import itertools
import json
import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

__all__ = ["AsyncFakeBatches", "AsyncFakeFiles", "FakeBatchRun", "FakeBatches", "FakeFiles"]

_ids = itertools.count(1)
_EXPIRED = "This request could not be executed before the completion window expired."


@dataclass(frozen=True)
class FakeBatchRun:
    """How the fake runs the next batch submitted to it.

    Attributes:
        status: how the batch ends: ``completed``; ``expired`` (requests past ``answered``
            get a ``batch_expired`` error line); ``failed`` (the input file is refused with
            ``message``: no output); ``cancelled`` (requests past ``answered`` are never run).
        answered: the share of requests run before the batch expired or was cancelled.
        errors: request line (counted from 0) -> HTTP status, for requests that get an error
            line instead of a reply.
        polls: how many ``retrieve`` calls see the batch in progress before it ends.
        message: why a failed batch failed.
    """

    status: Literal["completed", "expired", "failed", "cancelled"] = "completed"
    answered: float = 1.0
    errors: Mapping[int, int] = field(default_factory=dict)
    polls: int = 1
    message: str = "Invalid request: the input file could not be parsed"


def _now() -> int:
    return int(time.time())


def _http_module() -> Any:
    # The SDK's types take responses of the HTTP library it is built on.
    import openai._exceptions as sdk_exceptions

    return getattr(sdk_exceptions, "httpx2", None) or getattr(sdk_exceptions, "httpx")  # noqa: B009


def _api_error(status: int, message: str) -> Exception:
    """The SDK's own error for ``status`` (NotFoundError for 404, ConflictError for 409)."""
    import openai

    http = _http_module()
    body = {"error": {"message": message, "type": "invalid_request_error"}}
    request = http.Request("POST", "http://fake.invalid/v1/batches")
    response = http.Response(status, json=body, request=request)
    kind = {404: openai.NotFoundError, 409: openai.ConflictError}.get(status, openai.APIStatusError)
    return kind(message, response=response, body=body)


def _file_bytes(file: Any) -> tuple[str, bytes]:
    """The name and bytes of what ``files.create`` may be given, as the SDK accepts it."""
    if isinstance(file, tuple):
        name, content = file[0], file[1]
        return str(name or "upload.jsonl"), _file_bytes(content)[1]
    if isinstance(file, bytes):
        return "upload.jsonl", file
    if isinstance(file, str | os.PathLike):
        with open(file, "rb") as handle:
            return os.path.basename(str(file)), handle.read()
    if isinstance(file, io.IOBase) or hasattr(file, "read"):
        data = file.read()
        return os.path.basename(str(getattr(file, "name", "upload.jsonl"))), (
            data.encode("utf-8") if isinstance(data, str) else data
        )
    raise TypeError(f"files.create cannot read a {type(file).__name__}")


class FakeFiles:
    """``client.files``: uploads kept in memory."""

    def __init__(self) -> None:
        self.stored: dict[str, tuple[Any, bytes]] = {}

    def create(self, *, file: Any, purpose: str, **_: Any) -> Any:
        name, data = _file_bytes(file)
        return self.add(name, data, purpose)

    def add(self, name: str, data: bytes, purpose: str) -> Any:
        from openai.types import FileObject

        info = FileObject(
            id=f"file-fake{next(_ids)}",
            bytes=len(data),
            created_at=_now(),
            filename=name,
            object="file",
            purpose=purpose,
            status="processed",
        )
        self.stored[info.id] = (info, data)
        return info

    def retrieve(self, file_id: str, **_: Any) -> Any:
        return self._get(file_id)[0]

    def content(self, file_id: str, **_: Any) -> Any:
        from openai._legacy_response import HttpxBinaryResponseContent

        http = _http_module()
        return HttpxBinaryResponseContent(http.Response(200, content=self._get(file_id)[1]))

    def delete(self, file_id: str, **_: Any) -> Any:
        from openai.types import FileDeleted

        self._get(file_id)
        del self.stored[file_id]
        return FileDeleted(id=file_id, deleted=True, object="file")

    def _get(self, file_id: str) -> tuple[Any, bytes]:
        if file_id not in self.stored:
            raise _api_error(404, f"No such File object: {file_id}")
        return self.stored[file_id]


class FakeBatches:
    """``client.batches``: batches run by the fake, ending as :class:`FakeBatchRun` says."""

    def __init__(
        self,
        files: FakeFiles,
        answer: Callable[[dict[str, Any]], Any],
        runs: Iterable[FakeBatchRun] = (),
    ) -> None:
        self._files = files
        self._answer = answer
        self.runs: deque[FakeBatchRun] = deque(runs)
        self.created: dict[str, Any] = {}
        self._plans: dict[str, FakeBatchRun] = {}
        self._polls: dict[str, int] = {}

    def create(
        self,
        *,
        input_file_id: str,
        endpoint: str,
        completion_window: str,
        metadata: Mapping[str, str] | None = None,
        **_: Any,
    ) -> Any:
        from openai.types import Batch

        self._files.retrieve(input_file_id)
        batch = Batch(
            id=f"batch_fake{next(_ids)}",
            completion_window=completion_window,
            created_at=_now(),
            endpoint=endpoint,
            input_file_id=input_file_id,
            object="batch",
            status="validating",
            metadata=dict(metadata) if metadata else None,
            expires_at=_now() + 86400,
        )
        self.created[batch.id] = batch
        self._plans[batch.id] = self.runs.popleft() if self.runs else FakeBatchRun()
        self._polls[batch.id] = 0
        return batch

    def retrieve(self, batch_id: str, **_: Any) -> Any:
        batch = self._get(batch_id)
        if batch.status in ("completed", "failed", "expired", "cancelled"):
            return batch
        plan = self._plans[batch_id]
        if batch.status == "cancelling":
            return self._finish(batch, "cancelled", plan)
        self._polls[batch_id] += 1
        if self._polls[batch_id] <= plan.polls:
            batch = self._update(batch, status="in_progress", in_progress_at=_now())
            return batch
        return self._finish(batch, plan.status, plan)

    def cancel(self, batch_id: str, **_: Any) -> Any:
        batch = self._get(batch_id)
        if batch.status in ("completed", "failed", "expired", "cancelled"):
            raise _api_error(409, f"Cannot cancel a batch with status {batch.status}")
        return self._update(batch, status="cancelling", cancelling_at=_now())

    def list(self, *, limit: int = 20, after: str | None = None, **_: Any) -> Any:
        from openai.pagination import SyncCursorPage
        from openai.types import Batch

        batches = sorted(self.created.values(), key=lambda b: b.id, reverse=True)
        if after is not None:
            ids = [b.id for b in batches]
            batches = batches[ids.index(after) + 1 :] if after in ids else []
        page = batches[:limit]
        return SyncCursorPage[Batch](data=page, has_more=len(batches) > limit)

    # ---- running ----------------------------------------------------------------------------

    def _get(self, batch_id: str) -> Any:
        if batch_id not in self.created:
            raise _api_error(404, f"No such Batch object: {batch_id}")
        return self.created[batch_id]

    def _update(self, batch: Any, **changes: Any) -> Any:
        updated = batch.model_copy(update=changes)
        self.created[batch.id] = updated
        return updated

    def _finish(self, batch: Any, status: str, plan: FakeBatchRun) -> Any:
        from openai.types.batch import Errors
        from openai.types.batch_error import BatchError
        from openai.types.batch_request_counts import BatchRequestCounts

        stamp = f"{status}_at" if status != "completed" else "completed_at"
        if status == "failed":
            refusal = BatchError(code="invalid_request", message=plan.message, line=1)
            return self._update(
                batch, status="failed", failed_at=_now(), errors=Errors(data=[refusal])
            )
        lines = self._files.content(batch.input_file_id).text.splitlines()
        requests = [line for line in lines if line.strip()]
        cutoff = len(requests) if status == "completed" else int(len(requests) * plan.answered)
        outputs: list[str] = []
        errors: list[str] = []
        for number, line in enumerate(requests):
            if number >= cutoff:
                if status == "expired":
                    custom_id = _custom_id(line)
                    error = {"code": "batch_expired", "message": _EXPIRED}
                    errors.append(_line(custom_id, None, error))
                continue
            target = errors if number in plan.errors else outputs
            target.append(self._run_line(line, plan.errors.get(number)))
        output_id = self._store(batch.id, "output", outputs)
        error_id = self._store(batch.id, "errors", errors)
        counts = BatchRequestCounts(total=len(requests), completed=len(outputs), failed=len(errors))
        return self._update(
            batch,
            status=status,
            output_file_id=output_id,
            error_file_id=error_id,
            request_counts=counts,
            **{stamp: _now()},
        )

    def _run_line(self, line: str, forced_status: int | None) -> str:
        custom_id = _custom_id(line)
        try:
            request = json.loads(line)
            body = request["body"]
        except (ValueError, KeyError, TypeError):
            return _line(custom_id, None, {"code": "invalid_json", "message": "not a request"})
        if forced_status is not None:
            error = {"message": f"The server had an error (HTTP {forced_status})"}
            return _line(custom_id, {"status_code": forced_status, "body": {"error": error}})
        try:
            reply = self._answer(body)
        except Exception as exc:  # noqa: BLE001 - a scripted error becomes an error line
            status = getattr(exc, "status_code", None) or 500
            error_body = getattr(exc, "body", None) or {"error": {"message": str(exc)}}
            if "error" not in error_body:
                error_body = {"error": error_body}
            return _line(custom_id, {"status_code": status, "body": error_body})
        payload = {"status_code": 200, "request_id": f"req_{next(_ids)}", "body": reply}
        return _line(custom_id, payload)

    def _store(self, batch_id: str, kind: str, lines: Sequence[str]) -> str | None:
        if not lines:
            return None
        data = "".join(line + "\n" for line in lines).encode("utf-8")
        return str(self._files.add(f"{batch_id}_{kind}.jsonl", data, "batch_output").id)


def _custom_id(line: str) -> str | None:
    try:
        value = json.loads(line).get("custom_id")
    except (ValueError, AttributeError):
        return None
    return value if isinstance(value, str) else None


def _line(
    custom_id: str | None,
    response: dict[str, Any] | None,
    error: dict[str, Any] | None = None,
) -> str:
    if response is not None and hasattr(response.get("body"), "model_dump"):
        response = {**response, "body": response["body"].model_dump(mode="json")}
    record = {
        "id": f"batch_req_fake{next(_ids)}",
        "custom_id": custom_id,
        "response": response,
        "error": error,
    }
    return json.dumps(record, ensure_ascii=False)


class AsyncFakeFiles:
    """The async twin of :class:`FakeFiles` (for ``AsyncFakeClient``)."""

    def __init__(self, files: FakeFiles) -> None:
        self._files = files

    async def create(self, **kwargs: Any) -> Any:
        return self._files.create(**kwargs)

    async def retrieve(self, file_id: str, **kwargs: Any) -> Any:
        return self._files.retrieve(file_id, **kwargs)

    async def content(self, file_id: str, **kwargs: Any) -> Any:
        return self._files.content(file_id, **kwargs)

    async def delete(self, file_id: str, **kwargs: Any) -> Any:
        return self._files.delete(file_id, **kwargs)


class AsyncFakeBatches:
    """The async twin of :class:`FakeBatches`."""

    def __init__(self, batches: FakeBatches) -> None:
        self._batches = batches
        self.runs = batches.runs

    async def create(self, **kwargs: Any) -> Any:
        return self._batches.create(**kwargs)

    async def retrieve(self, batch_id: str, **kwargs: Any) -> Any:
        return self._batches.retrieve(batch_id, **kwargs)

    async def cancel(self, batch_id: str, **kwargs: Any) -> Any:
        return self._batches.cancel(batch_id, **kwargs)

    async def list(self, **kwargs: Any) -> Any:
        return self._batches.list(**kwargs)
