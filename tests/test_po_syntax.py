"""localise.catalogs.pofile against the real GNU gettext tools: msgcat's bytes, msgmerge's files, msgfmt's errors.

The writer's contract is `msgcat --width=N` (or `--no-wrap`) of the same catalog, byte for byte;
the reader's is polib's entries for every file gettext, polib or Babel writes, and msgfmt's
verdict (with the line) for broken ones.
"""

from __future__ import annotations

import ctypes
import importlib.util
import io
import shutil
import subprocess
from pathlib import Path
from typing import Any

import polib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from localise.catalogs.po_syntax import format_po, parse_po
from localise.catalogs.pofile import read_po, write_po
from localise.errors import CatalogError

ROOT = Path(__file__).resolve().parent.parent
COMMITTED = sorted((ROOT / "locale").glob("*/LC_MESSAGES/*.po"))
HEADER = 'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:  # never a silent skip: CI installs gettext (.ci/run)
        pytest.fail(f"{name} not found; install GNU gettext (Debian: apt-get install gettext)")
    return found


def _run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [_tool(args[0]), *args[1:]], input=stdin, capture_output=True, text=True, check=False
    )


def _msgcat(path: Path, width: int) -> str:
    option = "--no-wrap" if width <= 0 else f"--width={width}"
    done = _run("msgcat", "--force", option, str(path))  # --force: a header-only catalog is written too
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


def _assert_same_as_polib(path: Path) -> polib.POFile:
    ours = read_po(path)
    theirs = polib.pofile(str(path))
    assert _catalog_fields(ours) == _catalog_fields(theirs)
    return ours


# ---------------------------------------------------------------------------------------------
# Committed catalogs


@pytest.mark.parametrize("path", COMMITTED, ids=[p.parent.parent.name for p in COMMITTED])
def test_committed_catalog_reads_as_polib_reads_it(path: Path) -> None:
    po = _assert_same_as_polib(path)
    assert len(po) > 50


@pytest.mark.parametrize("width", [79, 0])
@pytest.mark.parametrize("path", COMMITTED, ids=[p.parent.parent.name for p in COMMITTED])
def test_committed_catalog_formats_as_msgcat_writes_it(path: Path, width: int) -> None:
    assert format_po(read_po(path), width=width) == _msgcat(path, width)


def test_committed_catalogs_exist() -> None:
    assert {p.parent.parent.name for p in COMMITTED} >= {"en", "vi"}


# ---------------------------------------------------------------------------------------------
# Files other tools write


def _entry_lines(text: str) -> dict[str, tuple[int, int]]:
    """msgid text -> (msgid line, msgstr line) for one-line msgids, read with no parser at all."""
    found: dict[str, tuple[int, int]] = {}
    msgid = None
    for n, line in enumerate(text.split("\n"), start=1):
        body = line.removeprefix("#~ ")
        if body.startswith('msgid "') and body != 'msgid ""':
            msgid, at = body[7:-1], n
        elif body.startswith(("msgstr ", "msgstr[0] ")) and msgid is not None:
            found[msgid] = (at, n)
            msgid = None
    return found


def _pot(path: Path, msgids: list[str]) -> Path:
    po = polib.POFile()
    po.metadata = {"Project-Id-Version": "demo", "Content-Type": "text/plain; charset=UTF-8"}
    for i, msgid in enumerate(msgids, start=1):
        po.append(
            polib.POEntry(msgid=msgid, occurrences=[("sources/demo.fr.txt", str(i))], comment="kind: lead")
        )
    po.save(str(path))
    return path


V1 = [
    "Le sommet s'est déroulé sur la base aérienne d'Elmendorf-Richardson, en Alaska, vendredi soir.",
    "Deux représentants de chaque camp ont assisté à la réunion.",
    "Les deux présidents ont tenu une conférence de presse conjointe à l'issue de la rencontre.",
]


