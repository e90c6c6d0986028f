"""The briefer command, run as a user runs it: a subprocess, its stdout, stderr and exit code."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from support import BRIEF_DAY, ROOT

from briefer.schema import ArticleSummary

SEED = ROOT / "seeds" / "000_9257439dfe81132e.txt"
# A model server that is not there: nothing listens on the discard port.
CLOSED_SERVER = ("--base-url", "http://127.0.0.1:9/v1", "--model", "m", "--max-retries", "0")


def run(
    *args: str, stdin: bytes | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    full_env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "BRIEFER_"))}
    full_env["BRIEFER_CACHE_DIR"] = os.environ["BRIEFER_CACHE_DIR"]  # the test's own, not ~/.cache
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "briefer", *args],
        input=stdin.decode("utf-8", "surrogateescape") if stdin is not None else None,
        capture_output=True,
        text=True,
        env=full_env,
        timeout=120,
        check=False,
    )


def test_summarize_with_no_key_runs_offline_and_says_so() -> None:
    result = run("summarize", str(SEED), "--format", "json")
    assert result.returncode == 0, result.stderr
    summary = ArticleSummary.model_validate_json(result.stdout)
    assert summary.metadata.engine == "offline"
    assert {e.name for e in summary.quoted_experts} == {"Rob Lee", "Jens Stoltenberg"}
    assert result.stderr.strip() == (
        "briefer: no OPENAI_API_KEY or --base-url: using the offline engine (no model)"
    )


def test_json_output_is_exactly_the_summary_dump() -> None:
    result = run("summarize", str(SEED), "--format", "json", "--quiet")
    data = json.loads(result.stdout)
    assert set(data) == set(ArticleSummary.model_fields)
    assert result.stderr == ""


def test_markdown_is_the_default_and_reads_as_a_brief() -> None:
    result = run("summarize", str(SEED), "-q")
    assert result.returncode == 0
    assert result.stdout.startswith("# ")
    for heading in ("## Key claims", "## Actors", "## Quoted experts"):
        assert heading in result.stdout


def test_stdin_is_read_with_a_dash() -> None:
    result = run("summarize", "-", "--offline", "-f", "json", stdin=SEED.read_bytes())
    assert result.returncode == 0, result.stderr
    assert ArticleSummary.model_validate_json(result.stdout).key_claims


def test_output_file_takes_its_format_from_the_suffix(tmp_path: Path) -> None:
    target = tmp_path / "out.html"
    result = run("summarize", str(SEED), "--offline", "-o", str(target))
    assert result.returncode == 0, result.stderr
    assert target.read_text(encoding="utf-8").lstrip().lower().startswith("<!doctype html>")
    assert result.stdout == ""


def _bad_inputs(tmp: Path) -> dict[str, Path]:
    (tmp / "empty.txt").write_text("")
    (tmp / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (tmp / "latin1.txt").write_bytes(
        "Le ministre a déclaré que la réforme était prête.".encode("latin-1")
    )
    huge = tmp / "huge.txt"
    with huge.open("wb") as f:
        f.truncate(50 * 1024 * 1024)
    (tmp / "scripts.html").write_text(
        "<html><head><script>alert('x')</script></head>"
        "<body><script>var a=1;</script></body></html>"
    )
    return {
        "missing": tmp / "nope.txt",
        "empty": tmp / "empty.txt",
        "binary": tmp / "binary.txt",
        "latin1": tmp / "latin1.txt",
        "huge": huge,
        "html-only-scripts": tmp / "scripts.html",
        "directory": tmp,
    }


@pytest.mark.parametrize(
    "case", ["missing", "empty", "binary", "latin1", "huge", "html-only-scripts", "directory"]
)
def test_bad_input_gives_one_line_and_exit_2(case: str, tmp_path: Path) -> None:
    path = _bad_inputs(tmp_path)[case]
    result = run("summarize", str(path), "--offline")
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("briefer: error: ")
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        pytest.param(["summarize"], id="no-input"),
        pytest.param(["summarize", str(SEED), "--format", "pdf"], id="bad-format"),
        pytest.param(["summarize", str(SEED), "--grounding", "maybe"], id="bad-grounding"),
        pytest.param(
            ["summarize", str(SEED), "--base-url", "http://127.0.0.1:9/v1"], id="no-model"
        ),
        pytest.param(["summarize", "ftp://example.com/a.txt"], id="bad-url-scheme"),
        pytest.param(["brief", str(SEED), "--date", "yesterday"], id="bad-date"),
    ],
)
def test_usage_mistakes_give_one_line_and_exit_2(args: list[str]) -> None:
    result = run(*args)
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "Traceback" not in result.stderr


def test_a_server_that_is_down_gives_one_line_and_exit_1() -> None:
    result = run("summarize", str(SEED), *CLOSED_SERVER, "--timeout", "5")
    assert result.returncode == 1
    assert result.stderr.strip().startswith("briefer: error: cannot reach the model server")
    assert len(result.stderr.strip().splitlines()) == 1


def test_the_api_key_never_reaches_output_or_errors() -> None:
    secret = "sk-test-SECRET-1234567890"
    result = run("summarize", str(SEED), *CLOSED_SERVER, "-vv", env={"OPENAI_API_KEY": secret})
    assert secret not in result.stdout + result.stderr


def test_schema_prints_the_strict_json_schema() -> None:
    result = run("schema")
    schema = json.loads(result.stdout)
    assert schema["additionalProperties"] is False
    assert set(schema["required"]) == {
        "lede",
        "key_claims",
        "actors",
        "quoted_experts",
        "open_questions",
        "section",
    }


def test_prompts_list_shows_every_template() -> None:
    result = run("prompts", "list")
    names = [line.split("\t")[0] for line in result.stdout.splitlines()]
    assert names == [
        "brief.j2",
        "ground_reask.j2",
        "merge.j2",
        "reask.j2",
        "summarize.j2",
        "system.j2",
        "verify.j2",
    ]


def test_prompts_render_shows_the_exact_messages_without_a_model() -> None:
    result = run("prompts", "render", str(SEED), "--mode", "prompt", "--json")
    assert result.returncode == 0, result.stderr
    requests = json.loads(result.stdout)
    assert requests[0][1]["content"].count(SEED.read_text(encoding="utf-8")) == 1


def test_help_lists_the_commands() -> None:
    result = run("--help")
    assert result.returncode == 0
    for command in ("summarize", "brief", "schema", "prompts"):
        assert command in result.stdout


DAY = BRIEF_DAY


def test_brief_over_a_folder_writes_one_document_and_exits_0(tmp_path: Path) -> None:
    target = tmp_path / "brief.md"
    result = run("brief", str(DAY), "--offline", "--date", "2026-11-25", "-o", str(target))
    assert result.returncode == 0, result.stderr
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# Daily brief, 2026-11-25")
    assert "## Top lines" in text and "## Who's who" in text


def test_brief_exits_1_and_lists_what_it_could_not_read(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text("Bridge reopens\n\nThe bridge reopened on Monday.")
    (tmp_path / "bad.txt").write_bytes(b"\x00\x01binary")
    result = run("brief", str(tmp_path), "--offline", "-f", "json")
    assert result.returncode == 1
    brief = json.loads(result.stdout)
    assert len(brief["stories"]) == 1
    assert [n["source"] for n in brief["not_included"]] == [str(tmp_path / "bad.txt")]
    assert "not included: " in result.stderr


def test_brief_dry_run_plans_without_calling() -> None:
    result = run(
        "brief",
        str(DAY),
        "--dry-run",
        "--base-url",
        "http://127.0.0.1:9/v1",
        "--model",
        "gpt-4o-mini",
    )
    assert result.returncode == 0, result.stderr
    first = result.stdout.splitlines()[0]
    assert first.startswith("34 articles -> ") and "duplicates merged" in first
    assert "estimated cost at most $" in result.stdout.splitlines()[-1]


def test_brief_dry_run_prices_a_named_model_without_an_api_key() -> None:
    result = run("brief", str(DAY), "--dry-run", "--model", "gpt-4o-mini")
    assert result.returncode == 0, result.stderr
    assert "offline" not in result.stdout + result.stderr
    assert "(model gpt-4o-mini)" in result.stdout.splitlines()[-1]
    assert "estimated cost at most $" in result.stdout.splitlines()[-1]


def test_brief_dry_run_counts_the_grounding_reask() -> None:
    plain = run("brief", str(DAY), "--dry-run", "--model", "gpt-4o-mini")
    reask = run("brief", str(DAY), "--dry-run", "--model", "gpt-4o-mini", "--grounding-reask")
    calls = [int(r.stdout.splitlines()[-1].split()[0]) for r in (plain, reask)]
    assert calls[1] > calls[0]
    assert "only if needed" in reask.stdout.splitlines()[-1]


@pytest.mark.parametrize(
    "args",
    [
        pytest.param(["--temperature", "nan"], id="nan-temperature"),
        pytest.param(["--timeout", "inf"], id="inf-timeout"),
    ],
)
def test_non_finite_numbers_are_usage_errors(args: list[str]) -> None:
    result = run("summarize", str(SEED), *CLOSED_SERVER, *args)
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert "finite number" in result.stderr


def test_an_unwritable_output_leaves_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "out"
    target.mkdir()
    result = run("summarize", str(SEED), "--offline", "-q", "-o", str(target))
    assert result.returncode == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_prompts_without_an_action_is_a_usage_error() -> None:
    result = run("prompts")
    assert result.returncode == 2
    assert result.stderr.startswith("briefer: error: ")
