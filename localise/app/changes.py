"""What changed since the last build: which articles a build must redo, and why.

Public: Plan, plan_build(project, state, langs, out, ...), engine_key(engine, source, lang), glossary_rows(glossary),
memory_touched(state, slugs, langs, new), ArticleRecord.

A build redoes an article when anything its outputs are made from has changed since its last build:
its source, its catalogs and template as files (a translator's save), its editions as files (one
deleted or edited by hand), a glossary row whose forms could occur in its source or its
translations (``glossary.occurrence``: a row added, removed or edited anywhere else costs nothing
here), and, for an article with machine drafts, suggestions or untranslated entries, the engine
route and version of those languages and the newsroom's reviewed work in other articles
(``memory_touched``). The house style, the settings, the languages and output folder asked for and
the code (``buildstate.request_key``) redo every article. Everything else is the last build's
answer, kept in ``buildstate``: the state is a cache, so no state, or another request, redoes
everything, nothing worse.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from localise.buildstate import BuildState, FileKey, confirm, read_keyed, request_key
from localise.catalogs.reviewed_memory import FUZZY_THRESHOLD
from localise.errors import LocaliseError
from localise.glossary.occurrence import coarse, may_occur, row_forms, row_key
from localise.glossary.terms import Glossary, project_glossary
from localise.mt.engines import Engine
from localise.project import Project
from localise.text import normalise

__all__ = ["ArticleRecord", "Plan", "engine_key", "glossary_rows", "memory_touched", "plan_build"]

#: slug -> (source as shown, file shown -> its key, the record) of the last build (``BuildState.records``).
ArticleRecord = tuple[str, dict[str, FileKey | None], dict[str, Any]]


@dataclass
class Plan:
    """A build's plan: every source in build order, those to redo and why, and what to remember after."""

    order: list[Path]
    #: sources to build, with the first reason found
    dirty: dict[Path, str] = field(default_factory=dict)
    #: sources kept as they are, with their slug
    clean: dict[Path, str] = field(default_factory=dict)
    #: every source as the user sees it (``Project.display``)
    shown: dict[Path, str] = field(default_factory=dict)
    records: dict[str, ArticleRecord] = field(default_factory=dict)
    #: slugs whose source is gone
    removed: list[str] = field(default_factory=list)
    site_changed: bool = False
    #: the glossary and house-style files' keys as this build read them, stored when it ends
    inputs: dict[str, FileKey | None] = field(default_factory=dict)
    #: keys of clean articles' files confirmed by a hash, to store
    refreshed: dict[str, dict[str, FileKey | None]] = field(default_factory=dict)
    #: the glossary, when it changed (read and validated here)
    glossary: Glossary | None = None
    #: "source>target" -> ``engine_key``, for the languages clean articles' entries depend on
    engine_keys: dict[str, str] = field(default_factory=dict)
    cold: bool = False

    def mark(self, slugs: Iterable[str], why: str) -> None:
        """Move the clean articles of ``slugs`` to the ones to build."""
        wanted = set(slugs)
        for path, slug in list(self.clean.items()):
            if slug in wanted:
                del self.clean[path]
                self.dirty[path] = why

    def in_order(self) -> list[Path]:
        """The sources to build, in build order."""
        return [path for path in self.order if path in self.dirty]


def engine_key(engine: Engine | None, source: str, lang: str) -> str:
    """What a draft into ``lang`` would be made with today: the engine and its full label, or why there
    is none; ``no-mt`` when machine translation is off (``engine`` None)."""
    if engine is None:
        return "no-mt"
    try:
        return f"{engine.name}: {engine.describe(source, lang)}"
    except LocaliseError as exc:
        return f"none: {exc.message}"


def glossary_rows(glossary: Glossary) -> dict[str, list[str]]:
    """Each row of ``glossary`` by what it says, with its forms folded for ``may_occur``."""
    return {row_key(term): row_forms(term) for term in glossary.terms}


def plan_build(
    project: Project,
    state: BuildState,
    langs: Sequence[str],
    out: Path,
    *,
    translate: bool,
    engines: Callable[[], Mapping[str, Engine]],
) -> Plan:
    """What this build must redo. Reads the glossary (validated) only when it changed; asks the engines
    (``engines()``) only about languages in which a clean article has entries an engine could change."""
    plan = Plan(project.sources())
    request = request_key(project, langs, out)
    old_inputs = state.get_keys("inputs")
    plan.cold = state.get("request") != request or old_inputs is None
    if plan.cold or old_inputs is None:
        state.clear()
        state.put("request", request)
        state.commit()
        old_inputs = {}
    plan.records = state.records()
    plan.inputs = _inputs(project)
    everything = "no build state" if plan.cold else _style_changed(project, old_inputs, plan.inputs)
    slugs = {source: slug for slug, (source, _, _) in plan.records.items()}
    shown = plan.shown = {path: _display(project, path, slugs) for path in plan.order}
    present = set(shown.values())
    plan.removed = [slug for slug, (source, _, _) in plan.records.items() if source not in present]
    for path in plan.order:
        slug = slugs.get(shown[path])
        if everything is not None or slug is None:
            plan.dirty[path] = everything or "new"
            continue
        why = _changed_files(project, plan.records[slug][1], plan.refreshed.setdefault(slug, {}))
        if why is not None:
            plan.dirty[path] = why
        else:
            plan.clean[path] = slug
    glossary_shown = project.display(project.glossary_path)
    if plan.cold or not confirm(project.glossary_path, old_inputs.get(glossary_shown))[0]:
        plan.glossary = project_glossary(project)  # confined, validated; empty when there is no file
        if plan.clean:
            old_rows: dict[str, list[str]] | None = state.get("rows")
            rows = glossary_rows(plan.glossary)
            plan.mark(_touched_by_glossary(state, plan, old_rows, rows, langs, translate), "glossary changed")
    if plan.clean:
        plan.mark(_touched_by_engines(state, plan, langs, translate, engines), "engine changed")
    site = state.get_keys("site")
    plan.site_changed = site is None or _changed_files(project, site, {}) is not None
    return plan


