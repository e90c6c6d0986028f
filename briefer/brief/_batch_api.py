"""A brief through the provider's Batch API, end to end: upload, create, poll, download, import.

Each round is one batch: the requests a pass could not answer (the chunk summaries first,
then merges, re-asks and the top lines as the earlier replies allow). Every batch submitted
is recorded in the :class:`BatchStore` with the requests it carries, before polling starts,
so a run that is interrupted and started again with the same command finds the batch it
already paid for and polls it instead of submitting another. A batch that expires or is
cancelled gives what it finished; the rest goes into the next round. A request that fails in
two batches fails its story; a batch the provider refuses outright is an error.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from briefer.brief._batch_files import (
    CHAT_URL,
    ImportCounts,
    import_results,
    read_results,
    request_lines,
)
from briefer.brief._batch_run import PassResult
from briefer.brief._batch_store import BatchJob, BatchRequest, BatchStore
from briefer.errors import ModelAPIError, ModelError

__all__ = [
    "BatchProgress",
    "cancel_batch",
    "collect_batch",
    "list_batches",
    "run_batches",
    "submit_batch",
    "wait_for_batch",
]

_TERMINAL = ("completed", "failed", "expired", "cancelled")
MAX_ROUNDS = 12


@dataclass(frozen=True)
class BatchProgress:
    """Where a batch is, for a progress line."""

    batch_id: str
    status: str
    completed: int
    failed: int
    total: int
    round: int


def submit_batch(
    client: Any, store: BatchStore, requests: list[BatchRequest], *, url: str = CHAT_URL
) -> BatchJob:
    """Upload ``requests`` as a JSONL file and create a batch of them (recorded in ``store``)."""
    store.add(requests)
    data = "".join(line + "\n" for line in request_lines(requests, url)).encode("utf-8")
    upload = client.files.create(file=("briefer-batch.jsonl", data), purpose="batch")
    batch = client.batches.create(
        input_file_id=upload.id,
        endpoint=url,
        completion_window="24h",
        metadata={"made_by": "briefer", "requests": str(len(requests))},
    )
    job = BatchJob(
        batch_id=batch.id,
        status=batch.status,
        requests=len(requests),
        created=float(batch.created_at or time.time()),
        imported=False,
        input_file_id=upload.id,
    )
    store.save_job(job)
    store.assign([r.custom_id for r in requests], batch.id)
    return job


def wait_for_batch(
    client: Any,
    store: BatchStore,
    batch_id: str,
    *,
    poll: float = 10.0,
    progress: Callable[[BatchProgress], None] | None = None,
    round_number: int = 1,
    sleep: Callable[[float], None] = time.sleep,
) -> Any:
    """Poll until the batch ends (the wait grows from ``poll`` seconds to a minute)."""
    wait = poll
    while True:
        batch = client.batches.retrieve(batch_id)
        job = store.job(batch_id)
        if job is not None and job.status != batch.status:
            store.save_job(_with(job, status=batch.status))
        if progress is not None:
            counts = batch.request_counts
            progress(
                BatchProgress(
                    batch_id=batch_id,
                    status=batch.status,
                    completed=counts.completed if counts else 0,
                    failed=counts.failed if counts else 0,
                    total=counts.total if counts else (job.requests if job else 0),
                    round=round_number,
                )
            )
        if batch.status in _TERMINAL:
            return batch
        sleep(wait)
        wait = min(max(wait * 1.5, poll), 60.0)


def collect_batch(client: Any, store: BatchStore, batch: Any) -> ImportCounts:
    """Import what an ended batch produced (its output and error files) and mark it done.

    Raises:
        ModelAPIError: the provider refused the batch (status ``failed``).
    """
    job = store.job(batch.id)
    if batch.status == "failed":
        if job is not None:
            store.save_job(_with(job, status="failed", imported=True))
        errors = getattr(getattr(batch, "errors", None), "data", None) or []
        reasons = "; ".join(
            f"line {e.line}: {e.message}" if e.line else str(e.message) for e in errors[:3]
        )
        raise ModelAPIError(f"the batch {batch.id} failed: {reasons or 'no reason given'}")
    replies = failures = 0
    skipped: list[str] = []
    for file_id in (batch.output_file_id, batch.error_file_id):
        if not file_id:
            continue
        text = client.files.content(file_id).text
        counts = import_results(store, read_results(text.splitlines()))
        replies, failures = replies + counts.replies, failures + counts.errors
        skipped += counts.skipped
    if job is not None:
        store.save_job(_with(job, status=batch.status, imported=True))
    return ImportCounts(replies=replies, errors=failures, skipped=skipped)


def run_batches(
    client: Any,
    store: BatchStore,
    next_pass: Callable[[], PassResult],
    *,
    url: str = CHAT_URL,
    poll: float = 10.0,
    progress: Callable[[BatchProgress], None] | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> PassResult:
    """Passes and batches in turn until a pass gives the brief.

    ``next_pass`` runs a pass that collects what it cannot answer. Requests already in a batch
    submitted earlier (by this run or an interrupted one) wait for that batch; the others go
    into a new one.

    Raises:
        ModelError: a batch was refused, or the brief needed more than 12 rounds.
    """
    for round_number in range(1, MAX_ROUNDS + 1):
        result = next_pass()
        if result.brief is not None:
            return result
        if not result.pending:
            raise ModelError("the brief waits for replies but no request is left to send")
        # Requests an earlier (perhaps interrupted) run already submitted wait for that
        # batch; the others go into a new one once it is in.
        waiting = store.waiting_in([r.custom_id for r in result.pending])
        if not waiting:
            waiting = {submit_batch(client, store, result.pending, url=url).batch_id: []}
        for batch_id in waiting:
            batch = wait_for_batch(
                client,
                store,
                batch_id,
                poll=poll,
                progress=progress,
                round_number=round_number,
                sleep=sleep,
            )
            collect_batch(client, store, batch)
    raise ModelError(f"the brief still waited for replies after {MAX_ROUNDS} batches")


def list_batches(client: Any, store: BatchStore, limit: int = 20) -> list[tuple[Any, bool]]:
    """The provider's most recent batches, each with whether briefer submitted it from here."""
    known = {job.batch_id for job in store.jobs()}
    page = client.batches.list(limit=limit)
    batches = list(getattr(page, "data", page))[:limit]
    return [(b, b.id in known or (b.metadata or {}).get("made_by") == "briefer") for b in batches]


def cancel_batch(client: Any, store: BatchStore, batch_id: str) -> Any:
    """Ask the provider to cancel a batch; what it finished can still be imported."""
    batch = client.batches.cancel(batch_id)
    job = store.job(batch_id)
    if job is not None:
        store.save_job(_with(job, status=batch.status))
    return batch


def _with(job: BatchJob, **changes: Any) -> BatchJob:
    from dataclasses import replace

    return replace(job, **changes)
