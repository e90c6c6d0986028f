"""A total deadline on every model request, and a cap on what a reply may weigh.

The openai SDK's ``timeout`` bounds each network read, not the request: a server that sends
one byte a second never trips it, and a request runs for as long as the server likes.
:func:`deadline_http_client` (and :func:`async_deadline_http_client`) return the HTTP client
the SDK takes as ``OpenAI(http_client=...)``, with the SDK's own defaults, whose every request
ends by ``timeout`` seconds: connecting, the TLS handshake, sending, waiting for the headers
and reading the body all count, because each socket operation may wait only for the time the
request has left. A retry of the SDK is a new request with a new deadline.

The same client refuses a chat reply whose body grows past what its ``max_tokens`` allows
(:func:`reply_byte_limit`), while it streams in: before the SDK parses it, before it can be
cached. Proxies from the environment are kept, and bounded the same way.

The CLI builds its client with these; library users pass them to their own ``OpenAI``.
"""

from __future__ import annotations

import contextvars
import importlib
import json
import time
from collections.abc import AsyncIterator, Iterator
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import httpx2

__all__ = [
    "ReplyTooLargeError",
    "async_deadline_http_client",
    "deadline_http_client",
    "reply_byte_limit",
]

# When the request running in this thread or task must end (time.monotonic()), if it must.
_deadline: contextvars.ContextVar[float | None] = contextvars.ContextVar(
    "briefer_deadline", default=None
)

# A reply's text may take 32 characters per token (see llm/_reply.py), each up to 6 bytes of
# JSON (a \\u escape), plus the envelope; the limit doubles once for a cut-off reply.
_BYTES_PER_TOKEN = 32 * 6
_ENVELOPE_BYTES = 64 * 1024


class ReplyTooLargeError(Exception):
    """A model server's reply grew past what the request's output limit allows."""


def reply_byte_limit(max_tokens: int) -> int:
    """The most bytes a chat reply limited to ``max_tokens`` tokens may plausibly take."""
    return max_tokens * _BYTES_PER_TOKEN + _ENVELOPE_BYTES


def deadline_http_client(timeout: float, **kwargs: Any) -> httpx2.Client:
    """An HTTP client for ``OpenAI(http_client=...)`` whose requests end by ``timeout`` s.

    Args:
        timeout: seconds each request may take in all (the SDK's retries are new requests).
        kwargs: anything the SDK's ``DefaultHttpxClient`` takes (``proxy``, ``verify``...).
    """
    client: httpx2.Client = _classes()[0](total=timeout, **kwargs)
    return client


def async_deadline_http_client(timeout: float, **kwargs: Any) -> httpx2.AsyncClient:
    """The same, for ``AsyncOpenAI(http_client=...)``."""
    client: httpx2.AsyncClient = _classes()[1](total=timeout, **kwargs)
    return client


def _remaining(timeout: float | None, on_expiry: type[Exception]) -> float | None:
    """``timeout`` cut to the time the current request has left."""
    deadline = _deadline.get()
    if deadline is None:
        return timeout
    left = deadline - time.monotonic()
    if left <= 0:
        raise on_expiry("the request ran past its deadline")
    return left if timeout is None else min(timeout, left)


def _reply_cap(request: Any) -> int | None:
    """A chat request's reply limit, from the ``max_tokens`` its JSON body asks for."""
    try:
        body = bytes(request.content)
    except Exception:  # noqa: BLE001 - a streamed upload: not a chat request
        return None
    if b"max_" not in body:
        return None
    try:
        payload = json.loads(body)
    except (ValueError, RecursionError):
        return None
    if not isinstance(payload, dict):
        return None
    tokens = payload.get("max_completion_tokens", payload.get("max_tokens"))
    if isinstance(tokens, int) and not isinstance(tokens, bool) and tokens > 0:
        return reply_byte_limit(tokens)
    return None


def _too_large(size: int, cap: int) -> ReplyTooLargeError:
    return ReplyTooLargeError(
        f"the reply grew past {cap:,} bytes ({size:,} read), far more than its output "
        "limit allows: the server ignored the output limit"
    )


