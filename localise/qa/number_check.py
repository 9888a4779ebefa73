"""The number rules of the check: every number of the French comes back, in the target's format.

Public: check_numbers(msgid, msgstr, lang) -> [Problem], squash(text).

Each number, percentage and clock time of the msgid must reappear in the msgstr in the target
locale's form (Babel: "150 000" -> "150,000" / "150.000"; "75 %" -> "75%"), a plain integer as
written ("2018") and, in English and Vietnamese, one to nine also spelled out as the house style
does ("3 heures" -> "three hours"); a clock time as any writing of the same time ("11 h" ->
"11 a.m.", "11:00"; "11 giờ", "11h"). Numbers the translation adds are not checked. One missing
or changed is a ``number-mismatch``; one written in another locale's format ("150 000" or "75 %"
in English) a ``number-format``. The French is read with the patterns ``localise.numbers``
protects from MT, so the check wants back exactly what the build kept.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from localise.model import Problem
from localise.numbers import (  # the patterns and parsing of French numbers MT protects
    CLOCK,
    NUMBER_AFTER_FIRST_DIGIT,
    PERCENT,
    SPACE,
    clock_time,
    format_clock,
    format_number,
    format_percent_text,
    parse_number,
)
from localise.text import SPACES

__all__ = ["check_numbers", "squash"]

_DIGIT = re.compile(r"\d")
# One pass over the source for clock times, percentages and numbers, in that order of preference
# at each position ("11 h" is a clock time, "75 %" a percentage, "3" in "3 heures" a number).
_SOURCE_NUMBERS = re.compile(
    rf"(?P<clock>{CLOCK})|(?P<percent>{PERCENT})"
    rf"|(?P<n>\d(?<![\w.,]\d)(?:{NUMBER_AFTER_FIRST_DIGIT}))(?P<ord>er|re|ère|e|ème)?(?![\w]|[.,]\d)"
)
# The target's patterns, compiled by ``re`` on first use: most runs of the check need few of them.
_TARGET_NUMBER = r"\d+(?:[.,:]\d+)*(?:\s?%|\s?[ap]\.m\.)?"
_EN_CLOCK = (
    r"(?<![\d.,:])(?P<h>\d{1,2})(?:[:.](?P<m>\d{2}))?\s*(?P<p>[ap]\.?m\b\.?|[AP]\.?M\b\.?|o['’]clock)?"
)
_VI_CLOCK = (
    r"(?<![\d.,:])(?P<h>\d{1,2})(?:\s*(?:giờ|g|h)\s*(?P<vm>\d{1,2})?(?:\s*phút)?|:(?P<m>\d{2}))"
    r"(?:\s*(?P<p>nửa đêm|sáng|trưa|chiều|tối|đêm))?"
)
_VI_PM = {"chiều": 1, "tối": 1, "đêm": 6, "trưa": -6}  # add 12 to hours from this one to 11 (trưa: below 6)
_FR_CLOCK_IN_TARGET = rf"(?<![\d,])\d{{1,2}}{SPACE}?h(?:{SPACE}?\d{{2}})?(?!\w)"
_SPELLED = ("en", "vi")  # house styles that spell one to nine (AP in English), written by num2words
_PERCENT_WORDS = {"en": ("percent", "per cent"), "vi": ("phần trăm",)}


@dataclass(frozen=True)
class _Wanted:
    """One number of the source: how the translation may write it, computed only as far as needed.

    Babel's locale data costs tens of milliseconds to load, so a plain "3" or "2018" is looked
    for as written first, and Babel is asked only for grouped and decimal numbers or a finding.
    """

    source: str  # as the French writes it, spaces squashed: "150 000", "75 %", "11 h"
    start: int
    number: str = ""  # the digits of a number or percentage, French style: "150 000", "3,5", "75"
    plain: bool = False  # digits only: "3", "2018"
    percent: bool = False
    ordinal: bool = False
    clock: tuple[int, int] | None = None  # (hour, minute) on a 24-hour clock

    def numbers(self, lang: str) -> Iterator[str]:
        """The number part as the target writes it: as written ("2018") for a plain integer, then Babel's."""
        if self.plain:
            yield self.number
            if int(self.number) < 1000:
                return  # no grouping below a thousand: Babel would say the same
        yield format_number(self.number, lang)

    def accepted(self, lang: str) -> Iterator[str]:
        """Literal forms, any of which is the number in the translation."""
        if not self.percent:
            yield from self.numbers(lang)
            return
        words = _PERCENT_WORDS.get(lang.split("-")[0], ())
        for n in self.numbers(lang):
            yield f"{n}%"
            yield from (f"{n} {w}" for w in words)
        yield self.expected(lang)

    def words(self, lang: str) -> tuple[str, ...]:
        """The spelled-out form where the house style spells it: one to nine in English and Vietnamese."""
        base = lang.split("-")[0]
        if not self.plain or self.percent or base not in _SPELLED or not 1 <= int(self.number) <= 9:
            return ()
        if self.ordinal and base != "en":
            return ()
        return (_num2words(int(self.number), base, self.ordinal),)

    def expected(self, lang: str) -> str:
        """What the house style writes: "three" (AP), "150,000", "75%", "11 a.m."."""
        if self.clock is not None:
            return format_clock(*self.clock, lang)
        if self.percent:
            return format_percent_text(self.number, lang)
        words = self.words(lang)
        if words and lang.startswith("en") and not self.ordinal:
            return words[0]
        return format_number(self.number, lang)

    def wrong_formats(self, lang: str) -> tuple[str, ...]:
        """The same number as another locale writes it ("150 000" or "150.000" in English)."""
        mine = {squash(a) for a in self.accepted(lang)}
        others = [self.number, format_number(self.number, "fr"), format_number(self.number, "en")]
        others.append(str(parse_number(self.number)))
        if self.percent:
            others = [f"{o}{sep}%" for o in others for sep in ("", " ")]
        return tuple(dict.fromkeys(o for o in map(squash, others) if o not in mine))


