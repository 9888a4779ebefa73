"""``build_project``: the phases run article by article as a stream, only for the articles whose inputs
changed since the last build (``changes.plan_build``), on every core, with the build state kept
as each article is finished.

Public: build_project(project, ...).
"""

from __future__ import annotations

import dataclasses
import json
import os
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polib

from localise.app.changes import Plan, engine_key, glossary_rows, memory_touched, plan_build
from localise.app.drafting import draft_catalogs
from localise.app.editions import (
    Assessment,
    assess_editions,
    render_editions,
    render_notices,
    write_site_pages,
)
from localise.app.phases import (
    BuildResult,
    Catalogs,
    Inputs,
    Templates,
    make_templates,
    merge_catalogs,
    read_inputs,
    write_catalogs,
    write_templates,
)
from localise.app.workers import Job, Pool
from localise.buildstate import RACY_NS, BuildState, FileKey, confirm, pack, pack_text, unpack
from localise.catalogs.pofile import CatalogFile, load_catalog, read_bytes
from localise.catalogs.reviewed_memory import ReviewedMemory, reviewed_entries
from localise.catalogs.state import needs_draft, state_of
from localise.errors import LocaliseError, SourceError, TranslationIncomplete
from localise.files import remove_stale_temporaries
from localise.glossary.occurrence import coarse
from localise.glossary.suggest import suggest_terms
from localise.glossary.terms import Glossary, project_glossary
from localise.locking import project_lock
from localise.model import Article, Draft, EntryState, Unit
from localise.mt.engines import Engine
from localise.mt.engines.registry import check_settings, engines_for
from localise.mt.memory import TranslationMemory
from localise.project import Project
from localise.publish.editions import edition_for
from localise.publish.readiness import EditionStatus, Readiness
from localise.publish.summary import PREVIEW_DIR, SITE_DIR, summary_data, summary_from_data
from localise.sources.ingest import read_article

__all__ = ["build_project"]


#: Articles whose machine translation is batched together (bounded: the group is held in memory).
_DRAFT_GROUP = 32
#: State commits: every this many articles, so a killed build keeps what it finished.
_COMMIT_EVERY = 25


def build_project(
    project: Project,
    *,
    langs: Sequence[str] | None = None,
    out: str | Path | None = None,
    engine: Engine | None = None,
    engines: Mapping[str, Engine] | None = None,
    translate: bool = True,
    use_memory: bool = True,
    on_article: Callable[[str], None] | None = None,
    require_translated: bool = False,
    require_reviewed: bool = False,
    jobs: int | None = None,
    hint: bool = True,
    on_start: Callable[[int], None] | None = None,
) -> BuildResult:
    """Build catalogs and editions for every article in the project's ``sources/``.

    ``langs`` defaults to the project's languages. ``engines`` gives the engine per language
    (``engines.registry.engines_for``); else ``engine`` serves every language; else each
    language takes its default route (an installed argos model, else Apertium). A language no
    engine serves keeps its new units untranslated and ``result.model_problems`` says why. ``on_start(n)`` is
    told how many articles this build writes, then ``on_article(slug)`` is called as each one's editions are
    written. With ``require_translated`` or ``require_reviewed``, an edition that
    falls short stops the build before anything is written: TranslationIncomplete names each
    one's catalog and what it lacks (``locale/vi/LC_MESSAGES/x.po: 57 untranslated``).

    Only what changed since the last build is done again (``changes.plan_build``; the state is kept
    in ``.localise/``, and without it everything is built). Articles are built one by one, each by
    one of ``jobs`` processes (default: one per CPU; 1 builds them all in this process, with the
    same result); machine translation batches the articles that need it, a group at a time. ``hint``
    counts the glossary candidates (``result.uncovered``) in the articles built; False skips it.
    """
    langs = tuple(langs or project.settings.languages)
    check_settings(project)
    for lang in langs:
        edition_for(lang)  # an unknown language stops the build before anything is read
    out_dir = Path(out).resolve() if out is not None else project.build_dir
    with project_lock(project.lock_path, shown=project.display(project.lock_path)):
        chosen = engines or ({lang: engine for lang in langs} if engine is not None else None)
        required = Readiness.REVIEWED if require_reviewed else Readiness.DRAFT if require_translated else None
        with BuildState.opened(project.build_state_path) as state:
            run = _Run(project, langs, out_dir, state, chosen, translate, use_memory, on_article)
            return run.build(required, jobs, hint=hint, on_start=on_start)


