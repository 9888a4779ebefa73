"""The desk decides what goes out: readiness, the publish policy, publisher metadata, feeds and sitemap.

The committed project is the fixture: the reviewed summit live blog, and the typhoon live blog whose
English is raw machine translation and whose Vietnamese is untranslated.
"""

from __future__ import annotations

from pathlib import Path

import extruct
import feedparser
import polib
import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner
from committed import copy_committed
from lxml import etree

from localise.cli import cli
from localise.errors import ProjectError
from localise.project import Settings
from localise.publish.metadata import describe, page_title

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
BASE = "https://news.example.org/editions/"
SEED, TYPHOON = "trump-putin-alaska-summit", "typhon-yagi-nord-vietnam"


def _settings(publish: str = '"reviewed"', base_url: str | None = BASE) -> str:
    lines = ["[tool.localise]", 'languages = ["en", "vi"]']
    if base_url:
        lines.append(f'base-url = "{base_url}"')
    if publish.startswith("{"):
        lines += ["", "[tool.localise.publish]", *publish.strip("{}").split(";")]
    else:
        lines.append(f"publish = {publish}")
    return "\n".join(lines) + "\n"


@pytest.fixture
def newsroom(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The committed project (sources, catalogs, glossary) with a base URL, built with no engine."""
    copy_committed(tmp_path, settings=False)
    (tmp_path / "pyproject.toml").write_text(_settings(), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("LOCALISE_MODELS_DIR", str(tmp_path / "no-models"))
    return tmp_path


def _build(root: Path, *args: str) -> str:
    result = CliRunner().invoke(cli, ["build", "--no-mt", "--no-memory", *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def _hreflangs(page: Path) -> dict[str, str]:
    return {
        link["hreflang"]: link["href"]
        for link in _soup(page).find_all("link", rel="alternate", hreflang=True)
    }


def test_an_incomplete_edition_is_previewed_and_never_published(newsroom: Path) -> None:
    out = _build(newsroom)
    site, preview = newsroom / "build" / "site", newsroom / "build" / "preview"
    assert f"locale/vi/LC_MESSAGES/{TYPHOON}.po: incomplete (57 untranslated)" in out
    assert f"locale/en/LC_MESSAGES/{TYPHOON}.po: draft (57 machine drafts)" in out
    # The preview: noindex, a banner saying what is missing, no link claiming a place on the site.
    page = preview / "vi" / f"{TYPHOON}.html"
    soup = _soup(page)
    assert soup.find("meta", attrs={"name": "robots"})["content"] == "noindex, nofollow"
    banner = soup.select_one(".preview-banner").get_text(" ")
    assert "Bản xem trước" in banner and "57 đoạn chưa được dịch." in banner
    assert soup.find("link", rel="canonical") is None and not _hreflangs(page)
    assert soup.find("script", type="application/ld+json") is None
    assert not (site / "vi" / f"{TYPHOON}.html").exists() and not (site / "en" / f"{TYPHOON}.html").exists()
    # Absent from the index, the feeds, the sitemap and the other editions' alternates.
    assert TYPHOON not in (site / "index.html").read_text(encoding="utf-8")
    for lang in ("en", "vi"):
        feed = feedparser.parse(site / lang / "feed.atom")
        assert [entry.id for entry in feed.entries] == [f"{BASE}{lang}/{SEED}.html"]
        assert _hreflangs(site / lang / f"{SEED}.html") == {
            "en": f"{BASE}en/{SEED}.html",
            "vi": f"{BASE}vi/{SEED}.html",
            "x-default": f"{BASE}en/{SEED}.html",
        }
    assert TYPHOON not in (site / "sitemap.xml").read_text(encoding="utf-8")
    # The desk's overview says where each edition is and why.
    states = {
        (li["data-lang"], li.parent.parent["data-slug"]): li
        for li in _soup(preview / "index.html").select("li[data-lang]")
    }
    assert (
        states[("vi", TYPHOON)]["data-readiness"] == "incomplete"
        and states[("vi", TYPHOON)]["data-published"] == "no"
    )
    assert states[("en", SEED)]["data-published"] == "yes"
    assert states[("en", SEED)].a["href"] == f"../site/en/{SEED}.html"


def test_a_draft_policy_publishes_machine_drafts_marked_in_words_but_never_an_incomplete_edition(
    newsroom: Path,
) -> None:
    (newsroom / "pyproject.toml").write_text(_settings('"draft"'), encoding="utf-8")
    _build(newsroom)
    site = newsroom / "build" / "site"
    page = site / "en" / f"{TYPHOON}.html"
    soup = _soup(page)
    assert soup.find("meta", attrs={"name": "robots"}) is None and soup.select_one(".preview-banner") is None
    assert (
        '57 passages, marked "machine translation", are not yet reviewed by an editor.'
        in soup.select_one(".translation-note").get_text()
    )
    labels = [s.find_next_sibling("small").get_text() for s in soup.select("span.machine")]
    assert labels and set(labels) == {"(machine translation)"}
    # The Vietnamese is untranslated: still only a preview, so the English names no Vietnamese alternate.
    assert _hreflangs(page) == {"en": f"{BASE}en/{TYPHOON}.html", "x-default": f"{BASE}en/{TYPHOON}.html"}
    assert not (site / "vi" / f"{TYPHOON}.html").exists()
    assert (newsroom / "build" / "preview" / "vi" / f"{TYPHOON}.html").exists()
    assert {e.id for e in feedparser.parse(site / "en" / "feed.atom").entries} == {
        f"{BASE}en/{SEED}.html",
        f"{BASE}en/{TYPHOON}.html",
    }
    assert [e.id for e in feedparser.parse(site / "vi" / "feed.atom").entries] == [f"{BASE}vi/{SEED}.html"]


def test_an_edition_that_falls_back_leaves_the_published_folder(newsroom: Path) -> None:
    (newsroom / "pyproject.toml").write_text(_settings('{en = "draft"}'), encoding="utf-8")
    _build(newsroom)
    assert (newsroom / "build" / "site" / "en" / f"{TYPHOON}.html").exists()
    (newsroom / "pyproject.toml").write_text(_settings(), encoding="utf-8")
    _build(newsroom)
    assert not (newsroom / "build" / "site" / "en" / f"{TYPHOON}.html").exists()
    assert (newsroom / "build" / "preview" / "en" / f"{TYPHOON}.html").exists()


def _snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for folder in ("build", "locale")
        if (root / folder).exists()
        for p in sorted((root / folder).rglob("*"))
        if p.is_file()
    }


@pytest.mark.parametrize(
    ("flag", "expected"),
    [
        ("--require-translated", [f"locale/vi/LC_MESSAGES/{TYPHOON}.po: 57 untranslated"]),
        (
            "--require-reviewed",
            [
                f"locale/en/LC_MESSAGES/{TYPHOON}.po: 57 machine drafts",
                f"locale/vi/LC_MESSAGES/{TYPHOON}.po: 57 untranslated",
            ],
        ),
    ],
)
def test_require_flags_name_each_edition_that_falls_short_and_write_nothing(
    newsroom: Path, flag: str, expected: list[str]
) -> None:
    _build(newsroom)
    source = newsroom / "sources" / f"{SEED}.fr.txt"  # a change the build would otherwise write out
    source.write_text(
        source.read_text(encoding="utf-8") + "Un paragraphe ajouté à la fin de l'article.\n", encoding="utf-8"
    )
    before = _snapshot(newsroom)
    result = CliRunner().invoke(cli, ["build", "--no-mt", "--no-memory", flag])
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert "nothing was written" in lines[0]
    # The seed gains an untranslated paragraph too, and every edition that falls short is named.
    assert set(expected) <= set(lines[1:])
    assert f"locale/en/LC_MESSAGES/{SEED}.po: 1 untranslated" in lines
    assert _snapshot(newsroom) == before


def test_without_a_base_url_absolute_tags_are_left_out_and_the_build_says_so(newsroom: Path) -> None:
    (newsroom / "pyproject.toml").write_text(_settings(base_url=None), encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", "--no-mt", "--no-memory"])
    assert result.exit_code == 0
    notices = [line for line in result.stderr.splitlines() if "base-url" in line]
    assert len(notices) == 1 and "sitemap.xml" in notices[0]
    site = newsroom / "build" / "site"
    soup = _soup(site / "en" / f"{SEED}.html")
    assert soup.find("link", rel="canonical") is None and not _hreflangs(site / "en" / f"{SEED}.html")
    assert soup.find("meta", property="og:url") is None
    assert soup.find("meta", attrs={"name": "description"})  # what needs no URL stays
    assert not (site / "sitemap.xml").exists() and not (site / "en" / "feed.atom").exists()


def test_structured_data_as_a_search_engine_reads_it(newsroom: Path) -> None:
    _build(newsroom)
    url = f"{BASE}en/{SEED}.html"
    html = (newsroom / "build" / "site" / "en" / f"{SEED}.html").read_text(encoding="utf-8")
    data = extruct.extract(html, base_url=url, syntaxes=["json-ld", "opengraph"], uniform=True)
    (blog,) = data["json-ld"]
    # Google's Article and live-coverage documentation: headline, dates, author, the updates.
    assert blog["@type"] == "LiveBlogPosting" and blog["inLanguage"] == "en"
    assert blog["headline"].startswith("U.S. President Donald Trump and Russian President Vladimir Putin met")
    assert (
        blog["datePublished"] == "2025-08-15T16:07:04+07:00" and blog["dateModified"] >= blog["datePublished"]
    )
    assert blog["coverageStartTime"] == blog["datePublished"] and blog["coverageEndTime"]
    assert blog["url"] == url and blog["mainEntityOfPage"]["@id"] == url
    assert blog["author"]["name"] == "dantri.com.vn" and blog["description"]
    assert blog["isBasedOn"]["inLanguage"] == "fr" and blog["isBasedOn"]["url"].startswith(
        "https://dantri.com.vn/"
    )
    updates = blog["liveBlogUpdate"]
    assert len(updates) == 34 and all(u["@type"] == "BlogPosting" for u in updates)
    assert all(u["headline"] and u["articleBody"] and u["datePublished"] for u in updates)
    anchors = {f"{url}#{s['id']}" for s in BeautifulSoup(html, "html.parser").select("section.entry[id]")}
    assert {u["url"] for u in updates} == anchors
    (og,) = data["opengraph"]
    assert og["og:url"] == url and og["og:locale"] == "en_US" and og["@type"] == "article"
    # Google shows at most 110 characters of a headline: the JSON-LD's is shortened at a word, the page's is whole.
    assert len(blog["headline"]) <= 110 and og["og:title"].startswith(blog["headline"].rstrip("…"))
    assert og["og:description"] == blog["description"]
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find("meta", attrs={"name": "twitter:card"})["content"] == "summary"
    assert soup.find("meta", attrs={"name": "description"})["content"] == blog["description"]


def test_an_article_without_entries_is_a_news_article(newsroom: Path) -> None:
    (newsroom / "sources" / "court.fr.html").write_text(
        "<html><body><article><h1>Un titre court.</h1><p>Un paragraphe assez long pour être un paragraphe "
        "de l'article, et pas un titre.</p></article></body></html>",
        encoding="utf-8",
    )
    (newsroom / "pyproject.toml").write_text(_settings('"draft"'), encoding="utf-8")
    _build(newsroom)
    path = newsroom / "locale" / "en" / "LC_MESSAGES" / "court.po"
    po = polib.pofile(str(path))
    for entry in po:
        entry.msgstr = "A short title." if entry.msgid == "Un titre court." else "A paragraph long enough."
    po.save(str(path))
    _build(newsroom)
    html = (newsroom / "build" / "site" / "en" / "court.html").read_text(encoding="utf-8")
    (article,) = extruct.extract(html, syntaxes=["json-ld"])["json-ld"]
    assert article["@type"] == "NewsArticle" and "liveBlogUpdate" not in article
    assert article["headline"] == "A short title." and article["inLanguage"] == "en"
    assert BeautifulSoup(html, "html.parser").title.get_text() == "A short title"
    assert BeautifulSoup(html, "html.parser").select_one("nav.entries") is None


def test_the_feeds_read_back(newsroom: Path) -> None:
    _build(newsroom)
    feed = feedparser.parse(newsroom / "build" / "site" / "vi" / "feed.atom")
    assert not feed.bozo, feed.bozo_exception
    assert feed.feed.language == "vi" and feed.feed.id == f"{BASE}vi/feed.atom"
    (entry,) = feed.entries
    assert entry.id == f"{BASE}vi/{SEED}.html"
    own = [link for link in entry.links if link.rel == "alternate" and link.get("hreflang") == "vi"]
    assert [link.href for link in own] == [entry.id]
    assert entry.title.startswith("Tổng thống Mỹ Donald Trump")
    assert entry.published.startswith("2025-08-15") and entry.updated and entry.summary
    assert {link.get("hreflang") for link in entry.links if link.rel == "alternate"} == {"vi", "en"}
    items = BeautifulSoup(entry.content[0].value, "html.parser").select("li a")
    assert len(items) == 34 and all(a["href"].startswith(f"{BASE}vi/{SEED}.html#entry-") for a in items)


def test_the_sitemap_is_valid_and_lists_only_published_editions(newsroom: Path) -> None:
    _build(newsroom)
    schema = etree.XMLSchema(etree.parse(str(DATA / "sitemaps" / "sitemaps.xsd")))
    sitemap = etree.parse(str(newsroom / "build" / "site" / "sitemap.xml"))
    assert schema.validate(sitemap), schema.error_log
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    assert sitemap.xpath("//s:loc/text()", namespaces=ns) == [
        f"{BASE}en/{SEED}.html",
        f"{BASE}vi/{SEED}.html",
    ]
    links = sitemap.xpath("//s:url[1]/x:link", namespaces=ns)
    assert [(link.get("hreflang"), link.get("href")) for link in links] == [
        ("en", f"{BASE}en/{SEED}.html"),
        ("vi", f"{BASE}vi/{SEED}.html"),
        ("x-default", f"{BASE}en/{SEED}.html"),
    ]
    broken = etree.fromstring(
        etree.tostring(sitemap).replace(b"<loc>", b"<link>").replace(b"</loc>", b"</link>")
    )
    assert not schema.validate(broken)  # the schema does check


def test_entry_anchors_survive_an_edit_elsewhere(newsroom: Path) -> None:
    _build(newsroom)
    page = newsroom / "build" / "site" / "en" / f"{SEED}.html"
    before = [s["id"] for s in _soup(page).select("section.entry[id]")]
    source = newsroom / "sources" / f"{SEED}.fr.txt"
    old = "La réunion a duré environ trois heures et a été suivie d'une brève conférence de presse des deux dirigeants."
    text = source.read_text(encoding="utf-8")
    assert old in text
    source.write_text(text.replace(old, old.replace("environ trois", "près de trois")), encoding="utf-8")
    _build(newsroom)
    after = [
        s["id"]
        for s in _soup(newsroom / "build" / "preview" / "en" / f"{SEED}.html").select("section.entry[id]")
    ]
    assert after == before and len(set(after)) == 34


def test_stats_and_review_show_each_editions_readiness(newsroom: Path) -> None:
    import json

    runner = CliRunner()
    stats = json.loads(runner.invoke(cli, ["stats", "--format", "json"]).stdout)
    readiness = {
        (row["lang"], Path(row["catalog"]).stem): (row["readiness"], row["goes_out"]) for row in stats
    }
    assert readiness == {
        ("en", SEED): ("reviewed", True),
        ("vi", SEED): ("reviewed", True),
        ("en", TYPHOON): ("draft", False),
        ("vi", TYPHOON): ("incomplete", False),
    }
    text = runner.invoke(cli, ["stats"]).stdout
    assert any(
        line.startswith("vi ") and "incomplete, held" in line and TYPHOON in line
        for line in text.splitlines()
    )
    review = runner.invoke(cli, ["review"])
    assert f"build/review/vi/{TYPHOON}.html: incomplete (57 untranslated)" in review.stdout
    assert f"build/review/en/{SEED}.html: reviewed" in review.stdout.splitlines()


@pytest.mark.parametrize(
    ("headline", "title"),
    [
        ("Trump et Poutine se rencontrent.", "Trump et Poutine se rencontrent"),
        ("Where next?", "Where next?"),
        (
            "U.S. President Donald Trump and Russian President Vladimir Putin met in Alaska, for the first time in six years.",
            "U.S. President Donald Trump and Russian President Vladimir Putin met…",
        ),
    ],
)
def test_the_page_title_is_the_headline_without_its_period_and_at_most_70_characters(
    headline: str, title: str
) -> None:
    assert page_title(headline) == title and len(page_title(headline)) <= 70


def test_the_description_keeps_whole_sentences_that_fit() -> None:
    leads = ["The summit took place at the base.", "Two officials from each side attended.", "x " * 100]
    assert describe(leads) == "The summit took place at the base. Two officials from each side attended."
    assert describe(["word " * 60]).endswith("…") and len(describe(["word " * 60])) <= 160


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ({"publish": "everything"}, 'publish is "everything"; use "reviewed" or "draft"'),
        ({"publish": {"vi": "all"}}, 'publish.vi is "all"'),
        ({"base-url": "news.example.org"}, "base-url must be the http(s) address"),
    ],
)
def test_bad_publish_settings_are_one_line_errors(table: dict[str, object], message: str) -> None:
    with pytest.raises(ProjectError, match=message.replace("(", r"\(").replace(")", r"\)")):
        Settings.from_table(table, path=Path("pyproject.toml"))


def test_the_policy_per_language_and_the_states_it_publishes() -> None:
    from localise.model import EntryState

    settings = Settings.from_table(
        {"publish": {"vi": "draft"}, "base-url": "https://x.example"}, path=Path("p")
    )
    assert (settings.publish_for("vi"), settings.publish_for("en")) == ("draft", "reviewed")
    assert settings.published_states("en") == {EntryState.REVIEWED}
    assert settings.published_states("vi") == {EntryState.REVIEWED, EntryState.MACHINE}
    assert settings.base_url == "https://x.example/"


def test_a_feed_holds_the_editions_changed_last_and_the_sitemap_every_one() -> None:
    """A reader polls the feed for news: of 60 published editions it lists the 50 changed last,
    newest first; the sitemap still lists all 60."""
    from datetime import UTC, datetime, timedelta

    from localise.publish.feed import render_feed
    from localise.publish.readiness import Readiness
    from localise.publish.sitemap import render_sitemap
    from localise.publish.summary import ArticleSummary, EditionSummary

    start = datetime(2025, 8, 1, tzinfo=UTC)
    articles = [
        ArticleSummary(
            f"article-{n:02d}",
            "fr",
            f"Titre {n}",
            "",
            start,
            (
                EditionSummary(
                    "en", f"Title {n}", "", Readiness.REVIEWED, True, modified=start + timedelta(hours=n)
                ),
            ),
        )
        for n in range(60)
    ]
    feed = feedparser.parse(render_feed(articles, "en", BASE, title="editions"))
    assert [entry.id for entry in feed.entries] == [
        f"{BASE}en/article-{n:02d}.html" for n in range(59, 9, -1)
    ]
    assert feed.feed.updated == (start + timedelta(hours=59)).isoformat()
    sitemap = render_sitemap(articles, BASE, ["en"])
    assert all(f"{BASE}en/article-{n:02d}.html" in sitemap for n in range(60))
