"""The public surface: what `from briefer import ...` offers, and that importing it is cheap."""

from __future__ import annotations

import subprocess
import sys

import briefer


def test_all_is_sorted_and_every_name_imports() -> None:
    assert briefer.__all__ == sorted(briefer.__all__)
    for name in briefer.__all__:
        assert getattr(briefer, name) is not None


def test_error_tree_exit_codes() -> None:
    assert issubclass(briefer.ArticleError, briefer.InputError)
    assert issubclass(briefer.ContextOverflowError, briefer.ModelAPIError)
    assert briefer.InputError("x").exit_code == 2
    assert briefer.ModelOutputError("x").exit_code == 1


def test_importing_briefer_and_the_cli_does_not_import_openai_or_pydantic() -> None:
    code = (
        "import sys, briefer, briefer.cli; "
        "print(sorted(m for m in ('openai', 'pydantic', 'tiktoken') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
