"""Shared fixtures: the seed article, an isolated project directory, a CLI runner."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
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


@pytest.fixture(scope="session")
def tiny_packages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Tiny real argostranslate packages fr→en, en→vi and fr→vi, built once per session (~3 s)."""
    from tiny_argos import build_package, train_sentencepiece

    out = tmp_path_factory.mktemp("tiny-models")
    sp_model = train_sentencepiece(SEED.read_text(encoding="utf-8"))
    return {
        pair: build_package(out, *pair.split("-"), sp_model)  # type: ignore[misc]
        for pair in ("fr-en", "en-vi", "fr-vi")
    }


@pytest.fixture
def models_dir(tmp_path: Path, tiny_packages: dict[str, Path]) -> Path:
    """A models directory with the fr→en and en→vi tiny packages installed (Vietnamese via the pivot)."""
    from localise.mt.engines.argos_packages import install_model

    directory = tmp_path / "models"
    for pair in ("fr-en", "en-vi"):
        install_model(tiny_packages[pair], directory)
    return directory


CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
def chromium(tmp_path: Path) -> Callable[..., str]:
    """Headless Chromium: ``chromium(page, screenshot=None)`` returns the DOM after scripts ran.

    Skips (loudly) only where no Chromium is installed; `.ci/run` installs Debian's.
    """
    browser = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if browser is None:
        from servers import missing_tool

        missing_tool("no Chromium on this machine (apt-get install chromium; .ci/run installs it)")

    def run(page: Path, screenshot: Path | None = None, size: str = "1024,768", fragment: str = "") -> str:
        flags = [browser, *CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'chromium-profile'}"]
        url = page.as_uri() + (f"#{fragment}" if fragment else "")
        dom = subprocess.run(
            [*flags, "--virtual-time-budget=2000", "--dump-dom", url],
            capture_output=True,
            text=True,
            timeout=90,
        )
        assert dom.returncode == 0 and dom.stdout, dom.stderr[-500:]
        if screenshot is not None:
            subprocess.run(
                [*flags, f"--screenshot={screenshot}", f"--window-size={size}", page.as_uri()],
                capture_output=True,
                timeout=90,
                check=True,
            )
        return dom.stdout

    return run
