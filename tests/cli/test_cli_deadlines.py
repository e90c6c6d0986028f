"""--timeout is a deadline for the whole request, and one stuck story cannot hold up a brief.

The model server here answers at once, except for an article marked STUCK, whose reply it
sends one byte a second (for minutes): the SDK's own timeout, which bounds each read, would
never fire.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from cli_support import one_error_line, run_briefer

VALID = {
    "lede": "The council approved the budget on Monday.",
    "key_claims": [{"text": "The council approved the budget on Monday."}],
    "actors": [],
    "quoted_experts": [],
    "open_questions": [],
}
ARTICLES = {
    "budget.txt": "Budget passes\n\nThe council approved the budget on Monday after a debate.",
    "bridge.txt": "Bridge reopens\n\nThe old bridge reopened to traffic on Tuesday morning.",
    "stuck.txt": "STUCK story\n\nThe STUCK server never finishes this reply, a byte at a time.",
}


def _reply(content: dict[str, Any]) -> bytes:
    choice = {"index": 0, "finish_reason": "stop", "message": {"role": "assistant"}}
    choice["message"]["content"] = json.dumps(content)  # type: ignore[index]
    body = {"id": "c", "object": "chat.completion", "created": 0, "model": "m", "choices": [choice]}
    return json.dumps(body).encode()


@pytest.fixture
def model_server() -> Iterator[str]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self) -> None:  # noqa: N802 - the stdlib's name
            request = self.rfile.read(int(self.headers.get("content-length", 0)))
            lines = {"top_lines": [{"text": "The council approved the budget.", "stories": [1]}]}
            body = _reply(lines if b"Story 1:" in request else VALID)
            try:
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if b"STUCK" not in request:
                    self.wfile.write(body)
                    return
                stop = time.monotonic() + 300
                for byte in body:
                    if time.monotonic() > stop:
                        return
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                    time.sleep(1)
            except OSError:
                return  # briefer gave up on it, as it should

        def log_message(self, *_: Any) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/v1"
    httpd.shutdown()
    httpd.server_close()


def _model(base_url: str) -> list[str]:
    return ["--base-url", base_url, "--model", "m", "--mode", "prompt", "--no-cache"]


def test_summarize_stops_at_the_timeout_when_the_server_trickles(
    model_server: str, tmp_path: Path
) -> None:
    article = tmp_path / "stuck.txt"
    article.write_text(ARTICLES["stuck.txt"])
    result = run_briefer(
        "summarize", str(article), *_model(model_server), "--timeout", "3", "--max-retries", "0"
    )
    assert result.returncode == 1
    assert one_error_line(result) == (
        "briefer: error: the model server did not answer in time (request timed out)"
    )


def test_one_stuck_story_is_not_included_and_the_brief_is_written(
    model_server: str, tmp_path: Path
) -> None:
    day = tmp_path / "day"
    day.mkdir()
    for name, text in ARTICLES.items():
        (day / name).write_text(text)
    out = tmp_path / "brief.json"
    result = run_briefer(
        "brief", str(day), *_model(model_server), "--timeout", "3", "--max-retries", "1",
        "-o", str(out),
    )  # fmt: skip
    assert result.returncode == 1, result.stderr
    brief = json.loads(out.read_text())
    assert sorted(story["title"] for story in brief["stories"]) == [
        "Bridge reopens",
        "Budget passes",
    ]
    assert brief["not_included"] == [
        {
            "source": "STUCK story",  # the label of the article: its title
            "reason": "the model server did not answer in time (request timed out)",
        }
    ]
    assert brief["top_lines"]
