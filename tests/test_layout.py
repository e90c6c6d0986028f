"""The package's shape: stages import one way, no cycles, small modules, no test double in use."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest
from support import ROOT

PACKAGE = ROOT / "briefer"

# Each top-level part of briefer and its stage; a module may import only from its own stage
# or an earlier one (errors/schema/text -> llm, prompts -> summarize -> brief -> Briefer -> cli).
STAGES: dict[str, int] = {
    "_version": 0,
    "errors": 0,
    "schema": 0,
    "text": 0,
    "_controls": 0,
    "words": 0,
    "quotes": 0,
    "names": 0,
    "lexicon": 0,
    "tokens": 0,
    "_splitter": 0,
    "chunking": 0,
    "pricing": 0,
    "cache": 0,
    "llm": 1,
    "prompts": 1,
    "requests": 1,
    "tracing": 1,
    "grounding": 2,
    "offline": 2,
    "articles": 2,
    "render": 2,
    "summarize": 3,
    "brief": 4,
    "_briefer": 5,
    "testing": 5,
    "cli": 6,
    "__main__": 7,
    "__init__": 7,
}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _imports(name: str) -> Iterator[str]:
    """Every briefer module ``name`` imports, at the top, in a function or for type checking."""
    path = MODULES[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1])
                base = f"{base}.{node.module}" if node.module else base
            # "from briefer.cli import _brief" imports the submodule briefer.cli._brief.
            targets = [
                f"{base}.{a.name}" if f"{base}.{a.name}" in MODULES else base for a in node.names
            ]
        else:
            continue
        for target in targets:
            if target == "briefer" or target.startswith("briefer."):
                yield target


GRAPH = {name: sorted(set(_imports(name)) - {name}) for name in MODULES}


def _stage(name: str) -> int:
    parts = name.split(".")
    return STAGES[parts[1] if len(parts) > 1 else "__init__"]


def _cycles() -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in GRAPH.get(node, []):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in GRAPH:
        if node not in index:
            visit(node)
    return found


def test_no_module_imports_another_in_a_cycle() -> None:
    assert _cycles() == []


def test_stages_import_only_earlier_stages() -> None:
    backwards = [
        f"{name} -> {target}"
        for name, targets in GRAPH.items()
        for target in targets
        if target in MODULES and _stage(target) > _stage(name)
    ]
    assert backwards == []


def test_production_code_never_imports_the_test_double() -> None:
    users = [name for name, targets in GRAPH.items() if "briefer.testing" in targets]
    assert users == []


@pytest.mark.parametrize("name", sorted(MODULES))
def test_every_module_is_at_most_400_lines(name: str) -> None:
    assert len(MODULES[name].read_text(encoding="utf-8").splitlines()) <= 400


@pytest.mark.parametrize("name", sorted(n for n, p in MODULES.items() if p.name == "__init__.py"))
def test_every_package_says_what_it_is_for(name: str) -> None:
    tree = ast.parse(MODULES[name].read_text(encoding="utf-8"))
    assert ast.get_docstring(tree)


def test_the_cycle_check_sees_a_cycle() -> None:
    GRAPH["briefer.text"] = [*GRAPH["briefer.text"], "briefer.llm"]
    GRAPH["briefer.llm"] = [*GRAPH["briefer.llm"], "briefer.text"]
    try:
        assert ["briefer.llm", "briefer.text"] in _cycles()
    finally:
        GRAPH["briefer.text"].remove("briefer.llm")
        GRAPH["briefer.llm"].remove("briefer.text")


def test_test_files_have_unique_names() -> None:
    # pytest imports test files by their base name (tests/ folders are not packages).
    names = [p.name for p in (ROOT / "tests").rglob("test_*.py")]
    assert sorted({n for n in names if names.count(n) > 1}) == []