@dataclass
class _Work:
    """An article read, templated and merged: what its drafting and its writing start from."""

    path: Path
    article: Article
    units: list[Unit]
    read: dict[tuple[str, str], CatalogFile]
    keys: dict[str, FileKey | None]
    templates: Templates
    catalogs: Catalogs

    def inputs(self, job: Job) -> Inputs:
        return Inputs(
            job.project, job.glossary, (self.article,), {self.article.slug: self.units}, self.read, self.keys
        )


@dataclass
class _Pending:
    """An article whose catalogs need the draft phase: its reviewed entries as merged, for the memory."""

    path: Path
    slug: str
    reviewed: dict[str, list[tuple[str, str]]]


@dataclass
class _Done:
    """An article built: what the state keeps of it and what the build reports."""

    path: Path
    slug: str
    source: str
    files: dict[str, FileKey | None]
    record: dict[str, Any]
    summary: str
    statuses: dict[str, EditionStatus]
    written: list[Path]
    #: the folded text (``pack_text``) and whether it holds other scripts' letters
    folded: bytes
    foreign: bool
    #: per language, the catalog's reviewed pairs and untranslated msgids, each packed
    memory: dict[str, tuple[bytes, bytes]]
    candidates: list[tuple[str, str]]


def _validate(
    job: Job, task: tuple[Path, tuple[str, ...]]
) -> tuple[str | None, LocaliseError | None, list[LocaliseError]]:
    """(slug, the source's error, its catalogs' errors): the article's source read and validated, and its
    catalogs in the languages of ``task[1]``."""
    path, langs = task
    project = job.project
    try:
        article = read_article(path, display_path=project.display(path))
    except LocaliseError as exc:
        return None, exc, []
    problems = []
    for lang in langs:
        shown = project.display(project.catalog_path(article.slug, lang))
        try:
            raw = read_bytes(project.confined(project.catalog_path(article.slug, lang)), display_path=shown)
            if raw is not None:
                load_catalog(raw, lang=lang, display_path=shown)
        except LocaliseError as exc:
            problems.append(exc)
    return article.slug, None, problems


def _prepare(job: Job, path: Path) -> _Work:
    inputs = read_inputs(job.project, job.langs, sources=[path], glossary=job.glossary)
    templates = make_templates(inputs)
    catalogs = merge_catalogs(inputs, templates, job.langs)
    article = inputs.articles[0]
    return _Work(
        path,
        article,
        inputs.units[article.slug],
        dict(inputs.catalogs),
        dict(inputs.keys),
        templates,
        catalogs,
    )


def _wants_drafts(catalogs: Iterable[polib.POFile]) -> bool:
    """Whether the draft phase has anything to do in ``catalogs``: no text, machine drafts, suggestions."""
    return any(
        needs_draft(e) or state_of(e) in (EntryState.SUGGESTION, EntryState.MACHINE)
        for po in catalogs
        for e in po
    )


def _process(job: Job, path: Path) -> _Done | _Pending:
    """An article built from its files, unless it needs the draft phase (then only what that needs)."""
    work = _prepare(job, path)
    if job.translate and _wants_drafts(work.catalogs.values()):
        slug = work.article.slug
        return _Pending(
            path, slug, {lang: reviewed_entries(work.catalogs[(slug, lang)]) for lang in job.langs}
        )
    return _finish(job, work)


def _finish_work(
    job: Job, task: tuple[_Work, dict[str, dict[str, Draft]], dict[str, dict[str, Draft]]]
) -> _Done:
    work, fresh, drafts = task
    return _finish(job, work, fresh=fresh, drafts=drafts)


