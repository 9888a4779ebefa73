"""Hostile files (issue 22): nothing outside the project is published, no evasion passes the check, no
translator text is dropped, no byte bricks the project, no file name reaches a shell, a PO header or a
CI log as something else.

Each test starts from a copy of the committed project (sources, catalogs, glossary, settings) and
does what an attacker or a tired translator would, through the command line as they would type it.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import polib
import pytest
from click.testing import CliRunner
from committed import copy_committed

from localise.cli import cli
from localise.glossary.terms import load_glossary

ROOT = Path(__file__).resolve().parent.parent
SLUG = "trump-putin-alaska-summit"
SEED = f"sources/{SLUG}.fr.txt"
EN = f"locale/en/LC_MESSAGES/{SLUG}.po"
#: A reviewed English entry of the seed: its French holds "Poutine", its English "Putin".
FRENCH = "Le président Poutine propose que le prochain sommet se tienne à Moscou."
ENGLISH = "President Putin proposed that the next summit be held in Moscow."


@pytest.fixture
def newsroom(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the committed project (sources, catalogs, templates, glossary, settings), as working dir."""
    root = tmp_path / "newsroom"
    copy_committed(root)
    monkeypatch.chdir(root)
    return root


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def _edit(root: Path, change: Callable[[polib.POEntry], None], *, msgid: str = FRENCH) -> None:
    """Change the English entry of ``msgid`` as a PO editor saving with polib would."""
    path = root / EN
    po = polib.pofile(str(path), wrapwidth=0)
    change(next(e for e in po if e.msgid == msgid))
    po.save(str(path))


def _tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".localise" not in p.parts
    }


# 1. A file outside the project is never read --------------------------------------------------------


@pytest.mark.parametrize(
    "link",
    ["sources/p.fr.txt", EN, "locale/trump-putin-alaska-summit.pot", "glossary.csv", "sources"],
    ids=["source", "catalog", "template", "glossary", "sources-folder"],
)
def test_a_project_file_that_links_outside_is_refused(newsroom: Path, tmp_path: Path, link: str) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    secret = outside / "passwd"
    secret.write_text("root:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")
    target = newsroom / link
    if target.is_dir():
        shutil.rmtree(target)
        (outside / "sources").mkdir()
        shutil.copy(ROOT / SEED, outside / "sources" / Path(SEED).name)
        target.symlink_to(outside / "sources")
    else:
        target.unlink(missing_ok=True)
        target.symlink_to(secret)
    before = _tree(newsroom)
    code, out, err = _run("build", "--no-mt", "--lang", "en")
    assert code == 2, out + err
    (line,) = err.strip().splitlines()
    assert (
        line
        == f"Error: {link}: links outside the project (to {target.resolve()}); copy the file into the project instead"
    )
    assert "root:x" not in out + err
    assert _tree(newsroom) == before and not (newsroom / "build").exists()


