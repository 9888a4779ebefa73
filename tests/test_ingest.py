"""Ingest: the scraped seed article becomes typed blocks; chrome and bad input are handled."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from localise import SourceError, parse_html, parse_text, read_article
from localise.sources.ingest import CHROME_PATTERNS

CHROME_LINES = [
    "Sommet Russie-États-Unis",
    "Plus récent Plus ancien",
    "Suivez le déroulement de l'événement.",
    "Comment (0)",
]


def test_every_image_placeholder_is_paired_with_caption_and_credit(seed_path: Path, seed_text: str) -> None:
    article = read_article(seed_path)
    images = [b for b in article.blocks if b.kind == "image"]
    placeholders = [n for n, line in enumerate(seed_text.splitlines(), 1) if line.strip() == "![]()"]
    assert len(placeholders) == 17
    assert [b.line for b in images] == [n + 1 for n in placeholders]
    for block in images:
        assert block.text
        assert block.credit in {"AFP", "Reuters", "RT", "Sputnik", "FlightRadar24", "BBC"}
        assert "(Photo" not in block.text and not block.text.endswith(")")


def test_no_chrome_line_survives(seed_path: Path) -> None:
    article = read_article(seed_path)
    texts = [b.text for b in article.blocks]
    for chrome in CHROME_LINES:
        assert chrome not in texts
    assert sorted(article.dropped) == sorted(CHROME_LINES)


def test_title_leads_source_and_publication_time(seed_path: Path) -> None:
    article = read_article(seed_path)
    assert article.slug == "trump-putin-alaska-summit"
    assert article.source_lang == "fr"
    assert article.blocks[0].kind == "title"
    assert article.title.startswith("Le président américain Donald Trump")
    leads = [b for b in article.blocks if b.kind == "lead"]
    assert [b.line for b in leads] == [2, 3, 4, 5, 6, 7]
    assert leads[-1].text.startswith("M. Poutine a quitté")  # the "— " bullet marker is stripped
    assert article.source_url.startswith("https://dantri.com.vn/")
    assert article.published == datetime(2025, 8, 15, 16, 7, 4, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    assert article.blocks[-1].kind == "source"


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        (11, "heading"),  # Le sommet russo-américain s'achève
        (12, "paragraph"),
        (23, "heading"),  # M. Trump a qualifié la réunion de « très productive ».
        (21, "quote"),  # « La prochaine fois, ce sera à Moscou », a déclaré M. Poutine en anglais.
        (92, "heading"),
        (36, "paragraph"),  # "Il a également…" continues the entry
        (64, "paragraph"),  # short, but the next line ("Ce sera…") continues it
    ],
)
def test_block_kinds_of_the_live_blog(seed_path: Path, line: int, kind: str) -> None:
    article = read_article(seed_path)
    assert {b.line: b.kind for b in article.blocks}[line] == kind


def test_a_file_of_only_chrome_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "chrome.fr.txt"
    path.write_text(
        "Plus récent Plus ancien\nSuivez le déroulement de l'événement.\n\nComment (0)\n", encoding="utf-8"
    )
    with pytest.raises(SourceError, match="no article text"):
        read_article(path)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"\n \n\t\n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary"),
        ("Le président russe Vladimir Poutine a quitté l'Alaska.".encode("latin-1"), "not UTF-8"),
    ],
    ids=["empty", "blank", "binary", "latin1"],
)
def test_bad_source_files_raise_a_one_line_error_naming_the_file(
    tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "bad.fr.txt"
    path.write_bytes(content)
    with pytest.raises(SourceError) as info:
        read_article(path)
    text = str(info.value)
    assert message in text and str(path) in text and "\n" not in text


def test_html_page_with_article_markup() -> None:
    html = """<!doctype html><html><head><title>x</title>
    <link rel="canonical" href="https://example.vn/a-20250815160704535.htm"></head><body>
    <nav>Accueil | Monde</nav>
    <article><h1>Le sommet commence</h1>
    <ul><li>Le sommet s'est déroulé en Alaska.</li></ul>
    <p>Plus récent Plus ancien</p>
    <h2>M. Poutine arrive</h2>
    <p>M. Poutine a atterri. Il a salué M. Trump.</p>
    <blockquote>« La prochaine fois à Moscou »</blockquote>
    <figure><img src="a.jpg"><figcaption>Le président russe (Photo : AFP)</figcaption></figure>
    </article><footer>Comment (0)</footer></body></html>"""
    article = parse_html(html, slug="a", path="a.fr.html")
    kinds = [(b.kind, b.text) for b in article.blocks]
    assert kinds[:5] == [
        ("title", "Le sommet commence"),
        ("lead", "Le sommet s'est déroulé en Alaska."),
        ("heading", "M. Poutine arrive"),
        ("paragraph", "M. Poutine a atterri. Il a salué M. Trump."),
        ("quote", "« La prochaine fois à Moscou »"),
    ]
    image = article.blocks[5]
    assert (image.kind, image.text, image.credit, image.src) == (
        "image",
        "Le président russe",
        "AFP",
        "a.jpg",
    )
    assert article.blocks[-1].kind == "source"
    assert article.published is not None and article.published.year == 2025
    assert "Plus récent Plus ancien" in article.dropped
    assert all("Accueil" not in b.text for b in article.blocks)


def test_chrome_patterns_do_not_match_content(seed_text: str) -> None:
    kept = [
        line
        for line in seed_text.splitlines()
        if line.strip() and not any(p.match(line.strip()) for p in CHROME_PATTERNS)
    ]
    assert len(kept) == len([line for line in seed_text.splitlines() if line.strip()]) - 3


def test_parse_text_keeps_unbulleted_summary_lines_as_leads() -> None:
    text = "Titre de l'article\n- Premier point.\nSuite du premier point.\n- Second point.\nPlus récent Plus ancien\nUne entrée\nUn paragraphe assez long pour ne pas passer pour un titre, avec une virgule, puis une suite qui dure assez longtemps.\n"
    article = parse_text(text, slug="t")
    assert [b.kind for b in article.blocks] == ["title", "lead", "lead", "lead", "heading", "paragraph"]
    assert not any(re.match(r"^[-—] ", b.text) for b in article.blocks)
