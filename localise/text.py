"""Text helpers every stage shares: the one set of typography and folding tables, normalisation,
folding for comparison, span replacement.

Public: normalise(text), fold(text), strip_accents(text), replace_spans(text, spans), APOSTROPHES, PRIME,
QUOTES, OPENING_QUOTES, CLOSING_QUOTES, JOINING_DASHES, EM_DASH, DASHES, ELLIPSIS, SPACES, CONTROL_SPACES,
STROKED_LETTERS.

What "typographically equal" means is defined here once, as character sets named for what they
are; each fold below picks the sets it needs. ``normalise`` is the form unit ids and the
translation memory key on (every apostrophe, quote, dash, ellipsis and space style vanishes, the
em dash included); ``fold`` is the comparison key of glossary rows and suppressions (accents,
case, apostrophe, joining-dash and space style vanish; the em dash stays punctuation). The
glossary matcher (``glossary.matcher``) builds its one-to-one tables from the same sets, adding
the prime a keyboard types for an apostrophe; ``numbers`` reads a French number's group
separator from ``SPACES``. ``replace_spans`` rewrites (start, end, replacement) spans of a text,
which the glossary and the number localiser both do.
"""

from __future__ import annotations

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
    "fold",
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
# "« très »" is '"très"' in typography-free form.
_INSIDE_QUOTES = re.compile(rf"(?<=[{OPENING_QUOTES}])\s+|\s+(?=[{CLOSING_QUOTES}])")


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
