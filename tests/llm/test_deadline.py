"""deadline_http_client: every request ends by its deadline, and no reply outgrows its limit.

A model server on loopback answers each request as told: at once, a byte a second in the
body, a byte a second in the headers, or with a body far larger than the request's
``max_tokens`` allows. The server's trickle lasts minutes; only a total deadline ends the
request within the test.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import openai
import pytest

from briefer.errors import ModelAPIError
from briefer.llm import (
    CallSettings,
    ReplyTooLargeError,
    acall_structured,
    async_deadline_http_client,
    call_structured,
    deadline_http_client,
)
from briefer.schema import SummaryContent

VALID = {"lede": "x", "key_claims": [], "actors": [], "quoted_experts": [], "open_questions": []}


def completion(content: str) -> bytes:
    return json.dumps(
        {
            "id": "c",
            "object": "chat.completion",
            "created": 0,
            "model": "m",
            "choices": [
                {
                    "index": 0,
                    "finish_reason": "stop",
                    "message": {"role": "assistant", "content": content},
                }
            ],
        }
    ).encode()


def _trickle(handler: BaseHTTPRequestHandler, data: bytes) -> None:
    stop = time.monotonic() + 120
    try:
        for byte in data:
            if time.monotonic() > stop:
                return
            handler.wfile.write(bytes([byte]))
            handler.wfile.flush()
            time.sleep(1)
    except OSError:
        return


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self) -> None:  # noqa: N802 - the stdlib's name
        try:
            self._answer()
        except OSError:
            pass  # the client hung up: what a refused reply looks like from here

    def _answer(self) -> None:
        self.rfile.read(int(self.headers.get("content-length", 0)))
        body = completion(json.dumps(VALID))
        how = self.path.split("/")[1]
        if how == "slow-headers":
            self.wfile.write(b"HTTP/1.1 200 OK\r\n")
            _trickle(self, b"X-Padding: " + b"a" * 1000 + b"\r\n\r\n")
            return
        if how == "huge":
            body = completion(json.dumps({**VALID, "lede": "x" * 3_000_000}))
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        if how == "huge-chunked":
            body = completion(json.dumps({**VALID, "lede": "x" * 3_000_000}))
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for start in range(0, len(body), 65536):
                piece = body[start : start + 65536]
                self.wfile.write(f"{len(piece):x}\r\n".encode() + piece + b"\r\n")
            self.wfile.write(b"0\r\n\r\n")
            return
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if how == "slow-body":
            _trickle(self, body)
        else:
            self.wfile.write(body)

    def log_message(self, *_: Any) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


SETTINGS = CallSettings(model="m", mode="prompt", max_output_tokens=256, timeout=2)
MESSAGES = [{"role": "user", "content": "the article"}]


def _client(server: str, how: str) -> openai.OpenAI:
    return openai.OpenAI(
        base_url=f"{server}/{how}/v1",
        api_key="x",
        max_retries=0,
        timeout=2,
        http_client=deadline_http_client(2),
    )


@pytest.mark.parametrize("how", ["slow-body", "slow-headers"])
def test_a_server_sending_a_byte_a_second_is_cut_off_at_the_deadline(server: str, how: str) -> None:
    with (
        _client(server, how) as client,
        pytest.raises(ModelAPIError, match="did not answer in time"),
    ):
        call_structured(client, messages=MESSAGES, output_type=SummaryContent, settings=SETTINGS)


@pytest.mark.parametrize("how", ["slow-body", "slow-headers"])
async def test_the_async_client_is_cut_off_alike(server: str, how: str) -> None:
    client = openai.AsyncOpenAI(
        base_url=f"{server}/{how}/v1",
        api_key="x",
        max_retries=0,
        timeout=2,
        http_client=async_deadline_http_client(2),
    )
    async with client:
        with pytest.raises(ModelAPIError, match="did not answer in time"):
            await acall_structured(
                client, messages=MESSAGES, output_type=SummaryContent, settings=SETTINGS
            )


def test_every_retry_of_the_sdk_is_a_request_with_its_own_deadline(server: str) -> None:
    client = openai.OpenAI(
        base_url=f"{server}/slow-body/v1",
        api_key="x",
        max_retries=1,
        timeout=1,
        http_client=deadline_http_client(1),
    )
    with client, pytest.raises(openai.APITimeoutError):
        client.chat.completions.create(model="m", messages=MESSAGES, max_tokens=16)


def test_a_prompt_reply_passes_untouched(server: str) -> None:
    with _client(server, "prompt") as client:
        result = call_structured(
            client, messages=MESSAGES, output_type=SummaryContent, settings=SETTINGS
        )
    assert result.value.lede == "x"


@pytest.mark.parametrize("how", ["huge", "huge-chunked"])
def test_a_reply_larger_than_its_output_limit_allows_is_refused_as_it_arrives(
    server: str, how: str
) -> None:
    with _client(server, how) as client:
        with pytest.raises(ReplyTooLargeError, match="grew past 114,688 bytes"):
            client.chat.completions.create(model="m", messages=MESSAGES, max_tokens=256)
        with pytest.raises(ModelAPIError, match="the server ignored the output limit"):
            call_structured(
                client, messages=MESSAGES, output_type=SummaryContent, settings=SETTINGS
            )


def test_requests_without_an_output_limit_are_not_capped(server: str) -> None:
    with _client(server, "huge") as client:
        reply = client.chat.completions.create(model="m", messages=MESSAGES)
    assert len(reply.choices[0].message.content or "") > 3_000_000
