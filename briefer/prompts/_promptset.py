"""Prompt templates: one Jinja2 environment over the ``.j2`` files shipped in this package.

Templates are trusted files, ours or the user's; article text only ever enters as a
variable, so braces, ``{% raw %}`` or instructions inside an article reach the model as
plain data. A user folder (argument, or ``BRIEFER_PROMPTS_DIR``) overrides any template
by file name.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2

from briefer.errors import TemplateError

__all__ = ["PROMPTS_DIR_ENV", "PromptSet", "builtin_prompts_dir", "fence_for"]

PROMPTS_DIR_ENV = "BRIEFER_PROMPTS_DIR"


def builtin_prompts_dir() -> Path:
    """The folder of the templates shipped with briefer (this package's own folder)."""
    return Path(__file__).resolve().parent


def fence_for(text: str) -> str:
    """A delimiter line for ``text`` that the text itself cannot contain.

    It carries a hash of the text, so an article cannot close its own fence early and
    speak as the instructions; being derived from the text, it keeps prompts cacheable.
    """
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]
    return f"=====ARTICLE-{digest}====="


@dataclass(eq=False)
class PromptSet:
    """The prompt templates in use: the built-in ones, overridden by a user folder."""

    user_dir: Path | None = None
    _env: jinja2.Environment = field(init=False, repr=False)
    _hashes: dict[str, str] = field(init=False, repr=False, default_factory=dict)

    def __post_init__(self) -> None:
        if self.user_dir is None and os.environ.get(PROMPTS_DIR_ENV):
            self.user_dir = Path(os.environ[PROMPTS_DIR_ENV])
        if self.user_dir is not None:
            self.user_dir = Path(self.user_dir)
            if not self.user_dir.is_dir():
                raise TemplateError(f"prompts folder not found: {self.user_dir}")
        loaders: list[jinja2.BaseLoader] = []
        if self.user_dir is not None:
            loaders.append(jinja2.FileSystemLoader(self.user_dir))
        loaders.append(jinja2.FileSystemLoader(builtin_prompts_dir()))
        self._env = jinja2.Environment(
            loader=jinja2.ChoiceLoader(loaders),
            undefined=jinja2.StrictUndefined,
            autoescape=False,  # prompts are plain text, not HTML
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=False,
        )
        self._env.filters["tojson_compact"] = _tojson_compact

    def names(self) -> list[str]:
        """Template names available, user overrides included."""
        return sorted(n for n in self._env.list_templates() if n.endswith(".j2"))

    def origin(self, name: str) -> Path:
        """The file a template is loaded from."""
        name = _with_suffix(name)
        if self.user_dir is not None and (self.user_dir / name).is_file():
            return self.user_dir / name
        path = builtin_prompts_dir() / name
        if not path.is_file():
            raise TemplateError(
                f"no prompt template named {name!r}; have {', '.join(self.names())}"
            )
        return path

    def source(self, name: str) -> str:
        """The template's source text."""
        return self.origin(name).read_text(encoding="utf-8")

    def hash(self, name: str) -> str:
        """A short hash of the template's source, recorded in run metadata and cache keys.

        Read once per PromptSet: a run uses the templates as they were when it started.
        """
        if name not in self._hashes:
            digest = hashlib.sha256(self.source(name).encode("utf-8")).hexdigest()[:12]
            self._hashes[name] = digest
        return self._hashes[name]

    def render(self, name: str, /, **variables: Any) -> str:
        """Render template ``name`` with ``variables``; errors become TemplateError."""
        name = _with_suffix(name)
        try:
            template = self._env.get_template(name)
            return template.render(**variables).strip() + "\n"
        except jinja2.TemplateNotFound as exc:
            raise TemplateError(
                f"no prompt template named {name!r}; have {', '.join(self.names())}"
            ) from exc
        except jinja2.TemplateSyntaxError as exc:
            raise TemplateError(f"{exc.filename or name}:{exc.lineno}: {exc.message}") from exc
        except jinja2.UndefinedError as exc:
            raise TemplateError(f"prompt template {name!r}: {exc.message}") from exc


def _with_suffix(name: str) -> str:
    return name if name.endswith(".j2") else f"{name}.j2"


def _tojson_compact(value: Any) -> str:
    import json

    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
