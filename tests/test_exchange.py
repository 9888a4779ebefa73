"""Glossary exchange: TBX out and back in row for row, Weblate CSV, OmegaT, the translator's term comment.

The formats are checked with the readers the tools use: Translate Toolkit's storage classes (which
Weblate builds on) and its real `tbx2po` and `csv2tbx` commands.
"""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree as ET

import polib
import pytest
from click.testing import CliRunner

from localise.cli import cli
from localise.errors import GlossaryError
from localise.glossary.exchange import (
    KEEP_AS_IS,
    export_glossary,
    read_term_base,
    terms_csv,
)
from localise.glossary.terms import Glossary, Term, load_glossary

ROOT = Path(__file__).resolve().parent.parent
GLOSSARY_CSV = ROOT / "glossary.csv"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
BIN = Path(sys.executable).parent


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return load_glossary(GLOSSARY_CSV)


@pytest.fixture(scope="module")
def tbx(glossary: Glossary) -> str:
    return export_glossary(glossary, "tbx")


def _rows(text: str) -> list[list[str]]:
    return list(csv.reader(text.splitlines()))


def _term(glossary: Glossary, french: str) -> Term:
    return next(t for t in glossary.terms if t.sources[0] == french)


def _same(a: Term, b: Term) -> bool:
    return (a.kind, a.sources, a.targets, a.note) == (b.kind, b.sources, b.targets, b.note)


# TBX: what a row becomes, and the way back ------------------------------------------------------


def test_tbx_import_gives_back_every_row_of_the_glossary(tbx: str) -> None:
    base = read_term_base(tbx)
    assert base.languages == ("en", "vi")
    assert _rows(terms_csv(base.terms, base.languages)) == _rows(GLOSSARY_CSV.read_text(encoding="utf-8"))


def _imported_csv(tbx: str) -> str:
    """What ``localise glossary import`` writes for a TBX."""
    base = read_term_base(tbx)
    return terms_csv(base.terms, base.languages)


def test_imported_rows_load_as_the_same_glossary(glossary: Glossary, tbx: str, tmp_path: Path) -> None:
    written = tmp_path / "glossary.csv"
    written.write_text(_imported_csv(tbx), encoding="utf-8")
    again = load_glossary(written)
    assert len(again) == len(glossary)
    assert all(_same(a, b) for a, b in zip(glossary.terms, again.terms, strict=True))


def test_a_row_is_one_term_entry_with_preferred_and_admitted_variants(tbx: str) -> None:
    entry = next(e for e in ET.fromstring(tbx).iter("termEntry") if e.get("id") == "youri-ouchakov")
    assert entry.findtext("descrip[@type='subjectField']") == "person"
    assert entry.findtext("note") == "Kremlin foreign-policy aide; vi press uses Yury"
    by_lang = {ls.get(XML_LANG): ls for ls in entry.iter("langSet")}
    assert list(by_lang) == ["fr", "en", "vi"]
    assert [
        (tig.findtext("term"), tig.findtext("termNote[@type='administrativeStatus']"))
        for tig in by_lang["en"].iter("tig")
    ] == [("Yuri Ushakov", "preferredTerm-admn-sts"), ("Ushakov", "admittedTerm-admn-sts")]
    assert [t.text for t in by_lang["fr"].iter("term")] == ["Youri Ouchakov", "Ouchakov"]
    assert [t.text for t in by_lang["vi"].iter("term")] == ["Yury Ushakov", "Ushakov"]


def test_keep_as_is_is_the_french_form_with_a_note_and_comes_back_empty(tbx: str) -> None:
    entry = next(e for e in ET.fromstring(tbx).iter("termEntry") if e.get("id") == "ria-novosti")
    assert entry.findtext("descrip[@type='Translation needed']") == "No"
    for lang_set in entry.iter("langSet"):
        assert [t.text for t in lang_set.iter("term")] == ["RIA Novosti", "RIA"]
        assert lang_set.findtext("note") == (None if lang_set.get(XML_LANG) == "fr" else KEEP_AS_IS)
    row = next(r for r in _rows(_imported_csv(tbx)) if r[0] == "RIA Novosti|RIA")
    assert row == ["RIA Novosti|RIA", "", "", "org", "Russian state news agency"]


