"""The status line while model calls run: what it says, and that it stays off stdout."""

from __future__ import annotations

import io
import json
import os
import pty
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from support import SEED

from briefer import Briefer
from briefer.cli._progress import Progress
from briefer.llm import CallEvent, observe_calls, report_waiting
from briefer.schema import Usage
from briefer.testing import FakeClient


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


def _progress(clock: Clock, width: int = 200) -> tuple[Progress, io.StringIO]:
    stream = io.StringIO()
    return Progress(stream, clock=clock, width=width, refresh=False), stream


def _event(kind: Any, call_id: int = 1, **fields: Any) -> CallEvent:
    fields.setdefault("about", {"article": "Budget vote fails", "call": "summarize"})
    return CallEvent(kind, call_id, "qwen2.5", **fields)


def test_one_call_shows_what_it_is_the_model_and_the_time(clock: Clock) -> None:
    progress, _ = _progress(clock)
    progress.on_call(_event("start", mode="auto"))
    progress.on_call(_event("request", mode="json_schema", attempt=1))
    clock.now += 48
    assert progress.render() == "summary of “Budget vote fails” · qwen2.5 · json_schema · 48s"


def test_a_reask_shows_the_attempt_the_reason_and_tokens_received(clock: Clock) -> None:
    progress, _ = _progress(clock)
    for event in [
        _event("start"),
        _event("request", mode="json_object", attempt=1),
        _event("reply", mode="json_object", attempt=1, usage=Usage(completion_tokens=412)),
        _event("reask", mode="json_object", attempt=1, detail="lede: field required"),
        _event("request", mode="json_object", attempt=2),
    ]:
        progress.on_call(event)
    clock.now += 3
    assert progress.render() == (
        "summary of “Budget vote fails” · qwen2.5 · json_object · attempt 2 · 3s"
        " · 1 re-ask · 412 tokens received"
    )


@pytest.mark.parametrize(
    ("kind", "detail", "note"),
    [
        ("reask", "bad", "invalid reply, re-asking"),
        ("truncation_retry", "2048", "reply cut off, asking with more room"),
        ("mode_fallback", "json_object", "server refused json_schema, trying json_object"),
    ],
)
def test_each_retry_says_why_until_the_next_request(
    clock: Clock, kind: str, detail: str, note: str
) -> None:
    progress, _ = _progress(clock)
    progress.on_call(_event("start"))
    progress.on_call(_event(kind, mode="json_schema", attempt=1, detail=detail))
    assert note in progress.render()
    progress.on_call(_event("request", mode="json_object", attempt=2))
    assert note not in progress.render()


def test_a_brief_shows_stories_and_the_longest_running_call(clock: Clock) -> None:
    progress, _ = _progress(clock)
    progress.on_stories(3, 12)
    progress.on_call(_event("start", 1, about={"article": "Tram line approved"}))
    clock.now += 30
    progress.on_call(_event("start", 2, about={"article": "Heat warning"}))
    progress.on_call(_event("request", 2, mode="prompt", attempt=1))
    clock.now += 10
    assert progress.render() == (
        "[#####...............] 3/12 stories · 2 calls running, longest 40s:"
        " model call of “Tram line approved”, qwen2.5"
    )


def test_waiting_on_the_rate_limit_is_shown_until_the_next_request(clock: Clock) -> None:
    progress, _ = _progress(clock)
    progress.on_call(_event("start"))
    with observe_calls(progress.on_call):
        report_waiting(5.0)
    clock.now += 2
    assert progress.render().endswith("waiting on the rate limit, 3s left")
    progress.on_call(_event("request", attempt=1))
    assert "waiting" not in progress.render()


def test_titles_cannot_move_the_cursor_and_the_line_never_wraps(clock: Clock) -> None:
    progress, stream = _progress(clock, width=60)
    title = "Evil\x1b[2J\x1b]0;pwned\x07 title\r\nsecond line " + "x" * 80
    progress.on_call(_event("start", about={"article": title}))
    line = progress.render()
    assert len(line) <= 60 and line.isprintable()
    assert "\x1b" not in stream.getvalue().replace("\x1b[K", "")


