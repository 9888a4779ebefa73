"""One place per rule: every rule of `RULES` is found, worded, suppressed and shown from its definition;
the check is a function of a catalog already read, and each catalog is read once."""

from __future__ import annotations

import io
import json
import shutil
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import polib
import pytest
from click.testing import CliRunner

from localise.catalogs.pofile import load_catalog, write_po
from localise.cli import cli
from localise.glossary.terms import load_glossary
from localise.model import Problem
from localise.mt.style import load_style
from localise.qa.check import check_catalog
from localise.qa.rules import RULES, Pair, Rule

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"

#: For every rule: an entry (msgid, msgstr, translator comment) that breaks it, and the message.
EXAMPLES = {
    "term-missing": (
        ("Youri Ouchakov est arrivé à Anchorage.", "Kremlin aide Ushakoff arrived in Anchorage.", ""),
        'missing "Yuri Ushakov" for "Youri Ouchakov" (found "Ushakoff")',
    ),
    "source-form-left": (
        ("Le président est arrivé.", "President Poutine arrived.", ""),
        '"Poutine" left in the translation (expected "Putin")',
    ),
    "number-mismatch": (
        ("La réunion a duré 3 heures.", "The meeting lasted 4 hours.", ""),
        'missing "three" for "3" (found "4")',
    ),
    "number-format": (
        ("Près de 150 000 personnes ont suivi le vol.", "Nearly 150 000 people followed the flight.", ""),
        '"150 000" is written in another locale\'s format; write "150,000"',
    ),
    "french-quotes": (
        ("Il a parlé d'une « bonne » réunion.", "He spoke of a « good” meeting.", ""),
        'French quotation mark "«"; write “ ” as the house style does',
    ),
    "space-before-punctuation": (
        ("Vietnam : un pont s'effondre", "Vietnam : a bridge collapses", ""),
        'space before ":" (French typography); remove it',
    ),
    "doubled-period": (
        ("Les bureaux de vote ferment à 11 h.", "The polls close at 11 a.m..", ""),
        'doubled period in "a.m.."; an abbreviation that ends a sentence takes one',
    ),
    "invisible-character": (
        ("Le sommet a eu lieu à Anchorage.", "The summit took place in Anchor\u00adage.", ""),
        "invisible U+00AD SOFT HYPHEN in the translation; delete it",
    ),
    "unused-suppression": (
        ("M. Poutine est arrivé.", "Mr. Putin arrived.", "localise: allow Poutine"),
        '"# localise: allow Poutine" suppresses nothing on this entry; remove it',
    ),
}


def _catalog(folder: Path, entries: list[tuple[str, str, str]]) -> Path:
    """A project in ``folder`` with one reviewed English catalog of ``entries``, written as msgcat would,
    and the repository's glossary and house style."""
    po = polib.POFile()
    po.metadata = {
        "Language": "en",
        "Content-Type": "text/plain; charset=UTF-8",
        "Plural-Forms": "nplurals=2; plural=(n != 1);",
    }
    for msgid, msgstr, tcomment in entries:
        po.append(polib.POEntry(msgid=msgid, msgstr=msgstr, tcomment=tcomment))
    path = folder / "locale" / "en" / "LC_MESSAGES" / "a.po"
    path.parent.mkdir(parents=True, exist_ok=True)
    write_po(po, path)
    shutil.copy(ROOT / "glossary.csv", folder / "glossary.csv")
    shutil.copytree(ROOT / "style", folder / "style", dirs_exist_ok=True)
    return path


def test_every_rule_has_an_example_here() -> None:
    assert list(EXAMPLES) == list(RULES)


