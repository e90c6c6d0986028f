"""Start-up time of the CLI against bare Python, with hyperfine when it is installed."""

from __future__ import annotations

import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bench.overhead import SEED_ARTICLE


@dataclass(frozen=True)
class StartupResult:
    """Wall time of one command over several runs."""

    name: str
    command: list[str]
    best: float
    median: float
    runs: int
    tool: str


def commands() -> list[tuple[str, list[str]]]:
    """The commands compared: bare Python, ``briefer --help``, an offline summary."""
    briefer = str(Path(sys.executable).with_name("briefer"))
    return [
        ("python -c pass", [sys.executable, "-c", "pass"]),
        ("briefer --help", [briefer, "--help"]),
        (
            f"briefer summarize --offline {SEED_ARTICLE.name}",
            [briefer, "summarize", "--offline", "-q", str(SEED_ARTICLE)],
        ),
    ]


def _with_hyperfine(name: str, command: list[str], runs: int) -> StartupResult:
    with tempfile.TemporaryDirectory() as tmp:
        export = Path(tmp) / "out.json"
        subprocess.run(
            [
                "hyperfine",
                "--style",
                "none",
                "--warmup",
                "2",
                "--runs",
                str(runs),
                "-N",
                "--export-json",
                str(export),
                subprocess.list2cmdline(command),
            ],
            check=True,
            capture_output=True,
        )
        data = json.loads(export.read_text())["results"][0]
    times = data["times"]
    return StartupResult(name, command, min(times), statistics.median(times), runs, "hyperfine")


def _with_subprocess(name: str, command: list[str], runs: int) -> StartupResult:
    times = []
    for i in range(runs + 2):
        started = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if i >= 2:  # two warm-up runs, as with hyperfine
            times.append(time.perf_counter() - started)
    return StartupResult(
        name, command, min(times), statistics.median(times), runs, "subprocess timing"
    )


def measure_startup(
    runs: int = 10, *, use_hyperfine: bool | None = None, names: list[str] | None = None
) -> list[StartupResult]:
    """Best and median wall time of each command."""
    if use_hyperfine is None:
        use_hyperfine = shutil.which("hyperfine") is not None
    measure = _with_hyperfine if use_hyperfine else _with_subprocess
    return [
        measure(name, command, runs)
        for name, command in commands()
        if names is None or name in names
    ]
