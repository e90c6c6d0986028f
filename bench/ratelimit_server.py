"""An OpenAI-compatible chat server that enforces rate limits the way the real API does.

Two token buckets, one of requests and one of tokens, each holding ``--burst-seconds`` of its
rate. A request costs one request and, like OpenAI's admission, its prompt estimated from
the characters of its messages (four to a token) plus its whole ``max_tokens``. An admitted
request is answered after ``--delay`` seconds (a reply valid for briefer, from
``stub_server``); one that does not fit is refused at once with HTTP 429, ``retry-after-ms``
and ``retry-after`` saying when it would fit, and no charge. Every answer carries
``x-ratelimit-{limit,remaining,reset}-{requests,tokens}``, as of the moment it was admitted
or refused (``--no-headers`` leaves them out, for clients that must learn from 429s alone).

GET /stats gives {"served", "refused", "charged_tokens", "first", "last"} (the monotonic times
of the first and last admission); POST /reset zeroes them and fills the buckets.

Run: ``python -m bench.ratelimit_server --port 0 --rps 10 --tps 20000 --delay 0.2`` from the
repository root; it prints ``PORT <n>`` once it listens, binds 127.0.0.1 only and stops
after ``--max-seconds``.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler
from typing import Any

from bench.stub_server import _Server, completion

__all__ = ["Limits", "charge", "go_duration", "main"]


def go_duration(seconds: float) -> str:
    """Seconds as the API writes them: "1.234s" from a second up, "120ms" below."""
    if seconds >= 1:
        return f"{seconds:.3f}s".replace(".000s", "s")
    return f"{max(0, math.ceil(seconds * 1000))}ms"


def charge(body: dict[str, Any]) -> int:
    """Tokens a request costs at admission: prompt characters / 4 plus its output limit."""
    prompt = sum(len(str(m.get("content", ""))) // 4 for m in body.get("messages", []))
    limit = body.get("max_completion_tokens") or body.get("max_tokens") or 0
    return prompt + int(limit)


class Limits:
    """The two buckets, the counters, and the decision for each request (thread-safe)."""

    def __init__(self, rps: float, tps: float, burst_seconds: float = 1.0) -> None:
        self.rates = {"requests": rps, "tokens": tps}
        self.capacity = {k: max(r * burst_seconds, 1.0) for k, r in self.rates.items()}
        self.lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        with self.lock:
            self.level = dict(self.capacity)
            self.stamp = time.monotonic()
            self.served = self.refused = self.charged = 0
            self.first: float | None = None
            self.last: float | None = None

    def admit(self, tokens: int) -> tuple[bool, dict[str, str]]:
        """Whether a request of ``tokens`` goes through now, and the headers to answer with."""
        with self.lock:
            now = time.monotonic()
            for kind, rate in self.rates.items():
                full = self.capacity[kind]
                self.level[kind] = min(full, self.level[kind] + (now - self.stamp) * rate)
            self.stamp = now
            cost = {"requests": 1.0, "tokens": float(tokens)}
            need = {k: min(cost[k], self.capacity[k]) for k in cost}
            admitted = all(self.level[k] >= need[k] for k in cost)
            if admitted:
                for kind in cost:
                    self.level[kind] -= cost[kind]
                self.served += 1
                self.charged += tokens
                self.first = self.first if self.first is not None else now
                self.last = now
            else:
                self.refused += 1
            headers: dict[str, str] = {}
            for kind, rate in self.rates.items():
                level = self.level[kind]
                headers[f"x-ratelimit-limit-{kind}"] = str(int(self.capacity[kind]))
                headers[f"x-ratelimit-remaining-{kind}"] = str(max(0, math.floor(level)))
                headers[f"x-ratelimit-reset-{kind}"] = go_duration(
                    (self.capacity[kind] - level) / rate
                )
            if not admitted:
                wait = max((need[k] - self.level[k]) / self.rates[k] for k in cost)
                headers["retry-after-ms"] = str(max(1, math.ceil(wait * 1000)))
                headers["retry-after"] = str(max(1, math.ceil(wait)))
            return admitted, headers

    def stats(self) -> dict[str, Any]:
        with self.lock:
            return {
                "served": self.served,
                "refused": self.refused,
                "charged_tokens": self.charged,
                "first": self.first,
                "last": self.last,
            }


def make_handler(limits: Limits, delay: float, headers: bool) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002, ARG002
            return

        def _send(self, status: int, payload: dict[str, Any], extra: dict[str, str]) -> None:
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            for name, value in extra.items():
                if headers or name.startswith("retry-after"):
                    self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            if self.path.rstrip("/") == "/stats":
                self._send(200, limits.stats(), {})
            else:
                self._send(404, {"error": {"message": "not found"}}, {})

        def do_POST(self) -> None:
            raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            if self.path.rstrip("/") == "/reset":
                limits.reset()
                self._send(200, {"ok": True}, {})
                return
            if not self.path.rstrip("/").endswith("/chat/completions"):
                self._send(404, {"error": {"message": "not found"}}, {})
                return
            body = json.loads(raw or b"{}")
            admitted, extra = limits.admit(charge(body))
            if not admitted:
                error = {
                    "message": "Rate limit reached for requests or tokens; try again later",
                    "type": "requests",
                    "code": "rate_limit_exceeded",
                }
                self._send(429, {"error": error}, extra)
                return
            time.sleep(delay)
            self._send(200, completion(body, limits.served), extra)

    return Handler


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--delay", type=float, default=0.2)
    parser.add_argument("--rps", type=float, default=10.0)
    parser.add_argument("--tps", type=float, default=20000.0)
    parser.add_argument("--burst-seconds", type=float, default=1.0)
    parser.add_argument("--no-headers", action="store_true")
    parser.add_argument("--max-seconds", type=float, default=1800.0)
    args = parser.parse_args(argv)
    limits = Limits(args.rps, args.tps, args.burst_seconds)
    server = _Server(
        ("127.0.0.1", args.port), make_handler(limits, args.delay, not args.no_headers)
    )
    timer = threading.Timer(args.max_seconds, server.shutdown)
    timer.daemon = True
    timer.start()
    print(f"PORT {server.server_address[1]}", flush=True)
    server.serve_forever()
    server.server_close()
    sys.exit(0)


if __name__ == "__main__":
    main()
