"""The application: the build as named phases, and the project-wide services beside it.

Public: build_project(project, ...), BuildResult, read_inputs(project, langs), Inputs, make_templates(inputs),
merge_catalogs(inputs, templates, langs), draft_catalogs(inputs, catalogs, ...), write_templates(inputs, templates),
write_catalogs(inputs, templates, catalogs), assess_editions(inputs, catalogs, langs, ...), Assessment,
render_editions(inputs, catalogs, langs, out, ...), Rendered, update_templates(project), project_stats(project),
CatalogRow, review_project(project, ...), Reviewed, translate_texts(project, texts, ...), DraftOutcome.

A build runs read -> template -> merge -> draft -> assess -> write -> render, each phase a function a
newsroom script can call on its own and each calling its stage once. Everything is read and
validated before anything is written (a broken source, glossary or PO file stops the run with
nothing changed), and every catalog is read once: the read phase's ``CatalogFile`` is what merge
starts from, what the write compares against, and what ``review`` and the check place findings
with. Catalogs are merged (human work is never overwritten) and written atomically; editions are
rendered from the catalogs, so a translator's edit shows in the next build. The assess phase
decides each edition's readiness (``publish.readiness``) before anything is written, so
``--require-reviewed`` stops a build with every edition that falls short named and nothing
new on disk; the render phase writes what the publish policy lets out to ``build/site/`` (the
folder to upload: editions, index, Atom feeds, sitemap) and the rest to ``build/preview/``.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polib

from localise.buildstate import (
    RACY_NS,
    BuildState,
    FileKey,
    confirm,
    key_of,
    pack,
    pack_text,
    read_keyed,
    unpack,
    write_if_changed,
)
from localise.catalogs.merge import fill_drafts, fill_suggestions, merge_catalog, stale_drafts
from localise.catalogs.pofile import (
    CatalogFile,
    ChangedOnDisk,
    format_po,
    load_catalog,
    read_bytes,
    read_catalog,
    write_po,
)
from localise.catalogs.provenance import read_mark
from localise.catalogs.reviewed_memory import MemoryMatch, ReviewedMemory, memory_comment, reviewed_entries
from localise.catalogs.state import (
    MT_PREFIX,
    CatalogStats,
    catalog_stats,
    needs_draft,
    needs_fresh_draft,
    passages,
    state_of,
)
from localise.catalogs.template import build_template, keep_creation_date
from localise.changes import Plan, engine_key, glossary_rows, memory_touched, plan_build
from localise.errors import CatalogError, LocaliseError, SourceError, TranslationIncomplete
from localise.files import remove_stale_temporaries
from localise.glossary.occurrence import coarse
from localise.glossary.suggest import suggest_terms
from localise.glossary.terms import Glossary, project_glossary
from localise.locking import project_lock
from localise.model import Article, Draft, EntryState, Provenance, Unit
from localise.mt.engines import Engine
from localise.mt.engines.registry import check_settings, engines_for
from localise.mt.memory import MemoryKey, TranslationMemory
from localise.mt.style import HouseStyle, project_style
from localise.mt.translate import DraftReport, draft_with_engines, provenance_of
from localise.project import Project
from localise.publish.editions import edition_for, render_edition, render_index, render_preview_index
from localise.publish.feed import feed_href, render_feed
from localise.publish.readiness import EditionStatus, Readiness, edition_status, may_publish
from localise.publish.sitemap import SITEMAP_NAME, render_sitemap
from localise.publish.summary import (
    PREVIEW_DIR,
    SITE_DIR,
    ArticleSummary,
    EditionSummary,
    summary_data,
    summary_from_data,
)
from localise.sources.ingest import read_article
from localise.sources.units import make_units

if TYPE_CHECKING:  # pragma: no cover
    from localise.publish.review import ReviewPage

__all__ = [
    "Assessment",
    "BuildResult",
    "CatalogRow",
    "DraftOutcome",
    "Inputs",
    "Rendered",
    "Reviewed",
    "assess_editions",
    "build_project",
    "draft_catalogs",
    "make_templates",
    "merge_catalogs",
    "project_stats",
    "read_inputs",
    "render_editions",
    "review_project",
    "translate_texts",
    "update_templates",
    "write_catalogs",
    "write_templates",
]

Catalogs = dict[tuple[str, str], polib.POFile]  # (slug, lang) -> catalog
Templates = dict[str, polib.POFile]  # slug -> the article's template (POT), dated
_WRITE_ATTEMPTS = 10


@dataclass(frozen=True)
class Inputs:
    """Everything a build reads, validated: the glossary, the articles and their units, the catalogs as read."""

    project: Project
    glossary: Glossary
    articles: tuple[Article, ...]
    units: Mapping[str, list[Unit]]
    #: (slug, lang) -> the catalog as read, for the catalogs that exist.
    catalogs: Mapping[tuple[str, str], CatalogFile] = field(default_factory=dict)
    #: each file read (shown as the user sees it) -> its key as read, for the build state
    keys: Mapping[str, FileKey | None] = field(default_factory=dict)

    def existing(self, slug: str, lang: str) -> polib.POFile | None:
        """The catalog of ``slug`` in ``lang`` as read, None when there is no file yet."""
        found = self.catalogs.get((slug, lang))
        return found.po if found is not None else None


@dataclass
class BuildResult:
    """What a build did: per language, how many entries are in each state after it."""

    articles: list[str] = field(default_factory=list)
    catalogs_written: list[Path] = field(default_factory=list)
    #: Pages written to the published folder (editions, index, feeds, sitemap), and the previews.
    editions: list[Path] = field(default_factory=list)
    previews: list[Path] = field(default_factory=list)
    #: (slug, lang) -> the edition's readiness and counts, as the assess phase found them.
    statuses: dict[tuple[str, str], EditionStatus] = field(default_factory=dict)
    drafted: dict[str, int] = field(default_factory=dict)
    unreviewed: dict[str, int] = field(default_factory=dict)
    suggestions: dict[str, int] = field(default_factory=dict)
    untranslated: dict[str, int] = field(default_factory=dict)
    model_problems: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    #: Glossary candidates the sources hold (``localise glossary suggest``), and the sources they are in.
    uncovered: int = 0
    uncovered_in: list[str] = field(default_factory=list)
    report: DraftReport | None = None
    #: per language: machine drafts made again, by reason ("engine", "glossary", "style", "old mark").
    refreshed: dict[str, dict[str, int]] = field(default_factory=dict)
    #: per language: how many machine drafts were made again.
    refreshed_drafts: dict[str, int] = field(default_factory=dict)
    #: per language: suggestions from the newsroom's reviewed work ("exact", "fuzzy").
    remembered: dict[str, dict[str, int]] = field(default_factory=dict)


def read_inputs(
    project: Project,
    langs: Sequence[str],
    *,
    sources: Sequence[Path] | None = None,
    glossary: Glossary | None = None,
) -> Inputs:
    """Read phase: glossary, the sources (default: every source of the project) and their existing
    catalogs, all validated before any write. ``glossary`` is the project's, when the caller has read
    it already; ``inputs.keys`` holds the key of each file as it was read (``buildstate``)."""
    glossary = glossary if glossary is not None else project_glossary(project)
    keys: dict[str, FileKey | None] = {}
    articles = []
    for path in project.sources() if sources is None else sources:
        shown = project.display(path)
        raw, keys[shown] = _read_keyed(path)
        articles.append(read_article(path, display_path=shown, raw=raw))  # without bytes, it says why
    slugs: dict[str, str] = {}
    for article in articles:
        if article.slug in slugs:
            raise SourceError(
                f'two sources make the article "{article.slug}" ({slugs[article.slug]} and this one); rename one',
                path=article.path,
            )
        slugs[article.slug] = article.path
    catalogs = {}
    for article in articles:
        for lang in langs:
            path = project.confined(project.catalog_path(article.slug, lang))
            shown = project.display(path)
            raw, keys[shown] = _read_keyed(path)
            if raw is None:
                raw = read_bytes(
                    path, display_path=shown
                )  # None when there is no file; else why it cannot be read
            if raw is not None:
                catalogs[(article.slug, lang)] = load_catalog(raw, lang=lang, display_path=shown)
    units = {a.slug: make_units(a) for a in articles}
    return Inputs(project, glossary, tuple(articles), units, catalogs, keys)


def _read_keyed(path: Path) -> tuple[bytes | None, FileKey | None]:
    """The file's bytes and key; (None, None) when it cannot be read (the caller's reader says why)."""
    try:
        return read_keyed(path)
    except OSError:
        return None, None


def make_templates(inputs: Inputs) -> Templates:
    """Template phase: each article's POT, its POT-Creation-Date kept unless its content changed."""
    project, templates = inputs.project, {}
    for article in inputs.articles:
        pot = build_template(
            inputs.units[article.slug],
            slug=article.slug,
            glossary=inputs.glossary,
            references=project.settings.add_location,
            langs=project.settings.languages,
        )
        path = project.confined(project.pot_path(article.slug))
        previous = read_bytes(path, display_path=project.display(path))
        templates[article.slug] = keep_creation_date(pot, previous, width=project.settings.wrap_width)
    return templates


