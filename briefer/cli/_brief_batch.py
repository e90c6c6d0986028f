"""``briefer brief`` over the Batch API: ``--batch-export``, ``--batch-import`` and ``--batch``.

* ``--batch-export FILE`` writes every request the brief still needs (first the chunk
  summaries; after an import, what depends on them) as a Batch API input file. No model call.
* ``--batch-import RESULTS`` stores a Batch API output file's replies, then builds the brief:
  replies are validated and grounded as live ones are; what is still missing (failed lines,
  re-asks, merges, the top lines) is sent live when a model is configured, or exported as the
  next round with ``--batch-export``.
* ``--batch`` does both through the provider's files and batches APIs, one batch a round,
  and picks up the batch already submitted when the same command runs again.

The requests, results and submitted batches are kept in the reply cache's SQLite file.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from briefer.cli._common import note, one_line
from briefer.cli._output import Output, open_output
from briefer.errors import ModelError, UsageError

if TYPE_CHECKING:
    from briefer._briefer import Briefer
    from briefer.articles import ReadResult
    from briefer.brief import BatchProgress, BatchStore, BriefOptions, PassResult
    from briefer.llm import ReplyCache
    from briefer.schema import DailyBrief

__all__ = [
    "add_batch_options",
    "check_batch_options",
    "open_export",
    "protected_inputs",
    "run_batch_brief",
    "server_url",
]

OPENAI_URL = "https://api.openai.com/v1"


def add_batch_options(parser: argparse.ArgumentParser) -> None:
    """--batch, --batch-export, --batch-import and --batch-poll."""
    group = parser.add_argument_group("Batch API (half price on OpenAI, results within 24 h)")
    group.add_argument(
        "--batch-export",
        type=Path,
        metavar="FILE",
        help="write the requests the brief needs as a Batch API .jsonl file; call nothing",
    )
    group.add_argument(
        "--batch-import",
        type=Path,
        action="append",
        metavar="RESULTS",
        help="read a Batch API output .jsonl file (OpenAI, Azure, vLLM run-batch); repeatable",
    )
    group.add_argument(
        "--batch",
        action="store_true",
        help="run the brief through the provider's Batch API end to end (resumes if rerun)",
    )
    group.add_argument(
        "--batch-poll",
        type=float,
        default=30.0,
        metavar="SECONDS",
        help="seconds between status checks of a running batch (default 30)",
    )


def check_batch_options(args: argparse.Namespace) -> bool:
    """Whether the Batch API path is asked for; flags that do not go together are usage errors."""
    wanted = bool(args.batch or args.batch_export or args.batch_import)
    if args.batch and (args.batch_export or args.batch_import):
        raise UsageError("--batch runs the batches itself: use it without --batch-export/-import")
    if wanted and args.offline:
        raise UsageError("the Batch API path needs a model: drop --offline")
    if not args.batch_poll > 0:
        raise UsageError("--batch-poll must be more than 0 seconds")
    return wanted


def open_export(args: argparse.Namespace) -> Output | None:
    """``--batch-export FILE`` checked like ``-o``: never an input, a folder or a device."""
    if not args.batch_export or args.dry_run:
        return None
    return open_output(args.batch_export, inputs=protected_inputs(args))


def protected_inputs(args: argparse.Namespace) -> list[str | Path]:
    """Every file the command reads: no output (``-o``, ``--batch-export``) may replace one."""
    files: list[str | Path] = [*args.inputs, *(args.batch_import or ())]
    if getattr(args, "since", None) and args.since != "last":
        files.append(args.since)
    return files


def server_url(args: argparse.Namespace) -> str:
    """The server the batch runs on (it decides the token parameter and the request URL)."""
    return str(args.base_url or OPENAI_URL)


def _request_url(base_url: str) -> str:
    # Azure's Batch API names the endpoint without the version prefix.
    return "/chat/completions" if ".openai.azure.com" in base_url else "/v1/chat/completions"


def run_batch_brief(
    args: argparse.Namespace,
    briefer: Briefer,
    read: ReadResult,
    day: dt.date | None,
    cache: ReplyCache | None,
    options: BriefOptions | None = None,
    since: DailyBrief | None = None,
    export: Output | None = None,
) -> tuple[DailyBrief | None, int]:
    """Run the flags' batch flow; the brief when it is done (else None) and the exit code.

    ``export`` is ``--batch-export``'s file, opened (and checked) before any work.
    """
    shape = _Shape(options, since)
    from briefer.brief import BatchStore

    if args.batch and briefer.client is None:
        raise UsageError(
            "--batch needs a provider's Batch API: set OPENAI_API_KEY (and --base-url for "
            "a server other than OpenAI's)"
        )
    if briefer.engine != "model":
        raise UsageError(
            "the Batch API path needs a model: pass --model (and --base-url for a local server)"
        )
    with BatchStore() as store:
        return _run_store(args, briefer, read, day, cache, store, shape, export)


def _run_store(
    args: argparse.Namespace,
    briefer: Briefer,
    read: ReadResult,
    day: dt.date | None,
    cache: ReplyCache | None,
    store: BatchStore,
    shape: _Shape,
    export: Output | None,
) -> tuple[DailyBrief | None, int]:
    for path in args.batch_import or ():
        _import(args, store, path)
    if args.batch:
        return _end_to_end(args, briefer, read, day, cache, store, shape), 0
    live = None if export else _live_client(args, briefer)
    result = _pass(args, briefer, read, day, cache, store, shape, client=live)
    if result.brief is not None:
        if export:
            note(args, f"nothing to export to {args.batch_export}: every call has its reply")
        note(args, f"{result.from_batch} calls answered from batch results")
        return result.brief, 0
    if export is None:
        raise UsageError(
            f"{len(result.pending)} requests still need a reply: export them with "
            "--batch-export FILE, or configure a model (--base-url or OPENAI_API_KEY) "
            "to send them live"
        )
    from briefer.brief import request_lines

    store.add(result.pending)  # the state to resume from: every request's body
    url = _request_url(server_url(args))
    export.write("".join(line + "\n" for line in request_lines(result.pending, url)))
    count = len(result.pending)
    note(
        args,
        f"wrote {count} request{'s' * (count != 1)} to {args.batch_export} "
        f"({result.from_batch} calls already answered); run "
        f"{'them' if count != 1 else 'it'} as a batch, then --batch-import the results",
    )
    return None, 0


@dataclass(frozen=True)
class _Shape:
    """What the brief shows, the same in every pass."""

    options: BriefOptions | None
    since: DailyBrief | None


def _import(args: argparse.Namespace, store: BatchStore, path: Path) -> None:
    from briefer.brief import import_results, read_results_file

    counts = import_results(store, read_results_file(path))
    note(args, f"{path}: {counts.replies} replies, {counts.errors} failed requests")
    for reason in counts.skipped[:5]:
        note(args, f"{path}: skipped {reason}")
    if len(counts.skipped) > 5:
        note(args, f"{path}: skipped {len(counts.skipped) - 5} more lines")


def _live_client(args: argparse.Namespace, briefer: Briefer) -> Any:
    configured = bool(os.environ.get("OPENAI_API_KEY") or args.base_url)
    return briefer.client if configured else None


def _pass(
    args: argparse.Namespace,
    briefer: Briefer,
    read: ReadResult,
    day: dt.date | None,
    cache: ReplyCache | None,
    store: BatchStore,
    shape: _Shape,
    *,
    client: Any,
) -> PassResult:
    from briefer.brief import run_pass

    with briefer.rate_limiter.run():
        return asyncio.run(
            run_pass(
                briefer.summarizer,
                read.articles,
                store,
                client=client,
                cache=cache,
                base_url=server_url(args),
                title=args.title,
                date=day,
                max_cost=args.max_cost,
                failures=read.failures,
                options=shape.options,
                since=shape.since,
            )
        )


def _end_to_end(
    args: argparse.Namespace,
    briefer: Briefer,
    read: ReadResult,
    day: dt.date | None,
    cache: ReplyCache | None,
    store: BatchStore,
    shape: _Shape,
) -> DailyBrief:
    from briefer.brief import run_batches

    client = briefer.client
    if client is None or not hasattr(client, "batches") or not hasattr(client, "files"):
        raise UsageError("--batch needs a provider with a Batch API: set OPENAI_API_KEY")
    show = _progress_line(args)
    try:
        result = run_batches(
            client,
            store,
            lambda: _pass(args, briefer, read, day, cache, store, shape, client=None),
            url=_request_url(server_url(args)),
            poll=args.batch_poll,
            progress=show,
        )
    except KeyboardInterrupt:
        pending = [job for job in store.jobs() if not job.imported]
        if pending:
            note(
                args,
                f"the batch {pending[0].batch_id} keeps running at the provider; "
                "run the same command again to pick up its results",
            )
        raise
    finally:
        if show is not None and sys.stderr.isatty():
            sys.stderr.write("\n")
    if result.brief is None:  # run_batches only returns a finished pass
        raise ModelError("the batch run ended without a brief")
    note(args, f"{result.from_batch} calls answered through the Batch API")
    return result.brief


def _progress_line(args: argparse.Namespace) -> Any:
    if args.quiet:
        return None
    last: list[str] = []

    def show(progress: BatchProgress) -> None:
        # The id and status are the server's words: no escape sequence reaches a terminal.
        line = one_line(
            f"batch {progress.batch_id} (round {progress.round}): {progress.status}, "
            f"{progress.completed}/{progress.total} done, {progress.failed} failed"
        )
        if sys.stderr.isatty():
            sys.stderr.write(f"\r{line}\033[K")
            sys.stderr.flush()
        elif not last or last[-1] != progress.status:
            note(args, line)
        last.append(progress.status)

    return show
