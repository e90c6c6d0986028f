"""Helpers every command shares: notes on stderr, the Briefer the flags ask for, the format."""

from __future__ import annotations

import argparse
import inspect
import logging
import os
import sys
from typing import TYPE_CHECKING

from briefer.text import strip_controls

if TYPE_CHECKING:
    from briefer._briefer import Briefer
    from briefer.llm import ReplyCache

__all__ = ["close_briefer", "log", "make_briefer", "note", "one_line", "output_format"]

log = logging.getLogger("briefer")

SUFFIX_FORMATS = {".json": "json", ".html": "html", ".htm": "html", ".md": "markdown"}


def one_line(message: str) -> str:
    """``message`` as one line with no control characters: it may quote file names and text."""
    return " ".join(strip_controls(message).split())


def note(args: argparse.Namespace, message: str) -> None:
    """One line on stderr, unless -q."""
    if not getattr(args, "quiet", False):
        try:
            sys.stderr.write(f"briefer: {one_line(message)}\n")
        except OSError:
            pass  # nowhere left to say it


def make_briefer(
    args: argparse.Namespace, *, cache: ReplyCache | None = None, plan_only: bool = False
) -> Briefer:
    """The Briefer the flags ask for: a model when one is configured, else the offline engine.

    With ``plan_only`` (``--dry-run``), a model named by ``--model`` is priced even with no
    API key: a Briefer that plans is built without a client.
    """
    from briefer._briefer import Briefer
    from briefer.errors import UsageError

    api_key = os.environ.get("OPENAI_API_KEY")
    configured = bool(api_key or args.base_url)
    use_model = not args.offline and (configured or (plan_only and bool(args.model)))
    common = {
        "grounding": args.grounding,
        "prompts_dir": args.prompts_dir,
        "concurrency": getattr(args, "concurrency", 8),
    }
    if not use_model:
        if getattr(args, "verify", "lexical") == "model":
            raise UsageError(
                "--verify model needs a model: give --model with an API key or --base-url"
            )
        if not args.offline:
            note(args, "no OPENAI_API_KEY or --base-url: using the offline engine (no model)")
        return Briefer(engine="offline", **common)
    if args.max_retries < 0 or args.timeout <= 0:
        raise UsageError("--max-retries must be 0 or more and --timeout more than 0")
    model = args.model or ("gpt-4o-mini" if not args.base_url else None)
    if not model:
        raise UsageError("--model is required with --base-url (the name the server knows)")
    settings = {
        "model": model,
        "mode": args.mode,
        "grounding_reask": args.grounding_reask,
        "verify": getattr(args, "verify", "lexical"),
        "max_output_tokens": args.max_output_tokens,
        "context_window": args.context_window,
        "temperature": args.temperature,
        "rpm": args.rpm,
        "tpm": args.tpm,
        "rate_deadline": args.rate_deadline,
        **common,
    }
    if plan_only:
        return Briefer(engine="model", **settings)
    from openai import OpenAI

    from briefer.llm import deadline_http_client

    client = OpenAI(
        api_key=api_key or "not-needed",  # local servers accept any key
        base_url=args.base_url or None,
        max_retries=args.max_retries,
        timeout=args.timeout,
        # The SDK's timeout bounds each read; this bounds each request as a whole.
        http_client=deadline_http_client(args.timeout),
    )
    log.info("model %s at %s, mode %s", model, args.base_url or "OpenAI", args.mode)
    return Briefer(client=client, cache=cache, **settings)


def close_briefer(briefer: Briefer) -> None:
    """Stop the Briefer's threads and close the client the CLI made for it."""
    briefer.close()
    close = getattr(briefer.client, "close", None)
    if callable(close) and not inspect.iscoroutinefunction(close):
        close()


def output_format(args: argparse.Namespace) -> str:
    """--format, else the -o file's ending, else markdown."""
    if args.format:
        return str(args.format)
    if args.output is not None:
        return SUFFIX_FORMATS.get(args.output.suffix.lower(), "markdown")
    return "markdown"