def test_the_line_is_cleared_when_the_work_ends(clock: Clock) -> None:
    stream = io.StringIO()
    with Progress(stream, clock=clock, width=80, refresh=False) as progress:
        progress.on_call(_event("start"))
    assert stream.getvalue().startswith("\rsummary of")
    assert stream.getvalue().endswith("\r\x1b[K")


def test_nothing_is_drawn_when_nothing_is_running(clock: Clock) -> None:
    stream = io.StringIO()
    with Progress(stream, clock=clock, refresh=False) as progress:
        progress.on_call(_event("done"))
    assert stream.getvalue() == ""


def test_a_real_brief_reports_through_the_same_events(seed_text: str) -> None:
    stream = io.StringIO()
    with Progress(stream, width=300) as progress, observe_calls(progress.on_call):
        Briefer(client=FakeClient(), model="fake").brief(
            [seed_text, "The council approved the tram line, the mayor said."],
            progress=progress.on_stories,
        )
    shown = stream.getvalue()
    assert "2/2 stories" in shown and "summary of “" in shown
    assert "top lines" in shown


# ---- the command line: a terminal's stderr only -------------------------------------------


@pytest.fixture
def slow_server() -> Iterator[str]:
    """An OpenAI-compatible server that takes a second and a half to answer."""
    content = json.dumps(
        {
            "lede": "A lede.",
            "key_claims": [],
            "actors": [],
            "quoted_experts": [],
            "open_questions": [],
        }
    )
    body = json.dumps(
        {
            "id": "chatcmpl-slow",
            "object": "chat.completion",
            "created": 0,
            "model": "slow",
            "choices": [
                {
                    "index": 0,
                    "finish_reason": "stop",
                    "message": {"role": "assistant", "content": content},
                }
            ],
            "usage": {"prompt_tokens": 10, "completion_tokens": 7, "total_tokens": 17},
        }
    ).encode()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - the stdlib's name
            self.rfile.read(int(self.headers.get("content-length", 0)))
            time.sleep(1.5)
            self.send_response(200)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *_: Any) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/v1"
    httpd.shutdown()
    httpd.server_close()


def _summarize(server: str, *extra: str, tty: bool) -> tuple[str, str]:
    """Run ``briefer summarize``; stderr on a pseudo-terminal when ``tty``. (stdout, stderr)"""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "BRIEFER_"))}
    env["BRIEFER_CACHE_DIR"] = os.environ["BRIEFER_CACHE_DIR"]
    args = [sys.executable, "-m", "briefer", "summarize", str(SEED), "--base-url", server]
    args += ["--model", "slow", "--no-cache", *extra]
    if not tty:
        done = subprocess.run(args, capture_output=True, text=True, env=env, timeout=120)
        return done.stdout, done.stderr
    leader, follower = pty.openpty()
    with subprocess.Popen(args, stdout=subprocess.PIPE, stderr=follower, env=env) as proc:
        os.close(follower)
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:  # the child closed its end
                break
            if not chunk:
                break
            chunks.append(chunk)
        assert proc.stdout is not None
        out = proc.stdout.read().decode()
    os.close(leader)
    return out, b"".join(chunks).decode()


def test_a_terminal_sees_the_call_while_it_runs_and_stdout_stays_clean(slow_server: str) -> None:
    out, err = _summarize(slow_server, tty=True)
    assert out.startswith("# ") and "summary of" not in out and "\r" not in out
    assert "\rsummary of “" in err and "slow · json_schema" in err
    assert "\x1b" not in err.replace("\x1b[K", "")  # only "clear to the end of the line"
    assert err.endswith("\r\x1b[K")  # the line is gone before the program ends


@pytest.mark.parametrize(
    ("tty", "extra"),
    [pytest.param(False, (), id="not-a-terminal"), pytest.param(True, ("-q",), id="quiet")],
)
def test_quiet_when_not_a_terminal_or_with_q(
    slow_server: str, tty: bool, extra: tuple[str, ...]
) -> None:
    out, err = _summarize(slow_server, *extra, tty=tty)
    assert out.startswith("# ")
    assert "summary of" not in err and "\r" not in err.replace("\r\n", "")
