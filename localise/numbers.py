"""Numbers, percentages and clock times in French text, re-formatted for a target locale with Babel.

Public: localise_numbers(text, lang), number_spans(text, lang), format_clock(hour, minute, lang),
format_number(french, lang), format_percent_text(french, lang), parse_number(french), lazy_pattern(regex),
SPACE, NUMBER_AFTER_FIRST_DIGIT, PM_PERIODS (the French patterns ``qa.number_check`` reads too).

"150 000" -> "150,000" (en) / "150.000" (vi); "75 %" -> "75%"; "11 h" and "11 heures du matin"
-> "11 a.m." (en, AP style on Babel's CLDR time) / "11 giờ sáng" (vi, CLDR day periods).
Plain integers ("3 heures", "2018") are left alone: they read the same in every target.
The spans feed the glossary masking, so the engine never sees (or mangles) them. The CI side,
every number of the source back in the translation, is ``qa.number_check``'s.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from datetime import time
from decimal import Decimal

from localise.text import APOSTROPHES, SPACES, replace_spans

__all__ = [
    "NUMBER_AFTER_FIRST_DIGIT",
    "PM_PERIODS",
    "SPACE",
    "format_clock",
    "format_number",
    "format_percent_text",
    "lazy_pattern",
    "localise_numbers",
    "number_spans",
    "parse_number",
]


def lazy_pattern(pattern: str, flags: int = 0) -> _LazyPattern:
    return _LazyPattern(pattern, flags)


class _LazyPattern:
    """A regular expression compiled on first use: most runs of the check never need most of them."""

    def __init__(self, pattern: str, flags: int) -> None:
        self._args = (pattern, flags)
        self._compiled: re.Pattern[str] | None = None

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        if self._compiled is None:
            self._compiled = re.compile(*self._args)
        return self._compiled.finditer(text)

    def search(self, text: str) -> re.Match[str] | None:
        if self._compiled is None:
            self._compiled = re.compile(*self._args)
        return self._compiled.search(text)


# A French number's group separator, and the space before "%" or "h": any space (text.SPACES).
SPACE = f"[ {SPACES}]"
_APOSTROPHE = f"['{APOSTROPHES}]"
# Each pattern starts with a digit and looks behind only after it: the engine then scans the
# text for digits at C speed instead of trying the look-behind at every position.
NUMBER_AFTER_FIRST_DIGIT = rf"\d{{0,2}}(?:{SPACE}\d{{3}})+(?:,\d+)?|\d*,\d+|\d*"
_PERCENT = lazy_pattern(rf"(?P<n>\d(?<![\d,]\d)(?:{NUMBER_AFTER_FIRST_DIGIT})){SPACE}?%")
_CLOCK = lazy_pattern(
    rf"(?P<h>\d(?<![\d,]\d)\d?){SPACE}?(?:h(?:{SPACE}?(?P<m>\d{{2}}))?(?![\w])"
    rf"|heures?{SPACE}+(?P<period>du matin|de l{_APOSTROPHE}après-midi|du soir))"
)
_GROUPED = lazy_pattern(rf"\d(?<![\d,]\d)(?:\d{{0,2}}(?:{SPACE}\d{{3}})+(?:,\d+)?|\d*,\d+)(?![\d])")
PM_PERIODS = (*(f"de l{a}après-midi" for a in "'" + APOSTROPHES), "du soir")


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

    for m in _CLOCK.finditer(text):
        taken.append((m.start(), m.end()))
        if not clocks:
            continue
        hour, minute = int(m.group("h")), int(m.group("m") or 0)
        if hour > 24 or minute > 59:
            continue
        if m.group("period") in PM_PERIODS and hour < 12:
            hour += 12
        spans.append((m.start(), m.end(), format_clock(hour, minute, lang)))
    for m in _PERCENT.finditer(text):
        if free(m.start(), m.end()):
            taken.append((m.start(), m.end()))
            spans.append((m.start(), m.end(), format_percent_text(m.group("n"), lang)))
    for m in _GROUPED.finditer(text):
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
