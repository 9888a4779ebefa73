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
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import polib

from localise.catalogs.merge import fill_drafts, fill_suggestions, merge_catalog, stale_drafts
from localise.catalogs.pofile import (
    CatalogFile,
    ChangedOnDisk,
    load_catalog,
    read_bytes,
    read_catalog,
    write_po,
)
from localise.catalogs.provenance import read_mark
from localise.catalogs.reviewed_memory import MemoryMatch, ReviewedMemory, memory_comment
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
from localise.errors import CatalogError, LocaliseError, SourceError, TranslationIncomplete
from localise.files import remove_stale_temporaries, write_text_atomic
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
from localise.publish.summary import PREVIEW_DIR, SITE_DIR, ArticleSummary, EditionSummary
from localise.sources.ingest import read_article
from localise.sources.units import make_units

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


def read_inputs(project: Project, langs: Sequence[str]) -> Inputs:
    """Read phase: glossary, every source and every existing catalog, all validated before any write."""
    glossary = project_glossary(project)
    articles = tuple(read_article(path, display_path=project.display(path)) for path in project.sources())
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
            raw = read_bytes(path, display_path=project.display(path))
            if raw is not None:
                catalogs[(article.slug, lang)] = load_catalog(
                    raw, lang=lang, display_path=project.display(path)
                )
    units = {a.slug: make_units(a) for a in articles}
    return Inputs(project, glossary, articles, units, catalogs)


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


def write_templates(inputs: Inputs, templates: Templates) -> list[Path]:
    """Write every article's ``locale/<slug>.pot`` that changed. Returns the paths written."""
    project = inputs.project
    written = []
    for slug, pot in templates.items():
        path = project.pot_path(slug)
        if write_po(pot, path, width=project.settings.wrap_width, display_path=project.display(path)):
            written.append(path)
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
) -> DraftOutcome:
    """Draft phase: suggestions from the newsroom's reviewed work, then machine drafts, for every entry
    that has no translation, and new machine drafts for those still as the machine wrote them whose
    engine, glossary terms or house style changed since; all filled into ``catalogs``.

    ``engines`` gives the engine per language; languages on the same engine go to it together
    (argos's fr→en hop feeds fr→en→vi). ``styles`` (per language) default to the project's
    ``style/<lang>.toml``. A language its engine cannot serve keeps only what the memory gave;
    ``outcome.problems`` says why.
    """
    outcome = DraftOutcome()
    langs = sorted({lang for _, lang in catalogs})
    styles = styles if styles is not None else {lang: project_style(inputs.project, lang) for lang in langs}
    outcome.remembered = _suggest_from_memory(inputs, catalogs)
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


