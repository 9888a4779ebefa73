"""Glossary: validation errors, robust matching, the pair check."""

from __future__ import annotations

from pathlib import Path

import pytest

from localise.errors import GlossaryError
from localise.glossary.adherence import check_terms
from localise.glossary.terms import Glossary, load_glossary
from localise.qa.rules import message_of

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return load_glossary(ROOT / "glossary.csv")


def _found(glossary: Glossary, text: str) -> list[str]:
    return [m.text for m in glossary.find(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("M. Poutine a quitté l'Alaska.", ["Poutine", "Alaska"]),
        ("l'Ukraine et l’OTAN", ["Ukraine", "OTAN"]),
        ("sur la base aérienne d'Elmendorf-Richardson.", ["base aérienne d'Elmendorf-Richardson"]),
        (
            "selon la porte-parole de la Maison Blanche, Karoline Leavitt",
            ["porte-parole de la Maison Blanche", "Karoline Leavitt"],
        ),
        ("Porte-parole du Kremlin, il a parlé.", ["Porte-parole du Kremlin"]),
        ("Les Etats-Unis et les États-Unis", ["Etats-Unis", "États-Unis"]),
        ("le président Vladimir Poutine", ["Vladimir Poutine"]),
        ("Poutineville, Trumpisme, TRT, Kremlinologue, Moscoutaire", []),
        ("Selon RIA Novosti et selon RIA", ["RIA Novosti", "RIA"]),
        ("Serguei Lavrov", ["Serguei Lavrov"]),
    ],
    ids=[
        "m-poutine",
        "elision",
        "elision-place",
        "longest-first",
        "sentence-start",
        "accents",
        "full-name",
        "inside-words",
        "variants",
        "accent-less",
    ],
)
def test_find_terms(glossary: Glossary, text: str, expected: list[str]) -> None:
    assert _found(glossary, text) == expected


def test_variants_map_to_their_target_form(glossary: Glossary) -> None:
    matches = glossary.find("Youri Ouchakov, puis Ouchakov")
    assert [m.term.target("en", m.variant) for m in matches] == ["Yuri Ushakov", "Ushakov"]
    assert [m.term.target("vi", m.variant) for m in matches] == ["Yury Ushakov", "Ushakov"]
    # An empty target cell keeps the source form.
    assert glossary.find("Anchorage")[0].term.target("en") == "Anchorage"


def test_check_terms(glossary: Glossary) -> None:
    source = "Le conseiller présidentiel Youri Ouchakov est à Kiev."
    assert check_terms(glossary, source, "Presidential aide Yuri Ushakov is in Kyiv.", "en") == []
    messages = [
        message_of(p)
        for p in check_terms(glossary, source, "Presidential aide Yuri Ouchakov is in Kiev.", "en")
    ]
    assert messages == [
        'missing "Yuri Ushakov" for "Youri Ouchakov" (found "Ouchakov")',
        'missing "Kyiv" for "Kiev" (found "Kiev")',
    ]
    # A French form left in a translation of a sentence that did not contain it.
    leftover = check_terms(glossary, "Le président est arrivé.", "President Poutine arrived.", "en")
    assert [(p.kind, message_of(p)) for p in leftover] == [
        ("source-form-left", '"Poutine" left in the translation (expected "Putin")')
    ]
    # Vietnamese keeps Kiev: not a violation there.
    assert check_terms(glossary, "Selon Kiev.", "Theo Kiev.", "vi") == []