def test_msgmerge_previous_and_obsolete_entries_read_back(tmp_path: Path) -> None:
    """msgmerge --previous, twice, writes #| msgid on live entries and #~| msgid on obsolete ones."""
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "en"}
    for msgid, msgstr in zip(
        V1, ["The summit took place.", "Two officials attended.", "A joint press."], strict=True
    ):
        po.append(polib.POEntry(msgid=msgid, msgstr=msgstr, occurrences=[("sources/demo.fr.txt", "1")]))
    current = tmp_path / "en.po"
    current.write_text(format_po(po), encoding="utf-8")
    # First rewording: the French changes, the translation becomes a fuzzy suggestion with #| msgid.
    v2 = [V1[0].replace("vendredi", "samedi"), V1[1], "Une phrase entièrement nouvelle sans rapport."]
    merged = _run("msgmerge", "--previous", "-q", "-o", "-", str(current), str(_pot(tmp_path / "v2.pot", v2)))
    assert merged.returncode == 0, merged.stderr
    current.write_text(merged.stdout, encoding="utf-8")
    # Second rewording: the suggestion goes obsolete and keeps its previous msgid as #~| msgid.
    v3 = [V1[1], "Encore une autre phrase sans rapport avec les précédentes."]
    merged = _run("msgmerge", "--previous", "-q", "-o", "-", str(current), str(_pot(tmp_path / "v3.pot", v3)))
    assert merged.returncode == 0, merged.stderr
    current.write_text(merged.stdout, encoding="utf-8")
    text = merged.stdout
    assert "#~| msgid" in text and "#~ msgid" in text

    ours = read_po(current)
    theirs = polib.pofile(str(current))
    # polib skips #~| lines; everything else it reads as we do.
    for entry in theirs:
        entry.previous_msgid = entry.previous_msgid if not entry.obsolete else None
    trimmed = [
        _fields(e)[:11] + ((None,) if e.obsolete else (e.previous_msgid,)) + _fields(e)[12:] for e in ours
    ]
    assert trimmed == [_fields(e) for e in theirs]
    obsolete = [e for e in ours if e.obsolete and e.previous_msgid]
    assert obsolete and obsolete[0].previous_msgid.startswith("Le sommet")
    assert format_po(ours) == text  # msgmerge writes what msgcat writes
    lines = _entry_lines(text)
    for entry in ours:
        if entry.msgid in lines:
            assert (entry.linenum, entry.msgstr_line) == lines[entry.msgid]


def test_obsolete_previous_in_both_spellings(tmp_path: Path) -> None:
    """`#~| msgid` (gettext) and `#~ #| msgid` (older tools), wrapped over lines, mean the same."""
    spellings = {
        "bar": '#~| msgid ""\n#~| "the old "\n#~| "text"\n#~ msgid "new"\n#~ msgstr "nouveau"\n',
        "hash": '#~ #| msgid ""\n#~ #| "the old "\n#~ #| "text"\n#~ msgid "new"\n#~ msgstr "nouveau"\n',
    }
    for text in spellings.values():
        (entry,) = parse_po(HEADER + text)
        assert (entry.obsolete, entry.previous_msgid, entry.msgstr) == (True, "the old text", "nouveau")


def test_msgcat_output_reads_as_polib_reads_it(tmp_path: Path) -> None:
    messy = tmp_path / "messy.po"
    messy.write_text(
        HEADER
        + "#  indented note\n#.kind: lead\n#: b.c:2 a.c:1\n#: a.c:1\n#, c-format, fuzzy\n"
        + 'msgctxt "role"\nmsgid "%d file"\nmsgid_plural "%d files"\nmsgstr[0] "%d fichier"\nmsgstr[1] "%d fichiers"\n\n'
        + 'msgid "line one\\nline two with a long tail that makes msgcat wrap the string somewhere"\nmsgstr "x"\n',
        encoding="utf-8",
    )
    tidy = tmp_path / "tidy.po"
    tidy.write_text(_msgcat(messy, 79), encoding="utf-8")
    po = _assert_same_as_polib(tidy)
    assert po[0].flags == ["fuzzy", "c-format"] and po[0].occurrences == [("b.c", "2"), ("a.c", "1")]
    assert format_po(po) == tidy.read_text(encoding="utf-8")


def test_polib_save_reads_as_polib_reads_it(tmp_path: Path) -> None:
    po = polib.POFile(wrapwidth=78)
    po.metadata = {"Project-Id-Version": "demo", "Content-Type": "text/plain; charset=UTF-8"}
    po.header = "Translations of the demo article."
    for i, msgid in enumerate(V1):
        po.append(
            polib.POEntry(
                msgid=msgid,
                msgstr=f'Traduction « {i} » avec\u00a0espace insécable et "guillemets" \\ et\ttab',
                occurrences=[(f"sources/demo-{i}.fr.txt", str(i + 1))],
                comment="kind: paragraph\nglossary: Poutine → Putin",
                tcomment="relu par la rédaction",
                flags=["fuzzy"],
                previous_msgid="Ancien texte" if i else None,
            )
        )
    po.append(polib.POEntry(msgid="Disparu", msgstr="Gone", obsolete=True))
    path = tmp_path / "polib.po"
    po.save(str(path))
    _assert_same_as_polib(path)


