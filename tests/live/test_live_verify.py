"""The model check (verify="model") against the real llama.cpp server with SmolLM2-135M.

What is asserted is what briefer guarantees whatever the model says: the check is one more
structured call that the server answers with a valid reply, its verdicts are applied (a
claim stays only if both checks allow it), and the call is counted in the metadata. How
well a 135M model judges claims is measured in the benchmark (``make bench``), not here.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from live_support import REQUEST_TIMEOUT, RecordingClient
from openai import OpenAI

from briefer import Briefer
from briefer.prompts import verify_request
from briefer.schema import MAX_VERIFY_ITEMS, ArticleSummary, VerifyReply

pytestmark = pytest.mark.live

MAX_OUTPUT_TOKENS = 512
STATEMENTS = [
    (
        "Russian drones struck a grain terminal in Odesa, Ukrainian authorities said.",
        [
            "Russian drones struck a grain terminal in the port of Odesa overnight into Tuesday, "
            "Ukraine's regional authorities said."
        ],
    ),
    (
        "Ukrainian drones struck a grain terminal in Moscow.",
        [
            "Russian drones struck a grain terminal in the port of Odesa overnight into Tuesday, "
            "Ukraine's regional authorities said."
        ],
    ),
]


def _briefer(client: Any, server: Any) -> Briefer:
    return Briefer(
        client=client,
        model=server.model,
        verify="model",
        max_output_tokens=MAX_OUTPUT_TOKENS,
        temperature=0.0,
        context_window=server.n_ctx,
    )


@pytest.fixture(scope="module")
def verified_run(
    llama_server: Any, seed_text: str
) -> Iterator[tuple[ArticleSummary, RecordingClient]]:
    with OpenAI(
        base_url=llama_server.base_url,
        api_key="sk-no-key",
        max_retries=0,
        timeout=REQUEST_TIMEOUT,
    ) as sdk:
        recorder = RecordingClient(sdk)
        yield _briefer(recorder, llama_server).summarize(seed_text), recorder


def test_the_server_answers_the_model_check_with_a_valid_reply(
    recording_client: RecordingClient, llama_server: Any
) -> None:
    briefer = _briefer(recording_client, llama_server)

    result = briefer.call(
        verify_request(briefer.prompts, STATEMENTS), VerifyReply, template="verify"
    )

    assert isinstance(result.value, VerifyReply)
    assert all(
        c.verdict in ("supported", "contradicted", "not_in_text") for c in result.value.checks
    )
    assert len(result.value.checks) <= MAX_VERIFY_ITEMS


def test_summary_with_the_model_check_counts_it_and_applies_both_verdicts(
    verified_run: tuple[ArticleSummary, RecordingClient],
) -> None:
    summary, recorder = verified_run
    report = summary.metadata.grounding
    assert report is not None and report.verify == "model"
    made = 1 if report.model_checked else 0
    assert summary.metadata.calls == 1 + made
    assert summary.metadata.usage == recorder.usage
    # Every claim still standing passed the lexical check and the model's.
    for claim in summary.key_claims:
        assert claim.evidence is not None and claim.evidence.verified
        if report.model_failed is None and made:
            assert claim.evidence.model_verdict == "supported"
    assert report.checked == report.verified + len(report.dropped)


def test_estimate_bounds_the_model_check_the_server_was_sent(
    verified_run: tuple[ArticleSummary, RecordingClient], llama_server: Any, seed_text: str
) -> None:
    summary, recorder = verified_run
    report = summary.metadata.grounding
    if report is None or not report.model_checked:
        pytest.skip("the small model's summary left nothing for the model check to check")
    briefer = Briefer(
        engine="model",
        model=llama_server.model,
        verify="model",
        max_output_tokens=MAX_OUTPUT_TOKENS,
        context_window=llama_server.n_ctx,
    )
    planned = [c for c in briefer.estimate(seed_text).calls if c.kind == "verify"]
    sent = [c for c in recorder.calls if c.usage is not None][-1]
    assert planned and sent.usage is not None
    assert sent.usage.prompt_tokens <= planned[0].prompt_tokens
