"""Editions: valid HTML5, every block in order, escaping, Babel dates, a real browser shows the title."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import html5lib
import pytest
from bs4 import BeautifulSoup

from localise import parse_text, read_article
from localise.model import EntryState, Passage
from localise.publish.editions import dateline, edition_for, render_edition
from localise.sources.units import make_units

ROOT = Path(__file__).resolve().parent.parent


def _parse_strict(page: str) -> None:
    html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(page)


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_edition_is_valid_html5_with_every_block_in_order(seed_path: Path, lang: str) -> None:
    article = read_article(seed_path)
    units = make_units(article)
    texts = {
        (None, u.source): Passage(
            f"[{lang}] {u.id}", EntryState.REVIEWED if i % 2 == 0 else EntryState.MACHINE
        )
        for i, u in enumerate(units)
    }
    page = render_edition(
        article,
        texts,
        edition_for(lang),
        alternates=[o for o in ("en", "vi") if o != lang],
        base_url="https://news.example.org/",
    ).html
    _parse_strict(page)
    soup = BeautifulSoup(page, "html.parser")
    assert soup.html["lang"] == lang
    links = {link["hreflang"]: link["href"] for link in soup.find_all("link", rel="alternate", hreflang=True)}
    assert links == {
        "en": f"https://news.example.org/en/{article.slug}.html",
        "vi": f"https://news.example.org/vi/{article.slug}.html",
        "x-default": f"https://news.example.org/{lang}/{article.slug}.html",
    }
    assert soup.find("link", rel="canonical")["href"] == links[lang]
    # Every unit's translation appears, in the article's order.
    body = soup.article.get_text(" ")
    position = 0
    for u in units:  # a repeated sentence shares its translation: search on from the last hit
        position = body.index(texts[(None, u.source)].text, position)
    tags = {"lead": "ul.lead li", "heading": "section.entry h2", "quote": "blockquote", "image": "figure"}
    for kind, selector in tags.items():
        assert len(soup.select(selector)) == article.count(kind), kind
    # The live blog opens with its entries, each a link to its section's anchor.
    anchors = [a["href"] for a in soup.select("nav.entries a")]
    assert anchors == [f"#{s['id']}" for s in soup.select("section.entry[id]")]
    assert len(anchors) == article.count("heading") == 34
    credits = [c.get_text() for c in soup.select("figcaption .credit")]
    assert len(credits) == 17
    assert credits[0] == ("(Photo: AFP)" if lang == "en" else "(Ảnh: AFP)")
    assert soup.select_one("footer a")["href"] == article.source_url
    machine = soup.select(".machine")
    assert len(machine) == sum(1 for i, _ in enumerate(units) if i % 2)
    note = soup.select_one(".translation-note").get_text()
    assert ("Translated from French." if lang == "en" else "Bài viết được dịch từ tiếng Pháp.") in note


def test_untranslated_units_show_the_french_marked_as_such(seed_path: Path) -> None:
    article = read_article(seed_path)
    page = render_edition(article, {}, edition_for("en")).html
    soup = BeautifulSoup(page, "html.parser")
    spans = soup.select('span.untranslated[lang="fr"]')
    french = " ".join(span.get_text() for span in spans)
    position = 0
    for unit in make_units(article):  # every sentence, in order, inside a span marked as French
        position = french.index(unit.source, position)
    # ...and said in words, not colour alone: each run of French is labelled
    labels = [span.find_next_sibling("small") for span in spans]
    assert all(label is not None and label.get_text() == "(not translated yet)" for label in labels)
    assert (
        "184 passages are not translated yet" in soup.select_one(".translation-note").get_text()
        or "185 passages" in page
    )


def test_source_text_is_escaped() -> None:
    article = parse_text(
        "Titre <script>alert(1)</script> & co\nUn paragraphe avec <b>balises</b> & esperluette, assez long pour être un paragraphe.\n",
        slug="x",
    )
    page = render_edition(article, {}, edition_for("en")).html
    _parse_strict(page)
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in page
    assert "&lt;b&gt;balises&lt;/b&gt; &amp; esperluette" in page


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "Friday, August 15, 2025, 9:07 a.m. (UTC)"),
        ("vi", "Thứ Sáu, 15 tháng 8, 2025, 16:07 (GMT+07:00)"),
    ],
)
def test_dateline_in_the_edition_language_and_time_zone(lang: str, expected: str) -> None:
    published = datetime(2025, 8, 15, 16, 7, 4, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    assert dateline(published, edition_for(lang)) == expected


@pytest.mark.browser
def test_headless_chromium_renders_the_title(seed_path: Path, tmp_path: Path, chromium) -> None:
    article = read_article(seed_path)
    units = make_units(article)
    title = "Trump and Putin meet in Alaska"
    texts = {(None, units[0].source): Passage(title, EntryState.REVIEWED)}
    page = tmp_path / "en.html"
    page.write_text(render_edition(article, texts, edition_for("en")).html, encoding="utf-8")
    shot = tmp_path / "shot.png"
    rendered = BeautifulSoup(chromium(page, screenshot=shot), "html.parser")
    assert rendered.h1.get_text() == title
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 5000


XSS_NAME = "x\"><img src=x onerror=document.documentElement.setAttribute('data-pwned',1)>.fr.txt"


@pytest.mark.browser
def test_a_hostile_source_file_name_stays_text_in_a_browser(project: Path, runner, chromium) -> None:
    from localise.cli import cli

    body = "Titre de l'article\nUn paragraphe assez long pour être un paragraphe de l'article, et pas un titre.\n"
    (project / "sources" / XSS_NAME).write_text(body, encoding="utf-8")
    result = runner.invoke(cli, ["build", "--no-mt", "--no-memory"])
    assert result.exit_code == 0, result.output
    page = next((project / "build" / "preview" / "en").glob("x*.html"))  # untranslated: a preview
    _parse_strict(page.read_text(encoding="utf-8"))
    soup = BeautifulSoup(chromium(page), "html.parser")
    assert soup.html.get("data-pwned") is None  # the handler never ran
    assert soup.find("img") is None
    previews = BeautifulSoup(chromium(project / "build" / "preview" / "index.html"), "html.parser")
    hrefs = [a["href"] for a in previews.select('li[data-slug^="x"] a')]
    assert hrefs[0].startswith("en/x%22%3E%3Cimg") and len(hrefs) == 2
    assert previews.html.get("data-pwned") is None and previews.find("img") is None
    index = BeautifulSoup(chromium(project / "build" / "site" / "index.html"), "html.parser")
    assert index.html.get("data-pwned") is None and index.find("img") is None


@pytest.mark.parametrize(
    "href",
    ["javascript:alert(1)", " JavaScript:alert(1)", "java\tscript:alert(1)", "data:text/html,<b>x</b>"],
)
def test_source_links_pass_an_http_allow_list(href: str) -> None:
    from localise import parse_html

    page = (
        f'<html><head><link rel="canonical" href="{href}"></head><body><article><h1>Titre</h1>'
        "<p>Un paragraphe assez long pour être un paragraphe.</p></article></body></html>"
    )
    rendered = render_edition(parse_html(page, slug="x"), {}, edition_for("en")).html
    soup = BeautifulSoup(rendered, "html.parser")
    assert soup.select("footer a") == []
    assert "Source:" in soup.select_one("footer").get_text()


def test_http_source_links_and_relative_images_are_kept() -> None:
    article = parse_text(
        "Titre\n![](photos/a.jpg)\nUne légende de la photo (Photo : AFP).\nSource : https://example.vn/a-20250815160704.htm\n",
        slug="x",
    )
    soup = BeautifulSoup(render_edition(article, {}, edition_for("en")).html, "html.parser")
    assert soup.select_one("footer a")["href"] == "https://example.vn/a-20250815160704.htm"
    assert soup.select_one("figure img")["src"] == "photos/a.jpg"


def test_vietnamese_interface_has_no_english_and_plurals_agree(seed_path: Path) -> None:
    article = read_article(seed_path)
    units = make_units(article)
    one_machine = {(None, u.source): Passage("x", EntryState.REVIEWED) for u in units}
    one_machine[(None, units[1].source)] = Passage("draft", EntryState.MACHINE)
    en = BeautifulSoup(render_edition(article, one_machine, edition_for("en")).html, "html.parser")
    assert (
        '1 passage, marked "machine translation", is not yet reviewed by an editor.'
        in en.select_one(".translation-note").get_text()
    )
    assert en.select_one(".machine").find_next_sibling("small").get_text() == "(machine translation)"
    vi = BeautifulSoup(render_edition(article, one_machine, edition_for("vi")).html, "html.parser")
    assert vi.select_one(".machine")["title"] == "bản dịch máy"
    assert vi.select_one(".translation-note").get_text() == (
        "Bài viết được dịch từ tiếng Pháp. 1 đoạn ghi “bản dịch máy” chưa được biên tập viên duyệt."
    )
    assert vi.select_one(".credit").get_text() == "(Ảnh: AFP)"


def test_any_babel_language_gets_an_edition(project: Path, runner) -> None:
    from localise.cli import cli

    result = runner.invoke(cli, ["build", "--no-mt", "--lang", "de"])
    assert result.exit_code == 0, result.output
    assert 'notice: no interface catalog for "de"' in result.stderr
    page = (project / "build" / "preview" / "de" / "trump-putin-alaska-summit.html").read_text(
        encoding="utf-8"
    )
    _parse_strict(page)
    soup = BeautifulSoup(page, "html.parser")
    assert soup.html["lang"] == "de"
    assert soup.select_one(".dateline").get_text().startswith("Freitag, 15. August 2025")
    assert "Translated from Französisch." in soup.select_one(".translation-note").get_text()
    po = (project / "locale" / "de" / "LC_MESSAGES" / "trump-putin-alaska-summit.po").read_text(
        encoding="utf-8"
    )
    assert '"Language: de\\n"' in po and '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"' in po


def test_index_is_styled_like_the_editions(project: Path, runner) -> None:
    from localise.cli import cli

    shutil.copytree(ROOT / "locale", project / "locale")  # the reviewed seed: both editions go out
    runner.invoke(cli, ["build", "--no-mt"])
    page = (project / "build" / "site" / "index.html").read_text(encoding="utf-8")
    _parse_strict(page)
    soup = BeautifulSoup(page, "html.parser")
    assert "font-family:Georgia" in soup.style.get_text()
    assert [a["href"] for a in soup.select(".languages a")] == [
        "en/trump-putin-alaska-summit.html",
        "vi/trump-putin-alaska-summit.html",
    ]


def test_interface_catalog_matches_the_templates(tmp_path: Path) -> None:
    """pybabel extracts the templates' strings; every one has a Vietnamese translation, none is stale."""
    import subprocess
    import sys

    import polib

    root = Path(__file__).resolve().parent.parent
    pot = tmp_path / "localise.pot"
    pybabel = Path(sys.executable).with_name("pybabel")
    subprocess.run(
        [str(pybabel), "-q", "extract", "-F", str(root / "babel.cfg"), "-o", str(pot), str(root)],
        check=True,
        cwd=root,
    )
    extracted = {e.msgid for e in polib.pofile(str(pot))}
    vi = polib.pofile(str(root / "localise" / "publish" / "interface" / "vi.po"))
    committed = polib.pofile(str(root / "localise" / "publish" / "interface" / "localise.pot"))
    assert extracted == {e.msgid for e in vi} == {e.msgid for e in committed}, "run `make interface`"
    assert all(e.translated() for e in vi)