def test_babel_write_po_reads_as_polib_reads_it(tmp_path: Path) -> None:
    from babel.messages.catalog import Catalog, Message
    from babel.messages.pofile import write_po as babel_write_po

    catalog = Catalog(locale="vi", project="demo", version="1")
    catalog.add(V1[0], "Hội nghị thượng đỉnh diễn ra tại căn cứ.", locations=[("sources/demo.fr.txt", 1)])
    catalog.add(
        ("%(n)d représentant", "%(n)d représentants"),
        ("%(n)d đại diện",),
        locations=[("sources/demo.fr.txt", 2)],
        flags=["python-format"],
        auto_comments=["kind: lead"],
        user_comments=["à relire"],
        context="compte",
    )
    catalog.add(V1[2], "", previous_id="Ancienne phrase", flags=["fuzzy"])
    catalog.obsolete["Vieux"] = Message("Vieux", "Old", auto_comments=["kind: title"])
    buf = io.BytesIO()
    babel_write_po(buf, catalog, width=76, include_previous=True)
    path = tmp_path / "babel.po"
    path.write_bytes(buf.getvalue())
    po = _assert_same_as_polib(path)
    assert po.metadata["Language"] == "vi"


# ---------------------------------------------------------------------------------------------
# msgcat's rules, one case each


RULE_CASES = {
    "long French with NBSP before punctuation": (
        "Les deux présidents ont tenu une conférence de presse conjointe\u00a0: «\u00a0progrès considérables\u00a0» "
        "selon M.\u202fPoutine, qui a quitté l'Alaska près d'une heure après la conférence."
    ),
    "Vietnamese": (
        "Tổng thống Mỹ Donald Trump và Tổng thống Nga Vladimir Putin đã gặp nhau tại Alaska, "
        "lần đầu tiên sau 6 năm, trong một cuộc hội đàm kéo dài ba giờ."
    ),
    "CJK wide characters count two columns": "美国总统唐纳德·特朗普和俄罗斯总统弗拉基米尔·普京在阿拉斯加会面，这是六年来的首次会面。"
    * 2,
    "a word longer than the width": "voir https://example.org/"
    + "tres-long-chemin-sans-espace-" * 5
    + " puis la suite.",
    "newlines split the string": "Première ligne.\nDeuxième ligne, plus longue, qui dépasse largement la largeur permise ici.\n",
    "escapes: quotes, backslashes, tabs": 'Il a dit "non" \\ puis\tun tab, ' * 4,
    "empty": "",
}


@pytest.mark.parametrize("width", [79, 0, 30])
@pytest.mark.parametrize("text", RULE_CASES.values(), ids=RULE_CASES.keys())
def test_string_wrapping_matches_msgcat(tmp_path: Path, text: str, width: int) -> None:
    po = polib.POFile()
    po.metadata = {
        "Project-Id-Version": "a header line long enough to be wrapped by msgcat at the usual width of 79",
        "Content-Type": "text/plain; charset=UTF-8",
    }
    po.metadata_is_fuzzy = True
    po.header = "Demo catalog."  # polib writes a bare "#" for an empty one
    po.append(polib.POEntry(msgid=text or "vide", msgstr=text, previous_msgid=text, flags=["fuzzy"]))
    po.append(
        polib.POEntry(msgid=text + " (obsolète)", msgstr=text or "x", obsolete=True, previous_msgid=text)
    )
    path = tmp_path / "case.po"
    # msgcat's reading of polib's own rendering is the reference; format_po must equal it.
    po.save(str(path))
    assert format_po(po, width=width) == _msgcat(path, width)