HEADER = "fr,en,vi,kind,note\n"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("fr,en,kind\nPoutine,Putin,person\n", None),
        ("fr,en,vi,note\nPoutine,Putin,Putin,\n", ":1: missing column 'kind'"),
        (
            HEADER
            + "Poutine,Putin,Putin,person,\nOuchakov,Ushakov,Ushakov,person,\nPoutine,Putin,Putin,person,\n",
            ':4: "Poutine" appears twice (lines 2 and 4); keep one row',
        ),
        (
            HEADER + "Kiev,Kyiv,Kiev,place,\nKiev,Kiev,Kiev,place,\n",
            ':3: "Kiev" has conflicting en targets "Kyiv" (line 2) and "Kiev" (line 3); keep one row',
        ),
        (HEADER + "Poutine,Putin,Putin,leader,\n", ':2: unknown kind "leader"'),
        (HEADER + "Poutine,Putin\n", ":2: row has 2 fields, the header has 5"),
        (HEADER + ",Putin,Putin,person,\n", ":2: empty French term"),
    ],
    ids=["minimal-ok", "missing-column", "duplicate", "conflict", "bad-kind", "short-row", "empty-source"],
)
def test_malformed_glossary_rows(tmp_path: Path, content: str, message: str | None) -> None:
    path = tmp_path / "glossary.csv"
    path.write_text(content, encoding="utf-8")
    if message is None:
        assert len(load_glossary(path)) == 1
        return
    with pytest.raises(GlossaryError) as info:
        load_glossary(path)
    assert str(info.value).startswith(str(path)) and message in str(info.value)


def test_glossary_in_latin1_is_rejected_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "glossary.csv"
    path.write_bytes(
        (HEADER + "Poutine,Putin,Putin,person,\nSergueï Lavrov,Sergei Lavrov,Sergei Lavrov,person,\n").encode(
            "latin-1"
        )
    )
    with pytest.raises(GlossaryError, match=r":3: glossary is not UTF-8"):
        load_glossary(path)


def test_the_committed_glossary_covers_the_people_of_the_seed(glossary: Glossary, seed_text: str) -> None:
    people = {t.sources[0] for t in glossary.terms if t.kind == "person"}
    for name in [
        "Youri Ouchakov",
        "Sergueï Lavrov",
        "Andreï Beloussov",
        "Dmitri Peskov",
        "Alexandre Loukachenko",
        "Sergueï Nosov",
        "Karoline Leavitt",
        "Kirill Dmitriev",
    ]:
        assert name in people and name in seed_text
    assert glossary.find("Moscou")[0].term.target("en") == "Moscow"
    assert glossary.find("Maison Blanche")[0].term.target("vi") == "Nhà Trắng"


@pytest.mark.parametrize(
    ("broken_line", "column"),
    [
        ('Kiev,Kyiv,Kiev,place,"current English style is Kyiv', 22),
        ('"Moscou,Moscow,Moscow,place,', 1),
    ],
    ids=["stray-quote-in-note", "stray-quote-at-line-start"],
)
def test_a_stray_quote_is_reported_at_its_own_line_and_nothing_is_swallowed(
    tmp_path: Path, broken_line: str, column: int
) -> None:
    lines = (ROOT / "glossary.csv").read_text(encoding="utf-8").splitlines()
    at = next(
        i for i, line in enumerate(lines) if line.startswith(broken_line.strip('"').split(",")[0] + ",")
    )
    lines[at] = broken_line
    path = tmp_path / "glossary.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(GlossaryError) as info:
        load_glossary(path)
    message = str(info.value)
    assert message.startswith(f"{path}:{at + 1}: a cell opens a quote") and f"(column {column})" in message
    assert "\n" not in message


def test_every_glossary_line_is_a_term(glossary: Glossary) -> None:
    lines = [
        line for line in (ROOT / "glossary.csv").read_text(encoding="utf-8").splitlines()[1:] if line.strip()
    ]
    assert len(glossary) == len(lines) == 59


def test_quoted_cells_with_commas_and_quotes_still_load(tmp_path: Path) -> None:
    path = tmp_path / "glossary.csv"
    path.write_text(
        'fr,en,vi,kind,note\nPoutine,Putin,Putin,person,"Russian president, since 2000; ""VVP"""\n',
        encoding="utf-8",
    )
    assert load_glossary(path).terms[0].note == 'Russian president, since 2000; "VVP"'
