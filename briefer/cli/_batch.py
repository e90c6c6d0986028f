"""``briefer batch``: the provider's batches: ``list`` them, ``cancel`` one.

Batches are made by ``briefer brief INPUT... --batch``; see docs/batch.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from typing import Any

from briefer.cli._common import note
from briefer.errors import UsageError

__all__ = ["register", "run"]


def register(commands: Any) -> None:
    """Add the command to the CLI's subparsers."""
    batch = commands.add_parser(
        "batch",
        help="list or cancel Batch API jobs",
        description="List the provider's recent batches, or cancel one.",
    )
    actions = batch.add_subparsers(dest="action", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="the most recent batches, briefer's marked")
    listing.add_argument("--limit", type=int, default=20, help="how many (default 20)")
    cancel = actions.add_parser("cancel", help="cancel a batch (what it finished stays)")
    cancel.add_argument("batch_id", metavar="ID", help="the batch id, e.g. batch_abc123")
    for parser in (listing, cancel):
        parser.add_argument(
            "--base-url",
            default=os.environ.get("OPENAI_BASE_URL"),
            help="the provider's API (env OPENAI_BASE_URL; default OpenAI)",
        )
        parser.add_argument("--timeout", type=float, default=60.0, help="seconds per request")
        parser.add_argument("-q", "--quiet", action="store_true", help="no notes on stderr")
        parser.add_argument("-v", "--verbose", action="count", default=0, help="more detail")


def run(args: argparse.Namespace) -> int:
    """List or cancel; exit 1 when the provider refuses."""
    from briefer.brief import BatchStore, cancel_batch, list_batches

    client = _client(args)
    try:
        with BatchStore() as store:
            if args.action == "list":
                if args.limit < 1:
                    raise UsageError("--limit must be at least 1")
                rows = list_batches(client, store, args.limit)
                for batch, ours in rows:
                    sys.stdout.write(_row(batch, ours) + "\n")
                if not rows:
                    note(args, "no batches")
                return 0
            batch = cancel_batch(client, store, args.batch_id)
            sys.stdout.write(_row(batch, True) + "\n")
            return 0
    except Exception as exc:
        if _is_api_error(exc):
            from briefer.errors import ModelAPIError

            status = getattr(exc, "status_code", None)
            message = getattr(exc, "message", None) or str(exc)
            where = f" (HTTP {status})" if status else ""
            raise ModelAPIError(f"the provider refused{where}: {message}") from exc
        raise
    finally:
        close = getattr(client, "close", None)
        if callable(close):
            close()


def _client(args: argparse.Namespace) -> Any:
    api_key = os.environ.get("OPENAI_API_KEY")
    if not (api_key or args.base_url):
        raise UsageError("batches live at a provider: set OPENAI_API_KEY (or pass --base-url)")
    if not args.timeout > 0:
        raise UsageError("--timeout must be more than 0")
    from openai import OpenAI

    return OpenAI(
        api_key=api_key or "not-needed", base_url=args.base_url or None, timeout=args.timeout
    )


def _is_api_error(exc: Exception) -> bool:
    return any(cls.__name__ == "OpenAIError" for cls in type(exc).__mro__)


def _row(batch: Any, ours: bool) -> str:
    counts = batch.request_counts
    done = f"{counts.completed}/{counts.total} done, {counts.failed} failed" if counts else "-"
    created = dt.datetime.fromtimestamp(batch.created_at, dt.UTC).strftime("%Y-%m-%d %H:%M")
    mark = "briefer" if ours else "-"
    return f"{batch.id}\t{batch.status}\t{created} UTC\t{done}\t{mark}"