def _finish(
    job: Job,
    work: _Work,
    *,
    fresh: Mapping[str, Mapping[str, Draft]] | None = None,
    drafts: Mapping[str, Mapping[str, Draft]] | None = None,
    assessment: Assessment | None = None,
) -> _Done:
    """Assess, write the template and catalogs, render the editions, and say what the state keeps."""
    project, langs, slug = job.project, job.langs, work.article.slug
    inputs = work.inputs(job)
    catalogs = work.catalogs
    assessment = assessment or assess_editions(inputs, catalogs, langs, fresh=fresh)
    keys: dict[Path, FileKey | None] = {}
    written = write_templates(inputs, work.templates, keys=keys)
    written += write_catalogs(inputs, work.templates, catalogs, drafts=drafts, keys=keys)
    rendered = render_editions(
        inputs, catalogs, langs, job.out, assessment=assessment, fresh=fresh, site_pages=False
    )
    files = {project.display(work.path): inputs.keys.get(project.display(work.path))}
    pot = project.pot_path(slug)
    files[project.display(pot)] = keys[pot]
    status: dict[str, dict[str, Any]] = {}
    wants, untranslated = [], {}
    texts = [
        work.article.title,
        *(b.text for b in work.article.blocks),
        *(b.credit for b in work.article.blocks),
    ]
    for lang in langs:
        po = catalogs[(slug, lang)]
        path = project.catalog_path(slug, lang)
        files[project.display(path)] = keys[path]
        edition = assessment.statuses[(slug, lang)]
        published = assessment.published[(slug, lang)]
        page = project.edition_path(slug, lang, job.out / (SITE_DIR if published else PREVIEW_DIR))
        files[project.display(page)] = rendered.keys.get(page)
        status[lang] = _status_record(edition, published, project.display(page))
        live = [e for e in po if e.msgid and not e.obsolete]
        if any(state_of(e) is not EntryState.REVIEWED for e in live):
            wants.append(lang)
        untranslated[lang] = [e.msgid for e in live if needs_draft(e)]
        texts += [text for e in live for text in (e.msgid, e.msgstr)]
    folded, foreign = coarse("\n".join(texts))
    record = {
        "source_lang": work.article.source_lang,
        "status": status,
        "wants": wants,
        "untranslated": [lang for lang in langs if untranslated[lang]],
    }
    candidates = [(c.fr, c.path) for c in suggest_terms([work.article], job.glossary)] if job.hint else []
    return _Done(
        work.path,
        slug,
        project.display(work.path),
        files,
        record,
        json.dumps(summary_data(rendered.summaries[0]), sort_keys=True),
        dict(zip(langs, (assessment.statuses[(slug, lang)] for lang in langs), strict=True)),
        written,
        pack_text(folded),
        foreign,
        {lang: (pack(reviewed_entries(catalogs[(slug, lang)])), pack(untranslated[lang])) for lang in langs},
        candidates,
    )


def _status_record(status: EditionStatus, published: bool, page: str) -> dict[str, Any]:
    """What the state keeps of an edition: its counts (``_status_of`` reads them back), its readiness and
    shortfall as the build found them, whether it went out and where its page is."""
    return {
        **dataclasses.asdict(status),
        "readiness": status.readiness.value,
        "shortfall": status.shortfall(),
        "published": published,
        "page": page,
    }


def _status_of(record: Mapping[str, Any]) -> EditionStatus:
    return EditionStatus(**{f.name: record[f.name] for f in dataclasses.fields(EditionStatus)})


