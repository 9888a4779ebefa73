"""Text helpers every stage shares: the one set of typography and folding tables, normalisation,
folding for comparison, span replacement.

Public: normalise(text), fold(text), strip_accents(text), replace_spans(text, spans), Skeleton,
invisible_characters(text), describe_character(ch), APOSTROPHES, PRIME, QUOTES, OPENING_QUOTES, CLOSING_QUOTES,
JOINING_DASHES, EM_DASH, DASHES, ELLIPSIS, SPACES, CONTROL_SPACES, STROKED_LETTERS.

What "typographically equal" means is defined here once, as character sets named for what they
are; each fold below picks the sets it needs. ``normalise`` is the form unit ids and the
translation memory key on (every apostrophe, quote, dash, ellipsis and space style vanishes, the
em dash included); ``fold`` is the comparison key of glossary rows and suppressions (accents,
case, apostrophe, joining-dash and space style vanish; the em dash stays punctuation). ``Skeleton``
is where a glossary's French forms are looked for, however they are written: it also drops
invisible characters and reads look-alike letters (a Cyrillic "о" in "Pоutine") as the letter they
imitate, by Unicode's TR39 confusables; ``invisible_characters`` finds what a published text must
not hold. The
glossary matcher (``glossary.matcher``) builds its one-to-one tables from the same sets, adding
the prime a keyboard types for an apostrophe; ``numbers`` reads a French number's group
separator from ``SPACES``. ``replace_spans`` rewrites (start, end, replacement) spans of a text,
which the glossary and the number localiser both do.
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from collections.abc import Iterable

__all__ = [
    "APOSTROPHES",
    "CLOSING_QUOTES",
    "CONTROL_SPACES",
    "DASHES",
    "ELLIPSIS",
    "EM_DASH",
    "JOINING_DASHES",
    "OPENING_QUOTES",
    "PRIME",
    "QUOTES",
    "SPACES",
    "STROKED_LETTERS",
    "Skeleton",
    "describe_character",
    "fold",
    "invisible_characters",
    "normalise",
    "replace_spans",
    "strip_accents",
]

#: Characters written for an apostrophe ("l’OTAN", "d‘Hanoï"): right and left single quotes,
#: the modifier letter apostrophe, the reversed comma quote.
APOSTROPHES = "’‘ʼ‛"
#: The prime, which some keyboards and OCR put for an apostrophe ("Côte d′Ivoire"). Only the
#: glossary matcher reads it as one: elsewhere it is also minutes and feet.
PRIME = "′"
#: Opening and closing double quotes, French and English ("« très »", "“très”").
OPENING_QUOTES = "«“„"
CLOSING_QUOTES = "»”"
QUOTES = "«»“”„‟"
#: Dashes that join words as a hyphen does: hyphen, non-breaking hyphen, figure dash, en dash
#: ("Russie–États-Unis").
JOINING_DASHES = "‐‑‒–"
#: The em dash is punctuation ("Kremlin — Moscou"), never part of a compound: only ``normalise``
#: (typography-blind ids) folds it with the hyphen.
EM_DASH = "—"
DASHES = JOINING_DASHES + EM_DASH
ELLIPSIS = "…"
#: Spaces that stand where a plain space goes: no-break (before ":" and "»"), narrow no-break and
#: thin (French typography, and a number's group separator: "150 000"), figure (digit grouping).
SPACES = "\u00a0\u202f\u2009\u2007"
#: White space that is not a space character: tab, line breaks, vertical tab, form feed.
CONTROL_SPACES = "\t\n\r\x0b\x0c"
#: Letters that are a base letter with a stroke, which Unicode does not decompose (so accent
#: stripping keeps them): Vietnamese "đ" is read as "d" in ``fold``, as in "Đà Nẵng" / "Da Nang".
STROKED_LETTERS = {"đ": "d", "Đ": "D"}


_FOLD = str.maketrans(
    {**dict.fromkeys(APOSTROPHES, "'"), **dict.fromkeys(JOINING_DASHES, "-"), **STROKED_LETTERS}
)
_TYPOGRAPHY = str.maketrans(
    {
        **dict.fromkeys(APOSTROPHES, "'"),
        **dict.fromkeys(QUOTES, '"'),
        **dict.fromkeys(DASHES, "-"),
        ELLIPSIS: "...",
        **dict.fromkeys(SPACES, " "),
        "\u2060": None,  # invisible word joiner: older localise catalogs put one after "% "
    }
)
# "« très »" is '"très"' in typography-free form. A run of spaces is matched from its first space
# only (the look-behind), so a long run costs its length once, not its length squared.
_INSIDE_QUOTES = re.compile(rf"(?<=[{OPENING_QUOTES}])\s+|(?<!\s)\s++(?=[{CLOSING_QUOTES}])")


def normalise(text: str) -> str:
    """The text with its typography folded: what unit ids, the translation memory and merge key on.

    NFC; one kind of apostrophe, quote ("« x »", "“x”" -> '"x"'), dash and ellipsis; ordinary
    single spaces. Two sentences with the same key differ only in typography.
    """
    text = _INSIDE_QUOTES.sub("", unicodedata.normalize("NFC", text)).translate(_TYPOGRAPHY)
    return re.sub(r"\s+", " ", text).strip()


def strip_accents(text: str) -> str:
    """``text`` without combining marks ("Élysée" -> "Elysee", "Nhà Trắng" -> "Nha Trang")."""
    return "".join(ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch))


@functools.lru_cache(maxsize=16384)
def fold(text: str) -> str:
    """Comparison key: accents (and the stroke of "đ"), case, apostrophe and hyphen style and
    spacing ignored."""
    text = strip_accents(text).translate(_FOLD)
    return re.sub(r"\s+", " ", text).casefold().strip()


def replace_spans(text: str, spans: Iterable[tuple[int, int, str]]) -> str:
    """``text`` with each non-overlapping ``(start, end, replacement)`` span (in order) replaced."""
    out: list[str] = []
    pos = 0
    for start, end, replacement in spans:
        out.append(text[pos:start])
        out.append(replacement)
        pos = end
    out.append(text[pos:])
    return "".join(out)


# Skeletons ------------------------------------------------------------------------------------
#: What a published text must not hold, as ``regex`` classes: Unicode's default-ignorable code points
#: (soft hyphen, zero-width space and joiners, word joiner, bidi controls, variation selectors, the
#: byte order mark…), control characters but tab and line feed, line and paragraph separators.
_INVISIBLE = r"\p{Default_Ignorable_Code_Point}\p{Cc}\p{Zl}\p{Zp}--[\t\n]"
_SKELETON_TYPOGRAPHY = str.maketrans(
    {
        **dict.fromkeys(APOSTROPHES + PRIME, "'"),
        **dict.fromkeys(JOINING_DASHES, "-"),
        **dict.fromkeys(SPACES + CONTROL_SPACES, " "),
    }
)


@functools.cache
def _invisible() -> re.Pattern[str]:
    import regex  # Unicode properties the standard library's re does not know

    return regex.compile(f"[{_INVISIBLE}]", regex.V1)  # type: ignore[no-any-return]


def invisible_characters(text: str) -> tuple[tuple[int, str], ...]:
    """(offset, character) of every invisible or control character of ``text`` (tab and line feed are text)."""
    if text.isascii() and text.isprintable():
        return ()
    return _invisible_in(text)


@functools.lru_cache(maxsize=1024)  # the check asks twice per entry: the rule, and the glossary's reading
def _invisible_in(text: str) -> tuple[tuple[int, str], ...]:
    pattern = _invisible()
    if pattern.search(text) is None:
        return ()
    return tuple((m.start(), m.group()) for m in pattern.finditer(text))


def describe_character(ch: str) -> str:
    """``U+00AD SOFT HYPHEN``: a character as a message names it (its code point, and its name if it has one)."""
    name = unicodedata.name(ch, "")
    return f"U+{ord(ch):04X} {name}" if name else f"U+{ord(ch):04X}"


@functools.cache
def _prototypes() -> dict[str, str]:
    """Each confusable character -> the prototype it imitates, from Unicode's TR39 confusables.txt.

    ``confusable_homoglyphs`` holds that table as a graph of look-alikes, both ways. A source
    character has one edge, to its prototype; a prototype has one edge per look-alike, and a
    sequence ("rn" for "m") is never a source. Two characters that only imitate each other are one
    class, for which the lower code point stands.
    """
    from confusable_homoglyphs import confusables

    graph: dict[str, list[str]] = {}
    for char, entries in confusables.confusables_data.items():  # right-to-left ones come wrapped in U+200E
        graph.setdefault(char.strip("\u200e"), []).extend(e["c"].strip("\u200e") for e in entries)
    mapping = {}
    for char, others in graph.items():
        if len(char) != 1 or len(others) != 1 or others[0] == char:
            continue
        other = others[0]
        if len(other) == 1 and len(graph.get(other, ())) == 1 and other > char:
            continue  # only each other's look-alike: this character stands for both
        mapping[char] = other
    return mapping


def _plain(text: str) -> str:
    """Accents, case and compatibility forms folded away: NFKD ("Ｐ", "𝐏" -> "P") without combining
    marks, case-folded."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


