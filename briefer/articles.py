"""Reading articles: files, folders, standard input and web pages into ``Article``.

Formats: plain text and Markdown, HTML, JSON and JSON Lines, RSS and Atom feeds. Unreadable
input raises ``ArticleError`` with one line saying what is wrong; ``read_articles`` collects
those per file instead, so one bad file never loses the rest of a day's articles.
"""

from __future__ import annotations

import codecs
import http.client
import re
import sys
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from urllib.parse import urlsplit

from briefer.articles_feeds import looks_like_feed, parse_feed
from briefer.articles_html import extract_html
from briefer.articles_json import parse_json, parse_jsonl
from briefer.articles_text import split_text_article
from briefer.errors import ArticleError
from briefer.schema import Article

__all__ = [
    "MAX_ARTICLE_BYTES",
    "SUPPORTED_SUFFIXES",
    "ReadResult",
    "fetch_url",
    "parse_article_text",
    "read_article",
    "read_articles",
]

MAX_ARTICLE_BYTES = 5_000_000
"""Largest input read, in bytes: far above any article, small enough to refuse a data dump."""

SUPPORTED_SUFFIXES: dict[str, str] = {
    ".txt": "txt",
    ".text": "txt",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".xml": "feed",
    ".rss": "feed",
    ".atom": "feed",
}
"""File name endings read from a folder, and the format each one is read as."""

_KIND_ALIASES = {
    **{suffix[1:]: kind for suffix, kind in SUPPORTED_SUFFIXES.items()},
    "feed": "feed",
}

Failures = list[tuple[str, str]]


@dataclass(frozen=True)
class ReadResult:
    """The articles read from a set of inputs, and the inputs that could not be read."""

    articles: list[Article]
    failures: list[tuple[str, str]]
    """``(source, reason)`` for every file, line or item left out."""


def read_article(path: str | Path, *, max_bytes: int = MAX_ARTICLE_BYTES) -> Article:
    """Read one article from a file, or from standard input when ``path`` is ``"-"``.

    The format comes from the file name ending (see ``SUPPORTED_SUFFIXES``); other files, and
    standard input, are recognized by their content.

    Raises:
        ArticleError: The file is missing, a folder, empty, binary, not UTF-8, larger than
            ``max_bytes``, holds no article text, or holds more than one article.
    """
    if str(path) == "-":
        articles, failures = _read_stdin(max_bytes)
        label = "stdin"
    else:
        articles, failures = _read_file(Path(path), max_bytes)
        label = str(path)
    if failures:
        where, reason = failures[0]
        raise ArticleError(reason, source=where)
    if len(articles) != 1:
        raise ArticleError(
            f"holds {len(articles)} articles; read it with read_articles", source=label
        )
    return articles[0]


def read_articles(
    inputs: Sequence[str | Path], *, max_bytes: int = MAX_ARTICLE_BYTES
) -> ReadResult:
    """Read every article from files, folders, ``http(s)://`` urls and ``"-"`` (stdin).

    A folder contributes each supported file directly inside it (not its subfolders), in
    name order, skipping hidden files. A file that cannot be read, or a bad line or item
    inside one, becomes a failure and the rest are still read.

    Raises:
        ArticleError: No input was given, or none of the given paths exists.
    """
    if isinstance(inputs, str | Path):
        inputs = [inputs]
    if not inputs:
        raise ArticleError("no input given")
    articles: list[Article] = []
    failures: Failures = []
    missing: list[str] = []
    for item in inputs:
        name = str(item)
        if isinstance(item, str) and item.startswith(("http://", "https://")):
            try:
                articles.append(fetch_url(item, max_bytes=max_bytes))
            except ArticleError as exc:
                failures.append((item, _reason(exc)))
            continue
        if name == "-":
            _collect(partial(_read_stdin, max_bytes), "stdin", articles, failures)
            continue
        path = Path(item)
        if not path.exists():
            missing.append(name)
            failures.append((name, "no such file"))
            continue
        files = folder_files(path) if path.is_dir() else [path]
        if not files:
            failures.append((name, "no supported files in the folder"))
        for file in files:
            _collect(partial(_read_file, file, max_bytes), str(file), articles, failures)
    if len(missing) == len(inputs):
        raise ArticleError(f"no such file: {', '.join(missing)}")
    return ReadResult(articles=articles, failures=failures)