def test_flags_references_and_comments_as_msgcat_rewrites_them(tmp_path: Path) -> None:
    path = tmp_path / "flags.po"
    path.write_text(
        HEADER
        + "#foo\n#.no space\n#: ./a.c:1 b.c:2 a.c:1 c.c\n#: d.c : 3 e.c: 4 f.c:007\n"
        + "#, python-format, wrap, my-own-flag, fuzzy, c-format, no-wrap, range: 1..3\n"
        + 'msgid "Hello"\nmsgstr "Bonjour"\n\n#, fuzzy\nmsgid "Untranslated"\nmsgstr ""\n\n'
        + '#, fuzzy\n#~ msgid "Gone"\n#~ msgstr "Parti"\n\n#~ msgid "Gone untranslated"\n#~ msgstr ""\n',
        encoding="utf-8",
    )
    po = read_po(path)
    written = format_po(po)
    assert written == _msgcat(path, 79)
    assert "#, fuzzy, c-format, python-format, range: 1..3, no-wrap\n" in written  # gettext's order
    assert "#: a.c:1 b.c:2 a.c:1 c.c d.c:3 e.c:4 f.c:7\n" in written  # ./a.c and a.c differ when read
    assert 'msgid "Untranslated"' in written and '#, fuzzy\nmsgid "Untranslated"' not in written
    assert "Gone untranslated" not in written


def test_long_reference_lists_wrap_like_msgcat(tmp_path: Path) -> None:
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    refs = [(f"sources/article-numéro-{i}.fr.txt", str(i * 37)) for i in range(12)]
    po.append(polib.POEntry(msgid="x", msgstr="y", occurrences=refs))
    path = tmp_path / "refs.po"
    path.write_text(format_po(po, width=0), encoding="utf-8")
    for width in (79, 0, 40):
        assert format_po(po, width=width) == _msgcat(path, width)


# ---------------------------------------------------------------------------------------------
# Properties: generated catalogs


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
        "Tổng",
        "thống",
        "đã",
        "gặp",
        "nhau",
        "tại",
        "Ukraine",
        "c'est-à-dire",
        "3\u00a0heures",
        "—",
        "http://example.org/a/b",
        "anticonstitutionnellement" * 4,
        '"cité"',
        "back\\slash",
        "tab\there",
        "é",
        "ligne\n",
        "\n",
        "x",
        "Ça",
        "…",
        "(voir",
        "ci-dessous)",
        "n°5",
        "16:30",
        "150\u00a0000",
    ]
)
_SEPARATORS = st.sampled_from([" ", " ", " ", "  ", "\u00a0", "\n", "", "\t", " - "])
_TEXT = st.lists(st.tuples(_WORDS, _SEPARATORS), max_size=20).map(lambda ws: "".join(w + s for w, s in ws))
_NON_EMPTY = _TEXT.filter(bool)
_COMMENT_LINE = st.lists(_WORDS, max_size=12).map(" ".join).map(lambda s: s.replace("\n", " ").rstrip("\\"))
_COMMENT = st.lists(_COMMENT_LINE, max_size=3).map("\n".join)
_FILE = st.sampled_from(
    ["sources/trump-putin-alaska-summit.fr.txt", "sources/sommet.fr.txt", "a.c", "lib/x-y_z.py", "é/à.txt"]
)
_REFS = st.lists(
    st.tuples(_FILE, st.one_of(st.just(""), st.integers(0, 99999).map(str))), max_size=8, unique=True
)
_FORMAT_FLAGS = st.sampled_from([[], [], ["c-format"], ["python-format"], ["no-c-format"], ["no-wrap"]])


@st.composite
def _entries(draw: st.DrawFn, obsolete: bool) -> polib.POEntry:
    plural = draw(st.booleans()) and draw(st.booleans())
    entry = polib.POEntry(
        msgid=draw(_TEXT),
        msgctxt=draw(st.one_of(st.none(), _TEXT)),
        tcomment=draw(_COMMENT),
        comment=draw(_COMMENT),
        occurrences=draw(_REFS),
        obsolete=obsolete,
    )
    if plural:
        entry.msgid_plural = draw(_NON_EMPTY)
        count = draw(st.integers(1, 3))
        forms = [draw(_NON_EMPTY if obsolete else _TEXT) for _ in range(count)]
        entry.msgstr_plural = dict(enumerate(forms))
        first = forms[0]
    else:
        entry.msgstr = first = draw(_NON_EMPTY if obsolete else _TEXT)
    fuzzy = bool(first) and draw(st.booleans())
    entry.flags = (["fuzzy"] if fuzzy else []) + draw(_FORMAT_FLAGS)
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
        "Project-Id-Version": draw(_COMMENT_LINE).strip() or "demo",
        "Language": draw(st.sampled_from(["en", "vi", "fr"])),
        "Content-Type": "text/plain; charset=UTF-8",
        "Plural-Forms": "nplurals=2; plural=(n > 1);",
    }
    seen = {(None, "")}
    for obsolete in (False, True):
        for entry in draw(st.lists(_entries(obsolete), max_size=5)):
            if (entry.msgctxt, entry.msgid) not in seen:
                seen.add((entry.msgctxt, entry.msgid))
                po.append(entry)
    return po