def test_a_target_equal_to_the_french_stays_an_explicit_cell(tbx: str) -> None:
    row = next(r for r in _rows(_imported_csv(tbx)) if r[0] == "Donald Trump|Trump")
    assert row[1:3] == ["Donald Trump|Trump", "Donald Trump|Trump"]


def test_export_of_one_language_keeps_only_that_language(glossary: Glossary) -> None:
    base = read_term_base(export_glossary(glossary, "tbx", langs=["vi"]))
    assert base.languages == ("vi",)
    assert _rows(terms_csv(base.terms, base.languages))[3] == [
        "Youri Ouchakov|Ouchakov",
        "Yury Ushakov|Ushakov",
        "person",
        "Kremlin foreign-policy aide; vi press uses Yury",
    ]


def test_tbx_from_another_tool_maps_regional_codes_and_a_missing_kind(tmp_path: Path) -> None:
    path = tmp_path / "weblate.tbx"
    path.write_text(
        """<?xml version="1.0"?>
<martif type="TBX"><text><body>
  <termEntry>
    <langSet xml:lang="fr-FR"><tig><term>Kremlin</term></tig></langSet>
    <langSet xml:lang="en_GB"><ntig><termGrp><term>the Kremlin</term></termGrp></ntig>
      <note from="translator">with the article</note></langSet>
  </termEntry>
</body></text></martif>
""",
        encoding="utf-8",
    )
    (term,) = read_term_base(path).terms
    assert (term.sources, term.targets, term.kind, term.note, term.line) == (
        ("Kremlin",),
        {"en": ("the Kremlin",)},
        "other",
        "en: with the article",
        3,
    )


@pytest.mark.parametrize(
    ("body", "line", "message"),
    [
        (
            "<termEntry>\n<langSet xml:lang='fr'><tig><term>A</tig></langSet>",
            4,
            "malformed TBX: mismatched tag",
        ),
        (
            "<termEntry>\n<langSet xml:lang='en'><tig><term>A</term></tig></langSet></termEntry>",
            3,
            "no French",
        ),
        (
            "<termEntry><descrip type='subjectField'>city</descrip>\n"
            "<langSet xml:lang='fr'><tig><term>A</term></tig></langSet></termEntry>",
            3,
            'unknown kind "city"',
        ),
        (
            "<termEntry><langSet xml:lang='fr'><tig><term>Kiev</term></tig></langSet></termEntry>\n"
            "<termEntry><langSet xml:lang='fr'><tig><term>KIEV</term></tig></langSet></termEntry>",
            4,
            "(lines 3 and 4)",
        ),
        ("<termEntry><langSet xml:lang='fr'><tig>\n<term>A|B</term></tig></langSet></termEntry>", 4, '"|"'),
    ],
)
def test_a_broken_tbx_names_its_line(tmp_path: Path, body: str, line: int, message: str) -> None:
    path = tmp_path / "bad.tbx"
    path.write_text(f'<?xml version="1.0"?>\n<martif>\n<text><body>{body}</body></text></martif>\n')
    with pytest.raises(GlossaryError) as caught:
        read_term_base(path)
    assert (caught.value.path, caught.value.line) == (str(path), line)
    assert message in caught.value.message


def test_entity_declarations_are_refused() -> None:
    bomb = '<?xml version="1.0"?>\n<!DOCTYPE martif [<!ENTITY a "aaaaaaaaaa">]>\n<martif>&a;</martif>'
    with pytest.raises(GlossaryError, match="declares the XML entity"):
        read_term_base(bomb)


# Translate Toolkit reads our TBX (Weblate does through it); its csv2tbx does not do the job ------


@pytest.mark.tools
def test_translate_toolkit_reads_every_term_variant_and_note(glossary: Glossary, tbx: str) -> None:
    from translate.storage import tbx as tt_tbx

    for lang in ("en", "vi"):
        store = tt_tbx.tbxfile.parsestring(tbx.encode("utf-8"), sourcelanguage="fr", targetlanguage=lang)
        units = {u.source: u for u in store.units}
        assert len(units) == len(glossary)
        for term in glossary.terms:
            unit = units[term.sources[0]]
            assert unit.target == term.target(lang)
            assert [t.text for t in unit.get_source_terms()] == list(term.sources)
            assert [t.text for t in unit.get_target_terms()] == list(term.accepted(lang))
            assert term.note in unit.getnotes()
            assert unit.istranslatable() == any(lang in term.targets for lang in ("en", "vi"))


