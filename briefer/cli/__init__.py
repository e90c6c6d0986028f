"""The cli stage: the ``briefer`` command, a thin layer over the library.

One module per command (``summarize``, ``brief``, ``schema``, ``prompts``), each with a
``register`` that adds its options and a ``run`` that does the work, over shared helpers.
Exit codes: 0 ok; 1 a model or API failure (or, for ``brief``, articles not included);
2 bad input or usage. Errors are one line on stderr, never a traceback.
"""

from __future__ import annotations

from briefer.cli._main import build_parser, main

__all__ = ["build_parser", "main"]
