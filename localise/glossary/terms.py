"""The newsroom's term base: load and validate glossary.csv, find its terms in French text, check pairs.

Public: load_glossary(path), project_glossary(project), Glossary, Term, Match, Violation, GLOSSARY_COLUMNS, TERM_KINDS.

``Glossary.find(text)`` matches French terms robustly (word boundaries, elision,
accents, a lower-case term capitalised at a sentence start, longest match first) with one
compiled matcher for all terms (``glossary.matcher.FormMatcher``); ``terms_in`` lists the
distinct terms of a text and ``substitute`` writes each in a target language. Masking the terms
for MT lives in ``mt.protect``. ``Glossary.check_pair`` is the rule
CI enforces: each French variant asks for its own target variant (``Term.accepted_for``),
case and diacritics kept.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from localise.errors import GlossaryError
from localise.files import decode_utf8
from localise.glossary.matcher import (
    FormMatcher,
    Haystack,
    closest_words,
    find_loose,
    loose,
    squeeze,
    title_before_name,
    typography,
)
from localise.project import Project
from localise.text import fold as _fold
from localise.text import replace_spans

__all__ = [
    "GLOSSARY_COLUMNS",
    "TERM_KINDS",
    "Glossary",
    "Match",
    "Term",
    "Violation",
    "load_glossary",
    "project_glossary",
]

GLOSSARY_COLUMNS = ("fr", "en", "vi", "kind", "note")
TERM_KINDS = ("person", "title", "institution", "place", "org", "other")


@dataclass(frozen=True)
class Term:
    """One glossary row: French variants (first preferred) and per-language targets.

    An empty target cell means the term keeps its source form in that language.
    """

    line: int
    kind: str
    sources: tuple[str, ...]
    targets: dict[str, tuple[str, ...]] = field(hash=False)
    note: str = ""

    def target(self, lang: str, variant: int = 0) -> str:
        """The form to write in ``lang`` for the French variant at index ``variant``."""
        forms = self.targets.get(lang) or self.sources
        return forms[variant] if variant < len(forms) else forms[0]

    def accepted(self, lang: str) -> tuple[str, ...]:
        """Every target form a translation may use."""
        return self.targets.get(lang) or self.sources

    def accepted_for(self, lang: str, variant: int = 0) -> tuple[str, ...]:
        """The target forms that translate the French variant at index ``variant``.

        Variants pair up by position: "Youri Ouchakov|Ouchakov" -> "Yury Ushakov|Ushakov" asks
        "Yury Ushakov" for the long French form (a bare "Ushakov" is not enough) and "Ushakov"
        for the short one. A form with no partner at its position pairs with the other column's
        first, preferred form: the five French names of the Elmendorf base all ask for "Joint
        Base Elmendorf-Richardson", and "États-Unis" -> "United States|U.S.|US" accepts all three.
        """
        forms = self.accepted(lang)
        own = forms[variant] if variant < len(forms) else forms[0]
        extra = forms[len(self.sources) :] if variant == 0 else ()
        return (own, *extra)


@dataclass(frozen=True)
class Match:
    """A glossary term found in French text at ``text[start:end]``."""

    start: int
    end: int
    text: str
    term: Term
    variant: int


@dataclass(frozen=True)
class Violation:
    """A translation that breaks the glossary.

    ``kind`` is "term-missing" (the source holds ``source``, the translation lacks ``expected``)
    or "source-form-left" (the French form ``source`` survives into the translation).
    ``found`` is what the translation holds instead, as written there ("Ushakoff", "white house
    press secretary", "Poutine"), "" when nothing resembles it; ``start`` is its offset in the
    translation, -1 without one.
    """

    term: Term
    kind: str
    source: str
    expected: str
    found: str = ""
    start: int = -1

    @property
    def message(self) -> str:
        if self.kind == "source-form-left":
            return f'"{self.found}" left in the translation (expected "{self.expected}")'
        found = f' (found "{self.found}")' if self.found else ""
        return f'missing "{self.expected}" for "{self.source}"{found}'


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
        self._leftovers: dict[
            str, tuple[dict[tuple[int, int], tuple[str, ...]], FormMatcher[tuple[Term, int]]]
        ] = {}
        self._accepted: dict[tuple[int, int, str], tuple[str, ...]] = {}

    def __len__(self) -> int:
        return len(self.terms)

    def prepare(self, langs: Iterable[str]) -> None:
        """Compile the matchers for the source and for ``langs`` now rather than on first use
        (before forking workers, so each does not compile its own)."""
        _ = self._matcher.regex
        for lang in langs:
            _ = self._leftover_forms(lang)[1].regex

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

    def check_pair(self, source: str, translation: str, lang: str) -> list[Violation]:
        """Glossary violations of ``translation`` (in ``lang``) of the French ``source``.

        Each French form found in ``source`` must appear in the translation in its own target
        form (``Term.accepted_for``), case and diacritics kept, only a capital first letter at the
        start of a sentence forgiven: "Nha Trang" is not "Nhà Trắng", "white house press
        secretary" is not "White House press secretary". A French form that differs from every
        target form and survives into the translation ("Poutine" in English) is a violation
        whether or not the source holds it. One violation per term.
        """
        text = (
            translation
            if unicodedata.is_normalized("NFC", translation)
            else unicodedata.normalize("NFC", translation)
        )
        haystack = Haystack(text)
        violations: list[Violation] = []
        reported: set[int] = set()
        for m in self._matches(source):
            if m.term.line in reported:
                continue
            forms = self._accepted_for(m.term, m.variant, lang)
            if any(haystack.has(form) for form in forms):
                continue
            if m.term.kind == "title" and any(title_before_name(squeeze(text), form, lang) for form in forms):
                continue  # "Alaska Governor Mike Dunleavy": a title capitalised before the name it precedes
            self._missing(m, lang, haystack, violations)
            reported.add(m.term.line)
        leftovers, matcher = self._leftover_forms(lang)
        for start, end, (term, variant) in matcher.finditer_folded(haystack.folded):
            containers = leftovers[(term.line, variant)]
            if term.line in reported:
                continue
            written = typography(text[start:end])
            if any(_same_form(written, form) for form in term.accepted(lang)):
                continue  # "Belarus" for "Bélarus": the French form, accent-blind, is the target
            if any(_inside(text, start, end, container) for container in containers):
                continue  # "base Elmendorf-Richardson" inside "Joint Base Elmendorf-Richardson"
            reported.add(term.line)
            violations.append(
                Violation(
                    term,
                    "source-form-left",
                    term.sources[variant],
                    term.target(lang, variant),
                    text[start:end],
                    start,
                )
            )
        return violations

    @staticmethod
    def _missing(m: Match, lang: str, haystack: Haystack, violations: list[Violation]) -> None:
        expected = m.term.target(lang, m.variant)
        span = _found_instead(m.term, haystack, expected)
        text = haystack.text
        found, start = (text[span[0] : span[1]], span[0]) if span else ("", -1)
        violations.append(Violation(m.term, "term-missing", m.text, expected, found, start))

    def _accepted_for(self, term: Term, variant: int, lang: str) -> tuple[str, ...]:
        key = (term.line, variant, lang)
        forms = self._accepted.get(key)
        if forms is None:
            forms = self._accepted[key] = term.accepted_for(lang, variant)
        return forms

    def _leftover_forms(
        self, lang: str
    ) -> tuple[dict[tuple[int, int], tuple[str, ...]], FormMatcher[tuple[Term, int]]]:
        """French forms that must not survive into ``lang``, by (term line, variant), and their matcher.

        Each maps to the accepted target forms that contain it ("Joint Base Elmendorf-Richardson"
        holds "base Elmendorf-Richardson"): inside one of those it is no leftover. The matcher
        holds only these forms, so a translation with none of them is passed over in one search.
        """
        cached = self._leftovers.get(lang)
        if cached is None:
            targets = sorted({typography(f) for t in self.terms for f in t.accepted(lang)})
            keys = {_first_lower(t) for t in targets}
            spaced = [(f" {loose(t)} ", t) for t in targets]
            forms: dict[tuple[int, int], tuple[str, ...]] = {}
            for term in self.terms:
                for variant, form in enumerate(term.sources):
                    written = typography(form)
                    if _first_lower(written) in keys:
                        continue
                    key = f" {loose(written)} "
                    forms[(term.line, variant)] = tuple(
                        t for folded, t in spaced if key in folded and key != folded
                    )
            by_line = {t.line: t for t in self.terms}
            matcher = FormMatcher(
                (by_line[line].sources[variant], (by_line[line], variant)) for line, variant in forms
            )
            cached = self._leftovers[lang] = (forms, matcher)
        return cached


def _same_form(written: str, form: str) -> bool:
    """Equal but for the case of the first letter."""
    return _first_lower(written) == _first_lower(form)


def _first_lower(text: str) -> str:
    return text[:1].lower() + text[1:]


def _inside(text: str, start: int, end: int, container: str) -> bool:
    """Whether ``text[start:end]`` lies inside an occurrence of ``container`` (case and accents ignored)."""
    folded = loose(text)
    key = loose(container)
    pos = folded.find(key, max(0, end - len(key)))
    while pos != -1 and pos <= start:
        if pos + len(key) >= end:
            return True
        pos = folded.find(key, pos + 1)
    return False


def _found_instead(term: Term, haystack: Haystack, expected: str) -> tuple[int, int] | None:
    """Where the translation says what it says instead of ``expected``: another form of the term
    written loosely ("Nha Trang", "white house press secretary", a bare "Ushakov", the French
    "Ouchakov"), else the words most like the expected form (a misspelt "Ushakoff")."""
    return find_loose(haystack.text, _all_forms(term), folded=haystack.loose) or closest_words(
        haystack.text, expected
    )


@functools.lru_cache(maxsize=4096)
def _all_forms(term: Term) -> tuple[str, ...]:
    """Every form of ``term``: its French variants and its targets in every language."""
    return (*term.sources, *(form for forms in term.targets.values() for form in forms))


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
    first_seen: dict[str, tuple[int, dict[str, tuple[str, ...]], str]] = {}
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
        for variant in sources:
            key = _fold(variant)
            if key in first_seen and first_seen[key][0] != line:
                other_line, other_targets, other_text = first_seen[key]
                for lang in langs:
                    mine = targets.get(lang, sources)[0]
                    theirs = other_targets.get(lang, (other_text,))[0]
                    if mine != theirs:
                        raise GlossaryError(
                            f'"{variant}" has conflicting {lang} targets "{theirs}" (line {other_line}) '
                            f'and "{mine}" (line {line}); keep one row',
                            path=shown,
                            line=line,
                        )
                raise GlossaryError(
                    f'"{variant}" appears twice (lines {other_line} and {line}); keep one row',
                    path=shown,
                    line=line,
                )
            first_seen[key] = (line, targets, variant)
        terms.append(Term(line, kind, sources, targets, cells.get("note", "")))
    version = hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]
    return Glossary(terms, path=shown, version=version)


def project_glossary(project: Project, *, required: bool = False) -> Glossary:
    """The project's glossary, validated; an empty one when it has no file (unless ``required``)."""
    path = project.glossary_path
    if not required and not path.exists():
        return Glossary([])
    return load_glossary(path, display_path=project.display(path))