@pytest.mark.parametrize("kind", list(EXAMPLES))
def test_each_rule_finds_its_kind_with_its_message_in_every_format(
    kind: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    entry, message = EXAMPLES[kind]
    _catalog(tmp_path, [entry])
    monkeypatch.chdir(tmp_path)
    text = CliRunner().invoke(cli, ["check"])
    assert text.exit_code == 1
    (line,) = text.stdout.splitlines()
    assert line.startswith("locale/en/LC_MESSAGES/a.po:") and line.endswith(f": {kind}: {message}")
    sarif = json.loads(CliRunner().invoke(cli, ["check", "--format", "sarif"]).stdout)
    (result,) = sarif["runs"][0]["results"]
    rules = sarif["runs"][0]["tool"]["driver"]["rules"]
    assert (result["ruleId"], result["message"]["text"]) == (kind, message)
    assert rules[result["ruleIndex"]]["shortDescription"]["text"] == RULES[kind].description
    (quality,) = json.loads(CliRunner().invoke(cli, ["check", "--format", "codequality"]).stdout)
    assert (quality["check_name"], quality["description"]) == (kind, message)


def _ellipses(pair: Pair) -> list[Problem]:
    """A rule a newsroom might add: three dots where the house style writes the ellipsis character."""
    start = pair.msgstr.find("...")
    return [Problem("ellipsis", "...", "…", "...", start)] if start != -1 else []


ELLIPSIS = Rule(
    "ellipsis",
    "Three dots where the house style writes an ellipsis.",
    lambda p: f'"{p.found}" where the house style writes "{p.expected}"',
    _ellipses,
    level="warning",
    severity="minor",
)


def test_a_rule_added_to_the_registry_is_checked_suppressed_and_shown_everywhere(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    po = _catalog(
        tmp_path,
        [
            ("Il a dit : « Nous verrons… »", "He said: “We shall see...”", ""),
            ("Il a ajouté : « Peut-être… »", "He added: “Perhaps...”", "localise: allow ..."),
        ],
    )
    monkeypatch.setitem(RULES, "ellipsis", ELLIPSIS)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["check"])
    assert result.exit_code == 1
    (line,) = result.stdout.splitlines()
    where, message = line.split(": ellipsis: ")
    assert message == '"..." where the house style writes "…"'
    number, column = map(int, where.split(":")[1:])
    assert po.read_text(encoding="utf-8").splitlines()[number - 1][column - 1 :].startswith("...”")
    assert result.stderr.strip() == "1 catalog(s) checked, 1 finding(s), 1 suppressed"

    sarif = json.loads(CliRunner().invoke(cli, ["check", "--format", "sarif", "--show-suppressed"]).stdout)
    (run,) = sarif["runs"]
    (rule,) = [r for r in run["tool"]["driver"]["rules"] if r["id"] == "ellipsis"]
    assert rule["shortDescription"]["text"] == "Three dots where the house style writes an ellipsis."
    assert rule["defaultConfiguration"]["level"] == "warning"
    assert [(r["ruleId"], r["level"], "suppressions" in r) for r in run["results"]] == [
        ("ellipsis", "warning", False),
        ("ellipsis", "warning", True),
    ]
    github = CliRunner().invoke(cli, ["check", "--format", "github"]).stdout
    assert github.startswith(f"::warning file=locale/en/LC_MESSAGES/a.po,line={number},col={column},")
    (quality,) = json.loads(CliRunner().invoke(cli, ["check", "--format", "codequality"]).stdout)
    assert (quality["check_name"], quality["severity"]) == ("ellipsis", "minor")


def test_the_check_of_a_catalog_needs_no_file(tmp_path: Path) -> None:
    """Given the catalog as read (parsed, with the bytes it was read from), the check places
    findings without reading anything."""
    path = _catalog(tmp_path, [entry for entry, _ in EXAMPLES.values()])
    raw = path.read_bytes()
    shown = "locale/en/LC_MESSAGES/a.po"
    catalog = load_catalog(raw, display_path=shown)
    path.unlink()
    glossary = load_glossary(ROOT / "glossary.csv")
    ours = check_catalog(catalog, glossary, style=load_style(ROOT / "style" / "en.toml", "en"))
    assert [f.kind for f in ours] == list(EXAMPLES)
    assert {f.path for f in ours} == {shown}
    lines = raw.decode("utf-8").splitlines()
    for finding in ours:
        assert finding.found and lines[finding.line - 1][finding.column - 1 :].startswith(finding.found)


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> Iterator[Counter[str]]:
    """How many times each catalog (``<lang>/LC_MESSAGES/<slug>.po``) is opened: ``Path.read_bytes``,
    ``Path.read_text`` and polib all go through ``io.open``."""
    counts: Counter[str] = Counter()
    real = io.open

    def counting(file: Any, *args: Any, **kwargs: Any) -> Any:
        if str(file).endswith(".po") and Path(file).parent.name == "LC_MESSAGES":
            counts["/".join(Path(file).parts[-3:])] += 1
        return real(file, *args, **kwargs)

    monkeypatch.setattr(io, "open", counting)
    yield counts


def test_check_reads_each_catalog_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, opened) -> None:
    catalogs = tmp_path / "locale" / "en" / "LC_MESSAGES"
    catalogs.mkdir(parents=True)
    for name in ("a.po", "b.po"):
        shutil.copy(DATA / "planted.en.po", catalogs / name)
    shutil.copy(ROOT / "glossary.csv", tmp_path / "glossary.csv")
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(cli, ["check", "--jobs", "1"]).exit_code == 1
    assert opened == {"en/LC_MESSAGES/a.po": 1, "en/LC_MESSAGES/b.po": 1}


def test_review_reads_each_catalog_once(project: Path, opened) -> None:
    shutil.copytree(ROOT / "locale", project / "locale")
    result = CliRunner().invoke(cli, ["review", "--lang", "en", "--lang", "vi"])
    assert result.exit_code == 0, result.output
    slug = "trump-putin-alaska-summit"
    assert (project / "build" / "review" / "en" / f"{slug}.html").exists()
    assert opened == {f"en/LC_MESSAGES/{slug}.po": 1, f"vi/LC_MESSAGES/{slug}.po": 1}


def test_a_build_reads_each_catalog_once(project: Path, opened) -> None:
    """Read phase, merge, the write's compare-and-swap and the editions all work from one read."""
    shutil.copytree(ROOT / "locale", project / "locale")
    result = CliRunner().invoke(cli, ["build", "--no-mt", "--lang", "en", "--lang", "vi"])
    assert result.exit_code == 0, result.output
    assert "catalogs written: 0" in result.output
    slug = "trump-putin-alaska-summit"
    assert opened == {f"en/LC_MESSAGES/{slug}.po": 1, f"vi/LC_MESSAGES/{slug}.po": 1}
