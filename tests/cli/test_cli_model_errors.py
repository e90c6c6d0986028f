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


Body = dict[str, Any] | tuple[str, bytes]
"""A JSON reply, or ``(content type, raw bytes)`` for a body that is not one."""


class Script:
    def __init__(self) -> None:
        self.replies: list[tuple[int, Body]] = []
        self.requests: list[dict[str, Any]] = []


@pytest.fixture
def server() -> Iterator[tuple[str, Script]]:
    script = Script()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - the stdlib's name
            length = int(self.headers.get("content-length", 0))
            script.requests.append(json.loads(self.rfile.read(length)))
            status, body = script.replies.pop(0) if script.replies else (500, {"error": "empty"})
            content_type, data = body if isinstance(body, tuple) else ("application/json", b"")
            if isinstance(body, dict):
                data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("content-type", content_type)
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


def summarize(
    base_url: str, *extra: str, cache: str | None = None
) -> subprocess.CompletedProcess[str]:
    # Every run talks to the server: a cached reply would hide what these tests look at.
    env = {"PATH": "/usr/bin:/bin", "HOME": os.environ.get("HOME", "/tmp")}
    if cache is not None:
        env["BRIEFER_CACHE_DIR"] = cache
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
            *([] if cache else ["--no-cache"]),
            "--rate-deadline",  # a 429 is final here: nothing waits it out
            "0",
            *extra,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env=env,
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


def _reply(**changes: Any) -> dict[str, Any]:
    body = completion(json.dumps(VALID))
    choice = body["choices"][0]
    for key, value in changes.items():
        if key in ("content", "refusal"):
            choice["message"][key] = value
        elif key in ("message", "finish_reason"):
            choice[key] = value
        else:
            body[key] = value
    return body


DEEP = 100_000
BAD_REPLIES = [
    pytest.param(("application/json", b"this is not json"), "is not JSON", id="not-json"),
    pytest.param(
        ("text/html", b"<html><body><h1>502 Bad Gateway</h1></body></html>"),
        "not a chat completion",
        id="html-page-status-200",
    ),
    pytest.param(("application/json", b"[1, 2, 3]"), "not a chat completion", id="json-list"),
    pytest.param(("application/json", b'"ok"'), "not a chat completion", id="json-string"),
    pytest.param(
        ("application/json", b"[" * DEEP + b"]" * DEEP),
        "nested too deeply",
        id="json-100000-deep",
    ),
    pytest.param(_reply(choices="oops"), "'choices' is text", id="choices-text"),
    pytest.param(_reply(choices=5), "'choices' is a number", id="choices-number"),
    pytest.param(_reply(choices={"0": {}}), "'choices' is an object", id="choices-object"),
    pytest.param(_reply(choices=["a"]), "'choices[0]' is text", id="choice-text"),
    pytest.param(_reply(message="hi"), "'message' is text", id="message-text"),
    pytest.param(_reply(usage="lots"), "'usage' is text", id="usage-text"),
    pytest.param(_reply(usage=[1]), "'usage' is a list", id="usage-list"),
    pytest.param(
        _reply(usage={"prompt_tokens": "ten"}), "'usage.prompt_tokens' is text", id="usage-field"
    ),
    pytest.param(
        _reply(usage={"prompt_tokens": -10, "completion_tokens": -5, "total_tokens": -15}),
        "'usage.prompt_tokens' is negative (-10)",
        id="negative-tokens",
    ),
    pytest.param(_reply(content=VALID), "'message.content' is an object", id="content-object"),
    pytest.param(_reply(content=[1, 2]), "'message.content' is a list", id="content-list"),
    pytest.param(_reply(finish_reason=7), "'finish_reason' is a number", id="finish-number"),
]


@pytest.mark.parametrize(("body", "fragment"), BAD_REPLIES)
def test_a_malformed_reply_gives_one_line_and_exit_1(
    server: tuple[str, Script], body: Body, fragment: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from briefer.cli import main

    base_url, script = server
    script.replies = [(200, body)]
    # In this process, for speed: the same main() the command runs, the real SDK, real HTTP.
    args = ["--base-url", base_url, "--model", "stub", "--max-retries", "1", "--no-cache"]
    code = main(["summarize", str(SEED), "-f", "json", "--mode", "prompt", *args])
    captured = capsys.readouterr()
    result = subprocess.CompletedProcess([], code, captured.out, captured.err)
    assert_one_line_exit_1(result, fragment)
    assert result.stderr.startswith("briefer: error: the model server sent a bad reply: ")
    assert len(script.requests) == 1


def test_a_reply_far_over_the_output_limit_is_refused_and_not_cached(
    server: tuple[str, Script], tmp_path: Any
) -> None:
    base_url, script = server
    huge = completion(json.dumps({**VALID, "lede": "x" * 30_000_000}))
    script.replies = [(200, huge), (200, completion(json.dumps(VALID)))]
    cache = str(tmp_path / "cache")
    first = summarize(base_url, "--mode", "prompt", "--max-output-tokens", "512", cache=cache)
    assert_one_line_exit_1(first, "the server ignored the output limit")
    # Nothing was cached: the next run asks the server again and gets the good reply.
    second = summarize(base_url, "--mode", "prompt", "--max-output-tokens", "512", cache=cache)
    assert second.returncode == 0, second.stderr
    assert len(script.requests) == 2


@pytest.mark.parametrize(("replies", "fragment"), ERROR_CASES)
def test_model_failures_give_one_line_and_exit_1(
    server: tuple[str, Script], replies: list[tuple[int, Body]], fragment: str
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
