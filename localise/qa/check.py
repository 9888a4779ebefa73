"""`localise check`: the rules of ``qa.rules`` applied to catalogs, as findings with kinds and places.

Public: check_catalog(catalog, glossary, ...), check_file(path, glossary, ...),
check_paths(project, paths, ...), resolve_catalogs(paths), suppressions(entry).

Every text a build may publish is checked by every rule of ``RULES``: a catalog's reviewed entries,
its machine drafts too where its language's publish policy (``[tool.localise] publish``) is
``draft``, and its obsolete entries whose text would be that (a build brings an obsolete entry
back, text and all, when its sentence returns); every ``msgstr[n]`` of a plural entry. With
``include_fuzzy`` suggestions and every machine draft are checked as well. A finding names the
state of its entry. A translator comment ``# localise: allow <term>`` on an entry silences
the findings for that term (or number) on that entry only, the way ``# noqa`` does in a linter;
one that silences nothing is itself a finding (``unused-suppression``). Each finding says what
the msgstr holds instead, at the file line and column where it is written. ``check_catalog`` is
a function of a catalog already read; ``check_file`` and ``check_paths`` read each file once.
"""

from __future__ import annotations

import glob
import os
import re
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import polib

from localise.catalogs.pofile import CatalogFile, base_language, read_catalog
from localise.catalogs.state import shown_text, state_of, translations
from localise.errors import CatalogError, LocaliseError
from localise.glossary.adherence import prepare
from localise.glossary.terms import Glossary, project_glossary
from localise.model import EntryState, Problem
from localise.mt.style import HouseStyle, project_style
from localise.project import Project, Settings
from localise.qa.findings import CheckReport, Finding
from localise.qa.number_check import squash
from localise.qa.rules import RULES, Pair
from localise.text import fold

__all__ = ["check_catalog", "check_file", "check_paths", "resolve_catalogs", "suppressions"]

_ALLOW = re.compile(r"^localise: allow (\S(?:.*\S)?)\s*$")


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
    """Check the catalogs named by ``paths`` (default: every catalog of the project) against its glossary
    and, in each catalog's language (its folder, ``locale/<lang>/``), its house style's findings.

    Each catalog is checked in the states its language's editions may publish (the project's
    publish policy, ``Settings.published_states``). ``jobs`` processes check catalogs side by
    side (default: one per CPU; 1 checks them here, in order); the report is the same either way,
    findings in catalog order.
    """
    glossary = project_glossary(project, required=True)
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
    styles = {
        lang: project_style(project, lang) for lang in sorted({file.parent.parent.name for file in files})
    }
    scope = _Scope(project.settings, include_fuzzy, styles)
    findings = [f for found in _check_all(work, glossary, scope, jobs) for f in found]
    return CheckReport(
        tuple(shown for _, shown in work),
        tuple(f for f in findings if not f.suppressed),
        tuple(f for f in findings if f.suppressed),
    )


#: Below this many catalogs per process, starting processes costs more than it saves.
_CATALOGS_PER_JOB = 16


@dataclass(frozen=True)
class _Scope:
    """Which entries of a catalog the check reads: those whose text its language may publish."""

    settings: Settings
    include_fuzzy: bool
    #: The house style of each catalog language, whose style findings apply there.
    styles: Mapping[str, HouseStyle]

    def states(self, lang: str) -> frozenset[EntryState]:
        return _EVERY_TEXT if self.include_fuzzy else self.settings.published_states(lang)


#: What ``--include-fuzzy`` checks: every state that holds a text.
_EVERY_TEXT = frozenset({EntryState.REVIEWED, EntryState.MACHINE, EntryState.SUGGESTION})