_PROPERTY = settings(
    derandomize=True,
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


@_PROPERTY
@given(po=_catalogs())
def test_format_po_is_what_msgcat_writes(tmp_path: Path, po: polib.POFile) -> None:
    for width in (79, 0):
        text = format_po(po, width=width)
        path = tmp_path / f"generated-{width}.po"
        path.write_text(text, encoding="utf-8")
        assert _msgcat(path, width) == text


@_PROPERTY
@given(po=_catalogs())
def test_parse_po_reads_back_what_format_po_writes(po: polib.POFile) -> None:
    back = parse_po(format_po(po))
    assert _catalog_fields(back) == _catalog_fields(po)


# ---------------------------------------------------------------------------------------------
# Reading: what the tools accept, the line numbers


def test_linenum_is_the_msgid_line_and_msgstr_line_the_msgstr_line() -> None:
    text = (
        HEADER
        + '# note\n#. kind: lead\nmsgctxt "c"\nmsgid ""\n"wrapped"\nmsgstr ""\n"texte"\n\nmsgid "a"\nmsgid_plural "b"\nmsgstr[0] "x"\nmsgstr[1] "y"\n'
    )
    first, second = parse_po(text)
    assert (first.linenum, first.msgstr_line) == (7, 9)
    assert (second.linenum, second.msgstr_line) == (12, 14)


def test_entries_are_plain_polib_entries_with_a_msgstr_line() -> None:
    (entry,) = parse_po(HEADER + 'msgid "a"\nmsgstr "b"\n')
    assert type(entry) is polib.POEntry
    assert set(vars(entry)) == set(vars(polib.POEntry())) | {"msgstr_line"}


def test_bom_and_crlf_are_accepted_and_written_back_without_them() -> None:
    text = "\ufeff" + (HEADER + '# note\nmsgid "a"\nmsgstr "b"\n').replace("\n", "\r\n")
    po = parse_po(text)
    assert (po[0].tcomment, po[0].msgstr, po[0].msgstr_line) == ("note", "b", 6)
    assert format_po(po) == HEADER + '# note\nmsgid "a"\nmsgstr "b"\n'


def test_references_with_isolated_file_names_and_escapes() -> None:
    po = parse_po(
        HEADER
        + '#: \u2068my file.txt\u2069:12 plain.c\nmsgid "\\303\\251t\\xc3\\xa9 \\101 \\"q\\" \\\\"\nmsgstr ""\n'
    )
    assert po[0].occurrences == [("my file.txt", "12"), ("plain.c", "")]
    assert po[0].msgid == 'été A "q" \\'


# ---------------------------------------------------------------------------------------------
# Errors: msgfmt rejects these too, and so does parse_po, at the right line


BROKEN = {
    "duplicate msgid": (
        HEADER + 'msgid "a"\nmsgstr "x"\n\nmsgid "a"\nmsgstr "y"\n',
        7,
        "first defined at line 4",
    ),
    "duplicate obsolete msgid": (
        HEADER + 'msgid "a"\nmsgstr "x"\n\n#~ msgid "a"\n#~ msgstr "y"\n',
        7,
        "first defined at line 4",
    ),
    "invalid escape": (HEADER + 'msgid "a"\nmsgstr "un \\q"\n', 5, '"\\q"'),
    "unterminated string": (HEADER + 'msgid "a"\nmsgstr "ouvert\n', 5, "unterminated string"),
    "msgid without msgstr": (HEADER + 'msgid "a"\n\nmsgid "b"\nmsgstr "y"\n', 4, "has no msgstr"),
    "truncated after msgid": (HEADER + 'msgid "a"\nmsgstr "x"\n\n#. kind: lead\nmsgid "b"\n', 8, "truncated"),
    "unknown keyword": (HEADER + 'msgid "a"\nmsgstrr "x"\n', 5, "unknown keyword 'msgstrr'"),
    "plural form out of order": (HEADER + 'msgid "a"\nmsgid_plural "b"\nmsgstr[1] "x"\n', 6, "msgstr[0]"),
    "mixed obsolete and live lines": (HEADER + '#~ msgid "a"\nmsgstr "x"\n', 5, "mixes obsolete"),
    "comment between msgid and msgstr": (
        HEADER + 'msgid "a"\n# note\nmsgstr "x"\n',
        5,
        "comment inside an entry",
    ),
    "previous msgctxt without previous msgid": (
        HEADER + '#| msgctxt "p"\nmsgid "a"\nmsgstr "x"\n',
        4,
        "#| msgctxt without a #| msgid",
    ),
    "line ending in a backslash": (HEADER + '# note \\\nmsgid "a"\nmsgstr "x"\n', 4, "ends with a backslash"),
}


@pytest.mark.parametrize(("text", "line", "says"), BROKEN.values(), ids=BROKEN.keys())
def test_broken_catalog_is_rejected_with_its_line(tmp_path: Path, text: str, line: int, says: str) -> None:
    path = tmp_path / "broken.po"
    path.write_text(text, encoding="utf-8")
    assert _run("msgfmt", "-o", "/dev/null", str(path)).returncode != 0  # the reference agrees
    with pytest.raises(CatalogError) as caught:
        read_po(path, display_path="locale/en/LC_MESSAGES/broken.po")
    error = caught.value
    assert (error.path, error.line) == ("locale/en/LC_MESSAGES/broken.po", line)
    assert says in error.message
    assert str(error).startswith(f"locale/en/LC_MESSAGES/broken.po:{line}: ")
    assert path.read_text(encoding="utf-8") == text  # reading never touches the file


def test_trailing_comments_without_an_entry_are_rejected() -> None:
    with pytest.raises(CatalogError, match="belong to no entry") as caught:
        parse_po(HEADER + 'msgid "a"\nmsgstr "x"\n\n# a note for the next entry\n', path="x.po")
    assert caught.value.line == 7


@pytest.mark.parametrize(("make", "message"), [(None, "no such catalog"), ("dir", "cannot read catalog")])
def test_unreadable_file_is_one_catalog_error(tmp_path: Path, make: str | None, message: str) -> None:
    path = tmp_path / "missing.po"
    if make == "dir":
        path.mkdir()
    with pytest.raises(CatalogError) as caught:
        read_po(path)
    assert message in str(caught.value) and "\n" not in str(caught.value)


def test_non_utf8_file_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.po"
    path.write_bytes((HEADER + 'msgid "a"\nmsgstr "caf\xe9"\n').encode("latin-1"))
    with pytest.raises(CatalogError, match="not UTF-8") as caught:
        read_po(path)
    assert caught.value.line == 5


# ---------------------------------------------------------------------------------------------
# Writing


def test_write_po_writes_once_then_reports_no_change(tmp_path: Path) -> None:
    po = parse_po(HEADER + 'msgid "a"\nmsgstr "b"\n')
    path = tmp_path / "locale" / "en" / "x.po"
    assert write_po(po, path) is True
    before = path.stat().st_mtime_ns
    assert write_po(po, path) is False
    assert path.stat().st_mtime_ns == before
    assert path.read_text(encoding="utf-8") == HEADER + 'msgid "a"\nmsgstr "b"\n'
    assert [p.name for p in path.parent.iterdir()] == ["x.po"]  # no temp file left behind


# ---------------------------------------------------------------------------------------------
# The Unicode tables are libunistring's (the library msgcat links)


def test_line_break_tables_match_the_installed_libunistring() -> None:
    spec = importlib.util.spec_from_file_location("gen_po_tables", ROOT / "tools" / "gen_po_tables.py")
    assert spec is not None and spec.loader is not None
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    try:
        lib = gen.load()
    except OSError as exc:
        pytest.fail(f"libunistring (a dependency of gettext) not found: {exc}")
    from localise.catalogs import _po_tables

    expected = " ".join(f"{start:x}:{value:x}" for start, value in gen.runs(lib))
    assert " ".join(_po_tables.RUNS.split()) == expected
    pairs = "".join(str(v) for v in gen.pair_table(lib))
    assert "".join(_po_tables.PAIRS.split()) == pairs
    assert isinstance(lib, ctypes.CDLL)
