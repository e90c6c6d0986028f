"""``briefer brief``: the daily brief from the command line."""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import sys
import threading
from typing import TYPE_CHECKING, Any

from briefer.cli._brief_batch import add_batch_options, check_batch_options, run_batch_brief
from briefer.cli._common import close_briefer, make_briefer, note, output_format, write
from briefer.cli._options import add_model_options, add_output_options
from briefer.errors import UsageError

if TYPE_CHECKING:
    from briefer._briefer import Briefer
    from briefer.articles import ReadResult
    from briefer.llm import RateLimiter, RateStatus
    from briefer.schema import DailyBrief

__all__ = ["register", "run"]


def register(commands: Any) -> None:
    """Add the command to the CLI's subparsers."""
    brief = commands.add_parser(
        "brief",
        help="one brief document for a day of articles",
        description="Build one brief from a folder, .jsonl file or feed of the day's articles.",
    )
    brief.add_argument("inputs", nargs="+", metavar="INPUT", help="folders, files or feeds")
    add_output_options(brief)
    brief.add_argument("--date", help="the brief's date, YYYY-MM-DD (default today)")
    brief.add_argument("--title", help="the brief's title")
    brief.add_argument("--concurrency", type=int, default=8, help="model calls at once")
    brief.add_argument("--max-cost", type=float, help="stop before spending more than USD")
    brief.add_argument("--dry-run", action="store_true", help="print planned calls, call nothing")
    brief.add_argument("--no-cache", action="store_true", help="do not reuse or store replies")
    add_model_options(brief)
    add_batch_options(brief)


def run(args: argparse.Namespace) -> int:
    """Read the inputs, build (or plan) the brief, write it; exit 1 when some were left out."""
    from briefer.articles import read_articles

    day = _parse_date(args.date)
    if args.concurrency < 1:
        raise UsageError("--concurrency must be at least 1")
    if args.max_cost is not None and args.max_cost <= 0:
        raise UsageError("--max-cost must be more than 0")
    batch = check_batch_options(args)
    read = read_articles(args.inputs)
    for source, reason in read.failures:
        note(args, f"not included: {source}: {reason}")
    if not read.articles:
        raise UsageError("no readable articles in the inputs")
    with contextlib.ExitStack() as resources:
        cache = None
        if not args.no_cache and not args.dry_run:
            from briefer.cache import ResponseCache

            cache = resources.enter_context(ResponseCache())
        # Exporting needs no client; importing sends what is missing live if it can.
        configured = bool(os.environ.get("OPENAI_API_KEY") or args.base_url)
        plan_only = args.dry_run or (batch and (bool(args.batch_export) or not configured))
        briefer = make_briefer(args, cache=cache, plan_only=plan_only)
        resources.callback(close_briefer, briefer)
        if args.dry_run:
            return _print_plan(briefer, read.articles, batch=batch)
        if batch:
            brief, code = run_batch_brief(args, briefer, read, day, cache)
            return code if brief is None else _write_brief(args, brief)
        return _build(args, briefer, read, day)


def _build(
    args: argparse.Namespace,
    briefer: Briefer,
    read: ReadResult,
    day: dt.date | None,
) -> int:
    progress = _Progress(briefer.rate_limiter) if sys.stderr.isatty() and not args.quiet else None
    try:
        brief = briefer.brief(
            read.articles,
            title=args.title,
            date=day,
            max_cost=args.max_cost,
            failures=read.failures,
            progress=progress,
        )
    finally:
        if progress is not None:
            progress.close()
    return _write_brief(args, brief)


def _write_brief(args: argparse.Namespace, brief: DailyBrief) -> int:
    from briefer.render import render_brief

    fmt: Any = output_format(args)
    write(args, render_brief(brief, fmt))
    meta = brief.metadata
    cost = f", ${meta.cost_usd:.4f}" if meta.cost_usd is not None else ""
    note(
        args,
        f"{meta.stories} stories from {meta.articles} articles; {meta.calls} model calls "
        f"({meta.cached_calls} from cache), {meta.usage.total_tokens} tokens{cost}",
    )
    if brief.not_included:
        note(args, f"{len(brief.not_included)} not included (listed in the brief)")
        return 1
    return 0


def _print_plan(briefer: Briefer, articles: list[Any], *, batch: bool = False) -> int:
    if batch and briefer.engine == "model":
        from briefer.brief import batch_planner, plan_calls

        plan = plan_calls(batch_planner(briefer.summarizer.planner), articles)
    else:
        plan = briefer.estimate(articles)
    out = sys.stdout
    out.write(
        f"{plan.articles} articles -> {plan.stories} stories "
        f"({plan.duplicates} duplicates merged)\n"
    )
    if briefer.engine == "offline":
        out.write("offline engine: no model calls, no cost\n")
        return 0
    for call in plan.calls:
        kind = f"{call.kind}{' (if needed)' if call.conditional else ''}"
        out.write(
            f"  {kind:<26} {call.prompt_tokens:>7} prompt tokens"
            f"  <= {call.max_output_tokens} out  {call.story}\n"
        )
    cost = "unknown" if plan.estimated_cost_usd is None else f"${plan.estimated_cost_usd:.4f}"
    conditional = sum(c.conditional for c in plan.calls)
    maybe = f" ({conditional} only if needed)" if conditional else ""
    rate = " at the Batch API rate" if batch else ""
    out.write(
        f"{len(plan.calls)} calls{maybe}, about {plan.prompt_tokens} prompt tokens; "
        f"estimated cost at most {cost}{rate} (model {briefer.model})\n"
    )
    return 0


def _parse_date(text: str | None) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise UsageError(f"--date must be YYYY-MM-DD, not {text!r}") from exc


class _Progress:
    """The progress line: stories done, and when calls wait on the provider's rate limit."""

    def __init__(self, limiter: RateLimiter) -> None:
        self.done = self.total = 0
        self.status: RateStatus | None = None
        self._lock = threading.Lock()  # the limiter reports from worker threads
        self._unsubscribe = limiter.subscribe(self._on_rate)

    def __call__(self, done: int, total: int) -> None:
        self.done, self.total = done, total
        self._draw()

    def close(self) -> None:
        self._unsubscribe()
        sys.stderr.write("\n")

    def _on_rate(self, status: RateStatus) -> None:
        self.status = status
        self._draw()

    def _draw(self) -> None:
        width = 30
        filled = width * self.done // max(self.total, 1)
        line = f"[{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total} stories"
        status = self.status
        if status is not None and status.waiting:
            line += f", waiting on the rate limit ({status.cause})"
        with self._lock:
            sys.stderr.write(f"\r{line}\033[K")
            sys.stderr.flush()
