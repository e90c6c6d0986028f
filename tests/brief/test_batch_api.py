"""A brief through the Batch API end to end, with FakeClient's ``files`` and ``batches``.

FakeClient runs a submitted batch itself and ends it as scripted (completed, expired, failed,
cancelled, with error lines), returning the openai SDK's own ``Batch`` and ``FileObject``.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from openai.types import Batch, FileObject
from support import BRIEF_DAY

from briefer import Briefer
from briefer.articles import read_articles
from briefer.brief import (
    BatchProgress,
    BatchStore,
    PassResult,
    cancel_batch,
    group_stories,
    list_batches,
    run_batches,
    run_pass,
)
from briefer.errors import ModelAPIError
from briefer.schema import Article
from briefer.testing import AsyncFakeClient, FakeBatchRun, FakeClient

DATE = dt.date(2026, 11, 25)


@pytest.fixture(scope="module")
def distinct() -> list[Article]:
    return [g.lead for g in group_stories(read_articles([BRIEF_DAY]).articles)][:5]


@pytest.fixture
def store(tmp_path: Path) -> BatchStore:
    return BatchStore(tmp_path / "state.sqlite3")


def brief_by_batches(
    client: FakeClient,
    articles: list[Article],
    store: BatchStore,
    progress: Any = None,
) -> PassResult:
    briefer = Briefer(model="m", engine="model")

    def next_pass() -> PassResult:
        return asyncio.run(
            run_pass(
                briefer.summarizer,
                articles,
                store,
                client=None,
                base_url=client.base_url,
                date=DATE,
            )
        )

    return run_batches(client, store, next_pass, poll=0.001, progress=progress)


def test_a_completed_batch_a_round_makes_the_brief(
    distinct: list[Article], store: BatchStore
) -> None:
    client = FakeClient()
    seen: list[BatchProgress] = []
    result = brief_by_batches(client, distinct, store, seen.append)
    assert result.brief is not None and result.brief.not_included == []
    assert len(result.brief.stories) == len(distinct)
    assert len(client.batches.created) == 2  # the summaries, then the top lines
    assert [p.status for p in seen] == ["in_progress", "completed"] * 2
    assert seen[1].completed == seen[1].total == len(distinct)
    assert all(job.imported for job in store.jobs())


def test_the_fake_returns_the_sdks_own_types() -> None:
    client = FakeClient()
    upload = client.files.create(file=("in.jsonl", b""), purpose="batch")
    batch = client.batches.create(
        input_file_id=upload.id, endpoint="/v1/chat/completions", completion_window="24h"
    )
    assert isinstance(upload, FileObject) and isinstance(batch, Batch)
    assert [b.id for b in client.batches.list()] == [batch.id]


def test_an_expired_batch_gives_what_it_finished_and_the_rest_goes_again(
    distinct: list[Article], store: BatchStore
) -> None:
    client = FakeClient(batch_runs=[FakeBatchRun(status="expired", answered=0.4)])
    result = brief_by_batches(client, distinct, store)
    assert result.brief is not None and result.brief.not_included == []
    sizes = [b.request_counts.total for b in client.batches.created.values()]
    assert sizes == [5, 3, 1]  # two answered before expiry; three again; the top lines


def test_error_lines_go_again_and_a_request_failing_twice_fails_its_story(
    distinct: list[Article], store: BatchStore
) -> None:
    runs = [FakeBatchRun(errors={0: 500, 3: 500}), FakeBatchRun(errors={0: 500})]
    client = FakeClient(batch_runs=runs)
    result = brief_by_batches(client, distinct, store)
    assert result.brief is not None
    assert len(result.brief.not_included) == 1
    assert "HTTP 500" in result.brief.not_included[0].reason
    assert len(result.brief.stories) == len(distinct) - 1


def test_a_failed_batch_is_an_error_with_the_providers_reason(
    distinct: list[Article], store: BatchStore
) -> None:
    client = FakeClient(batch_runs=[FakeBatchRun(status="failed", message="model not found")])
    with pytest.raises(ModelAPIError, match="model not found"):
        brief_by_batches(client, distinct, store)
    assert [job.status for job in store.jobs()] == ["failed"]


def test_a_cancelled_batch_keeps_what_it_finished(
    distinct: list[Article], store: BatchStore
) -> None:
    client = FakeClient(batch_runs=[FakeBatchRun(status="cancelled", answered=0.6)])
    result = brief_by_batches(client, distinct, store)
    assert result.brief is not None and result.brief.not_included == []
    sizes = [b.request_counts.total for b in client.batches.created.values()]
    assert sizes == [5, 2, 1]


def test_run_again_after_an_interruption_it_waits_for_the_batch_it_paid_for(
    distinct: list[Article], store: BatchStore
) -> None:
    client = FakeClient(batch_runs=[FakeBatchRun(polls=3)])

    def interrupt(progress: BatchProgress) -> None:
        if progress.status == "in_progress":
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        brief_by_batches(client, distinct, store, interrupt)
    assert len(client.batches.created) == 1
    result = brief_by_batches(client, distinct, store)
    assert result.brief is not None and result.brief.not_included == []
    assert len(client.batches.created) == 2  # the first batch, then only the top lines
    first = next(iter(client.batches.created.values()))
    assert first.request_counts is not None and first.request_counts.total == len(distinct)


def test_batches_are_listed_with_briefers_marked_and_can_be_cancelled(
    distinct: list[Article], store: BatchStore
) -> None:
    client = FakeClient(batch_runs=[FakeBatchRun(polls=5)])
    other = client.files.create(file=("x.jsonl", b""), purpose="batch")
    client.batches.create(
        input_file_id=other.id, endpoint="/v1/chat/completions", completion_window="24h"
    )
    with pytest.raises(KeyboardInterrupt):
        brief_by_batches(client, distinct, store, _stop_at_first_poll)
    listed = list_batches(client, store)
    assert sorted(ours for _, ours in listed) == [False, True]
    mine = next(batch for batch, ours in listed if ours)
    assert cancel_batch(client, store, mine.id).status == "cancelling"
    assert client.batches.retrieve(mine.id).status == "cancelled"


def _stop_at_first_poll(_: BatchProgress) -> None:
    raise KeyboardInterrupt


async def test_the_async_fake_has_the_same_batches() -> None:
    client = AsyncFakeClient()
    upload = await client.files.create(file=("in.jsonl", b""), purpose="batch")
    batch = await client.batches.create(
        input_file_id=upload.id, endpoint="/v1/chat/completions", completion_window="24h"
    )
    assert (await client.batches.retrieve(batch.id)).status == "in_progress"
    assert (await client.batches.retrieve(batch.id)).status == "completed"
    assert [b.id for b in await client.batches.list()] == [batch.id]
