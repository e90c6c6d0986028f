"""``briefer prompts``: list, show or render the prompt templates."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

from briefer.cli._options import Parser
from briefer.cli._output import write_stdout

__all__ = ["register", "run"]


def register(commands: Any) -> None:
    """Add the command to the CLI's subparsers."""
    prompts = commands.add_parser("prompts", help="list, show or render prompt templates")
    prompts.add_argument("--prompts-dir", type=Path, help="folder overriding built-in templates")
    actions = prompts.add_subparsers(dest="action", metavar="ACTION", parser_class=Parser)
    actions.add_parser("list", help="list the templates and where each comes from")
    show = actions.add_parser("show", help="print a template's source")
    show.add_argument("name")
    render = actions.add_parser(
        "render",
        help="print the exact messages a run would send",
        description="Print the messages each request of a summary would send, without a model: "
        "readable (a header per request and role, real line breaks, the text indented so an "
        "article cannot forge a header), or exactly as sent with --json.",
    )
    render.add_argument("input", metavar="PATH|-")
    render.add_argument("--json", action="store_true", help="the messages as JSON, exactly as sent")
    render.add_argument(
        "--mode", choices=("json_schema", "json_object", "prompt"), default="json_schema"
    )
    render.add_argument("--model", default=os.environ.get("BRIEFER_MODEL", "gpt-4o-mini"))
    render.add_argument("--context-window", type=int)
    render.add_argument("--max-output-tokens", type=int)


def run(args: argparse.Namespace) -> int:
    """Do what the action says; 2 when no action was given."""
    from briefer.prompts import PromptSet

    prompts = PromptSet(args.prompts_dir)
    if args.action == "list":
        write_stdout("".join(f"{name}\t{prompts.origin(name)}\n" for name in prompts.names()))
        return 0
    if args.action == "show":
        write_stdout(prompts.source(args.name))
        return 0
    if args.action == "render":
        from briefer._briefer import Briefer
        from briefer.articles import read_article

        article = read_article(args.input)
        # Rendering needs the model's budget, not the model: a Briefer that only plans.
        briefer = Briefer(
            engine="model",
            model=args.model,
            prompts_dir=args.prompts_dir,
            context_window=args.context_window,
            max_output_tokens=args.max_output_tokens,
        )
        requests = briefer.messages(article, mode=args.mode)
        if args.json:
            write_stdout(json.dumps(requests, indent=2, ensure_ascii=False) + "\n")
        else:
            write_stdout(readable(requests))
        return 0
    sys.stderr.write("briefer: error: say what to do: briefer prompts list|show NAME|render PATH\n")
    return 2


def readable(requests: list[list[dict[str, Any]]]) -> str:
    """The requests for a reader: a header per request and per message, the text indented.

    Control characters other than line breaks and tabs are shown as ``\\xNN`` or
    ``\\uNNNN``: article text never reaches the terminal as commands.
    """
    lines: list[str] = []
    for number, messages in enumerate(requests, 1):
        if number > 1:
            lines.append("")
        lines.append(f"=== request {number} of {len(requests)} ===")
        for message in messages:
            content = message.get("content")
            text = content if isinstance(content, str) else json.dumps(content, indent=2)
            lines += ["", f"--- {message.get('role', '?')} ---"]
            lines += [f"  {line}" if line else "" for line in _shown(text).split("\n")]
    return "\n".join(lines) + "\n"


def _shown(text: str) -> str:
    text = text.replace("\r\n", "\n")
    return "".join(
        c
        if c in "\n\t" or c.isprintable()
        else f"\\x{ord(c):02x}"
        if ord(c) < 256
        else f"\\u{ord(c):04x}"
        for c in text
    )
