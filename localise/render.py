"""HTML editions: an Article plus a catalog's translations -> a publishable page per language.

Public: Edition, EDITIONS, render_edition(article, translations, edition, ...), render_index(...).

Text comes from the PO catalog: a reviewed entry renders as it is; a machine draft
renders inside ``<span class="machine">`` so a stylesheet (or an editor) can see it;
a unit with no translation yet shows the French inside ``<span lang="fr" class="untranslated">``.
Dates and language names come from Babel in the edition's language and time zone.
Every text is escaped.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from importlib import resources
from string import Template
from zoneinfo import ZoneInfo

from .article import Article, Block, Unit
from .catalog import Translation
from .numbers import format_clock
from .units import make_units

__all__ = ["EDITIONS", "Edition", "RenderedEdition", "render_edition", "render_index"]


@dataclass(frozen=True)
class Edition:
    """A language edition: its Babel locale, the time zone of its dateline, its interface words."""

    lang: str
    timezone: str
    photo: str
    source: str
    translated_from: str  # {language} is the source language's name in this language
    machine_note: str  # {count}
    reviewed_note: str
    untranslated_note: str  # {count}


EDITIONS: dict[str, Edition] = {
    "en": Edition(
        lang="en",
        timezone="UTC",
        photo="Photo",
        source="Source",
        translated_from="Translated from {language}.",
        machine_note="{count} passages, highlighted, are machine translation not yet reviewed by an editor.",
        reviewed_note="Every passage has been reviewed by an editor.",
        untranslated_note="{count} passages are not translated yet and appear in the original.",
    ),
    "vi": Edition(
        lang="vi",
        timezone="Asia/Ho_Chi_Minh",
        photo="Ảnh",
        source="Nguồn",
        translated_from="Bài viết được dịch từ {language}.",
        machine_note="{count} đoạn được tô màu là bản dịch máy, chưa được biên tập viên duyệt.",
        reviewed_note="Toàn bộ bài viết đã được biên tập viên duyệt.",
        untranslated_note="{count} đoạn chưa được dịch và giữ nguyên bản gốc.",
    ),
}


@dataclass(frozen=True)
class RenderedEdition:
    html: str
    machine: int
    untranslated: int


def _template(name: str) -> str:
    return resources.files("localise").joinpath("templates", name).read_text(encoding="utf-8")


def _language_name(code: str, in_lang: str) -> str:
    from babel import Locale

    name = str(Locale.parse(in_lang).languages.get(code, code))
    return name[0].lower() + name[1:] if in_lang == "vi" else name


def dateline(moment: datetime, edition: Edition) -> str:
    """Publication time in the edition's language and time zone, e.g. "Friday, August 15, 2025, 9:07 a.m. (GMT+00:00)"."""
    from babel.dates import format_date, format_time, get_timezone_gmt

    local = moment.astimezone(ZoneInfo(edition.timezone))
    day = format_date(local, "full", locale=edition.lang)
    clock = (
        format_clock(local.hour, local.minute, edition.lang)
        if edition.lang.startswith("en")
        else format_time(local, "short", locale=edition.lang)
    )
    return f"{day}, {clock} ({get_timezone_gmt(local, 'long', locale=edition.lang)})"


def _sentences(pieces: Sequence[tuple[str, Translation | None]], source_lang: str) -> tuple[str, int, int]:
    out, machine, missing = [], 0, 0
    for source, translation in pieces:
        if translation is None:
            missing += 1
            out.append(f'<span lang="{source_lang}" class="untranslated">{html.escape(source)}</span>')
        elif not translation.reviewed:
            machine += 1
            out.append(
                f'<span class="machine" title="machine translation">{html.escape(translation.text)}</span>'
            )
        else:
            out.append(html.escape(translation.text))
    return " ".join(out), machine, missing


def _figure(block: Block, text: str, edition: Edition) -> str:
    photo = (
        f'<img src="{html.escape(block.src, quote=True)}" alt="">'
        if block.src
        else '<div class="photo" role="presentation"></div>'
    )
    credit = (
        f' <span class="credit">({html.escape(edition.photo)}: {html.escape(block.credit)})</span>'
        if block.credit
        else ""
    )
    return f"<figure>{photo}<figcaption>{text}{credit}</figcaption></figure>"