@functools.cache
def _num2words(value: int, lang: str, ordinal: bool) -> str:
    from num2words import num2words  # imported only when a small number is not written in digits

    return str(num2words(value, lang=lang, to="ordinal" if ordinal else "cardinal"))


@functools.lru_cache(maxsize=65536)
def _wanted(msgid: str) -> tuple[_Wanted, ...]:
    """Each clock time, percentage and number of ``msgid``, in order (a clock's digits are not numbers).

    Cached: every language's catalog of an article holds the same French.
    """
    wanted = []
    for m in _source_numbers(msgid):
        if m.group("clock"):
            if (clock := clock_time(m)) is not None:
                wanted.append(_Wanted(squash(m.group(0)), m.start(), clock=clock))
        elif m.group("percent"):
            number = squash(m.group("pn"))
            wanted.append(_Wanted(squash(m.group(0)), m.start(), number, number.isdigit(), percent=True))
        else:
            number = squash(m.group("n"))
            wanted.append(_Wanted(number, m.start(), number, number.isdigit(), ordinal=bool(m.group("ord"))))
    return tuple(wanted)


def _source_numbers(text: str) -> Iterator[re.Match[str]]:
    """``_SOURCE_NUMBERS.finditer(text)``, tried only where a digit is: its alternatives open with
    groups, which keep the regex engine from skipping ahead to digits by itself."""
    pos = 0
    while (digit := _DIGIT.search(text, pos)) is not None:
        m = _SOURCE_NUMBERS.match(text, digit.start())
        if m is None:
            pos = digit.start() + 1
            continue
        yield m
        pos = m.end()


