"""The application: the build as named phases, and the project-wide services beside it.

Public: build_project(project, ...), BuildResult, read_inputs(project, langs), Inputs, make_templates(inputs),
merge_catalogs(inputs, templates, langs), draft_catalogs(inputs, catalogs, ...), write_templates(inputs, templates),
write_catalogs(inputs, templates, catalogs), render_editions(inputs, catalogs, langs, out), update_templates(project),
project_stats(project), CatalogRow, review_project(project, ...), translate_texts(project, texts, ...).

A build runs read -> template -> merge -> draft -> write -> render, each phase a function a
newsroom script can call on its own and each calling its stage once. Everything is read and
validated before anything is written (a broken source, glossary or PO file stops the run with
nothing changed), and every catalog is read once: the read phase's ``CatalogFile`` is what merge
starts from, what the write compares against, and what ``review`` and the check place findings
with. Catalogs are merged (human work is never overwritten) and written atomically; editions are
rendered from the catalogs, so a translator's edit shows in the next build.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import polib

from localise.catalogs.merge import fill_drafts, merge_catalog
from localise.catalogs.pofile import (
    CatalogFile,
    ChangedOnDisk,
    load_catalog,
    read_bytes,
    read_catalog,
    write_po,
)
from localise.catalogs.state import CatalogStats, catalog_stats, needs_draft, needs_fresh_draft, passages
from localise.catalogs.template import build_template, keep_creation_date
from localise.errors import CatalogError, SourceError, TranslationIncomplete
from localise.files import remove_stale_temporaries, write_text_atomic
from localise.glossary.suggest import suggest_terms
from localise.glossary.terms import Glossary, project_glossary
from localise.locking import project_lock
from localise.model import Article, Draft, Unit
from localise.mt.engines import Engine
from localise.mt.engines.registry import check_settings, engines_for
from localise.mt.memory import TranslationMemory
from localise.mt.translate import DraftReport, draft_with_engines
from localise.project import Project
from localise.publish.editions import edition_for, render_edition, render_index
from localise.sources.ingest import read_article
from localise.sources.units import make_units

__all__ = [
    "BuildResult",
    "CatalogRow",
    "Inputs",
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
    editions: list[Path] = field(default_factory=list)
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
    """

    drafted: dict[str, int] = field(default_factory=dict)
    drafts: dict[str, dict[str, Draft]] = field(default_factory=dict)
    fresh: dict[str, dict[str, Draft]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    report: DraftReport | None = None


def draft_catalogs(
    inputs: Inputs,
    catalogs: Catalogs,
    *,
    engines: Mapping[str, Engine],
    memory: TranslationMemory | None = None,
) -> DraftOutcome:
    """Draft phase: machine drafts for every entry that has no translation, filled into ``catalogs``.

    ``engines`` gives the engine per language; languages on the same engine go to it together
    (argos's fr→en hop feeds fr→en→vi). A language its engine cannot serve stays untranslated;
    ``outcome.problems`` says why.
    """
    outcome = DraftOutcome()
    langs = sorted({lang for _, lang in catalogs})
    pending = {
        lang: {
            e.msgid
            for (_, lang_), po in catalogs.items()
            if lang_ == lang
            for e in po
            if needs_draft(e) or needs_fresh_draft(e)
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
        )
        outcome.problems.extend(str(p) for p in problems)
        if report is not None:
            outcome.report = report if outcome.report is None else outcome.report.merged(report)
        for lang, found in new.items():
            drafts[lang].update(found)
    outcome.drafts = drafts
    for (_, lang), po in catalogs.items():
        outcome.drafted[lang] = outcome.drafted.get(lang, 0) + fill_drafts(po, drafts[lang])
        stale = {e.msgid for e in po if needs_fresh_draft(e)}
        outcome.fresh.setdefault(lang, {}).update({m: d for m, d in drafts[lang].items() if m in stale})
    return outcome


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


def render_editions(
    inputs: Inputs,
    catalogs: Catalogs,
    langs: Sequence[str],
    out: Path,
    *,
    fresh: Mapping[str, Mapping[str, Draft]] | None = None,
    on_article: Callable[[str], None] | None = None,
) -> tuple[list[Path], list[str]]:
    """Render phase: ``out/<lang>/<slug>.html`` per article and language, and ``out/index.html``.

    ``fresh`` (per language, msgid -> draft) stands in for suggestions, whose French changed since
    review. Returns the pages written and notices (an edition language with no interface catalog).
    """
    project = inputs.project
    editions = {lang: edition_for(lang, timezones=project.settings.timezones) for lang in langs}
    notices = [
        f'no interface catalog for "{lang}": the {lang} edition\'s own words (dateline label, notes) '
        f"are in English until localise/publish/interface/{lang}.po exists"
        for lang, edition in editions.items()
        if not edition.has_interface
    ]
    pages: list[Path] = []
    titles = []
    for article in inputs.articles:
        shown: dict[str, str] = {}
        for lang in langs:
            texts = passages(catalogs[(article.slug, lang)], (fresh or {}).get(lang))
            edition = render_edition(
                article,
                texts,
                editions[lang],
                alternates=[other for other in langs if other != lang],
                units=inputs.units[article.slug],
                glossary=inputs.glossary,
            )
            target = project.edition_path(article.slug, lang, out)
            write_text_atomic(target, edition.html, shown=project.display(target))
            pages.append(target)
            shown[lang] = edition.title or article.title
        titles.append((article, shown))
        if on_article is not None:
            on_article(article.slug)
    index = out / "index.html"
    write_text_atomic(index, render_index(titles, langs), shown=project.display(index))
    pages.append(index)
    return pages, notices


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
    editions are written. With ``require_translated`` or ``require_reviewed`` the outputs are
    still written, then TranslationIncomplete is raised.
    """
    langs = tuple(langs or project.settings.languages)
    check_settings(project)
    for lang in langs:
        edition_for(lang)  # an unknown language stops the build before anything is read
    out_dir = Path(out).resolve() if out is not None else project.build_dir
    with project_lock(project.lock_path, shown=project.display(project.lock_path)):
        chosen = engines or ({lang: engine for lang in langs} if engine is not None else None)
        result = _build(project, langs, out_dir, chosen, translate, use_memory, on_article)
    _require(result, translated=require_translated, reviewed=require_reviewed)
    return result


def _build(
    project: Project,
    langs: Sequence[str],
    out_dir: Path,
    engines: Mapping[str, Engine] | None,
    translate: bool,
    use_memory: bool,
    on_article: Callable[[str], None] | None,
) -> BuildResult:
    inputs = read_inputs(project, langs)
    # What a killed build left half-written (under the lock nothing else writes there; the proof
    # pages below build/review/ are written without it, so that folder is left alone).
    for folder in (project.locale_dir, *(out_dir / lang for lang in langs)):
        remove_stale_temporaries(folder)
    remove_stale_temporaries(out_dir, below=False)
    templates = make_templates(inputs)
    catalogs = merge_catalogs(inputs, templates, langs)
    result = BuildResult(articles=[a.slug for a in inputs.articles])
    candidates = suggest_terms(inputs.articles, inputs.glossary)
    result.uncovered, result.uncovered_in = len(candidates), sorted({c.path for c in candidates})
    fresh: dict[str, dict[str, Draft]] = {}
    drafts: dict[str, dict[str, Draft]] = {}
    if translate and any(needs_draft(e) or needs_fresh_draft(e) for po in catalogs.values() for e in po):
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
        fresh, drafts = outcome.fresh, outcome.drafts
    result.catalogs_written = write_templates(inputs, templates) + write_catalogs(
        inputs, templates, catalogs, drafts=drafts
    )
    result.editions, result.notices = render_editions(
        inputs, catalogs, langs, out_dir, fresh=fresh, on_article=on_article
    )
    for (_, lang), po in catalogs.items():
        counts = catalog_stats(po)
        result.drafted.setdefault(lang, 0)
        result.unreviewed[lang] = result.unreviewed.get(lang, 0) + counts.machine_drafts
        result.suggestions[lang] = result.suggestions.get(lang, 0) + counts.suggestions
        result.untranslated[lang] = result.untranslated.get(lang, 0) + counts.untranslated
    return result


def _require(result: BuildResult, *, translated: bool, reviewed: bool) -> None:
    untranslated = sum(result.untranslated.values())
    unreviewed = sum(result.unreviewed.values())
    suggestions = sum(result.suggestions.values())
    if translated and untranslated:
        raise TranslationIncomplete(
            f"{untranslated} entries have no translation; install a model (`localise models install`) "
            "or translate them in the PO files"
        )
    if reviewed and (untranslated or unreviewed or suggestions):
        raise TranslationIncomplete(
            f"{unreviewed} machine drafts, {suggestions} suggestions and {untranslated} untranslated entries "
            "are not reviewed; review them in the PO files and clear the fuzzy flag"
        )


@dataclass(frozen=True)
class CatalogRow:
    """One catalog in ``localise stats``."""

    lang: str
    catalog: str
    stats: CatalogStats


def project_stats(project: Project) -> list[CatalogRow]:
    """Per catalog of the project: entries by state and glossary terms covered."""
    glossary = project_glossary(project)
    rows = []
    for path in project.catalogs():
        lang = path.parent.parent.name
        catalog = read_catalog(path, lang=lang, display_path=project.display(path))
        rows.append(CatalogRow(lang, project.display(path), catalog_stats(catalog.po, glossary)))
    return rows


def review_project(
    project: Project, *, langs: Sequence[str] | None = None, out: str | Path | None = None
) -> list[Path]:
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
            findings: dict[str, list[str]] = {}
            for finding in check_catalog(catalog, inputs.glossary, include_fuzzy=True):
                findings.setdefault(finding.msgid, []).append(finding.message)
            page = review_page(
                article,
                inputs.units[article.slug],
                catalog,
                lang=lang,
                glossary=inputs.glossary,
                findings=findings,
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
    return [*written, index]


def translate_texts(
    project: Project,
    texts: Sequence[str],
    *,
    source_lang: str,
    targets: Sequence[str],
    engines: Mapping[str, Engine] | None = None,
) -> dict[str, dict[str, Draft]]:
    """One-off sentences through the same pipeline as a build (glossary and numbers protected), no memory.

    ``engines`` (per language) default to each language's route; ModelMissing when one has none.
    """
    engines = engines or engines_for(project, targets, source=source_lang)
    drafts, _, problems = draft_with_engines(
        {lang: list(texts) for lang in targets},
        source_lang=source_lang,
        engines={lang: engines[lang] for lang in targets},
        glossary=project_glossary(project),
    )
    if problems:
        raise problems[0]
    return drafts