def _display(project: Project, path: Path, known: Mapping[str, str]) -> str:
    """``project.display(path)`` for a source ``Project.sources`` listed: its path under the root when the
    last build knew it so (the common case, without resolving links), else what ``display`` says."""
    try:
        quick = path.relative_to(project.root).as_posix()
    except ValueError:
        return project.display(path)
    return quick if quick in known else project.display(path)


def _inputs(project: Project) -> dict[str, FileKey | None]:
    """The glossary's and the house-style files' keys as this build reads them (before it reads them:
    a save in between shows as a change next time)."""
    found: dict[str, FileKey | None] = {}
    style_dir = project.style_dir
    for path in [project.glossary_path, *(sorted(style_dir.glob("*.toml")) if style_dir.is_dir() else ())]:
        found[project.display(path)] = read_keyed(path)[1]
    return found


def _style_changed(
    project: Project, old: Mapping[str, FileKey | None], new: Mapping[str, FileKey | None]
) -> str | None:
    """Why every article must be redone: a house-style file was added, removed or changed; else None.
    The glossary is compared row by row elsewhere."""
    glossary = project.display(project.glossary_path)
    if set(old) - {glossary} != set(new) - {glossary}:
        return "house style changed"
    for shown, key in old.items():
        if shown != glossary and not confirm(project.root / shown, key)[0]:
            return "house style changed"
    return None


def _changed_files(
    project: Project, keys: Mapping[str, FileKey | None], fresher: dict[str, FileKey | None]
) -> str | None:
    """The first file of ``keys`` that does not hold what it held, shown; None when none."""
    root = str(project.root)
    for shown, key in keys.items():
        same, fresh = confirm(os.path.join(root, shown), key)
        if not same:
            return f"{shown} changed"
        if fresh is not None and fresh != key:
            fresher[shown] = fresh
    return None


def _touched_by_glossary(
    state: BuildState,
    plan: Plan,
    old_rows: Mapping[str, list[str]] | None,
    rows: Mapping[str, list[str]],
    langs: Sequence[str],
    translate: bool,
) -> set[str]:
    """Clean articles a glossary change may touch: where a changed row (as it was, or as it is) could
    occur; and, with machine translation, those with an untranslated entry the newsroom's memory could
    fill from a reviewed translation the change may now let through (one that holds a changed form)."""
    clean = set(plan.clean.values())
    if old_rows is None:
        return clean
    changed = set(old_rows) ^ set(rows)
    if not changed:
        return set()
    forms = sorted({form for key in changed for form in (old_rows.get(key) or rows.get(key) or [])})
    touched, holding, known = set(), set(), set()
    for slug, folded, foreign in state.texts():
        known.add(slug)
        if foreign or may_occur(forms, folded):
            holding.add(slug)
            if slug in clean:
                touched.add(slug)
    touched |= clean - known
    waiting = {slug for slug in clean - touched if plan.records[slug][2].get("untranslated")}
    if translate and waiting:
        let_through: dict[str, list[str]] = {}
        for slug in holding:
            for lang in langs:
                stored = state.memory(slug, lang)
                for msgid, msgstr in stored[0] if stored is not None else ():
                    folded, foreign = coarse(msgstr)
                    if foreign or may_occur(forms, folded):
                        let_through.setdefault(lang, []).append(msgid)
        touched |= memory_touched(state, waiting, langs, let_through)
    return touched


def _touched_by_engines(
    state: BuildState,
    plan: Plan,
    langs: Sequence[str],
    translate: bool,
    engines: Callable[[], Mapping[str, Engine]],
) -> set[str]:
    """Clean articles with entries an engine could change (machine drafts, suggestions, untranslated) in a
    language whose engine key changed since their build."""
    old: Mapping[str, str] = state.get("engines") or {}
    touched = set()
    for slug in set(plan.clean.values()):
        record = plan.records[slug][2]
        for lang in record.get("wants", ()):
            if lang not in langs:
                continue
            pair = f"{record['source_lang']}>{lang}"
            if pair not in plan.engine_keys:
                engine = engines().get(lang) if translate else None
                plan.engine_keys[pair] = engine_key(engine, record["source_lang"], lang)
            if plan.engine_keys[pair] != old.get(pair):
                touched.add(slug)
    return touched


def memory_touched(
    state: BuildState, slugs: Iterable[str], langs: Sequence[str], new: Mapping[str, Sequence[str]]
) -> set[str]:
    """Of ``slugs`` (clean articles), those with an untranslated entry the newsroom's memory could now fill
    from ``new`` (per language, the French of reviewed entries that were not there at the last build): the
    same French up to typography, or French similar enough by the memory's measure."""
    from rapidfuzz import process
    from rapidfuzz.distance import Indel

    touched = set()
    for lang in langs:
        french = list(dict.fromkeys(new.get(lang, ())))
        if not french:
            continue
        keys = {normalise(msgid) for msgid in french}
        choices = [msgid.encode("utf-8") for msgid in french]
        for slug in slugs:
            stored = state.memory(slug, lang)
            if stored is None:
                touched.add(slug)
                continue
            for msgid in stored[1]:
                if normalise(msgid) in keys or process.extractOne(
                    msgid.encode("utf-8"),
                    choices,
                    scorer=Indel.normalized_similarity,
                    score_cutoff=FUZZY_THRESHOLD,
                ):
                    touched.add(slug)
                    break
    return touched
