"""Numbers in the check: every number of the French comes back, in the target's format or spelled out."""

from __future__ import annotations

import pytest

from localise.qa.number_check import check_numbers


def _problems(msgid: str, msgstr: str, lang: str) -> list[tuple[str, str, str, str]]:
    return [(p.kind, p.term, p.expected, p.found) for p in check_numbers(msgid, msgstr, lang)]


THREE_HOURS = "La conférence a duré 3 heures."


@pytest.mark.parametrize(
    ("msgstr", "lang"),
    [
        ("The talks lasted three hours.", "en"),  # AP style spells one to nine
        ("The talks lasted 3 hours.", "en"),
        ("Cuộc hội đàm kéo dài 3 giờ.", "vi"),
        ("Cuộc hội đàm kéo dài ba giờ.", "vi"),
    ],
)
def test_a_small_number_in_digits_or_in_words_passes(msgstr: str, lang: str) -> None:
    assert _problems(THREE_HOURS, msgstr, lang) == []


@pytest.mark.parametrize(
    ("msgstr", "found"),
    [
        ("The talks lasted 4 hours.", "4"),
        ("The talks lasted four hours.", "four"),
        ("The talks lasted hours.", ""),
    ],
    ids=["other-digits", "other-words", "dropped"],
)
def test_a_changed_or_missing_number_is_a_mismatch(msgstr: str, found: str) -> None:
    assert _problems(THREE_HOURS, msgstr, "en") == [("number-mismatch", "3", "three", found)]


@pytest.mark.parametrize(
    ("msgid", "msgstr", "lang", "problems"),
    [
        ("Près de 150 000 personnes.", "Nearly 150,000 people.", "en", []),
        ("Près de 150 000 personnes.", "Gần 150.000 người.", "vi", []),
        (
            "Près de 150 000 personnes.",
            "Nearly 150 000 people.",
            "en",
            [("number-format", "150 000", "150,000", "150 000")],
        ),
        (
            "Près de 150 000 personnes.",
            "Gần 150,000 người.",  # 150 in Vietnamese
            "vi",
            [("number-format", "150 000", "150.000", "150,000")],
        ),
        (
            "Près de 150 000 personnes.",
            "Nearly 15,000 people.",
            "en",
            [("number-mismatch", "150 000", "150,000", "15,000")],
        ),
        ("Une hausse de 3,5 %.", "A rise of 3.5%.", "en", []),
        ("Une hausse de 3,5 %.", "Tăng 3,5%.", "vi", []),
        ("Une hausse de 3,5 %.", "A rise of 3,5%.", "en", [("number-format", "3,5 %", "3.5%", "3,5%")]),
        ("Il estime à 75 % les chances.", "He puts the odds at 75%.", "en", []),
        ("Il estime à 75 % les chances.", "He puts the odds at 75 percent.", "en", []),
        (
            "Il estime à 75 % les chances.",
            "He puts the odds at 75 %.",
            "en",
            [("number-format", "75 %", "75%", "75 %")],
        ),
        (
            "Il estime à 75 % les chances.",
            "He puts the odds at 80%.",
            "en",
            [("number-mismatch", "75 %", "75%", "80%")],
        ),
        ("En 2018 à Helsinki.", "In 2018 in Helsinki.", "en", []),  # a year is not "2,018"
        ("Un format 3-3.", "A 3-on-3 format.", "en", []),
        ("L'avion Tu-214 et un Boeing E-3C.", "The Tu-214 and a Boeing E-3C.", "en", []),
        ("Son 1er mandat.", "His first term.", "en", []),
        ("Son 1er mandat.", "His 1st term.", "en", []),
        ("Durer 5 heures.", "Kéo dài năm giờ.", "vi", []),
        (
            "Durer 5 heures.",
            "Vào năm 2022.",
            "vi",
            [("number-mismatch", "5", "5", "2022")],
        ),  # "năm 2022" is a year
    ],
    ids=[
        "grouped-en",
        "grouped-vi",
        "grouped-french-in-en",
        "grouped-english-in-vi",
        "grouped-changed",
        "decimal-percent-en",
        "decimal-percent-vi",
        "decimal-comma-in-en",
        "percent",
        "percent-in-words",
        "percent-french-space",
        "percent-changed",
        "year",
        "score",
        "model-names",
        "ordinal-words",
        "ordinal-digits",
        "vi-five-in-words",
        "vi-nam-before-a-year",
    ],
)
def test_numbers_and_percentages(msgid: str, msgstr: str, lang: str, problems: list[tuple[str, ...]]) -> None:
    assert _problems(msgid, msgstr, lang) == problems


@pytest.mark.parametrize(
    ("msgid", "msgstr", "lang", "problems"),
    [
        ("Atterrissage à 11 h (heure locale).", "Landing at 11 a.m. (local time).", "en", []),
        ("Atterrissage à 11 h (heure locale).", "Landing at 11:00 (local time).", "en", []),
        ("Atterrissage à 11 h (heure locale).", "Hạ cánh lúc 11 giờ (giờ địa phương).", "vi", []),
        (
            "Atterrissage à 11 h (heure locale).",
            "Landing at 11 h (local time).",
            "en",
            [("number-format", "11 h", "11 a.m.", "11 h")],
        ),
        (
            "Atterrissage à 11 h (heure locale).",
            "Landing at 10 a.m. (local time).",
            "en",
            [("number-mismatch", "11 h", "11 a.m.", "10 a.m.")],
        ),
        ("Rendez-vous à 14 h 30.", "Meeting at 2:30 p.m.", "en", []),
        ("Rendez-vous à 14 h 30.", "Gặp lúc 14h30.", "vi", []),
        ("Rendez-vous à 14 h 30.", "Gặp lúc 2 giờ 30 chiều.", "vi", []),
        (
            "Rendez-vous à 14 h 30.",
            "Meeting at 2:30 a.m.",
            "en",
            [("number-mismatch", "14 h 30", "2:30 p.m.", "2:30 a.m.")],
        ),
        (
            "À 11 heures du matin le 15 août (2 heures du matin le 16 août).",
            "At 11 a.m. on Aug. 15 (2 a.m. on Aug. 16).",
            "en",
            [],
        ),
        (
            "À 11 heures du matin le 15 août (2 heures du matin le 16 août).",
            "Lúc 11 giờ sáng ngày 15/8 (tức 2 giờ sáng ngày 16/8).",
            "vi",
            [],
        ),
    ],
    ids=[
        "ap-time",
        "24-hour",
        "vi-hour",
        "french-clock-in-en",
        "changed-hour",
        "pm",
        "vi-compact",
        "vi-afternoon",
        "am-for-pm",
        "morning-en",
        "morning-vi",
    ],
)
def test_clock_times(msgid: str, msgstr: str, lang: str, problems: list[tuple[str, ...]]) -> None:
    assert _problems(msgid, msgstr, lang) == problems


def test_where_the_found_number_is() -> None:
    (problem,) = check_numbers(THREE_HOURS, "The talks lasted 4 hours.", "en")
    assert "The talks lasted 4 hours."[problem.start :].startswith("4")


def test_a_msgid_without_digits_costs_nothing_and_finds_nothing() -> None:
    assert check_numbers("Trois personnes de chaque délégation.", "Four people.", "en") == []
