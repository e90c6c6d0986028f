"""fetch_url: http(s) only at every hop, no private addresses unless allowed, one deadline.

A small web site runs on loopback. Loopback is itself a private address, so the tests either
allow private hosts, or play "the internet": a resolver gives public addresses to made-up
host names, and connections to those addresses are routed to the site on loopback.
"""

from __future__ import annotations

import http.server
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from briefer.articles import fetch_url, read_articles
from briefer.articles._fetch import is_public_address
from briefer.errors import ArticleError

PAGE = b"""<!doctype html><html><head><title>Budget fails | Daily</title>
<meta property="og:title" content="Budget fails">
<link rel="canonical" href="https://example.com/budget"></head>
<body><article><h1>Budget fails</h1><p>The budget vote failed on Tuesday night.</p>
<p>Ministers met late into the night to find a compromise.</p></article></body></html>"""

TEXT = "Plain headline\n\nPlain body about the council vote on Monday."


@dataclass
class Site:
    """A web site on loopback: routes by path, and the paths it was asked for."""

    port: int = 0
    requests: list[str] = field(default_factory=list)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"


Route = Callable[[http.server.BaseHTTPRequestHandler], None]


def _answer(status: int, body: bytes = b"", **headers: str) -> Route:
    def send(handler: http.server.BaseHTTPRequestHandler) -> None:
        handler.send_response(status)
        for name, value in {"Content-Length": str(len(body)), **headers}.items():
            handler.send_header(name.replace("_", "-"), value)
        handler.end_headers()
        handler.wfile.write(body)

    return send


def _redirect(handler: http.server.BaseHTTPRequestHandler) -> None:
    target = parse_qs(urlsplit(handler.path).query)["to"][0]
    _answer(302, Location=target)(handler)


def _trickle(data: bytes, handler: http.server.BaseHTTPRequestHandler) -> None:
    """68 bytes a second, for at most a minute: each read gets a byte, none waits long."""
    stop = time.monotonic() + 60
    try:
        for byte in data:
            if time.monotonic() > stop:
                return
            handler.wfile.write(bytes([byte]))
            handler.wfile.flush()
            time.sleep(1 / 68)
    except OSError:
        return  # the client gave up: what it should do


def _slow_body(handler: http.server.BaseHTTPRequestHandler) -> None:
    body = TEXT.encode() + b" more" * 2000
    handler.send_response(200)
    handler.send_header("Content-Type", "text/plain")
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.flush()
    _trickle(body, handler)


def _slow_headers(handler: http.server.BaseHTTPRequestHandler) -> None:
    handler.wfile.write(b"HTTP/1.1 200 OK\r\n")
    _trickle(b"X-Padding: " + b"a" * 8000 + b"\r\n\r\n", handler)


ROUTES: dict[str, Route] = {
    "/page": _answer(200, PAGE, Content_Type="text/html; charset=utf-8"),
    "/plain": _answer(200, TEXT.encode(), Content_Type="text/plain"),
    "/close": _answer(200, TEXT.encode(), Content_Type="text/plain", Connection="close"),
    "/gone": _answer(404, b"not here", Content_Type="text/plain"),
    "/redirect": _redirect,
    "/loop": _answer(302, Location="/loop"),
    "/slow-body": _slow_body,
    "/slow-headers": _slow_headers,
}


@pytest.fixture
def site() -> Iterator[Site]:
    state = Site()

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
            state.requests.append(self.path)
            path = urlsplit(self.path).path
            if path.startswith("/charset/"):
                charset, _, encoding = path.removeprefix("/charset/").partition("/")
                body = "Prix\n\nLe ministre a déclaré que la réforme était prête.".encode(
                    encoding or "utf-8"
                )
                _answer(200, body, Content_Type=f"text/plain; charset={charset}")(self)
                return
            ROUTES.get(path, _answer(404))(self)

        def log_message(self, *_: Any) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.port = httpd.server_address[1]
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield state
    httpd.shutdown()
    httpd.server_close()


PUBLIC = {"news.example": "93.184.215.14", "other.example": "93.184.215.15"}


@dataclass
class Internet:
    """Made-up public hosts served by the site, and where each connection went."""

    names: dict[str, list[str]]
    connected: list[str] = field(default_factory=list)
    lookups: list[str] = field(default_factory=list)

    def resolve(self, host: str, port: int) -> list[str]:
        self.lookups.append(host)
        if host in self.names:
            return self.names[host]
        return [str(info[4][0]) for info in socket.getaddrinfo(host, port)]


