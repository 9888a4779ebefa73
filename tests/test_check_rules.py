"""The glossary rule `localise check` enforces: variants pair up, case and diacritics count, leftovers."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from localise.glossary.adherence import check_terms
from localise.glossary.terms import Glossary, load_glossary
from localise.qa.rules import message_of

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return load_glossary(ROOT / "glossary.csv")


def _problems(glossary: Glossary, source: str, translation: str, lang: str) -> list[tuple[str, str, str]]:
    return [(p.kind, p.expected, p.found) for p in check_terms(glossary, source, translation, lang)]


USHAKOV = "Le conseiller présidentiel Youri Ouchakov est arrivé."


@pytest.mark.parametrize(
    ("translation", "found"),
    [
        ("Trợ lý tổng thống Yuri Ushakov đã đến.", "Yuri Ushakov"),  # the English spelling
        ("Trợ lý tổng thống Youri Ushakov đã đến.", "Ushakov"),
        ("Trợ lý tổng thống Ushakov đã đến.", "Ushakov"),  # the short form for the long one
        ("Trợ lý tổng thống Yury Ouchakov đã đến.", "Ouchakov"),
    ],
    ids=["english-spelling", "french-first-name", "bare-surname", "french-surname"],
)
def test_the_long_french_form_needs_the_long_vietnamese_form(
    glossary: Glossary, translation: str, found: str
) -> None:
    assert _problems(glossary, USHAKOV, translation, "vi") == [("term-missing", "Yury Ushakov", found)]


def test_the_glossary_spelling_passes_and_the_short_form_maps_to_the_short_one(glossary: Glossary) -> None:
    assert _problems(glossary, USHAKOV, "Trợ lý tổng thống Yury Ushakov đã đến.", "vi") == []
    assert _problems(glossary, "M. Ouchakov est arrivé.", "Ông Ushakov đã đến.", "vi") == []
    # The full name satisfies the short French form too: it holds "Ushakov".
    assert _problems(glossary, "M. Ouchakov est arrivé.", "Ông Yury Ushakov đã đến.", "vi") == []


def test_nha_trang_is_not_nha_trang(glossary: Glossary) -> None:
    """Diacritics are kept on the target side: Nha Trang is a city, Nhà Trắng the White House."""
    source = "La Maison Blanche a publié une photo."
    assert _problems(glossary, source, "Nhà Trắng đã đăng một bức ảnh.", "vi") == []
    assert _problems(glossary, source, "Nha Trang đã đăng một bức ảnh.", "vi") == [
        ("term-missing", "Nhà Trắng", "Nha Trang")
    ]


def test_a_decomposed_translation_is_compared_as_composed(glossary: Glossary) -> None:
    translation = unicodedata.normalize("NFD", "Nhà Trắng đã đăng một bức ảnh.")
    assert _problems(glossary, "La Maison Blanche a publié une photo.", translation, "vi") == []


TITLE = "La porte-parole de la Maison Blanche, Karoline Leavitt, a parlé."


@pytest.mark.parametrize(
    ("translation", "found"),
    [
        ("The white house press secretary, Karoline Leavitt, spoke.", "white house press secretary"),
        ("The White House Press Secretary, Karoline Leavitt, spoke.", "White House Press Secretary"),
        ("Karoline Leavitt spoke.", ""),
    ],
    ids=["lowercase", "title-case", "dropped"],
)
def test_target_case_is_kept(glossary: Glossary, translation: str, found: str) -> None:
    assert _problems(glossary, TITLE, translation, "en") == [
        ("term-missing", "White House press secretary", found)
    ]
    assert _problems(glossary, TITLE, "The White House press secretary, Karoline Leavitt, spoke.", "en") == []


@pytest.mark.parametrize(
    ("translation", "passes"),
    [
        ("Special envoy Steve Witkoff arrived.", True),  # sentence-initial capital
        ("He said: “Special envoy Steve Witkoff arrived.”", True),
        ("Then special envoy Steve Witkoff arrived.", True),
        ("Then Special envoy Steve Witkoff arrived.", False),  # a capital mid-sentence
    ],
    ids=["text-start", "after-colon-and-quote", "lowercase-mid-sentence", "capital-mid-sentence"],
)
def test_only_a_sentence_initial_capital_is_forgiven(
    glossary: Glossary, translation: str, passes: bool
) -> None:
    problems = _problems(glossary, "L'envoyé spécial Steve Witkoff est arrivé.", translation, "en")
    assert (problems == []) is passes, problems


@pytest.mark.parametrize(
    ("kind", "source", "good", "bad", "expected", "found"),
    [
        (
            "person",
            "M. Poutine est arrivé.",
            "Mr. Putin arrived.",
            "Mr. Poutine arrived.",
            "Putin",
            "Poutine",
        ),
        (
            "title",
            "Le porte-parole du Kremlin a parlé.",
            "The Kremlin spokesman spoke.",
            "The Kremlin spokesperson spoke.",
            "Kremlin spokesman",
            "Kremlin spokesperson",
        ),
        (
            "institution",
            "L'OTAN se réunit.",
            "NATO meets.",
            "OTAN meets.",
            "NATO",
            "OTAN",
        ),
        ("place", "Il vole vers Moscou.", "He flies to Moscow.", "He flies to Moskow.", "Moscow", "Moskow"),
        (
            "org",
            "Selon RIA Novosti, il arrive.",
            "According to RIA Novosti, he arrives.",
            "According to Ria Novosti, he arrives.",
            "RIA Novosti",
            "Ria Novosti",
        ),
        (
            "other",
            "Air Force One a atterri.",
            "Air Force One landed.",
            "Air force one landed.",
            "Air Force One",
            "Air force one",
        ),
    ],
    ids=["person", "title", "institution", "place", "org", "other"],
)
def test_one_term_of_each_kind(
    glossary: Glossary, kind: str, source: str, good: str, bad: str, expected: str, found: str
) -> None:
    (match,) = glossary.find(source)
    assert match.term.kind == kind
    assert _problems(glossary, source, good, "en") == []
    assert _problems(glossary, source, bad, "en") == [("term-missing", expected, found)]


def test_every_kind_of_the_committed_glossary_is_covered(glossary: Glossary) -> None:
    tested = {"person", "title", "institution", "place", "org", "other"}
    assert {t.kind for t in glossary.terms} == tested


@pytest.mark.parametrize("written", ["the United States", "the U.S.", "the US"])
def test_target_variants_beyond_the_french_ones_are_alternatives_of_the_first(
    glossary: Glossary, written: str
) -> None:
    """One French form, three English ones: "États-Unis" accepts each; none is another variant's."""
    assert _problems(glossary, "Il vit aux États-Unis.", f"He lives in {written}.", "en") == []


