"""``briefer cache``: where the reply cache is, what it holds, and emptying it.

Every action is safe while other briefer processes use the cache: entries are removed in
SQLite transactions, and the file itself is never deleted or replaced.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
from typing import TYPE_CHECKING, Any

from briefer.cli._options import Parser
from briefer.errors import UsageError

if TYPE_CHECKING:
    from briefer.cache import CacheInfo

__all__ = ["parse_age", "register", "run"]

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86_400, "w": 604_800}
_AGE = re.compile(r"(\d+(?:\.\d+)?)\s*([smhdw])")


def register(commands: Any) -> None:
    """Add the command to the CLI's subparsers."""
    cache = commands.add_parser(
        "cache",
        help="show, prune or clear the reply cache",
        description="The reply cache: where it is, what it holds, and emptying it "
        "(safe while other briefer runs use it). Its folder: BRIEFER_CACHE_DIR, else "
        "XDG_CACHE_HOME/briefer, else ~/.cache/briefer.",
    )
    actions = cache.add_subparsers(dest="action", metavar="ACTION", parser_class=Parser)
    actions.add_parser("path", help="print the cache file's path")
    info = actions.add_parser("info", help="file, size, entries, oldest and newest, per model")
    info.add_argument("--json", action="store_true", help="as JSON (times in UTC, ISO 8601)")
    actions.add_parser("clear", help="remove every entry")
    prune = actions.add_parser("prune", help="remove old entries, or one model's")
    prune.add_argument(
        "--older-than", type=parse_age, metavar="AGE", help="e.g. 30d, 12h, 2w, 90m, 45s"
    )
    prune.add_argument("--model", help="only entries of this model name")


def parse_age(text: str) -> float:
    """``30d`` -> seconds (units s, m, h, d, w)."""
    match = _AGE.fullmatch(text.strip().lower())
    if not match:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not an age: a number and a unit, e.g. 30d, 12h, 2w, 90m or 45s"
        )
    return float(match.group(1)) * _UNITS[match.group(2)]


def run(args: argparse.Namespace) -> int:
    """Do what the action says; 2 when no action was given."""
    from briefer.cache import ResponseCache

    cache = ResponseCache()
    out = sys.stdout
    if args.action == "path":
        out.write(f"{cache.path}\n")
    elif args.action == "info":
        info = cache.info()
        out.write(_info_json(info) if args.json else _info_text(info, dt.datetime.now()))
    elif args.action == "clear":
        out.write(f"removed {_entries(cache.clear())} from {cache.path}\n")
    elif args.action == "prune":
        if args.older_than is None and args.model is None:
            raise UsageError("say what to prune: --older-than AGE and/or --model NAME")
        removed = cache.prune(older_than=args.older_than, model=args.model)
        out.write(f"removed {_entries(removed)} from {cache.path}\n")
    else:
        raise UsageError("say what to do: briefer cache path|info|clear|prune")
    return 0


def _entries(n: int) -> str:
    return f"{n} {'entry' if n == 1 else 'entries'}"


def _safe(text: str) -> str:
    # Model names come from servers: nothing in them may move the cursor or colour the terminal.
    return "".join(c if c.isprintable() else "?" for c in text) or "(unknown)"


def _size(n: int) -> str:
    value = float(n)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1000 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1000
    raise AssertionError("unreachable")


def _when(ts: float | None, now: dt.datetime) -> str:
    if ts is None:
        return "-"
    at = dt.datetime.fromtimestamp(ts)
    days = (now.date() - at.date()).days
    ago = "today" if days == 0 else "yesterday" if days == 1 else f"{days} days ago"
    return f"{at:%Y-%m-%d %H:%M} ({ago})"


def _info_text(info: CacheInfo, now: dt.datetime) -> str:
    lines = [f"file     {_safe(str(info.path))}"]
    if not info.exists:
        return "\n".join([*lines, "no cache yet: it is made by the first model call", ""])
    lines += [
        f"size     {_size(info.size_bytes)}",
        f"entries  {info.rows}",
        f"oldest   {_when(info.oldest, now)}",
        f"newest   {_when(info.newest, now)}",
    ]
    if info.models:
        names = [_safe(m.model) for m in info.models]
        width = max(len("model"), *(len(n) for n in names))
        lines += ["", f"{'model':<{width}}  {'entries':>7}  {'size':>8}  oldest            newest"]
        for name, m in zip(names, info.models, strict=True):
            lines.append(
                f"{name:<{width}}  {m.rows:>7}  {_size(m.bytes):>8}  "
                f"{dt.datetime.fromtimestamp(m.oldest):%Y-%m-%d %H:%M}  "
                f"{dt.datetime.fromtimestamp(m.newest):%Y-%m-%d %H:%M}"
            )
    return "\n".join([*lines, ""])


def _iso(ts: float | None) -> str | None:
    if ts is None:
        return None
    return (
        dt.datetime.fromtimestamp(ts, dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
    )


def _info_json(info: CacheInfo) -> str:
    data = {
        "path": str(info.path),
        "exists": info.exists,
        "size_bytes": info.size_bytes,
        "entries": info.rows,
        "oldest": _iso(info.oldest),
        "newest": _iso(info.newest),
        "models": [
            {
                "model": m.model,
                "entries": m.rows,
                "bytes": m.bytes,
                "oldest": _iso(m.oldest),
                "newest": _iso(m.newest),
            }
            for m in info.models
        ],
    }
    return json.dumps(data, indent=2) + "\n"
