"""Quality checks on catalogs: the glossary rule CI enforces, reported compiler-style.

Public: Finding, CheckReport, check_catalog(path, glossary, ...), check_paths(project, paths, ...),
resolve_catalogs(paths), check_numbers(msgid, msgstr, lang).

A reviewed entry whose msgid holds a glossary term must use the target form, and
must not keep a French form that differs from it ("Poutine" in English); a number
written the French way ("150 000", "75 %") must be written the target way ("150,000", "75%").
Machine drafts (fuzzy) are checked only with ``include_fuzzy``: they are not
published as reviewed text and their problems are already flagged in the entry.
"""

from __future__ import annotations

import glob
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from .article import EntryState
from .catalog import state_of
from .errors import CatalogError
from .glossary import Glossary
from .po import base_language, read_po
from .project import Project
from .text import squash_spaces

__all__ = ["CheckReport", "Finding", "check_catalog", "check_numbers", "check_paths", "resolve_catalogs"]


@dataclass(frozen=True)
class Finding:
    """One violation at ``path:line`` (the line of the entry's msgstr)."""

    path: str
    line: int
    check: str
    message: str
    msgid: str
    found: str
    expected: str
    state: str = EntryState.REVIEWED.value  # the entry's state: only --include-fuzzy reports others

    def __str__(self) -> str:
        where = "" if self.state == EntryState.REVIEWED.value else f" [{self.state}]"
        return f"{self.path}:{self.line}: {self.message}{where}"

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


@dataclass(frozen=True)
class CheckReport:
    """Every finding of one check run, and which catalogs were checked."""

    catalogs: tuple[str, ...]
    findings: tuple[Finding, ...]


def resolve_catalogs(paths: Sequence[str | Path]) -> list[Path]:
    """PO files named by ``paths``: files, folders (every ``*.po`` below them) and quoted globs.

    A path that holds no catalog is an error, never an empty (passing) check.
    """
    found: dict[Path, None] = {}
    for raw in paths:
        text = str(raw)
        if glob.has_magic(text):
            matches = [Path(m) for m in sorted(glob.glob(text, recursive=True))]
            files = [m for m in matches if m.is_file() and m.suffix == ".po"]
            files += [f for m in matches if m.is_dir() for f in sorted(m.rglob("*.po"))]
        elif Path(text).is_dir():
            files = sorted(Path(text).rglob("*.po"))
        elif Path(text).is_file():
            files = [Path(text)]
        else:
            raise CatalogError("no such file or folder; give PO files, folders or globs of them", path=text)
        if not files:
            raise CatalogError("holds no PO catalog (*.po); give the folder or files to check", path=text)
        found.update(dict.fromkeys(f.resolve() for f in files))
    return list(found)


def check_paths(
    project: Project, paths: Sequence[str | Path] = (), *, include_fuzzy: bool = False
) -> CheckReport:
    """Check the catalogs named by ``paths`` (default: every catalog of the project) against its glossary."""
    glossary = project.load_glossary(required=True)
    if paths:
        files = resolve_catalogs(paths)
    else:
        files = project.catalogs()
        if not files:
            raise CatalogError(
                "no catalogs under locale/; run `localise build` first",
                path=project.display(project.locale_dir),
            )
    findings = [
        f
        for file in files
        for f in check_catalog(
            file, glossary, include_fuzzy=include_fuzzy, display_path=project.display(file)
        )
    ]
    return CheckReport(tuple(project.display(f) for f in files), tuple(findings))


def check_catalog(
    path: str | Path,
    glossary: Glossary,
    *,
    lang: str | None = None,
    include_fuzzy: bool = False,
    display_path: str | None = None,
) -> list[Finding]:
    """Glossary findings for one PO file; ``lang`` defaults to the header's Language."""
    shown = display_path or str(path)
    po = read_po(path, display_path=shown)
    language = base_language(lang or po.metadata.get("Language") or Path(path).parent.parent.name)
    findings: list[Finding] = []
    for entry in po:
        state = state_of(entry)
        if not entry.msgid or state in (EntryState.OBSOLETE, EntryState.UNTRANSLATED):
            continue
        if state is not EntryState.REVIEWED and not include_fuzzy:
            continue
        line = entry.msgstr_line  # the line a translator edits (po_syntax records it)
        for found, expected in check_numbers(entry.msgid, entry.msgstr, language):
            findings.append(
                Finding(
                    path=shown,
                    line=line,
                    check="numbers",
                    message=f'numbers: "{found}" → expected "{expected}"',
                    msgid=entry.msgid,
                    found=found,
                    expected=expected,
                    state=state.value,
                )
            )
        for violation in glossary.check_pair(entry.msgid, entry.msgstr, language):
            findings.append(
                Finding(
                    path=shown,
                    line=line,
                    check="glossary",
                    message=violation.message,
                    msgid=entry.msgid,
                    found=violation.found,
                    expected=violation.expected,
                    state=state.value,
                )
            )
    return findings


def check_numbers(msgid: str, msgstr: str, lang: str) -> list[tuple[str, str]]:
    """(found in the source, expected in the translation) for each number written the French way.

    Grouped thousands ("150 000"), decimal commas ("3,5") and percentages ("75 %") must
    appear in the target locale's form ("150,000", "75%"). Clock times and plain integers
    are left to the translator: "11 h" may fairly become "11 a.m." or "11:00".
    """
    from .numbers import number_spans

    problems = []
    for start, end, expected in number_spans(msgid, lang, clocks=False):
        if squash_spaces(expected) not in squash_spaces(msgstr):
            problems.append((msgid[start:end], expected))
    return problems
