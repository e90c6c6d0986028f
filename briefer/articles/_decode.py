"""From bytes to articles: decoding (BOMs, declared charsets, binary and non-UTF-8 refused),
telling the format from the content, and parsing each format into ``Article``."""

from __future__ import annotations

import codecs
import json
import re

from briefer.articles._feeds import looks_like_feed, parse_feed
from briefer.articles._html import extract_html
from briefer.articles._json import parse_json, parse_jsonl
from briefer.articles._text import split_text_article
from briefer.errors import ArticleError
from briefer.schema import Article

__all__ = ["Failures", "is_briefer_output", "parse", "parse_bytes", "too_large"]

Failures = list[tuple[str, str]]


def too_large(size: int, max_bytes: int) -> str:
    return f"{size:,} bytes is over the {max_bytes:,}-byte limit"


_CONTROL = frozenset(range(0x20)) - {0x09, 0x0A, 0x0C, 0x0D, 0x1B}


def parse_bytes(
    data: bytes, kind: str | None, *, source: str | None, label: str, charset: str | None = None
) -> tuple[list[Article], Failures]:
    if not data.strip():
        raise ArticleError("empty file", source=label)
    text = _decode(data, kind, label=label, charset=charset)
    if not text.strip():
        raise ArticleError("empty file", source=label)
    return parse(data, text, kind or _sniff(text), source=source, label=label)


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


# The last line of every Markdown summary or brief: "_briefer 0.1.0 · engine: model · ..._".
_MARKDOWN_FOOTER = re.compile(
    rb"_briefer(?: \S+)? \xc2\xb7 engine: (?:offline|model)(?: \xc2\xb7 [^\n]*)?_"
)


def is_briefer_output(data: bytes) -> bool:
    """True for a summary or brief briefer wrote, in any of its formats, whatever its name.

    Markdown ends with briefer's footer line; HTML names briefer as its generator; JSON is an
    object with briefer's run metadata next to a summary's or a brief's fields.
    """
    head = data[:4096].lstrip()
    if head.startswith(b"{"):
        try:
            value = json.loads(data)
        except (ValueError, RecursionError):
            return False
        meta = value.get("metadata") if isinstance(value, dict) else None
        return (
            isinstance(meta, dict)
            and {"briefer_version", "engine"} <= meta.keys()
            and ("key_claims" in value or "stories" in value)
        )
    if b'<meta name="generator" content="briefer">' in head:
        return True
    last = data[-4096:].rstrip().rsplit(b"\n", 1)[-1].strip()
    return _MARKDOWN_FOOTER.fullmatch(last) is not None


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


def parse(
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
