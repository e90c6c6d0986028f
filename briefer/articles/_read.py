"""Reading articles: files, folders, standard input and web pages into ``Article``.

Formats: plain text and Markdown, HTML, JSON and JSON Lines, RSS and Atom feeds. Unreadable
input raises ``ArticleError`` with one line saying what is wrong; ``read_articles`` collects
those per file instead, so one bad file never loses the rest of a day's articles.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from briefer.articles._decode import Failures, is_briefer_output, parse, parse_bytes, too_large
from briefer.articles._fetch import MAX_ARTICLE_BYTES, fetch_url
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


@dataclass(frozen=True)
class ReadResult:
    """The articles read from a set of inputs, and the inputs that could not be read."""

    articles: list[Article]
    failures: list[tuple[str, str]]
    """``(source, reason)`` for every file, line or item left out."""
    skipped: list[tuple[str, str]] = field(default_factory=list)
    """``(file, reason)`` for files left out on purpose: briefs and summaries briefer wrote."""


def read_article(path: str | Path, *, max_bytes: int = MAX_ARTICLE_BYTES) -> Article:
    """Read one article from a file, or from standard input when ``path`` is ``"-"``.

    The format comes from the file name ending (see ``SUPPORTED_SUFFIXES``); other files, and
    standard input, are recognized by their content.

    Raises:
        ArticleError: The file is missing, a folder, empty, binary, not UTF-8, larger than
            ``max_bytes``, holds no article text, holds more than one article, or is a brief
            or summary briefer wrote.
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
    inputs: Sequence[str | Path],
    *,
    max_bytes: int = MAX_ARTICLE_BYTES,
    allow_private_hosts: bool = False,
) -> ReadResult:
    """Read every article from files, folders, ``http(s)://`` urls and ``"-"`` (stdin).

    A folder contributes each supported file directly inside it (not its subfolders), in
    name order, skipping hidden files. A file that cannot be read, or a bad line or item
    inside one, becomes a failure and the rest are still read. A brief or summary briefer
    wrote (recognised by its content, whatever its name) is never read as an article: it is
    listed in ``skipped``. URLs are fetched with :func:`fetch_url`; ``allow_private_hosts``
    lets them reach loopback, private and link-local addresses (an intranet).

    Raises:
        ArticleError: No input was given, or none of the given paths exists.
    """
    if isinstance(inputs, str | Path):
        inputs = [inputs]
    if not inputs:
        raise ArticleError("no input given")
    articles: list[Article] = []
    failures: Failures = []
    skipped: list[tuple[str, str]] = []
    missing: list[str] = []
    for item in inputs:
        name = str(item)
        if isinstance(item, str) and item.startswith(("http://", "https://")):
            try:
                fetched = fetch_url(
                    item, max_bytes=max_bytes, allow_private_hosts=allow_private_hosts
                )
                articles.append(fetched)
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
            try:
                data = _load(file, max_bytes)
            except ArticleError as exc:
                failures.append((exc.source or str(file), _reason(exc)))
                continue
            if is_briefer_output(data):
                skipped.append(
                    (str(file), "written by briefer (a brief or summary), not an article")
                )
                continue
            _collect(partial(_parse_file, file, data), str(file), articles, failures)
    if len(missing) == len(inputs):
        raise ArticleError(f"no such file: {', '.join(missing)}")
    return ReadResult(articles=articles, failures=failures, skipped=skipped)


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
    articles, failures = parse(raw, fmt, source=source, label=label)
    if failures:
        raise ArticleError(failures[0][1], source=failures[0][0])
    if len(articles) != 1:
        raise ArticleError(f"holds {len(articles)} articles, expected one", source=label)
    return articles[0]


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


def _read_file(path: Path, max_bytes: int) -> tuple[list[Article], Failures]:
    data = _load(path, max_bytes)
    if is_briefer_output(data):  # as read_articles skips it: a summary is not an article
        raise ArticleError(
            "written by briefer (a brief or summary), not an article", source=str(path)
        )
    return _parse_file(path, data)


def _load(path: Path, max_bytes: int) -> bytes:
    label = str(path)
    if path.is_dir():
        raise ArticleError("is a folder, not a file (read_articles reads folders)", source=label)
    try:
        # Size first: a 50 MB file must be refused without reading it into memory.
        size = path.stat().st_size
        if size > max_bytes:
            raise ArticleError(too_large(size, max_bytes), source=label)
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except FileNotFoundError:
        raise ArticleError("no such file", source=label) from None
    except OSError as exc:
        raise ArticleError(f"cannot read: {exc.strerror or exc}", source=label) from None
    if len(data) > max_bytes:  # a pipe or device reports no size up front
        raise ArticleError(too_large(len(data), max_bytes), source=label)
    return data


def _parse_file(path: Path, data: bytes) -> tuple[list[Article], Failures]:
    kind = SUPPORTED_SUFFIXES.get(path.suffix.lower())
    return parse_bytes(data, kind, source=path.name, label=str(path))


def _read_stdin(max_bytes: int) -> tuple[list[Article], Failures]:
    data = sys.stdin.buffer.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ArticleError(too_large(len(data), max_bytes), source="stdin")
    return parse_bytes(data, None, source="stdin", label="stdin")
