"""The Batch API path as passes: export what a brief needs, import results, finish the brief.

A "runner" here answers an exported file the way OpenAI's, Azure's or vLLM's batch runner
does: each line's body sent to a chat endpoint (a FakeClient), each answer written as an
output line under the request's custom_id.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from support import BRIEF_DAY

from briefer import Briefer
from briefer.articles import read_articles
from briefer.brief import (
    BatchStore,
    PassResult,
    batch_planner,
    group_stories,
    import_results,
    plan_calls,
    read_results,
    request_lines,
    run_pass,
)
from briefer.schema import Article, DailyBrief
from briefer.testing import FakeClient, FakeReply, FakeRequest, computed_reply, server_error

DATE = dt.date(2026, 11, 25)
FAKE_URL = FakeClient.base_url


@pytest.fixture(scope="module")
def distinct() -> list[Article]:
    return [g.lead for g in group_stories(read_articles([BRIEF_DAY]).articles)]


@pytest.fixture
def store(tmp_path: Path) -> BatchStore:
    return BatchStore(tmp_path / "state.sqlite3")


def run_lines(lines: list[str], client: FakeClient) -> list[str]:
    """Answer Batch API input lines as a batch runner would, with ``client`` as the model."""
    out = []
    for line in lines:
        request = json.loads(line)
        try:
            reply = client.chat.completions.create(**request["body"])
            response = {"status_code": 200, "request_id": "r", "body": reply.model_dump()}
        except Exception as exc:  # noqa: BLE001 - an error line, as runners write them
            response = {"status_code": getattr(exc, "status_code", 500), "body": exc.body}  # type: ignore[attr-defined]
        record = {"id": "x", "custom_id": request["custom_id"], "response": response}
        out.append(json.dumps({**record, "error": None}))
    return out


def one_pass(
    briefer: Briefer,
    articles: list[Article],
    store: BatchStore,
    client: Any = None,
    **kwargs: Any,
) -> PassResult:
    return asyncio.run(
        run_pass(
            briefer.summarizer,
            articles,
            store,
            client=client,
            base_url=FAKE_URL,
            date=DATE,
            **kwargs,
        )
    )


def rounds(
    briefer: Briefer, articles: list[Article], store: BatchStore, model: FakeClient
) -> tuple[DailyBrief, list[int]]:
    """Export, run and import until the brief is done; the brief and each round's size."""
    sizes = []
    for _ in range(6):
        result = one_pass(briefer, articles, store)
        if result.brief is not None:
            return result.brief, sizes
        sizes.append(len(result.pending))
        answers = run_lines(request_lines(result.pending), model)
        import_results(store, read_results(answers))
    raise AssertionError("the brief took more than six rounds")


def _content(brief: DailyBrief) -> list[Any]:
    stories = [s.summary.model_dump(exclude={"metadata"}) for s in brief.stories]
    return [stories, [line.model_dump() for line in brief.top_lines], brief.not_included]


def test_export_lists_every_first_round_request_and_calls_nothing(
    distinct: list[Article], store: BatchStore
) -> None:
    client = FakeClient()
    briefer = Briefer(client=client, model="gpt-4o-mini")
    result = one_pass(briefer, distinct[:5], store)
    assert result.brief is None
    assert len(result.pending) == 5  # one summary per story; the top lines wait for them
    assert client.calls == []
    lines = [json.loads(line) for line in request_lines(result.pending)]
    assert {tuple(sorted(line)) for line in lines} == {("body", "custom_id", "method", "url")}
    assert {line["url"] for line in lines} == {"/v1/chat/completions"}
    body = lines[0]["body"]
    assert body["model"] == "gpt-4o-mini"
    assert body["response_format"]["type"] == "json_schema"  # auto mode: no probing in a batch
    assert "timeout" not in body


def test_a_brief_from_batch_results_is_the_brief_made_live(
    distinct: list[Article], store: BatchStore
) -> None:
    live = Briefer(client=FakeClient(), model="m", mode="json_schema").brief(
        distinct[:6], date=DATE
    )
    batched, sizes = rounds(Briefer(model="m", engine="model"), distinct[:6], store, FakeClient())
    assert sizes == [6, 1]  # the summaries, then the top lines
    assert _content(batched) == _content(live)
    assert batched.metadata.calls == live.metadata.calls == 7


def test_long_articles_take_rounds_chunks_then_merges_then_top_lines(
    distinct: list[Article], store: BatchStore
) -> None:
    long = sorted(distinct, key=lambda a: -len(a.text))[:2]
    briefer = Briefer(model="m", engine="model", chunk_tokens=100)
    chunks = sum(len(briefer.chunks(a)) for a in long)
    assert chunks > len(long)
    brief, sizes = rounds(briefer, long, store, FakeClient())
    assert sizes == [chunks, len(long), 1]
    assert len(brief.stories) == len(long)
    assert all(s.summary.metadata.chunks > 1 for s in brief.stories)


