"""`localise build` end to end: no model, tiny model, translator edits, broken input, strict flags."""

from __future__ import annotations

import shutil
from pathlib import Path

import polib
import pytest
from click.testing import CliRunner

from localise.catalog import catalog_path
from localise.cli import cli
from localise.pipeline import build_project

SLUG = "trump-putin-alaska-summit"


class EchoEngine:
    """A test double for the Engine protocol: returns its input, so masking can be checked exactly."""

    name = "echo"

    def __init__(self) -> None:
        self.calls = 0

    def translate(self, texts, source, target):
        self.calls += 1
        return list(texts)

    def describe(self, source, target):
        return "echo 1"


def test_build_without_a_model_leaves_entries_empty_and_says_how_to_fill_them(
    project: Path, runner: CliRunner, tmp_path: Path
) -> None:
    # --engine argos: with Apertium installed, the default route would draft English through it.
    result = runner.invoke(cli, ["build", "--engine", "argos", "--models-dir", str(tmp_path / "none")])
    assert result.exit_code == 0, result.output
    assert "en: 0 new machine drafts, 0 unreviewed, 184 untranslated" in result.stdout
    assert "localise models install" in result.stderr
    assert (project / "build" / "en" / f"{SLUG}.html").exists() and (
        project / "build" / "index.html"
    ).exists()
    po = polib.pofile(str(catalog_path(project, "vi", SLUG)))
    assert len(po) == 184 and all(e.msgstr == "" for e in po)
    strict = runner.invoke(
        cli, ["build", "--engine", "argos", "--models-dir", str(tmp_path / "none"), "--require-translated"]
    )
    assert strict.exit_code == 1 and "368 entries have no translation" in strict.stderr


def test_build_with_a_model_writes_fuzzy_machine_drafts(
    project: Path, runner: CliRunner, models_dir: Path
) -> None:
    result = runner.invoke(cli, ["build", "--models-dir", str(models_dir), "-q"])
    assert result.exit_code == 0, result.output
    assert result.output == ""  # --quiet, and no progress bar when not on a terminal
    po = polib.pofile(str(catalog_path(project, "en", SLUG)))
    assert all(e.fuzzy and "mt: argos translate-fr_en-tiny 0.1" in e.comment for e in po)
    html = (project / "build" / "vi" / f"{SLUG}.html").read_text(encoding="utf-8")
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
    html = (project / "build" / "en" / f"{SLUG}.html").read_text(encoding="utf-8")
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
    build_project(project, engine=engine, memory_path=None)
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


@pytest.mark.parametrize("lang", ["de"])
def test_unknown_edition_language_is_a_usage_error(project: Path, runner: CliRunner, lang: str) -> None:
    result = runner.invoke(cli, ["build", "--no-mt", "--lang", lang])
    assert result.exit_code == 2 and f'no edition for language "{lang}"' in result.output


def test_memory_fills_a_rebuilt_catalog_without_the_engine_and_can_be_cleared(
    project: Path, runner: CliRunner, models_dir: Path
) -> None:
    first = runner.invoke(cli, ["build", "--models-dir", str(models_dir)])
    assert "translation memory: 0 hits" in first.stdout
    assert (project / ".localise" / "memory.sqlite").exists()
    shutil.rmtree(project / "locale")
    second = runner.invoke(cli, ["build", "--models-dir", str(models_dir)])
    assert "translation memory: 368 hits; engine calls: 0" in second.stdout
    shutil.rmtree(project / "locale")
    bypass = runner.invoke(cli, ["build", "--models-dir", str(models_dir), "--no-memory"])
    assert "translation memory: 0 hits" in bypass.stdout and "engine calls: 0" not in bypass.stdout
    cleared = runner.invoke(cli, ["memory", "clear"])
    assert cleared.exit_code == 0 and "removed 368 translations" in cleared.stdout