#: code point -> the character's skeleton, filled as characters are met (``Skeleton``).
_SKELETON_TABLE: dict[int, str] = {}
_KNOWN: set[str] = set()  # the characters in the table
_ODD: set[str] = set()  # those whose skeleton is not one character ("m" -> "rn", a soft hyphen -> "")
_ODD_PATTERN: list[re.Pattern[str]] = []  # a class of _ODD, remade when it grows


def _character_skeleton(ch: str) -> str:
    if _invisible().fullmatch(ch) and ch not in "\t\n\r":
        return ""
    if ch in STROKED_LETTERS:  # "đ" is a letter of its own in Vietnamese, not "d" with a mark
        return ch.casefold()
    folded = _plain(ch.translate(_SKELETON_TYPOGRAPHY))
    prototypes = _prototypes()
    for _ in range(4):  # a prototype's own letters may fold further (a capital, an accent)
        mapped = _plain("".join(prototypes.get(c, c) for c in folded))
        if mapped == folded:
            break
        folded = mapped
    return folded.translate(_SKELETON_TYPOGRAPHY)


def _learn(text: str) -> None:
    for ch in set(text).difference(_KNOWN):
        skeleton = _character_skeleton(ch)
        _SKELETON_TABLE[ord(ch)] = skeleton
        if len(skeleton) != 1:
            _ODD.add(ch)
            _ODD_PATTERN.clear()
        _KNOWN.add(ch)


