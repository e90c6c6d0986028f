"""``briefer summarize``: one article, from a file, a URL or standard input."""

from __future__ import annotations

import argparse
import contextlib
from typing import Any

from briefer.cli._common import close_briefer, log, make_briefer, note, output_format
from briefer.cli._options import add_input_options, add_model_options, add_output_options
from briefer.cli._output import open_output

__all__ = ["register", "run"]


def register(commands: Any) -> None:
    """Add the command to the CLI's subparsers."""
    summarize = commands.add_parser(
        "summarize",
        help="summarize one article",
        description="Summarize one article: key claims, actors, quoted experts, open questions.",
    )
    summarize.add_argument("input", metavar="PATH|URL|-", help="article file, http(s) URL, or -")
    add_input_options(summarize)
    add_output_options(summarize)
    summarize.add_argument("--no-cache", action="store_true", help="do not reuse or store replies")
    add_model_options(summarize)


def run(args: argparse.Namespace) -> int:
    """Summarize the article and write it; 0 on success."""
    from briefer.articles import fetch_url, read_article
    from briefer.render import render_summary

    source = str(args.input)
    output = open_output(args.output, inputs=[source])
    with contextlib.ExitStack() as resources:
        resources.callback(output.discard)
        if source.startswith(("http://", "https://")):
            article = fetch_url(source, allow_private_hosts=args.allow_private_hosts)
        else:
            article = read_article(source)
        cache = None
        if not args.no_cache:
            from briefer.cache import ResponseCache

            cache = resources.enter_context(ResponseCache())
        briefer = make_briefer(args, cache=cache)
        resources.callback(close_briefer, briefer)
        from briefer.cli._progress import progress_for
        from briefer.llm import observe_calls

        with progress_for(args) as progress, observe_calls(progress.on_call):
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
        output.write(render_summary(summary, output_format(args)))  # type: ignore[arg-type]
    if output.path is not None:
        note(args, f"wrote {output.path}")
    return 0
