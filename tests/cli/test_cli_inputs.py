"""Hostile inputs from the command line: one error line (summarize), one "Not included" (brief)."""

from __future__ import annotations

import json
import shutil
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from cli_support import one_error_line, run_briefer
from support import SEED

DEEP = 100_000


def _hostile_files(folder: Path) -> dict[str, Path]:
    files = {
        "deep.json": "[" * DEEP + "]" * DEEP,
        "deep-object.json": '{"a":' * DEEP + "1" + "}" * DEEP,
        "rot13.html": '<meta charset="rot13"><p>Le ministre a déclaré',  # written as Latin-1
    }
    paths = {}
    for name, text in files.items():
        path = folder / name
        path.write_text(text, encoding="latin-1" if name.endswith(".html") else "utf-8")
        paths[name] = path
    line = folder / "day.jsonl"
    line.write_text('{"a":' * DEEP + "1" + "}" * DEEP + "\n")
    paths["day.jsonl"] = line
    return paths


@pytest.mark.parametrize("name", ["deep.json", "deep-object.json", "rot13.html", "day.jsonl"])
def test_summarize_of_a_hostile_file_is_one_line_and_exit_2(tmp_path: Path, name: str) -> None:
    path = _hostile_files(tmp_path)[name]
    result = run_briefer("summarize", str(path), "--offline")
    assert result.returncode == 2
    assert one_error_line(result)
    assert result.stdout == ""


def test_a_brief_lists_each_hostile_file_as_not_included(tmp_path: Path) -> None:
    _hostile_files(tmp_path)
    shutil.copy(SEED, tmp_path / "good.txt")
    result = run_briefer("brief", str(tmp_path), "--offline", "-f", "json")
    assert result.returncode == 1, result.stderr
    brief = json.loads(result.stdout)
    assert len(brief["stories"]) == 1
    reasons = {n["source"]: n["reason"] for n in brief["not_included"]}
    assert reasons == {
        "day.jsonl line 1": "JSON nested too deeply (more than about 1,000 levels)",
        "deep-object.json": "JSON nested too deeply (more than about 1,000 levels)",
        "deep.json": "JSON nested too deeply (more than about 1,000 levels)",
        str(tmp_path / "rot13.html"): "not UTF-8 text (byte 0xe9 at offset 40), and its "
        "declared charset 'rot13' is not a text encoding",
    }
    assert "Traceback" not in result.stderr


@pytest.fixture
def web() -> Iterator[str]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
            if self.path == "/ftp":
                self.send_response(302)
                self.send_header("Location", "ftp://files.example/article.txt")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            body = SEED.read_bytes()
            self.send_response(200)
            self.send_header("Content-Type", "text/plain; charset=rot13")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *_: Any) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_a_url_on_a_private_host_is_refused_without_the_flag(web: str) -> None:
    result = run_briefer("summarize", f"{web}/article", "--offline")
    assert result.returncode == 2
    assert "127.0.0.1 is a private address" in one_error_line(result)
    assert "--allow-private-hosts" in result.stderr


def test_allow_private_hosts_summarizes_an_intranet_page(web: str) -> None:
    result = run_briefer("summarize", f"{web}/article", "--offline", "--allow-private-hosts")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("# ")


def test_a_redirect_to_ftp_is_refused_even_with_private_hosts_allowed(web: str) -> None:
    result = run_briefer("summarize", f"{web}/ftp", "--offline", "--allow-private-hosts")
    assert result.returncode == 2
    assert "redirected to ftp://files.example/article.txt" in one_error_line(result)


def test_a_brief_lists_a_refused_url_as_not_included(web: str) -> None:
    result = run_briefer("brief", f"{web}/article", str(SEED), "--offline", "-f", "json")
    assert result.returncode == 1
    [missing] = json.loads(result.stdout)["not_included"]
    assert missing["source"] == f"{web}/article"
    assert "private address" in missing["reason"]
