"""HTML pages through Jinja2 templates with autoescape: editions, the index and the desk's pages.

Public: Edition, edition_for(lang, ...), render_edition(article, passages, edition, ...),
render_index(articles, langs, ...), render_preview_index(articles, langs, ...), render_review(page, edition),
render_review_index(pages, langs), dateline(moment, edition), safe_url(url, ...), RenderedEdition.

Text comes from the PO catalog: a reviewed entry renders as it is; a machine draft renders
inside ``<span class="machine">`` followed by the words "machine translation", so a reader (or
an editor) can see it without colour; a unit with no translation yet shows the French inside
``<span lang="fr" class="untranslated">``, labelled too; a unit whose French changed since
review (a suggestion) never shows the old translation: a fresh machine draft or the French,
marked ``changed``, and counted apart in the note. A published edition carries its publisher
metadata (``metadata``: canonical and hreflang links from ``base-url``, description, Open Graph,
JSON-LD); one the policy holds back is a preview: ``noindex``, a banner saying what is missing,
no links that claim a place on the site. A live blog opens with the list of its entries, each
with an anchor from its heading unit's id. The page's own interface words ("Photo", the translated-from note, the machine marker) come
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
from localise.publish.metadata import EntryLink, absolute, describe, og_locale, page_title, structured_data
from localise.publish.readiness import EditionStatus
from localise.publish.summary import ArticleSummary, edition_href
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
    "render_preview_index",
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
    description: str = ""
    entries: tuple[EntryLink, ...] = ()


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
    env.filters["runs"] = _runs
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
    """Publication time in the edition's language and time zone, e.g. "Friday, August 15, 2025, 9:07 a.m. (UTC)".

    The zone is named as readers expect it: its abbreviation where Babel has one for the
    language ("UTC", "EDT", "MESZ"), else its offset ("GMT+07:00").
    """
    from babel.dates import format_date, format_time, get_timezone_gmt, get_timezone_name

    local = moment.astimezone(ZoneInfo(edition.timezone))
    day = format_date(local, "full", locale=edition.lang)
    clock = (
        format_clock(local.hour, local.minute, edition.lang)
        if edition.lang.startswith("en")
        else format_time(local, "short", locale=edition.lang)
    )
    zone = get_timezone_name(local, "short", locale=edition.lang)
    if zone == get_timezone_gmt(local, "short", locale=edition.lang):  # no abbreviation: an offset
        zone = get_timezone_gmt(local, "long", locale=edition.lang)
    return f"{day}, {clock} ({zone})"


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


@dataclass(frozen=True)
class _Section:
    """A stretch of the page: the part before the first entry, or a live-blog entry with its anchor."""

    pieces: tuple[_Piece, ...]
    anchor: str = ""


def _runs(sentences: Sequence[_Shown]) -> tuple[_Shown, ...]:
    """The sentences with neighbours in the same state joined: one label per run, not per sentence."""
    runs: list[_Shown] = []
    for s in sentences:
        if runs and (runs[-1].state, runs[-1].changed) == (s.state, s.changed):
            runs[-1] = _Shown(f"{runs[-1].text} {s.text}", s.state, s.changed)
        else:
            runs.append(s)
    return tuple(runs)


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
    published: bool = True,
    base_url: str | None = None,
    default_lang: str | None = None,
    modified: datetime | None = None,
    status: EditionStatus | None = None,
    policy: str = "reviewed",
) -> RenderedEdition:
    """The edition page of ``article`` in ``edition.lang``.

    ``alternates`` are the languages of the article's other published editions; with ``base_url``
    (the published folder's address) the page links them as absolute hreflang alternates, with
    ``x-default`` (``default_lang``, else the first language), and carries a canonical link, Open
    Graph and JSON-LD; without it, those are left out. A page not ``published`` is a preview:
    ``noindex``, no site links, and a banner from ``status`` saying what keeps it back under
    ``policy``. ``modified``: when the article or its translation last changed. ``units`` are
    ``make_units(article)``, passed by a caller that already has them. Photo credits are names,
    not sentences to translate: with ``glossary`` they are written in its target form for the
    edition ("Photo : FlightRadar24" -> "Photo: Flightradar24").
    """
    if units is None:
        units = make_units(article)
    per_block: dict[int, list[_Shown]] = {}
    first_unit: dict[int, Unit] = {}
    for unit in units:
        per_block.setdefault(unit.block, []).append(_shown(unit, passages))
        first_unit.setdefault(unit.block, unit)

    title: tuple[_Shown, ...] = ()
    leads: list[tuple[_Shown, ...]] = []
    sections: list[tuple[str, list[_Piece]]] = [("", [])]
    source: str | None = None
    source_text = ""
    image: str | None = None
    for index, block in enumerate(article.blocks):
        sentences = tuple(per_block.get(index, ()))
        if block.kind == "source":
            source, source_text = safe_url(block.text), block.text
        elif block.kind == "title":
            title = sentences
        elif block.kind == "lead":
            leads.append(sentences)
        elif block.kind == "heading":
            anchor = f"entry-{first_unit[index].id}" if index in first_unit else f"entry-{index}"
            sections.append((anchor, [_Piece("heading", sentences)]))
        else:
            piece = (
                _image(block, sentences, glossary, edition.lang)
                if block.kind == "image"
                else _Piece(block.kind, sentences)
            )
            if piece.src and image is None and (safe_url(piece.src) or base_url):
                image = safe_url(piece.src) or absolute(base_url, f"{quote(edition.lang)}/{piece.src}")
            sections[-1][1].append(piece)
    shown = [s for sentences in per_block.values() for s in sentences]
    title_text = " ".join(s.text for s in title)
    changed = sum(1 for s in shown if s.changed)
    machine = sum(1 for s in shown if s.state == "machine" and not s.changed)
    untranslated = sum(1 for s in shown if s.state == "untranslated" and not s.changed)
    entries = tuple(
        EntryLink(
            anchor,
            " ".join(s.text for s in pieces[0].sentences),
            " ".join(s.text for piece in pieces[1:] if piece.kind != "image" for s in piece.sentences),
            article.source_lang if all(s.state == "untranslated" for s in pieces[0].sentences) else "",
        )
        for anchor, pieces in sections
        if anchor
    )
    description = describe([" ".join(s.text for s in lead) for lead in leads]) or describe(
        [" ".join(s.text for s in piece.sentences) for _, pieces in sections for piece in pieces
         if piece.kind == "paragraph"][:1]
    )  # fmt: skip
    langs = [edition.lang, *(lang for lang in alternates if lang != edition.lang)]
    url = absolute(base_url, edition_href(article.slug, edition.lang)) if published else None
    page = _render(
        "edition.html",
        edition.translations,
        lang=edition.lang,
        article=article,
        title=title,
        title_text=title_text,
        page_title=page_title(title_text),
        description=description,
        published_page=published,
        canonical=url,
        alternates=[(lang, absolute(base_url, edition_href(article.slug, lang))) for lang in langs]
        if url
        else [],
        default_href=absolute(base_url, edition_href(article.slug, default_lang or langs[0]))
        if url
        else None,
        feed=absolute(base_url, f"{quote(edition.lang)}/feed.atom") if url else None,
        og_locale=og_locale(edition.lang),
        og_alternates=[og_locale(lang) for lang in langs[1:]],
        image=image if url else None,
        json_ld=structured_data(
            lang=edition.lang,
            headline=title_text,
            description=description,
            url=url,
            published=article.published,
            modified=modified,
            entries=entries,
            source_url=source or "",
            source_title=article.title,
            source_lang=article.source_lang,
            image=image,
        )
        if published
        else None,
        published=article.published,
        modified=modified,
        dateline=dateline(article.published, edition) if article.published else "",
        source_language=_language_name(article.source_lang, edition.lang),
        machine=machine,
        untranslated=untranslated,
        changed=changed,
        status=status,
        policy=policy,
        leads=leads,
        entries=entries,
        sections=[_Section(tuple(pieces), anchor) for anchor, pieces in sections if pieces],
        source_url=source,
        source_text=source_text,
    )
    return RenderedEdition(page, machine, untranslated, changed, title_text, description, entries)


def _image(block: Block, sentences: tuple[_Shown, ...], glossary: Glossary | None, lang: str) -> _Piece:
    credit = (
        glossary.substitute(block.credit, lang) if glossary is not None and block.credit else block.credit
    )
    return _Piece(
        "image", sentences, src=safe_url(block.src, relative=True) if block.src else None, credit=credit
    )


def _language_names(langs: Sequence[str], in_lang: str | None = None) -> dict[str, str]:
    """Each language's name, in itself (the index) or in ``in_lang``."""
    from babel import Locale

    return {
        lang: Locale.parse(lang.replace("-", "_")).get_display_name((in_lang or lang).replace("-", "_"))
        or lang
        for lang in langs
    }


def render_index(
    articles: Sequence[ArticleSummary], langs: Sequence[str], *, base_url: str | None = None
) -> str:
    """The published folder's ``index.html``: every article with a link to each published edition.

    An edition the policy holds back is not listed; an article with none published is left out.
    """
    rows = [
        (article, [article.edition(lang) for lang in langs if lang in article.published_langs])
        for article in articles
        if article.published_langs
    ]
    return _render(
        "index.html",
        gettext.NullTranslations(),
        langs=langs,
        names=_language_names(langs),
        rows=rows,
        canonical=absolute(base_url, "index.html"),
        feeds=[(lang, absolute(base_url, f"{quote(lang)}/feed.atom")) for lang in langs] if base_url else [],
    )


def render_preview_index(articles: Sequence[ArticleSummary], langs: Sequence[str], *, site: str) -> str:
    """The desk's ``preview/index.html``: every edition with its readiness and what keeps it back.

    Published editions link into the published folder (``site``, relative to the preview folder),
    the others to their preview.
    """
    return _render(
        "preview_index.html",
        gettext.NullTranslations(),
        langs=langs,
        names=_language_names(langs, "en"),
        articles=articles,
        site=site,
    )


def render_review(page: ReviewPage, edition: Edition) -> str:
    """A desk's proof page (``review.review_page``), its interface in the edition's language."""
    return _render("review.html", edition.translations, page=page)


def render_review_index(pages: Sequence[ReviewPage], langs: Sequence[str]) -> str:
    """``build/review/index.html``: each language's articles with their readiness, counts and progress."""
    by_lang = [(lang, [p for p in pages if p.lang == lang]) for lang in langs]
    return _render(
        "review_index.html", gettext.NullTranslations(), by_lang=by_lang, names=_language_names(langs, "en")
    )
