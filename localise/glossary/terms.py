"""The newsroom's term base: load and validate the CSV, find terms, mask them for MT.

Public: load_glossary(path), Glossary, Term, Match, Masked, Slot, PlaceholderRequest,
GLOSSARY_COLUMNS, TERM_KINDS.

``Glossary.find(text)`` matches French terms robustly (word boundaries, elision,
accents, a lower-case term capitalised at a sentence start, longest match first) with one
compiled matcher for all terms (``matching.FormMatcher``). ``Glossary.mask`` swaps
each match for a placeholder the MT model passes through (``[n]``, or a token the engine
chooses per slot), ``unmask`` puts the target-language form back and reports any
placeholder the model dropped, duplicated or mangled. The rule CI enforces with the term base
(each French variant asks for its own target variant, ``Term.accepted_for``) is ``qa.term_check``'s.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from localise.errors import GlossaryError
from localise.files import decode_utf8
from localise.glossary.matcher import FormMatcher
from localise.text import fold as _fold
from localise.text import replace_spans

__all__ = [
    "GLOSSARY_COLUMNS",
    "TERM_KINDS",
    "Glossary",
    "Masked",
    "Match",
    "PlaceholderRequest",
    "Slot",
    "Term",
    "load_glossary",
]

GLOSSARY_COLUMNS = ("fr", "en", "vi", "kind", "note")
TERM_KINDS = ("person", "title", "institution", "place", "org", "other")
_PLACEHOLDER = re.compile(r"\[\s*(\d{1,3})\s*\]")
_TOKEN_ATTEMPTS = 32


def _is_bracket(token: str) -> bool:
    return _PLACEHOLDER.fullmatch(token) is not None


def _slot_token(
    request: PlaceholderRequest,
    placeholder: Callable[[PlaceholderRequest], str] | None,
    numbers: Iterator[int],
    *,
    taken: set[str],
    folded: str,
) -> str:
    """``[n]``, or the engine's token for the slot unless another slot has it or the text holds it:
    then the engine is asked again with the next numbers, and after a few, ``[n]`` it is."""
    if placeholder is None:
        return f"[{request.number}]"
    for _ in range(_TOKEN_ATTEMPTS):
        chosen = placeholder(request)
        if chosen.casefold() not in taken and (
            _is_bracket(chosen) or _word_regex(chosen).search(folded) is None
        ):
            return chosen
        request = replace(request, number=next(numbers))
    return f"[{request.number}]"


@functools.lru_cache(maxsize=1024)
def _word_regex(token: str) -> re.Pattern[str]:
    """``token`` as a whole word, any case."""
    return re.compile(rf"(?<![\w])({re.escape(token)})(?![\w])", re.IGNORECASE)


@functools.lru_cache(maxsize=1024)
def _words_regex(tokens: tuple[str, ...]) -> re.Pattern[str]:
    """Any of ``tokens`` as a whole word, any case, also with an MT engine's mark before it
    (rule-based engines flag words they could not generate or did not know: ``#Oslo``, ``*Oslo``)."""
    alternation = "|".join(re.escape(t) for t in sorted(tokens, key=len, reverse=True))
    return re.compile(rf"(?<![\w])[#*@~]?({alternation})(?![\w])", re.IGNORECASE)


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
class Slot:
    """A protected span replaced by ``placeholder`` before MT, restored as ``target``."""

    placeholder: str
    source: str
    target: str
    term: Term | None = None


@dataclass(frozen=True)
class PlaceholderRequest:
    """What an engine may look at to choose a slot's placeholder (``Glossary.mask(placeholder=)``).

    ``number`` is unique within the sentence (1, 2, …); ``kind`` is the term's kind or
    ``"number"``; ``source`` is the masked French span and ``before`` the text before it
    (its article or preposition). The token must come back unchanged from the engine.
    """

    number: int
    kind: str
    source: str
    before: str


@dataclass(frozen=True)
class Masked:
    """Text ready for the engine, and how to restore it."""

    text: str
    slots: tuple[Slot, ...]


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

    def mask(
        self,
        text: str,
        lang: str,
        *,
        extra: Iterable[tuple[int, int, str]] = (),
        placeholder: Callable[[PlaceholderRequest], str] | None = None,
    ) -> Masked:
        """Replace terms (and ``extra`` spans: start, end, target text) with placeholders.

        Placeholders are ``[n]`` unless the engine chooses its own: ``placeholder(request)``
        returns the token for one slot (see PlaceholderRequest). A token already in ``text`` or
        given to another slot is never used: the next number is asked for.
        """
        spans: list[tuple[int, int, str, Term | None]] = [
            (m.start, m.end, m.term.target(lang, m.variant), m.term) for m in self.find(text)
        ]
        taken = [(s, e) for s, e, _, _ in spans]
        for start, end, target in extra:
            if not any(start < e and s < end for s, e in taken):
                spans.append((start, end, target, None))
        spans.sort()
        used = {int(n) for n in _PLACEHOLDER.findall(text)}
        folded = text.casefold()
        numbers = (n for n in range(1, 1000) if n not in used)
        out: list[str] = []
        slots: list[Slot] = []
        tokens: set[str] = set()
        pos = 0
        for start, end, target, term in spans:
            kind = term.kind if term is not None else "number"
            request = PlaceholderRequest(next(numbers), kind, text[start:end], text[:start])
            token = _slot_token(request, placeholder, numbers, taken=tokens, folded=folded)
            tokens.add(token.casefold())
            out.append(text[pos:start])
            out.append(token)
            slots.append(Slot(token, text[start:end], target, term))
            pos = end
        out.append(text[pos:])
        return Masked("".join(out), tuple(slots))

    @staticmethod
    def unmask(translation: str, masked: Masked) -> tuple[str, list[str]]:
        """Restore target forms; return the text and problems (dropped/duplicated/unknown placeholders).

        ``[n]`` placeholders are found even with the spacing a model adds; an engine's own
        tokens (words) are found as whole words in any case, a capital the engine gave the
        token is given to the target form. The returned text never contains a placeholder:
        unknown or extra ones are removed.
        """
        by_number = {slot.placeholder: slot for slot in masked.slots if _is_bracket(slot.placeholder)}
        seen: dict[str, int] = {}
        problems: list[str] = []

        def count(slot: Slot) -> bool:
            seen[slot.placeholder] = seen.get(slot.placeholder, 0) + 1
            if seen[slot.placeholder] > 1:
                problems.append(f'placeholder for "{slot.source}" duplicated')
                return False
            return True

        # Every word token in one pass, so a target form just put back is never read as a token.
        by_word = {
            slot.placeholder.casefold(): slot for slot in masked.slots if not _is_bracket(slot.placeholder)
        }

        def restore_word(m: re.Match[str]) -> str:
            found = m.group(1)
            slot = by_word.get(found.casefold())
            if slot is None:  # a case-insensitive match casefold() spells otherwise: leave it
                return m.group(0)
            if not count(slot):
                return ""
            target = slot.target
            if found[:1].isupper() and slot.placeholder[:1].islower():
                target = target[:1].upper() + target[1:]
            return target

        text = _words_regex(tuple(by_word)).sub(restore_word, translation) if by_word else translation

        def restore(m: re.Match[str]) -> str:
            key = f"[{int(m.group(1))}]"
            slot = by_number.get(key)
            if slot is None:
                if m.group(0) in masked.text:  # the source had it literally: not ours
                    return m.group(0)
                problems.append(f"unknown placeholder {m.group(0)}")
                return ""
            return slot.target if count(slot) else ""

        text = _PLACEHOLDER.sub(restore, text)
        for slot in masked.slots:
            if slot.placeholder not in seen:
                problems.append(f'placeholder for "{slot.source}" dropped')
        text = re.sub(r"[ \t]{2,}", " ", text).strip()
        text = re.sub(r"\s+([,.;:!?])", r"\1", text) if problems else text
        return text, problems

    def substitute(self, text: str, lang: str) -> str:
        """French text with every term replaced by its target form (the fallback when placeholders fail)."""
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
