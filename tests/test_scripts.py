"""``make test``'s helpers: an optional Chromium that fails to install does not stop the run
(except under CI), and the llama.cpp build says what it is doing and how long it takes."""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest
from support import ROOT

CHROMIUM = ROOT / "scripts" / "ensure_chromium.sh"


def _stub(folder: Path, name: str, script: str) -> None:
    path = folder / name
    path.write_text(f"#!/bin/sh\n{script}\n")
    path.chmod(0o755)


def _ensure_chromium(
    tmp: Path, *, root: bool, apt: str | None, ci: bool
) -> subprocess.CompletedProcess[str]:
    """Run the script with only the given commands on PATH (no real chromium, no real apt)."""
    bin_dir = tmp / "bin"
    bin_dir.mkdir()
    for tool in ("mktemp", "tail", "rm"):
        found = shutil.which(tool)
        assert found, tool
        (bin_dir / tool).symlink_to(found)
    _stub(bin_dir, "id", f"echo {0 if root else 1000}")
    if apt is not None:
        _stub(bin_dir, "apt-get", apt)
    env = {"PATH": str(bin_dir), "HOME": str(tmp)}
    if ci:
        env["CI"] = "true"
    bash = shutil.which("bash") or "/bin/bash"
    return subprocess.run(
        [bash, str(CHROMIUM)], env=env, capture_output=True, text=True, timeout=60, check=False
    )


APT_FAILS = 'echo "E: Unable to locate package chromium" >&2; exit 100'


@pytest.mark.parametrize(
    ("root", "apt"),
    [
        pytest.param(True, APT_FAILS, id="apt-error-100"),
        pytest.param(False, APT_FAILS, id="not-root"),
        pytest.param(True, None, id="no-apt-get"),
    ],
)
def test_a_chromium_that_cannot_be_installed_warns_and_lets_the_tests_run(
    tmp_path: Path, root: bool, apt: str | None
) -> None:
    result = _ensure_chromium(tmp_path, root=root, apt=apt, ci=False)
    assert result.returncode == 0, result.stderr
    assert "warning: " in result.stderr
    assert "the browser test will be skipped" in result.stderr


@pytest.mark.parametrize(
    ("root", "apt"),
    [pytest.param(True, APT_FAILS, id="apt-error-100"), pytest.param(False, None, id="not-root")],
)
def test_under_ci_a_chromium_that_cannot_be_installed_stops_the_run(
    tmp_path: Path, root: bool, apt: str | None
) -> None:
    result = _ensure_chromium(tmp_path, root=root, apt=apt, ci=True)
    assert result.returncode == 1
    assert "error: " in result.stderr and "CI is set" in result.stderr


def test_an_apt_failure_shows_what_apt_said(tmp_path: Path) -> None:
    result = _ensure_chromium(tmp_path, root=True, apt=APT_FAILS, ci=False)
    assert "E: Unable to locate package chromium" in result.stderr
    assert "apt-get exit 100" in result.stderr


def test_make_test_installs_the_quick_optional_browser_before_the_long_build() -> None:
    makefile = (ROOT / "Makefile").read_text()
    prerequisites = re.search(r"^test: (.*)$", makefile, re.MULTILINE)
    assert prerequisites is not None
    parts = prerequisites[1].split()
    assert parts.index("browser") < parts.index("live-server")


def _llama_server() -> ModuleType:
    if "llama_server" in sys.modules:  # loaded already, as the live tests load it
        return sys.modules["llama_server"]
    path = ROOT / "scripts" / "llama_server.py"
    spec = importlib.util.spec_from_file_location("llama_server", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["llama_server"] = module  # dataclasses look their module up here
    spec.loader.exec_module(module)
    return module


def test_a_long_build_prints_progress_while_it_runs(capsys: pytest.CaptureFixture[str]) -> None:
    script = (
        "import time; print('Collecting llama-cpp-python', flush=True); "
        "time.sleep(1); print('noise')"
    )
    code = _llama_server().run_with_progress([sys.executable, "-c", script], every=0.05)
    out = capsys.readouterr().out
    assert code == 0
    assert "[llama_server] pip: Collecting llama-cpp-python" in out
    assert "[llama_server] still working: 0 min 00 s so far" in out
    assert "noise" not in out


def test_a_failed_build_shows_the_end_of_its_output(capsys: pytest.CaptureFixture[str]) -> None:
    script = "import sys; print('error: cmake not found'); sys.exit(3)"
    code = _llama_server().run_with_progress([sys.executable, "-c", script], every=5)
    assert code == 3
    assert "error: cmake not found" in capsys.readouterr().err


def test_readme_makefile_and_script_agree_on_how_long_the_build_takes() -> None:
    minutes = _llama_server().BUILD_MINUTES
    sources = {
        "README.md": (ROOT / "README.md").read_text(),
        "Makefile": (ROOT / "Makefile").read_text(),
        "scripts/llama_server.py": (ROOT / "scripts" / "llama_server.py").read_text(),
        "docs/providers.md": (ROOT / "docs" / "providers.md").read_text(),
    }
    for name, text in sources.items():
        claims = re.findall(r"about (\d+)(?:[–-]\d+)? minutes", text)
        assert claims, name
        assert {int(c) for c in claims} == {minutes}, (name, claims)
    assert os.path.exists(CHROMIUM)
