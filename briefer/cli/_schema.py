"""``briefer schema``: the JSON Schema sent to the model, or the one of ``-f json`` output.

Two different documents. The schema sent to the model (``--kind response``, and
``top-lines`` for a brief's one synthesis call) describes only what the model writes: the
lede, claims, actors, experts and questions, with length hints and no fields briefer adds
itself. The output schemas (``summary``, ``brief``) describe what ``briefer summarize -f
json`` and ``briefer brief -f json`` print: the same content plus each item's ``evidence``,
the title, source and the run's ``metadata``; every field is always present.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from briefer.cli._output import write_stdout

__all__ = ["KINDS", "register", "run"]

KINDS = ("response", "summary", "brief", "top-lines")
_DRAFT = "https://json-schema.org/draft/2020-12/schema"
# Hints for the model that parsing does not enforce on every value briefer writes.
_MODEL_HINTS = {"maxLength", "maxItems", "internal"}


def register(commands: Any) -> None:
    """Add the command to the CLI's subparsers."""
    schema = commands.add_parser(
        "schema",
        help="print a JSON Schema: sent to the model, or of -f json output",
        description="Print a JSON Schema. response: what the model is asked to write for a "
        "summary (the default); top-lines: what it is asked to write for a brief's top lines; "
        "summary: the output of 'briefer summarize -f json'; brief: the output of "
        "'briefer brief -f json'.",
    )
    schema.add_argument("--kind", choices=KINDS, default="response", help="which schema")
    schema.add_argument(
        "--loose",
        action="store_true",
        help="response/top-lines: the json_object form with length limits, not strict",
    )


def run(args: argparse.Namespace) -> int:
    """Print the schema; 0."""
    from briefer.errors import UsageError

    if args.loose and args.kind not in ("response", "top-lines"):
        raise UsageError("--loose applies to the schemas sent to the model (response, top-lines)")
    write_stdout(json.dumps(schema_of(args.kind, loose=args.loose), indent=2) + "\n")
    return 0


def schema_of(kind: str, *, loose: bool = False) -> dict[str, Any]:
    """The schema ``briefer schema --kind KIND`` prints."""
    from briefer.llm import response_schema
    from briefer.schema import ArticleSummary, BriefSynthesis, DailyBrief, SummaryContent

    if kind == "response":
        return response_schema(SummaryContent, strict=not loose)
    if kind == "top-lines":
        return response_schema(BriefSynthesis, strict=not loose)
    model = ArticleSummary if kind == "summary" else DailyBrief
    command = "summarize" if kind == "summary" else "brief"
    raw = model.model_json_schema(mode="serialization")
    body = _every_field_present(raw)
    return {
        "$schema": _DRAFT,
        "title": model.__name__,
        "description": f"The output of 'briefer {command} -f json'.",
        **{k: v for k, v in body.items() if k not in ("title", "description")},
    }


def _every_field_present(node: Any) -> Any:
    """The dump writes every field (None included) and nothing else: say so."""
    if isinstance(node, list):
        return [_every_field_present(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {k: _every_field_present(v) for k, v in node.items() if k not in _MODEL_HINTS}
    if "properties" in out and isinstance(out["properties"], dict):
        out["properties"] = {
            name: _every_field_present(prop) for name, prop in node["properties"].items()
        }
        out["required"] = list(out["properties"])
        out["additionalProperties"] = False
    return out
