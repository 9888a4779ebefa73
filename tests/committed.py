"""The committed newsroom (its sources, catalogs and glossary) copied into a test's own folder."""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def copy_committed(root: Path, *, settings: bool = True) -> Path:
    """``sources/``, ``locale/`` and ``glossary.csv`` of this repository copied into ``root`` (made if
    missing), and its ``pyproject.toml`` with ``settings``; returns ``root``."""
    root.mkdir(parents=True, exist_ok=True)
    for name in ("sources", "locale"):
        shutil.copytree(ROOT / name, root / name)
    for name in ("glossary.csv", "pyproject.toml") if settings else ("glossary.csv",):
        shutil.copy(ROOT / name, root / name)
    return root
