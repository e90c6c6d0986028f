"""The record of the last brief, kept next to the reply cache, and reading a brief's JSON back.

``briefer brief`` saves each brief it builds as ``last-brief.json`` in the cache folder
(``$BRIEFER_CACHE_DIR``, else ``$XDG_CACHE_HOME/briefer``, else ``~/.cache/briefer``), so the
next run can say ``--since last`` instead of keeping yesterday's JSON itself.
"""

from __future__ import annotations

import logging
import os
import tempfile
from pathlib import Path

from pydantic import ValidationError

from briefer.cache import default_cache_path
from briefer.errors import UsageError
from briefer.schema import DailyBrief

__all__ = ["LAST_BRIEF", "last_brief_path", "load_brief", "save_last_brief"]

LAST_BRIEF = "last-brief.json"
# A brief's JSON is a few hundred kilobytes; refuse what cannot be one before parsing it.
_MAX_BYTES = 64 * 1024 * 1024

logger = logging.getLogger(__name__)


def last_brief_path() -> Path:
    """Where the record of the last brief lives: ``last-brief.json`` in the cache folder."""
    return default_cache_path().parent / LAST_BRIEF


def load_brief(path: str | Path) -> DailyBrief:
    """A brief read back from its JSON (``--format json`` output, or the last-run record).

    Raises:
        UsageError: the file cannot be read or is not a brief's JSON (one line saying why).
    """
    target = Path(path)
    try:
        if target.stat().st_size > _MAX_BYTES:
            raise UsageError(f"{target} is too large to be a brief's JSON")
        text = target.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UsageError(f"{target} does not exist") from None
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        raise UsageError(f"cannot read {target}: {reason}") from None
    try:
        return DailyBrief.model_validate_json(text)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ())) or "the document"
        raise UsageError(
            f"{target} is not a brief's JSON ({where}: {first.get('msg', 'invalid')})"
        ) from None


def save_last_brief(brief: DailyBrief, path: Path | None = None) -> Path | None:
    """Keep ``brief`` as the record of the last run; a failure is logged, never raised."""
    target = path or last_brief_path()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(prefix=".last-brief.", dir=target.parent)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(brief.model_dump_json())
            os.replace(name, target)
        except BaseException:
            Path(name).unlink(missing_ok=True)
            raise
    except OSError as exc:
        logger.warning("could not keep the record of this brief in %s: %s", target, exc)
        return None
    return target
