"""Photo credits are names from the source: the editions write them as the glossary does."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner
from committed import copy_committed

from localise import parse_text
from localise.cli import cli
from localise.glossary.terms import load_glossary
from localise.publish.editions import edition_for, render_edition

ROOT = Path(__file__).resolve().parent.parent

ARTICLE = """Un titre

![](photo.jpg)
L'avion du président survole l'Alaska (Photo : FlightRadar24).
"""


@pytest.mark.parametrize(("lang", "label"), [("en", "Photo"), ("vi", "Ảnh")])
def test_a_credit_is_written_in_the_glossary_form(lang: str, label: str) -> None:
    article = parse_text(ARTICLE, slug="x")
    glossary = load_glossary(ROOT / "glossary.csv")
    page = render_edition(article, {}, edition_for(lang), glossary=glossary).html
    credit = BeautifulSoup(page, "html.parser").select_one("figcaption .credit").get_text()
    assert credit == f"({label}: Flightradar24)"
    # Without a glossary the credit stays as the source wrote it.
    bare = render_edition(article, {}, edition_for(lang)).html
    assert (
        BeautifulSoup(bare, "html.parser").select_one("figcaption .credit").get_text()
        == f"({label}: FlightRadar24)"
    )


def test_the_built_editions_show_flightradar24(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    copy_committed(tmp_path, settings=False)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("LOCALISE_MODELS_DIR", str(tmp_path / "no-models"))
    result = CliRunner().invoke(cli, ["build", "--no-mt", "-q"])
    assert result.exit_code == 0, result.output
    for lang, label in (("en", "Photo"), ("vi", "Ảnh")):
        page = (tmp_path / "build" / "site" / lang / "trump-putin-alaska-summit.html").read_text(
            encoding="utf-8"
        )
        credits = [c.get_text() for c in BeautifulSoup(page, "html.parser").select("figcaption .credit")]
        assert f"({label}: Flightradar24)" in credits
        assert not any("FlightRadar24" in c for c in credits)