@pytest.mark.parametrize("written", ["Mỹ", "Hoa Kỳ"])
def test_vietnamese_alternatives_too(glossary: Glossary, written: str) -> None:
    assert _problems(glossary, "Il vit aux États-Unis.", f"Ông sống ở {written}.", "vi") == []


@pytest.mark.parametrize(
    "source",
    [
        "sur la base aérienne d'Elmendorf-Richardson",
        "à la base militaire conjointe Elmendorf-Richardson",
        "à la base Elmendorf-Richardson",
        "à la base aérienne d'Elmendorf",
    ],
)
def test_french_variants_beyond_the_target_ones_ask_for_the_first_target(
    glossary: Glossary, source: str
) -> None:
    assert _problems(glossary, source, "at Joint Base Elmendorf-Richardson", "en") == []
    assert _problems(glossary, source, "at Elmendorf air base", "en")[0][:2] == (
        "term-missing",
        "Joint Base Elmendorf-Richardson",
    )


def test_term_variant_pairing_is_documented_by_accepted_for(glossary: Glossary) -> None:
    (ushakov,) = (t for t in glossary.terms if t.sources[0] == "Youri Ouchakov")
    assert ushakov.accepted_for("vi", 0) == ("Yury Ushakov",)
    assert ushakov.accepted_for("vi", 1) == ("Ushakov",)
    (usa,) = (t for t in glossary.terms if t.sources[0] == "États-Unis")
    assert usa.accepted_for("en", 0) == ("United States", "U.S.", "US")


