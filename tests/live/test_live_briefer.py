"""briefer against the real llama-cpp-python server: negotiation, usage, grounding, CLI, errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import unicodedata
from collections.abc import Iterator
from typing import Any

import pytest
from live_support import REQUEST_TIMEOUT, SEED, RecordingClient
from openai import OpenAI

from briefer import Briefer
from briefer.errors import ContextOverflowError, TruncatedOutputError, UnsupportedFormatError
from briefer.llm import CallSettings, call_structured
from briefer.schema import ArticleSummary, SummaryContent

pytestmark = pytest.mark.live

MAX_OUTPUT_TOKENS = 1024


def _briefer(client: Any, server: Any) -> Briefer:
    return Briefer(
        client=client,
        model=server.model,
        mode="auto",
        grounding="drop",
        max_output_tokens=MAX_OUTPUT_TOKENS,
        temperature=0.0,
        context_window=server.n_ctx,
    )


def _fold(text: str) -> str:
    """Quotes, dashes, white space and case folded, so a plain substring test is fair."""
    table = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})
    table.update(str.maketrans({"\u2013": "-", "\u2014": "-", "\u00a0": " "}))
    text = unicodedata.normalize("NFKC", text).translate(table)
    return " ".join(text.split()).casefold()


@pytest.fixture(scope="module")
def seed_run(llama_server: Any, seed_text: str) -> Iterator[tuple[ArticleSummary, RecordingClient]]:
    """One summary of the seed article (the slow part), shared by the tests that inspect it."""
    with OpenAI(
        base_url=llama_server.base_url,
        api_key="sk-no-key",
        max_retries=0,
        timeout=REQUEST_TIMEOUT,
    ) as sdk:
        recorder = RecordingClient(sdk)
        yield _briefer(recorder, llama_server).summarize(seed_text), recorder


def test_auto_mode_settles_on_json_object_after_json_schema_is_refused(
    seed_run: tuple[ArticleSummary, RecordingClient],
) -> None:
    summary, recorder = seed_run
    first = recorder.calls[0]
    assert summary.metadata.mode == "json_object"
    assert first.kwargs["response_format"]["type"] == "json_schema"
    assert getattr(first.error, "status_code", None) == 500
    assert recorder.calls[1].kwargs["response_format"]["type"] == "json_object"


def test_usage_is_what_the_server_reported_summed_over_attempts(
    seed_run: tuple[ArticleSummary, RecordingClient],
) -> None:
    summary, recorder = seed_run
    assert summary.metadata.usage == recorder.usage
    assert summary.metadata.usage.completion_tokens > 0
    assert summary.metadata.attempts == len(recorder.calls)
    assert summary.metadata.calls == 1


def test_grounding_drop_keeps_only_quotes_found_in_the_article(
    seed_run: tuple[ArticleSummary, RecordingClient], seed_text: str
) -> None:
    summary, _ = seed_run
    article = _fold(seed_text)
    for expert in summary.quoted_experts:
        assert _fold(expert.quote) in article, expert.quote
        assert _fold(expert.name) in article, expert.name


def test_grounding_drop_keeps_only_people_named_in_the_article(
    seed_run: tuple[ArticleSummary, RecordingClient], seed_text: str
) -> None:
    summary, _ = seed_run
    article = _fold(seed_text)
    people = [actor.name for actor in summary.actors if actor.kind == "person"]
    assert [name for name in people if _fold(name) not in article] == []


def test_grounding_report_accounts_for_what_was_dropped(
    seed_run: tuple[ArticleSummary, RecordingClient],
) -> None:
    report = seed_run[0].metadata.grounding
    assert report is not None and report.policy == "drop"
    assert report.checked == report.verified + len(report.dropped)


async def test_asummarize_with_an_async_client(
    async_recording_client: RecordingClient, llama_server: Any, seed_text: str
) -> None:
    briefer = _briefer(async_recording_client, llama_server)
    summary = await briefer.asummarize(seed_text)
    assert summary.metadata.mode == "json_object"
    assert summary.metadata.usage == async_recording_client.usage
    assert summary.metadata.attempts == len(async_recording_client.calls)


def test_cli_summarize_prints_the_summary_as_json(llama_server: Any) -> None:
    env = dict(os.environ)  # the autouse fixture has removed OPENAI_* and BRIEFER_* settings
    command = [
        sys.executable,
        "-m",
        "briefer",
        "summarize",
        str(SEED),
        "--base-url",
        llama_server.base_url,
        "--model",
        llama_server.model,
        "--context-window",
        str(llama_server.n_ctx),
        "--max-output-tokens",
        str(MAX_OUTPUT_TOKENS),
        "--format",
        "json",
    ]
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    assert done.returncode == 0, done.stderr
    summary = ArticleSummary.model_validate(json.loads(done.stdout))
    assert summary.metadata.engine == "model"
    assert summary.metadata.mode == "json_object"
    assert summary.metadata.model == llama_server.model


def test_forcing_json_schema_mode_is_an_unsupported_format_error(
    recording_client: RecordingClient, llama_server: Any
) -> None:
    with pytest.raises(UnsupportedFormatError) as caught:
        call_structured(
            recording_client,
            settings=CallSettings(
                model=llama_server.model, mode="json_schema", max_output_tokens=64
            ),
            messages=[{"role": "user", "content": "Summarize: the library reopened on Monday."}],
            output_type=SummaryContent,
        )
    assert caught.value.attempts == 1
    assert len(recording_client.calls) == 1


def test_reply_cut_off_twice_is_a_truncated_output_error_with_its_usage(
    recording_client: RecordingClient, llama_server: Any, seed_text: str
) -> None:
    with pytest.raises(TruncatedOutputError) as caught:
        call_structured(
            recording_client,
            settings=CallSettings(
                model=llama_server.model, mode="json_object", max_output_tokens=16, temperature=0.0
            ),
            messages=[
                {"role": "system", "content": "Summarize the article as JSON."},
                {"role": "user", "content": seed_text},
            ],
            output_type=SummaryContent,
        )
    # One retry with twice the room, then the error, carrying what both attempts cost.
    assert caught.value.max_output_tokens == 32
    assert caught.value.attempts == 2
    assert [c.kwargs["max_tokens"] for c in recording_client.calls] == [16, 32]
    assert caught.value.usage == recording_client.usage
    assert caught.value.usage.completion_tokens == 16 + 32


def test_prompt_longer_than_the_context_is_a_context_overflow_error(
    client: OpenAI, llama_server: Any, seed_text: str
) -> None:
    with pytest.raises(ContextOverflowError) as caught:
        call_structured(
            client,
            settings=CallSettings(model=llama_server.model, mode="auto", max_output_tokens=64),
            messages=[{"role": "user", "content": seed_text * 12}],
            output_type=SummaryContent,
        )
    assert caught.value.status_code == 400
    assert "maximum context length" in str(caught.value)


def test_an_unknown_model_name_is_still_answered(client: OpenAI) -> None:
    # llama-cpp-python serves its one model whatever name is asked for (see test_live_server),
    # so briefer cannot warn about a typo in --model on this server.
    result = call_structured(
        client,
        settings=CallSettings(
            model="no-such-model", mode="json_object", max_output_tokens=512, temperature=0.0
        ),
        messages=[{"role": "user", "content": "Summarize: the library reopened on Monday."}],
        output_type=SummaryContent,
    )
    assert result.mode == "json_object"
    assert result.value.lede
