"""Numbers, percentages and clock times in French text, re-formatted for a target locale with Babel.

Public: localise_numbers(text, lang), number_spans(text, lang), format_clock(hour, minute, lang).

"150 000" -> "150,000" (en) / "150.000" (vi); "75 %" -> "75%"; "11 h" and "11 heures du matin"
-> "11 a.m." (en, AP style on Babel's CLDR time) / "11 giờ sáng" (vi, CLDR day periods).
Plain integers ("3 heures", "2018") are left alone: they read the same in every target.
The spans feed the glossary masking, so the engine never sees (or mangles) them.
"""

from __future__ import annotations

import re
from datetime import time
from decimal import Decimal

from babel.dates import format_skeleton
from babel.numbers import format_decimal, format_percent, parse_decimal

from .text import replace_spans

__all__ = ["format_clock", "localise_numbers", "number_spans"]

_SPACE = "[ \u00a0\u202f]"
_NUMBER = rf"\d{{1,3}}(?:{_SPACE}\d{{3}})+(?:,\d+)?|\d+,\d+|\d+"
_PERCENT = re.compile(rf"(?<![\d,])(?P<n>{_NUMBER}){_SPACE}?%")
_CLOCK = re.compile(
    rf"(?<![\d,])(?P<h>\d{{1,2}}){_SPACE}?(?:h(?:{_SPACE}?(?P<m>\d{{2}}))?(?![\w])"
    rf"|heures?{_SPACE}+(?P<period>du matin|de l['’]après-midi|du soir))"
)
_GROUPED = re.compile(rf"(?<![\d,])(?:\d{{1,3}}(?:{_SPACE}\d{{3}})+(?:,\d+)?|\d+,\d+)(?![\d])")
_PM = ("de l'après-midi", "de l’après-midi", "du soir")


def _parse(text: str) -> Decimal:
    return parse_decimal(re.sub(_SPACE, "", text), locale="fr", strict=False)


def format_clock(hour: int, minute: int, lang: str) -> str:
    """A clock time the way the target locale writes it (Babel/CLDR), AP style for English."""
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
        if m.group("period") in _PM and hour < 12:
            hour += 12
        spans.append((m.start(), m.end(), format_clock(hour, minute, lang)))
    for m in _PERCENT.finditer(text):
        if free(m.start(), m.end()):
            taken.append((m.start(), m.end()))
            value = _parse(m.group("n")) / 100
            decimals = len(m.group("n").split(",")[1]) if "," in m.group("n") else 0
            pattern = "#,##0" + ("." + "0" * decimals if decimals else "") + "%"
            spans.append((m.start(), m.end(), format_percent(value, pattern, locale=lang)))
    for m in _GROUPED.finditer(text):
        if free(m.start(), m.end()):
            taken.append((m.start(), m.end()))
            spans.append((m.start(), m.end(), format_decimal(_parse(m.group(0)), locale=lang)))
    return sorted(spans)


def localise_numbers(text: str, lang: str) -> str:
    """``text`` with every number span replaced by its target-locale form."""
    return replace_spans(text, number_spans(text, lang))
