"""An Atom feed per language of the published editions (RFC 4287), from the articles' summaries.

Public: render_feed(articles, lang, base_url, ...), feed_href(lang), FEED_ENTRIES.

Only editions the publish policy lets out are listed, the ``FEED_ENTRIES`` most recently changed (a
reader polls the feed for news; the sitemap lists every edition). Each entry is an article's edition: its
canonical URL as id and link, headline, description as summary, and for a live blog its entries,
each linked to its anchor, as the content.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from datetime import UTC, datetime
from urllib.parse import quote, urlsplit

from localise.publish.summary import ArticleSummary

__all__ = ["FEED_ENTRIES", "feed_href", "render_feed"]

_ATOM = "http://www.w3.org/2005/Atom"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
#: Entries a feed holds: the most recently changed editions.
FEED_ENTRIES = 50
#: When an article has no date at all (a scrape without one), the feed still needs an "updated".
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def feed_href(lang: str) -> str:
    """The feed's path relative to the published folder."""
    return f"{quote(lang)}/feed.atom"


def _stamp(moment: datetime | None) -> str:
    return (moment or _EPOCH).isoformat()


def _text(parent: ET.Element, tag: str, text: str, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{_ATOM}}}{tag}", attrs)
    element.text = text
    return element


def render_feed(
    articles: Sequence[ArticleSummary],
    lang: str,
    base_url: str,
    *,
    title: str,
    language_name: str = "",
    limit: int = FEED_ENTRIES,
) -> str:
    """The Atom feed of ``lang``'s ``limit`` most recently changed published editions, newest first;
    ``base_url`` ends with ``/``."""
    ET.register_namespace("", _ATOM)
    feed = ET.Element(f"{{{_ATOM}}}feed", {_XML_LANG: lang})
    shown = [
        (article, edition)
        for article in articles
        if (edition := article.edition(lang)) is not None and edition.published
    ]
    shown.sort(key=lambda pair: pair[1].modified or pair[0].published or _EPOCH, reverse=True)
    del shown[limit:]
    _text(feed, "id", base_url + feed_href(lang))
    _text(feed, "title", f"{title} ({language_name})" if language_name else title)
    updated = max((e.modified or a.published or _EPOCH for a, e in shown), default=_EPOCH)
    _text(feed, "updated", _stamp(updated))
    author = ET.SubElement(feed, f"{{{_ATOM}}}author")
    _text(author, "name", urlsplit(base_url).hostname or base_url)
    _text(author, "uri", base_url)
    ET.SubElement(feed, f"{{{_ATOM}}}link", {"rel": "self", "href": base_url + feed_href(lang)})
    ET.SubElement(feed, f"{{{_ATOM}}}link", {"rel": "alternate", "type": "text/html", "href": base_url})
    for article, edition in shown:
        url = base_url + article.href(lang)
        entry = ET.SubElement(feed, f"{{{_ATOM}}}entry")
        _text(entry, "id", url)
        _text(entry, "title", edition.title)
        ET.SubElement(
            entry,
            f"{{{_ATOM}}}link",
            {"rel": "alternate", "type": "text/html", "hreflang": lang, "href": url},
        )
        for other in article.published_langs:
            if other != lang:
                ET.SubElement(
                    entry,
                    f"{{{_ATOM}}}link",
                    {
                        "rel": "alternate",
                        "type": "text/html",
                        "hreflang": other,
                        "href": base_url + article.href(other),
                    },
                )
        if article.published is not None:
            _text(entry, "published", _stamp(article.published))
        _text(entry, "updated", _stamp(edition.modified or article.published))
        if edition.description:
            _text(entry, "summary", edition.description)
        if edition.entries:
            content = ET.SubElement(entry, f"{{{_ATOM}}}content", {"type": "xhtml"})
            div = ET.SubElement(content, "{http://www.w3.org/1999/xhtml}div")
            items = ET.SubElement(div, "{http://www.w3.org/1999/xhtml}ol")
            for item in edition.entries:
                li = ET.SubElement(items, "{http://www.w3.org/1999/xhtml}li")
                link = ET.SubElement(li, "{http://www.w3.org/1999/xhtml}a", {"href": f"{url}#{item.anchor}"})
                link.text = item.headline
        if article.source_url:
            ET.SubElement(
                entry,
                f"{{{_ATOM}}}link",
                {
                    "rel": "via",
                    "type": "text/html",
                    "hreflang": article.source_lang,
                    "href": article.source_url,
                },
            )
    ET.register_namespace("xhtml", "http://www.w3.org/1999/xhtml")
    ET.indent(feed)
    return ET.tostring(feed, encoding="unicode", xml_declaration=True) + "\n"
