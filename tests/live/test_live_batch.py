"""The Batch API path against the real llama-cpp-python server, run the way a batch runner runs.

``briefer brief --batch-export`` writes the requests (no model call); each line's body is
POSTed to the server as OpenAI's, Azure's or vLLM's runner would, and the answers written as
a Batch API output file; ``--batch-import`` reads them (and exports the next round, never
calling the model itself) until the brief is written.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from live_support import REQUEST_TIMEOUT, SEED

from briefer.articles import read_articles
from briefer.schema import DailyBrief

pytestmark = pytest.mark.live

ARTICLES = Path(__file__).resolve().parents[1] / "data" / "articles"


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "BRIEFER_"))}
    env["BRIEFER_CACHE_DIR"] = os.environ["BRIEFER_CACHE_DIR"]
    return subprocess.run(
        [sys.executable, "-m", "briefer", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def _run_batch(requests: Path, results: Path, server: Any) -> int:
    """POST each request line to the server and write its answer as a Batch API output line."""
    root = server.base_url.removesuffix("/v1")
    lines = []
    for number, text in enumerate(requests.read_text(encoding="utf-8").splitlines()):
        request = json.loads(text)
        post = urllib.request.Request(
            root + request["url"],
            data=json.dumps(request["body"]).encode("utf-8"),
            headers={"Content-Type": "application/json", "Authorization": "Bearer sk-no-key"},
            method=request["method"],
        )
        try:
            with urllib.request.urlopen(post, timeout=REQUEST_TIMEOUT) as answer:
                status, body = answer.status, json.loads(answer.read())
        except urllib.error.HTTPError as exc:
            status, body = exc.code, {"error": {"message": exc.read().decode("utf-8", "replace")}}
        response = {"status_code": status, "request_id": f"req-{number}", "body": body}
        lines.append(json.dumps({"id": f"batch_req_{number}", "custom_id": request["custom_id"],
                                 "response": response, "error": None}))  # fmt: skip
    results.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(lines)


def test_a_brief_from_exported_requests_run_by_a_batch_runner(
    llama_server: Any, tmp_path: Path
) -> None:
    inputs = [str(SEED), str(ARTICLES / "02_straight_quotes.txt")]
    model = [
        "--model", llama_server.model, "--base-url", llama_server.base_url,
        "--mode", "json_object", "--context-window", str(llama_server.n_ctx),
        "--max-output-tokens", "512", "--format", "json",
    ]  # fmt: skip
    target = tmp_path / "brief.json"
    imported: list[str] = []
    sent = 0
    for number in range(1, 6):
        requests = tmp_path / f"round{number}.jsonl"
        result = _cli("brief", *inputs, *model, *imported, "--batch-export", str(requests),
                      "-o", str(target))  # fmt: skip
        assert result.returncode in (0, 1), result.stderr
        if target.exists():
            break
        assert requests.exists(), result.stderr
        results = tmp_path / f"results{number}.jsonl"
        sent += _run_batch(requests, results, llama_server)
        imported += ["--batch-import", str(results)]
    brief = DailyBrief.model_validate_json(target.read_text(encoding="utf-8"))
    assert len(brief.stories) + len(brief.not_included) == len(inputs)
    assert brief.stories, [n.reason for n in brief.not_included]
    assert brief.metadata.calls == sent  # every call answered from the batch, none live
    assert brief.metadata.usage.total_tokens > 0
    texts = {a.id: a.text for a in read_articles(inputs).articles}
    for story in brief.stories:
        text = " ".join(texts[story.summary.article_id or ""].split())
        for expert in story.summary.quoted_experts:  # grounding dropped what is not there
            for quote in expert.quotes:
                assert " ".join(quote.split())[:40] in text
