"""`localise review`: the desk's proof pages, checked as HTML and in a real browser."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import html5lib
import polib
import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner

from localise.cli import cli
from localise.publish.review import word_diff

ROOT = Path(__file__).resolve().parent.parent
SLUG = "trump-putin-alaska-summit"
CHANGED_OLD = "La conférence a duré 3 heures et a porté principalement sur la question ukrainienne."
CHANGED_NEW = "La conférence a duré 4 heures et a porté principalement sur la question ukrainienne."
LEFT_FRENCH = "Le président Poutine propose que le prochain sommet se tienne à Moscou."
DRAFT = "Le sommet commence"
EMPTY = "Points à l'ordre du jour"


@pytest.fixture
def desk(project: Path, runner: CliRunner) -> Path:
    """The seed with its reviewed English catalog, then a day of news: every state on the page."""
    shutil.copytree(ROOT / "locale", project / "locale")
    path = project / "locale" / "en" / "LC_MESSAGES" / f"{SLUG}.po"
    po = polib.pofile(str(path))
    for entry in po:
        if entry.msgid == LEFT_FRENCH:
            entry.msgstr = "President Poutine proposed that the next summit be held in Moscow."
        elif entry.msgid == DRAFT:
            entry.msgstr, entry.flags, entry.tcomment = (
                "The summit begins",
                ["fuzzy"],
                "mt: apertium 3.8.3 fr-es",
            )
        elif entry.msgid == EMPTY:
            entry.msgstr = ""
    po.save(str(path))
    source = project / "sources" / f"{SLUG}.fr.txt"
    source.write_text(source.read_text(encoding="utf-8").replace(CHANGED_OLD, CHANGED_NEW), encoding="utf-8")
    assert runner.invoke(cli, ["build", "--no-mt", "--lang", "en"]).exit_code == 0
    result = runner.invoke(cli, ["review", "--lang", "en"])
    assert result.exit_code == 0, result.output
    return project


def _page(desk: Path) -> BeautifulSoup:
    html = (desk / "build" / "review" / "en" / f"{SLUG}.html").read_text(encoding="utf-8")
    html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(html)
    return BeautifulSoup(html, "html.parser")


def _row(soup: BeautifulSoup, french: str):
    return next(
        r for r in soup.select("tr[data-state]") if r.select_one("td.fr").get_text().startswith(french[:40])
    )


def test_every_unit_in_source_order_with_its_state(desk: Path) -> None:
    soup = _page(desk)
    rows = soup.select("tr[data-state]")
    assert len(rows) == 185  # one row per unit, the repeated sentence twice
    lines = [int(r["data-line"]) for r in rows]
    assert lines == sorted(lines)
    states = [r["data-state"] for r in rows]
    assert (
        states.count("suggestion") == 1
        and states.count("machine draft") == 1
        and states.count("untranslated") == 1
    )
    # The counts are of entries, as `localise stats` counts them (the repeated sentence is one entry),
    # and the reviewed entry the check finds a problem in is not counted as done.
    counts = {c["class"][1]: int(c["data-count"]) for c in soup.select(".summary .count")}
    assert counts == {
        "count-reviewed": 180,
        "count-flagged": 1,
        "count-machine": 1,
        "count-suggestion": 1,
        "count-untranslated": 1,
    }
    progress = soup.select_one("progress.progress")
    assert (progress["value"], progress["max"]) == ("180", "184")
    assert soup.select_one(f'label[for="{progress["id"]}"]').get_text() == "180 of 184 entries done"
    assert soup.select_one(".readiness").get_text() == "incomplete: some entries are not translated"


def test_a_suggestion_shows_what_changed_in_the_french(desk: Path) -> None:
    row = _row(_page(desk), CHANGED_NEW)
    assert row["data-state"] == "suggestion"
    assert [d.get_text() for d in row.select(".diff del")] == ["3"]
    assert [i.get_text() for i in row.select(".diff ins")] == ["4"]


def test_machine_drafts_name_their_engine_and_findings_show_inline(desk: Path) -> None:
    soup = _page(desk)
    draft = _row(soup, DRAFT)
    assert (
        draft["data-state"] == "machine draft"
        and "apertium 3.8.3 fr-es" in draft.select_one(".engine").get_text()
    )
    wrong = _row(soup, LEFT_FRENCH)
    assert "Poutine" in wrong.select_one(".findings").get_text()
    marks = {m.get_text(): m for m in wrong.select("td.fr mark.term")}
    assert marks["Poutine"]["title"] == "glossary: Putin" and "wrong" in marks["Poutine"]["class"]
    assert [m.get_text() for m in wrong.select("td.tr mark.term")] == ["Moscow"]
    assert _row(soup, EMPTY).select_one("td.tr .empty")


def test_each_row_names_the_po_line_to_edit(desk: Path) -> None:
    catalog = desk / "locale" / "en" / "LC_MESSAGES" / f"{SLUG}.po"
    lines = catalog.read_text(encoding="utf-8").splitlines()
    for row in _page(desk).select("tr[data-state]")[:40]:
        where = row.select_one(".where").get_text()
        path, line = where.rsplit(":", 1)
        assert path == f"locale/en/LC_MESSAGES/{SLUG}.po"
        assert lines[int(line) - 1].startswith("msgstr")


def test_the_index_has_a_progress_bar_per_language(desk: Path, runner: CliRunner) -> None:
    assert runner.invoke(cli, ["review"]).exit_code == 0
    soup = BeautifulSoup(
        (desk / "build" / "review" / "index.html").read_text(encoding="utf-8"), "html.parser"
    )
    assert [s["data-lang"] for s in soup.select("section.lang")] == ["en", "vi"]
    assert all(s.select(".progress") for s in soup.select("section.lang"))
    assert soup.select_one('section[data-lang="en"] a')["href"] == f"en/{SLUG}.html"


def test_the_vietnamese_page_speaks_vietnamese(desk: Path, runner: CliRunner) -> None:
    assert runner.invoke(cli, ["review", "--lang", "vi"]).exit_code == 0
    soup = BeautifulSoup(
        (desk / "build" / "review" / "vi" / f"{SLUG}.html").read_text(encoding="utf-8"), "html.parser"
    )
    assert soup.select_one("label.filter").get_text().strip() == "Chỉ hiện những đoạn cần xử lý"


def test_word_diff() -> None:
    assert word_diff("a b c d", "a x c d e") == (
        ("same", "a"),
        ("removed", "b"),
        ("added", "x"),
        ("same", "c d"),
        ("added", "e"),
    )


@pytest.mark.browser
def test_the_filter_works_in_a_browser_from_file(desk: Path, chromium, capsys) -> None:
    page = desk / "build" / "review" / "en" / f"{SLUG}.html"
    shot = ROOT / "build" / "test-artifacts" / "review-en.png"
    shot.parent.mkdir(parents=True, exist_ok=True)
    filtered = BeautifulSoup(chromium(page, fragment="needs-work"), "html.parser")
    visible = [r for r in filtered.select("tr[data-state]") if not r.has_attr("hidden")]
    assert len(visible) == 4  # the suggestion, the draft, the empty entry, the one with a finding
    assert {r["data-state"] for r in visible} == {"suggestion", "machine draft", "untranslated", "reviewed"}
    everything = BeautifulSoup(chromium(page, screenshot=shot, size="1300,1400"), "html.parser")
    assert not any(r.has_attr("hidden") for r in everything.select("tr[data-state]"))
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20_000
    with capsys.disabled():
        print(f"\n  review page screenshot: {shot.relative_to(ROOT)}")
    assert re.search(r"180\s*entries reviewed", everything.select_one(".summary").get_text(" "))
