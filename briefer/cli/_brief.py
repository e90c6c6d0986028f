"""``briefer brief``: the daily brief from the command line."""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
from typing import TYPE_CHECKING, Any

from briefer.cli._brief_batch import (
    add_batch_options,
    check_batch_options,
    open_export,
    protected_inputs,
    run_batch_brief,
)
from briefer.cli._common import close_briefer, make_briefer, note, output_format
from briefer.cli._options import add_input_options, add_model_options, add_output_options
from briefer.cli._output import Output, open_output, write_stdout
from briefer.errors import UsageError

if TYPE_CHECKING:
    from briefer._briefer import Briefer
    from briefer.articles import ReadResult
    from briefer.brief import BriefOptions
    from briefer.schema import DailyBrief

__all__ = ["register", "run"]

# The section ids, spelled here so that `briefer --help` imports nothing heavy.
DEFAULT_SECTION_NAMES = (
    "world", "politics", "business", "science", "technology", "sport", "culture", "other"
)  # fmt: skip


def register(commands: Any) -> None:
    """Add the command to the CLI's subparsers."""
    brief = commands.add_parser(
        "brief",
        help="one brief document for a day of articles",
        description="Build one brief from a folder, .jsonl file or feed of the day's articles: "
        "stories ranked by coverage, in sections, with what each source adds, where sources "
        "disagree and, with --since, what changed since the last brief.",
    )
    brief.add_argument("inputs", nargs="+", metavar="INPUT", help="folders, files or feeds")
    add_input_options(brief)
    add_output_options(brief)
    brief.add_argument("--date", help="the brief's date, YYYY-MM-DD (default today)")
    brief.add_argument("--title", help="the brief's title")
    brief.add_argument(
        "--sections",
        metavar="LIST",
        help="sections to show, in this order, comma-separated (default all: "
        + ",".join(DEFAULT_SECTION_NAMES)
        + ")",
    )
    brief.add_argument(
        "--max-stories", type=int, metavar="N", help="show only the N best-ranked stories"
    )
    brief.add_argument(
        "--since",
        metavar="BRIEF.json",
        help="a previous brief's JSON (or 'last': the last brief built here): mark stories "
        "new, updated or continuing and list those that dropped out",
    )
    brief.add_argument(
        "--per-source",
        choices=("extract", "model", "off"),
        default="extract",
        help="what each source adds: extract (default, no extra calls), model (one more "
        "summary per other source) or off",
    )
    brief.add_argument(
        "--no-discrepancies", action="store_true", help="do not look for where sources disagree"
    )
    brief.add_argument("--concurrency", type=int, default=8, help="model calls at once")
    brief.add_argument("--max-cost", type=float, help="stop before spending more than USD")
    brief.add_argument("--dry-run", action="store_true", help="print planned calls, call nothing")
    brief.add_argument(
        "--no-cache",
        action="store_true",
        help="do not reuse or store replies, nor keep this brief as the last one",
    )
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
    options = _options(args)
    # The plan of a dry run goes to stdout; a brief's -o is checked before anything is read.
    output = open_output(None if args.dry_run else args.output, inputs=protected_inputs(args))
    try:
        since = _since(args.since) if args.since and not args.dry_run else None
    except BaseException:
        output.discard()
        raise
    with contextlib.ExitStack() as resources:
        resources.callback(output.discard)
        export = open_export(args)
        if export is not None:
            resources.callback(export.discard)
        read = read_articles(args.inputs, allow_private_hosts=args.allow_private_hosts)
        for source, reason in read.skipped:
            note(args, f"skipped {source}: {reason}")
        for source, reason in read.failures:
            note(args, f"not included: {source}: {reason}")
        if not read.articles:
            raise UsageError("no readable articles in the inputs")
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
            return _print_plan(briefer, read.articles, options, day, batch=batch)
        if batch:
            brief, code = run_batch_brief(
                args, briefer, read, day, cache, options, since, export=export
            )
            return code if brief is None else _write_brief(args, brief, output)
        return _build(args, briefer, read, day, options, since, output)


