"""Glossary suggestions: names, titles, institutions and places the glossary misses, and nothing else."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

from localise import Article, make_units, parse_text, read_article
from localise.glossary.suggest import Candidate, suggest_terms
from localise.glossary.suggest.lexicon import STOP_WORDS
from localise.glossary.suggest.output import candidates_csv, candidates_json
from localise.glossary.terms import GLOSSARY_COLUMNS, TERM_KINDS, Glossary, load_glossary

ROOT = Path(__file__).resolve().parent.parent
YAGI = ROOT / "sources" / "typhon-yagi-nord-vietnam.fr.txt"
SEED = ROOT / "sources" / "trump-putin-alaska-summit.fr.txt"


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return load_glossary(ROOT / "glossary.csv")


@pytest.fixture(scope="module")
def yagi(glossary: Glossary) -> dict[str, Candidate]:
    return {
        c.fr: c for c in suggest_terms([read_article(YAGI, display_path="sources/" + YAGI.name)], glossary)
    }


@pytest.fixture(scope="module")
def seed(glossary: Glossary) -> list[Candidate]:
    return suggest_terms([read_article(SEED)], glossary)


def _suggest(glossary: Glossary, *paragraphs: str) -> dict[str, Candidate]:
    article = parse_text("Titre\n" + "\n".join(paragraphs), slug="t", path="sources/t.fr.txt")
    return {c.fr: c for c in suggest_terms([article], glossary)}


def test_seed_proposes_no_name_the_glossary_holds(seed: list[Candidate], glossary: Glossary) -> None:
    known = {v.casefold() for t in glossary.terms for v in t.sources}
    assert not [c.fr for c in seed if any(v.casefold() in known for v in c.fr.split("|"))]
    assert not [c for c in seed if c.kind == "person"]  # every person in the seed is in glossary.csv


def test_seed_proposes_only_its_uncovered_names(seed: list[Candidate]) -> None:
    # Inspected by hand: each is a real name glossary.csv lacks ("L'Amérique déroule le tapis rouge",
    # "l'avion Tu-214", "la chaîne Telegram du Kremlin", "la Cadillac présidentielle", "un avion de
    # surveillance militaire Boeing E-3C", "le monument « Héros Alsib »").
    assert {c.fr for c in seed} == {
        "Amérique",
        "Tu-214",
        "Telegram",
        "Cadillac",
        "Boeing E-3C",
        "Héros Alsib",
    }
    assert next(c for c in seed if c.fr == "Telegram").kind == "org"


@pytest.mark.parametrize(
    ("fr", "kind"),
    [
        ("Phạm Minh Chính|Chính", "person"),  # "M. Chính" is his short form
        ("Trần Hồng Hà", "person"),
        ("Nguyễn Hoàng Hiệp", "person"),
        ("Mai Văn Khiêm|Khiêm", "person"),
        ("Quảng Ninh", "place"),
        ("Hải Phòng", "place"),
        ("Lào Cai", "place"),
        ("Làng Nủ", "place"),
        ("fleuve Rouge", "place"),
        ("pont Phong Châu", "place"),
        ("baie d'Hạ Long", "place"),
        ("Premier ministre", "title"),
        ("vice-Premier ministre", "title"),
        ("vice-ministre de l'Agriculture et du Développement rural", "title"),
        ("président du Comité populaire de Hanoï", "title"),
        ("ministère de l'Agriculture et du Développement rural", "institution"),
        ("Centre national de prévision hydrométéorologique", "institution"),
        ("Agence vietnamienne d'information", "institution"),
        ("Armée populaire du Vietnam", "institution"),
        ("EVN", "org"),
        ("UNICEF", "org"),
        ("Yagi", "other"),
    ],
)
def test_new_article_candidates(yagi: dict[str, Candidate], fr: str, kind: str) -> None:
    assert fr in yagi, sorted(yagi)
    assert yagi[fr].kind == kind


def test_person_after_a_title_carries_it_in_the_note(yagi: dict[str, Candidate]) -> None:
    assert yagi["Nguyễn Hoàng Hiệp"].note == "vice-ministre de l'Agriculture et du Développement rural"
    assert yagi["Phan Văn Giang"].note == "ministre de la Défense"  # not "général", the title after it
    assert "title of Phạm Minh Chính" in yagi["Premier ministre"].note
    first = yagi["Phạm Minh Chính|Chính"]
    assert (first.path, first.line, first.count) == ("sources/typhon-yagi-nord-vietnam.fr.txt", 5, 4)


def test_elided_form_is_grouped_with_its_base(yagi: dict[str, Candidate]) -> None:
    assert set(yagi["Hải Phòng"].forms) == {"Hải Phòng", "d'Hải Phòng"}
    assert yagi["Agence vietnamienne d'information"].forms == ("l'Agence vietnamienne d'information",)
    assert not [fr for fr in yagi if fr.lower().startswith(("d'", "l'", "d’", "l’"))]


def test_no_sentence_initial_common_word(yagi: dict[str, Candidate]) -> None:
    text = YAGI.read_text(encoding="utf-8")
    openers = (
        "Selon",
        "Le",
        "La",
        "Dans",
        "Vers",
        "Sous",
        "Cet",
        "Crues",
        "Plusieurs",
        "Quelques",
        "Elles",
        "Aucun",
    )
    for word in openers:
        assert f"\n{word} " in text or f". {word} " in text or f"« {word} " in text, (
            word
        )  # the article opens sentences with it
        assert not [fr for fr in yagi if fr.split()[0] == word], word
    assert not [fr for fr in yagi if fr.split()[0].lower() in STOP_WORDS]
    # A single capitalised word is proposed only where it is also capitalised mid-sentence.
    for c in yagi.values():
        if " " not in c.fr and "|" not in c.fr and not c.fr.isupper():
            assert re.search(rf"[\w,] (?:[dl]')?{re.escape(c.fr)}\b", text), c.fr


def test_covered_terms_are_not_proposed(glossary: Glossary) -> None:
    found = _suggest(
        glossary,
        "Le président Poutine a reçu le ministre des Affaires étrangères Sergueï Lavrov au Kremlin.",
        "Le sommet Russie-États-Unis s'est tenu sur la base aérienne d'Elmendorf-Richardson, selon l'AFP.",
        "Selon le président du Bélarus, la réunion a duré 3 heures. Cependant, rien n'a été signé.",
    )
    assert found == {}


@pytest.mark.parametrize(
    ("paragraphs", "fr", "forms"),
    [
        (
            [
                "Le Comité populaire a voté hier soir la fermeture des écoles de la ville.",
                "Les Comités populaires des districts ont suivi.",
            ],
            "Comité populaire|Comités populaires",
            ("Comité populaire", "Comités populaires"),
        ),
        (
            [
                "Le président Emmanuel Macron est arrivé lundi à Hanoï pour une visite officielle.",
                "M. Macron a rencontré la presse.",
            ],
            "Emmanuel Macron|Macron",
            ("Emmanuel Macron", "Macron"),
        ),
        (
            [
                "La délégation s'est rendue à Đà Nẵng puis est repartie d'Đà Nẵng vers Huế le soir même.",
                "Hanoi et Hanoï sont une seule ville, selon la dépêche de l'agence.",
            ],
            "Đà Nẵng",
            ("Đà Nẵng", "d'Đà Nẵng"),
        ),
    ],
    ids=["plural", "short-form", "elision"],
)
def test_inflected_elided_and_short_forms_group(
    glossary: Glossary, paragraphs: list[str], fr: str, forms: tuple[str, ...]
) -> None:
    found = _suggest(glossary, *paragraphs)
    assert found[fr].forms == forms
    assert found[fr].count == len(forms)


def test_accent_variants_group(glossary: Glossary) -> None:
    found = _suggest(glossary, "Hanoi et Hanoï sont une seule ville, selon la dépêche publiée à Hanoi.")
    assert set(found) == {"Hanoi"} and found["Hanoi"].count == 3


def test_partial_glossary_match_drafts_the_targets(glossary: Glossary) -> None:
    found = _suggest(glossary, "Lioudmila Poutine, ex-épouse du président russe, a parlé aux journalistes.")
    c = found["Lioudmila Poutine"]
    assert (c.en, c.vi, c.kind) == ("Lioudmila Putin", "Lioudmila Putin", "person")
    assert "glossary line 3 (Poutine)" in c.note


def test_new_title_before_a_glossary_name(glossary: Glossary) -> None:
    found = _suggest(glossary, "Le vice-Premier ministre Ouchakov a rencontré hier les journalistes russes.")
    assert list(found) == ["vice-Premier ministre"]
    assert found["vice-Premier ministre"].note == "title of Youri Ouchakov (glossary line 4)"


def test_title_complement_stops_at_the_name(glossary: Glossary) -> None:
    found = _suggest(
        glossary, "Le ministre de l'Industrie Anton Alikhanov a assisté à la réunion au Kremlin."
    )
    assert found["ministre de l'Industrie"].kind == "title"
    assert found["Anton Alikhanov"].kind == "person"


def test_csv_rows_paste_into_the_glossary(yagi: dict[str, Candidate], tmp_path: Path) -> None:
    text = candidates_csv(yagi.values())
    rows = list(csv.reader(io.StringIO(text)))
    assert len(rows) == len(yagi)
    assert all(len(row) == len(GLOSSARY_COLUMNS) and row[3] in TERM_KINDS for row in rows)
    assert all("first at sources/typhon-yagi-nord-vietnam.fr.txt:" in row[4] for row in rows)
    header = next(csv.reader(io.StringIO(candidates_csv([], header=True))))
    assert tuple(header) == GLOSSARY_COLUMNS
    extended = tmp_path / "glossary.csv"
    extended.write_text((ROOT / "glossary.csv").read_text(encoding="utf-8") + text, encoding="utf-8")
    # Pasted as they are, the rows load without a duplicate or conflict, and nothing is left to suggest.
    assert suggest_terms([read_article(YAGI)], load_glossary(extended)) == []


def test_json_says_what_the_csv_rows_say(yagi: dict[str, Candidate]) -> None:
    data = json.loads(candidates_json(yagi.values()))
    rows = list(csv.reader(io.StringIO(candidates_csv(yagi.values()))))
    assert [[c["fr"], c["en"], c["vi"], c["kind"]] for c in data] == [row[:4] for row in rows]
    for c, row in zip(data, rows, strict=True):
        times = "time" if c["count"] == 1 else "times"
        assert row[4].endswith(f"seen {c['count']} {times}, first at {c['path']}:{c['line']}")
        assert c["forms"] and all(isinstance(form, str) and form for form in c["forms"])
    assert set(data[0]) == {"fr", "en", "vi", "kind", "note", "count", "path", "line", "forms"}


def test_two_articles_together_propose_what_each_proposes_alone(
    yagi: dict[str, Candidate], seed: list[Candidate], glossary: Glossary
) -> None:
    articles: list[Article] = [read_article(SEED), read_article(YAGI)]
    together = suggest_terms(articles, glossary)
    assert sorted(c.fr for c in together) == sorted([*yagi, *(c.fr for c in seed)])
    assert len(together) == len(yagi) + 6


def _pot(tmp_path: Path, source: Path) -> Path:
    pot = polib.POFile()
    pot.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    seen: dict[str, polib.POEntry] = {}
    for unit in make_units(read_article(source)):
        if unit.source not in seen:
            seen[unit.source] = polib.POEntry(msgid=unit.source, msgstr="")
            pot.append(seen[unit.source])
        seen[unit.source].occurrences.append((unit.path, str(unit.line)))
    pot.save(str(tmp_path / "seed.pot"))
    return tmp_path / "seed.pot"


def test_poterminology_on_the_seed_proposes_what_the_glossary_covers(
    tmp_path: Path, glossary: Glossary
) -> None:
    """The anchor: Translate Toolkit's term extractor, which knows nothing of glossary.csv or of French."""
    exe = shutil.which("poterminology") or str(Path(sys.executable).with_name("poterminology"))
    out = tmp_path / "terms.pot"
    subprocess.run(
        [
            exe,
            "--progress=none",
            "--preserve-case",
            "--locs-needed=1",
            "-i",
            str(_pot(tmp_path, SEED)),
            "-o",
            str(out),
        ],
        check=True,
    )
    terms = [e.msgid for e in polib.pofile(str(out)) if e.msgid]
    top = terms[:20]
    covered = [t for t in top if any(m.start == 0 and m.end == len(t) for m in glossary.find(t))]
    assert {"Poutine", "Trump"} <= set(covered)  # its top terms are names the glossary already holds
    assert "président" in top and "déclaré" in top  # and common words
    ours = suggest_terms([read_article(SEED)], glossary)
    assert not [c for c in ours if glossary.find(c.fr)]


