"""Fetching an article from an http(s) URL, with nothing followed that should not be.

- Only ``http`` and ``https``, for the URL given and for every redirect (at most five).
- Each hop's host is resolved once, every address it resolves to is checked, and the
  connection is made to a checked address: a DNS answer that changes between the check and
  the connection cannot send the request elsewhere. Loopback, private, link-local, shared,
  multicast, reserved and unspecified addresses (also inside IPv4-mapped, 6to4 and NAT64
  IPv6 addresses) are refused unless ``allow_private_hosts``.
- One deadline for the whole fetch, redirects included: every connect, handshake and read
  waits at most until it, so a server that sends a byte a second is cut off at ``timeout``.
- At most ``max_bytes`` are read.

The connection is direct: proxy variables (``HTTPS_PROXY``) are not used, since a proxy
would resolve the name again, out of briefer's sight.
"""

from __future__ import annotations

import http.client
import io
import ipaddress
import socket
import ssl
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any
from urllib.parse import urljoin, urlsplit

from briefer._version import __version__
from briefer.articles._decode import parse_bytes, too_large
from briefer.errors import ArticleError
from briefer.schema import Article

__all__ = ["MAX_ARTICLE_BYTES", "Resolver", "fetch_url", "is_public_address"]

MAX_ARTICLE_BYTES = 5_000_000
"""Largest input read, in bytes: far above any article, small enough to refuse a data dump."""

MAX_REDIRECTS = 5

Resolver = Callable[[str, int], Sequence[str]]
"""``(host, port) -> addresses``: how a host name becomes IP addresses (``socket.getaddrinfo``
by default); tests and custom DNS set up pass their own."""

_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")


def is_public_address(address: str) -> bool:
    """True when ``address`` is a globally reachable unicast IP address.

    False for loopback, private (RFC 1918, unique local), link-local (cloud metadata at
    169.254.169.254), shared (100.64/10), multicast, reserved and unspecified addresses, and
    for IPv6 addresses that embed such an IPv4 address (mapped, 6to4, NAT64).
    """
    try:
        ip: ipaddress.IPv4Address | ipaddress.IPv6Address = ipaddress.ip_address(
            address.split("%", 1)[0]
        )
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            ip = ip.ipv4_mapped
        elif ip.sixtofour is not None:
            ip = ip.sixtofour
        elif ip in _NAT64:
            ip = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return ip.is_global and not (ip.is_multicast or ip.is_reserved or ip.is_unspecified)


def fetch_url(
    url: str,
    *,
    timeout: float = 20.0,
    max_bytes: int = MAX_ARTICLE_BYTES,
    allow_private_hosts: bool = False,
    resolver: Resolver | None = None,
) -> Article:
    """Download a web page (or a text, JSON or feed document) and read its article.

    Args:
        url: an ``http://`` or ``https://`` URL.
        timeout: seconds for the whole fetch, redirects included.
        max_bytes: the largest answer read.
        allow_private_hosts: also fetch from loopback, private and link-local addresses (an
            intranet); by default they are refused, at every redirect.
        resolver: ``(host, port) -> addresses``; the system resolver by default.

    Raises:
        ArticleError: The url (or a redirect) is not http(s) or leads to a refused address,
            the request fails or runs past ``timeout``, the answer is over ``max_bytes``, or
            it holds no single article.
    """
    deadline = time.monotonic() + timeout
    try:
        page = _download(url, deadline, max_bytes, allow_private_hosts, resolver or _resolve)
    except ArticleError:
        raise
    except TimeoutError:
        raise ArticleError(f"cannot fetch: timed out after {timeout:g}s", source=url) from None
    except socket.gaierror as exc:
        reason = f"cannot fetch: cannot resolve the host ({exc.strerror})"
        raise ArticleError(reason, source=url) from None
    except ssl.SSLError as exc:
        raise ArticleError(f"cannot fetch: TLS failed ({exc.reason or exc})", source=url) from None
    except OSError as exc:
        raise ArticleError(f"cannot fetch: {exc.strerror or exc}", source=url) from None
    except (http.client.HTTPException, ValueError) as exc:
        reason = str(exc) or type(exc).__name__
        raise ArticleError(f"cannot fetch: bad HTTP answer ({reason})", source=url) from None
    if len(page.data) > max_bytes:
        raise ArticleError(too_large(len(page.data), max_bytes), source=url)
    kind = _kind_from_content_type(page.content_type)
    host = urlsplit(page.url).hostname
    articles, failures = parse_bytes(page.data, kind, source=host, label=url, charset=page.charset)
    if failures:
        raise ArticleError(failures[0][1], source=failures[0][0])
    if len(articles) != 1:
        raise ArticleError(f"holds {len(articles)} articles, expected one", source=url)
    article = articles[0]
    if not (article.url or "").startswith(("http://", "https://")):
        article = article.model_copy(update={"url": page.url})
    return article


@dataclass(frozen=True)
class _Page:
    url: str
    data: bytes
    content_type: str
    charset: str | None


