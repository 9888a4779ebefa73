"""Editions: valid HTML5, every block in order, escaping, Babel dates, a real browser shows the title."""

from __future__ import annotations

import shutil
import subprocess
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import html5lib
import pytest
from bs4 import BeautifulSoup

from localise import parse_text, read_article
from localise.article import EntryState, Passage
from localise.render import dateline, edition_for, render_edition
from localise.units import make_units


def _parse_strict(page: str) -> None:
    html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(page)


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_edition_is_valid_html5_with_every_block_in_order(seed_path: Path, lang: str) -> None:
    article = read_article(seed_path)
    units = make_units(article)
    texts = {
        u.source: Passage(f"[{lang}] {u.id}", EntryState.REVIEWED if i % 2 == 0 else EntryState.MACHINE)
        for i, u in enumerate(units)
    }
    page = render_edition(
        article, texts, edition_for(lang), alternates=[o for o in ("en", "vi") if o != lang]
    ).html
    _parse_strict(page)
    soup = BeautifulSoup(page, "html.parser")
    assert soup.html["lang"] == lang
    assert {link["hreflang"] for link in soup.find_all("link", rel="alternate")} == {"en", "vi"}
    # Every unit's translation appears, in the article's order.
    body = soup.article.get_text(" ")
    position = 0
    for u in units:  # a repeated sentence shares its translation: search on from the last hit
        position = body.index(texts[u.source].text, position)
    tags = {"lead": "ul.lead li", "heading": "h2", "quote": "blockquote", "image": "figure"}
    for kind, selector in tags.items():
        assert len(soup.select(selector)) == article.count(kind), kind
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
    assert len(spans) == len(make_units(article))
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
        ("en", "Friday, August 15, 2025, 9:07 a.m. (GMT+00:00)"),
        ("vi", "Thứ Sáu, 15 tháng 8, 2025, 16:07 (GMT+07:00)"),
    ],
)
def test_dateline_in_the_edition_language_and_time_zone(lang: str, expected: str) -> None:
    published = datetime(2025, 8, 15, 16, 7, 4, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    assert dateline(published, edition_for(lang)) == expected


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


@pytest.mark.browser
def test_headless_chromium_renders_the_title(seed_path: Path, tmp_path: Path) -> None:
    browser = _chromium()
    if browser is None:
        pytest.skip("no Chromium on this machine (apt-get install chromium; .ci/run installs it)")
    article = read_article(seed_path)
    units = make_units(article)
    title = "Trump and Putin meet in Alaska"
    texts = {units[0].source: Passage(title, EntryState.REVIEWED)}
    page = tmp_path / "en.html"
    page.write_text(render_edition(article, texts, edition_for("en")).html, encoding="utf-8")
    flags = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={tmp_path / 'profile'}",
    ]
    try:
        dom = subprocess.run(
            [browser, *flags, "--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=60
        )
        shot = tmp_path / "shot.png"
        subprocess.run(
            [browser, *flags, f"--screenshot={shot}", "--window-size=1024,768", page.as_uri()],
            capture_output=True,
            timeout=60,
        )
    except (subprocess.TimeoutExpired, OSError) as exc:
        pytest.skip(f"Chromium could not start here: {exc}")
    if dom.returncode != 0 or not dom.stdout:
        pytest.skip(f"Chromium could not start here: {dom.stderr.strip()[:200]}")
    rendered = BeautifulSoup(dom.stdout, "html.parser")
    assert rendered.h1.get_text() == title
    assert shot.exists() and shot.stat().st_size > 5000
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
