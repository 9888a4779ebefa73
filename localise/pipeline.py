"""The whole job: sources/ -> units -> machine drafts for what is new -> catalogs -> editions.

Public: build_project(root, ...), BuildResult, LANGUAGES, find_sources(root).

Everything is read and validated before anything is written: a broken source, glossary
or PO file stops the run with nothing changed. Catalogs are merged (human work is never
overwritten) and written atomically; editions are rendered from the catalogs, so a
translator's edit shows in the next build.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .article import Article
from .catalog import (
    Draft,
    catalog_path,
    catalog_stats,
    fill_drafts,
    merge_catalog,
    needs_draft,
    read_catalog,
    translations,
    write_catalog,
)
from .engines import ArgosEngine, Engine
from .errors import ModelMissing, SourceError, TranslationIncomplete
from .files import display_path, write_text_atomic
from .glossary import Glossary, load_glossary
from .ingest import read_article
from .memory import DEFAULT_MEMORY_PATH, TranslationMemory
from .render import EDITIONS, render_edition, render_index
from .translate import DraftReport, draft_translations
from .units import make_units

__all__ = ["LANGUAGES", "BuildResult", "build_project", "find_sources"]

LANGUAGES = ("en", "vi")
_SOURCE_SUFFIXES = (".txt", ".html", ".htm")


@dataclass
class BuildResult:
    """What a build did: per language, how many entries are in each state after it."""

    articles: list[str] = field(default_factory=list)
    catalogs_written: list[Path] = field(default_factory=list)
    editions: list[Path] = field(default_factory=list)
    drafted: dict[str, int] = field(default_factory=dict)
    untranslated: dict[str, int] = field(default_factory=dict)
    machine: dict[str, int] = field(default_factory=dict)
    model_problems: list[str] = field(default_factory=list)
    report: DraftReport | None = None


def _merge_reports(first: DraftReport | None, second: DraftReport) -> DraftReport:
    """One report for several engine groups: per-language counts side by side, calls added up."""
    if first is None:
        return second
    first.engine_calls += second.engine_calls
    for name in ("requested", "memory_hits", "retried", "flagged"):
        getattr(first, name).update(getattr(second, name))
    return first


def find_sources(root: str | Path) -> list[Path]:
    """Every article file under ``<root>/sources``, sorted."""
    directory = Path(root) / "sources"
    if not directory.is_dir():
        raise SourceError(
            "no sources/ directory; put scraped articles in sources/<slug>.fr.txt", path=directory
        )
    files = sorted(p for p in directory.iterdir() if p.suffix.lower() in _SOURCE_SUFFIXES and p.is_file())
    if not files:
        raise SourceError(
            "no articles in sources/; add a scraped <slug>.fr.txt or .html file", path=directory
        )
    return files


def build_project(
    root: str | Path = ".",
    *,
    langs: Sequence[str] = LANGUAGES,
    out: str | Path | None = None,
    engine: Engine | None = None,
    engines: Mapping[str, Engine] | None = None,
    translate: bool = True,
    memory_path: str | Path | None = DEFAULT_MEMORY_PATH,
    glossary_path: str | Path | None = None,
    on_article: Callable[[str], None] | None = None,
    require_translated: bool = False,
    require_reviewed: bool = False,
) -> BuildResult:
    """Build catalogs and editions for every article in ``<root>/sources``.

    ``engines`` gives the engine per language (``engines.registry.engines_for``); else ``engine``
    serves every language; else the argos engine on the installed models. With no model for a
    language, its new units stay untranslated and ``result.model_problems`` says why.
    ``memory_path=None`` disables the translation memory. ``on_article(slug)`` is called as each
    article's catalogs and editions are written (progress for multi-article builds). With ``require_translated`` or
    ``require_reviewed`` the outputs are still written, then TranslationIncomplete is raised.
    """
    root_path = Path(root)
    out_dir = Path(out) if out is not None else root_path / "build"
    for lang in langs:
        if lang not in EDITIONS:
            raise SourceError(f'no edition for language "{lang}"; use one of {", ".join(EDITIONS)}')
    gpath = Path(glossary_path) if glossary_path is not None else root_path / "glossary.csv"
    glossary = (
        load_glossary(gpath, display_path=display_path(gpath, root_path)) if gpath.exists() else Glossary([])
    )

    # Read and validate everything first: nothing is written if any input is broken.
    articles: list[Article] = [
        read_article(path, display_path=display_path(path, root_path)) for path in find_sources(root_path)
    ]
    slugs: dict[str, str] = {}
    for article in articles:
        if article.slug in slugs:
            raise SourceError(
                f'two sources make the article "{article.slug}" ({slugs[article.slug]} and this one); rename one',
                path=article.path,
            )
        slugs[article.slug] = article.path
    existing = {}
    for article in articles:
        for lang in langs:
            path = catalog_path(root_path, lang, article.slug)
            if path.exists():
                existing[(article.slug, lang)] = read_catalog(
                    path, lang=lang, display_path=display_path(path, root_path)
                )

    result = BuildResult(articles=[a.slug for a in articles])
    units_of = {a.slug: make_units(a) for a in articles}
    merged = {
        (article.slug, lang): merge_catalog(
            existing.get((article.slug, lang)),
            units_of[article.slug],
            lang=lang,
            slug=article.slug,
            glossary=glossary,
        )
        for article in articles
        for lang in langs
    }
    pending: dict[str, list[str]] = {
        lang: [e.msgid for (_, lang_), po in merged.items() if lang_ == lang for e in po if needs_draft(e)]
        for lang in langs
    }

    drafts: dict[str, dict[str, Draft]] = {lang: {} for lang in langs}
    wanted = [lang for lang in langs if pending[lang]]
    if translate and wanted:
        default = engine or ArgosEngine(root_path / ".localise" / "models")
        engine_of = {lang: (engines or {}).get(lang, default) for lang in wanted}
        source_langs = {a.source_lang for a in articles}
        memory = TranslationMemory(memory_path) if memory_path is not None else None
        try:
            for source_lang in sorted(source_langs):
                sources = [
                    u.source for a in articles if a.source_lang == source_lang for u in units_of[a.slug]
                ]
                usable = []
                for lang in wanted:
                    try:
                        engine_of[lang].describe(source_lang, lang)
                        usable.append(lang)
                    except ModelMissing as exc:
                        result.model_problems.append(str(exc))
                # Languages on the same engine go together: it can share hops (fr→en feeds fr→en→vi).
                groups: dict[int, list[str]] = {}
                for lang in usable:
                    groups.setdefault(id(engine_of[lang]), []).append(lang)
                for group in groups.values():
                    wanted_text = {s for lang in group for s in pending[lang]}
                    needed = [s for s in dict.fromkeys(sources) if s in wanted_text]
                    new, report = draft_translations(
                        needed,
                        source_lang=source_lang,
                        target_langs=group,
                        engine=engine_of[group[0]],
                        glossary=glossary,
                        memory=memory,
                    )
                    result.report = _merge_reports(result.report, report)
                    for lang in group:
                        drafts[lang].update(new[lang])
        finally:
            if memory is not None:
                memory.close()

    rendered_titles = []
    for article in articles:
        titles = {}
        for lang in langs:
            po = merged[(article.slug, lang)]
            result.drafted[lang] = result.drafted.get(lang, 0) + fill_drafts(po, drafts[lang])
            path = catalog_path(root_path, lang, article.slug)
            if write_catalog(po, path):
                result.catalogs_written.append(path)
            texts = translations(po)
            edition = render_edition(
                article,
                texts,
                EDITIONS[lang],
                alternates=[other for other in langs if other != lang],
                units=units_of[article.slug],
            )
            target = out_dir / lang / f"{article.slug}.html"
            write_text_atomic(target, edition.html)
            result.editions.append(target)
            counts = catalog_stats(po)
            result.untranslated[lang] = result.untranslated.get(lang, 0) + counts.untranslated
            result.machine[lang] = result.machine.get(lang, 0) + counts.machine + counts.suggestion
            title = texts.get(article.title)
            titles[lang] = title.text if title else article.title
        rendered_titles.append((article, titles))
        if on_article is not None:
            on_article(article.slug)
    index = out_dir / "index.html"
    write_text_atomic(index, render_index(rendered_titles, langs))
    result.editions.append(index)
    untranslated = sum(result.untranslated.values())
    machine = sum(result.machine.values())
    if require_translated and untranslated:
        raise TranslationIncomplete(
            f"{untranslated} entries have no translation; install a model (`localise models install`) "
            "or translate them in the PO files"
        )
    if require_reviewed and (untranslated or machine):
        raise TranslationIncomplete(
            f"{machine} machine drafts and {untranslated} untranslated entries are not reviewed; "
            "review them in the PO files and clear the fuzzy flag"
        )
    return result