def _download(
    url: str, deadline: float, max_bytes: int, allow_private: bool, resolver: Resolver
) -> _Page:
    current = url
    for hop in range(MAX_REDIRECTS + 1):
        parts = urlsplit(current)
        if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
            what = f"redirected to {current[:200]}: " if hop else ""
            raise ArticleError(f"{what}only http:// and https:// urls can be fetched", source=url)
        https = parts.scheme.lower() == "https"
        try:
            port = parts.port or (443 if https else 80)
        except ValueError:
            raise ArticleError(f"not a valid port in {current[:200]}", source=url) from None
        address = _checked_address(parts.hostname, port, resolver, deadline, allow_private, url)
        connection = _connection(https, parts.hostname, port, address, deadline)
        try:
            target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
            connection.request("GET", target, headers=_HEADERS)
            response = connection.getresponse()
            if response.status in (301, 302, 303, 307, 308):
                location = response.getheader("Location")
                if not location:
                    raise ArticleError(f"HTTP {response.status} with no Location", source=url)
                current = urljoin(current, location.strip())
                continue
            if response.status >= 400:
                raise ArticleError(f"HTTP {response.status} {response.reason}", source=url)
            length = response.getheader("Content-Length", "")
            if length.isdigit() and int(length) > max_bytes:
                raise ArticleError(too_large(int(length), max_bytes), source=url)
            data = response.read(max_bytes + 1)
            return _Page(
                url=current,
                data=data,
                content_type=response.headers.get_content_type(),
                charset=response.headers.get_content_charset(),
            )
        finally:
            connection.close()
    raise ArticleError(f"more than {MAX_REDIRECTS} redirects", source=url)


_HEADERS = {
    "User-Agent": f"briefer/{__version__}",
    "Accept": "text/html, */*;q=0.8",
    "Accept-Encoding": "identity",
}


def _checked_address(
    host: str, port: int, resolver: Resolver, deadline: float, allow_private: bool, url: str
) -> str:
    """The address to connect to: one the host resolves to that may be fetched from."""
    addresses = list(_with_deadline(lambda: resolver(host, port), deadline))
    if not addresses:
        raise ArticleError(f"cannot fetch: {host} resolves to no address", source=url)
    if allow_private:
        return addresses[0]
    for address in addresses:
        if is_public_address(address):
            return address
    raise ArticleError(
        f"cannot fetch: {host} is a private address ({addresses[0]}); "
        "pass allow_private_hosts (--allow-private-hosts) to fetch from your own network",
        source=url,
    )


def _resolve(host: str, port: int) -> list[str]:
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def _with_deadline(work: Callable[[], Sequence[str]], deadline: float) -> Sequence[str]:
    """Run a name lookup (which has no timeout of its own) so that it ends by the deadline."""
    outcome: list[Sequence[str] | BaseException] = []

    def run() -> None:
        try:
            outcome.append(work())
        except BaseException as exc:  # noqa: BLE001 - handed back to the caller below
            outcome.append(exc)

    worker = threading.Thread(target=run, daemon=True, name="briefer-resolve")
    worker.start()
    worker.join(_remaining(deadline))
    if not outcome:
        raise TimeoutError("name lookup")
    if isinstance(outcome[0], BaseException):
        raise outcome[0]
    return outcome[0]


def _remaining(deadline: float) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise TimeoutError("deadline")
    return left


class _DeadlineReader(io.RawIOBase):
    """A socket's bytes, each read waiting at most until the fetch's deadline."""

    def __init__(self, sock: socket.socket, deadline: float) -> None:
        self._sock = sock
        # A file of its own keeps the socket open for the body after the connection closes.
        self._file = sock.makefile("rb", buffering=0)
        self._deadline = deadline

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        self._sock.settimeout(_remaining(self._deadline))
        return int(self._file.readinto(buffer) or 0)

    def close(self) -> None:
        self._file.close()
        super().close()


def _response_class(deadline: float) -> type[http.client.HTTPResponse]:
    class _Response(http.client.HTTPResponse):
        def __init__(self, sock: socket.socket, *args: Any, **kwargs: Any) -> None:
            super().__init__(sock, *args, **kwargs)
            self.fp.close()
            self.fp = io.BufferedReader(_DeadlineReader(sock, deadline))

    return _Response


class _PinnedHTTP(http.client.HTTPConnection):
    """HTTP to ``host`` (its Host header) over a connection to the checked ``address``."""

    def __init__(self, host: str, port: int, address: str, deadline: float) -> None:
        super().__init__(host, port)
        self.address = address
        self.deadline = deadline
        self.response_class = _response_class(deadline)

    def connect(self) -> None:
        self.sock = self._open()

    def _open(self) -> socket.socket:
        sock = socket.create_connection(
            (self.address, self.port), timeout=_remaining(self.deadline)
        )
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return sock


class _PinnedHTTPS(_PinnedHTTP):
    """HTTPS: the certificate is checked against the host name, not the address."""

    default_port = 443

    def connect(self) -> None:
        sock = self._open()
        sock.settimeout(_remaining(self.deadline))  # the whole handshake, not each read
        self.sock = _tls().wrap_socket(sock, server_hostname=self.host)


@cache
def _tls() -> ssl.SSLContext:
    return ssl.create_default_context()


def _connection(
    https: bool, host: str, port: int, address: str, deadline: float
) -> http.client.HTTPConnection:
    kind = _PinnedHTTPS if https else _PinnedHTTP
    return kind(host, port, address, deadline)


def _kind_from_content_type(content_type: str) -> str | None:
    if "html" in content_type:
        return "html"
    if content_type in ("application/x-ndjson", "application/jsonl"):
        return "jsonl"
    if "json" in content_type:
        return "json"
    if content_type in ("application/rss+xml", "application/atom+xml", "application/rdf+xml"):
        return "feed"
    if content_type in ("text/markdown", "text/x-markdown"):
        return "md"
    if content_type == "text/plain":
        return "txt"
    return None  # decided from the content