def folder_files(folder: Path) -> list[Path]:
    """The files ``read_articles`` reads from ``folder``: supported, visible, sorted by name."""
    return sorted(
        entry
        for entry in folder.iterdir()
        if entry.is_file()
        and not entry.name.startswith(".")
        and entry.suffix.lower() in SUPPORTED_SUFFIXES
    )


def parse_article_text(raw: str, *, source: str | None = None, kind: str = "txt") -> Article:
    """Make one article from text already in memory.

    Args:
        raw: The document.
        source: Where it came from (a file or outlet name), kept as ``Article.source``.
        kind: Its format: ``txt``, ``md``, ``html``, ``json``, ``jsonl`` or ``feed``
            (file name endings such as ``htm`` or ``rss`` are accepted too).

    Raises:
        ArticleError: The text is empty, holds no article, or holds more than one.
        UsageError: ``kind`` is not a known format.
    """
    fmt = _KIND_ALIASES.get(kind.lower().lstrip("."))
    if fmt is None:
        from briefer.errors import UsageError

        known = ", ".join(sorted(set(_KIND_ALIASES)))
        raise UsageError(f"unknown article format {kind!r}; use one of {known}")
    label = source or "text"
    if fmt == "feed":
        # The text is already decoded: drop an encoding the XML declaration may still claim.
        raw = re.sub(r"^(\s*<\?xml[^>]*?)\s+encoding=['\"][^'\"]*['\"]", r"\1", raw)
        articles, failures = _parse(raw.encode("utf-8"), raw, fmt, source=source, label=label)
    else:
        articles, failures = _parse(b"", raw, fmt, source=source, label=label)
    if failures:
        raise ArticleError(failures[0][1], source=failures[0][0])
    if len(articles) != 1:
        raise ArticleError(f"holds {len(articles)} articles, expected one", source=label)
    return articles[0]