def _suggest_from_memory(inputs: Inputs, catalogs: Catalogs) -> dict[str, dict[str, int]]:
    """The newsroom's memory: each entry with no text gets the reviewed translation of the same French in
    another article, else of French at least 80 % similar that passes the glossary and number checks
    against its own French. Returns counts per language ("exact", "fuzzy")."""
    from localise.qa.rules import problems_in

    counts: dict[str, dict[str, int]] = {}
    wanted = [(key, e.msgid) for key, po in catalogs.items() for e in po if e.msgid and needs_draft(e)]
    if not wanted:
        return counts
    memory = ReviewedMemory((slug, lang, po) for (slug, lang), po in catalogs.items())
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
) -> list[Path]:
    """Write phase: every catalog that changed, atomically. Returns the paths written.

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
                if write_po(po, path, width=project.settings.wrap_width, display_path=shown, expected=seen):
                    written.append(path)
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


def render_editions(
    inputs: Inputs,
    catalogs: Catalogs,
    langs: Sequence[str],
    out: Path,
    *,
    assessment: Assessment | None = None,
    fresh: Mapping[str, Mapping[str, Draft]] | None = None,
    on_article: Callable[[str], None] | None = None,
) -> Rendered:
    """Render phase: what the publish policy lets out to ``out/site/``, the rest to ``out/preview/``.

    ``out/site/`` holds the published editions (``<lang>/<slug>.html``), ``index.html`` and, with
    a ``base-url``, an Atom feed per language and ``sitemap.xml``: only what may go out, ready to
    upload. ``out/preview/`` holds the editions held back (``noindex``, a banner saying what is
    missing) and ``index.html``, every edition's readiness for the desk. An edition's copy in the
    other folder, left by an earlier build, is removed. ``fresh`` (per language, msgid -> draft)
    stands in for suggestions, whose French changed since review.
    """
    project = inputs.project
    settings = project.settings
    assessment = assessment or assess_editions(inputs, catalogs, langs, fresh=fresh)
    site, preview = out / SITE_DIR, out / PREVIEW_DIR
    editions = {lang: edition_for(lang, timezones=settings.timezones) for lang in langs}
    done = Rendered()
    done.notices = [
        f'no interface catalog for "{lang}": the {lang} edition\'s own words (dateline label, notes) '
        f"are in English until localise/publish/interface/{lang}.po exists"
        for lang, edition in editions.items()
        if not edition.has_interface
    ]
    if settings.base_url is None:
        done.notices.append(
            "no base-url in [tool.localise]: canonical and hreflang links, og:url, the Atom feeds and "
            'sitemap.xml are left out; set base-url = "https://…/" to where build/site is served'
        )
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
            write_text_atomic(target, edition.html, shown=project.display(target))
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
    done.pages += _site_pages(project, done.summaries, langs, site)
    index = preview / "index.html"
    write_text_atomic(
        index,
        render_preview_index(done.summaries, langs, site=f"../{SITE_DIR}"),
        shown=project.display(index),
    )
    done.previews.append(index)
    return done


def _site_pages(
    project: Project, summaries: Sequence[ArticleSummary], langs: Sequence[str], site: Path
) -> list[Path]:
    """The published folder's index, and with a base URL its Atom feed per language and sitemap.xml."""
    base_url = project.settings.base_url
    pages = {site / "index.html": render_index(summaries, langs, base_url=base_url)}
    if base_url is not None:
        for lang in langs:
            name = edition_for(lang).lang
            pages[site / feed_href(lang)] = render_feed(
                summaries, lang, base_url, title="localise editions", language_name=_language_name(name)
            )
        pages[site / SITEMAP_NAME] = render_sitemap(summaries, base_url, langs)
    for path, text in pages.items():
        write_text_atomic(path, text, shown=project.display(path))
    return list(pages)


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
) -> BuildResult:
    """Build catalogs and editions for every article in the project's ``sources/``.

    ``langs`` defaults to the project's languages. ``engines`` gives the engine per language
    (``engines.registry.engines_for``); else ``engine`` serves every language; else each
    language takes its default route (an installed argos model, else Apertium). A language no
    engine serves keeps its new units untranslated and ``result.model_problems`` says why. ``on_article(slug)`` is called as each article's
    editions are written. With ``require_translated`` or ``require_reviewed``, an edition that
    falls short stops the build before anything is written: TranslationIncomplete names each
    one's catalog and what it lacks (``locale/vi/LC_MESSAGES/x.po: 57 untranslated``).
    """
    langs = tuple(langs or project.settings.languages)
    check_settings(project)
    for lang in langs:
        edition_for(lang)  # an unknown language stops the build before anything is read
    out_dir = Path(out).resolve() if out is not None else project.build_dir
    with project_lock(project.lock_path, shown=project.display(project.lock_path)):
        chosen = engines or ({lang: engine for lang in langs} if engine is not None else None)
        required = Readiness.REVIEWED if require_reviewed else Readiness.DRAFT if require_translated else None
        return _build(project, langs, out_dir, chosen, translate, use_memory, on_article, required)