@pytest.mark.tools
def test_tbx2po_finds_every_term_with_its_target(glossary: Glossary, tbx: str, tmp_path: Path) -> None:
    (tmp_path / "glossary.tbx").write_text(tbx, encoding="utf-8")
    for lang in ("en", "vi"):
        out = tmp_path / f"{lang}.po"
        subprocess.run(
            [BIN / "tbx2po", "--progress=none", "--source-language=fr", f"--language={lang}",
             tmp_path / "glossary.tbx", out],
            check=True, capture_output=True,
        )  # fmt: skip
        found = {(e.msgid, e.msgstr, e.msgctxt) for e in polib.pofile(str(out))}
        assert found == {(t.sources[0], t.target(lang), t.kind) for t in glossary.terms}


@pytest.mark.tools
def test_csv2tbx_mangles_the_glossary_where_our_export_does_not(tbx: str, tmp_path: Path) -> None:
    """The anchor of the issue: Translate Toolkit's own converter run on glossary.csv."""
    from translate.storage import tbx as tt_tbx

    out = tmp_path / "csv2tbx.tbx"
    subprocess.run([BIN / "csv2tbx", "--progress=none", GLOSSARY_CSV, out], check=True, capture_output=True)

    def terms_and_notes(text: bytes) -> tuple[set[str], str]:
        store = tt_tbx.tbxfile.parsestring(text)
        langs = ("fr", "en", "vi", "xx")  # csv2tbx writes "en" and "xx"
        terms = {t.text for u in store.units for lang in langs for t in u.get_target_terms(lang)}
        return terms, "\n".join(u.getnotes() for u in store.units)

    theirs, their_notes = terms_and_notes(out.read_bytes())
    assert "en" in theirs and "vi" in theirs  # the header row became a term
    assert "Youri Ouchakov" not in theirs  # the French column is gone
    assert "Donald Trump|Trump" in theirs  # variants kept as one literal term
    assert "Kremlin foreign-policy aide" not in their_notes  # the note is lost

    ours, our_notes = terms_and_notes(tbx.encode("utf-8"))
    assert {"en", "vi", "fr", "kind"}.isdisjoint(ours)
    assert {"Youri Ouchakov", "Ouchakov", "Yuri Ushakov", "Yury Ushakov", "Trump"} <= ours
    assert not any("|" in t for t in ours)
    assert "Kremlin foreign-policy aide; vi press uses Yury" in our_notes


# Weblate CSV and OmegaT: one language per file, read with the readers the tools use ------------


@pytest.mark.tools
def test_weblate_csv_has_one_row_per_french_variant_with_kind_and_note(glossary: Glossary) -> None:
    from translate.storage import csvl10n

    text = export_glossary(glossary, "weblate", langs=["en"])
    assert text.splitlines()[0] == "source,target,developer_comments"
    units = {u.source: u for u in csvl10n.csvfile.parsestring(text.encode("utf-8")).units}
    assert len(units) == sum(len(t.sources) for t in glossary.terms)
    assert units["Ouchakov"].target == "Ushakov"
    assert units["Ouchakov"].getnotes("developer") == (
        "person; also: Yuri Ushakov; note: Kremlin foreign-policy aide; vi press uses Yury"
    )
    assert units["États-Unis"].getnotes("developer").startswith("place; also: U.S., US")
    assert units["Air Force One"].target == "Air Force One"
    assert "keep as is" in units["Air Force One"].getnotes("developer")


