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


def test_planted_violations_are_reported_with_file_line_column_and_kind(tmp_path: Path, monkeypatch) -> None:
    _project(tmp_path, "planted.en.po")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["check"])
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        'locale/en/LC_MESSAGES/a.po:12:32: term-missing: missing "Yuri Ushakov" for "Youri Ouchakov" (found "Ouchakov")',
        'locale/en/LC_MESSAGES/a.po:16:13: term-missing: missing "Putin" for "Poutine" (found "Poutine")',
        'locale/en/LC_MESSAGES/a.po:20:9: term-missing: missing "White House press secretary" '
        'for "porte-parole de la Maison Blanche"',
    ]  # the Kyiv entry is right; the fuzzy draft is not reviewed text
    assert result.stderr.strip() == "1 catalog(s) checked, 3 finding(s)"


def test_the_column_points_at_what_was_found(tmp_path: Path, monkeypatch) -> None:
    po = _project(tmp_path, "planted.en.po")
    monkeypatch.chdir(tmp_path)
    payload = json.loads(CliRunner().invoke(cli, ["check", "--format", "json"]).stdout)
    lines = po.read_text(encoding="utf-8").splitlines()
    for finding in payload["findings"]:
        if finding["found"]:
            at = finding["column"] - 1
            assert lines[finding["line"] - 1][at : at + len(finding["found"])] == finding["found"]


def test_fuzzy_entries_are_checked_on_request(tmp_path: Path, monkeypatch) -> None:
    _project(tmp_path, "planted.en.po")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["check", "--include-fuzzy"])
    assert (
        'locale/en/LC_MESSAGES/a.po:29:19: term-missing: missing "Putin" for "Poutine" (found "Poutine") [suggestion]'
        in result.stdout.splitlines()
    )


def test_json_format_for_tools(tmp_path: Path, monkeypatch) -> None:
    _project(tmp_path, "planted.en.po")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["check", "--format", "json"])
    payload = json.loads(result.stdout)
    assert result.exit_code == 1
    assert payload["files"] == 1 and payload["suppressed_count"] == 0
    first = payload["findings"][0]
    assert first == {
        "kind": "term-missing",
        "term": "Youri Ouchakov",
        "expected": "Yuri Ushakov",
        "found": "Ouchakov",
        "msgid": "Le conseiller présidentiel Youri Ouchakov participera à la réunion.",
        "msgstr": "Presidential aide Yuri Ouchakov will attend the meeting.",
        "path": "locale/en/LC_MESSAGES/a.po",
        "line": 12,
        "column": 32,
        "message": 'missing "Yuri Ushakov" for "Youri Ouchakov" (found "Ouchakov")',
        "state": "reviewed",
        "suppressed": False,
    }
    assert [(f["line"], f["expected"], f["found"]) for f in payload["findings"]] == [
        (12, "Yuri Ushakov", "Ouchakov"),
        (16, "Putin", "Poutine"),
        (20, "White House press secretary", ""),
    ]


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


def _catalog(
    tmp_path: Path, lang: str, entries: list[tuple[str, str]], *, tcomments: dict[int, str] | None = None
) -> Path:
    """A project with one reviewed catalog of ``entries`` (msgid, msgstr) in ``lang``, written as msgcat would."""
    import polib

    from localise.catalogs.pofile import write_po

    po = polib.POFile()
    po.metadata = {
        "Language": lang,
        "Content-Type": "text/plain; charset=UTF-8",
        "Plural-Forms": "nplurals=2; plural=(n != 1);" if lang == "en" else "nplurals=1; plural=0;",
    }
    for i, (msgid, msgstr) in enumerate(entries):
        po.append(polib.POEntry(msgid=msgid, msgstr=msgstr, tcomment=(tcomments or {}).get(i, "")))
    path = tmp_path / "locale" / lang / "LC_MESSAGES" / "a.po"
    path.parent.mkdir(parents=True, exist_ok=True)
    write_po(po, path)
    shutil.copy(ROOT / "glossary.csv", tmp_path / "glossary.csv")
    return path


def test_numbers_are_checked_with_their_kinds(tmp_path: Path, monkeypatch) -> None:
    _catalog(
        tmp_path,
        "en",
        [
            ("Près de 150 000 personnes ont suivi le vol.", "Nearly 150 000 people followed the flight."),
            ("Il estime à 75 % les chances de succès.", "He puts the odds of success at 75%."),
            ("Atterrissage à 11 h (heure locale).", "Landing at 11 a.m. (local time)."),
            ("La conférence a duré 3 heures.", "The talks lasted three hours."),
            ("La réunion a duré 3 heures.", "The meeting lasted 4 hours."),
        ],
    )
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["check", "--format", "json"])
    assert result.exit_code == 1
    findings = json.loads(result.stdout)["findings"]
    assert [(f["kind"], f["term"], f["expected"], f["found"]) for f in findings] == [
        ("number-format", "150 000", "150,000", "150 000"),
        ("number-mismatch", "3", "three", "4"),
    ]
    text = CliRunner().invoke(cli, ["check"]).stdout
    assert ': number-format: "150 000" is written in another locale\'s format; write "150,000"' in text
    assert ': number-mismatch: missing "three" for "3" (found "4")' in text


