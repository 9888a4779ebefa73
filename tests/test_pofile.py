"""localise.catalogs.pofile with the installed GNU gettext: msgcat's bytes, msgfmt's verdicts, polib's entries.

The writer's contract is the installed `msgcat --width=N` (or `--no-wrap`) of the same catalog,
byte for byte; the reader's is msgfmt's verdict (a broken file is one `path:line:` error) and
polib's entries, with the typed line of each entry's msgid and msgstr.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import polib
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from localise.catalogs.pofile import format_po, load_catalog, read_catalog, read_po, write_po
from localise.cli import cli
from localise.errors import CatalogError
from localise.files import ChangedOnDisk

pytestmark = pytest.mark.tools
ROOT = Path(__file__).resolve().parent.parent
COMMITTED = sorted([*(ROOT / "locale").glob("*/LC_MESSAGES/*.po"), *(ROOT / "locale").glob("*.pot")])
HEADER = 'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
SHOWN = "locale/en/LC_MESSAGES/broken.po"


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:  # never a silent skip: CI installs gettext (.ci/run)
        pytest.fail(f"{name} not found; install GNU gettext (Debian: apt-get install gettext)")
    return found


def _msgcat(path: Path, width: int) -> bytes:
    """What the installed msgcat writes for the file ``path``, as a user would run it."""
    option = "--no-wrap" if width <= 0 else f"--width={width}"
    done = subprocess.run(  # --force-po: a catalog with nothing but a header is written too
        [_tool("msgcat"), "--force-po", option, str(path)], capture_output=True, check=False
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def _fields(entry: polib.POEntry) -> tuple[Any, ...]:
    """Everything a PO entry says, as polib models it."""
    return (
        entry.msgctxt,
        entry.msgid,
        entry.msgid_plural,
        entry.msgstr,
        dict(entry.msgstr_plural),
        bool(entry.obsolete),
        entry.tcomment,
        entry.comment,
        list(entry.occurrences),
        list(entry.flags),
        entry.previous_msgctxt,
        entry.previous_msgid,
        entry.previous_msgid_plural,
    )


def _catalog_fields(po: polib.POFile) -> tuple[Any, ...]:
    return (po.header, dict(po.metadata), bool(po.metadata_is_fuzzy), [_fields(e) for e in po])


# ---------------------------------------------------------------------------------------------
# The committed catalogs and templates


@pytest.mark.parametrize("path", COMMITTED, ids=[str(p.relative_to(ROOT / "locale")) for p in COMMITTED])
def test_msgcat_of_a_committed_catalog_is_the_file(path: Path) -> None:
    assert _msgcat(path, 79) == path.read_bytes()


@pytest.mark.parametrize("width", [79, 0])
@pytest.mark.parametrize("path", COMMITTED, ids=[str(p.relative_to(ROOT / "locale")) for p in COMMITTED])
def test_a_committed_catalog_is_written_back_as_msgcat_writes_it(path: Path, width: int) -> None:
    catalog = read_catalog(path)
    assert len(catalog.po) > 50
    assert format_po(catalog.po, width=width) == _msgcat(path, width)


def test_the_percent_sentence_is_the_french_as_written() -> None:
    """No invisible character is added to the source: searching the catalog for the French finds it."""
    for path in COMMITTED:
        if path.name.startswith("trump-putin-alaska-summit"):
            (entry,) = [e for e in read_po(path) if "75 % les chances" in e.msgid]
            assert entry.msgid.startswith(
                "De son côté, le président américain Donald Trump a estimé à 75 % les"
            )
            assert "\u2060" not in path.read_text(encoding="utf-8")


# ---------------------------------------------------------------------------------------------
# Line numbers


def test_entry_lines_come_from_the_file() -> None:
    text = (
        HEADER
        + '# note\n#. kind: lead\nmsgctxt "c"\nmsgid ""\n"wrapped"\nmsgstr ""\n"texte"\n\n'
        + 'msgid "a"\nmsgid_plural "b"\nmsgstr[0] "x"\nmsgstr[1] "y"\n\n'
        + '#, fuzzy\n#~| msgid "old"\n#~ msgid "gone"\n#~ msgstr "parti"\n'
    )
    catalog = load_catalog(text.encode("utf-8"))
    first, second, gone = catalog.po
    assert [first.linenum, catalog.msgid_line(first), catalog.msgstr_line(first)] == [4, 7, 9]
    assert [catalog.msgid_line(second), catalog.msgstr_line(second)] == [12, 14]
    assert [catalog.msgid_line(gone), catalog.msgstr_line(gone)] == [19, 20]
    assert (gone.obsolete, gone.previous_msgid, gone.fuzzy) == (1, "old", True)


def test_bom_and_crlf_are_read_and_written_back_without_them() -> None:
    text = "\ufeff" + (HEADER + '# note\nmsgid "a"\nmsgstr "b"\n').replace("\n", "\r\n")
    catalog = load_catalog(text.encode("utf-8"))
    (entry,) = catalog.po
    assert (entry.tcomment, entry.msgstr, catalog.msgstr_line(entry)) == ("note", "b", 6)
    written = format_po(catalog.po)
    assert b"\r" not in written and b"\xef\xbb\xbf" not in written
    assert written.endswith((HEADER + '# note\nmsgid "a"\nmsgstr "b"\n').encode("utf-8"))


def test_unicode_line_separators_inside_a_string_stay_in_the_string(tmp_path: Path) -> None:
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    po.append(polib.POEntry(msgid="un\u2028deux\x85trois", msgstr="one\u2029two"))
    path = tmp_path / "x.po"
    write_po(po, path)
    (entry,) = read_po(path)
    assert (entry.msgid, entry.msgstr) == ("un\u2028deux\x85trois", "one\u2029two")


# ---------------------------------------------------------------------------------------------
# Writing


def test_write_po_writes_once_then_reports_no_change(tmp_path: Path) -> None:
    text = "# A catalog.\n" + HEADER + 'msgid "a"\nmsgstr "b"\n'
    po = load_catalog(text.encode("utf-8")).po
    path = tmp_path / "locale" / "en" / "x.po"
    assert write_po(po, path) is True
    before = path.stat().st_mtime_ns
    assert write_po(po, path) is False
    assert path.stat().st_mtime_ns == before
    assert path.read_text(encoding="utf-8") == text
    assert [p.name for p in path.parent.iterdir()] == ["x.po"]  # no temp file left behind


def test_a_save_since_the_read_is_never_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "x.po"
    path.write_text(HEADER + 'msgid "a"\nmsgstr "b"\n', encoding="utf-8")
    seen = path.read_bytes()
    po = load_catalog(seen).po
    po[0].msgstr = "ours"
    path.write_text(HEADER + 'msgid "a"\nmsgstr "the translator\'s"\n', encoding="utf-8")
    with pytest.raises(ChangedOnDisk) as caught:
        write_po(po, path, expected=seen)
    assert caught.value.current == path.read_bytes()
    assert "the translator's" in path.read_text(encoding="utf-8")


def test_a_header_only_catalog_is_written() -> None:
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    assert format_po(po) == b'#\nmsgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n'


def test_the_no_wrap_width_and_a_narrow_width_are_msgcats(tmp_path: Path) -> None:
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    refs = [(f"sources/article-numéro-{i}.fr.txt", str(i * 37)) for i in range(12)]
    text = "Les deux présidents ont tenu une conférence de presse conjointe\u00a0: «\u00a0progrès\u00a0» " * 3
    po.append(polib.POEntry(msgid=text, msgstr=text, occurrences=refs))
    path = tmp_path / "x.po"
    write_po(po, path, width=0)
    for width in (79, 0, 40):
        assert format_po(po, width=width) == _msgcat(path, width)


# ---------------------------------------------------------------------------------------------
# Properties: any catalog localise writes is msgcat's and reads back the same


_WORDS = st.sampled_from(
    [
        "le",
        "président",
        "a",
        "déclaré",
        "l'Alaska",
        "«\u00a0progrès\u00a0»",
        "M.\u202fPoutine",
        "75\u00a0%",
        "75 % les chances",
        "100 %",
        "Tổng",
        "thống",
        "đã",
        "Ukraine",
        "c'est-à-dire",
        "—",
        "http://example.org/a/b",
        "anticonstitutionnellement" * 4,
        '"cité"',
        "back\\slash",
        "tab\there",
        "ligne\n",
        "\n",
        "cr\rlf",
        "\u2028",
        "美国总统",
        "…",
        "(voir",
        "n°5",
        "16:30",
        "150\u00a0000",
    ]
)
_SEPARATORS = st.sampled_from([" ", " ", " ", "  ", "\u00a0", "\n", "", "\t", " - "])
# msgfmt -c wants msgid and msgstr to begin and end alike with a newline: the texts do neither.
_TEXT = st.lists(st.tuples(_WORDS, _SEPARATORS), max_size=20).map(
    lambda ws: "".join(w + s for w, s in ws).strip("\n")
)
_NON_EMPTY = _TEXT.filter(bool)
# polib strips a comment line's ends and keeps no line break inside one.
_COMMENT_LINE = st.lists(_WORDS, max_size=12).map(" ".join).map(lambda s: " ".join(s.split()))
# polib reads no empty comment line at the top of a comment, nor a bare "#.": the lines have words.
_COMMENT = st.lists(_COMMENT_LINE.filter(bool), max_size=3).map("\n".join)
_FILE = st.sampled_from(
    ["sources/trump-putin-alaska-summit.fr.txt", "sources/sommet.fr.txt", "a.c", "é/à.txt"]
)
_REFS = st.lists(
    st.tuples(_FILE, st.one_of(st.just(""), st.integers(1, 99999).map(str))), max_size=8, unique=True
)
_FLAG = st.sampled_from(["", "", "no-python-format", "no-c-format", "no-wrap", "c-format", "python-format"])


@st.composite
def _entries(draw: st.DrawFn, obsolete: bool) -> polib.POEntry:
    plural = draw(st.booleans()) and draw(st.booleans())
    entry = polib.POEntry(
        msgid=draw(_NON_EMPTY),  # polib takes a msgctxt "" entry with an empty msgid for the header
        msgctxt=draw(st.one_of(st.none(), _TEXT)),
        tcomment=draw(_COMMENT),
        comment="" if obsolete else draw(_COMMENT),  # polib writes no #. or #: lines on #~ entries
        occurrences=[] if obsolete else draw(_REFS),
        obsolete=obsolete,
    )
    if plural:
        entry.msgid_plural = draw(_NON_EMPTY)
        # At most nplurals (2, the header below) forms: a third is refused, as msgfmt -c refuses it.
        forms = [draw(_NON_EMPTY if obsolete else _TEXT) for _ in range(draw(st.integers(1, 2)))]
        entry.msgstr_plural = dict(enumerate(forms))
        first = forms[0]
    else:
        entry.msgstr = first = draw(_NON_EMPTY if obsolete else _TEXT)
    flag = draw(_FLAG)
    texts = [entry.msgid, entry.msgid_plural, entry.msgstr, *entry.msgstr_plural.values()]
    if flag in ("c-format", "python-format") and any("%" in t for t in texts):
        flag = ""  # msgfmt --check-format would rightly reject random placeholders
    entry.flags = (["fuzzy"] if first and draw(st.booleans()) else []) + ([flag] if flag else [])
    if draw(st.booleans()):
        entry.previous_msgid = draw(_TEXT)
        entry.previous_msgctxt = draw(st.one_of(st.none(), _TEXT))
        if plural:
            entry.previous_msgid_plural = draw(st.one_of(st.none(), _TEXT))
    return entry


@st.composite
def _catalogs(draw: st.DrawFn) -> polib.POFile:
    po = polib.POFile()
    po.header = draw(_COMMENT)
    po.metadata_is_fuzzy = draw(st.booleans())
    po.metadata = {
        "Project-Id-Version": draw(st.sampled_from(["demo", "trump-putin-alaska-summit (localise 0.1.0)"])),
        "Language": draw(st.sampled_from(["en", "vi", "fr"])),
        "Content-Type": "text/plain; charset=UTF-8",
        "Plural-Forms": "nplurals=2; plural=(n > 1);",
    }
    seen = set()
    for obsolete in (False, True):
        for entry in draw(st.lists(_entries(obsolete), max_size=5)):
            if (entry.msgctxt, entry.msgid) not in seen:
                seen.add((entry.msgctxt, entry.msgid))
                po.append(entry)
    return po


_PROPERTY = settings(
    derandomize=True,
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


@_PROPERTY
@given(po=_catalogs())
def test_a_written_catalog_is_msgcats_and_reads_back_the_same(tmp_path: Path, po: polib.POFile) -> None:
    for width in (79, 0):
        path = tmp_path / f"generated-{width}.po"
        write_po(po, path, width=width)
        assert _msgcat(path, width) == path.read_bytes()
        assert _catalog_fields(read_catalog(path).po) == _catalog_fields(po)


# ---------------------------------------------------------------------------------------------
# Broken files: msgfmt's verdict, one `path:line:` error, nothing touched


BROKEN = {
    "duplicate msgid": (
        HEADER + 'msgid "a"\nmsgstr "x"\n\nmsgid "a"\nmsgstr "y"\n',
        7,
        'duplicate entry "a", first defined at line 4',
    ),
    "duplicate obsolete msgid": (
        HEADER + 'msgid "a"\nmsgstr "x"\n\n#~ msgid "a"\n#~ msgstr "y"\n',
        7,
        'duplicate entry "a", first defined at line 4',
    ),
    "invalid escape": (HEADER + 'msgid "a"\nmsgstr "un \\q"\n', 5, 'invalid escape sequence "\\q"'),
    "unterminated string": (HEADER + 'msgid "a"\nmsgstr "ouvert\n', 5, "unterminated string"),
    "file cut inside a string": (HEADER + 'msgid "a"\nmsgstr "ouv', 5, "the file ends inside it"),
    "msgid without msgstr": (HEADER + 'msgid "a"\n\nmsgid "b"\nmsgstr "y"\n', 4, "has no msgstr"),
    "truncated after msgid": (HEADER + 'msgid "a"\nmsgstr "x"\n\n#. kind: lead\nmsgid "b"\n', 8, "truncated"),
    "unknown keyword": (HEADER + 'msgid "a"\nmsgstrr "x"\n', 5, 'keyword "msgstrr" unknown'),
    "plural form out of order": (
        HEADER + 'msgid "a"\nmsgid_plural "b"\nmsgstr[1] "x"\n',
        6,
        "first plural form has nonzero index",
    ),
    "mixed obsolete and live lines": (HEADER + '#~ msgid "a"\nmsgstr "x"\n', 5, "inconsistent use of #~"),
    "comment between msgid and msgstr": (HEADER + 'msgid "a"\n# note\nmsgstr "x"\n', 4, "has no msgstr"),
    "previous msgctxt without previous msgid": (
        HEADER + '#| msgctxt "p"\nmsgid "a"\nmsgstr "x"\n',
        5,
        "syntax error",
    ),
    "placeholders that do not match": (
        HEADER + '#, c-format\nmsgid "%d files"\nmsgstr "%s fichiers"\n',
        6,
        "format specifications",
    ),
    "an escape polib cannot read": (HEADER + 'msgid "\\x41"\nmsgstr "b"\n', 4, 'the escape "\\x41"'),
    "a header without the charset": ('msgid "a"\nmsgstr "b"\n', 1, "Content-Type"),
}


@pytest.mark.parametrize(("text", "line", "says"), BROKEN.values(), ids=BROKEN.keys())
def test_a_broken_catalog_is_one_error_at_its_line(tmp_path: Path, text: str, line: int, says: str) -> None:
    path = tmp_path / "broken.po"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CatalogError) as caught:
        read_catalog(path, display_path=SHOWN)
    error = caught.value
    assert (error.path, error.line) == (SHOWN, line)
    assert says in error.message
    assert str(error).startswith(f"{SHOWN}:{line}: ") and "\n" not in str(error)
    assert path.read_text(encoding="utf-8") == text  # reading never touches the file


@pytest.mark.parametrize(
    ("text", "line", "says"),
    [v for k, v in BROKEN.items() if k != "a header without the charset"],
    ids=[k for k in BROKEN if k != "a header without the charset"],
)
def test_a_broken_catalog_stops_the_build_with_one_line_and_nothing_written(
    project: Path, runner: CliRunner, text: str, line: int, says: str
) -> None:
    assert runner.invoke(cli, ["build", "--no-mt", "--lang", "en"]).exit_code == 0
    broken = project / "locale" / "en" / "LC_MESSAGES" / "trump-putin-alaska-summit.po"
    broken.write_text(text, encoding="utf-8")
    before = {p: p.read_bytes() for p in project.rglob("*") if p.is_file() and ".localise" not in p.parts}
    result = runner.invoke(cli, ["build", "--no-mt", "--lang", "en"])
    assert result.exit_code == 2, result.output
    assert result.output.startswith(f"Error: locale/en/LC_MESSAGES/trump-putin-alaska-summit.po:{line}: ")
    assert says in result.output and len(result.output.strip().splitlines()) == 1
    after = {p: p.read_bytes() for p in project.rglob("*") if p.is_file() and ".localise" not in p.parts}
    assert after == before


@pytest.mark.parametrize(("make", "message"), [(None, "no such catalog"), ("dir", "cannot read catalog")])
def test_unreadable_file_is_one_catalog_error(tmp_path: Path, make: str | None, message: str) -> None:
    path = tmp_path / "missing.po"
    if make == "dir":
        path.mkdir()
    with pytest.raises(CatalogError) as caught:
        read_catalog(path)
    assert message in str(caught.value) and "\n" not in str(caught.value)


def test_non_utf8_file_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.po"
    path.write_bytes((HEADER + 'msgid "a"\nmsgstr "caf\xe9"\n').encode("latin-1"))
    with pytest.raises(CatalogError, match="not UTF-8") as caught:
        read_catalog(path)
    assert caught.value.line == 5


@pytest.mark.parametrize("command", [["check"], ["build", "--no-mt", "--lang", "en"]])
def test_without_gettext_a_command_says_what_to_install(
    project: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    assert runner.invoke(cli, ["build", "--no-mt", "--lang", "en"]).exit_code == 0
    monkeypatch.setenv("PATH", str(project / "no-tools-here"))
    result = runner.invoke(cli, command)
    assert result.exit_code == 2, result.output
    assert "apt-get install gettext" in result.output and len(result.output.strip().splitlines()) == 1
