"""`localise check`: the glossary and number rules CI enforces, as findings with kinds and places.

Public: Finding, CheckReport, RULES, check_catalog(path, glossary, ...), check_paths(project, paths, ...),
resolve_catalogs(paths), suppressions(entry).

Every reviewed entry is checked (machine drafts and suggestions too with ``include_fuzzy``):
``Glossary.check_pair`` for the terms (``term-missing``, ``source-form-left``) and
``numbers.check_numbers`` for numbers, percentages and clock times (``number-mismatch``,
``number-format``). A translator comment ``# localise: allow <term>`` on an entry silences the
findings for that term (or number) on that entry only, the way ``# noqa`` does in a linter;
one that silences nothing is itself a finding (``unused-suppression``). Each finding says what
the msgstr holds instead, at the file line and column where it is written.
"""

from __future__ import annotations

import glob
import os
import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import polib

from localise.catalogs.merge import state_of
from localise.catalogs.pofile import base_language, read_catalog
from localise.errors import CatalogError, LocaliseError
from localise.glossary.terms import Glossary, Term
from localise.model import EntryState
from localise.numbers import check_numbers, squash
from localise.project import Project
from localise.text import fold

__all__ = [
    "RULES",
    "CheckReport",
    "Finding",
    "check_catalog",
    "check_paths",
    "resolve_catalogs",
    "suppressions",
]

#: Every kind of finding, with what it means (the rule descriptions of the SARIF output).
RULES: dict[str, str] = {
    "term-missing": "A glossary term of the French is not in the translation in its target form "
    "(case and diacritics kept; only a capital at the start of a sentence is forgiven).",
    "source-form-left": "A French glossary form that differs from its target form was left in the translation.",
    "number-mismatch": "A number, percentage or clock time of the French is missing or changed in the translation.",
    "number-format": 'A number of the French is written in another locale\'s format ("150 000" in English).',
    "unused-suppression": 'A "# localise: allow <term>" comment that suppresses no finding on its entry.',
}

_ALLOW = re.compile(r"^localise: allow (\S(?:.*\S)?)\s*$")


@dataclass(frozen=True)
class Finding:
    """One problem at ``path:line:column`` (where ``found`` is written in the msgstr, else its start).

    ``term`` is the French form (or number) of the msgid the finding is about, ``expected`` what the
    translation should hold, ``found`` what it holds instead ("" for nothing like it).
    """

    kind: str
    term: str
    expected: str
    found: str
    msgid: str
    msgstr: str
    path: str
    line: int
    column: int
    message: str
    state: str = EntryState.REVIEWED.value  # the entry's state: only --include-fuzzy reports others
    suppressed: bool = False  # silenced by a "# localise: allow" comment; shown with --show-suppressed

    def __str__(self) -> str:
        marks = "" if self.state == EntryState.REVIEWED.value else f" [{self.state}]"
        marks += " [suppressed]" if self.suppressed else ""
        return f"{self.path}:{self.line}:{self.column}: {self.kind}: {self.message}{marks}"

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


@dataclass(frozen=True)
class CheckReport:
    """One check run: the catalogs checked, the findings that fail it and those suppressed."""

    catalogs: tuple[str, ...]
    findings: tuple[Finding, ...]
    suppressed: tuple[Finding, ...] = ()


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
    project: Project,
    paths: Sequence[str | Path] = (),
    *,
    include_fuzzy: bool = False,
    jobs: int | None = None,
) -> CheckReport:
    """Check the catalogs named by ``paths`` (default: every catalog of the project) against its glossary.

    ``jobs`` processes check catalogs side by side (default: one per CPU; 1 checks them here, in
    order); the report is the same either way, findings in catalog order.
    """
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
    work = [(file, project.display(file)) for file in files]
    findings = [f for found in _check_all(work, glossary, include_fuzzy, jobs) for f in found]
    return CheckReport(
        tuple(shown for _, shown in work),
        tuple(f for f in findings if not f.suppressed),
        tuple(f for f in findings if f.suppressed),
    )


#: Below this many catalogs per process, starting processes costs more than it saves.
_CATALOGS_PER_JOB = 16


