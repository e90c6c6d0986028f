"""A local OpenAI-compatible chat server with a fixed latency, for the throughput benchmark.

POST /v1/chat/completions waits ``--delay`` seconds, then answers a valid chat.completion
whose content validates as briefer's SummaryContent, or as BriefSynthesis when the request
asks for top lines (told apart by the response_format schema, or by the system prompt in
prompt mode). GET /stats returns {"requests": N}; POST /reset sets N to 0.

Run: ``python bench/stub_server.py --port 0 --delay 0.2``; it prints ``PORT <n>`` once it
listens. It binds 127.0.0.1 only and stops after ``--max-seconds``.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

_FENCE = re.compile(r"^(=====ARTICLE-[0-9a-f]{12}=====)$", re.MULTILINE)
_SENTENCE = re.compile(r"[^.!?\n]{20,300}[.!?]")


class _State:
    def __init__(self, delay: float) -> None:
        self.delay = delay
        self.requests = 0
        self.lock = threading.Lock()


def wants_top_lines(body: dict[str, Any]) -> bool:
    """Whether the request asks for BriefSynthesis rather than SummaryContent."""
    fmt = body.get("response_format") or {}
    schema = fmt.get("json_schema", {}).get("schema") or fmt.get("schema")
    if isinstance(schema, dict) and "properties" in schema:
        return "top_lines" in schema["properties"]
    system = " ".join(
        str(m.get("content", "")) for m in body.get("messages", []) if m.get("role") == "system"
    )
    return '"top_lines"' in system


def fenced_text(body: dict[str, Any]) -> str:
    """The article text between the fence lines of the first user message."""
    for message in body.get("messages", []):
        if message.get("role") != "user":
            continue
        content = str(message.get("content", ""))
        found = _FENCE.search(content)
        if found:
            end = content.rfind("\n" + found.group(1))
            return content[found.end() + 1 : end if end > found.end() else None]
    return ""


def reply_content(body: dict[str, Any]) -> dict[str, Any]:
    """A schema-valid reply for the request."""
    if wants_top_lines(body):
        return {"top_lines": [{"text": "The day in one line.", "stories": [1]}]}
    sentences = [s.strip() for s in _SENTENCE.findall(fenced_text(body))]
    lede = sentences[0] if sentences else "The article reports an event."
    return {
        "lede": lede,
        "key_claims": [{"text": s} for s in sentences[1:3]],
        "actors": [],
        "quoted_experts": [],
        "open_questions": [],
    }


def completion(body: dict[str, Any], number: int) -> dict[str, Any]:
    """A chat.completion answering ``body``."""
    content = json.dumps(reply_content(body))
    prompt = sum(len(str(m.get("content", ""))) // 4 for m in body.get("messages", []))
    completion_tokens = len(content) // 4
    return {
        "id": f"chatcmpl-stub-{number}",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": body.get("model", "stub"),
        "choices": [
            {
                "index": 0,
                "finish_reason": "stop",
                "message": {"role": "assistant", "content": content},
            }
        ],
        "usage": {
            "prompt_tokens": prompt,
            "completion_tokens": completion_tokens,
            "total_tokens": prompt + completion_tokens,
        },
    }


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128  # the default of 5 would refuse a burst of 16 new connections


def make_handler(state: _State) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as real servers do
        # Headers and body go out in two writes; with Nagle's algorithm the second waits for
        # the client's delayed ACK (tens of ms). Real servers set TCP_NODELAY too.
        disable_nagle_algorithm = True

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002, ARG002
            return  # quiet

        def _send(self, status: int, payload: dict[str, Any]) -> None:
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            if self.path.rstrip("/") == "/stats":
                self._send(200, {"requests": state.requests})
            else:
                self._send(404, {"error": {"message": "not found"}})

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length)
            if self.path.rstrip("/") == "/reset":
                with state.lock:
                    state.requests = 0
                self._send(200, {"requests": 0})
                return
            if not self.path.rstrip("/").endswith("/chat/completions"):
                self._send(404, {"error": {"message": "not found"}})
                return
            with state.lock:
                state.requests += 1
                number = state.requests
            body = json.loads(raw or b"{}")
            time.sleep(state.delay)
            self._send(200, completion(body, number))

    return Handler


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--delay", type=float, default=0.2)
    parser.add_argument("--max-seconds", type=float, default=900.0)
    args = parser.parse_args(argv)
    state = _State(args.delay)
    server = _Server(("127.0.0.1", args.port), make_handler(state))
    # Stop by itself, so a crashed benchmark never leaves a server behind.
    timer = threading.Timer(args.max_seconds, server.shutdown)
    timer.daemon = True
    timer.start()
    print(f"PORT {server.server_address[1]}", flush=True)
    server.serve_forever()
    server.server_close()
    sys.exit(0)


if __name__ == "__main__":
    main()
