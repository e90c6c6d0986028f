"""Fetching an article from an http(s) URL."""

from __future__ import annotations

import http.client
import urllib.error
import urllib.request
from urllib.parse import urlsplit

from briefer._version import __version__
from briefer.articles._decode import parse_bytes, too_large
from briefer.errors import ArticleError
from briefer.schema import Article

__all__ = ["MAX_ARTICLE_BYTES", "fetch_url"]

MAX_ARTICLE_BYTES = 5_000_000
"""Largest input read, in bytes: far above any article, small enough to refuse a data dump."""


def fetch_url(url: str, *, timeout: float = 20.0, max_bytes: int = MAX_ARTICLE_BYTES) -> Article:
    """Download a web page (or a text, JSON or feed document) and read its article.

    Raises:
        ArticleError: The url is not http(s), the request fails or times out, the answer is
            over ``max_bytes``, or it holds no single article.
    """
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ArticleError("only http:// and https:// urls can be fetched", source=url)
    request = urllib.request.Request(
        url, headers={"User-Agent": f"briefer/{__version__}", "Accept": "text/html, */*;q=0.8"}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            length = response.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > max_bytes:
                raise ArticleError(too_large(int(length), max_bytes), source=url)
            data = response.read(max_bytes + 1)
            content_type = response.headers.get_content_type()
            charset = response.headers.get_content_charset()
            final_url = response.geturl()
    except urllib.error.HTTPError as exc:
        raise ArticleError(f"HTTP {exc.code} {exc.reason}", source=url) from None
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, TimeoutError):
            reason = f"timed out after {timeout:g}s"
        raise ArticleError(f"cannot fetch: {reason}", source=url) from None
    except TimeoutError:
        raise ArticleError(f"cannot fetch: timed out after {timeout:g}s", source=url) from None
    except (OSError, http.client.HTTPException) as exc:
        raise ArticleError(f"cannot fetch: {exc}", source=url) from None
    if len(data) > max_bytes:
        raise ArticleError(too_large(len(data), max_bytes), source=url)
    kind = _kind_from_content_type(content_type)
    host = urlsplit(final_url).hostname or parts.hostname
    articles, failures = parse_bytes(data, kind, source=host, label=url, charset=charset)
    if failures:
        raise ArticleError(failures[0][1], source=failures[0][0])
    if len(articles) != 1:
        raise ArticleError(f"holds {len(articles)} articles, expected one", source=url)
    article = articles[0]
    if not (article.url or "").startswith(("http://", "https://")):
        article = article.model_copy(update={"url": final_url})
    return article


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