def render_edition(
    article: Article,
    translations: Mapping[str, Translation],
    edition: Edition,
    *,
    alternates: Sequence[str] = (),
    units: Sequence[Unit] | None = None,
) -> RenderedEdition:
    """The edition page of ``article`` in ``edition.lang``; ``alternates`` are the other editions' languages.

    ``units`` are ``make_units(article)``, passed by a caller that already has them.
    """
    if units is None:
        units = make_units(article)
    per_block: dict[int, list[tuple[str, Translation | None]]] = {}
    for unit in units:
        per_block.setdefault(unit.block, []).append((unit.source, translations.get(unit.source)))

    machine = missing = 0
    title_html = ""
    leads: list[str] = []
    sections: list[list[str]] = [[]]
    source_html = ""
    for index, block in enumerate(article.blocks):
        if block.kind == "source":
            url = html.escape(block.text, quote=True)
            source_html = (
                f'{html.escape(edition.source)}: <a href="{url}" rel="external">{html.escape(block.text)}</a>'
            )
            continue
        text, m, u = _sentences(per_block.get(index, []), article.source_lang)
        machine, missing = machine + m, missing + u
        if block.kind == "title":
            title_html = text
        elif block.kind == "lead":
            leads.append(f"<li>{text}</li>")
        elif block.kind == "heading":
            sections.append([f"<h2>{text}</h2>"])
        elif block.kind == "quote":
            sections[-1].append(f"<blockquote><p>{text}</p></blockquote>")
        elif block.kind == "image":
            sections[-1].append(_figure(block, text, edition))
        else:
            sections[-1].append(f"<p>{text}</p>")

    note = [edition.translated_from.format(language=_language_name(article.source_lang, edition.lang))]
    if machine:
        note.append(edition.machine_note.format(count=machine))
    if missing:
        note.append(edition.untranslated_note.format(count=missing))
    if not machine and not missing:
        note.append(edition.reviewed_note)
    title_text = html.unescape(_strip_tags(title_html))
    links = [f'<link rel="alternate" hreflang="{edition.lang}" href="{article.slug}.html">'] + [
        f'<link rel="alternate" hreflang="{lang}" href="../{lang}/{article.slug}.html">'
        for lang in alternates
    ]
    dateline_html = ""
    if article.published is not None:
        dateline_html = f'<time datetime="{article.published.isoformat()}">{html.escape(dateline(article.published, edition))}</time>'
    page = Template(_template("edition.html")).substitute(
        lang=edition.lang,
        source_lang=article.source_lang,
        title=html.escape(title_text),
        title_html=title_html,
        alternates="\n".join(links),
        css=_template("edition.css"),
        dateline=dateline_html,
        note=html.escape(" ".join(note)),
        leads=f'<ul class="lead">{"".join(leads)}</ul>' if leads else "",
        entries="\n".join(f'<section class="entry">{"".join(s)}</section>' for s in sections if s),
        source=source_html,
    )
    return RenderedEdition(page, machine, missing)


def _strip_tags(text: str) -> str:
    import re

    return re.sub(r"<[^>]+>", "", text)


def render_index(articles: Sequence[tuple[Article, Mapping[str, str]]], langs: Sequence[str]) -> str:
    """``build/index.html``: every article with a link to each edition, titles in each language."""
    from babel import Locale

    rows = []
    for article, titles in articles:
        links = " · ".join(
            f'<a href="{lang}/{html.escape(article.slug)}.html" hreflang="{lang}" lang="{lang}">'
            f"{html.escape(Locale.parse(lang).get_display_name(lang) or lang)}</a>"
            for lang in langs
        )
        heading = " / ".join(
            f'<span lang="{lang}">{html.escape(titles.get(lang, article.title))}</span>' for lang in langs
        )
        rows.append(f"<li><p>{heading}</p><p>{links}</p></li>")
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>localise editions</title>\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n</head>\n<body>\n'
        f"<h1>Editions</h1>\n<ul>\n{''.join(rows)}\n</ul>\n</body>\n</html>\n"
    )