class _Run:
    """One build: the plan, the articles done, what the state keeps and what the result reports."""

    def __init__(
        self,
        project: Project,
        langs: tuple[str, ...],
        out: Path,
        state: BuildState,
        engines: Mapping[str, Engine] | None,
        translate: bool,
        use_memory: bool,
        on_article: Callable[[str], None] | None,
    ):
        self.project, self.langs, self.out, self.state = project, langs, out, state
        self.translate, self.use_memory, self.on_article = translate, use_memory, on_article
        self._chosen = engines
        self._engines: dict[str, Engine] | None = None
        self.result = BuildResult()
        self.statuses: dict[str, dict[str, EditionStatus]] = {}
        self.records: dict[str, dict[str, Any]] = {}
        self.slugs: dict[Path, str] = {}
        self.candidates: dict[str, str] = {}
        #: per language, the French of reviewed entries new since the last build (the memory may now fill
        #: other articles' empty entries with them)
        self.new_french: dict[str, list[str]] = {}
        self.pending_reviewed: dict[tuple[str, str], list[tuple[str, str]]] = {}
        self._memory: ReviewedMemory | None = None
        self._unsaved = 0
        self.plan = Plan([])
        self.waiting = False
        self.summaries_changed = False
        self.site_keys: dict[str, FileKey | None] | None = None
        self.done_files: dict[str, dict[str, FileKey | None]] = {}

    def engines(self) -> Mapping[str, Engine]:
        if self._engines is None:
            self._engines = dict(self._chosen or engines_for(self.project, self.langs))
        return self._engines

    # The build ------------------------------------------------------------------------------
    def build(
        self,
        required: Readiness | None,
        jobs: int | None,
        *,
        hint: bool = True,
        on_start: Callable[[int], None] | None = None,
    ) -> BuildResult:
        project, state = self.project, self.state
        plan = plan_build(
            project, state, self.langs, self.out, translate=self.translate, engines=self.engines
        )
        self.plan = plan
        self.slugs = dict(plan.clean)
        for slug, keys in plan.refreshed.items():
            if keys and slug in plan.clean.values():
                state.update_keys(slug, {**plan.records[slug][1], **keys})
        todo = plan.in_order()
        #: clean articles wait for the memory when machine translation is on and they have empty entries
        self.waiting = self.translate and any(
            plan.records[slug][2].get("untranslated") for slug in plan.clean.values()
        )
        glossary = plan.glossary
        if glossary is None and todo:
            glossary = project_glossary(project)
        self.site_keys = state.get_keys("site")
        if todo or plan.removed:
            # What a killed build left half-written (under the lock nothing else writes there; the proof
            # pages below build/review/ are written without it, so that folder is left alone).
            for folder in (project.locale_dir, self.out / SITE_DIR, self.out / PREVIEW_DIR):
                remove_stale_temporaries(folder)
            state.put("site", None)  # the site pages follow the articles: made again if this build stops
        carried = state.get("memory_new") or {}
        for lang, french in carried.items():
            self.new_french.setdefault(lang, []).extend(french)
        state.commit()
        job = Job(project, self.langs, self.out, glossary or Glossary([]), self.translate, hint)
        if on_start is not None:
            on_start(len(todo))  # the newsroom's memory may add a few: a bar grows no longer than this
        pool = Pool(job, len(todo), jobs)
        try:
            if todo:
                self._validate(pool, plan, todo)
            if required is not None:
                self._build_all_then_write(pool, job, todo, required)
            else:
                self._build_streaming(pool, job, todo)
        finally:
            pool.close()
            state.commit()
        if glossary is not None:
            state.put("rows", glossary_rows(glossary))
        self._finish_build(plan)
        state.commit()
        return self.result

    def _validate(self, pool: Pool, plan: Plan, todo: Sequence[Path]) -> None:
        """Every file of every article to build read and validated, before anything is written: the first
        problem, in the order a full read meets them (sources, then catalogs), stops the build."""
        tasks = [(path, self._unproven(path, todo)) for path in todo]
        checked = dict(zip(todo, pool.map(_validate, tasks), strict=True))
        for path in todo:
            if checked[path][1] is not None:
                raise checked[path][1]
        seen: dict[str, str] = {}
        for path in plan.order:
            slug = plan.clean.get(path) or checked[path][0]
            assert slug is not None
            shown = plan.shown[path]
            if slug in seen:
                raise SourceError(
                    f'two sources make the article "{slug}" ({seen[slug]} and this one); rename one',
                    path=shown,
                )
            seen[slug] = shown
            self.slugs[path] = slug
        for path in todo:
            if checked[path][2]:
                raise checked[path][2][0]

    def _unproven(self, path: Path, todo: Sequence[Path]) -> tuple[str, ...]:
        """The languages whose catalog of ``path`` must be validated before the build writes anything: not
        those that hold what the last build read (valid then, the same bytes now), nor any when the
        article is the only one to build (its reading validates them before its first write)."""
        if len(todo) == 1:
            return ()
        if not hasattr(self, "_by_source"):
            self._by_source = {source: slug for slug, (source, _, _) in self.plan.records.items()}
        slug = self._by_source.get(self.project.display(path))
        if slug is None:
            return self.langs
        keys = self.plan.records[slug][1]
        unproven = []
        for lang in self.langs:
            catalog = self.project.display(self.project.catalog_path(slug, lang))
            if catalog not in keys or not confirm(self.project.root / catalog, keys[catalog])[0]:
                unproven.append(lang)
        return tuple(unproven)

    def _build_streaming(self, pool: Pool, job: Job, todo: Sequence[Path]) -> None:
        pending: list[Path] = []
        for outcome in pool.map(_process, todo):
            if isinstance(outcome, _Pending):
                self.slugs[outcome.path] = outcome.slug
                for lang, pairs in outcome.reviewed.items():
                    self._note_reviewed(outcome.slug, lang, pairs)
                    self.pending_reviewed[(outcome.slug, lang)] = pairs
                pending.append(outcome.path)
            else:
                self._keep(outcome)
        pending += self._touched_by_memory()
        for start in range(0, len(pending), _DRAFT_GROUP):
            group = pending[start : start + _DRAFT_GROUP]
            works = list(pool.map(_prepare, group))
            fresh, drafts = self._draft(job, works)
            for done in pool.map(_finish_work, [(work, fresh, drafts) for work in works]):
                self._keep(done)

    def _build_all_then_write(self, pool: Pool, job: Job, todo: Sequence[Path], required: Readiness) -> None:
        """``--require-*``: every article to build is held until the editions are assessed, so a build
        that falls short writes nothing."""
        works = list(pool.map(_prepare, todo))
        for work in works:
            for lang in self.langs:
                self.pending_reviewed[(work.article.slug, lang)] = pairs = reviewed_entries(
                    work.catalogs[(work.article.slug, lang)]
                )
                self._note_reviewed(work.article.slug, lang, pairs)
        for work in works:
            self.slugs[work.path] = work.article.slug
        extra = self._touched_by_memory()
        works += list(pool.map(_prepare, extra))
        needing = [w for w in works if self.translate and _wants_drafts(w.catalogs.values())]
        fresh, drafts = self._draft(job, needing) if needing else ({}, {})
        assessments = {
            w.article.slug: assess_editions(w.inputs(job), w.catalogs, self.langs, fresh=fresh) for w in works
        }
        statuses: dict[tuple[str, str], EditionStatus] = {}
        published: dict[tuple[str, str], bool] = {}
        for path in self.plan.order:
            slug = self.slugs.get(path) or self.plan.clean[path]
            for lang in self.langs:
                if slug in assessments:
                    statuses[(slug, lang)] = assessments[slug].statuses[(slug, lang)]
                    published[(slug, lang)] = assessments[slug].published[(slug, lang)]
                else:
                    stored = self.plan.records[slug][2]["status"][lang]
                    statuses[(slug, lang)], published[(slug, lang)] = _status_of(stored), stored["published"]
        _require(Assessment(statuses, published), required)
        for work in works:
            self._keep(
                _finish(job, work, fresh=fresh, drafts=drafts, assessment=assessments[work.article.slug])
            )

    # Drafting ---------------------------------------------------------------------------------
    def _draft(
        self, job: Job, works: Sequence[_Work]
    ) -> tuple[dict[str, dict[str, Draft]], dict[str, dict[str, Draft]]]:
        """The draft phase over a group of articles (one engine batch per hop for all of them)."""
        inputs = Inputs(
            self.project,
            job.glossary,
            tuple(w.article for w in works),
            {w.article.slug: w.units for w in works},
            {key: read for w in works for key, read in w.read.items()},
            {shown: key for w in works for shown, key in w.keys.items()},
        )
        catalogs = {key: po for w in works for key, po in w.catalogs.items()}
        memory = (
            TranslationMemory(self.project.memory_path, shown=self.project.display(self.project.memory_path))
            if self.use_memory
            else None
        )
        try:
            outcome = draft_catalogs(
                inputs, catalogs, engines=self.engines(), memory=memory, reviewed=self._reviewed
            )
        finally:
            if memory is not None:
                memory.close()
        result = self.result
        for lang, count in outcome.drafted.items():
            result.drafted[lang] = result.drafted.get(lang, 0) + count
        for lang, count in outcome.refreshed_drafts.items():
            result.refreshed_drafts[lang] = result.refreshed_drafts.get(lang, 0) + count
        for into, found in ((result.refreshed, outcome.refreshed), (result.remembered, outcome.remembered)):
            for lang, reasons in found.items():
                mine = into.setdefault(lang, {})
                for why, count in reasons.items():
                    mine[why] = mine.get(why, 0) + count
        result.model_problems += [p for p in outcome.problems if p not in result.model_problems]
        if outcome.report is not None:
            result.report = outcome.report if result.report is None else result.report.merged(outcome.report)
        return outcome.fresh, outcome.drafts

    def _reviewed(self) -> ReviewedMemory:
        """The newsroom's memory: every article's reviewed entries as merged, in build order."""
        if self._memory is None:
            order = [(self.slugs.get(path) or self.plan.clean.get(path)) for path in self.plan.order]

            def entries() -> Iterator[tuple[str, str, str, str]]:
                for slug in order:
                    if slug is None:
                        continue
                    for lang in self.langs:
                        pairs = self.pending_reviewed.get((slug, lang))
                        if pairs is None:
                            stored = self.state.memory(slug, lang)
                            pairs = stored[0] if stored is not None else []
                        for msgid, msgstr in pairs:
                            yield slug, lang, msgid, msgstr

            self._memory = ReviewedMemory.from_entries(entries())
        return self._memory

    def _note_reviewed(self, slug: str, lang: str, pairs: Sequence[tuple[str, str]]) -> bool:
        """Note the French of ``pairs`` the state did not have for this catalog (the memory's news), when a
        clean article waits for the memory (has untranslated entries); whether there was any."""
        if not self.waiting:
            return False
        stored = self.state.memory(slug, lang)
        before = set(map(tuple, stored[0])) if stored is not None else set()
        new = [msgid for msgid, msgstr in pairs if (msgid, msgstr) not in before]
        if new:
            self.new_french.setdefault(lang, []).extend(new)
        return bool(new)

    def _touched_by_memory(self) -> list[Path]:
        """Clean articles whose empty entries the memory's news could fill: built with the drafted ones."""
        if not self.translate or not any(self.new_french.values()):
            return []
        touched = memory_touched(self.state, self.plan.clean.values(), self.langs, self.new_french)
        extra = [path for path, slug in self.plan.clean.items() if slug in touched]
        self.plan.mark(touched, "newsroom memory changed")
        return [path for path in self.plan.order if path in extra]

    # What the state keeps --------------------------------------------------------------------------
    def _keep(self, done: _Done) -> None:
        state = self.state
        self.slugs[done.path] = done.slug
        news = False
        for lang, (reviewed, untranslated) in done.memory.items():
            if (done.slug, lang) not in self.pending_reviewed and self.waiting:
                pairs = [(msgid, msgstr) for msgid, msgstr in unpack(reviewed)]
                news = self._note_reviewed(done.slug, lang, pairs) or news
            self.pending_reviewed.pop((done.slug, lang), None)
            state.put_memory(done.slug, lang, reviewed, untranslated)
        if news:  # in the same transaction as the rows that replace what it differs from
            state.put("memory_new", self.new_french)
        if state.summary_text(done.slug) != done.summary:
            self.summaries_changed = True  # the index, feeds and sitemap are made again
        state.put_article(done.slug, done.source, done.files, done.record, done.summary)
        state.put_text(done.slug, done.folded, done.foreign)
        self.records[done.slug] = done.record
        self.done_files[done.slug] = done.files
        self.statuses[done.slug] = done.statuses
        self.result.catalogs_written += done.written
        for name, path in done.candidates:
            self.candidates.setdefault(name, path)
        if self.on_article is not None:
            self.on_article(done.slug)
        self._unsaved += 1
        if self._unsaved >= _COMMIT_EVERY:
            state.commit()
            self._unsaved = 0

    def _finish_build(self, plan: Plan) -> None:
        """Remove what removed articles left, make the site pages if anything changed, store the project's
        standing and report it."""
        project, state, langs, result = self.project, self.state, self.langs, self.result
        for slug in plan.removed:
            for stored in plan.records[slug][2].get("status", {}).values():
                (project.root / stored["page"]).unlink(missing_ok=True)
            state.drop_article(slug)
        order = [self.slugs.get(path) or plan.clean[path] for path in plan.order]
        records = {slug: self.records.get(slug) or plan.records[slug][2] for slug in order}
        pages: list[str] = []
        previews: list[str] = []
        for slug in order:
            for lang in langs:
                stored = records[slug]["status"][lang]
                status = self.statuses[slug][lang] if slug in self.statuses else _status_of(stored)
                result.statuses[(slug, lang)] = status
                (pages if stored["published"] else previews).append(stored["page"])
        site_keys = self.site_keys
        if site_keys is None or self.summaries_changed or plan.removed or plan.site_changed:
            summaries = state.summaries(order)
            written = write_site_pages(
                project, [summary_from_data(summaries[s]) for s in order], langs, self.out
            )
            site_keys = {project.display(path): key for path, key in written.items()}
        site = project.display(self.out / SITE_DIR) + "/"
        pages += [p for p in site_keys if p.startswith(site)]
        previews += [p for p in site_keys if not p.startswith(site)]
        result.articles = order
        result.editions = [project.root / p for p in pages]
        result.previews = [project.root / p for p in previews]
        result.notices = render_notices(project, langs)
        for (_, lang), status in result.statuses.items():
            result.drafted.setdefault(lang, 0)
            if self.translate:
                result.refreshed_drafts.setdefault(lang, 0)
            result.unreviewed[lang] = result.unreviewed.get(lang, 0) + status.machine
            result.suggestions[lang] = result.suggestions.get(lang, 0) + status.suggestions
            result.untranslated[lang] = result.untranslated.get(lang, 0) + status.untranslated
        result.uncovered = len(self.candidates)
        result.uncovered_in = sorted(set(self.candidates.values()))
        state.put_keys("site", site_keys)
        state.put_keys("inputs", plan.inputs)
        state.put("sources", [plan.shown[path] for path in plan.order])
        state.put("order", order)
        state.put("outputs", {"pages": pages, "previews": previews})
        state.put("notices", result.notices)
        state.put("engines", self._engine_keys(records))
        state.put("memory_new", {})
        self._trust()

    def _trust(self) -> None:
        """Confirm by a hash, now, the keys of the files this build read or wrote that changed more than
        ``RACY_NS`` ago: the next build can trust their stat (a long build's files are not hashed again)."""
        now, root = time.time_ns(), str(self.project.root)
        for slug, files in self.done_files.items():
            fresher = {}
            for shown, key in files.items():
                if key is None or key.trusted or max(key.mtime, key.ctime) >= now - RACY_NS:
                    continue
                same, fresh = confirm(os.path.join(root, shown), key)
                if same and fresh is not None and fresh != key:
                    fresher[shown] = fresh
            if fresher:
                self.state.update_keys(slug, {**files, **fresher})

    def _engine_keys(self, records: Mapping[str, Mapping[str, Any]]) -> dict[str, str]:
        """The engine key of every (source, language) an article's entries depend on, as of this build."""
        keys = {pair: key for pair, key in self.plan.engine_keys.items()}
        for record in records.values():
            for lang in record.get("wants", ()):
                pair = f"{record['source_lang']}>{lang}"
                if pair not in keys:
                    engine = self.engines().get(lang) if self.translate else None
                    keys[pair] = engine_key(engine, record["source_lang"], lang)
        return keys


def _require(assessment: Assessment, wanted: Readiness) -> None:
    """TranslationIncomplete naming every edition that is not ``wanted`` (reviewed, or at least a draft)."""
    short = assessment.falling_short(wanted)
    if not short:
        return
    what = "reviewed" if wanted is Readiness.REVIEWED else "translated"
    fix = (
        "review them in the PO files and clear the fuzzy flag"
        if wanted is Readiness.REVIEWED
        else "install a model (`localise models install`) or translate them in the PO files"
    )
    raise TranslationIncomplete(
        f"{len(short)} edition{'s are' if len(short) > 1 else ' is'} not {what}, nothing was written ({fix}):\n"
        + "\n".join(short)
    )
