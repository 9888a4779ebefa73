"""HTML pages through Jinja2 templates with autoescape: editions and the index.

Public: Edition, edition_for(lang, ...), render_edition(article, passages, edition, ...),
render_index(articles, langs), render_review(page, edition), render_review_index(pages, langs),
dateline(moment, edition), safe_url(url, ...), RenderedEdition.

Text comes from the PO catalog: a reviewed entry renders as it is; a machine draft renders
inside ``<span class="machine">`` so a reader (or an editor) can see it; a unit with no
translation yet shows the French inside ``<span lang="fr" class="untranslated">``; a unit
whose French changed since review (a suggestion) never shows the old translation: a fresh
machine draft or the French, marked ``changed``, and counted apart in the note. The
page's own interface words ("Photo", the translated-from note, the machine marker) come
from localise's gettext catalog for the edition language (``localise/publish/interface/<lang>.po``),
English where there is none yet. Dates and language names come from Babel in the edition's
language and time zone. Templates escape every value; links from the source pass an
http/https allow-list.
"""

from __future__ import annotations

import functools
import gettext
import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from importlib import resources
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlsplit
from zoneinfo import ZoneInfo

from localise.errors import ProjectError
from localise.glossary.terms import Glossary
from localise.model import Article, Block, EntryState, Passage, Unit
from localise.numbers import format_clock
from localise.sources.units import make_units

if TYPE_CHECKING:  # pragma: no cover
    from localise.publish.review import ReviewPage

__all__ = [
    "Edition",
    "RenderedEdition",
    "dateline",
    "edition_for",
    "render_edition",
    "render_index",
    "render_review",
    "render_review_index",
    "safe_url",
]

#: Datelines use the newsroom's zone for these languages unless ``[tool.localise.timezones]`` says otherwise.
DEFAULT_TIMEZONES = {"en": "UTC", "vi": "Asia/Ho_Chi_Minh"}
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
_CONTROL = re.compile(r"[\x00-\x20\x7f]")


@dataclass(frozen=True)
class Edition:
    """A language edition: its Babel locale, the time zone of its dateline, its interface catalog."""

    lang: str
    timezone: str
    translations: gettext.NullTranslations = field(compare=False, repr=False)
    has_interface: bool = True


@dataclass(frozen=True)
class RenderedEdition:
    """An edition page and what it shows: its headline as the page writes it, and the passages not reviewed."""

    html: str
    machine: int
    untranslated: int
    changed: int = 0
    title: str = ""


@functools.cache
def _interface(lang: str) -> gettext.NullTranslations | None:
    """The compiled interface catalog for ``lang``; None when localise has none."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    base = lang.replace("-", "_").split("_")[0]
    source = resources.files("localise.publish").joinpath("interface", f"{base}.po")
    if not source.is_file():
        return None
    with source.open("rb") as handle:
        catalog = read_po(handle, locale=base)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


def edition_for(lang: str, *, timezones: Mapping[str, str] | None = None) -> Edition:
    """The edition of any language Babel knows; its interface falls back to English without a catalog.

    Raises ProjectError for a code Babel does not know.
    """
    from babel import Locale, UnknownLocaleError

    try:
        locale = Locale.parse(lang.replace("-", "_"))
    except (UnknownLocaleError, ValueError) as exc:
        raise ProjectError(
            f'unknown language "{lang}"; use a code Babel knows, such as en, vi or de'
        ) from exc
    zone = (timezones or {}).get(lang) or DEFAULT_TIMEZONES.get(lang) or _likely_zone(locale)
    if lang == "en":
        return Edition(lang, zone, gettext.NullTranslations())
    translations = _interface(lang)
    if translations is None:
        return Edition(lang, zone, gettext.NullTranslations(), has_interface=False)
    return Edition(lang, zone, translations)


def _likely_zone(locale: Any) -> str:
    from babel.core import get_global

    likely = str(get_global("likely_subtags").get(str(locale), str(locale)))
    territory = locale.territory or likely.split("_")[-1]
    zones = list(get_global("territory_zones").get(territory, ()))
    return str(zones[0]) if zones else "UTC"


def safe_url(url: str, *, relative: bool = False) -> str | None:
    """``url`` if it is http(s) (or, with ``relative``, a scheme-less path); None for anything else.

    Browsers ignore tabs and newlines inside a scheme and spaces around it, so those are
    removed before the scheme is read: "java\\tscript:" is caught too.
    """
    cleaned = re.sub(r"[\t\n\r]", "", url).strip("\x00\x20")
    if not cleaned or _CONTROL.search(cleaned.replace(" ", "")):
        return None
    scheme = _SCHEME.match(cleaned)
    if scheme:
        return cleaned if scheme.group(1).lower() in ("http", "https") else None
    if cleaned.startswith("//"):
        return cleaned if urlsplit("https:" + cleaned).netloc else None
    return cleaned if relative else None


@functools.cache
def _environment() -> Any:
    from jinja2 import Environment, PackageLoader, select_autoescape

    env = Environment(
        loader=PackageLoader("localise.publish", "templates"),
        autoescape=select_autoescape(["html"], default_for_string=True, default=True),
        extensions=["jinja2.ext.i18n"],
        keep_trailing_newline=True,
    )
    env.globals["stylesheet"] = _stylesheet
    env.globals["css"] = _stylesheet("edition.css")
    return env


def _stylesheet(name: str) -> str:
    """A stylesheet of the templates folder, inlined so a page works on its own from ``file://``."""
    return resources.files("localise.publish").joinpath("templates", name).read_text(encoding="utf-8")


def _render(template: str, translations: gettext.NullTranslations, **context: Any) -> str:
    env = _environment()
    env.install_gettext_translations(translations, newstyle=True)
    try:
        return str(env.get_template(template).render(**context))
    finally:
        env.uninstall_gettext_translations(translations)


