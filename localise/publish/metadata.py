"""What a published page tells browsers, search engines and social sites: title, description, links, JSON-LD.

Public: page_title(headline), shorten(text, limit), describe(texts), absolute(base_url, path), og_locale(lang),
EntryLink, structured_data(...).

Pure functions of the edition's text; the templates write them. ``structured_data`` is schema.org
JSON-LD as Google's news documentation asks for it: a ``NewsArticle``, or for a live blog a
``LiveBlogPosting`` with one ``liveBlogUpdate`` (a ``BlogPosting``) per entry; the French source
is ``isBasedOn``. Properties that need an absolute URL are left out without a ``base-url``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

__all__ = [
    "EntryLink",
    "absolute",
    "describe",
    "og_locale",
    "page_title",
    "shorten",
    "structured_data",
]

#: Search results show about this many characters of a title, and of a description.
TITLE_LIMIT = 70
DESCRIPTION_LIMIT = 160


@dataclass(frozen=True)
class EntryLink:
    """A live-blog entry: its anchor (from its heading unit's id), headline and text as the edition shows them."""

    anchor: str
    headline: str
    body: str = ""
    #: The headline's language when it is not the edition's (a heading not translated yet shows the French).
    lang: str = ""


def shorten(text: str, limit: int) -> str:
    """``text`` if it fits in ``limit`` characters, else cut at the last word boundary before it, with "…"."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:–—-") + "…"


def page_title(headline: str) -> str:
    """The ``<title>``: the headline without its final period, shortened at a word boundary past 70 characters."""
    text = " ".join(headline.split())
    if text.endswith(".") and not text.endswith(".."):
        text = text[:-1]
    return shorten(text, TITLE_LIMIT)


def describe(texts: Sequence[str]) -> str:
    """A meta description from the lead (or the first paragraph): whole sentences while they fit, else shortened."""
    out = ""
    for text in texts:
        text = " ".join(text.split())
        joined = f"{out} {text}".strip()
        if len(joined) > DESCRIPTION_LIMIT:
            return out or shorten(text, DESCRIPTION_LIMIT)
        out = joined
    return out


def absolute(base_url: str | None, path: str) -> str | None:
    """``path`` (relative to the published folder) under ``base_url``; None without a base URL."""
    return base_url + path if base_url else None


def og_locale(lang: str) -> str:
    """Open Graph's locale form of ``lang`` (language_TERRITORY, e.g. en_US, vi_VN), from CLDR's likely subtags."""
    from babel.core import get_global

    code = lang.replace("-", "_")
    likely = str(get_global("likely_subtags").get(code.split("_")[0], code))
    parts = likely.split("_")
    territory = code.split("_")[1] if "_" in code else parts[-1]
    return f"{parts[0]}_{territory}" if len(parts) > 1 or "_" in code else parts[0]


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def _source_organization(source_url: str) -> dict[str, str] | None:
    host = urlsplit(source_url).hostname if source_url else None
    if not host:
        return None
    return {"@type": "Organization", "name": host.removeprefix("www."), "url": f"https://{host}/"}


def structured_data(
    *,
    lang: str,
    headline: str,
    description: str,
    url: str | None,
    published: datetime | None,
    modified: datetime | None,
    entries: Sequence[EntryLink],
    source_url: str,
    source_title: str,
    source_lang: str,
    image: str | None = None,
) -> dict[str, Any]:
    """schema.org JSON-LD of an edition: ``LiveBlogPosting`` when it has entries, else ``NewsArticle``."""
    author = _source_organization(source_url)
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "LiveBlogPosting" if entries else "NewsArticle",
        "headline": shorten(headline, 110),  # Google cuts headlines longer than 110 characters
        "description": description,
        "inLanguage": lang,
        "datePublished": _iso(published),
        "dateModified": _iso(modified or published),
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url} if url else None,
        "image": [image] if image else None,
        "author": author,
        "isBasedOn": {
            "@type": "NewsArticle",
            "headline": shorten(source_title, 110),
            "inLanguage": source_lang,
            "url": source_url or None,
        },
    }
    if entries:
        data["coverageStartTime"] = _iso(published)
        data["coverageEndTime"] = _iso(modified or published)
        data["liveBlogUpdate"] = [
            {
                "@type": "BlogPosting",
                "headline": shorten(entry.headline, 110),
                "articleBody": entry.body or entry.headline,
                "datePublished": _iso(published),
                "url": f"{url}#{entry.anchor}" if url else None,
                "inLanguage": lang,
                "author": author,
            }
            for entry in entries
        ]
    pruned: dict[str, Any] = _pruned(data)
    return pruned


def _pruned(value: Any) -> Any:
    """``value`` without the None values and empty objects (JSON-LD omits what it does not know)."""
    if isinstance(value, dict):
        kept = {k: _pruned(v) for k, v in value.items() if v is not None}
        return {k: v for k, v in kept.items() if v not in ({}, [])}
    if isinstance(value, list):
        return [_pruned(v) for v in value]
    return value
