"""`make qa`: Translate Toolkit's real pofilter, with the tests that fit French news, on the committed catalogs."""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parent.parent
QA = ROOT / "tools" / "pofilter_qa.py"
CATALOGS = sorted((ROOT / "locale").glob("*/LC_MESSAGES/*.po"))

pytestmark = pytest.mark.tools


def _qa(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, QA, *args], capture_output=True, text=True, cwd=ROOT, check=False)


def _options() -> list[str]:
    shown = _qa("--show-command").stdout.split()
    assert shown[0] == "pofilter" and shown[-2:] == ["INPUT", "OUTPUT"]
    return shown[1:-2]


def test_committed_catalogs_report_no_pofilter_finding() -> None:
    run = _qa()
    findings = run.stdout.splitlines()
    assert findings == [], "pofilter reports:\n" + "\n".join(findings)
    assert run.returncode == 0, run.stderr
    assert f"0 finding(s) in {len(CATALOGS)} catalog(s)" in run.stderr


def test_every_excluded_test_misfires_on_the_committed_catalogs() -> None:
    """An exclusion is kept only while pofilter's default run shows the false positives it removes."""
    excluded = {o.removeprefix("--excludefilter=") for o in _options() if o.startswith("--excludefilter=")}
    fired: set[str] = set()
    with tempfile.TemporaryDirectory() as tmp:
        for n, catalog in enumerate(CATALOGS):
            out = Path(tmp) / f"{n}.po"
            subprocess.run(
                [Path(sys.executable).parent / "pofilter", "--progress=none", catalog, out],
                check=True, capture_output=True,
            )  # fmt: skip
            fired |= set(re.findall(r"^# \(pofilter\) (\w+):", out.read_text(encoding="utf-8"), flags=re.M))
    assert (
        excluded - {"untranslated"} <= fired
    )  # "untranslated" is excluded by policy, not as a false positive
    assert len(excluded) == 9


def test_the_qa_run_still_catches_real_problems(tmp_path: Path) -> None:
    committed = ROOT / "locale" / "en" / "LC_MESSAGES" / "trump-putin-alaska-summit.po"
    po = polib.pofile(str(committed))
    original = {e.msgid: e.msgstr for e in polib.pofile(str(committed))}

    def plant(found: str, old: str, new: str) -> None:
        entry = next(e for e in po if found in e.msgstr)
        entry.msgstr = entry.msgstr.replace(old, new)

    plant("The talks lasted 3 hours", "3 hours", "4 hours")
    plant("(one-on-one)", "(one-on-one)", "(one-on-one")
    plant("Two podiums", "for the upcoming", "for the the upcoming")
    plant("Putin proposes holding", "Moscow", "Moscow ")
    plant("The summit took place", "The summit took place at Joint Base Elmendorf-Richardson.",
          "Le sommet s'est déroulé sur la base aérienne d'Elmendorf-Richardson.")  # fmt: skip
    planted = tmp_path / "planted.po"
    po.save(str(planted))
    run = _qa(planted)
    assert run.returncode == 1
    tests = [line.split(": ")[1] for line in run.stdout.splitlines()]
    assert sorted(tests) == [
        "brackets",
        "doublewords",
        "endwhitespace",
        "numbers",
        "unchanged",
    ]
    lines = {int(line.split(":")[1]) for line in run.stdout.splitlines()}
    assert lines == {e.linenum for e in polib.pofile(str(planted)) if e.msgstr != original[e.msgid]}


def test_readme_shows_the_options_make_qa_uses() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Quality checks with Translate Toolkit", 1)[1].split("\n## ", 1)[0]
    shown = re.findall(r"--(?:nofuzzy|excludefilter=\w+)", section)
    assert sorted(set(shown)) == sorted(_options())
    for option in _options():
        if option.startswith("--excludefilter="):
            assert f"`{option.removeprefix('--excludefilter=')}`" in section  # each one is explained
    assert "make qa" in section


HOUSE_STYLE = ROOT / "tests" / "data" / "house_style.en.po"


def test_correct_house_style_fails_pofilters_defaults_and_passes_make_qa() -> None:
    """ "14 h 30" -> "2:30 p.m.", "2 heures" -> "two hours", "PDG" -> "CEO": what `localise check` accepts."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "flagged.po"
        subprocess.run(
            [Path(sys.executable).parent / "pofilter", "--progress=none", *_options(), HOUSE_STYLE, out],
            check=True, capture_output=True,
        )  # fmt: skip
        plain = re.findall(r"^# \(pofilter\) (\w+):", out.read_text(encoding="utf-8"), flags=re.M)
    assert sorted(plain) == ["acronyms", "numbers", "numbers"]
    run = _qa(HOUSE_STYLE)
    assert run.returncode == 0 and run.stdout == "", run.stdout


def test_make_qa_still_reports_real_number_and_acronym_errors_in_house_style(tmp_path: Path) -> None:
    po = polib.pofile(str(HOUSE_STYLE))
    po[0].msgstr = "The news conference will begin at 3:30 p.m."  # 14 h 30 is 2:30 p.m.
    po[1].msgstr = "The meeting lasted three hours."  # 2 heures
    po[2].msgstr = "The PDG of Gazprom arrived in Anchorage."  # French acronym left
    planted = tmp_path / "planted.po"
    po.save(str(planted))
    run = _qa(planted)
    assert run.returncode == 1
    tests = sorted(line.split(": ")[1] for line in run.stdout.splitlines())
    assert tests == ["musttranslatewords", "numbers", "numbers"]
