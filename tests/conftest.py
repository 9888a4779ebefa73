"""Shared fixtures: the seed article, an isolated project directory, a CLI runner."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "sources" / "trump-putin-alaska-summit.fr.txt"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session", autouse=True)
def _isolated_argos_dirs(tmp_path_factory: pytest.TempPathFactory) -> None:
    """argostranslate reads these when first imported: never let tests touch the home directory."""
    base = tmp_path_factory.mktemp("argos-home")
    os.environ.setdefault("LOCALISE_MODELS_DIR", str(base / "packages"))
    for var in ("XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME"):
        os.environ[var] = str(base / var.lower())


@pytest.fixture
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture
def seed_path() -> Path:
    return SEED


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A newsroom project in tmp_path: the seed source and the real glossary, no catalogs yet."""
    (tmp_path / "sources").mkdir()
    shutil.copy(SEED, tmp_path / "sources" / SEED.name)
    if (ROOT / "glossary.csv").exists():
        shutil.copy(ROOT / "glossary.csv", tmp_path / "glossary.csv")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()