def _build(
    project: Project,
    langs: Sequence[str],
    out_dir: Path,
    engines: Mapping[str, Engine] | None,
    translate: bool,
    use_memory: bool,
    on_article: Callable[[str], None] | None,
    required: Readiness | None,
) -> BuildResult:
    inputs = read_inputs(project, langs)
    # What a killed build left half-written (under the lock nothing else writes there; the proof
    # pages below build/review/ are written without it, so that folder is left alone).
    for folder in (project.locale_dir, out_dir / SITE_DIR, out_dir / PREVIEW_DIR):
        remove_stale_temporaries(folder)
    templates = make_templates(inputs)
    catalogs = merge_catalogs(inputs, templates, langs)
    result = BuildResult(articles=[a.slug for a in inputs.articles])
    candidates = suggest_terms(inputs.articles, inputs.glossary)
    result.uncovered, result.uncovered_in = len(candidates), sorted({c.path for c in candidates})
    fresh: dict[str, dict[str, Draft]] = {}
    drafts: dict[str, dict[str, Draft]] = {}
    if translate and any(
        needs_draft(e) or state_of(e) in (EntryState.SUGGESTION, EntryState.MACHINE)
        for po in catalogs.values()
        for e in po
    ):
        memory = (
            TranslationMemory(project.memory_path, shown=project.display(project.memory_path))
            if use_memory
            else None
        )
        try:
            outcome = draft_catalogs(
                inputs, catalogs, engines=engines or engines_for(project, langs), memory=memory
            )
        finally:
            if memory is not None:
                memory.close()
        result.drafted, result.model_problems, result.report = (
            outcome.drafted,
            outcome.problems,
            outcome.report,
        )
        result.refreshed, result.refreshed_drafts = outcome.refreshed, outcome.refreshed_drafts
        result.remembered = outcome.remembered
        fresh, drafts = outcome.fresh, outcome.drafts
    assessment = assess_editions(inputs, catalogs, langs, fresh=fresh)
    if required is not None:
        _require(assessment, required)
    result.statuses = dict(assessment.statuses)
    result.catalogs_written = write_templates(inputs, templates) + write_catalogs(
        inputs, templates, catalogs, drafts=drafts
    )
    rendered = render_editions(
        inputs, catalogs, langs, out_dir, assessment=assessment, fresh=fresh, on_article=on_article
    )
    result.editions, result.previews, result.notices = rendered.pages, rendered.previews, rendered.notices
    for (_, lang), po in catalogs.items():
        counts = catalog_stats(po)
        result.drafted.setdefault(lang, 0)
        result.unreviewed[lang] = result.unreviewed.get(lang, 0) + counts.machine_drafts
        result.suggestions[lang] = result.suggestions.get(lang, 0) + counts.suggestions
        result.untranslated[lang] = result.untranslated.get(lang, 0) + counts.untranslated
    return result


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
    project: Project, *, langs: Sequence[str] | None = None, out: str | Path | None = None
) -> Reviewed:
    """``localise review``: ``out/review/<lang>/<slug>.html`` per catalog and ``out/review/index.html``.

    Reads the catalogs as they are (no merge, no machine translation): the desk sees what the
    translators saved, with the check's findings on every entry, machine drafts included.
    """
    from localise.publish.editions import render_review, render_review_index
    from localise.publish.review import review_page
    from localise.qa.check import check_catalog

    langs = tuple(langs or project.settings.languages)
    folder = (Path(out).resolve() if out is not None else project.build_dir) / "review"
    inputs = read_inputs(project, langs)
    pages, written = [], []
    for article in inputs.articles:
        for lang in langs:
            catalog = inputs.catalogs.get((article.slug, lang))
            if catalog is None:
                continue
            found = check_catalog(
                catalog, inputs.glossary, lang=lang, include_fuzzy=True, style=project_style(project, lang)
            )
            findings: dict[str, list[str]] = {}
            for finding in found:
                findings.setdefault(finding.msgid, []).append(finding.message)
            page = review_page(
                article,
                inputs.units[article.slug],
                catalog,
                lang=lang,
                glossary=inputs.glossary,
                findings=findings,
                status=edition_status(catalog, inputs.glossary, lang=lang, findings=found),
            )
            target = folder / lang / f"{article.slug}.html"
            write_text_atomic(target, render_review(page, edition_for(lang, timezones=project.settings.timezones)),
                              shown=project.display(target))  # fmt: skip
            pages.append(page)
            written.append(target)
    if not pages:
        raise CatalogError(
            "no catalogs to review; run `localise build` first", path=project.display(project.locale_dir)
        )
    index = folder / "index.html"
    write_text_atomic(index, render_review_index(pages, langs), shown=project.display(index))
    return Reviewed(
        tuple((path, page.status) for path, page in zip(written, pages, strict=True) if page.status), index
    )


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
