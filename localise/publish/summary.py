"""Per-article summaries: what the index, the feeds and the sitemap need to know of each article.

Public: EditionSummary, ArticleSummary, edition_href(slug, lang), summary_data(summary), summary_from_data(data),
PREVIEW_DIR, SITE_DIR.

The index, the Atom feeds and ``sitemap.xml`` are functions of these small records (slug,
languages, readiness, titles, dates, paths), never of the catalogs, so a build that keeps them can
regenerate those pages without reading an unchanged article again: ``summary_data`` is the record
as plain data (what the build state keeps), ``summary_from_data`` reads it back. Paths are
relative to the published folder: ``<lang>/<slug>.html``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import quote

from localise.publish.metadata import EntryLink
from localise.publish.readiness import Readiness

__all__ = [
    "PREVIEW_DIR",
    "SITE_DIR",
    "ArticleSummary",
    "EditionSummary",
    "edition_href",
    "summary_data",
    "summary_from_data",
]

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


def _moment(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _parse_moment(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def summary_data(summary: ArticleSummary) -> dict[str, Any]:
    """The summary as JSON-ready data. An entry keeps its anchor, headline and language: what the index,
    the feeds and the sitemap show of it (its text is the edition's own)."""
    return {
        "slug": summary.slug,
        "source_lang": summary.source_lang,
        "source_title": summary.source_title,
        "source_url": summary.source_url,
        "published": _moment(summary.published),
        "editions": [
            {
                "lang": e.lang,
                "title": e.title,
                "description": e.description,
                "readiness": e.readiness.value,
                "published": e.published,
                "shortfall": e.shortfall,
                "entries": [[link.anchor, link.headline, link.lang] for link in e.entries],
                "modified": _moment(e.modified),
            }
            for e in summary.editions
        ],
    }


def summary_from_data(data: dict[str, Any]) -> ArticleSummary:
    """The summary ``summary_data`` made (a time keeps its UTC offset, which is all the pages print)."""
    return ArticleSummary(
        data["slug"],
        data["source_lang"],
        data["source_title"],
        data["source_url"],
        _parse_moment(data["published"]),
        tuple(
            EditionSummary(
                e["lang"],
                e["title"],
                e["description"],
                Readiness(e["readiness"]),
                e["published"],
                e["shortfall"],
                tuple(EntryLink(anchor, headline, "", lang) for anchor, headline, lang in e["entries"]),
                _parse_moment(e["modified"]),
            )
            for e in data["editions"]
        ),
    )
