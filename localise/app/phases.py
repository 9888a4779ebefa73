"""The build's read, template, merge and write phases, each over every article it is given.

Public: Inputs, BuildResult, read_inputs(project, langs), make_templates(inputs), write_templates(inputs,
templates), update_templates(project), merge_catalogs(inputs, templates, langs), write_catalogs(inputs,
templates, catalogs), Catalogs, Templates (the phases' mappings: (slug, lang) -> catalog, slug -> template).
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import polib

from localise.buildstate import FileKey, key_of, read_keyed
from localise.catalogs.merge import fill_drafts, merge_catalog
from localise.catalogs.pofile import CatalogFile, ChangedOnDisk, format_po, load_catalog, read_bytes, write_po
from localise.catalogs.template import build_template, keep_creation_date
from localise.errors import CatalogError, SourceError
from localise.files import remove_stale_temporaries
from localise.glossary.terms import Glossary, project_glossary
from localise.locking import project_lock
from localise.model import Article, Draft, Unit
from localise.mt.translate import DraftReport
from localise.project import Project
from localise.publish.readiness import EditionStatus
from localise.sources.ingest import read_article
from localise.sources.units import make_units

__all__ = [
    "BuildResult",
    "Catalogs",
    "Inputs",
    "Templates",
    "make_templates",
    "merge_catalogs",
    "read_inputs",
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
