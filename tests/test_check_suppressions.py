"""`# localise: allow <term>`: a translator's exception for one term on one entry, as `# noqa` is for a linter."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import polib
import pytest
from click.testing import CliRunner

from localise.catalogs.pofile import write_po
from localise.cli import cli

ROOT = Path(__file__).resolve().parent.parent

BANNER = (
    "Les journalistes ont vu la bannière « Moscou salue Poutine ».",
    "Reporters saw the banner reading “Moscou salue Poutine”.",
)
OTHER = ("M. Poutine est arrivé à Moscou.", "Mr. Poutine arrived in Moscou.")


def _project(tmp_path: Path, entries: list[tuple[tuple[str, str], str]]) -> Path:
    po = polib.POFile()
    po.metadata = {
        "Language": "en",
        "Content-Type": "text/plain; charset=UTF-8",
        "Plural-Forms": "nplurals=2; plural=(n != 1);",
    }
    for (msgid, msgstr), tcomment in entries:
        po.append(polib.POEntry(msgid=msgid, msgstr=msgstr, tcomment=tcomment))
    path = tmp_path / "locale" / "en" / "LC_MESSAGES" / "a.po"
    path.parent.mkdir(parents=True)
    write_po(po, path)
    shutil.copy(ROOT / "glossary.csv", tmp_path / "glossary.csv")
    return path


def _check(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[int, dict]:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["check", "--format", "json", *args])
    return result.exit_code, json.loads(result.stdout)


def test_without_a_suppression_the_quoted_french_is_flagged(tmp_path: Path, monkeypatch) -> None:
    _project(tmp_path, [(BANNER, "")])
    status, report = _check(tmp_path, monkeypatch)
    assert status == 1
    assert {(f["kind"], f["term"]) for f in report["findings"]} == {
        ("term-missing", "Moscou"),
        ("term-missing", "Poutine"),
    }


def test_several_allows_silence_their_terms_on_that_entry_only(tmp_path: Path, monkeypatch) -> None:
    _project(tmp_path, [(BANNER, "localise: allow Moscou\nlocalise: allow Poutine"), (OTHER, "")])
    status, report = _check(tmp_path, monkeypatch, "--show-suppressed")
    assert status == 1  # the other entry still breaks the glossary
    assert {(f["msgid"], f["term"]) for f in report["findings"]} == {
        (OTHER[0], "Moscou"),
        (OTHER[0], "Poutine"),
    }
    assert {(f["msgid"], f["term"], f["suppressed"]) for f in report["suppressed"]} == {
        (BANNER[0], "Moscou", True),
        (BANNER[0], "Poutine", True),
    }


def test_one_allow_silences_one_term(tmp_path: Path, monkeypatch) -> None:
    _project(tmp_path, [(BANNER, "localise: allow Moscou")])
    status, report = _check(tmp_path, monkeypatch)
    assert status == 1
    assert [f["term"] for f in report["findings"]] == ["Poutine"]
    assert report["suppressed_count"] == 1 and "suppressed" not in report  # listed only on request


def test_an_allow_may_name_the_target_form_and_ignores_accents_and_case(tmp_path: Path, monkeypatch) -> None:
    _project(tmp_path, [(BANNER, "localise: allow moscow\nlocalise: allow PUTIN")])
    status, report = _check(tmp_path, monkeypatch)
    assert status == 0 and report["findings"] == []


def test_an_allow_for_a_number(tmp_path: Path, monkeypatch) -> None:
    _project(tmp_path, [(("Il a parlé 3 heures.", "He spoke for hours."), "localise: allow 3")])
    status, report = _check(tmp_path, monkeypatch)
    assert status == 0 and report["suppressed_count"] == 1


def test_a_suppression_that_matches_nothing_is_itself_a_finding(tmp_path: Path, monkeypatch) -> None:
    po = _project(
        tmp_path,
        [
            (("M. Poutine est arrivé.", "Mr. Putin arrived."), "localise: allow Poutine"),
            (BANNER, "localise: allow Moscou\nlocalise: allow Poutine\nlocalise: allow Kiev"),
        ],
    )
    status, report = _check(tmp_path, monkeypatch)
    assert status == 1
    unused = [(f["kind"], f["term"], f["line"], f["column"]) for f in report["findings"]]
    lines = po.read_text(encoding="utf-8").splitlines()
    assert [(kind, term) for kind, term, _, _ in unused] == [
        ("unused-suppression", "Poutine"),
        ("unused-suppression", "Kiev"),
    ]
    assert [lines[line - 1] for _, _, line, _ in unused] == [
        "# localise: allow Poutine",
        "# localise: allow Kiev",
    ]
    monkeypatch.chdir(tmp_path)
    text = CliRunner().invoke(cli, ["check"]).stdout.splitlines()
    assert text[0].endswith(
        ': unused-suppression: "# localise: allow Poutine" suppresses nothing on this entry; remove it'
    )


@pytest.mark.parametrize(
    "comment",
    ["localise: allow", "localise allow Moscou", "noqa", "localise: allowMoscou"],
    ids=["no-term", "no-colon", "noqa", "no-space"],
)
def test_only_the_exact_comment_suppresses(tmp_path: Path, monkeypatch, comment: str) -> None:
    _project(tmp_path, [(BANNER, comment)])
    status, report = _check(tmp_path, monkeypatch)
    assert status == 1 and len(report["findings"]) == 2


def test_an_allowed_exception_keeps_the_entry_reviewed(tmp_path: Path, monkeypatch) -> None:
    """The only escape used to be marking the entry fuzzy, which --require-reviewed then fails."""
    po = _project(tmp_path, [(BANNER, "localise: allow Moscou\nlocalise: allow Poutine")])
    status, _ = _check(tmp_path, monkeypatch)
    assert status == 0
    assert not polib.pofile(str(po))[0].fuzzy


def test_show_suppressed_in_text_marks_them(tmp_path: Path, monkeypatch) -> None:
    _project(tmp_path, [(BANNER, "localise: allow Moscou\nlocalise: allow Poutine")])
    monkeypatch.chdir(tmp_path)
    quiet = CliRunner().invoke(cli, ["check"])
    shown = CliRunner().invoke(cli, ["check", "--show-suppressed"])
    assert quiet.exit_code == shown.exit_code == 0
    assert quiet.stdout == "" and quiet.stderr.strip() == "1 catalog(s) checked, 0 finding(s), 2 suppressed"
    assert [line.endswith("[suppressed]") for line in shown.stdout.splitlines()] == [True, True]
