"""``make demo`` installs only what running needs; ``make test`` adds the developer tools."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from support import ROOT

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")


def _planned(target: str, venv: Path) -> list[str]:
    """The commands ``make TARGET`` would run on a machine with no .venv yet."""
    result = subprocess.run(
        ["make", "-n", target, f"VENV={venv}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.splitlines()


def test_demo_installs_the_package_without_extras(tmp_path: Path) -> None:
    installs = [c for c in _planned("demo", tmp_path / "venv") if "pip install" in c]
    assert installs[-1].endswith("pip install --quiet -e .")
    assert not any("[" in c or "dev" in c for c in installs)


@pytest.mark.parametrize("target", ["test-fast", "lint"])
def test_developer_targets_install_the_dev_extra(target: str, tmp_path: Path) -> None:
    installs = [c for c in _planned(target, tmp_path / "venv") if "pip install" in c]
    assert any("'.[dev," in c for c in installs)
