"""Machine drafts that follow the glossary, the house style and the engine: one short ``# mt:`` line says
what a draft was made with; a build re-drafts every draft still as the machine wrote it when any of
them changed, and never a draft a translator touched."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import polib
import pytest
from click.testing import CliRunner

from localise.app import build_project
from localise.catalogs.merge import merge_catalog
from localise.catalogs.provenance import MT_LINE_WIDTH, read_mark
from localise.cli import cli
from localise.glossary.terms import load_glossary
from localise.mt.engines import Engine
from localise.mt.translate import draft_translations
from localise.project import Project
from localise.sources.ingest import read_article
from localise.sources.units import make_units

ROOT = Path(__file__).resolve().parent.parent
YAGI = "typhon-yagi-nord-vietnam"
SEED = "trump-putin-alaska-summit"
OLD_LABEL = "apertium 3.8.3-1+b2 fr-es (apertium-fr-es 0.9.4-1) + spa-eng (apertium-eng-spa 0.8.1-2)"
MARK = re.compile(r"mt: [a-z-]+ e:[0-9a-f]{8} g:[0-9a-f]{8} s:[0-9a-f]{8} t:[0-9a-f]{8}")


class EchoEngine(Engine):
    """Returns the French it is given (terms and numbers come back in their target forms): a draft
    whose every change is the pipeline's own. ``label`` is what ``describe`` says."""

    name = "echo"

    def __init__(self, label: str = "echo 1.0", name: str = "echo") -> None:
        self.label, self.name = label, name

    def pairs(self) -> list[tuple[str, str]]:
        return [("fr", "en"), ("fr", "vi")]

    def translate(self, texts, source, target):  # type: ignore[no-untyped-def]
        return list(texts)

    def describe(self, source: str, target: str) -> str:
        return self.label