def test_an_invalid_batch_reply_is_reasked_in_the_next_round(
    distinct: list[Article], store: BatchStore
) -> None:
    victim = distinct[2].text

    def handler(request: FakeRequest) -> Any:
        first = request.fenced_text == victim and len(request.messages) == 2
        return "this is not JSON" if first else computed_reply(request)

    brief, sizes = rounds(
        Briefer(model="m", engine="model"), distinct[:4], store, FakeClient(handler=handler)
    )
    assert sizes == [4, 1, 1]  # the re-ask of the one invalid reply, then the top lines
    assert brief.not_included == []
    reasked = next(s for s in brief.stories if s.summary.article_id == distinct[2].id)
    assert reasked.summary.metadata.calls == 1


def test_failed_lines_are_asked_live_when_a_model_is_configured(
    distinct: list[Article], store: BatchStore
) -> None:
    briefer = Briefer(model="m", engine="model")
    first = one_pass(briefer, distinct[:3], store)
    runner = FakeClient(
        [server_error(500), *[computed_reply_for(r.body) for r in first.pending[1:]]]
    )
    import_results(store, read_results(run_lines(request_lines(first.pending), runner)))
    live = FakeClient()
    result = one_pass(Briefer(client=live, model="m"), distinct[:3], store, client=live)
    assert result.brief is not None and result.brief.not_included == []
    assert len(live.calls) == 2  # the failed summary, then the top lines
    assert result.from_batch == 2


def computed_reply_for(body: dict[str, Any]) -> dict[str, Any]:
    return computed_reply(
        FakeRequest(
            model=body["model"],
            messages=body["messages"],
            response_format=body.get("response_format"),
            max_tokens=body.get("max_tokens"),
            temperature=body.get("temperature"),
        )
    )


def test_a_request_that_fails_in_two_batches_fails_only_its_story(
    distinct: list[Article], store: BatchStore
) -> None:
    victim = distinct[1].text

    def handler(request: FakeRequest) -> Any:
        if request.fenced_text == victim:
            return server_error(503, "overloaded")
        return computed_reply(request)

    brief, sizes = rounds(
        Briefer(model="m", engine="model"), distinct[:3], store, FakeClient(handler=handler)
    )
    assert sizes == [3, 1, 1]  # the failure once more, then the top lines
    assert [n.source for n in brief.not_included] == [distinct[1].label]
    assert "503" in brief.not_included[0].reason
    assert len(brief.stories) == 2


def test_batch_replies_are_counted_at_the_batch_rate(
    distinct: list[Article], store: BatchStore
) -> None:
    prices = {"m": {"input": 1.0, "output": 1.0, "batch": 0.5}}
    model = FakeClient(
        [FakeReply(computed_reply_for_text(distinct[0]), prompt_tokens=1000, completion_tokens=500)]
    )
    briefer = Briefer(model="m", engine="model", prices=prices)
    brief, _ = rounds(briefer, distinct[:1], store, model)
    story = brief.stories[0].summary.metadata
    assert story.usage.prompt_tokens == 1000 and story.usage.completion_tokens == 500
    assert story.cost_usd == pytest.approx(1500 * 0.5 / 1e6)
    assert story.cached_calls == 0
    total = brief.metadata.usage.total_tokens
    assert brief.metadata.cost_usd == pytest.approx(total * 0.5 / 1e6)


def computed_reply_for_text(article: Article) -> dict[str, Any]:
    from briefer.offline import summarize_offline

    reply: dict[str, Any] = json.loads(summarize_offline(article.text).model_dump_json())
    return reply


def test_dry_run_and_max_cost_price_batch_calls_at_half(
    distinct: list[Article], store: BatchStore
) -> None:
    briefer = Briefer(model="gpt-4o-mini", engine="model")
    standard = plan_calls(briefer.summarizer.planner, distinct).estimated_cost_usd
    batch = plan_calls(batch_planner(briefer.summarizer.planner), distinct).estimated_cost_usd
    assert standard is not None and batch == pytest.approx(standard / 2)
    # The day's worst case fits 75% of its standard price at the batch rate, not 40%.
    assert len(one_pass(briefer, distinct, store, max_cost=standard * 0.75).pending) == len(
        distinct
    )
    assert len(one_pass(briefer, distinct, store, max_cost=standard * 0.4).pending) < len(distinct)


def test_results_of_another_brief_are_not_used(distinct: list[Article], store: BatchStore) -> None:
    briefer = Briefer(model="m", engine="model")
    other = one_pass(briefer, distinct[5:8], store)
    import_results(store, read_results(run_lines(request_lines(other.pending), FakeClient())))
    result = one_pass(briefer, distinct[:3], store)
    assert result.from_batch == 0
    assert len(result.pending) == 3


def test_the_state_outlives_the_store_that_wrote_it(
    distinct: list[Article], tmp_path: Path
) -> None:
    path = tmp_path / "state.sqlite3"
    briefer = Briefer(model="m", engine="model")
    with BatchStore(path) as first:
        exported = one_pass(briefer, distinct[:2], first)
        import_results(
            first, read_results(run_lines(request_lines(exported.pending), FakeClient()))
        )
    with BatchStore(path) as again:
        result = one_pass(briefer, distinct[:2], again)
    assert result.from_batch == 2
    assert len(result.pending) == 1  # only the top lines are left
