"""The newsroom's term base: load and validate glossary.csv, find its terms in French text.

Public: load_glossary(path), project_glossary(project), Glossary, Term, Match, GLOSSARY_COLUMNS, TERM_KINDS.

``Glossary.find(text)`` matches French terms robustly (word boundaries, elision,
accents, a lower-case term capitalised at a sentence start, longest match first) with one
compiled matcher for all terms (``glossary.matcher.FormMatcher``); ``terms_in`` lists the
distinct terms of a text and ``substitute`` writes each in a target language. Masking the terms
for MT lives in ``mt.protect``; the rule CI enforces with the term base (each French variant asks
for its own target variant, ``Term.accepted_for``) in ``glossary.adherence``.
"""

from __future__ import annotations

import csv
import hashlib
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from localise.errors import GlossaryError
from localise.files import decode_utf8
from localise.glossary.matcher import FormMatcher
from localise.model import Term
from localise.project import Project
from localise.text import fold as _fold
from localise.text import replace_spans

__all__ = [
    "GLOSSARY_COLUMNS",
    "TERM_KINDS",
    "Glossary",
    "Match",
    "Term",
    "load_glossary",
    "project_glossary",
]

GLOSSARY_COLUMNS = ("fr", "en", "vi", "kind", "note")
TERM_KINDS = ("person", "title", "institution", "place", "org", "other")


@dataclass(frozen=True)
class Match:
    """A glossary term found in French text at ``text[start:end]``."""

    start: int
    end: int
    text: str
    term: Term
    variant: int


class Glossary:
    """A validated term base. Build with ``load_glossary``."""

    def __init__(self, terms: Sequence[Term], *, path: str = "glossary.csv", version: str = ""):
        self.terms = tuple(terms)
        self.path = path
        self.version = version
        self._found: dict[str, tuple[Match, ...]] = {}
        self._matcher: FormMatcher[tuple[Term, int]] = FormMatcher(
            (v, (t, i)) for t in self.terms for i, v in enumerate(t.sources)
        )

    def __len__(self) -> int:
        return len(self.terms)

    def prepare(self) -> None:
        """Compile the matcher now rather than on first use (before forking workers, so each
        does not compile its own)."""
        _ = self._matcher.regex

    def find(self, text: str) -> list[Match]:
        """Non-overlapping term matches in French ``text``, longest first at each position.

        Accents are ignored and so is the case of a term's first letter ("Etats-Unis", "porte-parole
        du Kremlin" at a sentence start); the rest of the case is kept, an acronym's entirely.
        """
        return list(self._matches(text))

    def _matches(self, text: str) -> tuple[Match, ...]:
        cached = self._found.get(text)
        if cached is None:
            cached = tuple(
                Match(start, end, text[start:end], term, variant)
                for start, end, (term, variant) in self._matcher.finditer(text)
            )
            if len(self._found) < 100_000:  # catalogs, checks and MT look the same sentence up repeatedly
                self._found[text] = cached
        return cached

    def substitute(self, text: str, lang: str) -> str:
        """French text with every term replaced by its target form (a photo credit, a drafted glossary row,
        MT's second try when a placeholder broke)."""
        return replace_spans(
            text, ((m.start, m.end, m.term.target(lang, m.variant)) for m in self.find(text))
        )

    def terms_in(self, text: str) -> list[Term]:
        """Distinct terms found in ``text``, in order of first appearance."""
        seen: dict[int, Term] = {}
        for m in self.find(text):
            seen.setdefault(m.term.line, m.term)
        return list(seen.values())


def _csv_rows(text: str, shown: str) -> list[tuple[int, list[str]]]:
    """(line, cells) for every line of the file, each line read as one CSV record.

    A glossary cell never holds a line break, so a quote that does not close on its own line
    is a mistake, not a multi-line cell: csv would silently swallow the rest of the file into
    it. Reading line by line reports it at its own line, and no row is ever dropped.
    """
    rows = []
    lines = text.splitlines()
    for number, line in enumerate(lines, start=1):
        try:
            (row,) = list(csv.reader([line], strict=True)) or [[]]
        except (csv.Error, ValueError) as exc:
            quote = line.find('"')
            raise GlossaryError(
                f'a cell opens a quote that does not close on this line (column {quote + 1}); remove the stray " '
                'or close the quote: a cell that holds a comma or a quote is written "like, this" with quotes doubled',
                path=shown,
                line=number,
            ) from exc
        rows.append((number, row))
    if len(rows) != len(lines):  # pragma: no cover - a guard: every line is one record
        raise GlossaryError(f"read {len(rows)} rows from {len(lines)} lines", path=shown)
    return rows


