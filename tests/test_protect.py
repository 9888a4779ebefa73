"""Protecting terms and numbers from MT: masked before the engine, restored after, never a placeholder left."""

from __future__ import annotations

from pathlib import Path

import pytest

from localise.glossary.terms import Glossary, load_glossary
from localise.mt.protect import mask, prefill, unmask

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return load_glossary(ROOT / "glossary.csv")


def test_mask_round_trip_restores_target_forms(glossary: Glossary) -> None:
    masked = mask(glossary, "M. Poutine a rencontré le secrétaire d'État Marco Rubio à Moscou.", "en")
    assert "Poutine" not in masked.text and "Moscou" not in masked.text
    engine_output = masked.text.replace("M.", "Mr.").replace("a rencontré le", "met").replace("à", "in")
    text, problems = unmask(engine_output, masked)
    assert problems == []
    assert text == "Mr. Putin met Secretary of State Marco Rubio in Moscow."


@pytest.mark.parametrize(
    ("mangle", "problem"),
    [
        (lambda s: s.replace("[1]", ""), "dropped"),
        (lambda s: s.replace("[1]", "[1] [1]"), "duplicated"),
        (lambda s: s + " [9]", "unknown"),
    ],
    ids=["dropped", "duplicated", "invented"],
)
def test_unmask_reports_broken_placeholders_and_never_leaks_one(
    glossary: Glossary, mangle, problem: str
) -> None:
    masked = mask(glossary, "M. Poutine a rencontré M. Trump.", "en")
    text, problems = unmask(mangle(masked.text), masked)
    assert any(problem in p for p in problems)
    assert "[" not in text and "]" not in text


def test_unmask_accepts_spacing_the_model_added(glossary: Glossary) -> None:
    masked = mask(glossary, "Poutine arrive.", "en")
    text, problems = unmask(masked.text.replace("[1]", "[ 1 ]"), masked)
    assert problems == [] and text.startswith("Putin")


def test_existing_brackets_in_the_source_are_not_placeholders(glossary: Glossary) -> None:
    masked = mask(glossary, "Voir [1] : Poutine arrive.", "en")
    assert "[1]" in masked.text and masked.slots[0].placeholder != "[1]"
    text, problems = unmask(masked.text, masked)
    assert problems == [] and text == "Voir [1] : Putin arrive."


def test_numbers_are_masked_and_come_back_in_the_target_format(glossary: Glossary) -> None:
    masked = mask(glossary, "À 11 h, 150 000 personnes, soit 75 % des habitants, attendaient Poutine.", "en")
    assert [(s.source, s.target) for s in masked.slots] == [
        ("11 h", "11 a.m."),
        ("150 000", "150,000"),
        ("75 %", "75%"),
        ("Poutine", "Putin"),
    ]
    assert masked.text == "À [1], [2] personnes, soit [3] des habitants, attendaient [4]."
    output = "At [1], [2] people, or [3] of the residents, were waiting for [4]."
    assert unmask(output, masked) == (
        "At 11 a.m., 150,000 people, or 75% of the residents, were waiting for Putin.",
        [],
    )


def test_prefill_writes_terms_and_numbers_in_the_target_form(glossary: Glossary) -> None:
    assert prefill(glossary, "Poutine a parlé 3 heures à 150 000 personnes.", "en") == (
        "Putin a parlé 3 heures à 150,000 personnes."
    )
