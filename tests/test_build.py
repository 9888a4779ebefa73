"""`localise build` end to end: no model, tiny model, translator edits, broken input, strict flags."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import polib
import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner

from localise.app import build_project
from localise.cli import cli
from localise.cli.reports import build_report
from localise.glossary.terms import project_glossary
from localise.mt.engines import Engine
from localise.mt.memory import MemoryKey, TranslationMemory
from localise.project import Project

SLUG = "trump-putin-alaska-summit"


class EchoEngine(Engine):
    """A test double for the Engine protocol: returns its input, so masking can be checked exactly."""

    name = "echo"

    def pairs(self):
        return [("fr", "en"), ("fr", "vi")]

    def __init__(self) -> None:
        self.calls = 0

    def translate(self, texts, source, target):
        self.calls += 1
        return list(texts)

    def describe(self, source, target):
        return "echo 1"


def catalog_path(root: Path, lang: str, slug: str) -> Path:
    return Project.at(root).catalog_path(slug, lang)


def test_build_without_a_model_leaves_entries_empty_and_says_how_to_fill_them(
    project: Path, runner: CliRunner, tmp_path: Path
) -> None:
    # --engine argos: with Apertium installed, the default route would draft English through it.
    result = runner.invoke(cli, ["build", "--engine", "argos", "--models-dir", str(tmp_path / "none")])
    assert result.exit_code == 0, result.output
    assert "en: 0 new machine drafts, 0 unreviewed, 0 suggestions, 184 untranslated" in result.stdout
    assert "localise models install" in result.stderr
    # Nothing translated: the editions are previews for the desk, the published folder lists none.
    assert (project / "build" / "preview" / "en" / f"{SLUG}.html").exists()
    assert not (project / "build" / "site" / "en" / f"{SLUG}.html").exists()
    assert (project / "build" / "site" / "index.html").exists()
    po = polib.pofile(str(catalog_path(project, "vi", SLUG)))
    assert len(po) == 184 and all(e.msgstr == "" for e in po)
    strict = runner.invoke(
        cli, ["build", "--engine", "argos", "--models-dir", str(tmp_path / "none"), "--require-translated"]
    )
    assert strict.exit_code == 1 and "2 editions are not translated" in strict.stderr
    for lang in ("en", "vi"):
        assert f"locale/{lang}/LC_MESSAGES/{SLUG}.po: 184 untranslated" in strict.stderr.splitlines()


def test_build_with_a_model_writes_fuzzy_machine_drafts(
    project: Path, runner: CliRunner, models_dir: Path
) -> None:
    result = runner.invoke(cli, ["build", "--models-dir", str(models_dir), "-q"])
    assert result.exit_code == 0, result.output
    assert result.output == ""  # --quiet, and no progress bar when not on a terminal
    po = polib.pofile(str(catalog_path(project, "en", SLUG)))
    # One short provenance line per draft (the engine's full label is in the translation memory:
    # test_memory_fills_a_rebuilt_catalog_without_the_engine_and_can_be_cleared).
    mark = re.compile(r"mt: argos e:[0-9a-f]{8} g:[0-9a-f]{8} s:[0-9a-f]{8} t:[0-9a-f]{8}")
    assert all(e.fuzzy and any(mark.fullmatch(line) for line in e.tcomment.splitlines()) for e in po)
    html = (project / "build" / "preview" / "vi" / f"{SLUG}.html").read_text(encoding="utf-8")
    assert 'class="machine"' in html
    review = runner.invoke(cli, ["build", "--models-dir", str(models_dir), "--require-reviewed"])
    assert review.exit_code == 1 and "machine drafts" in review.stderr


def test_translator_edit_appears_in_next_build(project: Path, runner: CliRunner, models_dir: Path) -> None:
    runner.invoke(cli, ["build", "--models-dir", str(models_dir), "-q"])
    path = catalog_path(project, "en", SLUG)
    po = polib.pofile(str(path))
    title = po[0]
    title.msgstr = "Trump and Putin meet in Alaska for the first time in six years"
    title.flags.remove("fuzzy")
    po.save(str(path))
    result = runner.invoke(cli, ["build", "--models-dir", str(models_dir)])
    assert result.exit_code == 0
    html = (project / "build" / "preview" / "en" / f"{SLUG}.html").read_text(encoding="utf-8")
    assert "<h1>Trump and Putin meet in Alaska for the first time in six years</h1>" in html
    assert polib.pofile(str(path))[0].msgstr == title.msgstr


def test_broken_catalog_stops_the_build_and_nothing_is_written(
    project: Path, runner: CliRunner, tmp_path: Path
) -> None:
    runner.invoke(cli, ["build", "--engine", "argos", "--models-dir", str(tmp_path / "none"), "-q"])
    vi = catalog_path(project, "vi", SLUG)
    en = catalog_path(project, "en", SLUG)
    vi.write_text(vi.read_text(encoding="utf-8")[:-40], encoding="utf-8")  # truncated mid-entry
    snapshot = (en.read_bytes(), vi.read_bytes())
    (project / "sources" / "second.fr.txt").write_text(
        "Titre\nUn paragraphe nouveau, qui donnerait une nouvelle entrée au catalogue anglais.\n",
        encoding="utf-8",
    )
    result = runner.invoke(cli, ["build", "--engine", "argos", "--models-dir", str(tmp_path / "none")])
    assert result.exit_code == 2
    assert result.output.startswith(f"Error: locale/vi/LC_MESSAGES/{SLUG}.po:")
    assert (en.read_bytes(), vi.read_bytes()) == snapshot
    assert not catalog_path(project, "en", "second").exists()


def test_numbers_and_glossary_are_protected_through_the_engine(project: Path) -> None:
    engine = EchoEngine()
    build_project(Project.at(project), engine=engine, use_memory=False)
    en = {e.msgid: e.msgstr for e in polib.pofile(str(catalog_path(project, "en", SLUG)))}
    vi = {e.msgid: e.msgstr for e in polib.pofile(str(catalog_path(project, "vi", SLUG)))}
    crowd = "Près de 150 000 personnes auraient suivi le vol en ligne."
    assert en[crowd] == "Près de 150,000 personnes auraient suivi le vol en ligne."
    assert vi[crowd] == "Près de 150.000 personnes auraient suivi le vol en ligne."
    odds = next(m for m in en if "75 %" in m)
    assert "75%" in en[odds] and "Donald Trump" in en[odds] and "Putin" in en[odds]
    landing = next(m for m in en if "11 h (heure locale)" in m)
    assert "11 a.m. (heure locale)" in en[landing] and "Peskov" in en[landing]
    assert "Moscow" in en["Le président Poutine propose que le prochain sommet se tienne à Moscou."]
    assert engine.calls == 2  # one batch per language for the whole article


def test_bad_source_stops_the_build(project: Path, runner: CliRunner) -> None:
    (project / "sources" / "broken.fr.txt").write_bytes("Élysée".encode("latin-1"))
    result = runner.invoke(cli, ["build", "--no-mt"])
    assert result.exit_code == 2 and "sources/broken.fr.txt:1: source is not UTF-8" in result.output
    assert not (project / "locale").exists()


@pytest.mark.parametrize("lang", ["xx", "not-a-language"])
def test_unknown_edition_language_is_a_usage_error(project: Path, runner: CliRunner, lang: str) -> None:
    result = runner.invoke(cli, ["build", "--no-mt", "--lang", lang])
    assert result.exit_code == 2 and f'unknown language "{lang}"' in result.output
    assert not (project / "locale").exists()


def test_memory_fills_a_rebuilt_catalog_without_the_engine_and_can_be_cleared(
    project: Path, runner: CliRunner
) -> None:
    """On an engine whose drafts are sound (the memory keeps no other: ``test_hostile_servers``); the
    tiny argos model's nonsense is not remembered."""
    engine = EchoEngine()

    def build(**options: bool) -> str:
        result = build_project(Project.at(project), engines={"en": engine, "vi": engine}, **options)
        return "\n".join(build_report(result, str)[0])

    assert "translation memory: 0 hits" in build()
    assert (project / ".localise" / "memory.sqlite").exists()
    first = polib.pofile(str(catalog_path(project, "en", SLUG)))[0].msgid
    with TranslationMemory(project / ".localise" / "memory.sqlite") as memory:  # the engine's full label
        assert memory.outputs(
            [first], MemoryKey("fr", "en", "echo 1", project_glossary(Project.at(project)).version)
        )
    shutil.rmtree(project / "locale")
    calls = engine.calls
    assert "translation memory: 368 hits; engine calls: 0" in build() and engine.calls == calls
    shutil.rmtree(project / "locale")
    bypass = build(use_memory=False)
    assert "translation memory: 0 hits" in bypass and "engine calls: 0" not in bypass
    cleared = runner.invoke(cli, ["memory", "clear"])
    assert cleared.exit_code == 0 and "removed 368 translations" in cleared.stdout