def write_templates(
    inputs: Inputs, templates: Templates, *, keys: dict[Path, FileKey | None] | None = None
) -> list[Path]:
    """Write every article's ``locale/<slug>.pot`` that changed. Returns the paths written; ``keys``
    receives each template's key as written or found (``buildstate``)."""
    project = inputs.project
    written = []
    for slug, pot in templates.items():
        path = project.pot_path(slug)
        data = format_po(pot, width=project.settings.wrap_width)
        if write_po(pot, path, display_path=project.display(path), formatted=data):
            written.append(path)
        if keys is not None:
            keys[path] = key_of(path, data)
    return written


def update_templates(project: Project) -> list[Path]:
    """``localise pot``: the templates of every source, brought up to date (catalogs untouched)."""
    with project_lock(project.lock_path, shown=project.display(project.lock_path)):
        inputs = read_inputs(project, ())
        remove_stale_temporaries(project.locale_dir)
        return write_templates(inputs, make_templates(inputs))


def merge_catalogs(inputs: Inputs, templates: Templates, langs: Sequence[str]) -> Catalogs:
    """Merge phase: each article's units into its catalog per language (msgmerge semantics)."""
    return {
        (article.slug, lang): _merge(
            inputs, templates, article.slug, lang, inputs.existing(article.slug, lang)
        )
        for article in inputs.articles
        for lang in langs
    }


