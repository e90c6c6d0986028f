"""Every Python example in README.md and docs/*.md runs, against FakeClient.

The ```python blocks of one file run in order, in one namespace, in a temporary folder that
holds ``article.txt`` (the sample article). They may use ``text`` and ``article_text`` (its
text), ``article`` (it as an ``Article``) and ``content`` (its offline ``SummaryContent``)
without defining them. ``openai.OpenAI``, ``AzureOpenAI`` and ``AsyncOpenAI`` are replaced
by ``FakeClient`` and ``AsyncFakeClient``, so an example that makes a client runs with no
key and no server. Functions named ``test_*`` that a file defines are called too.

A block that cannot run here (it needs a real server) is marked by the line
``<!-- docs-test: skip (why) -->`` right above it, which GitHub does not show.
"""

from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openai
import pytest
from support import ROOT, SEED

from briefer.schema import Article
from briefer.testing import AsyncFakeClient, FakeClient

FENCE = re.compile(r"^```(\w*)[^\n]*\n(.*?)^```[ \t]*$", re.MULTILINE | re.DOTALL)
SKIP = re.compile(r"<!--\s*docs-test:\s*skip\b[^>]*-->\s*\n\Z")
DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


@dataclass(frozen=True)
class Block:
    path: Path
    line: int
    code: str


def python_blocks(path: Path) -> list[Block]:
    """The runnable Python blocks of one document, in order."""
    text = path.read_text(encoding="utf-8")
    blocks = []
    for match in FENCE.finditer(text):
        if match[1] not in ("python", "py"):
            continue
        if SKIP.search(text[: match.start()]):
            continue
        line = text.count("\n", 0, match.start()) + 2
        blocks.append(Block(path, line, match[2]))
    return blocks


def _given() -> dict[str, Any]:
    from briefer.offline import summarize_offline

    text = SEED.read_text(encoding="utf-8")
    article = Article(text=text, title="US will not restrict Ukraine's use of weapons")
    return {
        "text": text,
        "article_text": text,
        "article": article,
        "content": summarize_offline(text),
    }


class DocsClient(FakeClient):
    """FakeClient taking whatever ``openai.OpenAI`` takes (``base_url``, ``api_key``...)."""

    def __init__(self, *_: Any, **__: Any) -> None:
        super().__init__()


class AsyncDocsClient(AsyncFakeClient):
    def __init__(self, *_: Any, **__: Any) -> None:
        super().__init__()


@pytest.mark.parametrize(
    "path", [p for p in DOCUMENTS if python_blocks(p)], ids=lambda p: str(p.relative_to(ROOT))
)
def test_every_python_example_in_the_docs_runs(
    path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copy(SEED, tmp_path / "article.txt")
    # Examples may read the repository's sample data by its path from the checkout's root.
    (tmp_path / "tests").symlink_to(ROOT / "tests", target_is_directory=True)
    monkeypatch.chdir(tmp_path)
    for name in ("OpenAI", "AzureOpenAI"):
        monkeypatch.setattr(openai, name, DocsClient)
    monkeypatch.setattr(openai, "AsyncOpenAI", AsyncDocsClient)
    namespace: dict[str, Any] = {"__name__": "docs_example", **_given()}
    for block in python_blocks(path):
        where = f"{block.path.relative_to(ROOT)}:{block.line}"
        exec(compile(block.code, where, "exec"), namespace)  # noqa: S102 - the docs' own code
    for name, value in list(namespace.items()):
        if name.startswith("test_") and callable(value):
            value()


def test_skipped_blocks_say_why() -> None:
    for path in DOCUMENTS:
        for marker in re.findall(r"<!--\s*docs-test:[^>]*-->", path.read_text(encoding="utf-8")):
            assert re.fullmatch(r"<!--\s*docs-test: skip \(.+\)\s*-->", marker), (path, marker)


def test_the_harness_finds_the_examples() -> None:
    found = {p.name for p in DOCUMENTS if python_blocks(p)}
    assert {"README.md", "fake-client.md", "providers.md"} <= found
    assert os.path.exists(SEED)