def fetch_url(url: str, *, timeout: float = 20.0, max_bytes: int = MAX_ARTICLE_BYTES) -> Article:
    """Download a web page (or a text, JSON or feed document) and read its article.

    Raises:
        ArticleError: The url is not http(s), the request fails or times out, the answer is
            over ``max_bytes``, or it holds no single article.
    """
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ArticleError("only http:// and https:// urls can be fetched", source=url)
    from briefer import __version__

    request = urllib.request.Request(
        url, headers={"User-Agent": f"briefer/{__version__}", "Accept": "text/html, */*;q=0.8"}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            length = response.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > max_bytes:
                raise ArticleError(_too_large(int(length), max_bytes), source=url)
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
        raise ArticleError(_too_large(len(data), max_bytes), source=url)
    kind = _kind_from_content_type(content_type)
    host = urlsplit(final_url).hostname or parts.hostname
    articles, failures = _parse_bytes(data, kind, source=host, label=url, charset=charset)
    if failures:
        raise ArticleError(failures[0][1], source=failures[0][0])
    if len(articles) != 1:
        raise ArticleError(f"holds {len(articles)} articles, expected one", source=url)
    article = articles[0]
    if not (article.url or "").startswith(("http://", "https://")):
        article = article.model_copy(update={"url": final_url})
    return article


# ---- reading bytes ----------------------------------------------------------------------


def _collect(
    read: Callable[[], tuple[list[Article], Failures]],
    label: str,
    articles: list[Article],
    failures: Failures,
) -> None:
    try:
        found, failed = read()
    except ArticleError as exc:
        failures.append((exc.source or label, _reason(exc)))
        return
    articles.extend(found)
    failures.extend(failed)


def _reason(exc: ArticleError) -> str:
    """The message without the ``source: `` prefix ArticleError puts in front."""
    text = str(exc)
    return text.removeprefix(f"{exc.source}: ") if exc.source else text


def _too_large(size: int, max_bytes: int) -> str:
    return f"{size:,} bytes is over the {max_bytes:,}-byte limit"


def _read_file(path: Path, max_bytes: int) -> tuple[list[Article], Failures]:
    label = str(path)
    if path.is_dir():
        raise ArticleError("is a folder, not a file (read_articles reads folders)", source=label)
    try:
        # Size first: a 50 MB file must be refused without reading it into memory.
        size = path.stat().st_size
        if size > max_bytes:
            raise ArticleError(_too_large(size, max_bytes), source=label)
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except FileNotFoundError:
        raise ArticleError("no such file", source=label) from None
    except OSError as exc:
        raise ArticleError(f"cannot read: {exc.strerror or exc}", source=label) from None
    if len(data) > max_bytes:  # a pipe or device reports no size up front
        raise ArticleError(_too_large(len(data), max_bytes), source=label)
    kind = SUPPORTED_SUFFIXES.get(path.suffix.lower())
    return _parse_bytes(data, kind, source=path.name, label=label)


def _read_stdin(max_bytes: int) -> tuple[list[Article], Failures]:
    data = sys.stdin.buffer.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ArticleError(_too_large(len(data), max_bytes), source="stdin")
    return _parse_bytes(data, None, source="stdin", label="stdin")


_CONTROL = frozenset(range(0x20)) - {0x09, 0x0A, 0x0C, 0x0D, 0x1B}


def _parse_bytes(
    data: bytes, kind: str | None, *, source: str | None, label: str, charset: str | None = None
) -> tuple[list[Article], Failures]:
    if not data.strip():
        raise ArticleError("empty file", source=label)
    text = _decode(data, kind, label=label, charset=charset)
    if not text.strip():
        raise ArticleError("empty file", source=label)
    return _parse(data, text, kind or _sniff(text), source=source, label=label)


def _decode(data: bytes, kind: str | None, *, label: str, charset: str | None) -> str:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise ArticleError("not valid UTF-16 text", source=label) from None
    head = data[:8192]
    controls = sum(1 for byte in head if byte in _CONTROL)
    if b"\x00" in data or controls > len(head) * 0.05:
        raise ArticleError("binary file, not text", source=label)
    declared = charset or (_declared_charset(head) if kind in (None, "html", "feed") else None)
    encodings = ["utf-8-sig"]
    if declared and codecs.lookup(declared).name != "utf-8":
        encodings.insert(0, declared)
    error: UnicodeDecodeError | None = None
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError as exc:
            error = error or exc
    assert error is not None
    high = sum(1 for byte in head if byte >= 0x80)
    if high > len(head) * 0.3:
        raise ArticleError("binary file, not text", source=label)
    byte = data[error.start]
    raise ArticleError(
        f"not UTF-8 text (byte 0x{byte:02x} at offset {error.start}); "
        "convert it with iconv -f latin1 -t utf-8",
        source=label,
    )


_CHARSET = re.compile(rb"""(?:<meta[^>]+charset|<\?xml[^>]+encoding)\s*=\s*["']?([\w.:-]+)""", re.I)


def _declared_charset(head: bytes) -> str | None:
    """The encoding an HTML or XML document declares for itself, when it is a known one."""
    match = _CHARSET.search(head)
    if not match:
        return None
    name = match[1].decode("ascii")
    try:
        codecs.lookup(name)
    except LookupError:
        return None
    return name


def _sniff(text: str) -> str:
    head = text.lstrip()[:2000]
    lowered = head.lower()
    if looks_like_feed(head):
        return "feed"
    if lowered.startswith(("<!doctype html", "<html")) or (
        lowered.startswith("<") and re.search(r"<(body|p|div|article)\b", lowered)
    ):
        return "html"
    if head.startswith(("{", "[")):
        first = head.splitlines()[0].rstrip()
        if head.startswith("{") and first.endswith("}") and "\n" in text.strip():
            return "jsonl"
        return "json"
    return "txt"


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


def _parse(
    data: bytes, text: str, kind: str, *, source: str | None, label: str
) -> tuple[list[Article], Failures]:
    if kind in ("txt", "md"):
        parts = split_text_article(text, markdown=kind == "md")
        if not parts.text:
            raise ArticleError("no article text (only a title or header lines)", source=label)
        article = Article(
            text=parts.text,
            title=parts.title,
            published=parts.published,
            url=parts.url,
            source=source,
        )
        return [article], []
    if kind == "html":
        page = extract_html(text)
        if not page.text.strip():
            raise ArticleError("no article text found in the HTML", source=label)
        # A downloaded page is named for its site; a saved one for its file.
        name = page.site_name if label.startswith(("http://", "https://")) else None
        article = Article(
            text=page.text,
            title=page.title,
            published=page.published,
            url=page.url,
            source=name or source,
        )
        return [article], []
    if kind == "json":
        return parse_json(text, source=source or label)
    if kind == "jsonl":
        return parse_jsonl(text, source=source or label)
    if kind == "feed":
        return parse_feed(data or text.encode("utf-8"), source=source or label)
    raise AssertionError(f"unhandled article format {kind}")