def test_summary_counts_suggestions_apart_from_machine_drafts(project: Path, runner: CliRunner) -> None:
    """A translator's text for French that changed is a suggestion, not machine translation."""
    _reviewed_english(project, runner)
    _edit_source(project, "La conférence a duré 3 heures", "La conférence a duré 4 heures")
    result = runner.invoke(cli, ["build", "--no-mt", "--lang", "en"])
    assert "en: 0 new machine drafts, 0 unreviewed, 1 suggestions, 0 untranslated" in result.stdout
    strict = runner.invoke(cli, ["build", "--no-mt", "--lang", "en", "--require-reviewed"])
    assert (
        strict.exit_code == 1
        and f"locale/en/LC_MESSAGES/{SLUG}.po: 1 suggestion shown in French" in strict.stderr
    )


def _reviewed_english(project: Path, runner: CliRunner) -> Path:
    """An English catalog where every entry is reviewed ("Reviewed: <French>")."""
    runner.invoke(cli, ["build", "--no-mt", "--lang", "en"])
    path = catalog_path(project, "en", SLUG)
    po = polib.pofile(str(path))
    for entry in po:
        entry.msgstr = "Reviewed: " + entry.msgid
    po.save(str(path))
    return path


def _edit_source(project: Path, old: str, new: str) -> None:
    source = project / "sources" / f"{SLUG}.fr.txt"
    text = source.read_text(encoding="utf-8")
    assert old in text
    source.write_text(text.replace(old, new), encoding="utf-8")


