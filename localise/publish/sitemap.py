"""``sitemap.xml`` of the published editions (sitemaps.org 0.9), with hreflang alternates, from the summaries.

Public: render_sitemap(articles, base_url, languages), SITEMAP_NAME.

One ``<url>`` per published edition, ``<lastmod>`` from the article's last change, and for each
language version of the article that is also published an ``xhtml:link rel="alternate"``
(``hreflang``), itself included, plus ``x-default`` (the first published language in the
project's order), as Google documents for multilingual sitemaps. Nothing held back is listed.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence

from localise.publish.summary import ArticleSummary

__all__ = ["SITEMAP_NAME", "render_sitemap"]

SITEMAP_NAME = "sitemap.xml"
_SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
_XHTML = "http://www.w3.org/1999/xhtml"


def render_sitemap(articles: Sequence[ArticleSummary], base_url: str, languages: Sequence[str]) -> str:
    """The sitemap of every published edition of ``articles``; ``base_url`` ends with ``/``."""
    ET.register_namespace("", _SITEMAP)
    ET.register_namespace("xhtml", _XHTML)
    urlset = ET.Element(f"{{{_SITEMAP}}}urlset")
    for article in articles:
        langs = sorted(
            article.published_langs,
            key=lambda lang: (languages.index(lang) if lang in languages else 99, lang),
        )
        for lang in langs:
            url = ET.SubElement(urlset, f"{{{_SITEMAP}}}url")
            ET.SubElement(url, f"{{{_SITEMAP}}}loc").text = base_url + article.href(lang)
            edition = article.edition(lang)
            moment = (edition.modified if edition is not None else None) or article.published
            if moment is not None:
                ET.SubElement(url, f"{{{_SITEMAP}}}lastmod").text = moment.isoformat()
            for other in (*langs, "x-default"):
                target = langs[0] if other == "x-default" else other
                ET.SubElement(
                    url,
                    f"{{{_XHTML}}}link",
                    {"rel": "alternate", "hreflang": other, "href": base_url + article.href(target)},
                )
    ET.indent(urlset)
    return ET.tostring(urlset, encoding="unicode", xml_declaration=True) + "\n"
