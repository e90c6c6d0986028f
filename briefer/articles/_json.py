"""Articles stored as JSON objects: one object, a list of them, or one per line (JSON Lines).

An object needs its text under ``text``, ``content`` or ``body``; ``title``/``headline``,
``url``/``link``, ``date``/``published``/``published_at``, ``source`` and ``position`` (the
article's 1-based place in its outlet's list, which a brief ranks by) are read when present.
"""

from __future__ import annotations

import json
from typing import Any

from briefer.articles._html import html_to_text, looks_like_html
from briefer.articles._text import parse_date
from briefer.errors import ArticleError
from briefer.schema import Article

__all__ = ["article_from_object", "parse_json", "parse_jsonl"]

_TEXT_KEYS = ("text", "content", "body")
_TITLE_KEYS = ("title", "headline")
_URL_KEYS = ("url", "link")
_DATE_KEYS = ("date", "published", "published_at", "publishedAt", "pubDate")
# Wrappers news APIs put around their list of articles.
_LIST_KEYS = ("articles", "items", "entries", "results")

Items = tuple[list[Article], list[tuple[str, str]]]

# Python's JSON parser recurses once per level and stops near the recursion limit (about
# 1,000 levels); no article is nested a tenth as deep.
_TOO_DEEP = "JSON nested too deeply (more than about 1,000 levels)"


def _first_string(obj: dict[str, Any], keys: tuple[str, ...]) -> str | None:
    for key in keys:
        value = obj.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def article_from_object(obj: object, *, source: str) -> Article:
    """One article from a decoded JSON value.

    Raises:
        ArticleError: ``obj`` is not an object or has no text.
    """
    if not isinstance(obj, dict):
        raise ArticleError(f"expected a JSON object, found {type(obj).__name__}", source=source)
    text = _first_string(obj, _TEXT_KEYS)
    if text is None:
        raise ArticleError("no text: expected a 'text', 'content' or 'body' field", source=source)
    if looks_like_html(text):
        text = html_to_text(text)
    raw_date = _first_string(obj, _DATE_KEYS)
    outlet = obj.get("source")
    if isinstance(outlet, dict):  # NewsAPI: {"id": ..., "name": ...}
        outlet = outlet.get("name")
    position = obj.get("position")
    return Article(
        text=text,
        position=position if type(position) is int and position >= 1 else None,
        title=_first_string(obj, _TITLE_KEYS),
        url=_first_string(obj, _URL_KEYS),
        published=parse_date(raw_date) if raw_date else None,
        source=outlet.strip() if isinstance(outlet, str) and outlet.strip() else None,
    )


def parse_json(raw: str, *, source: str) -> Items:
    """Articles from a JSON document: an object, a list of objects, or {"articles": [...]}.

    Items without text are returned as ``(where, reason)`` failures.

    Raises:
        ArticleError: The document is not valid JSON (naming the line), is nested too deeply,
            or holds no objects.
    """
    try:
        value = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise ArticleError(
            f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}", source=source
        ) from None
    except RecursionError:
        raise ArticleError(_TOO_DEEP, source=source) from None
    if isinstance(value, dict):
        wrapped = next((value[k] for k in _LIST_KEYS if isinstance(value.get(k), list)), None)
        if wrapped is None:
            return [_with_source(article_from_object(value, source=source), source)], []
        value = wrapped
    if not isinstance(value, list):
        raise ArticleError("expected a JSON object or a list of objects", source=source)
    if not value:
        raise ArticleError("the JSON list is empty", source=source)
    return _collect(
        ((f"{source} item {number}", item) for number, item in enumerate(value, 1)), source
    )


def parse_jsonl(raw: str, *, source: str) -> Items:
    """Articles from JSON Lines; a bad line is a failure for that line only.

    Raises:
        ArticleError: No line holds anything.
    """
    lines = [(n, line) for n, line in enumerate(raw.splitlines(), 1) if line.strip()]
    if not lines:
        raise ArticleError("empty file", source=source)
    articles: list[Article] = []
    failures: list[tuple[str, str]] = []
    for number, line in lines:
        where = f"{source} line {number}"
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            failures.append((where, f"invalid JSON at column {exc.colno}: {exc.msg}"))
            continue
        except RecursionError:
            failures.append((where, _TOO_DEEP))
            continue
        found, failed = _collect([(where, item)], source)
        articles += found
        failures += failed
    return articles, failures


def _collect(items: Any, source: str) -> Items:
    articles: list[Article] = []
    failures: list[tuple[str, str]] = []
    for where, item in items:
        try:
            articles.append(_with_source(article_from_object(item, source=where), source))
        except ArticleError as exc:
            failures.append((where, str(exc).removeprefix(f"{where}: ")))
    return articles, failures


def _with_source(article: Article, source: str) -> Article:
    if article.source:
        return article
    return article.model_copy(update={"source": source})