@pytest.fixture
def internet(site: Site, monkeypatch: pytest.MonkeyPatch) -> Internet:
    net = Internet(names={name: [address] for name, address in PUBLIC.items()})
    net.names["intranet.example"] = ["10.1.2.3"]
    real = socket.create_connection

    def route(address: tuple[str, int], *args: Any, **kwargs: Any) -> socket.socket:
        net.connected.append(address[0])
        if address[0] in PUBLIC.values():
            address = ("127.0.0.1", site.port)  # the public address is served by the site
        return real(address, *args, **kwargs)

    monkeypatch.setattr(socket, "create_connection", route)
    return net


def _news(path: str) -> str:
    return f"http://news.example{path}"


# ---- what may be fetched ---------------------------------------------------------------


def test_a_page_on_this_machine_is_refused_by_default(site: Site) -> None:
    with pytest.raises(ArticleError, match=r"127\.0\.0\.1 is a private address"):
        fetch_url(site.url("/page"))
    assert site.requests == []


def test_allow_private_hosts_fetches_from_your_own_network(site: Site) -> None:
    article = fetch_url(site.url("/page"), allow_private_hosts=True)
    assert article.title == "Budget fails"
    assert article.text.startswith("The budget vote failed on Tuesday night.")
    assert (article.url, article.source) == ("https://example.com/budget", "127.0.0.1")


def test_read_articles_passes_allow_private_hosts_on(site: Site) -> None:
    assert read_articles([site.url("/plain")]).articles == []
    read = read_articles([site.url("/plain")], allow_private_hosts=True)
    assert [a.title for a in read.articles] == ["Plain headline"]


def test_a_public_page_is_fetched_from_the_address_that_was_checked(internet: Internet) -> None:
    article = fetch_url(_news("/plain"), resolver=internet.resolve)
    assert (article.title, article.url, article.source) == (
        "Plain headline",
        "http://news.example/plain",
        "news.example",
    )
    assert internet.connected == [PUBLIC["news.example"]]


def test_a_name_that_changes_its_answer_cannot_redirect_the_connection(
    internet: Internet, site: Site
) -> None:
    answers = iter([[PUBLIC["news.example"]], ["127.0.0.1"], ["127.0.0.1"]])

    def rebinding(host: str, _port: int) -> list[str]:
        internet.lookups.append(host)
        return next(answers)

    fetch_url(_news("/plain"), resolver=rebinding)
    # One lookup, checked, and the connection made to that answer: never to 127.0.0.1.
    assert internet.lookups == ["news.example"]
    assert internet.connected == [PUBLIC["news.example"]]
    assert site.requests == ["/plain"]


@pytest.mark.parametrize(
    ("target", "reason"),
    [
        pytest.param("ftp://files.example/a.txt", "only http:// and https://", id="ftp"),
        pytest.param("file:///etc/passwd", "only http:// and https://", id="file"),
        pytest.param("javascript:alert(1)", "only http:// and https://", id="javascript"),
        pytest.param("gopher://x.example:70/1", "only http:// and https://", id="gopher"),
        pytest.param("http://127.0.0.1:{port}/page", "private address", id="loopback"),
        pytest.param("http://localhost:{port}/page", "private address", id="localhost"),
        pytest.param("http://2130706433:{port}/page", "private address", id="decimal-ip"),
        pytest.param("http://[::1]:{port}/page", "private address", id="ipv6-loopback"),
        pytest.param("http://169.254.169.254/latest/meta-data/", "private", id="metadata"),
        pytest.param("http://intranet.example/wiki", "private address", id="intranet-name"),
        pytest.param("http://[::ffff:10.0.0.1]/", "private address", id="mapped-ipv6"),
    ],
)
def test_a_redirect_is_checked_like_the_first_url(
    internet: Internet, site: Site, target: str, reason: str
) -> None:
    location = target.format(port=site.port)
    with pytest.raises(ArticleError, match=reason) as caught:
        fetch_url(_news(f"/redirect?to={location}"), resolver=internet.resolve)
    assert len(str(caught.value).splitlines()) == 1
    assert [urlsplit(p).path for p in site.requests] == ["/redirect"]
    assert internet.connected == [PUBLIC["news.example"]]


def test_redirects_between_public_pages_are_followed(internet: Internet) -> None:
    article = fetch_url(_news("/redirect?to=http://other.example/plain"), resolver=internet.resolve)
    assert article.url == "http://other.example/plain"
    assert internet.connected == [PUBLIC["news.example"], PUBLIC["other.example"]]