def _glued(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is part of a longer number ("15" in "150" or in "3.15")."""
    before = text[start - 1 : start].isdigit() or (
        text[start - 1 : start] in (".", ",") and text[start - 2 : start - 1].isdigit()
    )
    after = text[end : end + 1].isdigit() or (
        text[end : end + 1] in (".", ",") and text[end + 1 : end + 2].isdigit()
    )
    return before or after


def _number_at(text: str, literal: str) -> tuple[int, int] | None:
    """The first whole-number occurrence of ``literal`` in ``text``."""
    pos = text.find(literal)
    while pos != -1:
        if not _glued(text, pos, pos + len(literal)):
            return pos, pos + len(literal)
        pos = text.find(literal, pos + 1)
    return None


def _word_at(text: str, word: str, lang: str) -> tuple[int, int] | None:
    """The first whole-word, case-blind occurrence of the number ``word`` in ``text``.

    Vietnamese "năm" is five, and "year" before a number ("năm 2022"): not the number there.
    """
    folded = text.lower()
    key = word.lower()
    pos = folded.find(key)
    while pos != -1:
        end = pos + len(key)
        before, after = folded[pos - 1 : pos], folded[end:]
        whole = not (before.isalnum() or before == "_") and not (after[:1].isalnum() or after[:1] == "_")
        if whole and not (lang.startswith("vi") and re.match(r"\s*\d", after)):
            return pos, end
        pos = folded.find(key, pos + 1)
    return None


def _clocks_in(text: str, lang: str) -> list[tuple[int, int, int, int, bool]]:
    """(start, end, hour, minute, has a.m./p.m. or a day period) of each clock time the translation writes."""
    found = []
    if lang.startswith("vi"):
        for m in re.finditer(_VI_CLOCK, text):
            hour, minute = int(m.group("h")), int(m.group("m") or m.group("vm") or 0)
            period = m.group("p") or ""
            if period == "nửa đêm" and hour == 12:
                hour = 0
            elif period in _VI_PM and (hour < 6 if _VI_PM[period] < 0 else _VI_PM[period] <= hour < 12):
                hour += 12  # "2 giờ chiều" is 14:00, "10 giờ đêm" 22:00, "1 giờ trưa" 13:00
            found.append((m.start(), m.end(), hour % 24, minute, bool(period)))
        return found
    for m in re.finditer(_EN_CLOCK, text):
        hour, minute = int(m.group("h")), int(m.group("m") or 0)
        period = (m.group("p") or "").lower().replace(".", "")
        if not period and m.group("m") is None:
            continue  # a bare number is not a clock time
        if period == "pm" and hour < 12:
            hour += 12
        elif period == "am" and hour == 12:
            hour = 0
        found.append((m.start(), m.end(), hour % 24, minute, period in ("am", "pm")))
    for word, hour in (("noon", 12), ("midnight", 0)):
        if (at := _word_at(text, word, lang)) is not None:
            found.append((at[0], at[1], hour, 0, True))
    return found


def _find(
    want: _Wanted, text: str, lang: str, clocks: list[tuple[int, int, int, int, bool]]
) -> tuple[int, int] | None:
    """Where the translation writes ``want`` in an accepted way, or None."""
    if want.clock is not None:
        hour, minute = want.clock
        for start, end, h, m, period in clocks:
            if m == minute and (h == hour or (not period and h % 12 == hour % 12)):
                return start, end
        return None
    for literal in want.accepted(lang):
        if span := _number_at(text, squash(literal)):
            return span
    for word in want.words(lang):
        if span := _word_at(text, word, lang):
            return span
    return None


def _wrongly_formatted(want: _Wanted, text: str, lang: str) -> tuple[int, int] | None:
    """Where the translation writes ``want`` in another locale's format ("11 h", "150 000" in English)."""
    if want.clock is not None:
        if not lang.startswith("en"):
            return None
        for m in re.finditer(_FR_CLOCK_IN_TARGET, text):
            digits = [int(d) for d in re.findall(r"\d+", m.group(0))]
            if (digits[0] % 24, digits[1] if len(digits) > 1 else 0) == want.clock:
                return m.start(), m.end()
        return None
    for literal in want.wrong_formats(lang):
        if span := _number_at(text, literal):
            return span
    return None


def check_numbers(msgid: str, msgstr: str, lang: str) -> list[Problem]:
    """Numbers, percentages and clock times of ``msgid`` that ``msgstr`` (in ``lang``) lost or
    misformats, by the rules of the module docstring."""
    if _DIGIT.search(msgid) is None:
        return []
    text = squash(msgstr)
    wanted = _wanted(msgid)
    if not wanted:
        return []
    clocks = _clocks_in(text, lang) if any(w.clock for w in wanted) else []
    used: list[tuple[int, int]] = []
    missing: list[_Wanted] = []
    for want in wanted:
        span = _find(want, text, lang, clocks)
        if span is None:
            missing.append(want)
        else:
            used.append(span)
    problems = []
    for want in missing:
        span = _wrongly_formatted(want, text, lang)
        kind = "number-format"
        if span is None:
            kind = "number-mismatch"
            span = _other_number(text, used, lang, clock=want.clock is not None)
        if span is not None:
            used.append(span)
        found, start = (text[span[0] : span[1]], span[0]) if span else ("", -1)
        problems.append(Problem(kind, want.source, want.expected(lang), found, start))
    return problems


def _other_number(
    text: str, used: list[tuple[int, int]], lang: str, *, clock: bool
) -> tuple[int, int] | None:
    """A number of the translation that no number of the source accounts for: what it says instead."""
    for m in re.finditer(_TARGET_NUMBER, text):
        if not any(m.start() < e and s < m.end() for s, e in used):
            return m.start(), m.end()
    if clock or not lang.startswith("en"):
        return None  # Vietnamese number words ("năm", "ba", "một") are everyday words too
    spans = [span for n in range(1, 21) if (span := _word_at(text, _num2words(n, "en", False), lang))]
    return min(spans) if spans else None


def squash(text: str) -> str:
    """Non-breaking and thin spaces as ordinary ones: number formats may differ only there."""
    if text.isascii():
        return text
    for space in SPACES:
        if space in text:
            text = text.replace(space, " ")
    return text