def test_the_models_dir_setting_may_not_leave_the_project(
    newsroom: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("LOCALISE_MODELS_DIR", raising=False)
    settings = newsroom / "pyproject.toml"
    settings.write_text(
        settings.read_text(encoding="utf-8").replace(
            "[tool.localise]\n", f'[tool.localise]\nmodels-dir = "{tmp_path / "models"}"\n', 1
        ),
        encoding="utf-8",
    )
    code, _, err = _run("models", "list")
    assert code == 2 and err.strip() == (
        f'Error: pyproject.toml: [tool.localise] models-dir "{tmp_path / "models"}" is outside the project; '
        "keep the models in it, or give this machine's folder with --models-dir or LOCALISE_MODELS_DIR"
    )
    # The user's own choice on this machine may point anywhere.
    code, out, _ = _run("models", "list", "--models-dir", str(tmp_path / "models"))
    assert code == 0 and "no models" in out


def test_a_link_inside_the_project_is_read(newsroom: Path) -> None:
    archive = newsroom / "archive"
    archive.mkdir()
    (newsroom / SEED).rename(archive / "seed.fr.txt")
    (newsroom / SEED).symlink_to(archive / "seed.fr.txt")
    code, _out, err = _run("build", "--no-mt", "--lang", "en")
    assert code == 0, err
    assert f"#: {SEED}\n" in (newsroom / EN).read_text(encoding="utf-8")


# 8. File names that would reach a shell, a PO header or a CI log -------------------------------------


@pytest.mark.parametrize(
    "name", ["b\nLanguage: xx.fr.txt", "c\x1b]0;pwned\x07.fr.txt", "d\u202etxt.rf.fr.txt"]
)
def test_a_source_name_with_a_control_character_is_refused(newsroom: Path, name: str) -> None:
    shutil.copy(newsroom / SEED, newsroom / "sources" / name)
    code, _out, err = _run("build", "--no-mt", "--lang", "en")
    assert code == 2
    (line,) = err.strip().splitlines()  # escaped: one line, no raw control character
    assert "the file name holds the control character U+" in line and "rename the file" in line
    assert not any(ch in line for ch in "\x1b\x07\u202e")
    assert "xx" not in (newsroom / EN).read_text(encoding="utf-8")


@pytest.mark.parametrize("fmt", ["text", "github"])
def test_a_catalog_name_with_a_newline_never_prints_a_workflow_command(newsroom: Path, fmt: str) -> None:
    evil = newsroom / "locale" / "en" / "LC_MESSAGES" / "x\n::warning file=a::pwned.po"
    shutil.copy(newsroom / EN, evil)
    code, out, err = _run("check", "--format", fmt)
    assert code == 2
    assert not any(line.startswith("::") for line in (out + err).splitlines())
    assert "the file name holds the control character U+000A" in err


def test_the_build_hint_quotes_file_names_for_the_shell(newsroom: Path) -> None:
    name = "a$(touch PWNED).fr.txt"
    shutil.copy(newsroom / "sources" / "typhon-yagi-nord-vietnam.fr.txt", newsroom / "sources" / name)
    code, out, _ = _run("build", "--no-mt", "--lang", "en")
    assert code == 0
    (hint,) = [line for line in out.splitlines() if "glossary suggest" in line]
    command = hint.split("`")[1]
    assert shlex.split(command)[3:] == [f"sources/{name}", SEED]
    # Pasted into a shell, it runs localise, and nothing else.
    localise = str(Path(sys.executable).with_name("localise"))
    pasted = subprocess.run(
        ["sh", "-c", command.replace("localise", shlex.quote(localise), 1) + " > /dev/null"],
        cwd=newsroom,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        timeout=120,
    )
    assert pasted.returncode == 0, pasted.stderr
    assert not (newsroom / "PWNED").exists()


# 4. One bad byte --------------------------------------------------------------------------------------


@pytest.mark.parametrize(("byte", "code"), [("\x00", "U+0000"), ("\x1b]0;PWNED\x07", "U+001B")])
def test_a_control_character_past_the_first_kilobytes_is_refused_at_its_line(
    newsroom: Path, byte: str, code: str
) -> None:
    path = newsroom / SEED
    lines = path.read_text(encoding="utf-8").split("\n")
    at = next(
        i for i, line in enumerate(lines) if sum(len(x) + 1 for x in lines[:i]) > 9000 and len(line) > 80
    )
    lines[at] = lines[at][:20] + byte + lines[at][20:]
    path.write_text("\n".join(lines), encoding="utf-8")
    before = _tree(newsroom)
    for command in (["build", "--no-mt", "--lang", "en"], ["ingest", SEED]):
        exit_code, out, err = _run(*command)
        assert exit_code == 2
        assert err.strip() == (
            f"Error: {SEED}:{at + 1}: the control character {code} at column 21 is not article text; "
            "delete it (a scraper or copy-paste leftover)"
        )
        assert "\x1b" not in out + err
    assert _tree(newsroom) == before


def test_a_utf16_source_is_named_as_utf16_with_the_command_that_converts_it(newsroom: Path) -> None:
    utf8 = newsroom / "sources" / "typhon-yagi-nord-vietnam.fr.txt"
    utf16 = newsroom / "sources" / "u.fr.txt"
    utf16.write_bytes(utf8.read_text(encoding="utf-8").encode("utf-16"))
    code, _, err = _run("build", "--no-mt", "--lang", "en")
    assert code == 2
    assert "sources/u.fr.txt: source is UTF-16, not UTF-8; convert it:" in err
    command = err.split("`")[1]
    subprocess.run(["sh", "-c", command], cwd=newsroom, check=True)  # the command given works
    assert utf16.read_text(encoding="utf-8") == utf8.read_text(encoding="utf-8")
    assert _run("build", "--no-mt", "--lang", "en")[0] == 0


# 2. Violations that passed the check ---------------------------------------------------------------

EVASIONS = {
    "soft hyphen": "Pou\u00adtine",
    "zero-width space": "Pou\u200btine",
    "word joiner": "Pou\u2060tine",
    "Cyrillic o": "P\u043eutine",
    "capitals": "POUTINE",
    "fullwidth": "\uff30\uff4f\uff55\uff54\uff49\uff4e\uff45",
}


@pytest.mark.parametrize("written", EVASIONS.values(), ids=EVASIONS.keys())
def test_a_french_name_left_in_however_written_fails_the_check(newsroom: Path, written: str) -> None:
    """Beside the right name (so term-missing is satisfied), the French form is a leftover."""
    _edit(newsroom, lambda e: setattr(e, "msgstr", f"{ENGLISH} {written} said so."))
    code, out, _ = _run("check", "--format", "json")
    assert code == 1
    (found,) = [f for f in json.loads(out)["findings"] if f["kind"] == "source-form-left"]
    assert (found["expected"], found["state"]) == ("Putin", "reviewed")
    assert found["found"].replace("\u00ad", "").replace("\u200b", "").replace("\u2060", "") in (
        written.replace("\u00ad", "").replace("\u200b", "").replace("\u2060", ""),
    )


@pytest.mark.parametrize("written", EVASIONS.values(), ids=EVASIONS.keys())
def test_a_french_name_in_place_of_the_target_fails_the_check(newsroom: Path, written: str) -> None:
    _edit(newsroom, lambda e: setattr(e, "msgstr", ENGLISH.replace("Putin", written)))
    code, out, _ = _run("check")
    assert code == 1
    assert 'term-missing: missing "Putin" for "Poutine"' in out


def test_invisible_characters_are_a_finding_of_their_own(newsroom: Path) -> None:
    _edit(
        newsroom,
        lambda e: setattr(e, "msgstr", ENGLISH.replace("Putin", "Pu\u00adtin").replace("next", "ne\u200bxt")),
    )
    code, out, _ = _run("check")
    assert code == 1
    lines = out.splitlines()
    assert [line.split(": ", 2)[1:] for line in lines] == [
        ["invisible-character", "invisible U+00AD SOFT HYPHEN in the translation; delete it"],
        ["invisible-character", "invisible U+200B ZERO WIDTH SPACE in the translation; delete it"],
    ]  # "Pu\u00adtin" is Putin to the glossary rules: no term-missing beside it
    where = lines[0].split(":")
    text = (newsroom / EN).read_text(encoding="utf-8").splitlines()
    assert text[int(where[1]) - 1][int(where[2]) - 1] == "\u00ad"


def test_an_all_caps_french_headline_holds_its_terms(newsroom: Path) -> None:
    glossary = load_glossary(newsroom / "glossary.csv")
    headline = "POUTINE ET TRUMP À ANCHORAGE"
    assert [(m.text, m.term.sources[0]) for m in glossary.find(headline)] == [
        ("POUTINE", "Vladimir Poutine"),
        ("TRUMP", "Donald Trump"),
        ("ANCHORAGE", "Anchorage"),
    ]
    # Names are written with capitals: a lower-case "poutine" is the dish, "kremlin" a fortress.
    assert glossary.find("une poutine au kremlin") == []


def test_a_machine_draft_of_an_all_caps_headline_keeps_its_glossary_terms() -> None:
    from localise.mt.protect import mask, unmask

    glossary = load_glossary(ROOT / "glossary.csv")
    masked = mask(glossary, "POUTINE ET TRUMP À ANCHORAGE", "en")
    assert "POUTINE" not in masked.text and "TRUMP" not in masked.text
    restored, problems = unmask(masked.text.replace("ET", "AND").replace("À", "IN"), masked)
    assert problems == [] and "Putin" in restored and "Trump" in restored


def test_a_person_and_a_common_noun_may_share_a_word(tmp_path: Path) -> None:
    """ "Marine" (a first name) and "marine" (the navy) are two rows; a real conflict names each
    variant's own target."""
    base = (ROOT / "glossary.csv").read_text(encoding="utf-8")
    both = tmp_path / "both.csv"
    both.write_text(base + "Marine,Marine,Marine,person,\nmarine,navy,hải quân,other,\n", encoding="utf-8")
    glossary = load_glossary(both)
    found = glossary.find("Marine a visité la marine russe. MARINE")
    assert [(m.text, m.term.kind) for m in found] == [
        ("Marine", "person"),
        ("marine", "other"),
        ("MARINE", "person"),
    ]
    clash = tmp_path / "clash.csv"
    clash.write_text(
        base + "Marine Le Pen|Marine,Marine Le Pen|Marine,,person,\nMarine,Navy,,other,\n", encoding="utf-8"
    )
    with pytest.raises(Exception) as info:
        load_glossary(clash)
    assert '"Marine" has conflicting en targets "Marine" (line 61) and "Navy" (line 62)' in str(info.value)


# 3. Translator text that check skipped and the build published or dropped ----------------------------


def _set_policy(root: Path, policy: str) -> None:
    settings = root / "pyproject.toml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(text.replace('publish = "reviewed"', f'publish = "{policy}"'), encoding="utf-8")


def _fuzzy_edited_draft(entry: polib.POEntry) -> None:
    """A machine draft a translator edited in Poedit without clearing fuzzy."""
    entry.flags = ["fuzzy"]
    entry.tcomment = "mt: apertium 3.8.3 fr-es + spa-eng"
    entry.msgstr = ENGLISH.replace("Putin", "Poutine")


def test_an_edited_machine_draft_is_checked_where_drafts_are_published(newsroom: Path) -> None:
    _edit(newsroom, _fuzzy_edited_draft)
    assert _run("check")[0] == 0  # "reviewed" policy: drafts never go out
    assert _run("check", "--include-fuzzy")[0] == 1
    _set_policy(newsroom, "draft")
    code, out, _ = _run("check")
    assert code == 1 and out.rstrip().endswith('(found "Poutine") [machine draft]')
    assert json.loads(_run("check", "--format", "json")[1])["findings"][0]["state"] == "machine draft"
    sarif = json.loads(_run("check", "--format", "sarif")[1])
    assert sarif["runs"][0]["results"][0]["properties"]["state"] == "machine draft"
    assert _run("check", "--format", "github")[1].rstrip().endswith("[machine draft]")
    (quality,) = json.loads(_run("check", "--format", "codequality")[1])
    assert quality["description"].endswith("[machine draft]")


def test_an_obsolete_entry_is_checked_before_a_build_revives_it(newsroom: Path) -> None:
    def obsolete(entry: polib.POEntry) -> None:
        entry.msgstr = ENGLISH.replace("Putin", "Poutine")
        entry.obsolete = True

    _edit(newsroom, obsolete)
    code, out, _ = _run("check")
    assert code == 1 and out.rstrip().endswith('(found "Poutine") [obsolete]')
    # The sentence is still in the article: the build revives the entry with its text, and the
    # check the translator's CI runs says so before and after.
    assert _run("build", "--no-mt", "--lang", "en")[0] == 0
    code, out, _ = _run("check")
    assert code == 1 and out.rstrip().endswith('(found "Poutine")')


def test_a_plural_entry_is_kept_checked_and_never_drafted_over(newsroom: Path) -> None:
    def plural(entry: polib.POEntry) -> None:
        entry.msgid_plural = entry.msgid
        entry.msgstr_plural = {0: ENGLISH.replace("Putin", "Poutine"), 1: ENGLISH}
        entry.msgstr = ""

    _edit(newsroom, plural)
    code, out, _ = _run("check")
    assert code == 1
    (line,) = out.splitlines()
    (finding,) = json.loads(_run("check", "--format", "json")[1])["findings"]
    assert finding["msgstr"] == ENGLISH.replace("Putin", "Poutine")  # the plural form that holds it
    number, column = map(int, line.split(":")[1:3])
    written = (newsroom / EN).read_text(encoding="utf-8").splitlines()[number - 1]
    assert written.startswith("msgstr[0] ") and written[column - 1 :].startswith("Poutine")
    code, out, _ = _run("build", "--no-mt", "--lang", "en")
    assert code == 0 and "0 untranslated" in out.splitlines()[0]
    kept = next(e for e in polib.pofile(str(newsroom / EN)) if e.msgid == FRENCH)
    assert kept.msgstr_plural == {0: ENGLISH.replace("Putin", "Poutine"), 1: ENGLISH}
    assert _run("check")[0] == 1


def test_more_plural_forms_than_the_header_allows_is_refused_at_its_line(newsroom: Path) -> None:
    def three(entry: polib.POEntry) -> None:
        entry.msgid_plural = entry.msgid
        entry.msgstr_plural = {0: ENGLISH, 1: ENGLISH, 2: ENGLISH}
        entry.msgstr = ""

    _edit(newsroom, three)
    before = _tree(newsroom)
    for command in (["check"], ["build", "--no-mt", "--lang", "en"]):
        code, _, err = _run(*command)
        (line,) = err.strip().splitlines()
        number = int(line.removeprefix(f"Error: {EN}:").split(":")[0])
        assert code == 2 and line.endswith(
            "msgstr[2], but the header's Plural-Forms says nplurals=2; remove the extra form or fix Plural-Forms"
        )
        assert (newsroom / EN).read_text(encoding="utf-8").splitlines()[number - 1].startswith("msgstr[2] ")
    assert _tree(newsroom) == before


# 7 and 9. Settings, a full disk, leftovers of a kill -------------------------------------------------


def test_a_bad_time_zone_stops_the_build_before_anything_is_written(newsroom: Path) -> None:
    settings = newsroom / "pyproject.toml"
    settings.write_text(
        settings.read_text(encoding="utf-8").replace('"Asia/Ho_Chi_Minh"', '"Asia/Nowhere"'), encoding="utf-8"
    )
    (newsroom / "locale" / "vi" / "LC_MESSAGES" / "typhon-yagi-nord-vietnam.po").unlink()
    before = _tree(newsroom)
    code, _, err = _run("build", "--no-mt")
    assert code == 2
    assert err.strip() == (
        f'Error: {newsroom / "pyproject.toml"}: [tool.localise.timezones] vi = "Asia/Nowhere" is not a time '
        'zone; use an IANA name such as "Asia/Ho_Chi_Minh" or "UTC"'
    )
    assert _tree(newsroom) == before


def test_temporary_files_a_killed_build_left_are_removed(newsroom: Path) -> None:
    (newsroom / "build" / "site" / "en").mkdir(parents=True)
    (newsroom / "build" / "preview" / "en").mkdir(parents=True)
    left = [
        newsroom / "locale" / "en" / "LC_MESSAGES" / f".{SLUG}.po.k3j_x9a2.tmp",
        newsroom / "locale" / f".{SLUG}.pot.0a1b2c3d.tmp",
        newsroom / "build" / "site" / "en" / f".{SLUG}.html.zz99yy88.tmp",
        newsroom / "build" / "preview" / "en" / f".{SLUG}.html.zz99yy77.tmp",
        newsroom / "build" / "site" / ".index.html.abcdefgh.tmp",
    ]
    for path in left:
        path.write_text("half a file", encoding="utf-8")
    mine = newsroom / "locale" / ".notes.tmp"  # not the shape of localise's temporary files
    mine.write_text("keep", encoding="utf-8")
    assert _run("build", "--no-mt", "--lang", "en")[0] == 0
    assert not any(path.exists() for path in left) and mine.exists()


FULL_DISK = """
import resource, signal, sys
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # the kernel refuses the write, as on a full disk
resource.setrlimit(resource.RLIMIT_FSIZE, ({limit}, {limit}))
sys.argv = ["localise", *sys.argv[1:]]
from localise.cli import main
main()
"""


def test_a_full_disk_is_one_line_and_leaves_the_old_files(newsroom: Path) -> None:
    """The translation memory cannot grow: one line naming it, exit 2, no file the project had touched.
    The build streams article by article, so an article that needed no draft may have its edition
    written whole before the failing one; the article whose drafts could not be kept writes nothing."""
    import sqlite3

    memory = newsroom / ".localise" / "memory.sqlite"
    memory.parent.mkdir()
    with sqlite3.connect(memory) as db:  # a memory already as big as the disk lets it be
        db.execute("CREATE TABLE padding (x)")
        db.executemany("INSERT INTO padding VALUES (?)", [("x" * 1000,)] * 600)
    db.close()
    (newsroom / "locale" / "en" / "LC_MESSAGES" / "typhon-yagi-nord-vietnam.po").unlink()
    before = _tree(newsroom)
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            FULL_DISK.format(limit=memory.stat().st_size),
            "build",
            "--lang",
            "en",
            "--engine",
            "apertium",
        ],
        cwd=newsroom,
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    if "apertium" in done.stderr and "not installed" in done.stderr:
        pytest.skip("Apertium is not installed here")
    assert done.returncode == 2, done.stderr
    (line,) = done.stderr.strip().splitlines()
    assert line.startswith("Error: .localise/memory.sqlite: cannot ") and "--no-memory" in line
    after = _tree(newsroom)
    assert {name: after.get(name) for name in before} == before
    assert all(name.startswith("build/site/") for name in set(after) - set(before)), sorted(after)
    assert not any("typhon-yagi" in name for name in set(after) - set(before))


# The pages: a hostile file name never runs as script ------------------------------------------------


@pytest.mark.browser
def test_a_file_name_made_of_markup_stays_text_in_the_browser(newsroom: Path, chromium) -> None:
    name = "x\"><img src=y onerror=document.title='PWNED'>.fr.txt"
    shutil.copy(newsroom / "sources" / "typhon-yagi-nord-vietnam.fr.txt", newsroom / "sources" / name)
    assert _run("build", "--no-mt", "--lang", "en")[0] == 0
    build = newsroom / "build"
    pages = (build / "preview" / "index.html", *build.glob("*/en/x*.html"))
    assert len(pages) == 2, pages
    for page in pages:
        dom = chromium(page)
        assert "PWNED" not in dom.split("<title>")[1].split("</title>")[0]
        assert "onerror=document" not in dom.replace("&quot;", '"').split("<body")[0]