def _check_all(
    work: list[tuple[Path, str]], glossary: Glossary, scope: _Scope, jobs: int | None
) -> list[list[Finding]]:
    """``check_file`` of each (path, shown) in order, in ``jobs`` forked processes when it pays."""
    workers = min(jobs or os.cpu_count() or 1, len(work) // _CATALOGS_PER_JOB)
    if workers < 2:
        return [_check_one(path, shown, glossary, scope) for path, shown in work]
    import multiprocessing  # only here: with concurrent.futures it costs a tenth of a small check
    from concurrent.futures import ProcessPoolExecutor

    if "fork" not in multiprocessing.get_all_start_methods():
        return [_check_one(path, shown, glossary, scope) for path, shown in work]
    prepare(glossary, sorted({path.parent.parent.name for path, _ in work}))  # compile once, before the fork
    chunks = [work[i :: workers * 4] for i in range(workers * 4)]  # interleaved: big and small catalogs mix
    with ProcessPoolExecutor(
        workers,
        mp_context=multiprocessing.get_context("fork"),
        initializer=_set_worker,
        initargs=(glossary, scope),
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


def _check_one(path: Path, shown: str, glossary: Glossary, scope: _Scope) -> list[Finding]:
    catalog = read_catalog(path, display_path=shown)
    lang = _language(catalog, None)
    return check_catalog(
        catalog, glossary, states=scope.states(lang), suppressed=True, style=scope.styles.get(lang)
    )


_WORKER: tuple[Glossary, _Scope] | None = None


def _set_worker(glossary: Glossary, scope: _Scope) -> None:
    global _WORKER
    _WORKER = (glossary, scope)


def _check_chunk(chunk: list[tuple[Path, str]]) -> list[tuple[str, list[Finding] | LocaliseError]]:
    assert _WORKER is not None
    glossary, scope = _WORKER
    done: list[tuple[str, list[Finding] | LocaliseError]] = []
    for path, shown in chunk:
        try:
            done.append((shown, _check_one(path, shown, glossary, scope)))
        except LocaliseError as exc:
            done.append((shown, exc))
    return done


def suppressions(entry: polib.POEntry) -> list[str]:
    """The terms of the entry's ``# localise: allow <term>`` translator comments, in order."""
    if "localise:" not in entry.tcomment:
        return []
    return [m.group(1) for line in entry.tcomment.splitlines() if (m := _ALLOW.match(line.strip()))]


def check_file(
    path: str | Path,
    glossary: Glossary,
    *,
    include_fuzzy: bool = False,
    states: Collection[EntryState] | None = None,
    display_path: str | None = None,
    suppressed: bool = False,
    style: HouseStyle | None = None,
) -> list[Finding]:
    """The findings of the PO file at ``path``, read once (see ``check_catalog``)."""
    catalog = read_catalog(path, display_path=display_path or str(path))
    return check_catalog(
        catalog, glossary, include_fuzzy=include_fuzzy, states=states, suppressed=suppressed, style=style
    )


def check_catalog(
    catalog: CatalogFile,
    glossary: Glossary,
    *,
    lang: str | None = None,
    include_fuzzy: bool = False,
    states: Collection[EntryState] | None = None,
    suppressed: bool = False,
    style: HouseStyle | None = None,
) -> list[Finding]:
    """The findings of a catalog as read (``pofile.read_catalog``); the file is not opened again.

    ``states`` are the entry states whose text is checked (default: reviewed, what a build
    publishes under the default policy); an obsolete entry is checked when the state it would
    revive in is one of them; ``include_fuzzy`` checks every entry that holds a text. Each
    finding is placed at the line and column of what it found in the file (in a plural entry,
    in its ``msgstr[n]``) and names the entry's state; ``lang`` defaults to the header's
    Language; ``style`` (that language's house style) says which style findings apply. With
    ``suppressed``, the findings a ``# localise: allow`` comment silences come too, flagged.
    """
    po = catalog.po
    language = _language(catalog, lang)
    checked = _EVERY_TEXT if include_fuzzy else frozenset(states or (EntryState.REVIEWED,))
    rules = _Rules()
    findings: list[Finding] = []
    for entry in po:
        state = state_of(entry)
        live = state_of(entry, as_live=True)
        if not entry.msgid or live not in checked:
            continue
        allowed = suppressions(entry)
        problems = [
            (form, problem)
            for form, msgid, msgstr in translations(entry)
            if msgstr
            for problem in rules.problems(Pair(msgid, msgstr, language, glossary, style))
        ]
        if problems or allowed:
            findings.extend(_entry_findings(entry, state, problems, allowed, catalog))
    return findings if suppressed else [f for f in findings if not f.suppressed]


def _language(catalog: CatalogFile, lang: str | None) -> str:
    """The catalog's language: ``lang``, else its header's Language, else its folder's name."""
    return base_language(lang or catalog.po.metadata.get("Language") or Path(catalog.path).parent.parent.name)


class _Rules:
    """The rules of ``RULES`` as they stand, each finder once: rules found by one reading of an
    entry share it."""

    def __init__(self) -> None:
        self._finders = tuple(dict.fromkeys(rule.find for rule in RULES.values() if rule.find is not None))
        self._order = {kind: index for index, kind in enumerate(RULES)}

    def problems(self, pair: Pair) -> list[Problem]:
        """Every rule's problems in one entry, in the order of the msgstr (then of ``RULES``)."""
        problems: list[Problem] = []
        for find in self._finders:
            problems += find(pair)
        if len(problems) > 1:
            problems.sort(key=lambda p: (p.start, self._order[p.kind]))
        return problems


def _entry_findings(
    entry: polib.POEntry,
    state: EntryState,
    problems: list[tuple[int | None, Problem]],
    allowed: list[str],
    catalog: CatalogFile,
) -> Iterator[Finding]:
    """The entry's problems (by plural form) placed in the file, those its allow comments name
    flagged suppressed; then a finding for each allow comment that names none."""
    used: set[str] = set()
    for form, problem in problems:
        line, column = catalog.msgstr_position(entry, max(problem.start, 0), form)
        matching = [a for a in allowed if _allows(a, problem)]
        used.update(matching)
        text = entry.msgstr_plural.get(form, "") if form is not None else entry.msgstr
        yield _finding(problem, entry, state, catalog.path, line, column, text, suppressed=bool(matching))
    for allow in allowed:
        if allow not in used:
            comment = f"# localise: allow {allow}"
            unused = Problem("unused-suppression", allow, "", comment)
            line = catalog.comment_line(entry, comment)
            yield _finding(unused, entry, state, catalog.path, line, 1, shown_text(entry))


def _finding(
    problem: Problem,
    entry: polib.POEntry,
    state: EntryState,
    path: str,
    line: int,
    column: int,
    msgstr: str,
    *,
    suppressed: bool = False,
) -> Finding:
    return Finding(
        problem.kind,
        problem.term,
        problem.expected,
        problem.found,
        entry.msgid,
        msgstr,
        path,
        line,
        column,
        RULES[problem.kind].message(problem),
        state.value,
        suppressed,
    )


def _allows(allow: str, problem: Problem) -> bool:
    """Whether ``# localise: allow <allow>`` names this problem's term (any of its forms) or number."""
    term = problem.glossary_term
    if term is None:
        return squash(allow) in (squash(problem.term), squash(problem.found))
    key = fold(allow)
    forms = [*term.sources, *(f for fs in term.targets.values() for f in fs), problem.term, problem.found]
    return any(fold(form) == key for form in forms if form)