def _language_name(code: str, in_lang: str) -> str:
    from babel import Locale

    name = str(Locale.parse(in_lang.replace("-", "_")).languages.get(code, code))
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


@dataclass(frozen=True)
class _Shown:
    """One sentence as the template shows it: ``state`` is reviewed, machine or untranslated.

    ``changed``: the French changed since a translator reviewed it, so what shows is a fresh
    machine draft or the French, never the translation of the old French.
    """

    text: str
    state: str
    changed: bool = False


@dataclass(frozen=True)
class _Piece:
    """A block of the page: its kind, its sentences, and for photos the picture and credit."""

    kind: str
    sentences: tuple[_Shown, ...]
    src: str | None = None
    credit: str = ""


def _shown(unit: Unit, passages: Mapping[tuple[str | None, str], Passage]) -> _Shown:
    passage = passages.get((unit.kind, unit.source)) or passages.get((None, unit.source))
    if passage is None or passage.state in (EntryState.UNTRANSLATED, EntryState.OBSOLETE):
        return _Shown(unit.source, "untranslated")
    if passage.state is EntryState.REVIEWED:
        return _Shown(passage.text, "reviewed")
    changed = passage.state is EntryState.SUGGESTION
    if changed and not passage.text:
        return _Shown(unit.source, "untranslated", changed=True)
    return _Shown(passage.text, "machine", changed=changed)


def render_edition(
    article: Article,
    passages: Mapping[tuple[str | None, str], Passage],
    edition: Edition,
    *,
    alternates: Sequence[str] = (),
    units: Sequence[Unit] | None = None,
    glossary: Glossary | None = None,
) -> RenderedEdition:
    """The edition page of ``article`` in ``edition.lang``; ``alternates`` are the other editions' languages.

    ``units`` are ``make_units(article)``, passed by a caller that already has them. Photo credits
    are names, not sentences to translate: with ``glossary`` they are written in its target form
    for the edition ("Photo : FlightRadar24" -> "Photo: Flightradar24").
    """
    if units is None:
        units = make_units(article)
    per_block: dict[int, list[_Shown]] = {}
    for unit in units:
        per_block.setdefault(unit.block, []).append(_shown(unit, passages))

    title: tuple[_Shown, ...] = ()
    leads: list[tuple[_Shown, ...]] = []
    sections: list[list[_Piece]] = [[]]
    source: str | None = None
    source_text = ""
    for index, block in enumerate(article.blocks):
        sentences = tuple(per_block.get(index, ()))
        if block.kind == "source":
            source, source_text = safe_url(block.text), block.text
        elif block.kind == "title":
            title = sentences
        elif block.kind == "lead":
            leads.append(sentences)
        elif block.kind == "heading":
            sections.append([_Piece("heading", sentences)])
        else:
            sections[-1].append(
                _image(block, sentences, glossary, edition.lang)
                if block.kind == "image"
                else _Piece(block.kind, sentences)
            )
    shown = [s for sentences in per_block.values() for s in sentences]
    title_text = " ".join(s.text for s in title)
    changed = sum(1 for s in shown if s.changed)
    machine = sum(1 for s in shown if s.state == "machine" and not s.changed)
    untranslated = sum(1 for s in shown if s.state == "untranslated" and not s.changed)
    page = _render(
        "edition.html",
        edition.translations,
        lang=edition.lang,
        article=article,
        title=title,
        title_text=title_text,
        alternates=[(edition.lang, f"{quote(article.slug)}.html")]
        + [(lang, f"../{quote(lang)}/{quote(article.slug)}.html") for lang in alternates],
        published=article.published,
        dateline=dateline(article.published, edition) if article.published else "",
        source_language=_language_name(article.source_lang, edition.lang),
        machine=machine,
        untranslated=untranslated,
        changed=changed,
        leads=leads,
        sections=[s for s in sections if s],
        source_url=source,
        source_text=source_text,
    )
    return RenderedEdition(page, machine, untranslated, changed, title_text)


def _image(block: Block, sentences: tuple[_Shown, ...], glossary: Glossary | None, lang: str) -> _Piece:
    credit = (
        glossary.substitute(block.credit, lang) if glossary is not None and block.credit else block.credit
    )
    return _Piece(
        "image", sentences, src=safe_url(block.src, relative=True) if block.src else None, credit=credit
    )


def render_index(articles: Sequence[tuple[Article, Mapping[str, str]]], langs: Sequence[str]) -> str:
    """``build/index.html``: every article with a link to each edition, titles in each language."""
    from babel import Locale

    names = {
        lang: Locale.parse(lang.replace("-", "_")).get_display_name(lang.replace("-", "_")) or lang
        for lang in langs
    }
    rows = [(article, titles, {lang: f"{quote(lang)}/{quote(article.slug)}.html" for lang in langs})
            for article, titles in articles]  # fmt: skip
    return _render("index.html", gettext.NullTranslations(), langs=langs, names=names, rows=rows)


def render_review(page: ReviewPage, edition: Edition) -> str:
    """A desk's proof page (``review.review_page``), its interface in the edition's language."""
    return _render("review.html", edition.translations, page=page)


def render_review_index(pages: Sequence[ReviewPage], langs: Sequence[str]) -> str:
    """``build/review/index.html``: each language's articles with their counts and progress."""
    from babel import Locale

    names = {lang: Locale.parse(lang.replace("-", "_")).get_display_name("en") or lang for lang in langs}
    by_lang = [(lang, [p for p in pages if p.lang == lang]) for lang in langs]
    return _render("review_index.html", gettext.NullTranslations(), by_lang=by_lang, names=names)
