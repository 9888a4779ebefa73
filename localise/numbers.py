"""Numbers, percentages and clock times in French text, re-formatted for a target locale with Babel.

Public: localise_numbers(text, lang), number_spans(text, lang), format_clock(hour, minute, lang),
format_number(french, lang), format_percent_text(french, lang), parse_number(french), clock_time(match),
SPACE, NUMBER_AFTER_FIRST_DIGIT, CLOCK, PERCENT (the French patterns ``qa.number_check`` reads too).

"150 000" -> "150,000" (en) / "150.000" (vi); "75 %" -> "75%"; "11 h" and "11 heures du matin"
-> "11 a.m." (en, AP style on Babel's CLDR time) / "11 giờ sáng" (vi, CLDR day periods).
Plain integers ("3 heures", "2018") are left alone: they read the same in every target.
The spans feed the glossary masking, so the engine never sees (or mangles) them. The CI side,
every number of the source back in the translation, is ``qa.number_check``'s.
"""

from __future__ import annotations

import functools
import re
from datetime import time
from decimal import Decimal

from localise.text import APOSTROPHES, SPACES, replace_spans

__all__ = [
    "CLOCK",
    "NUMBER_AFTER_FIRST_DIGIT",
    "PERCENT",
    "SPACE",
    "clock_time",
    "format_clock",
    "format_number",
    "format_percent_text",
    "localise_numbers",
    "number_spans",
    "parse_number",
]

# A French number's group separator, and the space before "%" or "h": any space (text.SPACES).
SPACE = f"[ {SPACES}]"
# Each pattern starts with a digit and looks behind only after it: the engine then scans the
# text for digits at C speed instead of trying the look-behind at every position. They are
# compiled by ``re`` on first use (and kept in its cache): most runs never need most of them.
NUMBER_AFTER_FIRST_DIGIT = rf"\d{{0,2}}(?:{SPACE}\d{{3}})+(?:,\d+)?|\d*,\d+|\d*"
#: A percentage ("75 %", "3,5 %"); its number is the group ``pn``.
PERCENT = rf"(?P<pn>\d(?<![\d,]\d)(?:{NUMBER_AFTER_FIRST_DIGIT})){SPACE}?%"
#: A clock time ("11 h", "11 h 30", "3 heures de l'après-midi"): groups ``h``, ``m``, ``period``.
CLOCK = (
    rf"(?P<h>\d(?<![\d,]\d)\d?){SPACE}?(?:h(?:{SPACE}?(?P<m>\d{{2}}))?(?![\w])"
    rf"|heures?{SPACE}+(?P<period>du matin|de l['{APOSTROPHES}]après-midi|du soir))"
)
_GROUPED = rf"\d(?<![\d,]\d)(?:\d{{0,2}}(?:{SPACE}\d{{3}})+(?:,\d+)?|\d*,\d+)(?![\d])"
_PM_PERIODS = (*(f"de l{a}après-midi" for a in "'" + APOSTROPHES), "du soir")


def clock_time(match: re.Match[str]) -> tuple[int, int] | None:
    """(hour, minute) on a 24-hour clock of a ``CLOCK`` match; None for no time ("25 h", "10 h 75")."""
    hour, minute = int(match.group("h")), int(match.group("m") or 0)
    if hour > 24 or minute > 59:
        return None
    if match.group("period") in _PM_PERIODS and hour < 12:
        hour += 12
    return hour % 24, minute


def parse_number(text: str) -> Decimal:
    """A number as the French writes it ("150 000", "3,5"): grouping spaces, decimal comma."""
    return Decimal(re.sub(SPACE, "", text).replace(",", "."))


@functools.cache
def format_clock(hour: int, minute: int, lang: str) -> str:
    """A clock time the way the target locale writes it (Babel/CLDR), AP style for English."""
    from babel.dates import format_skeleton

    moment = time(hour % 24, minute)
    if lang.startswith("en"):
        text = format_skeleton("hma" if minute else "ha", moment, locale=lang)
        # AP style writes CLDR's "AM"/"PM" as "a.m."/"p.m.".
        return re.sub(r"\s*\b([AP])M\b", lambda m: f" {m.group(1).lower()}.m.", text).strip()
    return format_skeleton("hmB" if minute else "hB", moment, locale=lang)


def number_spans(text: str, lang: str, *, clocks: bool = True) -> list[tuple[int, int, str]]:
    """(start, end, target-locale text) for each number, percentage or clock time to re-format."""
    spans: list[tuple[int, int, str]] = []
    taken: list[tuple[int, int]] = []

    def free(start: int, end: int) -> bool:
        return not any(start < e and s < end for s, e in taken)

    for m in re.finditer(CLOCK, text):
        taken.append((m.start(), m.end()))
        if clocks and (clock := clock_time(m)) is not None:
            spans.append((m.start(), m.end(), format_clock(*clock, lang)))
    for m in re.finditer(PERCENT, text):
        if free(m.start(), m.end()):
            taken.append((m.start(), m.end()))
            spans.append((m.start(), m.end(), format_percent_text(m.group("pn"), lang)))
    for m in re.finditer(_GROUPED, text):
        if free(m.start(), m.end()):
            taken.append((m.start(), m.end()))
            spans.append((m.start(), m.end(), format_number(m.group(0), lang)))
    return sorted(spans)


def localise_numbers(text: str, lang: str) -> str:
    """``text`` with every number span replaced by its target-locale form."""
    return replace_spans(text, number_spans(text, lang))


@functools.cache
def format_number(french: str, lang: str) -> str:
    """A number written the French way ("150 000", "3,5") as ``lang`` writes it (Babel)."""
    from babel.numbers import format_decimal

    return str(format_decimal(parse_number(french), locale=lang))


@functools.cache
def format_percent_text(french: str, lang: str) -> str:
    """A percentage ("75", "3,5") as ``lang`` writes it, with as many decimals as the French."""
    from babel.numbers import format_percent

    decimals = len(french.split(",")[1]) if "," in french else 0
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "") + "%"
    return str(format_percent(parse_number(french) / 100, pattern, locale=lang))