def _options(args: argparse.Namespace) -> BriefOptions:
    from briefer.brief import BriefOptions, parse_sections

    if args.max_stories is not None and args.max_stories < 1:
        raise UsageError("--max-stories must be at least 1")
    sections = parse_sections(args.sections) if args.sections is not None else ()
    return BriefOptions(
        sections=sections,
        max_stories=args.max_stories,
        per_source=args.per_source,
        discrepancies=not args.no_discrepancies,
    )


def _since(value: str) -> DailyBrief:
    from briefer.brief._record import last_brief_path, load_brief

    if value == "last":
        path = last_brief_path()
        if not path.exists():
            raise UsageError(f"--since last: no brief has been kept yet (looked for {path})")
        return load_brief(path)
    return load_brief(value)


def _build(
    args: argparse.Namespace,
    briefer: Briefer,
    read: ReadResult,
    day: dt.date | None,
    options: BriefOptions,
    since: DailyBrief | None,
    output: Output,
) -> int:
    from briefer.cli._progress import progress_for
    from briefer.llm import observe_calls

    with progress_for(args) as progress, observe_calls(progress.on_call):
        unsubscribe = briefer.rate_limiter.subscribe(progress.on_rate)
        try:
            brief = briefer.brief(
                read.articles,
                title=args.title,
                date=day,
                max_cost=args.max_cost,
                failures=read.failures,
                progress=progress.on_stories,
                options=options,
                since=since,
            )
        finally:
            unsubscribe()
    return _write_brief(args, brief, output)


def _write_brief(args: argparse.Namespace, brief: DailyBrief, output: Output) -> int:
    from briefer.render import render_brief

    fmt: Any = output_format(args)
    output.write(render_brief(brief, fmt))
    if output.path is not None:
        note(args, f"wrote {output.path}")
    if not args.no_cache:
        from briefer.brief._record import save_last_brief

        save_last_brief(brief)
    meta = brief.metadata
    cost = f", ${meta.cost_usd:.4f}" if meta.cost_usd is not None else ""
    note(
        args,
        f"{meta.stories} stories from {meta.articles} articles; {meta.calls} model calls "
        f"({meta.cached_calls} from cache), {meta.usage.total_tokens} tokens{cost}",
    )
    if brief.continuity is not None:
        c = brief.continuity
        note(
            args,
            f"since {c.since_title}: {c.new} new, {c.updated} updated, {c.continuing} "
            f"continuing, {len(c.dropped)} dropped out",
        )
    if brief.not_included:
        note(args, f"{len(brief.not_included)} not included (listed in the brief)")
        return 1
    return 0


def _print_plan(
    briefer: Briefer,
    articles: list[Any],
    options: BriefOptions,
    day: dt.date | None,
    *,
    batch: bool = False,
) -> int:
    if batch and briefer.engine == "model":
        from briefer.brief import batch_planner, plan_calls

        plan = plan_calls(batch_planner(briefer.summarizer.planner), articles, options, day)
    else:
        plan = briefer.estimate(articles, options=options, date=day)
    lines = [
        f"{plan.articles} articles -> {plan.stories} stories ({plan.duplicates} duplicates merged)"
    ]
    if plan.summarized != plan.stories:
        lines.append(f"{plan.summarized} stories chosen to summarize (--sections, --max-stories)")
    if briefer.engine == "offline":
        lines.append("offline engine: no model calls, no cost")
        write_stdout("\n".join(lines) + "\n")
        return 0
    for call in plan.calls:
        kind = f"{call.kind}{' (if needed)' if call.conditional else ''}"
        lines.append(
            f"  {kind:<26} {call.prompt_tokens:>7} prompt tokens"
            f"  <= {call.max_output_tokens} out  {call.story}"
        )
    cost = "unknown" if plan.estimated_cost_usd is None else f"${plan.estimated_cost_usd:.4f}"
    conditional = sum(c.conditional for c in plan.calls)
    maybe = f" ({conditional} only if needed)" if conditional else ""
    rate = " at the Batch API rate" if batch else ""
    lines.append(
        f"{len(plan.calls)} calls{maybe}, about {plan.prompt_tokens} prompt tokens; "
        f"estimated cost at most {cost}{rate} (model {briefer.model})"
    )
    write_stdout("\n".join(lines) + "\n")
    return 0


def _parse_date(text: str | None) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise UsageError(f"--date must be YYYY-MM-DD, not {text!r}") from exc
