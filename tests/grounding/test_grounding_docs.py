"""Every Python example in docs/grounding.md runs, and its assertions hold."""

from __future__ import annotations

import re

import pytest
from support import ROOT

DOC = ROOT / "docs" / "grounding.md"
EXAMPLES = re.findall(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)


def test_the_page_has_examples() -> None:
    assert EXAMPLES


@pytest.mark.parametrize("code", EXAMPLES, ids=[f"example-{i}" for i in range(len(EXAMPLES))])
def test_example_runs(code: str, capsys: pytest.CaptureFixture[str]) -> None:
    exec(compile(code, str(DOC), "exec"), {})  # noqa: S102 - our own documentation

    assert "Traceback" not in capsys.readouterr().err
