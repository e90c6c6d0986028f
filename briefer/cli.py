"""The ``briefer`` command: a thin layer over the library.

Exit codes: 0 ok; 1 a model or API failure (or, for ``brief``, some articles not included);
2 bad input or usage. Errors are one line on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import inspect
import logging
import math
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

if TYPE_CHECKING:
    from briefer.pipeline import Briefer

__all__ = ["main"]

log = logging.getLogger("briefer")

FORMATS = ("markdown", "json", "html")
SUFFIX_FORMATS = {".json": "json", ".html": "html", ".htm": "html", ".md": "markdown"}


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        # One line, not argparse's usage block: the user can ask for --help.
        self.exit(2, f"briefer: error: {message} (see '{self.prog} --help')\n")


def _add_model_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("model")
    group.add_argument(
        "--model",
        default=os.environ.get("BRIEFER_MODEL"),
        help="model name (env BRIEFER_MODEL; default gpt-4o-mini on OpenAI)",
    )
    group.add_argument(
        "--base-url",
        default=os.environ.get("OPENAI_BASE_URL"),
        help="OpenAI-compatible server, e.g. http://localhost:11434/v1 (env OPENAI_BASE_URL)",
    )
    group.add_argument(
        "--offline", action="store_true", help="use the offline extractive engine, no model"
    )
    group.add_argument(
        "--mode",
        choices=("auto", "json_schema", "json_object", "prompt"),
        default=os.environ.get("BRIEFER_MODE", "auto"),
        help="structured-output mode (default: auto, negotiated with the server)",
    )
    group.add_argument(
        "--grounding",
        choices=("drop", "flag", "off"),
        default=os.environ.get("BRIEFER_GROUNDING", "drop"),
        help="items not found in the article: drop (default), flag or keep (off)",
    )
    group.add_argument(
        "--grounding-reask",
        action="store_true",
        help="send unverified quotes and names back to the model once (one more call)",
    )
    group.add_argument(
        "--prompts-dir", type=Path, help="folder of templates overriding the built-in"
    )
    group.add_argument("--max-output-tokens", type=int, help="token limit of each reply")
    group.add_argument("--context-window", type=int, help="the model's context window in tokens")
    group.add_argument("--temperature", type=float, default=0.0, help="sampling temperature")
    group.add_argument("--timeout", type=float, default=120.0, help="seconds per request")
    group.add_argument(
        "--max-retries", type=int, default=2, help="SDK retries on 429/5xx/timeouts (default 2)"
    )


def _add_output_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", "-f", choices=FORMATS, help="output format (default markdown)")
    parser.add_argument("-o", "--output", type=Path, help="write to FILE instead of stdout")
    parser.add_argument("-q", "--quiet", action="store_true", help="no notes on stderr")
    parser.add_argument("-v", "--verbose", action="count", default=0, help="more detail on stderr")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="briefer",
        description="Turn news articles into structured, source-checked briefings.",
    )
    from briefer import __version__

    parser.add_argument("--version", action="version", version=f"briefer {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    summarize = commands.add_parser(
        "summarize",
        help="summarize one article",
        description="Summarize one article: key claims, actors, quoted experts, open questions.",
    )
    summarize.add_argument("input", metavar="PATH|URL|-", help="article file, http(s) URL, or -")
    _add_output_options(summarize)
    summarize.add_argument("--no-cache", action="store_true", help="do not reuse or store replies")
    _add_model_options(summarize)

    brief = commands.add_parser(
        "brief",
        help="one brief document for a day of articles",
        description="Build one brief from a folder, .jsonl file or feed of the day's articles.",
    )
    brief.add_argument("inputs", nargs="+", metavar="INPUT", help="folders, files or feeds")
    _add_output_options(brief)
    brief.add_argument("--date", help="the brief's date, YYYY-MM-DD (default today)")
    brief.add_argument("--title", help="the brief's title")
    brief.add_argument("--concurrency", type=int, default=8, help="model calls at once")
    brief.add_argument("--max-cost", type=float, help="stop before spending more than USD")
    brief.add_argument("--dry-run", action="store_true", help="print planned calls, call nothing")
    brief.add_argument("--no-cache", action="store_true", help="do not reuse or store replies")
    _add_model_options(brief)

    schema = commands.add_parser("schema", help="print the JSON Schema sent to the model")
    schema.add_argument("--kind", choices=("summary", "brief"), default="summary")
    schema.add_argument("--loose", action="store_true", help="the json_object form, not strict")

    prompts = commands.add_parser("prompts", help="list, show or render prompt templates")
    prompts.add_argument("--prompts-dir", type=Path, help="folder overriding built-in templates")
    actions = prompts.add_subparsers(dest="action", metavar="ACTION", parser_class=_Parser)
    actions.add_parser("list", help="list the templates and where each comes from")
    show = actions.add_parser("show", help="print a template's source")
    show.add_argument("name")
    render = actions.add_parser("render", help="print the exact messages a run would send")
    render.add_argument("input", metavar="PATH|-")
    render.add_argument(
        "--mode", choices=("json_schema", "json_object", "prompt"), default="json_schema"
    )
    render.add_argument("--model", default=os.environ.get("BRIEFER_MODEL", "gpt-4o-mini"))
    render.add_argument("--context-window", type=int)
    render.add_argument("--max-output-tokens", type=int)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 2
    _setup_logging(getattr(args, "verbose", 0), getattr(args, "quiet", False))
    from briefer.errors import BrieferError

    try:
        _check_numbers(args)
        if args.command == "summarize":
            return _summarize(args)
        if args.command == "brief":
            from briefer.cli_brief import run_brief

            return run_brief(args, make_briefer, write)
        if args.command == "schema":
            return _schema(args)
        return _prompts(args)
    except BrieferError as exc:
        sys.stderr.write(f"briefer: error: {exc}\n")
        return exc.exit_code
    except KeyboardInterrupt:
        sys.stderr.write("briefer: interrupted\n")
        return 130
    except BrokenPipeError:
        return 1


def _check_numbers(args: argparse.Namespace) -> None:
    from briefer.errors import UsageError

    for flag in ("temperature", "timeout", "max_cost"):
        value = getattr(args, flag, None)
        if value is not None and not math.isfinite(value):
            raise UsageError(f"--{flag.replace('_', '-')} must be a finite number, not {value}")


_handlers: list[tuple[logging.Logger, logging.Handler]] = []


def _setup_logging(verbose: int, quiet: bool) -> None:
    """briefer's own notes on stderr; other libraries' logs only with -vv.

    Without a handler on the root logger, Python prints any library's warnings (trafilatura
    has many) through its last-resort handler; a NullHandler there keeps stderr to one line.
    """
    for logger, old in _handlers:  # main() may run more than once in one process
        logger.removeHandler(old)
    _handlers.clear()
    level = logging.ERROR if quiet else logging.WARNING if not verbose else logging.INFO
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("briefer: %(message)s"))
    root = logging.getLogger()
    if verbose > 1:
        root.addHandler(handler)
        root.setLevel(logging.DEBUG)
        _handlers.append((root, handler))
        return
    quiet_root = logging.NullHandler()
    root.addHandler(quiet_root)
    log.addHandler(handler)
    _handlers.extend([(root, quiet_root), (log, handler)])
    log.setLevel(level)
    log.propagate = False


def note(args: argparse.Namespace, message: str) -> None:
    if not getattr(args, "quiet", False):
        sys.stderr.write(f"briefer: {message}\n")


def make_briefer(args: argparse.Namespace, *, cache: Any = None) -> Briefer:
    """The Briefer the flags ask for: a model when one is configured, else the offline engine."""
    from briefer.errors import UsageError
    from briefer.pipeline import Briefer

    api_key = os.environ.get("OPENAI_API_KEY")
    use_model = not args.offline and bool(api_key or args.base_url)
    common: dict[str, Any] = {
        "grounding": args.grounding,
        "prompts_dir": args.prompts_dir,
        "concurrency": getattr(args, "concurrency", 8),
    }
    if not use_model:
        if not args.offline:
            note(args, "no OPENAI_API_KEY or --base-url: using the offline engine (no model)")
        return Briefer(engine="offline", **common)
    if args.max_retries < 0 or args.timeout <= 0:
        raise UsageError("--max-retries must be 0 or more and --timeout more than 0")
    model = args.model or ("gpt-4o-mini" if not args.base_url else None)
    if not model:
        raise UsageError("--model is required with --base-url (the name the server knows)")
    from openai import OpenAI

    client = OpenAI(
        api_key=api_key or "not-needed",  # local servers accept any key
        base_url=args.base_url or None,
        max_retries=args.max_retries,
        timeout=args.timeout,
    )
    log.info("model %s at %s, mode %s", model, args.base_url or "OpenAI", args.mode)
    return Briefer(
        client=client,
        model=model,
        mode=args.mode,
        grounding_reask=args.grounding_reask,
        max_output_tokens=args.max_output_tokens,
        context_window=args.context_window,
        temperature=args.temperature,
        cache=cache,
        **common,
    )


def close_briefer(briefer: Briefer) -> None:
    """Stop the Briefer's threads and close the client the CLI made for it."""
    briefer.close()
    close = getattr(briefer.client, "close", None)
    if callable(close) and not inspect.iscoroutinefunction(close):
        close()