def test_a_french_form_left_in_is_reported_even_when_the_source_lacks_it(glossary: Glossary) -> None:
    assert _problems(glossary, "Le président est arrivé.", "President Poutine arrived.", "en") == [
        ("source-form-left", "Putin", "Poutine")
    ]
    # Vietnamese keeps "Kiev": no leftover there; English writes "Kyiv".
    assert _problems(glossary, "Selon Kiev.", "Theo Kiev.", "vi") == []
    assert _problems(glossary, "Selon Kiev.", "According to Kiev.", "en") == [
        ("term-missing", "Kyiv", "Kiev")
    ]


def test_a_french_form_inside_its_correct_target_is_no_leftover(glossary: Glossary) -> None:
    assert _problems(glossary, "Il est arrivé.", "He reached Joint Base Elmendorf-Richardson.", "en") == []
    assert _problems(glossary, "Il est arrivé.", "He reached base Elmendorf-Richardson.", "en") == [
        ("source-form-left", "Joint Base Elmendorf-Richardson", "base Elmendorf-Richardson")
    ]


def test_an_accent_is_the_difference_between_the_french_and_the_target(glossary: Glossary) -> None:
    assert _problems(glossary, "Il est allé au Bélarus.", "He went to Belarus.", "en") == []
    assert _problems(glossary, "Il est allé au Bélarus.", "He went to Bélarus.", "en") == [
        ("term-missing", "Belarus", "Bélarus")
    ]
    assert _problems(glossary, "Il est parti.", "He went to Bélarus.", "en") == [
        ("source-form-left", "Belarus", "Bélarus")
    ]


def test_a_misspelt_name_is_what_was_found(glossary: Glossary) -> None:
    (problem,) = check_terms(
        glossary, USHAKOV.replace("Le conseiller présidentiel ", ""), "Kremlin aide Ushakoff arrived.", "en"
    )
    assert message_of(problem) == 'missing "Yuri Ushakov" for "Youri Ouchakov" (found "Ushakoff")'
    assert "Kremlin aide Ushakoff arrived."[problem.start :].startswith("Ushakoff")


def test_french_matching_ignores_accents_but_names_keep_their_capital(glossary: Glossary) -> None:
    assert [m.text for m in glossary.find("Les Etats-Unis et Serguei Lavrov")] == [
        "Etats-Unis",
        "Serguei Lavrov",
    ]
    assert glossary.find("la poutine et le kremlin de l'otan") == []  # names are written with capitals
    assert [m.text for m in glossary.find("Envoyé spécial à Moscou")] == ["Envoyé spécial", "Moscou"]


def test_a_term_written_twice_in_different_variants_is_checked_per_variant(glossary: Glossary) -> None:
    source = "Youri Ouchakov a parlé ; Ouchakov a ajouté."
    assert _problems(glossary, source, "Yuri Ushakov spoke; Ushakov added.", "en") == []
    assert _problems(glossary, source, "Ushakov spoke; Ushakov added.", "en") == [
        ("term-missing", "Yuri Ushakov", "Ushakov")
    ]


@pytest.mark.parametrize(
    ("source", "translation", "lang", "ok"),
    [
        (
            "Le gouverneur de l'Alaska, Mike Dunleavy, a parlé.",
            "Alaska Governor Mike Dunleavy spoke.",
            "en",
            True,
        ),
        ("Selon l'envoyé spécial Steve Witkoff.", "Theo Đặc phái viên Steve Witkoff.", "vi", True),
        ("Selon le gouverneur de l'Alaska.", "According to the Alaska Governor of the day.", "en", False),
        ("Selon l'envoyé spécial Steve Witkoff.", "According to Special envoy Steve Witkoff.", "en", False),
        ("Selon l'envoyé spécial du président.", "Theo Đặc phái viên của tổng thống.", "vi", False),
    ],
    ids=[
        "en-before-name",
        "vi-before-name",
        "en-not-before-a-name",
        "en-half-capitalised",
        "vi-not-before-a-name",
    ],
)
def test_a_title_may_be_capitalised_directly_before_a_name(
    glossary: Glossary, source: str, translation: str, lang: str, ok: bool
) -> None:
    """AP and the Vietnamese press capitalise a title that precedes a name, and only there."""
    assert (_problems(glossary, source, translation, lang) == []) is ok