def test_the_issue_example_message(tmp_path: Path, monkeypatch) -> None:
    po = _catalog(
        tmp_path,
        "en",
        [("Youri Ouchakov est arrivé à Anchorage.", "Kremlin aide Ushakoff arrived in Anchorage.")],
    )
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["check"])
    (line,) = [
        n for n, text in enumerate(po.read_text(encoding="utf-8").splitlines(), 1) if "Ushakoff" in text
    ]
    column = po.read_text(encoding="utf-8").splitlines()[line - 1].index("Ushakoff") + 1
    assert result.stdout == (
        f'locale/en/LC_MESSAGES/a.po:{line}:{column}: term-missing: missing "Yuri Ushakov" for "Youri Ouchakov" '
        '(found "Ushakoff")\n'
    )


def test_a_wrapped_msgstr_with_escapes_points_at_the_right_line_and_column(
    tmp_path: Path, monkeypatch
) -> None:
    msgstr = (
        'The Kremlin said in a brief statement that the talks with the "U.S." delegation, held in Alaska '
        "after a long flight, had ended, and Mr. Poutine left."
    )
    po = _catalog(tmp_path, "en", [("Le Kremlin a indiqué que M. Poutine est parti.", msgstr)])
    monkeypatch.chdir(tmp_path)
    (finding,) = json.loads(CliRunner().invoke(cli, ["check", "--format", "json"]).stdout)["findings"]
    lines = po.read_text(encoding="utf-8").splitlines()
    assert lines[finding["line"] - 2].startswith('"')  # on a continuation line, not the msgstr keyword's
    at = finding["column"] - 1
    assert lines[finding["line"] - 1][at : at + len("Poutine")] == "Poutine"


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
    assert "1 catalog(s) checked, 3 finding(s)" in result.stderr


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


@pytest.mark.parametrize("glossary", ["locale", "missing.csv"], ids=["a-folder", "missing"])
def test_a_bad_glossary_path_is_one_line(tmp_path: Path, monkeypatch, glossary: str) -> None:
    _project(tmp_path, "clean.en.po")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["check", "--glossary", glossary])
    assert result.exit_code == 2
    (line,) = result.output.strip().splitlines()
    assert line.startswith(f"Error: {glossary}: ") and "Usage:" not in result.output


def test_many_catalogs_checked_by_several_processes_give_the_same_report(tmp_path: Path, monkeypatch) -> None:
    catalogs = tmp_path / "locale" / "en" / "LC_MESSAGES"
    catalogs.mkdir(parents=True)
    for n in range(40):
        shutil.copy(DATA / ("planted.en.po" if n % 3 else "clean.en.po"), catalogs / f"a{n:02d}.po")
    (catalogs / "a17.po").write_text("msgid x\n", encoding="utf-8")  # broken: reported as without workers
    (catalogs / "a31.po").write_text("msgid y\n", encoding="utf-8")
    shutil.copy(ROOT / "glossary.csv", tmp_path / "glossary.csv")
    monkeypatch.chdir(tmp_path)
    broken = [CliRunner().invoke(cli, ["check", "--jobs", jobs]) for jobs in ("1", "2")]
    assert broken[0].exit_code == broken[1].exit_code == 2
    assert broken[0].output == broken[1].output and "a17.po:1:" in broken[0].output
    for name in ("a17.po", "a31.po"):
        shutil.copy(DATA / "clean.en.po", catalogs / name)
    alone, parallel = (CliRunner().invoke(cli, ["check", "--jobs", jobs]) for jobs in ("1", "2"))
    assert alone.exit_code == parallel.exit_code == 1
    assert (
        alone.stdout == parallel.stdout and len(alone.stdout.splitlines()) == 24 * 3
    )  # a17 and a31 are clean now


def test_check_runs_from_a_subfolder_with_paths_relative_to_the_project(tmp_path: Path, monkeypatch) -> None:
    _project(tmp_path, "planted.en.po")
    monkeypatch.chdir(tmp_path / "locale" / "en")
    result = CliRunner().invoke(cli, ["check", "."])
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0].startswith("locale/en/LC_MESSAGES/a.po:12:32:")


def test_check_as_a_ci_config_runs_it(tmp_path: Path) -> None:
    """Exactly what a CI job does: the installed console script, a folder argument, the exit status."""
    _project(tmp_path, "planted.en.po")
    localise = Path(sys.executable).with_name("localise")
    planted = subprocess.run([str(localise), "check", "locale"], cwd=tmp_path, capture_output=True, text=True)
    assert planted.returncode == 1 and "a.po:16:" in planted.stdout
    shutil.copy(DATA / "clean.en.po", tmp_path / "locale" / "en" / "LC_MESSAGES" / "a.po")
    clean = subprocess.run([str(localise), "check", "locale"], cwd=tmp_path, capture_output=True, text=True)
    assert clean.returncode == 0, clean.stdout + clean.stderr