def _odd_pattern() -> re.Pattern[str]:
    if not _ODD_PATTERN:
        _ODD_PATTERN.append(re.compile("[" + "".join(map(re.escape, sorted(_ODD))) + "]" if _ODD else "(?!)"))
    return _ODD_PATTERN[0]


class Skeleton:
    """``text`` as glossary source forms are matched in it, and the way back to ``text``'s positions.

    ``folded`` holds each character's skeleton in turn: accents and case folded away; invisible
    characters dropped ("Pou\u00adtine"); every confusable read as the prototype it imitates by
    Unicode TR39 (a Cyrillic "о", a fullwidth "Ｐ" — and, as TR39 has it, "m" as "rn", "1" and "I"
    as "l": both sides are folded alike); one kind of apostrophe, joining dash and space.
    """

    __slots__ = ("_shifts", "folded", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        if not _KNOWN.issuperset(text):
            _learn(text)
        self.folded = text.translate(_SKELETON_TABLE)
        # Where the positions part: (position in folded, in text, skeleton length) of each character
        # whose skeleton is not one character; between two, a position moves by the same offset.
        self._shifts: tuple[list[int], list[tuple[int, int]]] | None = None

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The span of ``text`` whose skeleton is ``folded[start:end]``."""
        first = self._position(start) if start < len(self.folded) else len(self.text)
        last = self._position(end - 1) + 1 if end > start else first
        return first, max(first, last)

    def _position(self, at: int) -> int:
        """The position in ``text`` of the character whose skeleton holds ``folded[at]``."""
        if self._shifts is None:
            keys: list[int] = []
            odd: list[tuple[int, int]] = []
            moved = 0
            for m in _odd_pattern().finditer(self.text):
                size = len(_SKELETON_TABLE[ord(m.group())])
                keys.append(m.start() + moved)
                odd.append((m.start(), size))
                moved += size - 1
            self._shifts = (keys, odd)
        keys, odd = self._shifts
        index = bisect.bisect_right(keys, at) - 1
        if index < 0:
            return at
        folded_at, (text_at, size) = keys[index], odd[index]
        return text_at if at < folded_at + size else text_at + 1 + (at - folded_at - size)
