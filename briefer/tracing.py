"""OpenTelemetry spans for briefs, stories, articles and model calls (the ``otel`` extra).

With ``opentelemetry-api`` installed (``pip install 'briefer[otel]'``) briefer emits one span
per brief, story, article and structured model call, following the OpenTelemetry GenAI
semantic conventions; the application chooses where they go by configuring the SDK, as for
any instrumented library (with no SDK configured the API's tracer does nothing). Without the
package nothing is imported: each hook costs one check of a cached flag. ``BRIEFER_TRACING=off``
turns the spans off with the package installed.

Spans (docs/tracing.md lists every attribute):

- ``invoke_workflow brief``, ``invoke_workflow story``, ``invoke_workflow summarize``
  (``gen_ai.operation.name=invoke_workflow``, ``gen_ai.workflow.name``), kind INTERNAL;
- ``chat {model}`` for each structured call (``gen_ai.operation.name=chat``), kind CLIENT,
  with usage, response mode, attempts and cache hit; re-asks, truncation retries and mode
  fallbacks are events on it.

The hooks also label the calls made inside them (:func:`briefer.llm.calls_about`), which is
how the CLI's progress line knows which article a call is for.
"""

from __future__ import annotations

import functools
import importlib.util
import inspect
import os
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any, TypeVar, cast
from urllib.parse import urlsplit

from briefer._version import __version__
from briefer.llm import CallEvent, add_call_observer, calls_about
from briefer.schema import Article, ArticleSummary, DailyBrief, Usage

__all__ = ["TRACING_ENV", "is_enabled", "traced_article", "traced_brief", "traced_story"]

TRACING_ENV = "BRIEFER_TRACING"
F = TypeVar("F", bound=Callable[..., Any])

_enabled: bool | None = None  # None until the first hook asks
_lock = threading.Lock()
_open_calls: dict[int, Any] = {}


def is_enabled() -> bool:
    """True when ``opentelemetry-api`` is installed and ``BRIEFER_TRACING`` is not ``off``.

    Checked once per process; the first time, it also starts tracing model calls.
    """
    global _enabled
    if _enabled is None:
        with _lock:
            if _enabled is None:
                off = os.environ.get(TRACING_ENV, "").strip().lower() in ("0", "off", "false", "no")
                _enabled = not off and _installed()
                if _enabled:
                    add_call_observer(_on_call)
    return _enabled


def _installed() -> bool:
    try:
        return importlib.util.find_spec("opentelemetry.trace") is not None
    except (ImportError, ValueError):  # a parent that is not a package, or a blocked import
        return False


def _tracer() -> Any:
    from opentelemetry import trace

    return trace.get_tracer("briefer", __version__)


@contextmanager
def _span(name: str, attributes: Mapping[str, Any]) -> Iterator[Any]:
    """A current INTERNAL span; an exception marks it failed (``error.type``) and goes on."""
    from opentelemetry.trace import SpanKind, Status, StatusCode

    with _tracer().start_as_current_span(
        name,
        kind=SpanKind.INTERNAL,
        attributes=_clean(attributes),
        record_exception=True,
        set_status_on_exception=True,
    ) as span:
        try:
            yield span
        except BaseException as exc:
            span.set_attribute("error.type", type(exc).__name__)
            span.set_status(Status(StatusCode.ERROR, str(exc)[:200]))
            raise


def _workflow(name: str) -> dict[str, Any]:
    return {"gen_ai.operation.name": "invoke_workflow", "gen_ai.workflow.name": name}


def _usage(usage: Usage) -> dict[str, Any]:
    return {
        "gen_ai.usage.input_tokens": usage.prompt_tokens,
        "gen_ai.usage.output_tokens": usage.completion_tokens,
    }


def _clean(attributes: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in attributes.items() if v is not None}


# ---- the hooks: decorators on the functions that do the work --------------------------------


def traced_article(fn: F) -> F:
    """Wrap ``summarize(self, article)`` (sync or async): label its calls, and trace it."""

    def start(self: Any, article: Article) -> tuple[Any, dict[str, Any]]:
        settings = self.settings
        attributes = {
            **_workflow("summarize"),
            "gen_ai.request.model": settings.model,
            "briefer.engine": settings.engine,
            "briefer.article.source": article.source,
            "briefer.article.title": article.title,
        }
        return calls_about(article=article.label), attributes

    def finish(span: Any, summary: ArticleSummary) -> None:
        meta = summary.metadata
        report = meta.grounding
        span.set_attributes(
            _clean(
                {
                    **_usage(meta.usage),
                    "briefer.response_mode": meta.mode,
                    "briefer.calls": meta.calls,
                    "briefer.attempts": meta.attempts,
                    "briefer.cached_calls": meta.cached_calls,
                    "briefer.cache_hit": meta.calls > 0 and meta.cached_calls == meta.calls,
                    "briefer.chunks": meta.chunks,
                    "briefer.grounding.checked": report.checked if report else None,
                    "briefer.grounding.verified": report.verified if report else None,
                    "briefer.grounding.dropped": len(report.dropped) if report else None,
                }
            )
        )

    return _wrap(fn, "invoke_workflow summarize", start, finish)


