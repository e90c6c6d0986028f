"""Options shared by the commands: the model and its server, and where the output goes."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import NoReturn

__all__ = [
    "FORMATS",
    "Parser",
    "add_input_options",
    "add_model_options",
    "add_output_options",
    "add_rate_options",
]

FORMATS = ("markdown", "json", "html")


class Parser(argparse.ArgumentParser):
    """argparse, with a one-line error instead of the usage block."""

    def error(self, message: str) -> NoReturn:
        # One line, not argparse's usage block: the user can ask for --help.
        self.exit(2, f"briefer: error: {message} (see '{self.prog} --help')\n")


def add_model_options(parser: argparse.ArgumentParser) -> None:
    """--model, --base-url, --offline, --mode, grounding, limits, timeout, retries, rates."""
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
        "--verify",
        choices=("lexical", "model"),
        default=os.environ.get("BRIEFER_VERIFY", "lexical"),
        help="claim checks: lexical (default) or model (one more call per summary asking "
        "the model about each claim and its evidence; env BRIEFER_VERIFY)",
    )
    group.add_argument(
        "--prompts-dir", type=Path, help="folder of templates overriding the built-in"
    )
    group.add_argument("--max-output-tokens", type=int, help="token limit of each reply")
    group.add_argument("--context-window", type=int, help="the model's context window in tokens")
    group.add_argument("--temperature", type=float, default=0.0, help="sampling temperature")
    group.add_argument(
        "--timeout", type=float, default=120.0, help="seconds each request may take in all"
    )
    group.add_argument(
        "--max-retries", type=int, default=2, help="retries on 5xx and timeouts (default 2)"
    )
    add_rate_options(parser)


def add_rate_options(parser: argparse.ArgumentParser) -> None:
    """--rpm, --tpm and --rate-deadline: the provider's limits and how long to wait them out."""
    group = parser.add_argument_group("rate limits (learnt from x-ratelimit-* headers if sent)")
    group.add_argument(
        "--rpm",
        type=float,
        default=os.environ.get("BRIEFER_RPM") or None,
        help="requests per minute the provider allows (env BRIEFER_RPM)",
    )
    group.add_argument(
        "--tpm",
        type=float,
        default=os.environ.get("BRIEFER_TPM") or None,
        help="tokens per minute the provider allows, prompt plus output limit (env BRIEFER_TPM)",
    )
    group.add_argument(
        "--rate-deadline",
        type=float,
        default=3600.0,
        metavar="SECONDS",
        help="keep retrying rate-limited (429) calls this long into a run (default 3600)",
    )


def add_input_options(parser: argparse.ArgumentParser) -> None:
    """--allow-private-hosts."""
    parser.add_argument(
        "--allow-private-hosts",
        action="store_true",
        help="let URLs (and their redirects) reach loopback, private and link-local addresses",
    )


def add_output_options(parser: argparse.ArgumentParser) -> None:
    """--format, -o, -q and -v."""
    parser.add_argument("--format", "-f", choices=FORMATS, help="output format (default markdown)")
    parser.add_argument("-o", "--output", type=Path, help="write to FILE instead of stdout")
    parser.add_argument("-q", "--quiet", action="store_true", help="no notes on stderr")
    parser.add_argument("-v", "--verbose", action="count", default=0, help="more detail on stderr")
