"""What the CLI does when a real HTTP server misbehaves: one line on stderr, exit 1, no traceback.

A small OpenAI-compatible server on loopback answers each request from a script, so these run
the real openai SDK and its retries end to end.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from support import ROOT

SEED = ROOT / "seeds" / "000_9257439dfe81132e.txt"

VALID = {
    "lede": "U.S. officials will not restrict Ukraine's use of American weapons.",
    "key_claims": [{"text": "The U.S. has been a steadfast ally of Ukraine."}],
    "actors": [{"name": "Mike Brown", "kind": "person", "role": "invented"}],
    "quoted_experts": [],
    "open_questions": [],
}


def completion(
    content: str | None, finish: str = "stop", refusal: str | None = None
) -> dict[str, Any]:
    return {
        "id": "chatcmpl-stub",
        "object": "chat.completion",
        "created": 0,
        "model": "stub",
        "choices": [
            {
                "index": 0,
                "finish_reason": finish,
                "message": {"role": "assistant", "content": content, "refusal": refusal},
            }
        ],
        "usage": {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15},
    }


class Script:
    def __init__(self) -> None:
        self.replies: list[tuple[int, dict[str, Any]]] = []
        self.requests: list[dict[str, Any]] = []


@pytest.fixture
def server() -> Iterator[tuple[str, Script]]:
    script = Script()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - the stdlib's name
            length = int(self.headers.get("content-length", 0))
            script.requests.append(json.loads(self.rfile.read(length)))
            status, body = script.replies.pop(0) if script.replies else (500, {"error": "empty"})
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(data)))
            self.send_header("retry-after", "0")
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *_: Any) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/v1", script
    httpd.shutdown()
    httpd.server_close()


def summarize(base_url: str, *extra: str) -> subprocess.CompletedProcess[str]:
    # Every run talks to the server: a cached reply would hide what these tests look at.
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "briefer",
            "summarize",
            str(SEED),
            "--base-url",
            base_url,
            "--model",
            "stub",
            "--max-retries",
            "1",
            "--format",
            "json",
            "--no-cache",
            "--rate-deadline",  # a 429 is final here: nothing waits it out
            "0",
            *extra,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={"PATH": "/usr/bin:/bin", "HOME": os.environ.get("HOME", "/tmp")},
    )


def assert_one_line_exit_1(result: subprocess.CompletedProcess[str], fragment: str) -> None:
    assert result.returncode == 1, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert fragment in lines[0]
    assert result.stdout == ""


ERROR_CASES = [
    pytest.param(
        [(429, {"error": {"message": "slow down"}})] * 2, "HTTP 429", id="429-past-the-deadline"
    ),
    pytest.param(
        [(503, {"error": {"message": "overloaded"}})] * 2, "HTTP 503", id="503-after-retry"
    ),
    pytest.param(
        [(200, completion(None, refusal="I cannot help with that."))], "refused", id="refusal"
    ),
    pytest.param(
        [(200, completion('{"lede": "cut', finish="length"))] * 2, "cut off", id="cut-off-twice"
    ),
    pytest.param([(200, completion("not json at all"))] * 3, "not valid", id="invalid-3-times"),
    pytest.param(
        [(400, {"error": {"message": "This model's maximum context length is 2048 tokens"}})],
        "context window",
        id="context-overflow",
    ),
    pytest.param([(404, {"error": {"message": "model 'stub' not found"}})], "HTTP 404", id="404"),
]


@pytest.mark.parametrize(("replies", "fragment"), ERROR_CASES)
def test_model_failures_give_one_line_and_exit_1(
    server: tuple[str, Script], replies: list[tuple[int, dict[str, Any]]], fragment: str
) -> None:
    base_url, script = server
    script.replies = list(replies)
    assert_one_line_exit_1(summarize(base_url, "--mode", "prompt"), fragment)


def test_llama_cpp_style_refusal_of_json_schema_falls_back_to_json_object(
    server: tuple[str, Script],
) -> None:
    base_url, script = server
    script.replies = [
        (500, {"error": {"message": "response_format type not supported"}}),
        (200, completion(json.dumps(VALID))),
    ]
    result = summarize(base_url)
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["metadata"]["mode"] == "json_object"
    # The refused probe is sent once, not retried by the SDK with backoff.
    assert [r["response_format"]["type"] for r in script.requests] == ["json_schema", "json_object"]
    assert summary["actors"] == []  # the invented "Mike Brown" never reaches the reader
    assert summary["metadata"]["usage"]["total_tokens"] == 15


def test_a_cut_off_reply_is_retried_with_more_room_and_recovers(server: tuple[str, Script]) -> None:
    base_url, script = server
    script.replies = [
        (200, completion('{"lede": "cut', finish="length")),
        (200, completion(json.dumps(VALID))),
    ]
    result = summarize(base_url, "--mode", "json_object", "--max-output-tokens", "300")
    assert result.returncode == 0, result.stderr
    assert [r["max_tokens"] for r in script.requests] == [300, 600]
    assert json.loads(result.stdout)["metadata"]["usage"]["total_tokens"] == 30


def test_a_wrapped_client_sees_every_request_even_the_refused_probe(
    server: tuple[str, Script],
) -> None:
    import openai

    from briefer import Briefer

    base_url, script = server
    script.replies = [
        (500, {"error": {"message": "response_format type not supported"}}),
        (200, completion(json.dumps(VALID))),
    ]
    seen: list[str] = []

    class Wrapper:
        """A tracing wrapper, as users put around their clients."""

        def __init__(self, inner: openai.OpenAI) -> None:
            self.inner = inner
            self.chat = self
            self.completions = self

        def create(self, **kwargs: Any) -> Any:
            seen.append(kwargs["response_format"]["type"])
            return self.inner.chat.completions.create(**kwargs)

        def __getattr__(self, name: str) -> Any:
            return getattr(self.inner, name)

    with openai.OpenAI(base_url=base_url, api_key="x", max_retries=0) as sdk:
        summary = Briefer(client=Wrapper(sdk), model="stub").summarize(SEED.read_text())
    assert seen == ["json_schema", "json_object"]
    assert summary.metadata.attempts == 2
