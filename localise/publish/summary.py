"""Per-article summaries: what the index, the feeds and the sitemap need to know of each article.

Public: EditionSummary, ArticleSummary, edition_href(slug, lang), PREVIEW_DIR, SITE_DIR.

The index, the Atom feeds and ``sitemap.xml`` are functions of these small records (slug,
languages, readiness, titles, dates, paths), never of the catalogs, so a build that keeps them can
regenerate those pages without reading an unchanged article again. Paths are relative to the
published folder: ``<lang>/<slug>.html``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import quote

from localise.publish.metadata import EntryLink
from localise.publish.readiness import Readiness

__all__ = ["PREVIEW_DIR", "SITE_DIR", "ArticleSummary", "EditionSummary", "edition_href"]

#: Under the build folder: what goes out (upload this folder), and what the desk previews.
SITE_DIR = "site"
PREVIEW_DIR = "preview"


def edition_href(slug: str, lang: str) -> str:
    """An edition's path relative to the published (or preview) folder, URL-quoted."""
    return f"{quote(lang)}/{quote(slug)}.html"


@dataclass(frozen=True)
class EditionSummary:
    """One language edition of an article as the site lists it."""

    lang: str
    title: str
    description: str
    readiness: Readiness
    published: bool
    shortfall: str = ""
    entries: tuple[EntryLink, ...] = ()
    #: When the translation last changed (the catalog's PO-Revision-Date), never before the article.
    modified: datetime | None = None


@dataclass(frozen=True)
class ArticleSummary:
    """An article and its editions: enough to list it in the index, the feeds and the sitemap."""

    slug: str
    source_lang: str
    source_title: str
    source_url: str
    published: datetime | None
    editions: tuple[EditionSummary, ...]

    def edition(self, lang: str) -> EditionSummary | None:
        return next((e for e in self.editions if e.lang == lang), None)

    @property
    def published_langs(self) -> tuple[str, ...]:
        """The languages of the editions that go out, in the project's order."""
        return tuple(e.lang for e in self.editions if e.published)

    def href(self, lang: str) -> str:
        return edition_href(self.slug, lang)
