"""Every command the README shows runs, in a copy of this project, as documented."""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from localise.cli import cli

ROOT = Path(__file__).resolve().parent.parent
COMMANDS = re.findall(r"^\$ localise (.+)$", (ROOT / "README.md").read_text(encoding="utf-8"), flags=re.M)


def test_readme_shows_commands() -> None:
    assert len(COMMANDS) >= 8


@pytest.mark.parametrize("command", COMMANDS)
def test_readme_command_runs(command: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("sources", "locale", "style"):
        shutil.copytree(ROOT / name, tmp_path / name)
    shutil.copy(ROOT / "glossary.csv", tmp_path / "glossary.csv")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("LOCALISE_MODELS_DIR", str(tmp_path / "no-models"))
    result = CliRunner().invoke(cli, shlex.split(command))
    assert result.exit_code == 0, result.output
    # The committed catalogs are complete: nothing the README runs may change them.
    for po in (ROOT / "locale").glob("*/LC_MESSAGES/*.po"):
        assert (tmp_path / po.relative_to(ROOT)).read_bytes() == po.read_bytes()