@pytest.fixture
def yagi(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project with the typhoon article, the glossary and the house style; no catalogs yet."""
    (tmp_path / "sources").mkdir()
    shutil.copy(ROOT / "sources" / f"{YAGI}.fr.txt", tmp_path / "sources")
    shutil.copy(ROOT / "glossary.csv", tmp_path / "glossary.csv")
    shutil.copytree(ROOT / "style", tmp_path / "style")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _entries(root: Path, lang: str = "en", slug: str = YAGI) -> dict[str, polib.POEntry]:
    return {
        e.msgid: e for e in polib.pofile(str(Project.at(root).catalog_path(slug, lang))) if not e.obsolete
    }


def _save(root: Path, entries: dict[str, polib.POEntry], lang: str = "en", slug: str = YAGI) -> None:
    """Save the catalog as a polib-based editor does: polib's own writer at its default width."""
    path = Project.at(root).catalog_path(slug, lang)
    po = polib.pofile(str(path))
    for entry in po:
        if entry.msgid in entries:
            entry.msgstr, entry.flags, entry.tcomment = (
                entries[entry.msgid].msgstr,
                entries[entry.msgid].flags,
                entries[entry.msgid].tcomment,
            )
    po.save(str(path))


def test_the_mt_line_is_one_short_line_that_a_polib_save_leaves_whole(yagi: Path) -> None:
    project = Project.at(yagi)
    build_project(project, langs=["en"], engines={"en": EchoEngine()})
    path = project.catalog_path(YAGI, "en")
    written = path.read_bytes()
    lines = [line for line in written.decode("utf-8").splitlines() if line.startswith("# mt:")]
    assert len(lines) == 57 and all(MARK.fullmatch(line[2:]) and len(line) <= MT_LINE_WIDTH for line in lines)
    po = polib.pofile(str(path))  # polib's default width is 78: a longer comment would be wrapped
    po.save(str(path))
    assert [
        line for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("# mt:")
    ] == lines
    result = build_project(project, langs=["en"], engines={"en": EchoEngine()})
    assert result.refreshed_drafts == {"en": 0} and result.drafted == {"en": 0}
    assert path.read_bytes() == written  # msgcat's layout back, nothing else changed


def test_glossary_rows_added_refresh_every_untouched_draft_and_keep_every_edited_one(
    yagi: Path, runner: CliRunner
) -> None:
    first = runner.invoke(cli, ["build", "--lang", "en", "--engine", "apertium"])
    if first.exit_code != 0 and "Apertium" in first.output:
        pytest.skip(first.output)
    assert first.exit_code == 0, first.output
    before = _entries(yagi)
    with_river = [m for m in before if "fleuve Rouge" in m]
    with_pm = [m for m in before if "Phạm Minh Chính" in m]
    edited, other_edit = with_river[0], next(m for m in before if "fleuve Rouge" not in m and "Phạm" not in m)
    assert "9 septembre" in edited
    before[
        edited
    ].msgstr = "The Phong Châu bridge collapsed on Sept. 9, sweeping vehicles into the Red river."
    before[other_edit].msgstr = (
        before[other_edit].msgstr + " (checked)"
    )  # fuzzy and mt line kept: edited all the same
    _save(yagi, {edited: before[edited], other_edit: before[other_edit]})
    with (yagi / "glossary.csv").open("a", encoding="utf-8") as glossary:
        glossary.write("fleuve Rouge,Red River,sông Hồng,place,\n")
        glossary.write("Phạm Minh Chính,Pham Minh Chinh,Phạm Minh Chính,person,prime minister of Vietnam\n")

    second = runner.invoke(cli, ["build", "--lang", "en", "--engine", "apertium"])
    assert second.exit_code == 0, second.output
    affected = sorted(set(with_river + with_pm) - {edited})
    assert (
        f"en: {len(affected)} machine drafts refreshed (glossary changed: {len(affected)})" in second.output
    )
    after = _entries(yagi)
    for msgid in affected:
        assert after[msgid].fuzzy and MARK.fullmatch(read_mark(after[msgid]).line)  # type: ignore[union-attr]
        if "fleuve Rouge" in msgid:
            assert "Red River" in after[msgid].msgstr
        if "Phạm Minh Chính" in msgid:
            assert "Pham Minh Chinh" in after[msgid].msgstr
    for msgid in set(before) - set(affected):  # the edited ones and those the new rows do not concern
        assert (after[msgid].msgstr, after[msgid].tcomment) == (before[msgid].msgstr, before[msgid].tcomment)
    # Machine drafts: under the default publish policy the edition is a preview for the desk.
    edition = (yagi / "build" / "preview" / "en" / f"{YAGI}.html").read_text(encoding="utf-8")
    assert "Red River" in edition and "Pham Minh Chinh" in edition
    check = runner.invoke(cli, ["check", "--include-fuzzy"])
    (finding,) = check.stdout.splitlines()  # only the translator's edit, which the desk must fix
    assert 'term-missing: missing "Red River" for "fleuve Rouge"' in finding and "[machine draft]" in finding


def test_a_style_edit_refreshes_untouched_drafts_and_says_why(yagi: Path) -> None:
    project = Project.at(yagi)
    build_project(project, langs=["en"], engines={"en": EchoEngine()})
    before = _entries(yagi)
    edited = next(iter(before))
    before[edited].msgstr = "A translator's own words."
    _save(yagi, {edited: before[edited]})
    style = yagi / "style" / "en.toml"
    style.write_text(
        style.read_text(encoding="utf-8")
        + '\n[[rule]]\nid = "typhon"\ndescription = "typhon is typhoon"\npattern = \'\\btyphon\\b\'\n'
        'replace = \'typhoon\'\nexamples = [["le typhon", "le typhoon"]]\nkeep = ["le typhoon"]\n',
        encoding="utf-8",
    )
    result = build_project(project, langs=["en"], engines={"en": EchoEngine()})
    assert result.refreshed_drafts == {"en": 56} and result.refreshed == {"en": {"style": 56}}
    after = _entries(yagi)
    assert after[edited].msgstr == "A translator's own words."
    assert all("typhon " not in e.msgstr for m, e in after.items() if m != edited)
    assert any("typhoon" in e.msgstr for e in after.values())


def test_a_new_engine_version_refreshes_untouched_drafts(yagi: Path) -> None:
    project = Project.at(yagi)
    build_project(project, langs=["en"], engines={"en": EchoEngine("echo 1.0")})
    same = build_project(project, langs=["en"], engines={"en": EchoEngine("echo 1.0")})
    assert same.refreshed_drafts == {"en": 0}
    newer = build_project(project, langs=["en"], engines={"en": EchoEngine("echo 2.0")})
    assert newer.refreshed_drafts == {"en": 57} and newer.refreshed == {"en": {"engine": 57}}


def test_an_old_long_mt_line_wrapped_by_polib_is_replaced_whole(yagi: Path) -> None:
    """A draft written before the short line (95 columns, which polib wraps on save) is re-drafted when its
    text is still what the engine writes, and no piece of the old line stays behind."""
    project = Project.at(yagi)
    engine = EchoEngine(OLD_LABEL, name="apertium")
    build_project(project, langs=["en"], engines={"en": engine})
    path = project.catalog_path(YAGI, "en")
    glossary = load_glossary(yagi / "glossary.csv")
    po = polib.pofile(str(path))
    sources = [e.msgid for e in po]
    unstyled, _ = draft_translations(
        sources, source_lang="fr", target_langs=["en"], engine=engine, glossary=glossary
    )
    for entry in po:  # as localise wrote drafts before: the engine's text, the full label
        entry.msgstr, entry.tcomment = unstyled["en"][entry.msgid].text, f"mt: {OLD_LABEL}"
    po[1].msgstr += " (a translator's edit)"
    po.save(str(path))
    text = path.read_text(encoding="utf-8")
    assert "# mt: apertium 3.8.3-1+b2" in text and "\n# eng-spa 0.8.1-2)\n" in text  # polib wrapped it
    result = build_project(project, langs=["en"], engines={"en": engine})
    assert result.refreshed == {"en": {"old mark": 56}}
    after = path.read_text(encoding="utf-8")
    assert "eng-spa 0.8.1-2)" in after.split('msgid "', 3)[2]  # the edited draft keeps its old line
    kept = polib.pofile(str(path))
    assert [e.msgid for e in kept if "apertium-fr-es" in e.tcomment] == [po[1].msgid]
    assert all(MARK.fullmatch(e.tcomment) for e in kept if e.msgid != po[1].msgid)


def test_a_reviewed_entry_with_a_wrapped_old_line_becomes_a_suggestion_without_fragments(
    tmp_path: Path,
) -> None:
    units = make_units(read_article(ROOT / "sources" / f"{YAGI}.fr.txt"))
    existing = merge_catalog(None, units, lang="en", slug=YAGI)
    existing[0].msgstr, existing[0].tcomment = "Typhoon Yagi devastates northern Vietnam", f"mt: {OLD_LABEL}"
    path = tmp_path / "old.po"
    existing.wrapwidth = 78  # as polib.pofile() reads a file: its default width
    existing.save(str(path))  # wraps the long line
    wrapped = polib.pofile(str(path))
    assert len(wrapped[0].tcomment.splitlines()) == 2
    changed = [
        u.__class__(**{**u.__dict__, "source": u.source + " !"}) if i == 0 else u for i, u in enumerate(units)
    ]
    merged = merge_catalog(wrapped, changed, lang="en", slug=YAGI)
    suggestion = next(e for e in merged if e.msgid == units[0].source + " !")
    assert suggestion.msgstr == "Typhoon Yagi devastates northern Vietnam" and suggestion.fuzzy
    assert suggestion.tcomment == ""  # neither the old line nor the piece polib wrapped onto the next
