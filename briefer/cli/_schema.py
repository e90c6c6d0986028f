"""``briefer schema``: the JSON Schema sent to the model."""

from __future__ import annotations

import argparse
import json
from typing import Any

from briefer.cli._output import write_stdout

__all__ = ["register", "run"]


def register(commands: Any) -> None:
    """Add the command to the CLI's subparsers."""
    schema = commands.add_parser("schema", help="print the JSON Schema sent to the model")
    schema.add_argument("--kind", choices=("summary", "brief"), default="summary")
    schema.add_argument("--loose", action="store_true", help="the json_object form, not strict")


def run(args: argparse.Namespace) -> int:
    """Print the schema; 0."""
    from briefer.llm import response_schema
    from briefer.schema import BriefSynthesis, SummaryContent

    model = SummaryContent if args.kind == "summary" else BriefSynthesis
    write_stdout(json.dumps(response_schema(model, strict=not args.loose), indent=2) + "\n")
    return 0
