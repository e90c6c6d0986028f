"""OpenTelemetry spans (the ``otel`` extra), read back with the SDK's in-memory exporter."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from opentelemetry import trace
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import StatusCode
from support import BRIEF_DAY, SEED

import briefer.tracing
from briefer import Briefer
from briefer.articles import read_articles
from briefer.brief import group_stories
from briefer.cache import ResponseCache
from briefer.errors import ModelAPIError
from briefer.schema import Article
from briefer.testing import AsyncFakeClient, FakeClient, server_error

_EXPORTER = InMemorySpanExporter()
_PROVIDER = TracerProvider()
_PROVIDER.add_span_processor(SimpleSpanProcessor(_EXPORTER))
trace.set_tracer_provider(_PROVIDER)  # once per process: the API allows no second one


@pytest.fixture
def spans() -> Iterator[InMemorySpanExporter]:
    _EXPORTER.clear()
    yield _EXPORTER
    _EXPORTER.clear()


def _named(exporter: InMemorySpanExporter, prefix: str) -> list[ReadableSpan]:
    return [s for s in exporter.get_finished_spans() if s.name.startswith(prefix)]


def _parent(span: ReadableSpan, exporter: InMemorySpanExporter) -> ReadableSpan | None:
    ids = {s.context.span_id: s for s in exporter.get_finished_spans()}
    return ids.get(span.parent.span_id) if span.parent is not None else None


@pytest.fixture(scope="module")
def day() -> list[Article]:
    return [g.lead for g in group_stories(read_articles([BRIEF_DAY]).articles)][:5]


def test_a_summary_is_one_article_span_over_one_chat_span_per_call(
    spans: InMemorySpanExporter, seed_text: str
) -> None:
    summary = Briefer(client=FakeClient(), model="fake").summarize(seed_text, title="Seed")
    (article,) = _named(spans, "invoke_workflow summarize")
    calls = _named(spans, "chat fake")
    meta = summary.metadata
    assert len(calls) == meta.calls >= 1
    assert all(_parent(c, spans) is article for c in calls)
    assert article.attributes is not None
    assert dict(article.attributes) == {
        "gen_ai.operation.name": "invoke_workflow",
        "gen_ai.workflow.name": "summarize",
        "gen_ai.request.model": "fake",
        "briefer.engine": "model",
        "briefer.article.title": "Seed",
        "gen_ai.usage.input_tokens": meta.usage.prompt_tokens,
        "gen_ai.usage.output_tokens": meta.usage.completion_tokens,
        "briefer.response_mode": meta.mode,
        "briefer.calls": meta.calls,
        "briefer.attempts": meta.attempts,
        "briefer.cached_calls": 0,
        "briefer.cache_hit": False,
        "briefer.chunks": meta.chunks,
        "briefer.grounding.checked": meta.grounding.checked,
        "briefer.grounding.verified": meta.grounding.verified,
        "briefer.grounding.dropped": len(meta.grounding.dropped),
    }


def test_a_chat_span_follows_the_genai_conventions(
    spans: InMemorySpanExporter, seed_text: str
) -> None:
    summary = Briefer(client=FakeClient(), model="fake").summarize(seed_text)
    (call,) = _named(spans, "chat fake")
    assert call.kind == trace.SpanKind.CLIENT
    assert dict(call.attributes or {}) == {
        "gen_ai.operation.name": "chat",
        "gen_ai.provider.name": "openai",
        "gen_ai.request.model": "fake",
        "gen_ai.output.type": "json",
        "briefer.call": "summarize",
        "server.address": "fake.invalid",
        "server.port": 80,
        "gen_ai.response.id": call.attributes["gen_ai.response.id"],  # type: ignore[index]
        "gen_ai.response.model": "fake",
        "gen_ai.response.finish_reasons": ("stop",),
        "briefer.response_mode": "json_schema",
        "briefer.attempts": 1,
        "briefer.cache_hit": False,
        "gen_ai.usage.input_tokens": summary.metadata.usage.prompt_tokens,
        "gen_ai.usage.output_tokens": summary.metadata.usage.completion_tokens,
    }
    assert [e.name for e in call.events] == ["briefer.request"]


def test_a_brief_nests_stories_articles_and_calls(
    spans: InMemorySpanExporter, day: list[Article]
) -> None:
    brief = Briefer(client=FakeClient(), model="fake").brief(day)
    (root,) = _named(spans, "invoke_workflow brief")
    stories = _named(spans, "invoke_workflow story")
    articles = _named(spans, "invoke_workflow summarize")
    calls = _named(spans, "chat fake")
    assert len(stories) == len(articles) == len(brief.stories) == len(day)
    assert {_parent(s, spans) for s in stories} == {root}
    assert {_parent(a, spans).name for a in articles} == {"invoke_workflow story"}  # type: ignore[union-attr]
    assert len(calls) == brief.metadata.calls
    top_lines = [c for c in calls if (c.attributes or {}).get("briefer.call") == "brief"]
    assert [_parent(c, spans) for c in top_lines] == [root]
    assert (root.attributes or {})["briefer.stories"] == len(day)
    assert (root.attributes or {})[
        "gen_ai.usage.input_tokens"
    ] == brief.metadata.usage.prompt_tokens


def test_an_async_client_nests_the_same_way(
    spans: InMemorySpanExporter, day: list[Article]
) -> None:
    Briefer(client=AsyncFakeClient(), model="fake").brief(day)
    articles = _named(spans, "invoke_workflow summarize")
    for call in _named(spans, "chat fake"):
        assert _parent(call, spans) in [*articles, *_named(spans, "invoke_workflow brief")]


def test_a_call_served_from_the_cache_says_so(
    spans: InMemorySpanExporter, seed_text: str, tmp_path: Path
) -> None:
    with ResponseCache(tmp_path / "c.sqlite3") as cache:
        Briefer(client=FakeClient(), model="fake", cache=cache).summarize(seed_text)
        spans.clear()
        Briefer(client=FakeClient(), model="fake", cache=cache).summarize(seed_text)
    (call,) = _named(spans, "chat fake")
    (article,) = _named(spans, "invoke_workflow summarize")
    assert (call.attributes or {})["briefer.cache_hit"] is True
    assert (call.attributes or {})["briefer.attempts"] == 0
    assert (article.attributes or {})["briefer.cache_hit"] is True


def test_reasks_and_mode_fallbacks_are_events_on_the_call(
    spans: InMemorySpanExporter, seed_text: str
) -> None:
    client = FakeClient(["not json at all"], refuse_modes={"json_schema"})
    Briefer(client=client, model="fake").summarize(seed_text)
    (call,) = _named(spans, "chat fake")
    events = [e.name for e in call.events]
    assert events.count("briefer.mode_fallback") == 1
    assert "briefer.reask" in events
    assert (call.attributes or {})["briefer.response_mode"] == "json_object"
    assert (call.attributes or {})["briefer.attempts"] == len(client.calls) == 3


def test_a_failed_call_is_an_error_span_with_its_type(
    spans: InMemorySpanExporter, seed_text: str
) -> None:
    client = FakeClient([server_error(503)] * 5)
    with pytest.raises(ModelAPIError):
        Briefer(client=client, model="fake", mode="json_schema").summarize(seed_text)
    (call,) = _named(spans, "chat fake")
    (article,) = _named(spans, "invoke_workflow summarize")
    assert call.status.status_code == article.status.status_code == StatusCode.ERROR
    assert (call.attributes or {})["error.type"] == "ModelAPIError"
    assert (article.attributes or {})["error.type"] == "ModelAPIError"


def test_a_story_left_out_of_a_brief_is_an_error_span(
    spans: InMemorySpanExporter, day: list[Article]
) -> None:
    def handler(request: Any) -> Any:
        if day[0].text[:60] in request.user_text:
            raise server_error(500)
        from briefer.testing import computed_reply

        return computed_reply(request)

    brief = Briefer(client=FakeClient(handler=handler), model="fake", mode="json_schema").brief(day)
    assert len(brief.not_included) == 1
    failed = [
        s
        for s in _named(spans, "invoke_workflow story")
        if s.status.status_code == StatusCode.ERROR
    ]
    assert [(s.attributes or {})["briefer.included"] for s in failed] == [False]


def test_the_server_address_never_carries_credentials(
    spans: InMemorySpanExporter, seed_text: str
) -> None:
    client = FakeClient()
    client.base_url = "https://user:s3cret@llm.example.org:8443/v1?key=s3cret"
    Briefer(client=client, model="fake").summarize(seed_text)
    (call,) = _named(spans, "chat fake")
    assert (call.attributes or {})["server.address"] == "llm.example.org"
    assert (call.attributes or {})["server.port"] == 8443
    assert "s3cret" not in json.dumps(
        [dict(s.attributes or {}) for s in spans.get_finished_spans()]
    )


def test_briefer_tracing_off_emits_nothing(
    spans: InMemorySpanExporter, seed_text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BRIEFER_TRACING", "off")
    monkeypatch.setattr(briefer.tracing, "_enabled", None)
    Briefer(client=FakeClient(), model="fake").summarize(seed_text)
    assert spans.get_finished_spans() == ()
    monkeypatch.setattr(briefer.tracing, "_enabled", None)  # let later tests check again


# A process where opentelemetry is not installed: a finder that refuses it.
_WITHOUT_OTEL = """
import importlib.abc, sys
class NoOtel(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name == "opentelemetry" or name.startswith("opentelemetry."):
            raise ModuleNotFoundError(name)
        return None
sys.meta_path.insert(0, NoOtel())
from briefer import Briefer
from briefer.testing import FakeClient
import briefer.tracing
articles = [open(sys.argv[1]).read()] * 2
summary = Briefer(client=FakeClient(), model="fake").summarize(articles[0])
Briefer(client=FakeClient(), model="fake").brief(articles)
print(briefer.tracing.is_enabled(), summary.metadata.calls,
      any(m.startswith("opentelemetry") for m in sys.modules))
"""


def test_without_the_extra_nothing_is_imported_and_everything_runs() -> None:
    result = subprocess.run(
        [sys.executable, "-c", _WITHOUT_OTEL, str(SEED)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "1", "False"]