def _check_all(
    work: list[tuple[Path, str]], glossary: Glossary, include_fuzzy: bool, jobs: int | None
) -> list[list[Finding]]:
    """``check_catalog`` of each (path, shown) in order, in ``jobs`` forked processes when it pays."""
    workers = min(jobs or os.cpu_count() or 1, len(work) // _CATALOGS_PER_JOB)
    if workers < 2:
        return [_check_one(path, shown, glossary, include_fuzzy) for path, shown in work]
    import multiprocessing  # only here: with concurrent.futures it costs a tenth of a small check
    from concurrent.futures import ProcessPoolExecutor

    if "fork" not in multiprocessing.get_all_start_methods():
        return [_check_one(path, shown, glossary, include_fuzzy) for path, shown in work]
    glossary.prepare(sorted({path.parent.parent.name for path, _ in work}))  # compile once, before the fork
    chunks = [work[i :: workers * 4] for i in range(workers * 4)]  # interleaved: big and small catalogs mix
    with ProcessPoolExecutor(
        workers,
        mp_context=multiprocessing.get_context("fork"),
        initializer=_set_worker,
        initargs=(glossary, include_fuzzy),
    ) as pool:
        done = list(pool.map(_check_chunk, chunks))
    by_path = {shown: found for chunk in done for shown, found in chunk}
    results = []
    for _, shown in work:  # the first broken catalog in order is the one reported, as without workers
        found = by_path[shown]
        if isinstance(found, LocaliseError):
            raise found
        results.append(found)
    return results


def _check_one(path: Path, shown: str, glossary: Glossary, include_fuzzy: bool) -> list[Finding]:
    return check_catalog(path, glossary, include_fuzzy=include_fuzzy, display_path=shown, suppressed=True)


_WORKER: tuple[Glossary, bool] | None = None


def _set_worker(glossary: Glossary, include_fuzzy: bool) -> None:
    global _WORKER
    _WORKER = (glossary, include_fuzzy)


def _check_chunk(chunk: list[tuple[Path, str]]) -> list[tuple[str, list[Finding] | LocaliseError]]:
    assert _WORKER is not None
    glossary, include_fuzzy = _WORKER
    done: list[tuple[str, list[Finding] | LocaliseError]] = []
    for path, shown in chunk:
        try:
            done.append((shown, _check_one(path, shown, glossary, include_fuzzy)))
        except LocaliseError as exc:
            done.append((shown, exc))
    return done


def suppressions(entry: polib.POEntry) -> list[str]:
    """The terms of the entry's ``# localise: allow <term>`` translator comments, in order."""
    if "localise:" not in entry.tcomment:
        return []
    return [m.group(1) for line in entry.tcomment.splitlines() if (m := _ALLOW.match(line.strip()))]


def check_catalog(
    path: str | Path,
    glossary: Glossary,
    *,
    lang: str | None = None,
    include_fuzzy: bool = False,
    display_path: str | None = None,
    suppressed: bool = False,
) -> list[Finding]:
    """The findings of one PO file; ``lang`` defaults to the header's Language.

    With ``suppressed``, the findings a ``# localise: allow`` comment silences come too, flagged.
    """
    shown = display_path or str(path)
    catalog = read_catalog(path, display_path=shown)
    po = catalog.po
    language = base_language(lang or po.metadata.get("Language") or Path(path).parent.parent.name)
    places = _Places(Path(path))
    findings: list[Finding] = []
    for entry in po:
        state = state_of(entry)
        if not entry.msgid or state in (EntryState.OBSOLETE, EntryState.UNTRANSLATED):
            continue
        if state is not EntryState.REVIEWED and not include_fuzzy:
            continue
        raw = _entry_findings(entry, glossary, language)
        allowed = suppressions(entry)
        if not raw and not allowed:
            continue
        used: set[str] = set()
        for kind, term, expected, found, start, message, glossary_term in raw:
            line, column = places.of_msgstr(catalog.msgstr_line(entry), max(start, 0))
            matching = [a for a in allowed if _allows(a, term, found, glossary_term)] if allowed else allowed
            used.update(matching)
            findings.append(
                Finding(
                    kind,
                    term,
                    expected,
                    found,
                    entry.msgid,
                    entry.msgstr,
                    shown,
                    line,
                    column,
                    message,
                    state.value,
                    suppressed=bool(matching),
                )
            )
        for allow in allowed:
            if allow not in used:
                comment = f"# localise: allow {allow}"
                findings.append(
                    Finding(
                        "unused-suppression",
                        allow,
                        "",
                        comment,
                        entry.msgid,
                        entry.msgstr,
                        shown,
                        places.of_comment(catalog.msgid_line(entry), comment),
                        1,
                        f'"{comment}" suppresses nothing on this entry; remove it',
                        state.value,
                    )
                )
    return findings if suppressed else [f for f in findings if not f.suppressed]


_Raw = tuple[str, str, str, str, int, str, Term | None]  # kind, term, expected, found, start, message, term


def _entry_findings(entry: polib.POEntry, glossary: Glossary, lang: str) -> list[_Raw]:
    raw: list[_Raw] = []
    for problem in check_numbers(entry.msgid, entry.msgstr, lang):
        if problem.kind == "number-format":
            message = f'"{problem.found}" is written in another locale\'s format; write "{problem.expected}"'
        else:
            found = f' (found "{problem.found}")' if problem.found else ""
            what = f'"{problem.expected}"' + (
                f' for "{problem.source}"' if problem.expected != problem.source else ""
            )
            message = f"missing {what}{found}"
        raw.append(
            (problem.kind, problem.source, problem.expected, problem.found, problem.start, message, None)
        )
    for v in glossary.check_pair(entry.msgid, entry.msgstr, lang):
        raw.append((v.kind, v.source, v.expected, v.found, v.start, v.message, v.term))
    return sorted(raw, key=lambda r: r[4])


def _allows(allow: str, term: str, found: str, glossary_term: Term | None) -> bool:
    """Whether ``# localise: allow <allow>`` names this finding's term (any of its forms) or number."""
    if glossary_term is None:
        return squash(allow) in (squash(term), squash(found))
    key = fold(allow)
    forms = [*glossary_term.sources, *(f for fs in glossary_term.targets.values() for f in fs), term, found]
    return any(fold(form) == key for form in forms if form)


class _Places:
    """Line and column of a msgstr offset or a comment in the PO file, read only when a finding needs one."""

    def __init__(self, path: Path) -> None:
        self._path = path
        self._lines: list[str] | None = None

    @property
    def lines(self) -> list[str]:
        if self._lines is None:
            self._lines = self._path.read_text(encoding="utf-8").splitlines()
        return self._lines

    def of_msgstr(self, msgstr_line: int, offset: int) -> tuple[int, int]:
        """(line, column), both 1-based, of the character at ``offset`` of the msgstr starting at ``msgstr_line``.

        The msgstr may be wrapped over several quoted lines and holds escapes (``\\"``, ``\\n``):
        the column is that of the character as written in the file.
        """
        lines = self.lines
        index = msgstr_line - 1
        remaining = offset
        last = (msgstr_line, 1)
        while 0 <= index < len(lines):
            line = lines[index]
            stripped = line.lstrip()
            if index != msgstr_line - 1 and not stripped.startswith('"'):
                break
            begin = line.find('"')
            end = line.rfind('"')
            if begin == -1 or end <= begin:
                break
            raw = begin + 1
            if "\\" not in line[raw:end]:  # no escapes: one character of the file per character
                if remaining < end - raw:
                    return index + 1, raw + remaining + 1
                remaining -= end - raw
                raw = end
            while raw < end:
                if remaining == 0:
                    return index + 1, raw + 1
                raw += 2 if line[raw] == "\\" else 1
                remaining -= 1
            last = (index + 1, end + 1)
            index += 1
        return last

    def of_comment(self, msgid_line: int, comment: str) -> int:
        """The line of ``comment`` among the comments above the entry's msgid (the msgid line if not found)."""
        lines = self.lines
        index = msgid_line - 2
        while 0 <= index < len(lines) and lines[index].strip():
            if lines[index].strip() == comment or re.sub(r"\s+", " ", lines[index].strip()) == comment:
                return index + 1
            index -= 1
        return msgid_line