def traced_story(fn: F) -> F:
    """Wrap the coroutine ``one(group)`` that summarizes one story of a brief."""

    def start(group: Any) -> tuple[Any, dict[str, Any]]:
        attributes = {
            **_workflow("story"),
            "briefer.story.id": group.id,
            "briefer.story.title": group.lead.label,
            "briefer.story.articles": len(group.articles),
        }
        return calls_about(story=group.lead.label), attributes

    def finish(span: Any, outcome: Any) -> None:
        if isinstance(outcome, BaseException):  # the brief goes on: listed, not raised
            from opentelemetry.trace import Status, StatusCode

            span.set_attribute("error.type", type(outcome).__name__)
            span.set_attribute("briefer.included", False)
            span.set_status(Status(StatusCode.ERROR, str(outcome)[:200]))
            return
        span.set_attribute("briefer.included", True)

    return _wrap(fn, "invoke_workflow story", start, finish)


def traced_brief(fn: F) -> F:
    """Wrap ``abuild_brief(summarizer, articles, ...)``: one span for the whole brief."""

    def start(summarizer: Any, articles: Any, *_: Any, **__: Any) -> tuple[Any, dict[str, Any]]:
        settings = summarizer.settings
        attributes = {
            **_workflow("brief"),
            "gen_ai.request.model": settings.model,
            "briefer.engine": settings.engine,
            "briefer.articles": len(articles),
        }
        return calls_about(), attributes

    def finish(span: Any, brief: DailyBrief) -> None:
        meta = brief.metadata
        span.set_attributes(
            _clean(
                {
                    **_usage(meta.usage),
                    "briefer.stories": meta.stories,
                    "briefer.not_included": len(brief.not_included),
                    "briefer.calls": meta.calls,
                    "briefer.attempts": meta.attempts,
                    "briefer.cached_calls": meta.cached_calls,
                    "briefer.cost_usd": meta.cost_usd,
                }
            )
        )

    return _wrap(fn, "invoke_workflow brief", start, finish)


def _wrap(
    fn: F,
    name: str,
    start: Callable[..., tuple[Any, dict[str, Any]]],
    finish: Callable[[Any, Any], None],
) -> F:
    if inspect.iscoroutinefunction(fn):

        @functools.wraps(fn)
        async def run_async(*args: Any, **kwargs: Any) -> Any:
            labels, attributes = start(*args, **kwargs)
            with labels:
                if not is_enabled():
                    return await fn(*args, **kwargs)
                with _span(name, attributes) as span:
                    result = await fn(*args, **kwargs)
                    finish(span, result)
                    return result

        return cast(F, run_async)

    @functools.wraps(fn)
    def run(*args: Any, **kwargs: Any) -> Any:
        labels, attributes = start(*args, **kwargs)
        with labels:
            if not is_enabled():
                return fn(*args, **kwargs)
            with _span(name, attributes) as span:
                result = fn(*args, **kwargs)
                finish(span, result)
                return result

    return cast(F, run)


# ---- model calls: spans from the events of each structured call ------------------------------


def _on_call(event: CallEvent) -> None:
    if event.kind == "start":
        if not _enabled:  # switched off since this observer was added
            return
        _start_call(event)
        return
    with _lock:
        span = _open_calls.get(event.call_id)
        if span is not None and event.kind in ("done", "failed"):
            del _open_calls[event.call_id]
    if span is None:
        return
    if event.kind == "reply":
        _record_reply(span, event.response)
    elif event.kind == "cache_hit":
        span.set_attribute("briefer.cache_hit", True)
    elif event.kind in ("reask", "truncation_retry", "mode_fallback", "waiting", "request"):
        span.add_event(
            f"briefer.{event.kind}",
            _clean(
                {
                    "briefer.attempt": event.attempt,
                    "briefer.response_mode": event.mode,
                    "briefer.detail": event.detail[:500] or None,
                }
            ),
        )
    elif event.kind in ("done", "failed"):
        _end_call(span, event)


def _start_call(event: CallEvent) -> None:
    from opentelemetry.trace import SpanKind

    attributes: dict[str, Any] = {
        "gen_ai.operation.name": "chat",
        "gen_ai.provider.name": _provider(event.server),
        "gen_ai.request.model": event.model,
        "gen_ai.output.type": "json",
        "briefer.call": event.about.get("call"),
    }
    parts = urlsplit(event.server) if event.server else None
    if parts is not None and parts.hostname:  # host and port only: never userinfo or path
        attributes["server.address"] = parts.hostname
        attributes["server.port"] = parts.port or (443 if parts.scheme == "https" else 80)
    span = _tracer().start_span(
        f"chat {event.model}", kind=SpanKind.CLIENT, attributes=_clean(attributes)
    )
    with _lock:
        _open_calls[event.call_id] = span


def _provider(server: str) -> str:
    host = (urlsplit(server).hostname or "") if server else "api.openai.com"
    if host.endswith(".openai.azure.com"):
        return "azure.ai.openai"
    return "openai"  # the API spoken; server.address tells which server answered


def _record_reply(span: Any, response: Any) -> None:
    choices = getattr(response, "choices", None) or []
    reasons = [str(c.finish_reason) for c in choices if getattr(c, "finish_reason", None)]
    span.set_attributes(
        _clean(
            {
                "gen_ai.response.id": getattr(response, "id", None) or None,
                "gen_ai.response.model": getattr(response, "model", None) or None,
                "gen_ai.response.finish_reasons": reasons or None,
            }
        )
    )


def _end_call(span: Any, event: CallEvent) -> None:
    attributes: dict[str, Any] = {
        "briefer.response_mode": event.mode,
        "briefer.attempts": event.attempt,
        "briefer.cache_hit": event.cached,
    }
    if event.usage is not None:
        attributes.update(_usage(event.usage))
    span.set_attributes(_clean(attributes))
    if event.kind == "failed":
        from opentelemetry.trace import Status, StatusCode

        span.set_attribute("error.type", event.detail)
        span.set_status(Status(StatusCode.ERROR, event.detail))
    span.end()