@pytest.mark.tools
def test_omegat_glossary_lists_every_variant_and_accepted_target(glossary: Glossary) -> None:
    from translate.storage import omegat

    text = export_glossary(glossary, "omegat", langs=["vi"])
    assert text.startswith("# Glossary in tab-separated format -*- coding: utf-8 -*-\n")
    store = omegat.OmegaTFile()
    store.parse(text.encode("utf-8"))
    pairs = {(u.source, u.target) for u in store.units if not u.source.startswith("#")}  # OmegaT skips #
    assert {("Youri Ouchakov", "Yury Ushakov"), ("Ouchakov", "Ushakov"), ("États-Unis", "Hoa Kỳ")} <= pairs
    assert ("Alaska", "Alaska") in pairs
    comments = {u.source: u.getnotes() for u in store.units}
    assert comments["Alaska"] == "place; keep as is; note: keep as is"


def test_one_language_formats_refuse_several_languages(glossary: Glossary) -> None:
    with pytest.raises(GlossaryError, match="one target language"):
        export_glossary(glossary, "omegat", langs=["en", "vi"])


# The term as a PO comment shows it ---------------------------------------------------------------


# The command line --------------------------------------------------------------------------------


def test_export_then_import_through_the_cli(project: Path, runner: CliRunner) -> None:
    exported = runner.invoke(cli, ["glossary", "export", "--format", "tbx", "-o", "glossary.tbx"])
    assert exported.exit_code == 0, exported.output
    imported = runner.invoke(cli, ["glossary", "import", "glossary.tbx", "-o", "back.csv"])
    assert imported.exit_code == 0, imported.output
    assert _rows((project / "back.csv").read_text(encoding="utf-8")) == _rows(GLOSSARY_CSV.read_text())


def test_import_refuses_to_overwrite_the_glossary_without_force(project: Path, runner: CliRunner) -> None:
    runner.invoke(cli, ["glossary", "export", "--lang", "en", "-o", "en.tbx"])
    before = (project / "glossary.csv").read_bytes()
    refused = runner.invoke(cli, ["glossary", "import", "en.tbx"])
    assert refused.exit_code == 2
    assert refused.output.strip().splitlines() == [
        f"Error: {project / 'glossary.csv'}: exists; pass --force to overwrite it, or -o another file"
    ]
    assert (project / "glossary.csv").read_bytes() == before
    forced = runner.invoke(cli, ["glossary", "import", "en.tbx", "--force"])
    assert forced.exit_code == 0, forced.output
    assert (project / "glossary.csv").read_text(encoding="utf-8").splitlines()[0] == "fr,en,kind,note"


def test_import_of_a_malformed_tbx_is_one_line_with_the_line(project: Path, runner: CliRunner) -> None:
    (project / "bad.tbx").write_text(
        '<?xml version="1.0"?>\n<martif>\n<text><body>\n<termEntry>\n</martif>\n'
    )
    result = runner.invoke(cli, ["glossary", "import", "bad.tbx", "-o", "out.csv"])
    assert result.exit_code == 2
    assert result.output.startswith("Error: bad.tbx:5: malformed TBX: mismatched tag at column 3;")
    assert len(result.output.strip().splitlines()) == 1
    assert not (project / "out.csv").exists()


def test_per_language_export_writes_one_file_per_language(project: Path, runner: CliRunner) -> None:
    result = runner.invoke(cli, ["glossary", "export", "--format", "omegat", "-o", "omegat/{lang}.utf8"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (project / "omegat").iterdir()) == ["en.utf8", "vi.utf8"]
    assert "Youri Ouchakov\tYury Ushakov\t" in (project / "omegat" / "vi.utf8").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "weblate"], "a weblate glossary holds one target language: pass --lang en"),
        (["--lang", "de"], 'glossary.csv: no "de" column; the glossary has en, vi'),
    ],
)
def test_export_usage_errors_are_one_line(
    project: Path, runner: CliRunner, args: list[str], message: str
) -> None:
    result = runner.invoke(cli, ["glossary", "export", *args])
    assert result.exit_code == 2
    (line,) = result.output.strip().splitlines()
    assert line.startswith(f"Error: {message}")


def test_weblate_export_to_stdout(project: Path, runner: CliRunner) -> None:
    result = runner.invoke(cli, ["glossary", "export", "--format", "weblate", "--lang", "vi"])
    assert result.exit_code == 0, result.output
    assert _rows(result.stdout)[5][:2] == ["Youri Ouchakov", "Yury Ushakov"]
