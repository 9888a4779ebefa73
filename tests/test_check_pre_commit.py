"""The `localise-check` hook of .pre-commit-hooks.yaml, run by the real pre-commit as a newsroom would."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

DATA = Path(__file__).resolve().parent / "data"
ROOT = DATA.parent.parent
PRE_COMMIT = Path(sys.executable).with_name("pre-commit")

pytestmark = pytest.mark.skipif(
    not (ROOT / ".git").exists() or shutil.which("git") is None, reason="needs this project as a git checkout"
)


def _newsroom(tmp_path: Path, po: str) -> tuple[Path, dict[str, str]]:
    """A newsroom repository with one catalog and the glossary, committed."""
    repo = tmp_path / "newsroom"
    (repo / "locale" / "en" / "LC_MESSAGES").mkdir(parents=True)
    shutil.copy(DATA / po, repo / "locale" / "en" / "LC_MESSAGES" / "a.po")
    shutil.copy(ROOT / "glossary.csv", repo / "glossary.csv")
    (repo / "notes.txt").write_text("not a catalog\n", encoding="utf-8")
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),  # never the home directory
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.invalid",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.invalid",
    }
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "catalogs"]):
        subprocess.run(["git", *args], cwd=repo, env=env, check=True)
    return repo, env


def _try_repo(repo: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(PRE_COMMIT), "try-repo", str(ROOT), "localise-check", *args],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_hook_is_declared_as_documented() -> None:
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "localise-check" and hook["entry"] == "localise check"
    assert hook["pass_filenames"] is False  # the glossary changing re-checks every catalog


def test_the_hook_fails_a_catalog_that_breaks_the_glossary(tmp_path: Path) -> None:
    repo, env = _newsroom(tmp_path, "planted.en.po")
    done = _try_repo(repo, env, "--all-files")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "localise check (glossary, numbers)" in done.stdout and "Failed" in done.stdout
    assert 'locale/en/LC_MESSAGES/a.po:12:32: term-missing: missing "Yuri Ushakov"' in done.stdout


def test_the_hook_passes_a_clean_catalog_and_skips_other_files(tmp_path: Path) -> None:
    repo, env = _newsroom(tmp_path, "clean.en.po")
    done = _try_repo(repo, env, "--all-files")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Passed" in done.stdout
    skipped = _try_repo(repo, env, "--files", "notes.txt")
    assert skipped.returncode == 0 and "Skipped" in skipped.stdout
    glossary = _try_repo(repo, env, "--files", "glossary.csv")
    assert glossary.returncode == 0 and "Passed" in glossary.stdout
