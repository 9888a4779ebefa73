"""Text helpers every stage shares: normalisation, folding for comparison, span replacement.

Public: normalise(text), fold(text), strip_accents(text), replace_spans(text, spans), squash_spaces(text).

``normalise`` is the form unit ids and the translation memory key on (typography-only
differences vanish); ``fold`` is the comparison key of glossary matching (accents and case
vanish too); ``replace_spans`` rewrites (start, end, replacement) spans of a text, which the
glossary and the number localiser both do.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable

__all__ = ["fold", "normalise", "replace_spans", "squash_spaces", "strip_accents"]

_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "‘": "'"})
_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2009": " "})
_DASHES = str.maketrans({"‐": "-", "‑": "-"})
_TYPOGRAPHY = str.maketrans(
    {
        **{q: "'" for q in "’‘ʼ‛"},
        **{q: '"' for q in "«»“”„‟"},
        **{d: "-" for d in "‐‑‒–—"},
        "…": "...",
        "\u00a0": " ",
        "\u202f": " ",
        "\u2009": " ",
        "\u2060": None,  # invisible word joiner: older localise catalogs put one after "% "
    }
)
_INSIDE_QUOTES = re.compile(r"(?<=[«“„])\s+|\s+(?=[»”])")  # "« très »" is '"très"' in typography-free form


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


@functools.lru_cache(maxsize=8192)
def fold(text: str) -> str:
    """Comparison key: accents, case, apostrophe and hyphen style and spacing ignored."""
    text = strip_accents(text).translate(_APOSTROPHES).translate(_DASHES)
    return re.sub(r"\s+", " ", text).casefold().strip()


def squash_spaces(text: str) -> str:
    """Non-breaking and thin spaces as ordinary spaces (number formats differ only there)."""
    return text.translate(_SPACES)


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