@cache
def _classes() -> tuple[type[Any], type[Any]]:
    """The sync and async clients, built on the HTTP library the installed SDK uses."""
    import openai

    # httpx2 for this SDK, httpx for older ones; httpcore2 or httpcore beneath.
    base = next(c for c in openai.DefaultHttpxClient.__mro__ if c.__name__ == "Client")
    http: Any = importlib.import_module(base.__module__.split(".")[0])
    core: Any = importlib.import_module(http.__name__.replace("httpx", "httpcore"))

    class Stream(core.NetworkStream):  # type: ignore[misc]
        def __init__(self, inner: Any) -> None:
            self._inner = inner

        def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
            data: bytes = self._inner.read(max_bytes, _remaining(timeout, core.ReadTimeout))
            return data

        def write(self, buffer: bytes, timeout: float | None = None) -> None:
            self._inner.write(buffer, _remaining(timeout, core.WriteTimeout))

        def close(self) -> None:
            self._inner.close()

        def start_tls(
            self, ssl_context: Any, server_hostname: Any = None, timeout: Any = None
        ) -> Any:
            bound = _remaining(timeout, core.ConnectTimeout)
            return Stream(self._inner.start_tls(ssl_context, server_hostname, bound))

        def get_extra_info(self, info: str) -> Any:
            return self._inner.get_extra_info(info)

    class AsyncStream(core.AsyncNetworkStream):  # type: ignore[misc]
        def __init__(self, inner: Any) -> None:
            self._inner = inner

        async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
            data: bytes = await self._inner.read(max_bytes, _remaining(timeout, core.ReadTimeout))
            return data

        async def write(self, buffer: bytes, timeout: float | None = None) -> None:
            await self._inner.write(buffer, _remaining(timeout, core.WriteTimeout))

        async def aclose(self) -> None:
            await self._inner.aclose()

        async def start_tls(
            self, ssl_context: Any, server_hostname: Any = None, timeout: Any = None
        ) -> Any:
            bound = _remaining(timeout, core.ConnectTimeout)
            return AsyncStream(await self._inner.start_tls(ssl_context, server_hostname, bound))

        def get_extra_info(self, info: str) -> Any:
            return self._inner.get_extra_info(info)

    class Backend(core.NetworkBackend):  # type: ignore[misc]
        def __init__(self, inner: Any) -> None:
            self._inner = inner

        def connect_tcp(self, host: str, port: int, timeout: Any = None, **kw: Any) -> Any:
            bound = _remaining(timeout, core.ConnectTimeout)
            return Stream(self._inner.connect_tcp(host, port, bound, **kw))

        def connect_unix_socket(self, path: str, timeout: Any = None, **kw: Any) -> Any:
            bound = _remaining(timeout, core.ConnectTimeout)
            return Stream(self._inner.connect_unix_socket(path, bound, **kw))

        def sleep(self, seconds: float) -> None:
            self._inner.sleep(seconds)

    class AsyncBackend(core.AsyncNetworkBackend):  # type: ignore[misc]
        def __init__(self, inner: Any) -> None:
            self._inner = inner

        async def connect_tcp(self, host: str, port: int, timeout: Any = None, **kw: Any) -> Any:
            bound = _remaining(timeout, core.ConnectTimeout)
            return AsyncStream(await self._inner.connect_tcp(host, port, bound, **kw))

        async def connect_unix_socket(self, path: str, timeout: Any = None, **kw: Any) -> Any:
            bound = _remaining(timeout, core.ConnectTimeout)
            return AsyncStream(await self._inner.connect_unix_socket(path, bound, **kw))

        async def sleep(self, seconds: float) -> None:
            await self._inner.sleep(seconds)

    def bound_pool(transport: Any, backend: type[Any]) -> None:
        # httpx keeps its connection pool private; where it cannot be reached, the deadline
        # still holds between the reads of the body (checked in the body stream below).
        pool = getattr(transport, "_pool", None)
        inner = getattr(pool, "_network_backend", None)
        if pool is not None and inner is not None and not isinstance(inner, backend):
            pool._network_backend = backend(inner)

    def start(request: Any, total: float) -> tuple[float, int | None]:
        deadline = time.monotonic() + total
        limits = dict(request.extensions.get("timeout") or {})
        for phase in ("connect", "read", "write", "pool"):
            value = limits.get(phase)
            limits[phase] = total if value is None else min(value, total)
        request.extensions["timeout"] = limits
        return deadline, _reply_cap(request)

    class Transport(http.BaseTransport):  # type: ignore[misc]
        def __init__(self, inner: Any, total: float) -> None:
            self._inner = inner
            self._total = total
            bound_pool(inner, Backend)

        def handle_request(self, request: Any) -> Any:
            deadline, cap = start(request, self._total)
            token = _deadline.set(deadline)
            try:
                response = self._inner.handle_request(request)
            finally:
                _deadline.reset(token)
            length = response.headers.get("content-length", "")
            if cap is not None and length.isdigit() and int(length) > cap:
                response.close()
                raise _too_large(int(length), cap)
            stream = Body(response.stream, deadline, cap)
            return http.Response(
                response.status_code,
                headers=response.headers,
                stream=stream,
                extensions=response.extensions,
            )

        def close(self) -> None:
            self._inner.close()

    class Body(http.SyncByteStream):  # type: ignore[misc]
        def __init__(self, inner: Any, deadline: float, cap: int | None) -> None:
            self._inner, self._deadline, self._cap = inner, deadline, cap

        def __iter__(self) -> Iterator[bytes]:
            chunks = iter(self._inner)
            size = 0
            while True:
                token = _deadline.set(self._deadline)
                try:
                    _remaining(None, http.ReadTimeout)
                    chunk = next(chunks, None)
                finally:
                    _deadline.reset(token)
                if chunk is None:
                    return
                size += len(chunk)
                if self._cap is not None and size > self._cap:
                    raise _too_large(size, self._cap)
                yield chunk

        def close(self) -> None:
            self._inner.close()

    class AsyncTransport(http.AsyncBaseTransport):  # type: ignore[misc]
        def __init__(self, inner: Any, total: float) -> None:
            self._inner = inner
            self._total = total
            bound_pool(inner, AsyncBackend)

        async def handle_async_request(self, request: Any) -> Any:
            deadline, cap = start(request, self._total)
            token = _deadline.set(deadline)
            try:
                response = await self._inner.handle_async_request(request)
            finally:
                _deadline.reset(token)
            length = response.headers.get("content-length", "")
            if cap is not None and length.isdigit() and int(length) > cap:
                await response.aclose()
                raise _too_large(int(length), cap)
            return http.Response(
                response.status_code,
                headers=response.headers,
                stream=AsyncBody(response.stream, deadline, cap),
                extensions=response.extensions,
            )

        async def aclose(self) -> None:
            await self._inner.aclose()

    class AsyncBody(http.AsyncByteStream):  # type: ignore[misc]
        def __init__(self, inner: Any, deadline: float, cap: int | None) -> None:
            self._inner, self._deadline, self._cap = inner, deadline, cap

        async def __aiter__(self) -> AsyncIterator[bytes]:
            chunks = self._inner.__aiter__()
            size = 0
            while True:
                token = _deadline.set(self._deadline)
                try:
                    _remaining(None, http.ReadTimeout)
                    chunk = await anext(chunks, None)
                finally:
                    _deadline.reset(token)
                if chunk is None:
                    return
                size += len(chunk)
                if self._cap is not None and size > self._cap:
                    raise _too_large(size, self._cap)
                yield chunk

        async def aclose(self) -> None:
            await self._inner.aclose()

    class Client(openai.DefaultHttpxClient):
        """The SDK's default client, with a deadline on every transport it makes."""

        def __init__(self, *, total: float, **kwargs: Any) -> None:
            self._briefer_total = total
            super().__init__(**kwargs)

        def _init_transport(self, *args: Any, **kwargs: Any) -> Any:
            return Transport(super()._init_transport(*args, **kwargs), self._briefer_total)

        def _init_proxy_transport(self, *args: Any, **kwargs: Any) -> Any:
            return Transport(super()._init_proxy_transport(*args, **kwargs), self._briefer_total)

    class AsyncClient(openai.DefaultAsyncHttpxClient):
        """The SDK's default async client, with a deadline on every transport it makes."""

        def __init__(self, *, total: float, **kwargs: Any) -> None:
            self._briefer_total = total
            super().__init__(**kwargs)

        def _init_transport(self, *args: Any, **kwargs: Any) -> Any:
            inner = super()._init_transport(*args, **kwargs)
            return AsyncTransport(inner, self._briefer_total)

        def _init_proxy_transport(self, *args: Any, **kwargs: Any) -> Any:
            inner = super()._init_proxy_transport(*args, **kwargs)
            return AsyncTransport(inner, self._briefer_total)

    return Client, AsyncClient
