"""The newsroom's memory: reviewed translations of one article become suggestions in another, exact and
fuzzy, in every language, never reviewed and never failing the check."""

from __future__ import annotations

import shutil
from pathlib import Path

import polib
import pytest

from localise.app import build_project
from localise.catalogs.pofile import read_catalog
from localise.catalogs.reviewed_memory import ReviewedMemory
from localise.glossary.terms import load_glossary
from localise.mt.engines import Engine
from localise.mt.engines.registry import Unrouted
from localise.mt.style import project_style
from localise.project import Project
from localise.qa.check import check_catalog

ROOT = Path(__file__).resolve().parent.parent
SEED = "trump-putin-alaska-summit"
SEQUEL = "alaska-suite"

EXACT = [
    "Près de 150 000 personnes auraient suivi le vol en ligne.",
    "Le président Trump a atterri en Alaska",
]
#: One word changed ("brève" -> "courte"): 0.8 or more by msgmerge's measure, same numbers and terms.
FUZZY = (
    "La réunion a duré environ trois heures et a été suivie d'une courte conférence de presse des deux dirigeants.",
    "La réunion a duré environ trois heures et a été suivie d'une brève conférence de presse des deux dirigeants.",
)
#: Close to reviewed French, but the reviewed translation would now be wrong: a number, a name.
WRONG_NUMBER = "La conférence a duré 4 heures."
WRONG_NAME = "M. Trump a déclaré que M. Lavrov était « un homme intelligent »."
NEW = "Une phrase tout à fait nouvelle sur le sommet."
SEQUEL_TEXT = "\n".join(
    ["Sommet de l'Alaska : la suite", f"- {EXACT[0]}", EXACT[1], FUZZY[0], WRONG_NUMBER, WRONG_NAME, NEW]
)


class EchoEngine(Engine):
    name = "echo"

    def pairs(self) -> list[tuple[str, str]]:
        return [("fr", "en")]

    def translate(self, texts, source, target):  # type: ignore[no-untyped-def]
        return list(texts)

    def describe(self, source: str, target: str) -> str:
        return "echo 1"


@pytest.fixture
def newsroom(tmp_path: Path) -> Path:
    """The reviewed seed (sources, English and Vietnamese catalogs) and a new article repeating some of it."""
    (tmp_path / "sources").mkdir()
    shutil.copy(ROOT / "sources" / f"{SEED}.fr.txt", tmp_path / "sources")
    (tmp_path / "sources" / f"{SEQUEL}.fr.txt").write_text(SEQUEL_TEXT + "\n", encoding="utf-8")
    shutil.copy(ROOT / "glossary.csv", tmp_path / "glossary.csv")
    shutil.copytree(ROOT / "style", tmp_path / "style")
    (tmp_path / "locale").mkdir()
    shutil.copy(ROOT / "locale" / f"{SEED}.pot", tmp_path / "locale")
    for lang in ("en", "vi"):
        folder = tmp_path / "locale" / lang / "LC_MESSAGES"
        folder.mkdir(parents=True)
        shutil.copy(ROOT / "locale" / lang / "LC_MESSAGES" / f"{SEED}.po", folder)
    return tmp_path


def _reviewed(lang: str) -> dict[str, str]:
    po = polib.pofile(str(ROOT / "locale" / lang / "LC_MESSAGES" / f"{SEED}.po"))
    return {e.msgid: e.msgstr for e in po if e.msgstr and not e.fuzzy}


def test_two_articles_sharing_sentences_get_exact_and_fuzzy_suggestions_in_both_languages(
    newsroom: Path,
) -> None:
    project = Project.at(newsroom)
    seed_before = {lang: project.catalog_path(SEED, lang).read_bytes() for lang in ("en", "vi")}
    result = build_project(
        project, engines={"en": EchoEngine(), "vi": Unrouted("no engine for Vietnamese here")}
    )
    assert result.remembered == {"en": {"exact": 2, "fuzzy": 1}, "vi": {"exact": 2, "fuzzy": 1}}
    glossary = load_glossary(newsroom / "glossary.csv")
    for lang in ("en", "vi"):
        reviewed = _reviewed(lang)
        catalog = read_catalog(project.catalog_path(SEQUEL, lang), lang=lang)
        entries = {e.msgid: e for e in catalog.po}
        for msgid in EXACT:
            entry = entries[msgid]
            assert entry.msgstr == reviewed[msgid] and entry.fuzzy and entry.previous_msgid is None
            assert f"memory: reviewed in {SEED} (same French)" in entry.tcomment.splitlines()
        fuzzy = entries[FUZZY[0]]
        assert fuzzy.msgstr == reviewed[FUZZY[1]] and fuzzy.fuzzy and fuzzy.previous_msgid == FUZZY[1]
        assert any(
            line.startswith(f"memory: reviewed in {SEED} (") and line.endswith("% similar French)")
            for line in fuzzy.tcomment.splitlines()
        )
        # Close French whose reviewed translation fails the glossary or number check is not suggested.
        for msgid in (WRONG_NUMBER, WRONG_NAME, NEW):
            assert "memory:" not in entries[msgid].tcomment
        assert all(e.fuzzy or not e.msgstr for e in catalog.po)  # nothing reviewed that no one reviewed
        findings = check_catalog(catalog, glossary, include_fuzzy=True, style=project_style(project, lang))
        assert [f for f in findings if "memory:" in entries[f.msgid].tcomment] == []
        assert project.catalog_path(SEED, lang).read_bytes() == seed_before[lang]  # reviewed work untouched
    vi = {e.msgid: e for e in polib.pofile(str(project.catalog_path(SEQUEL, "vi")))}
    assert vi[WRONG_NUMBER].msgstr == "" and vi[NEW].msgstr == ""  # no engine for Vietnamese: nothing else
    en = {e.msgid: e for e in polib.pofile(str(project.catalog_path(SEQUEL, "en")))}
    assert en[WRONG_NUMBER].tcomment.startswith("mt: echo ")  # English: the engine drafts the rest


def test_the_memory_never_suggests_an_articles_own_work_and_finds_fuzzy_matches_through_its_index() -> None:
    po = polib.pofile(str(ROOT / "locale" / "en" / "LC_MESSAGES" / f"{SEED}.po"))
    memory = ReviewedMemory([(SEED, "en", po)])
    assert len(memory) == 184
    assert memory.lookup(EXACT[0], "en", slug=SEED) is None
    exact = memory.lookup(EXACT[0], "en", slug="other")
    assert exact is not None and exact.exact and exact.slug == SEED
    fuzzy = memory.lookup(FUZZY[0], "en", slug="other")
    assert fuzzy is not None and fuzzy.msgid == FUZZY[1] and 0.8 <= fuzzy.score < 1
    assert memory.lookup(FUZZY[0], "en", slug="other", fuzzy=False) is None
    assert memory.lookup(NEW, "en", slug="other") is None
