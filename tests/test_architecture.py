"""The package's shape: each stage a folder, imports only run down the pipeline, never in a circle.

A newcomer reads the package in pipeline order (docs/ARCHITECTURE.md); these tests keep the code
in that order. Every ``import`` counts, lazy ones inside functions included; only imports under
``if TYPE_CHECKING:`` (annotations, never run) are left out.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "localise"

#: Stages in pipeline order; a module may import its own stage or any stage before it.
LAYERS = (
    ("localise.model", "localise.errors", "localise.text", "localise.files", "localise.locking",
     "localise.numbers", "localise.project", "localise.buildstate"),
    ("localise.sources",),
    ("localise.glossary",),
    ("localise.mt",),
    ("localise.catalogs",),
    ("localise.qa",),
    ("localise.publish",),
    ("localise.app",),
    ("localise.cli",),
)  # fmt: skip


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(path: Path, modules: dict[str, Path]) -> set[str]:
    """The localise modules ``path`` imports (``from localise.x import y`` counts ``localise.x.y`` if a module)."""
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _is_type_checking(child):
                for sub in child.orelse:
                    visit(sub)
                continue
            if isinstance(child, ast.Import):
                found.update(a.name for a in child.names if a.name.startswith("localise"))
            elif isinstance(child, ast.ImportFrom) and child.module and child.module.startswith("localise"):
                for alias in child.names:
                    full = f"{child.module}.{alias.name}"
                    found.add(full if full in modules else child.module)
            visit(child)

    visit(ast.parse(path.read_text(encoding="utf-8")))
    return found


def _layer(module: str) -> int | None:
    for rank, prefixes in enumerate(LAYERS):
        if any(module == p or module.startswith(p + ".") for p in prefixes):
            return rank
    return None


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: _imports(path, modules) - {name} for name, path in modules.items()}


def test_every_module_belongs_to_a_stage() -> None:
    assert [m for m in _modules() if m != "localise" and _layer(m) is None] == []


def test_no_import_runs_up_the_pipeline() -> None:
    upward = []
    for module, imported in _graph().items():
        if module == "localise":  # the package's façade re-exports from every stage
            continue
        for target in imported:
            if target == "localise":
                continue  # ``from localise import __version__``
            if (_layer(target) or 0) > (_layer(module) or 0):
                upward.append(f"{module} -> {target}")
    assert sorted(upward) == []


def test_no_import_cycle() -> None:
    graph = _graph()
    graph.pop("localise", None)
    for imported in graph.values():
        imported.discard("localise")
    cycles: list[list[str]] = []
    state: dict[str, int] = {}

    def visit(node: str, stack: list[str]) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in graph:
                continue
            if state.get(nxt) == 1:
                cycles.append([*stack[stack.index(nxt) :], nxt])
            elif nxt not in state:
                visit(nxt, stack)
        stack.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [])
    assert cycles == []


@pytest.mark.parametrize("module", ["localise", "localise.cli"])
def test_importing_the_package_loads_no_stage_it_does_not_use(module: str) -> None:
    """``import localise`` is cheap: the façade loads a stage when one of its names is first used."""
    code = f"import sys, {module}; print(sorted(m for m in sys.modules if m.startswith('localise.')))"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    for heavy in (
        "localise.sources.ingest",
        "localise.glossary",
        "localise.catalogs",
        "localise.mt.translate",
    ):
        assert f"'{heavy}'" not in loaded, loaded