def _row_key(form: str) -> str:
    """Two rows may not hold the same French form: the same letters, accents and typography aside.
    Case counts: "Marine" (a first name) and "marine" (the navy) are two terms."""
    return _fold(form) + "\0" + "".join("A" if ch.isupper() else "a" for ch in form if ch.isalpha())


def load_glossary(path: str | Path, *, display_path: str | None = None) -> Glossary:
    """Read and validate a glossary CSV (header ``fr,en,vi,kind,note``).

    Raises GlossaryError naming the line for a missing column, a bad kind, an empty
    source, a duplicate or conflicting source, or a file that is not UTF-8.
    """
    shown = display_path or str(path)
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise GlossaryError(
            "glossary not found; create it with the header fr,en,vi,kind,note", path=shown
        ) from exc
    text = decode_utf8(raw, error=GlossaryError, path=shown, what="glossary", fix="re-save it as UTF-8 CSV")
    rows = _csv_rows(text, shown)
    if not rows:
        raise GlossaryError("glossary is empty; the first line must be fr,en,vi,kind,note", path=shown)
    header = [h.strip() for h in rows[0][1]]
    missing = [c for c in ("fr", "kind") if c not in header]
    if missing or not any(c in header for c in ("en", "vi")):
        need = missing or ["en/vi"]
        raise GlossaryError(
            f"missing column {', '.join(repr(c) for c in need)}; the header must be fr,en,vi,kind,note",
            path=shown,
            line=1,
        )
    langs = [c for c in header if c not in ("fr", "kind", "note")]
    terms: list[Term] = []
    first_seen: dict[str, tuple[Term, int]] = {}
    for line, row in rows[1:]:
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            raise GlossaryError(
                f"row has {len(row)} fields, the header has {len(header)}; quote cells that contain commas",
                path=shown,
                line=line,
            )
        cells = {h: unicodedata.normalize("NFC", c.strip()) for h, c in zip(header, row, strict=True)}
        sources = tuple(v.strip() for v in cells["fr"].split("|") if v.strip())
        if not sources:
            raise GlossaryError(
                "empty French term; fill the fr column or delete the row", path=shown, line=line
            )
        kind = cells["kind"]
        if kind not in TERM_KINDS:
            raise GlossaryError(
                f'unknown kind "{kind}"; use one of {", ".join(TERM_KINDS)}', path=shown, line=line
            )
        targets = {
            lang: tuple(v.strip() for v in cells[lang].split("|") if v.strip())
            for lang in langs
            if cells.get(lang, "").strip()
        }
        term = Term(line, kind, sources, targets, cells.get("note", ""))
        for variant, form in enumerate(sources):
            key = _row_key(form)
            if key in first_seen and first_seen[key][0].line != line:
                other, other_variant = first_seen[key]
                for lang in langs:
                    mine, theirs = term.target(lang, variant), other.target(lang, other_variant)
                    if mine != theirs:
                        raise GlossaryError(
                            f'"{form}" has conflicting {lang} targets "{theirs}" (line {other.line}) '
                            f'and "{mine}" (line {line}); keep one row',
                            path=shown,
                            line=line,
                        )
                raise GlossaryError(
                    f'"{form}" appears twice (lines {other.line} and {line}); keep one row',
                    path=shown,
                    line=line,
                )
            first_seen[key] = (term, variant)
        terms.append(term)
    version = hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]
    return Glossary(terms, path=shown, version=version)


def project_glossary(project: Project, *, required: bool = False) -> Glossary:
    """The project's glossary, validated; an empty one when it has no file (unless ``required``)."""
    path = project.glossary_path
    if not required and not path.exists():
        return Glossary([])
    if project.glossary_file is None:  # the project's own glossary.csv (--glossary is the user's choice)
        project.confined(path)
    return load_glossary(path, display_path=project.display(path))
