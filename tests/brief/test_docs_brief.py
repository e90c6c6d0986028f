"""docs/brief.md: its Python example prints what the page says, and docs/sample-brief.md is
what the command on the page makes today."""

from __future__ import annotations

import contextlib
import io
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from support import ROOT

PAGE = ROOT / "docs" / "brief.md"


def _examples() -> list[tuple[str, str]]:
    text = PAGE.read_text(encoding="utf-8")
    return re.findall(r"```python\n(.*?)```\n\nprints\n\n```\n(.*?)```", text, re.DOTALL)


def test_the_page_has_an_example_with_its_output() -> None:
    assert len(_examples()) >= 1


@pytest.mark.parametrize("example", _examples())
def test_each_python_example_prints_what_the_page_says(
    example: tuple[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, expected = example
    monkeypatch.chdir(ROOT)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, str(PAGE), "exec"), {"__name__": "docs_example"})
    assert out.getvalue() == expected


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "BRIEFER_"))}
    env["BRIEFER_CACHE_DIR"] = os.environ["BRIEFER_CACHE_DIR"]
    return subprocess.run(
        [sys.executable, "-m", "briefer", "brief", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
        check=False,
    )


def test_the_sample_brief_is_what_the_documented_command_makes(tmp_path: Path) -> None:
    text = PAGE.read_text(encoding="utf-8")
    block = text.split("## Sample", 1)[1].split("```sh\n", 1)[1].split("```", 1)[0]
    commands = [shlex.split(line) for line in block.replace("\\\n", " ").strip().splitlines()]
    outputs = {"/tmp/tuesday.json": str(tmp_path / "tuesday.json")}
    sample = tmp_path / "sample-brief.md"
    for command in commands:
        assert command[:2] == ["briefer", "brief"]
        args = [outputs.get(a, a) for a in command[2:]]
        args = [str(sample) if a == "docs/sample-brief.md" else a for a in args]
        result = _run(*args, "-q")
        assert result.returncode == 0, result.stderr
    committed = (ROOT / "docs" / "sample-brief.md").read_text(encoding="utf-8")
    assert sample.read_text(encoding="utf-8") == committed
