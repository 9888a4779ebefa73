"""Translate Toolkit's pofilter on the catalogs, with the tests that fit translations of French news.

Usage: python tools/pofilter_qa.py [--show-command] [CATALOG_OR_FOLDER ...]
(default: every catalog under locale/). Prints one line per finding, ``path:line: test: message``,
and exits 1 when there is any (2 when pofilter is missing or fails). ``make qa`` runs it.

pofilter judges every source as English, and pofilter has no option to say the source is French.
The tests below misfire on French typography and on headline style whatever the translation
(every one fired on the committed catalogs, 84 English and 94 Vietnamese entries, none a real
problem), so they are excluded; the others run as pofilter has them. ``--language`` is not
passed: Translate Toolkit's Vietnamese rules expect guillemets and a space before ":", which
Vietnamese news does not use, and read French elisions (l', d') as quotes (116 entries flagged,
22 more, all false). Machine drafts (fuzzy) are left out: QA is for reviewed translations.

The house style of the catalog's language (``style/<lang>.toml``, ``[pofilter]``) adds its own
options: ``exclude`` (more tests to leave out) and ``translated-acronyms`` (French acronyms the
style writes translated, "PDG" -> "CEO", given to pofilter as ``--musttranslatefile``: its
``acronyms`` test accepts them, its ``musttranslatewords`` test reports one left in French).
pofilter's ``numbers`` test counts digits, so it fails on correct house style ("14 h 30" ->
"2:30 p.m.", "2 heures" -> "two hours"); a ``numbers`` finding stands only where localise's own
number rule, which knows the house style, finds the number missing or changed too.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the localise of this checkout, for the house style and the number rule

from localise.catalogs.pofile import base_language  # noqa: E402
from localise.errors import LocaliseError  # noqa: E402
from localise.mt.style import HouseStyle, project_style  # noqa: E402
from localise.project import Project, find_project  # noqa: E402
from localise.qa.number_check import check_numbers  # noqa: E402

#: Each excluded test and why it cannot work on French sources.
EXCLUDED = {
    "doublequoting": "counts « » and “ ” separately: every French quote differs from an English or Vietnamese one",
    "singlequoting": "French elisions (l', d'«historique») count as single quotes",
    "startpunc": "« with its space against “: every quotation that opens an entry",
    "startcaps": "the space inside « hides the capital that follows it",
    "endpunc": "French headlines end with a period, English and Vietnamese ones do not; “…” puts the period inside",
    "puncspacing": "« x », against “x,” and 75 % against 75% differ in the spaces around punctuation",
    "sentencecount": '"M." and "U.S." read as sentence ends; translators may split or join sentences',
    "simplecaps": "English title case and U.S., Vietnamese capitals on titles (Tổng thống) change the capital count",
    "untranslated": "an empty entry is work not done, not a translation error: `localise stats` counts them "
    "and `build --require-translated` fails on them",
}
OPTIONS = ("--nofuzzy", *(f"--excludefilter={test}" for test in EXCLUDED))


class ToolError(Exception):
    """pofilter is missing or failed: exit 2."""


def pofilter_command() -> list[str]:
    """The pofilter executable beside this Python (a venv's bin), else the one on PATH."""
    here = Path(sys.executable).parent / "pofilter"
    found = str(here) if here.exists() else shutil.which("pofilter")
    if found is None:
        raise ToolError("pofilter not found; install Translate Toolkit: pip install -e '.[test]'")
    return [found, "--progress=none", "--errorlevel=message", *OPTIONS]


def catalogs(paths: list[str]) -> list[Path]:
    chosen = [Path(p) for p in paths] or [ROOT / "locale"]
    found: list[Path] = []
    for path in chosen:
        found.extend(sorted(path.rglob("*.po")) if path.is_dir() else [path])
    return found


def house_style(catalog: Path, lang: str) -> HouseStyle:
    """The style of ``lang`` in the project holding ``catalog`` (else this repository's)."""
    try:
        project = find_project(catalog.parent)
    except LocaliseError:  # a catalog outside any project
        project = Project.at(ROOT)
    if not project.style_path(lang).is_file():  # a project without a style for it: this repository's
        project = Project.at(ROOT)
    return project_style(project, lang)


def style_options(style: HouseStyle, tmp: Path) -> list[str]:
    """pofilter options from the house style: more exclusions, the acronyms it writes translated."""
    options = [f"--excludefilter={test}" for test in style.pofilter.get("exclude", ())]
    acronyms = style.pofilter.get("translated-acronyms", ())
    if acronyms:
        words = tmp / "translated-acronyms.txt"
        # As written for the "acronyms" test, lower case for "musttranslatewords" (which lowers the text).
        words.write_text("".join(f"{w}\n{w.lower()}\n" for w in acronyms), encoding="utf-8")
        options.append(f"--musttranslatefile={words}")
    return options


def findings(catalog: Path) -> list[str]:
    """``path:line: test: message`` for every entry pofilter flags in ``catalog``."""
    source = polib.pofile(str(catalog))
    lang = base_language(source.metadata.get("Language") or catalog.parent.parent.name)
    style = house_style(catalog, lang)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "flagged.po"
        run = subprocess.run(
            [*pofilter_command(), *style_options(style, Path(tmp)), str(catalog), str(out)],
            capture_output=True,
            text=True,
            check=False,
        )
        if run.returncode != 0:
            raise ToolError(f"{catalog}: pofilter failed: {run.stderr.strip()}")
        if not out.exists():  # pofilter writes nothing when nothing is flagged
            return []
        flagged = polib.pofile(str(out))
    original = {(e.msgctxt, e.msgid): e.linenum for e in source}
    try:
        shown = catalog.resolve().relative_to(Path.cwd()).as_posix()
    except ValueError:
        shown = str(catalog)
    lines = []
    for entry in flagged:
        line = original.get((entry.msgctxt, entry.msgid), 0)
        for note in entry.tcomment.splitlines():
            if note.startswith("(pofilter) "):
                test, _, message = note.removeprefix("(pofilter) ").partition(": ")
                if test == "numbers" and not check_numbers(entry.msgid, entry.msgstr, lang):
                    continue  # the house style writes the number its way; localise's number rule agrees
                lines.append(f"{shown}:{line}: {test}: {message} ({entry.msgstr[:60]!r})")
    return lines


def main(argv: list[str]) -> int:
    if "--show-command" in argv:
        print("pofilter", *OPTIONS, "INPUT", "OUTPUT")
        return 0
    files = catalogs(argv)
    try:
        reported = [line for catalog in files for line in findings(catalog)]
    except ToolError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for line in reported:
        print(line)
    print(f"pofilter: {len(reported)} finding(s) in {len(files)} catalog(s)", file=sys.stderr)
    return 1 if reported else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
