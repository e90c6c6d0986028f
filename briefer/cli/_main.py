"""The ``briefer`` command: the parser, logging, and one line per error.

Exit codes: 0 ok; 1 a model or API failure (or, for ``brief``, some articles not included);
2 bad input or usage. Errors are one line on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import math
import sys
from collections.abc import Sequence

from briefer._version import __version__
from briefer.cli import _batch, _brief, _cache, _prompts, _schema, _summarize
from briefer.cli._common import log, one_line
from briefer.cli._options import Parser
from briefer.cli._output import flush_stdout
from briefer.text import strip_controls

__all__ = ["build_parser", "main"]

# Each command's module: its register() adds the subparser, its run() does the work. They
# import the heavy parts (openai, pydantic, tiktoken) only inside run().
_COMMANDS = {
    "summarize": _summarize,
    "brief": _brief,
    "batch": _batch,
    "schema": _schema,
    "prompts": _prompts,
    "cache": _cache,
}


def build_parser() -> argparse.ArgumentParser:
    """The parser of every command."""
    parser = Parser(
        prog="briefer",
        description="Turn news articles into structured, source-checked briefings.",
    )
    parser.add_argument("--version", action="version", version=f"briefer {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    for module in _COMMANDS.values():
        module.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 2
    _setup_logging(getattr(args, "verbose", 0), getattr(args, "quiet", False))
    errors = importlib.import_module("briefer.errors")
    try:
        _check_numbers(args)
        code = int(_COMMANDS[args.command].run(args))
        flush_stdout()  # a full disk behind stdout shows here, not at exit as a traceback
        return code
    except errors.BrieferError as exc:
        _say(f"briefer: error: {one_line(str(exc))}\n")
        return int(exc.exit_code)
    except KeyboardInterrupt:
        _say("briefer: interrupted\n")
        return 130
    except BrokenPipeError:
        return 1


def _say(line: str) -> None:
    try:
        sys.stderr.write(line)
    except OSError:
        pass  # stderr is gone too: the exit code is all that is left


def _check_numbers(args: argparse.Namespace) -> None:
    from briefer.errors import UsageError

    for flag in ("temperature", "timeout", "max_cost"):
        value = getattr(args, flag, None)
        if value is not None and not math.isfinite(value):
            raise UsageError(f"--{flag.replace('_', '-')} must be a finite number, not {value}")


class _TerminalSafe(logging.Formatter):
    """Log lines without control characters: messages may quote file names or server text."""

    def format(self, record: logging.LogRecord) -> str:
        return strip_controls(super().format(record))


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
    handler.setFormatter(_TerminalSafe("briefer: %(message)s"))
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
