"""Running the briefer command as a user does, for the CLI tests (imported by them)."""

from __future__ import annotations

import os
import subprocess
import sys
from typing import IO, Any


def run_briefer(
    *args: str,
    env: dict[str, str] | None = None,
    stdout: IO[Any] | int | None = None,
    timeout: float = 120,
) -> subprocess.CompletedProcess[str]:
    """``python -m briefer ARGS`` with this test's cache and no OPENAI_/BRIEFER_ settings."""
    full_env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "BRIEFER_"))}
    full_env["BRIEFER_CACHE_DIR"] = os.environ["BRIEFER_CACHE_DIR"]
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "briefer", *args],
        stdout=subprocess.PIPE if stdout is None else stdout,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
        env=full_env,
        timeout=timeout,
        check=False,
    )


def one_error_line(result: subprocess.CompletedProcess[str]) -> str:
    """The single ``briefer: error:`` line a failed run printed, and nothing else."""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("briefer: error: "), result.stderr
    assert "Traceback" not in result.stderr
    return lines[0]
