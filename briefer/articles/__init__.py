"""The articles stage: files, folders, stdin, JSON/JSONL, HTML, feeds and URLs into ``Article``.

Unreadable input raises :class:`~briefer.errors.ArticleError` with one line saying what is
wrong; :func:`read_articles` collects those per file instead, so one bad file never loses
the rest of a day's articles.
"""

from __future__ import annotations

from briefer.articles._decode import is_briefer_output
from briefer.articles._fetch import MAX_ARTICLE_BYTES, fetch_url
from briefer.articles._read import (
    SUPPORTED_SUFFIXES,
    ReadResult,
    folder_files,
    parse_article_text,
    read_article,
    read_articles,
)

__all__ = [
    "MAX_ARTICLE_BYTES",
    "SUPPORTED_SUFFIXES",
    "ReadResult",
    "fetch_url",
    "folder_files",
    "is_briefer_output",
    "parse_article_text",
    "read_article",
    "read_articles",
]