def test_a_redirect_loop_stops(internet: Internet) -> None:
    with pytest.raises(ArticleError, match="more than 5 redirects"):
        fetch_url(_news("/loop"), resolver=internet.resolve)


def test_a_name_that_resolves_to_a_private_address_is_never_connected(
    internet: Internet,
) -> None:
    with pytest.raises(ArticleError, match=r"intranet\.example is a private address"):
        fetch_url("http://intranet.example/wiki", resolver=internet.resolve)
    assert internet.connected == []


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1", "127.8.9.10", "10.0.0.1", "172.16.5.4", "192.168.1.1", "169.254.169.254",
        "100.64.0.1", "0.0.0.0", "224.0.0.1", "255.255.255.255", "240.0.0.1", "::1", "::",
        "fe80::1", "fe80::1%eth0", "fc00::1", "fd12:3456::1", "ff02::1", "::ffff:127.0.0.1",
        "::ffff:192.168.0.1", "64:ff9b::7f00:1", "2002:7f00:1::", "2002:c0a8:101::1", "junk",
    ],
)  # fmt: skip
def test_private_and_special_addresses_are_not_public(address: str) -> None:
    assert not is_public_address(address)


@pytest.mark.parametrize(
    "address", ["93.184.215.14", "8.8.8.8", "2606:4700:4700::1111", "64:ff9b::808:808"]
)
def test_public_addresses_are_public(address: str) -> None:
    assert is_public_address(address)


# ---- everything else a fetch can meet --------------------------------------------------


def test_fetch_url_keeps_the_url_of_a_plain_text_page(site: Site) -> None:
    article = fetch_url(site.url("/plain"), allow_private_hosts=True)
    assert (article.title, article.url) == ("Plain headline", site.url("/plain"))


def test_fetch_url_reads_a_body_after_the_server_closes_the_connection(site: Site) -> None:
    assert fetch_url(site.url("/close"), allow_private_hosts=True).title == "Plain headline"


def test_fetch_url_http_error_is_an_article_error(site: Site) -> None:
    with pytest.raises(ArticleError, match="HTTP 404 Not Found"):
        fetch_url(site.url("/gone"), allow_private_hosts=True)


def test_fetch_url_over_limit_is_refused(site: Site) -> None:
    with pytest.raises(ArticleError, match="over the 10-byte limit"):
        fetch_url(site.url("/plain"), max_bytes=10, allow_private_hosts=True)


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.com/a", "example.com/a"])
def test_fetch_url_refuses_other_schemes(url: str) -> None:
    with pytest.raises(ArticleError, match="only http:// and https:// urls"):
        fetch_url(url)


def test_fetch_url_connection_refused_is_an_article_error() -> None:
    with socket.socket() as probe:  # a port nobody listens on once this socket is closed
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(ArticleError, match="cannot fetch: Connection refused"):
        fetch_url(f"http://127.0.0.1:{port}/x", timeout=5, allow_private_hosts=True)


@pytest.mark.parametrize("path", ["/slow-body", "/slow-headers"])
def test_a_server_sending_68_bytes_a_second_is_cut_off_at_the_timeout(
    site: Site, path: str
) -> None:
    # Every read gets a byte well within any per-read timeout: only a deadline stops this.
    with pytest.raises(ArticleError, match=r"cannot fetch: timed out after 2s"):
        fetch_url(site.url(path), timeout=2, allow_private_hosts=True)


@pytest.mark.parametrize(
    "charset", ["rot13", "zlib", "base64", "hex", "uu", "punycode", "idna", "no-such-thing"]
)
def test_a_charset_that_is_no_text_encoding_is_ignored(site: Site, charset: str) -> None:
    article = fetch_url(site.url(f"/charset/{charset}"), allow_private_hosts=True)
    assert article.text == "Le ministre a déclaré que la réforme était prête."


@pytest.mark.parametrize("charset", ["rot13", "base64", "no-such-thing"])
def test_undecodable_text_under_a_bogus_charset_is_one_line(site: Site, charset: str) -> None:
    with pytest.raises(ArticleError, match=f"declared charset '{charset}' is") as caught:
        fetch_url(site.url(f"/charset/{charset}/latin-1"), allow_private_hosts=True)
    assert len(str(caught.value).splitlines()) == 1


def test_a_declared_charset_that_is_real_is_used(site: Site) -> None:
    article = fetch_url(site.url("/charset/iso-8859-1/latin-1"), allow_private_hosts=True)
    assert article.text.endswith("était prête.")