def _merge(
    inputs: Inputs, templates: Templates, slug: str, lang: str, existing: polib.POFile | None
) -> polib.POFile:
    return merge_catalog(
        existing,
        inputs.units[slug],
        lang=lang,
        slug=slug,
        glossary=inputs.glossary,
        references=inputs.project.settings.add_location,
        created=templates[slug].metadata["POT-Creation-Date"],
        comment_langs=inputs.project.settings.languages,
    )


@dataclass
class DraftOutcome:
    """What the draft phase did: drafts filled per language, languages it could not serve and why.

    ``fresh`` holds, per language, machine drafts of French that changed since review: the
    editions show them in place of the stale suggestion; the catalogs never store them.
    ``refreshed`` counts, per language and reason ("engine", "glossary", "style", "old mark"),
    the machine drafts made again because what they were made with changed; ``remembered`` the
    suggestions the newsroom's reviewed work gave ("exact", "fuzzy").
    """

    drafted: dict[str, int] = field(default_factory=dict)
    drafts: dict[str, dict[str, Draft]] = field(default_factory=dict)
    fresh: dict[str, dict[str, Draft]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    report: DraftReport | None = None
    refreshed: dict[str, dict[str, int]] = field(default_factory=dict)
    refreshed_drafts: dict[str, int] = field(default_factory=dict)
    remembered: dict[str, dict[str, int]] = field(default_factory=dict)


def draft_catalogs(
    inputs: Inputs,
    catalogs: Catalogs,
    *,
    engines: Mapping[str, Engine],
    memory: TranslationMemory | None = None,
    styles: Mapping[str, HouseStyle] | None = None,
    reviewed: Callable[[], ReviewedMemory] | None = None,
) -> DraftOutcome:
    """Draft phase: suggestions from the newsroom's reviewed work, then machine drafts, for every entry
    that has no translation, and new machine drafts for those still as the machine wrote them whose
    engine, glossary terms or house style changed since; all filled into ``catalogs``.

    ``engines`` gives the engine per language; languages on the same engine go to it together
    (argos's fr→en hop feeds fr→en→vi). ``styles`` (per language) default to the project's
    ``style/<lang>.toml``. A language its engine cannot serve keeps only what the memory gave;
    ``outcome.problems`` says why. ``reviewed`` gives the newsroom's memory when the build drafts
    some of its articles only (every article's reviewed entries, as merged); by default it is made
    from ``catalogs``.
    """
    outcome = DraftOutcome()
    langs = sorted({lang for _, lang in catalogs})
    styles = styles if styles is not None else {lang: project_style(inputs.project, lang) for lang in langs}
    outcome.remembered = _suggest_from_memory(inputs, catalogs, reviewed)
    current = _provenances(inputs, catalogs, engines, styles)
    stale = {key: stale_drafts(po, current.get(key[1], {})) for key, po in catalogs.items()}
    pending = {
        lang: {
            e.msgid
            for (slug, lang_), po in catalogs.items()
            if lang_ == lang
            for e in po
            if needs_draft(e) or needs_fresh_draft(e) or e.msgid in stale[(slug, lang_)]
        }
        for lang in langs
    }
    drafts: dict[str, dict[str, Draft]] = {lang: {} for lang in langs}
    for source_lang in sorted({a.source_lang for a in inputs.articles}):
        sources = [
            u.source for a in inputs.articles if a.source_lang == source_lang for u in inputs.units[a.slug]
        ]
        new, report, problems = draft_with_engines(
            {
                lang: [s for s in dict.fromkeys(sources) if s in pending[lang]]
                for lang in langs
                if lang in engines
            },
            source_lang=source_lang,
            engines={lang: engines[lang] for lang in langs if lang in engines},
            glossary=inputs.glossary,
            memory=memory,
            styles=styles,
        )
        outcome.problems.extend(str(p) for p in problems)
        if report is not None:
            outcome.report = report if outcome.report is None else outcome.report.merged(report)
        for lang, found in new.items():
            drafts[lang].update(found)
    outcome.drafts = drafts
    source_langs = {a.slug: a.source_lang for a in inputs.articles}
    for (slug, lang), po in catalogs.items():
        old_marks = [m for m, why in stale[(slug, lang)].items() if why == ("old mark",)]
        filled = fill_drafts(
            po,
            drafts[lang],
            refresh=stale[(slug, lang)],
            machine_texts=(
                _machine_texts(memory, po, old_marks, engines.get(lang), source_langs[slug], lang)
                if old_marks
                else None
            ),
        )
        reasons = outcome.refreshed.setdefault(lang, {})
        for msgid in filled:
            for why in stale[(slug, lang)].get(msgid, ()):
                reasons[why] = reasons.get(why, 0) + 1
        refreshed = sum(1 for msgid in filled if msgid in stale[(slug, lang)])
        outcome.refreshed_drafts[lang] = outcome.refreshed_drafts.get(lang, 0) + refreshed
        outcome.drafted[lang] = outcome.drafted.get(lang, 0) + len(filled) - refreshed
        suggestions = {e.msgid for e in po if needs_fresh_draft(e)}
        outcome.fresh.setdefault(lang, {}).update({m: d for m, d in drafts[lang].items() if m in suggestions})
    return outcome


def _suggest_from_memory(
    inputs: Inputs, catalogs: Catalogs, reviewed: Callable[[], ReviewedMemory] | None = None
) -> dict[str, dict[str, int]]:
    """The newsroom's memory: each entry with no text gets the reviewed translation of the same French in
    another article, else of French at least 80 % similar that passes the glossary and number checks
    against its own French. Returns counts per language ("exact", "fuzzy")."""
    from localise.qa.rules import problems_in

    counts: dict[str, dict[str, int]] = {}
    wanted = [(key, e.msgid) for key, po in catalogs.items() for e in po if e.msgid and needs_draft(e)]
    if not wanted:
        return counts
    memory = (
        reviewed()
        if reviewed is not None
        else ReviewedMemory((slug, lang, po) for (slug, lang), po in catalogs.items())
    )
    found: dict[tuple[str, str], dict[str, tuple[str, str | None, str]]] = {}
    for (slug, lang), msgid in wanted:

        def passes(match: MemoryMatch, msgid: str = msgid, lang: str = lang) -> bool:
            return not problems_in(msgid, match.msgstr, lang, inputs.glossary, rules=_MEMORY_CHECKS)

        match = memory.lookup(msgid, lang, slug=slug, accept=passes)
        if match is None:
            continue
        previous = None if match.msgid == msgid else match.msgid
        found.setdefault((slug, lang), {})[msgid] = (match.msgstr, previous, memory_comment(match))
        kind = "exact" if match.exact else "fuzzy"
        counts.setdefault(lang, {})[kind] = counts.get(lang, {}).get(kind, 0) + 1
    for key, suggestions in found.items():
        fill_suggestions(catalogs[key], suggestions)
    return counts


#: The check rules a suggestion from the memory must pass against its new French.
_MEMORY_CHECKS = ("term-missing", "source-form-left", "number-mismatch", "number-format")


def _provenances(
    inputs: Inputs, catalogs: Catalogs, engines: Mapping[str, Engine], styles: Mapping[str, HouseStyle]
) -> dict[str, dict[str, Provenance]]:
    """lang -> msgid -> what a machine draft of it would be made with today, for the machine drafts of
    every language an engine serves here."""
    current: dict[str, dict[str, Provenance]] = {}
    source_langs = {a.slug: a.source_lang for a in inputs.articles}
    for (slug, lang), po in catalogs.items():
        engine = engines.get(lang)
        machine = [e.msgid for e in po if state_of(e) is EntryState.MACHINE]
        if engine is None or not machine:
            continue
        try:
            label = engine.describe(source_langs[slug], lang)
        except LocaliseError:
            continue  # no engine for it today: its drafts stay as they are
        current.setdefault(lang, {}).update(
            {
                m: provenance_of(
                    m,
                    lang=lang,
                    engine=engine.name,
                    label=label,
                    glossary=inputs.glossary,
                    style=styles.get(lang),
                )
                for m in machine
            }
        )
    return current


def _machine_texts(
    memory: TranslationMemory | None,
    po: polib.POFile,
    msgids: Sequence[str],
    engine: Engine | None,
    source: str,
    lang: str,
) -> dict[str, set[str]]:
    """What the translation memory says was written for ``msgids`` before, whatever the glossary: by
    ``engine`` as it is today, or by the engine an old ``# mt:`` line names."""
    if memory is None:
        return {}
    labels: set[str] = set()
    if engine is not None:
        with contextlib.suppress(LocaliseError):  # no engine today: only the old lines' labels
            labels.add(engine.describe(source, lang))
    wanted = set(msgids)
    for entry in po:
        mark = read_mark(entry) if entry.msgid in wanted else None
        if mark is not None and mark.provenance is None:
            labels.add(mark.line.removeprefix(MT_PREFIX).strip())
    found: dict[str, set[str]] = {}
    for label in labels:
        for msgid, texts in memory.outputs(msgids, MemoryKey(source, lang, label, "")).items():
            found.setdefault(msgid, set()).update(texts)
    return found


def write_catalogs(
    inputs: Inputs,
    templates: Templates,
    catalogs: Catalogs,
    *,
    drafts: Mapping[str, Mapping[str, Draft]] | None = None,
    keys: dict[Path, FileKey | None] | None = None,
) -> list[Path]:
    """Write phase: every catalog that changed, atomically. Returns the paths written; ``keys``
    receives each catalog's key as written or found (``buildstate``).

    A catalog saved by someone else since the read phase is never overwritten: their file is
    merged again (with the same ``drafts``) and that is written; after ten such races in a row
    the build stops with the file named, nothing lost.
    """
    project = inputs.project
    written = []
    for (slug, lang), po in catalogs.items():
        path, shown = project.catalog_path(slug, lang), project.display(project.catalog_path(slug, lang))
        read = inputs.catalogs.get((slug, lang))
        seen = read.raw if read is not None else None
        for attempt in range(_WRITE_ATTEMPTS):
            try:
                data = format_po(po, width=project.settings.wrap_width)
                if write_po(po, path, display_path=shown, expected=seen, formatted=data):
                    written.append(path)
                if keys is not None:
                    keys[path] = key_of(path, data)
                break
            except ChangedOnDisk:
                time.sleep(0.02 * attempt)  # let a burst of saves settle, then take the newest save
                seen = read_bytes(path, display_path=shown)
                theirs = load_catalog(seen, lang=lang, display_path=shown).po if seen is not None else None
                po = catalogs[(slug, lang)] = _merge(inputs, templates, slug, lang, theirs)
                fill_drafts(po, (drafts or {}).get(lang, {}))
        else:
            raise CatalogError(
                f"the catalog kept changing while it was being written ({_WRITE_ATTEMPTS} times); "
                "build again when the translator's tool has saved",
                path=shown,
            )
    return written


@dataclass(frozen=True)
class Assessment:
    """Every edition's status (``publish.readiness``) and whether its language's policy lets it out."""

    statuses: Mapping[tuple[str, str], EditionStatus]
    published: Mapping[tuple[str, str], bool]

    def falling_short(self, wanted: Readiness) -> list[str]:
        """``catalog: what is missing`` for each edition that is not ``wanted`` (reviewed, or translated)."""
        return [
            f"{status.catalog}: {status.shortfall(wanted)}"
            for status in self.statuses.values()
            if (status.readiness is not Readiness.REVIEWED if wanted is Readiness.REVIEWED
                else status.readiness is Readiness.INCOMPLETE)
        ]  # fmt: skip


def assess_editions(
    inputs: Inputs,
    catalogs: Catalogs,
    langs: Sequence[str],
    *,
    fresh: Mapping[str, Mapping[str, Draft]] | None = None,
) -> Assessment:
    """Assess phase: each edition's readiness from its merged catalog and the check, nothing written.

    ``fresh`` drafts stand in for suggestions as the editions will show them.
    """
    project, statuses, published = inputs.project, {}, {}
    for article in inputs.articles:
        for lang in langs:
            path = project.catalog_path(article.slug, lang)
            read = inputs.catalogs.get((article.slug, lang))
            # The check places findings by the file's lines; only their number counts here.
            catalog = CatalogFile(
                project.display(path), read.raw if read is not None else b"", catalogs[(article.slug, lang)]
            )
            status = edition_status(
                catalog,
                inputs.glossary,
                lang=lang,
                fresh=(fresh or {}).get(lang, {}),
                style=project_style(project, lang),
            )
            statuses[(article.slug, lang)] = status
            published[(article.slug, lang)] = may_publish(
                status.readiness, project.settings.publish_for(lang)
            )
    return Assessment(statuses, published)


@dataclass
class Rendered:
    """What the render phase wrote: published pages, previews, notices, and each article's summary."""

    pages: list[Path] = field(default_factory=list)
    previews: list[Path] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    summaries: list[ArticleSummary] = field(default_factory=list)
    #: each page this render wrote or found already as it should be -> its key (``buildstate``)
    keys: dict[Path, FileKey | None] = field(default_factory=dict)


def render_notices(project: Project, langs: Sequence[str]) -> list[str]:
    """What the render phase says about the project itself: languages without an interface catalog, no base-url."""
    settings = project.settings
    notices = [
        f'no interface catalog for "{lang}": the {lang} edition\'s own words (dateline label, notes) '
        f"are in English until localise/publish/interface/{lang}.po exists"
        for lang in langs
        if not edition_for(lang, timezones=settings.timezones).has_interface
    ]
    if settings.base_url is None:
        notices.append(
            "no base-url in [tool.localise]: canonical and hreflang links, og:url, the Atom feeds and "
            'sitemap.xml are left out; set base-url = "https://…/" to where build/site is served'
        )
    return notices


def render_editions(
    inputs: Inputs,
    catalogs: Catalogs,
    langs: Sequence[str],
    out: Path,
    *,
    assessment: Assessment | None = None,
    fresh: Mapping[str, Mapping[str, Draft]] | None = None,
    on_article: Callable[[str], None] | None = None,
    site_pages: bool = True,
) -> Rendered:
    """Render phase: what the publish policy lets out to ``out/site/``, the rest to ``out/preview/``.

    ``out/site/`` holds the published editions (``<lang>/<slug>.html``), ``index.html`` and, with
    a ``base-url``, an Atom feed per language and ``sitemap.xml``: only what may go out, ready to
    upload. ``out/preview/`` holds the editions held back (``noindex``, a banner saying what is
    missing) and ``index.html``, every edition's readiness for the desk. An edition's copy in the
    other folder, left by an earlier build, is removed. ``fresh`` (per language, msgid -> draft)
    stands in for suggestions, whose French changed since review. A page that already holds what
    it should is not written again. ``site_pages`` False leaves the index, feeds and sitemap to the
    caller (``write_site_pages``), which makes them from every article's summary.
    """
    project = inputs.project
    settings = project.settings
    assessment = assessment or assess_editions(inputs, catalogs, langs, fresh=fresh)
    site, preview = out / SITE_DIR, out / PREVIEW_DIR
    editions = {lang: edition_for(lang, timezones=settings.timezones) for lang in langs}
    done = Rendered()
    done.notices = render_notices(project, langs)
    for article in inputs.articles:
        out_langs = [lang for lang in langs if assessment.published[(article.slug, lang)]]
        summaries = []
        for lang in langs:
            status = assessment.statuses[(article.slug, lang)]
            is_out = assessment.published[(article.slug, lang)]
            po = catalogs[(article.slug, lang)]
            modified = _modified(article.published, po)
            edition = render_edition(
                article,
                passages(po, (fresh or {}).get(lang)),
                editions[lang],
                alternates=[other for other in out_langs if other != lang],
                units=inputs.units[article.slug],
                glossary=inputs.glossary,
                published=is_out,
                base_url=settings.base_url,
                default_lang=out_langs[0] if out_langs else None,
                modified=modified,
                status=status,
                policy=settings.publish_for(lang),
            )
            target = project.edition_path(article.slug, lang, site if is_out else preview)
            _, done.keys[target] = write_if_changed(target, edition.html, shown=project.display(target))
            project.edition_path(article.slug, lang, preview if is_out else site).unlink(missing_ok=True)
            (done.pages if is_out else done.previews).append(target)
            summaries.append(
                EditionSummary(
                    lang,
                    edition.title or article.title,
                    edition.description,
                    status.readiness,
                    is_out,
                    status.shortfall(),
                    edition.entries,
                    modified,
                )
            )
        done.summaries.append(
            ArticleSummary(
                article.slug, article.source_lang, article.title, article.source_url, article.published,
                tuple(summaries),
            )
        )  # fmt: skip
        if on_article is not None:
            on_article(article.slug)
    if site_pages:
        site_keys = write_site_pages(project, done.summaries, langs, out)
        done.keys.update(site_keys)
        done.pages += [p for p in site_keys if p.is_relative_to(site)]
        done.previews += [p for p in site_keys if not p.is_relative_to(site)]
    return done


def write_site_pages(
    project: Project, summaries: Sequence[ArticleSummary], langs: Sequence[str], out: Path
) -> dict[Path, FileKey | None]:
    """The pages made from every article's summary: the published folder's ``index.html``, with a base
    URL its Atom feed per language and ``sitemap.xml``, and the preview folder's ``index.html``. Each
    written only if it changed; returns every page with its key, published ones first."""
    base_url = project.settings.base_url
    site = out / SITE_DIR
    pages = {site / "index.html": render_index(summaries, langs, base_url=base_url)}
    if base_url is not None:
        for lang in langs:
            name = edition_for(lang).lang
            pages[site / feed_href(lang)] = render_feed(
                summaries, lang, base_url, title="localise editions", language_name=_language_name(name)
            )
        pages[site / SITEMAP_NAME] = render_sitemap(summaries, base_url, langs)
    pages[out / PREVIEW_DIR / "index.html"] = render_preview_index(summaries, langs, site=f"../{SITE_DIR}")
    return {
        path: write_if_changed(path, text, shown=project.display(path))[1] for path, text in pages.items()
    }


def _language_name(lang: str) -> str:
    from babel import Locale

    return Locale.parse(lang.replace("-", "_")).get_display_name(lang.replace("-", "_")) or lang


def _modified(published: datetime | None, po: polib.POFile) -> datetime | None:
    """When an edition last changed: its catalog's PO-Revision-Date, never before the article itself."""
    stamp = po.metadata.get("PO-Revision-Date", "")
    try:
        revised: datetime | None = datetime.strptime(stamp, "%Y-%m-%d %H:%M%z")
    except ValueError:  # the template's placeholder, or a tool's own format: the article's date stands
        revised = None
    if published is None or revised is None:
        return revised or published
    return max(published, revised)


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


#: Articles per process below which a pool costs more than it saves.
_ARTICLES_PER_JOB = 4
#: Articles whose machine translation is batched together (bounded: the group is held in memory).
_DRAFT_GROUP = 32
#: State commits: every this many articles, so a killed build keeps what it finished.
_COMMIT_EVERY = 25


@dataclass(frozen=True)
class _Job:
    """What every article's work in a build shares (a worker process inherits it when forked)."""

    project: Project
    langs: tuple[str, ...]
    out: Path
    glossary: Glossary
    translate: bool
    hint: bool = False


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

    def inputs(self, job: _Job) -> Inputs:
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
    job: _Job, task: tuple[Path, tuple[str, ...]]
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


def _prepare(job: _Job, path: Path) -> _Work:
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


def _process(job: _Job, path: Path) -> _Done | _Pending:
    """An article built from its files, unless it needs the draft phase (then only what that needs)."""
    work = _prepare(job, path)
    if job.translate and _wants_drafts(work.catalogs.values()):
        slug = work.article.slug
        return _Pending(
            path, slug, {lang: reviewed_entries(work.catalogs[(slug, lang)]) for lang in job.langs}
        )
    return _finish(job, work)


def _finish_work(
    job: _Job, task: tuple[_Work, dict[str, dict[str, Draft]], dict[str, dict[str, Draft]]]
) -> _Done:
    work, fresh, drafts = task
    return _finish(job, work, fresh=fresh, drafts=drafts)


def _finish(
    job: _Job,
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
    return {
        "catalog": status.catalog,
        "reviewed": status.reviewed,
        "machine": status.machine,
        "suggestions": status.suggestions,
        "untranslated": status.untranslated,
        "findings": status.findings,
        "in_french": status.in_french,
        "readiness": status.readiness.value,
        "shortfall": status.shortfall(),
        "published": published,
        "page": page,
    }


def _status_of(record: Mapping[str, Any]) -> EditionStatus:
    return EditionStatus(
        record["catalog"],
        record["reviewed"],
        record["machine"],
        record["suggestions"],
        record["untranslated"],
        record["findings"],
        record["in_french"],
    )


_WORKER_JOB: _Job | None = None


def _set_job(job: _Job) -> None:
    global _WORKER_JOB
    _WORKER_JOB = job


def _in_worker(task: tuple[Callable[[_Job, Any], Any], Any]) -> Any:
    function, item = task
    assert _WORKER_JOB is not None
    return function(_WORKER_JOB, item)


class _Pool:
    """The per-article work of a build, in worker processes (forked: they share what the parent read)
    when there are enough articles and the platform forks; in this process otherwise. Results come
    in the order of the items."""

    def __init__(self, job: _Job, count: int, jobs: int | None):
        import multiprocessing

        self.job = job
        self.workers = min(jobs or os.cpu_count() or 1, count // _ARTICLES_PER_JOB)
        if "fork" not in multiprocessing.get_all_start_methods():
            self.workers = 1
        self._pool: Any = None

    def map(self, function: Callable[[_Job, Any], Any], items: Sequence[Any]) -> Iterator[Any]:
        if self.workers < 2 or len(items) < 2:
            return (function(self.job, item) for item in items)
        if self._pool is None:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            self._pool = ProcessPoolExecutor(
                self.workers,
                mp_context=multiprocessing.get_context("fork"),
                initializer=_set_job,
                initargs=(self.job,),
            )
        return iter(self._pool.map(_in_worker, [(function, item) for item in items]))

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)


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
        job = _Job(project, self.langs, self.out, glossary or Glossary([]), self.translate, hint)
        if on_start is not None:
            on_start(len(todo))  # the newsroom's memory may add a few: a bar grows no longer than this
        pool = _Pool(job, len(todo), jobs)
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

    def _validate(self, pool: _Pool, plan: Plan, todo: Sequence[Path]) -> None:
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

    def _build_streaming(self, pool: _Pool, job: _Job, todo: Sequence[Path]) -> None:
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

    def _build_all_then_write(
        self, pool: _Pool, job: _Job, todo: Sequence[Path], required: Readiness
    ) -> None:
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
        self, job: _Job, works: Sequence[_Work]
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


@dataclass(frozen=True)
class CatalogRow:
    """One catalog in ``localise stats``: its counts, and its edition's readiness under the language's policy."""

    lang: str
    catalog: str
    stats: CatalogStats
    readiness: str = ""
    findings: int = 0
    publish: str = "reviewed"
    goes_out: bool = False


def project_stats(project: Project) -> list[CatalogRow]:
    """Per catalog of the project: entries by state, glossary terms covered, the edition's readiness."""
    glossary = project_glossary(project)
    rows = []
    for path in project.catalogs():
        lang = path.parent.parent.name
        catalog = read_catalog(path, lang=lang, display_path=project.display(path))
        status = edition_status(catalog, glossary, lang=lang, style=project_style(project, lang))
        policy = project.settings.publish_for(lang)
        rows.append(
            CatalogRow(
                lang,
                project.display(path),
                catalog_stats(catalog.po, glossary),
                status.readiness.value,
                status.findings,
                policy,
                may_publish(status.readiness, policy),
            )
        )
    return rows


@dataclass(frozen=True)
class Reviewed:
    """What ``review_project`` wrote: each proof page with its edition's status, and the index."""

    pages: tuple[tuple[Path, EditionStatus], ...]
    index: Path

    @property
    def paths(self) -> list[Path]:
        return [path for path, _ in self.pages] + [self.index]


def review_project(
    project: Project,
    *,
    langs: Sequence[str] | None = None,
    out: str | Path | None = None,
    jobs: int | None = None,
) -> Reviewed:
    """``localise review``: ``out/review/<lang>/<slug>.html`` per catalog and ``out/review/index.html``.

    Reads the catalogs as they are (no merge, no machine translation): the desk sees what the
    translators saved, with the check's findings on every entry, machine drafts included. Article by
    article, each read once and let go (``jobs`` processes, as the build); a page that already holds
    what it should is not written again.
    """
    from localise.publish.editions import render_review_index

    langs = tuple(langs or project.settings.languages)
    folder = (Path(out).resolve() if out is not None else project.build_dir) / "review"
    sources = project.sources()
    job = _Job(project, langs, folder, project_glossary(project), False)
    pool = _Pool(job, len(sources), jobs)
    pages, written = [], []
    slugs: dict[str, str] = {}
    try:
        for path, (slug, found) in zip(sources, pool.map(_review_article, sources), strict=True):
            if slug in slugs:
                raise SourceError(
                    f'two sources make the article "{slug}" ({slugs[slug]} and this one); rename one',
                    path=project.display(path),
                )
            slugs[slug] = project.display(path)
            for target, page in found:
                written.append(target)
                pages.append(page)
    finally:
        pool.close()
    if not pages:
        raise CatalogError(
            "no catalogs to review; run `localise build` first", path=project.display(project.locale_dir)
        )
    index = folder / "index.html"
    write_if_changed(index, render_review_index(pages, langs), shown=project.display(index))
    return Reviewed(
        tuple((path, page.status) for path, page in zip(written, pages, strict=True) if page.status), index
    )


def _review_article(job: _Job, path: Path) -> tuple[str, list[tuple[Path, ReviewPage]]]:
    """One article's proof pages written; each page returned without its rows (the index needs its counts)."""
    from localise.publish.editions import render_review
    from localise.publish.review import review_page
    from localise.qa.check import check_catalog

    project = job.project
    inputs = read_inputs(project, job.langs, sources=[path], glossary=job.glossary)
    article = inputs.articles[0]
    found = []
    for lang in job.langs:
        catalog = inputs.catalogs.get((article.slug, lang))
        if catalog is None:
            continue
        style = project_style(project, lang)
        problems = check_catalog(catalog, job.glossary, lang=lang, include_fuzzy=True, style=style)
        findings: dict[str, list[str]] = {}
        for finding in problems:
            findings.setdefault(finding.msgid, []).append(finding.message)
        page = review_page(
            article,
            inputs.units[article.slug],
            catalog,
            lang=lang,
            glossary=job.glossary,
            findings=findings,
            status=edition_status(catalog, job.glossary, lang=lang, findings=problems),
        )
        target = job.out / lang / f"{article.slug}.html"
        html = render_review(page, edition_for(lang, timezones=project.settings.timezones))
        write_if_changed(target, html, shown=project.display(target))
        slim = dataclasses.replace(article, blocks=(), dropped=())
        found.append((target, dataclasses.replace(page, rows=(), article=slim)))
    return article.slug, found


def translate_texts(
    project: Project,
    texts: Sequence[str],
    *,
    source_lang: str,
    targets: Sequence[str],
    engines: Mapping[str, Engine] | None = None,
) -> tuple[dict[str, dict[str, Draft]], dict[str, str]]:
    """One-off sentences through the same pipeline as a build (glossary and numbers protected, the house
    style applied), no memory.

    ``engines`` (per language) default to each language's route. Returns the drafts of every
    language an engine serves here, and for each other language the one-line reason it has none.
    """
    engines = engines or engines_for(project, targets, source=source_lang)
    unavailable: dict[str, str] = {}
    for lang in targets:
        try:
            engines[lang].describe(source_lang, lang)
        except LocaliseError as exc:
            unavailable[lang] = exc.message
    served = [lang for lang in targets if lang not in unavailable]
    drafts, _, problems = draft_with_engines(
        {lang: list(texts) for lang in served},
        source_lang=source_lang,
        engines={lang: engines[lang] for lang in served},
        glossary=project_glossary(project),
        styles={lang: project_style(project, lang) for lang in served},
    )
    if problems:  # pragma: no cover - each engine was asked above
        raise problems[0]
    return drafts, unavailable
