"""Typographically equal, defined once: what each stage treats as the same text."""

from __future__ import annotations

import pytest

from localise.glossary.matcher import FormMatcher, strip_marks
from localise.glossary.terms import Term
from localise.numbers import localise_numbers
from localise.sources.units import unit_id
from localise.text import APOSTROPHES, JOINING_DASHES, SPACES, fold, normalise


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("« très bien »", '"très bien"'),
        ("l’OTAN", "l'OTAN"),
        ("Kremlin — Moscou", "Kremlin - Moscou"),  # ids are typography-blind, the em dash included
        ("Attendez…", "Attendez..."),
        ("Il a dit\u00a0: oui", "Il a dit : oui"),
    ],
)
def test_a_typography_only_difference_keeps_the_unit_id(a: str, b: str) -> None:
    assert normalise(a) == normalise(b)
    assert unit_id(a) == unit_id(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Russie–États-Unis", "russie-etats-unis"),  # en dash joins words as a hyphen does
        ("l‛Élysée", "l'Elysee"),
        ("Đà Nẵng", "Da Nang"),
        ("Nhà\u202fTrắng", "nha trang"),
    ],
)
def test_fold_ignores_accents_case_and_typography(a: str, b: str) -> None:
    assert fold(a) == fold(b)


def test_fold_keeps_the_em_dash_as_punctuation() -> None:
    assert fold("Kremlin—Moscou") != fold("Kremlin-Moscou")


@pytest.mark.parametrize("apostrophe", [*APOSTROPHES, "′"])
def test_the_glossary_matcher_reads_every_apostrophe(apostrophe: str) -> None:
    matcher = FormMatcher([("Côte d'Ivoire", "term")])
    text = f"en Côte d{apostrophe}Ivoire."
    assert [(text[s:e], p) for s, e, p in matcher.finditer(text)] == [(f"Côte d{apostrophe}Ivoire", "term")]


@pytest.mark.parametrize("dash", JOINING_DASHES)
def test_joining_dashes_are_hyphens_to_the_matcher_but_the_em_dash_is_not(dash: str) -> None:
    matcher = FormMatcher([("Russie-États-Unis", "term")])
    assert len(matcher.finditer(f"le sommet Russie{dash}États-Unis")) == 1
    assert matcher.finditer("le sommet Russie—États-Unis") == []
    assert len(strip_marks(f"a{dash}b—c")) == 5  # every fold keeps positions


def test_a_stroked_letter_is_not_an_accent_to_the_matcher() -> None:
    """Glossary matching strips marks only: "Đà Nẵng" in the text is not the term "Da Nang"."""
    term = Term(2, "place", ("Da Nang",), {})
    assert FormMatcher([("Da Nang", term)]).finditer("à Đà Nẵng") == []


@pytest.mark.parametrize("space", [" ", *SPACES])
def test_every_space_groups_the_digits_of_a_french_number(space: str) -> None:
    assert localise_numbers(f"150{space}000 personnes, 75{space}%", "en") == "150,000 personnes, 75%"
