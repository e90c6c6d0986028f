"""Start-up time of the CLI against bare Python: wall time and CPU time of each command.

The machine is shared, so wall time counts other processes' turns too; the CPU time of the
child (user + sys, from ``getrusage``) is what the command itself spent and moves much less
under load. Commands run round-robin (one of each, then again), so a busy spell hits every
command alike, and the best and the median of each are kept.

An installed package has its bytecode compiled (pip does it); a checkout run with
``PYTHONDONTWRITEBYTECODE=1`` would compile every module of briefer from source on every run,
about 100 ms that no user pays. :func:`compile_bytecode` writes the ``.pyc`` files first.
"""

from __future__ import annotations

import compileall
import resource
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from bench.overhead import SEED_ARTICLE

PACKAGE = Path(__file__).resolve().parent.parent / "briefer"


@dataclass(frozen=True)
class StartupResult:
    """Wall and CPU time of one command over several runs, in seconds."""

    name: str
    command: list[str]
    best: float
    median: float
    cpu_best: float
    cpu_median: float
    runs: int
    tool: str = "subprocess timing"


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


def compile_bytecode() -> None:
    """Write briefer's ``.pyc`` files, as installing the package does."""
    compileall.compile_dir(str(PACKAGE), quiet=1)


def _child_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _run_once(command: list[str]) -> tuple[float, float]:
    cpu0, started = _child_cpu(), time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started, _child_cpu() - cpu0


def measure_startup(
    runs: int = 10, *, warmup: int = 2, names: list[str] | None = None
) -> list[StartupResult]:
    """Best and median wall and CPU time of each command, run round-robin."""
    compile_bytecode()
    chosen = [(n, c) for n, c in commands() if names is None or n in names]
    walls: dict[str, list[float]] = {n: [] for n, _ in chosen}
    cpus: dict[str, list[float]] = {n: [] for n, _ in chosen}
    for i in range(warmup + runs):
        for name, command in chosen:
            wall, cpu = _run_once(command)
            if i >= warmup:
                walls[name].append(wall)
                cpus[name].append(cpu)
    return [
        StartupResult(
            name=name,
            command=command,
            best=min(walls[name]),
            median=statistics.median(walls[name]),
            cpu_best=min(cpus[name]),
            cpu_median=statistics.median(cpus[name]),
            runs=runs,
        )
        for name, command in chosen
    ]
