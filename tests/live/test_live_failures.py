"""Transport failures through the real openai SDK: a server that is down, slow, or dies mid-reply.

These use small stdlib HTTP servers on loopback rather than the llama.cpp server, because
the failures have to happen at a chosen moment; the SDK and briefer's error mapping are real.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from live_support import server_script
from openai import OpenAI

from briefer import Briefer
from briefer.errors import ModelAPIError
from briefer.llm import call_structured
from briefer.schema import SummaryContent

pytestmark = pytest.mark.live

MESSAGES = [{"role": "user", "content": "Summarize: the library reopened on Monday."}]

Behaviour = Callable[[BaseHTTPRequestHandler, threading.Event], None]


def _read_request(handler: BaseHTTPRequestHandler) -> None:
    length = int(handler.headers.get("Content-Length", "0"))
    handler.rfile.read(length)


@pytest.fixture
def stub_server() -> Iterator[Callable[[Behaviour], str]]:
    """Starts a loopback HTTP server whose POST handler does what the test asks; returns its URL."""
    release = threading.Event()
    servers: list[ThreadingHTTPServer] = []

    def start(behaviour: Behaviour) -> str:
        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                behaviour(self, release)

            def log_message(self, format: str, *args: object) -> None:  # noqa: ARG002
                pass  # keep the test output clean

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        server.daemon_threads = True
        servers.append(server)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        return f"http://127.0.0.1:{server.server_address[1]}/v1"

    yield start
    release.set()  # wake handlers still waiting, so shutdown does not hang
    for server in servers:
        server.shutdown()
        server.server_close()


def _client(base_url: str, timeout: float = 30.0) -> OpenAI:
    return OpenAI(base_url=base_url, api_key="sk-no-key", max_retries=0, timeout=timeout)


def test_server_that_is_down_is_a_model_api_error_without_status() -> None:
    port = server_script.free_port()  # nothing listens there
    with _client(f"http://127.0.0.1:{port}/v1") as client, pytest.raises(ModelAPIError) as caught:
        call_structured(client, model="m", messages=MESSAGES, output_type=SummaryContent)
    assert caught.value.status_code is None
    assert "cannot reach the model server" in str(caught.value)
    assert caught.value.attempts == 1


def test_briefer_summarize_against_a_server_that_is_down_raises_model_api_error() -> None:
    port = server_script.free_port()
    with _client(f"http://127.0.0.1:{port}/v1") as client:
        briefer = Briefer(client=client, model="m", context_window=8192)
        with pytest.raises(ModelAPIError) as caught:
            briefer.summarize("The library reopened on Monday after two years of repairs.")
    assert caught.value.exit_code == 1


def test_slow_server_against_a_short_timeout_is_a_timeout_error(
    stub_server: Callable[[Behaviour], str],
) -> None:
    def never_answer(handler: BaseHTTPRequestHandler, release: threading.Event) -> None:
        _read_request(handler)
        release.wait(timeout=60)

    with _client(stub_server(never_answer), timeout=0.5) as client:
        with pytest.raises(ModelAPIError) as caught:
            call_structured(client, model="m", messages=MESSAGES, output_type=SummaryContent)
    assert "did not answer in time" in str(caught.value)
    assert caught.value.status_code is None


def test_server_that_closes_the_connection_before_replying_is_a_model_api_error(
    stub_server: Callable[[Behaviour], str],
) -> None:
    def hang_up(handler: BaseHTTPRequestHandler, _: threading.Event) -> None:
        _read_request(handler)
        handler.close_connection = True
        handler.connection.shutdown(socket.SHUT_RDWR)

    with _client(stub_server(hang_up)) as client, pytest.raises(ModelAPIError) as caught:
        call_structured(client, model="m", messages=MESSAGES, output_type=SummaryContent)
    assert caught.value.status_code is None
    assert "cannot reach the model server" in str(caught.value)


def test_server_that_dies_halfway_through_the_reply_is_a_model_api_error(
    stub_server: Callable[[Behaviour], str],
) -> None:
    def die_mid_body(handler: BaseHTTPRequestHandler, _: threading.Event) -> None:
        _read_request(handler)
        handler.send_response(200)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", "1000")
        handler.end_headers()
        handler.wfile.write(b'{"id": "chatcmpl-1", "object": "chat.completion", "choi')
        handler.wfile.flush()
        handler.close_connection = True
        handler.connection.shutdown(socket.SHUT_RDWR)

    with _client(stub_server(die_mid_body)) as client, pytest.raises(ModelAPIError) as caught:
        call_structured(client, model="m", messages=MESSAGES, output_type=SummaryContent)
    assert caught.value.status_code is None