OLD_LEAD = "La conférence a duré 3 heures et a porté principalement sur la question ukrainienne."
NEW_LEAD = "La conférence a duré 4 heures et a porté principalement sur la question ukrainienne."


def test_a_stale_suggestion_is_never_published_as_current_text(project: Path, runner: CliRunner) -> None:
    _reviewed_english(project, runner)
    _edit_source(project, OLD_LEAD, NEW_LEAD)
    result = runner.invoke(cli, ["build", "--no-mt", "--lang", "en"])
    assert result.exit_code == 0, result.output
    page = (project / "build" / "preview" / "en" / f"{SLUG}.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(page, "html.parser")
    assert "Reviewed: " + OLD_LEAD not in page  # the translation of the old French
    changed = soup.select(".changed")
    assert [c.get_text() for c in changed] == [NEW_LEAD] and changed[0]["lang"] == "fr"
    assert (
        "1 passage changed since review and awaits an editor."
        in soup.select_one(".translation-note").get_text()
    )
    assert "machine translation" not in soup.select_one(".translation-note").get_text()
    po = polib.pofile(str(catalog_path(project, "en", SLUG)))
    entry = next(e for e in po if e.msgid == NEW_LEAD)
    assert entry.fuzzy and entry.previous_msgid == OLD_LEAD and entry.msgstr == "Reviewed: " + OLD_LEAD


def test_check_and_require_reviewed_name_suggestions(project: Path, runner: CliRunner) -> None:
    _reviewed_english(project, runner)
    old = "Le président Poutine propose que le prochain sommet se tienne à Moscou."
    _edit_source(
        project, old, "Le président Poutine propose que le prochain sommet se tienne à Moscou en 2026."
    )
    runner.invoke(cli, ["build", "--no-mt", "--lang", "en"])
    check = runner.invoke(cli, ["check", "--include-fuzzy", "--format", "json"])
    suggested = [f for f in json.loads(check.stdout)["findings"] if f["msgid"].endswith("en 2026.")]
    assert suggested and {f["state"] for f in suggested} == {"suggestion"}
    text = runner.invoke(cli, ["check", "--include-fuzzy"]).stdout
    assert any(line.endswith("[suggestion]") and ":" in line for line in text.splitlines())
    strict = runner.invoke(cli, ["build", "--no-mt", "--lang", "en", "--require-reviewed"])
    assert strict.exit_code == 1 and "1 suggestion shown in French" in strict.stderr


def test_a_stale_suggestion_shows_a_fresh_machine_draft_when_an_engine_is_there(
    project: Path, runner
) -> None:
    _reviewed_english(project, runner)
    _edit_source(project, OLD_LEAD, NEW_LEAD)
    engine = EchoEngine()
    build_project(Project.at(project), langs=["en"], engine=engine, use_memory=False)
    soup = BeautifulSoup(
        (project / "build" / "preview" / "en" / f"{SLUG}.html").read_text(encoding="utf-8"), "html.parser"
    )
    changed = soup.select(".machine.changed")
    assert [c.get_text() for c in changed] == [NEW_LEAD]  # the echo engine's "translation" of the new French
    po = polib.pofile(str(catalog_path(project, "en", SLUG)))
    entry = next(e for e in po if e.msgid == NEW_LEAD)
    assert (
        entry.msgstr == "Reviewed: " + OLD_LEAD and "mt:" not in entry.tcomment
    )  # the catalog keeps the suggestion


@pytest.mark.parametrize("breakage", ["duplicate", "escape"])
def test_a_catalog_a_git_merge_or_an_editor_broke_stops_the_build_untouched(
    project: Path, runner: CliRunner, breakage: str
) -> None:
    runner.invoke(cli, ["build", "--no-mt", "--lang", "en"])
    path = catalog_path(project, "en", SLUG)
    text = path.read_text(encoding="utf-8")
    if breakage == "duplicate":  # both branches added a translation of the same sentence
        text += '\nmsgid "Le sommet commence"\nmsgstr "The summit begins"\n'
        expected = re.compile(r"po:\d+: .*Le sommet commence.* first defined at line \d+")
    else:
        text = text.replace('msgstr ""\n\n', 'msgstr "Bad \\\\q escape"\n\n', 1).replace("\\\\q", "\\q", 1)
        expected = re.compile(r'po:\d+: invalid escape sequence "\\q"')
    path.write_text(text, encoding="utf-8")
    broken = path.read_bytes()
    for command in (["build", "--no-mt", "--lang", "en"], ["stats"], ["check"]):
        result = runner.invoke(cli, command)
        assert result.exit_code == 2, (command, result.output)
        assert expected.search(result.output), result.output
        assert len(result.output.strip().splitlines()) == 1
    assert path.read_bytes() == broken


def test_a_catalog_localise_wrote_after_two_rewordings_reads_back_everywhere(
    project: Path, runner: CliRunner
) -> None:
    _reviewed_english(project, runner)
    _edit_source(project, OLD_LEAD, NEW_LEAD)
    runner.invoke(cli, ["build", "--no-mt", "--lang", "en"])
    _edit_source(project, NEW_LEAD, NEW_LEAD.replace("4 heures", "4 heures et demie"))
    runner.invoke(cli, ["build", "--no-mt", "--lang", "en"])
    _edit_source(project, "Le sommet commence", "Le sommet a commencé")  # an obsolete entry with #~| lines
    assert runner.invoke(cli, ["build", "--no-mt", "--lang", "en"]).exit_code == 0
    assert "#~|" in catalog_path(project, "en", SLUG).read_text(encoding="utf-8")
    for command in (["build", "--no-mt", "--lang", "en"], ["stats"]):
        assert runner.invoke(cli, command).exit_code == 0, command
    # check reads it too (its findings, exit 1, are about the "Reviewed: <French>" texts, not the file)
    assert runner.invoke(cli, ["check", "--include-fuzzy"]).exit_code != 2
