"""The assess and render phases: each edition's readiness under the publish policy, then the edition
pages (site or preview) and the site pages (index, feeds, sitemap) from the articles' summaries.

Public: Assessment, assess_editions(inputs, catalogs, langs, ...), Rendered, render_editions(inputs,
catalogs, langs, out, ...), render_notices(project, langs), write_site_pages(...).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import polib

from localise.app.phases import Catalogs, Inputs
from localise.buildstate import FileKey, write_if_changed
from localise.catalogs.pofile import CatalogFile
from localise.catalogs.state import passages
from localise.model import Draft
from localise.mt.style import project_style
from localise.project import Project
from localise.publish.editions import edition_for, render_edition, render_index, render_preview_index
from localise.publish.feed import feed_href, render_feed
from localise.publish.readiness import EditionStatus, Readiness, edition_status, may_publish
from localise.publish.sitemap import SITEMAP_NAME, render_sitemap
from localise.publish.summary import PREVIEW_DIR, SITE_DIR, ArticleSummary, EditionSummary

__all__ = [
    "Assessment",
    "Rendered",
    "assess_editions",
    "render_editions",
    "render_notices",
    "write_site_pages",
]


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
