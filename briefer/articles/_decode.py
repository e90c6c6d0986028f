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
    return parse(text, kind or _sniff(text), source=source, label=label)


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
    encoding, problem = page_encoding(declared) if declared else (None, None)
    encodings = ["utf-8-sig"]
    if encoding and encoding != "utf-8":
        encodings.insert(0, encoding)
    error: UnicodeDecodeError | None = None
    for name in encodings:
        try:
            return data.decode(name)
        except UnicodeDecodeError as exc:
            error = error or exc
    assert error is not None
    high = sum(1 for byte in head if byte >= 0x80)
    if high > len(head) * 0.3:
        raise ArticleError("binary file, not text", source=label)
    byte = data[error.start]
    reason = f"not UTF-8 text (byte 0x{byte:02x} at offset {error.start})"
    if problem:
        raise ArticleError(f"{reason}, and {problem}", source=label)
    raise ArticleError(f"{reason}; convert it with iconv -f latin1 -t utf-8", source=label)


# The character encodings a web page or feed may declare: the WHATWG Encoding Standard's, by
# Python's names for them. Anything else is ignored, as browsers ignore it: an unknown name,
# and codecs that are no character encoding (rot13, zlib, base64, hex, uu, punycode, idna,
# unicode_escape), which would turn the bytes into something else or fail.
_PAGE_ENCODINGS = frozenset(
    {
        "utf-8", "cp866", "koi8-r", "koi8-u", "mac-roman", "mac-cyrillic", "cp874", "tis-620",
        "cp1250", "cp1251", "cp1252", "cp1253", "cp1254", "cp1255", "cp1256", "cp1257",
        "cp1258", "gbk", "gb2312", "gb18030", "big5", "big5hkscs", "euc_jp", "iso2022_jp",
        "shift_jis", "cp932", "euc_kr", "cp949", "ascii",
        *(f"iso8859-{n}" for n in range(1, 17)),
    }
)  # fmt: skip
_WEB_ALIASES = {"windows-874": "cp874", "x-mac-cyrillic": "mac-cyrillic", "x-sjis": "shift_jis"}


def page_encoding(name: str) -> tuple[str | None, str | None]:
    """The codec to decode with for a declared charset, or None and why it is not used."""
    name = name.strip().strip("\"'").lower()
    try:
        codec = codecs.lookup(_WEB_ALIASES.get(name, name)).name
    except (LookupError, ValueError):
        return None, f"its declared charset {name!r} is unknown"
    if codec not in _PAGE_ENCODINGS:
        return None, f"its declared charset {name!r} is not a text encoding"
    return codec, None


_CHARSET = re.compile(rb"""(?:<meta[^>]+charset|<\?xml[^>]+encoding)\s*=\s*["']?([\w.:-]+)""", re.I)


def _declared_charset(head: bytes) -> str | None:
    """The encoding an HTML or XML document declares for itself, as written."""
    match = _CHARSET.search(head)
    return match[1].decode("ascii") if match else None


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


_DECLARED_ENCODING = re.compile(r"^(\s*<\?xml[^>]*?)\s+encoding\s*=\s*['\"][^'\"]*['\"]")


def parse(
    text: str, kind: str, *, source: str | None, label: str
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
        # The text is decoded already, by the encodings briefer accepts: the feed parser gets
        # it as UTF-8 with no declaration left to name another (rot13, punycode...).
        xml = _DECLARED_ENCODING.sub(r"\1", text, count=1)
        return parse_feed(xml.encode("utf-8"), source=source or label)
    raise AssertionError(f"unhandled article format {kind}")
