"""Could a glossary row occur in a text? The test that decides which articles a glossary change touches.

Public: coarse(text), row_key(term), row_forms(term), may_occur(forms, folded).

A build keeps each article's text (its source and its translations) folded coarsely: accents, case,
ligatures and width dropped, every Latin letter read as its base letter ("đ", "ø", "ł" as "d", "o",
"l"), and every character that is not a letter or a digit left out (spaces, hyphens, apostrophes,
quotes, soft hyphens and the other invisible characters). A row's forms folded the same way occur in
it as substrings wherever any of the matchers could find the row, whatever they fold: the test
errs only towards a rebuild. Letters of other scripts (a Cyrillic "о" standing for an "o") make the
text *foreign*: every row may occur in it, since a homoglyph can stand for any Latin letter.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Iterable

from localise.model import Term

__all__ = ["coarse", "may_occur", "row_forms", "row_key"]

_FOREIGN = "\x00"
_LETTER_NAME = re.compile(r"^LATIN (?:SMALL|CAPITAL) (?:LETTER|LIGATURE) ([A-Z]+)\b")


class _Table(dict[int, str | None]):
    """``str.translate`` table built as characters are met: each one's coarse form, worked out once."""

    def __missing__(self, code: int) -> str | None:
        char = chr(code)
        category = unicodedata.category(char)
        value: str | None = None
        if category.startswith("L"):
            name = unicodedata.name(char, "")
            if name.startswith("LATIN"):
                found = _LETTER_NAME.match(name)
                base = found.group(1) if found else ""
                # "LETTER O WITH STROKE" -> "o", "LIGATURE OE" -> "oe"; "SHARP S", "ETH": its case fold
                value = base.lower() if found and (len(base) == 1 or "LIGATURE" in name) else char.casefold()
            else:
                value = _FOREIGN
        elif category == "Nd":
            value = str(unicodedata.digit(char))
        self[code] = value
        return value


_TABLE = _Table({code: chr(code).lower() for code in range(128) if chr(code).isalnum()})
_TABLE.update({code: None for code in range(128) if not chr(code).isalnum()})


def coarse(text: str) -> tuple[str, bool]:
    """(``text`` folded coarsely, whether it holds letters of a script other than Latin)."""
    folded = unicodedata.normalize("NFKD", text).translate(_TABLE)
    return folded.replace(_FOREIGN, ""), _FOREIGN in folded


def row_key(term: Term) -> str:
    """A digest of what a glossary row says (its forms, kind and note), not of where it stands in the file."""
    data = [term.kind, list(term.sources), sorted((k, list(v)) for k, v in term.targets.items()), term.note]
    return hashlib.sha1(json.dumps(data, ensure_ascii=False).encode("utf-8")).hexdigest()[:16]


def row_forms(term: Term) -> list[str]:
    """Every form of a row, French and target, folded as ``coarse`` folds text."""
    forms = [*term.sources, *(form for forms in term.targets.values() for form in forms)]
    return sorted({coarse(form)[0] for form in forms})


def may_occur(forms: Iterable[str], folded: str) -> bool:
    """Whether any of ``forms`` (from ``row_forms``) could be found in a text folded by ``coarse``."""
    return any(form in folded for form in forms)