def output_format(args: argparse.Namespace) -> str:
    if args.format:
        return str(args.format)
    if args.output is not None:
        return SUFFIX_FORMATS.get(args.output.suffix.lower(), "markdown")
    return "markdown"


def write(args: argparse.Namespace, text: str) -> None:
    """Write the result to -o FILE (whole, via a temporary file) or stdout."""
    if args.output is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        sys.stdout.flush()
        return
    from briefer.errors import UsageError

    target: Path = args.output
    tmp = target.with_name(f".{target.name}.tmp")
    try:
        tmp.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
        tmp.replace(target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise UsageError(f"cannot write {target}: {exc.strerror or exc}") from exc
    note(args, f"wrote {target}")


def _summarize(args: argparse.Namespace) -> int:
    from briefer.articles import fetch_url, read_article
    from briefer.render import render_summary

    source = str(args.input)
    if source.startswith(("http://", "https://")):
        article = fetch_url(source)
    else:
        article = read_article(source)
    with contextlib.ExitStack() as resources:
        cache = None
        if not args.no_cache:
            from briefer.cache import ResponseCache

            cache = resources.enter_context(ResponseCache())
        briefer = make_briefer(args, cache=cache)
        resources.callback(close_briefer, briefer)
        summary = briefer.summarize(article)
    meta = summary.metadata
    if meta.engine == "model":
        log.info(
            "mode %s, %d calls, %d attempts, %d tokens",
            meta.mode,
            meta.calls,
            meta.attempts,
            meta.usage.total_tokens,
        )
    write(args, render_summary(summary, output_format(args)))  # type: ignore[arg-type]
    return 0


def _schema(args: argparse.Namespace) -> int:
    import json

    from briefer.response_schema import response_schema
    from briefer.schema import BriefSynthesis, SummaryContent

    model = SummaryContent if args.kind == "summary" else BriefSynthesis
    sys.stdout.write(json.dumps(response_schema(model, strict=not args.loose), indent=2) + "\n")
    return 0


def _prompts(args: argparse.Namespace) -> int:
    from briefer.prompts import PromptSet

    prompts = PromptSet(args.prompts_dir)
    if args.action == "list":
        for name in prompts.names():
            sys.stdout.write(f"{name}\t{prompts.origin(name)}\n")
        return 0
    if args.action == "show":
        sys.stdout.write(prompts.source(args.name))
        return 0
    if args.action == "render":
        import json

        from briefer.articles import read_article
        from briefer.pipeline import Briefer
        from briefer.testing import FakeClient

        article = read_article(args.input)
        # A client that is never called: rendering needs the model's budget, not the model.
        briefer = Briefer(
            client=FakeClient(),
            model=args.model,
            prompts_dir=args.prompts_dir,
            context_window=args.context_window,
            max_output_tokens=args.max_output_tokens,
        )
        requests = briefer.messages(article, mode=args.mode)
        sys.stdout.write(json.dumps(requests, indent=2, ensure_ascii=False) + "\n")
        return 0
    sys.stderr.write("briefer: error: say what to do: briefer prompts list|show NAME|render PATH\n")
    return 2
