"""`localise check`: planted violations are caught with their lines; clean catalogs pass."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from localise.cli import cli

DATA = Path(__file__).resolve().parent / "data"
ROOT = DATA.parent.parent


def _project(tmp_path: Path, po: str) -> Path:
    catalogs = tmp_path / "locale" / "en" / "LC_MESSAGES"
    catalogs.mkdir(parents=True)
    shutil.copy(DATA / po, catalogs / "a.po")
    shutil.copy(ROOT / "glossary.csv", tmp_path / "glossary.csv")
    return catalogs / "a.po"


def test_planted_violations_are_reported_with_file_and_line(tmp_path: Path, monkeypatch) -> None:
    _project(tmp_path, "planted.en.po")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["check"])
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert 'locale/en/LC_MESSAGES/a.po:12: glossary: "Youri Ouchakov" → expected "Yuri Ushakov"' in lines
    assert 'locale/en/LC_MESSAGES/a.po:16: glossary: "Poutine" → expected "Putin"' in lines
    assert (
        'locale/en/LC_MESSAGES/a.po:20: glossary: "porte-parole de la Maison Blanche" → expected "White House press secretary"'
        in lines
    )
    assert len(lines) == 3  # the Kyiv entry is right; the fuzzy draft is not reviewed text


def test_fuzzy_entries_are_checked_on_request(tmp_path: Path, monkeypatch) -> None:
    _project(tmp_path, "planted.en.po")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["check", "--include-fuzzy"])
    assert (
        'locale/en/LC_MESSAGES/a.po:29: glossary: "Poutine" → expected "Putin" [suggestion]'
        in result.stdout.splitlines()
    )


def test_json_format_for_tools(tmp_path: Path, monkeypatch) -> None:
    _project(tmp_path, "planted.en.po")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["check", "--format", "json"])
    payload = json.loads(result.stdout)
    assert result.exit_code == 1
    assert {(f["line"], f["expected"]) for f in payload["findings"]} == {
        (12, "Yuri Ushakov"),
        (16, "Putin"),
        (20, "White House press secretary"),
    }


def test_clean_catalog_passes(tmp_path: Path, monkeypatch) -> None:
    _project(tmp_path, "clean.en.po")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["check"])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""


def test_check_explicit_path_and_broken_glossary(tmp_path: Path, monkeypatch) -> None:
    po = _project(tmp_path, "clean.en.po")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "glossary.csv").write_text(
        "fr,en,vi,kind,note\nPoutine,Putin,Putin,person,\nPoutine,Putin,Putin,person,\n", encoding="utf-8"
    )
    result = CliRunner().invoke(cli, ["check", str(po)])
    assert result.exit_code == 2
    assert 'glossary.csv:3: "Poutine" appears twice (lines 2 and 3); keep one row' in result.output


def test_numbers_left_in_french_format_are_violations(tmp_path: Path, monkeypatch) -> None:
    import polib

    catalogs = tmp_path / "locale" / "en" / "LC_MESSAGES"
    catalogs.mkdir(parents=True)
    po = polib.POFile()
    po.metadata = {
        "Language": "en",
        "Content-Type": "text/plain; charset=UTF-8",
        "Plural-Forms": "nplurals=2; plural=(n != 1);",
    }
    po.append(
        polib.POEntry(
            msgid="Près de 150 000 personnes ont suivi le vol.",
            msgstr="Nearly 150 000 people followed the flight.",
        )
    )
    po.append(
        polib.POEntry(
            msgid="Il estime à 75 % les chances de succès.", msgstr="He puts the odds of success at 75%."
        )
    )
    po.append(
        polib.POEntry(msgid="Atterrissage à 11 h (heure locale).", msgstr="Landing at 11:00 (local time).")
    )
    po.save(str(catalogs / "a.po"))
    shutil.copy(ROOT / "glossary.csv", tmp_path / "glossary.csv")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["check", "--format", "json"])
    assert result.exit_code == 1
    findings = json.loads(result.stdout)["findings"]
    assert [(f["check"], f["found"], f["expected"]) for f in findings] == [("numbers", "150 000", "150,000")]


@pytest.mark.parametrize(
    "args",
    [["locale"], ["locale/en"], ["locale/en/LC_MESSAGES"], ["locale/*/LC_MESSAGES/*.po"], ["locale/**/*.po"]],
    ids=["folder", "lang-folder", "lc-messages", "glob", "recursive-glob"],
)
def test_folders_and_globs_are_checked_not_passed(tmp_path: Path, monkeypatch, args: list[str]) -> None:
    _project(tmp_path, "planted.en.po")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["check", *args])
    assert result.exit_code == 1, result.output
    assert "1 catalog(s) checked, 3 violation(s)" in result.stderr


@pytest.mark.parametrize(
    "arg", ["sources", "missing/", "locale/de/*.po"], ids=["no-po", "missing", "empty-glob"]
)
def test_a_path_without_catalogs_is_an_error_not_a_pass(tmp_path: Path, monkeypatch, arg: str) -> None:
    _project(tmp_path, "clean.en.po")
    (tmp_path / "sources").mkdir()
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["check", arg])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"Error: {arg}")


def test_check_runs_from_a_subfolder_with_paths_relative_to_the_project(tmp_path: Path, monkeypatch) -> None:
    _project(tmp_path, "planted.en.po")
    monkeypatch.chdir(tmp_path / "locale" / "en")
    result = CliRunner().invoke(cli, ["check", "."])
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0].startswith("locale/en/LC_MESSAGES/a.po:12:")


def test_check_as_a_ci_config_runs_it(tmp_path: Path) -> None:
    """Exactly what a CI job does: the installed console script, a folder argument, the exit status."""
    _project(tmp_path, "planted.en.po")
    localise = Path(sys.executable).with_name("localise")
    planted = subprocess.run([str(localise), "check", "locale"], cwd=tmp_path, capture_output=True, text=True)
    assert planted.returncode == 1 and "a.po:16:" in planted.stdout
    shutil.copy(DATA / "clean.en.po", tmp_path / "locale" / "en" / "LC_MESSAGES" / "a.po")
    clean = subprocess.run([str(localise), "check", "locale"], cwd=tmp_path, capture_output=True, text=True)
    assert clean.returncode == 0, clean.stdout + clean.stderr
