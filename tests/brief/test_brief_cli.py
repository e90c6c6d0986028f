"""``briefer brief`` with sections, a story limit, the per-source view and ``--since``, run as a
user runs it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from support import DATA

from briefer.schema import DailyBrief

DAYS = DATA / "brief_days"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "BRIEFER_"))}
    env["BRIEFER_CACHE_DIR"] = os.environ["BRIEFER_CACHE_DIR"]
    return subprocess.run(
        [sys.executable, "-m", "briefer", "brief", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def test_help_names_every_option() -> None:
    out = run("--help").stdout
    for option in (
        "--sections",
        "--max-stories",
        "--since",
        "--per-source",
        "--no-discrepancies",
        "--dry-run",
        "--max-cost",
    ):
        assert option in out


def test_sections_and_max_stories_shape_the_brief() -> None:
    result = run(
        str(DAYS / "day2"),
        "--offline",
        "--date",
        "2026-11-25",
        "--sections",
        "sport,other,world",
        "--max-stories",
        "2",
        "-f",
        "json",
        "-q",
    )
    assert result.returncode == 0, result.stderr
    brief = DailyBrief.model_validate_json(result.stdout)
    assert [s.id for s in brief.sections] == ["sport", "other"]
    assert len(brief.stories) == 2
    assert brief.metadata.sections == ["sport", "other", "world"]
    assert brief.metadata.max_stories == 2


def test_since_last_compares_with_the_brief_built_before(tmp_path: Path) -> None:
    first = run(
        str(DAYS / "day1"), "--offline", "--date", "2026-11-24", "-q", "-o", str(tmp_path / "a.md")
    )
    assert first.returncode == 0, first.stderr
    second = run(str(DAYS / "day2"), "--offline", "--date", "2026-11-25", "--since", "last")
    assert second.returncode == 0, second.stderr
    assert "Since Daily brief, 2026-11-24 (2026-11-24):" in second.stdout
    assert "updated" in second.stderr and "dropped out" in second.stderr


def test_since_a_json_file_of_a_previous_brief(tmp_path: Path) -> None:
    yesterday = tmp_path / "yesterday.json"
    first = run(str(DAYS / "day1"), "--offline", "--date", "2026-11-24", "-q", "-o", str(yesterday))
    assert first.returncode == 0, first.stderr
    assert json.loads(yesterday.read_text())["stories"]
    second = run(
        str(DAYS / "day2"), "--offline", "--date", "2026-11-25", "--since", str(yesterday), "-q"
    )
    assert second.returncode == 0, second.stderr
    assert "## Dropped since Daily brief, 2026-11-24" in second.stdout


def test_no_cache_keeps_no_record_so_since_last_has_nothing() -> None:
    first = run(str(DAYS / "day1"), "--offline", "--no-cache", "-q")
    assert first.returncode == 0
    second = run(str(DAYS / "day2"), "--offline", "--since", "last", "-q")
    assert second.returncode == 2
    assert second.stderr.startswith("briefer: error: --since last: no brief has been kept yet")
    assert len(second.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(("--sections", "gossip"), "unknown section 'gossip'", id="section"),
        pytest.param(("--max-stories", "0"), "--max-stories must be at least 1", id="max"),
        pytest.param(("--since", "missing.json"), "missing.json does not exist", id="since"),
        pytest.param(("--per-source", "llm"), "invalid choice", id="per-source"),
    ],
)
def test_bad_options_are_one_line_and_exit_2(args: tuple[str, ...], message: str) -> None:
    result = run(str(DAYS / "day1"), "--offline", *args)
    assert result.returncode == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_dry_run_counts_only_the_stories_chosen_and_per_source_calls() -> None:
    args = (str(DAYS / "day2"), "--dry-run", "--model", "gpt-4o-mini", "--date", "2026-11-25")
    plain = run(*args).stdout
    limited = run(*args, "--max-stories", "2", "--per-source", "model").stdout
    assert "2 stories chosen to summarize" in limited
    assert "source chunk" in limited and "source chunk" not in plain
    assert limited.count("\n  chunk") == 2
