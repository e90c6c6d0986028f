"""The offline path of one summary: the extractive engine over the whole article, then grounding.

The engine reads an article whole, whatever its length: it runs in linear time, and it sees
every name and quotation in context (a surname resolves to the full name given pages
earlier). A long text makes millions of small objects (words, sentences, mentions) and
keeps them to the end; none of them form reference cycles, so the cycle collector, which
would otherwise sweep them over and over as they pile up, is paused meanwhile. Their memory
is freed as usual when they go.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from briefer.summarize._merge import merge_contents

if TYPE_CHECKING:
    from briefer.schema import Article
    from briefer.summarize._plan import ArticlePlanner, Grounded

__all__ = ["LONG_TEXT", "summarize_article_offline"]

LONG_TEXT = 200_000
"""Characters from which the cycle collector is paused while an article is summarized."""

_lock = threading.Lock()
_pausing = 0  # summaries running with the collector paused (several threads may)
_was_enabled = False


def summarize_article_offline(article: Article, planner: ArticlePlanner) -> Grounded:
    """The offline engine's summary of ``article``, people deduped, checked against it."""
    from briefer.offline import summarize_offline

    with _collector_paused(len(article.text) >= LONG_TEXT):
        content = summarize_offline(article.text, title=article.title)
        return planner.ground(article, merge_contents([content]))


@contextmanager
def _collector_paused(pause: bool) -> Iterator[None]:
    """Pause the cycle collector meanwhile (when ``pause``); the first to pause it and the
    last to finish decide, so concurrent summaries leave it as they found it."""
    global _pausing, _was_enabled
    if not pause:
        yield
        return
    with _lock:
        if _pausing == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _pausing += 1
    try:
        yield
    finally:
        with _lock:
            _pausing -= 1
            if _pausing == 0 and _was_enabled:
                gc.enable()
