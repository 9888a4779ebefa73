"""The desk's proof pages: every unit side by side with its translation, its state, terms and findings.

Public: ReviewRow, ReviewPage, review_page(article, units, catalog, ...), Highlight, word_diff(old, new).

A page is data here (dataclasses); ``render.render_review`` turns it into HTML through the
same Jinja2 templates as the editions. Each row is one unit of the article in reading order:
the French and the translation with glossary terms highlighted (the expected form in a
tooltip), the entry's state (reviewed, machine draft and its engine, suggestion with a word
diff of the French since review, untranslated), the check's findings on that entry, and the
``path:line`` of the PO entry a translator edits. The page's counts are of entries, as ``localise
stats`` counts them (a sentence that repeats is one entry, however many rows show it), and a
reviewed entry with a finding is counted as needing work, not as done: the progress is the share
of entries reviewed with nothing found, and the page says the edition's readiness.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from localise.catalogs.pofile import CatalogFile
from localise.catalogs.state import MT_PREFIX, shown_text, state_of
from localise.glossary.terms import Glossary
from localise.model import Article, EntryState, Unit
from localise.publish.readiness import EditionStatus, Readiness

__all__ = ["Highlight", "ReviewPage", "ReviewRow", "review_page", "word_diff"]


@dataclass(frozen=True)
class Highlight:
    """A piece of text; ``term`` is the glossary form it stands for (None: plain text)."""

    text: str
    term: str | None = None
    ok: bool = True


@dataclass(frozen=True)
class ReviewRow:
    """One unit of the article, as the desk reviews it."""

    unit: Unit
    state: EntryState
    source: tuple[Highlight, ...]
    translation: tuple[Highlight, ...]
    engine: str = ""
    diff: tuple[tuple[str, str], ...] = ()  # ("same"|"added"|"removed", words) French since review
    findings: tuple[str, ...] = ()
    where: str = ""  # path:line of the msgstr to edit

    @property
    def needs_work(self) -> bool:
        return self.state is not EntryState.REVIEWED or bool(self.findings)


@dataclass(frozen=True)
class ReviewPage:
    """The proof page of one article in one language."""

    article: Article
    lang: str
    catalog: str
    rows: tuple[ReviewRow, ...]
    #: Entries (not rows) per state value; ``flagged``: reviewed entries the check finds a problem in.
    counts: Mapping[str, int] = field(default_factory=dict)
    flagged: int = 0
    status: EditionStatus | None = None

    @property
    def entries(self) -> int:
        return sum(self.counts.values())

    @property
    def done(self) -> int:
        """Entries reviewed with nothing found: what the progress shows."""
        return self.counts.get(EntryState.REVIEWED.value, 0) - self.flagged

    @property
    def reviewed_percent(self) -> int:
        return round(100 * self.done / self.entries) if self.entries else 100

    @property
    def readiness(self) -> Readiness | None:
        return self.status.readiness if self.status is not None else None


def word_diff(old: str, new: str) -> tuple[tuple[str, str], ...]:
    """Words of ``new`` against ``old``: ("same"|"added"|"removed", text) runs, in reading order."""
    a, b = old.split(), new.split()
    runs: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            runs.append(("same", " ".join(a[i1:i2])))
            continue
        if i2 > i1:
            runs.append(("removed", " ".join(a[i1:i2])))
        if j2 > j1:
            runs.append(("added", " ".join(b[j1:j2])))
    return tuple(runs)


def _spans(text: str, marks: Sequence[tuple[int, int, str, bool]]) -> tuple[Highlight, ...]:
    out: list[Highlight] = []
    pos = 0
    for start, end, term, ok in sorted(marks):
        if start < pos:
            continue
        if start > pos:
            out.append(Highlight(text[pos:start]))
        out.append(Highlight(text[start:end], term, ok))
        pos = end
    if pos < len(text):
        out.append(Highlight(text[pos:]))
    return tuple(out)


def _target_marks(translation: str, expected: Sequence[str]) -> list[tuple[int, int, str, bool]]:
    marks = []
    for form in dict.fromkeys(expected):
        if not form:
            continue
        for m in re.finditer(rf"(?<!\w){re.escape(form)}(?!\w)", translation):
            marks.append((m.start(), m.end(), form, True))
    return marks


def review_page(
    article: Article,
    units: Sequence[Unit],
    catalog: CatalogFile,
    *,
    lang: str,
    glossary: Glossary,
    findings: Mapping[str, Sequence[str]] | None = None,
    status: EditionStatus | None = None,
) -> ReviewPage:
    """The proof page of ``article`` in ``lang`` from its ``catalog`` (as ``pofile.read_catalog`` reads it).

    ``findings`` maps a msgid to the check's messages on its entry; each row shows the catalog's
    path as the desk sees it with the line of the entry's msgstr. ``status``: the edition's
    readiness (``readiness.edition_status``), shown at the top.
    """
    entries = {(e.msgctxt, e.msgid): e for e in catalog.po if not e.obsolete}
    rows = []
    for unit in units:
        key = (unit.kind, unit.source) if (unit.kind, unit.source) in entries else (None, unit.source)
        entry = entries.get(key)
        state = state_of(entry) if entry is not None else EntryState.UNTRANSLATED
        text = shown_text(entry) if entry is not None else ""
        matches = glossary.find(unit.source)
        expected = {m.term.target(lang, m.variant) for m in matches}
        target = _target_marks(text, sorted(expected, key=len, reverse=True))
        found = {form for _, _, form, _ in target}
        source = [(m.start, m.end, m.term.target(lang, m.variant), m.term.target(lang, m.variant) in found or not text)
                  for m in matches]  # fmt: skip
        engine = next(
            (line[len(MT_PREFIX) :] for line in (entry.tcomment.splitlines() if entry is not None else ())
             if line.startswith(MT_PREFIX)),
            "",
        )  # fmt: skip
        rows.append(
            ReviewRow(
                unit=unit,
                state=state,
                source=_spans(unit.source, source),
                translation=_spans(text, target),
                engine=engine if state is EntryState.MACHINE else "",
                diff=word_diff(entry.previous_msgid, unit.source)
                if entry is not None and state is EntryState.SUGGESTION and entry.previous_msgid
                else (),
                findings=tuple((findings or {}).get(unit.source, ())),
                where=f"{catalog.path}:{catalog.msgstr_line(entry)}" if entry is not None else catalog.path,
            )
        )
    shown = {(r.unit.kind, r.unit.source) if (r.unit.kind, r.unit.source) in entries else (None, r.unit.source): r
             for r in rows}  # fmt: skip
    counts = Counter(r.state.value for r in shown.values())
    flagged = sum(1 for r in shown.values() if r.state is EntryState.REVIEWED and r.findings)
    return ReviewPage(article, lang, catalog.path, tuple(rows), dict(counts), flagged, status)