def test_glossary_suggest_command_and_the_build_hint(tmp_path, monkeypatch) -> None:
    import csv as csv_module
    import json as json_module
    import shutil

    from click.testing import CliRunner

    from localise.cli import cli

    root = Path(__file__).resolve().parent.parent
    (tmp_path / "sources").mkdir()
    for name in ("trump-putin-alaska-summit.fr.txt", "typhon-yagi-nord-vietnam.fr.txt"):
        shutil.copy(root / "sources" / name, tmp_path / "sources" / name)
    shutil.copy(root / "glossary.csv", tmp_path / "glossary.csv")
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    rows = list(
        csv_module.reader(runner.invoke(cli, ["glossary", "suggest", "--header"]).stdout.splitlines())
    )
    assert rows[0] == ["fr", "en", "vi", "kind", "note"] and all(len(r) == 5 for r in rows)
    assert next(r[:4] for r in rows if r[0].startswith("Phạm Minh")) == [
        "Phạm Minh Chính|Chính",
        "",
        "",
        "person",
    ]
    only_seed = json_module.loads(
        runner.invoke(
            cli, ["glossary", "suggest", "sources/trump-putin-alaska-summit.fr.txt", "--format", "json"]
        ).stdout
    )
    assert only_seed and not [c for c in only_seed if c["kind"] == "person"]
    build = runner.invoke(cli, ["build", "--no-mt", "--no-memory"])
    hint = [line for line in build.stdout.splitlines() if "not in glossary.csv" in line]
    assert hint == [
        f"{len(rows) - 1} names not in glossary.csv: run `localise glossary suggest "
        "sources/trump-putin-alaska-summit.fr.txt sources/typhon-yagi-nord-vietnam.fr.txt`"
    ]
