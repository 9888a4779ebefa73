"""Every module says what it exports: its docstring's "Public:" list names exactly its ``__all__``."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "localise"
MODULES = sorted(PACKAGE.rglob("*.py"))
_GROUP = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
_NAME = re.compile(r"\s*([A-Za-z_][A-Za-z0-9_]*)")


def public_list(docstring: str) -> list[str] | None:
    """The names of the docstring's "Public:" paragraph: each comma-separated item's leading name
    ("find(text)", "check(a, b) -> [Problem]", "LIMIT"), None without one."""
    found = re.search(r"^Public:(.*?)(?:\n\s*\n|\Z)", docstring, re.DOTALL | re.MULTILINE)
    if found is None:
        return None
    text = found.group(1).strip().rstrip(".")
    while _GROUP.search(text):
        text = _GROUP.sub("", text)
    names = []
    for item in text.split(","):
        name = _NAME.match(item)
        assert name is not None, f"cannot read a name in {item!r} of the Public: list"
        names.append(name.group(1))
    return names


def _module(path: Path) -> tuple[str, list[str] | None]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    exported = None
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets
        ):
            exported = list(ast.literal_eval(node.value))
    return ast.get_docstring(tree) or "", exported


@pytest.mark.parametrize("path", MODULES, ids=[str(p.relative_to(PACKAGE)) for p in MODULES])
def test_the_public_list_names_exactly_what_the_module_exports(path: Path) -> None:
    docstring, exported = _module(path)
    listed = public_list(docstring)
    if not exported:
        assert listed is None, "a Public: list without __all__: add __all__ or drop the list"
        return
    assert listed is not None, f"exports {sorted(exported)} but its docstring has no Public: list"
    assert sorted(listed) == sorted(exported)
    assert len(listed) == len(set(listed)), "a name listed twice"


def test_the_reader_of_public_lists_sees_every_name() -> None:
    doc = "Title.\n\nPublic: find(text, *, lang=...), check(a, b) -> [Problem], Thing,\nLIMIT.\n\nMore."
    assert public_list(doc) == ["find", "check", "Thing", "LIMIT"]
    assert public_list("Title.\n\nNo list here.") is None
