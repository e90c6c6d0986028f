"""``briefer brief --batch-export, --batch-import, --batch`` and ``briefer batch``, as run."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from support import BRIEF_DAY

from briefer.cli import main
from briefer.testing import FakeBatchRun, FakeClient

DAY = str(BRIEF_DAY)
MODEL = ("--model", "gpt-4o-mini")


def run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "BRIEFER_"))}
    env["BRIEFER_CACHE_DIR"] = os.environ["BRIEFER_CACHE_DIR"]  # the test's own
    return subprocess.run(
        [sys.executable, "-m", "briefer", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def answer(requests: Path, results: Path) -> int:
    """Run a batch input file as a batch runner would, with FakeClient as the model."""
    client = FakeClient()
    lines = []
    for text in requests.read_text(encoding="utf-8").splitlines():
        request = json.loads(text)
        reply = client.chat.completions.create(**request["body"])
        response = {"status_code": 200, "request_id": "r", "body": reply.model_dump()}
        lines.append(json.dumps({"custom_id": request["custom_id"], "response": response}))
    results.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(lines)


def test_export_then_import_rounds_write_the_brief_with_no_live_call(tmp_path: Path) -> None:
    first, second = tmp_path / "round1.jsonl", tmp_path / "round2.jsonl"
    exported = run("brief", DAY, *MODEL, "--batch-export", str(first))
    assert exported.returncode == 0, exported.stderr
    assert exported.stdout == ""
    assert f"wrote 27 requests to {first}" in exported.stderr
    answer(first, tmp_path / "out1.jsonl")
    waiting = run("brief", DAY, *MODEL, "--batch-import", str(tmp_path / "out1.jsonl"))
    assert waiting.returncode == 2
    assert "1 requests still need a reply" in waiting.stderr.splitlines()[-1]
    nxt = run(
        "brief", DAY, *MODEL, "--batch-import", str(tmp_path / "out1.jsonl"),
        "--batch-export", str(second),
    )  # fmt: skip
    assert nxt.returncode == 0, nxt.stderr
    assert answer(second, tmp_path / "out2.jsonl") == 1  # the top lines
    target = tmp_path / "brief.md"
    done = run(
        "brief", DAY, *MODEL, "--batch-import", str(tmp_path / "out2.jsonl"), "-o", str(target)
    )
    assert done.returncode == 0, done.stderr
    assert target.read_text(encoding="utf-8").startswith("# Daily brief")
    assert "28 calls answered from batch results" in done.stderr


def test_batch_export_never_replaces_an_input_and_writes_through_a_symlink(
    tmp_path: Path,
) -> None:
    day = tmp_path / "day"
    day.mkdir()
    article = day / "a.txt"
    article.write_text((BRIEF_DAY / sorted(p.name for p in BRIEF_DAY.glob("*.txt"))[0]).read_text())
    before = article.read_bytes()
    refused = run("brief", str(day), *MODEL, "--batch-export", str(article))
    assert refused.returncode == 2
    assert "is also an input" in refused.stderr.strip().splitlines()[-1]
    assert article.read_bytes() == before
    target, link = tmp_path / "requests.jsonl", tmp_path / "link.jsonl"
    target.write_text("")
    link.symlink_to(target)
    written = run("brief", str(day), *MODEL, "--batch-export", str(link))
    assert written.returncode == 0, written.stderr
    assert link.is_symlink()
    assert json.loads(target.read_text(encoding="utf-8").splitlines()[0])["custom_id"]


def test_dry_run_prices_the_batch_at_the_batch_rate() -> None:
    live = run("brief", DAY, *MODEL, "--dry-run")
    batch = run("brief", DAY, *MODEL, "--dry-run", "--batch-export", "x.jsonl")
    cost = [float(r.stdout.split("at most $")[1].split()[0]) for r in (live, batch)]
    assert cost[1] == pytest.approx(cost[0] / 2, abs=1e-4)
    assert "at the Batch API rate" in batch.stdout
    assert not Path("x.jsonl").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(("--batch", "--batch-export", "x.jsonl"), "without --batch-export", id="both"),
        pytest.param(("--batch", "--offline"), "needs a model", id="offline"),
        pytest.param(("--batch",), "OPENAI_API_KEY", id="no-provider"),
        pytest.param(("--batch-export", "x.jsonl", "--batch-poll", "0"), "--batch-poll", id="poll"),
    ],
)
def test_batch_flags_that_cannot_work_are_one_line_and_exit_2(
    args: tuple[str, ...], message: str
) -> None:
    result = run("brief", DAY, *MODEL, *args)
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert message in result.stderr


@pytest.fixture
def fake_provider(monkeypatch: pytest.MonkeyPatch) -> FakeClient:
    """The OpenAI client the CLI makes is a FakeClient with files and batches."""
    import openai

    client = FakeClient(batch_runs=[FakeBatchRun(status="expired", answered=0.5)])

    class Provider:  # a class, as openai.OpenAI is, that makes the fake
        def __new__(cls, **_: Any) -> Any:
            return client

    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    monkeypatch.setattr(openai, "OpenAI", Provider)
    return client


def test_batch_runs_the_brief_through_the_providers_batches(
    fake_provider: FakeClient, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "brief.md"
    code = main(["brief", DAY, *MODEL, "--batch", "--batch-poll", "0.001", "-o", str(target)])
    assert code == 0, capsys.readouterr().err
    assert target.read_text(encoding="utf-8").startswith("# Daily brief")
    totals = [b.request_counts.total for b in fake_provider.batches.created.values()]
    assert totals[0] == 27 and totals[-1] == 1
    assert sum(totals) > 28  # the expired half went again
    assert "through the Batch API" in capsys.readouterr().err


def test_batch_list_and_cancel(
    fake_provider: FakeClient, capsys: pytest.CaptureFixture[str]
) -> None:
    upload = fake_provider.files.create(file=("x.jsonl", b""), purpose="batch")
    batch: Any = fake_provider.batches.create(
        input_file_id=upload.id, endpoint="/v1/chat/completions", completion_window="24h"
    )
    assert main(["batch", "list"]) == 0
    assert capsys.readouterr().out.startswith(f"{batch.id}\tvalidating\t")
    assert main(["batch", "cancel", batch.id]) == 0
    assert "\tcancelling\t" in capsys.readouterr().out
    assert main(["batch", "cancel", "batch_nope"]) == 1
    assert "HTTP 404" in capsys.readouterr().err


def test_batch_commands_need_a_provider() -> None:
    result = run("batch", "list")
    assert result.returncode == 2
    assert "OPENAI_API_KEY" in result.stderr
