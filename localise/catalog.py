"""Merge policy: how a catalog follows its article without losing human work, and each entry's state.

Public: merge_catalog(existing, units, ...), fill_drafts(po, drafts), state_of(entry),
CatalogStats, catalog_stats(po, glossary), passages(po), needs_draft(entry), MT_PREFIX.

Merge follows msgmerge: an entry a translator un-fuzzied is never overwritten; when its
French changes, the old translation stays as a fuzzy suggestion with ``#| msgid``; a
removed unit becomes obsolete (``#~``) and comes back with its translation if the text
returns; entries follow the article's order. Reading and writing files is ``po.py``'s job.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import polib

from .article import Draft, EntryState, Passage, Unit
from .glossary import Glossary
from .po import new_catalog

__all__ = [
    "MT_PREFIX",
    "CatalogStats",
    "catalog_stats",
    "fill_drafts",
    "merge_catalog",
    "needs_draft",
    "passages",
    "state_of",
]

MT_PREFIX = "mt: "
_KIND_PREFIX = "kind: "
_GLOSSARY_PREFIX = "glossary: "
_MT_PROBLEM_PREFIX = "mt-warning: "
_FUZZY_CUTOFF = 0.6


@dataclass(frozen=True)
class CatalogStats:
    """Entries of a catalog by state, and the glossary terms its French holds."""

    total: int
    reviewed: int
    machine_drafts: int
    suggestions: int
    untranslated: int
    obsolete: int
    glossary_terms: int


def state_of(entry: polib.POEntry) -> EntryState:
    """The one place an entry's state is decided (merge, stats, check, render and the summary ask here)."""
    if entry.obsolete:
        return EntryState.OBSOLETE
    if not entry.msgstr:
        return EntryState.UNTRANSLATED
    if not entry.fuzzy:
        return EntryState.REVIEWED
    if any(line.startswith(MT_PREFIX) for line in entry.comment.splitlines()):
        return EntryState.MACHINE
    return EntryState.SUGGESTION


def needs_draft(entry: polib.POEntry) -> bool:
    """Entries MT may (re)fill: untranslated ones. Human work and suggestions are left alone."""
    return state_of(entry) is EntryState.UNTRANSLATED


def _comment(
    kinds: Iterable[str], glossary: Glossary | None, lang: str, msgid: str, extra: Sequence[str]
) -> str:
    lines = [_KIND_PREFIX + ", ".join(dict.fromkeys(kinds))]
    if glossary is not None:
        found = glossary.find(msgid)
        pairs = dict.fromkeys(
            f"{m.text} → {m.term.target(lang, m.variant)}"
            for m in found
            if m.text != m.term.target(lang, m.variant)
        )
        if pairs:
            lines.append(_GLOSSARY_PREFIX + "; ".join(pairs))
    lines.extend(extra)
    return "\n".join(lines)


def _kept_comment_lines(entry: polib.POEntry) -> list[str]:
    """Extracted comments that describe the translation (mt, mt-warning), carried across merges."""
    return [
        line
        for line in entry.comment.splitlines()
        if line.startswith((MT_PREFIX, _MT_PROBLEM_PREFIX)) and entry.msgstr
    ]


def merge_catalog(
    existing: polib.POFile | None,
    units: Sequence[Unit],
    *,
    lang: str,
    slug: str,
    glossary: Glossary | None = None,
    drafts: Mapping[str, Draft] | None = None,
) -> polib.POFile:
    """The catalog for ``units`` in ``lang``, merged into ``existing`` (msgmerge semantics).

    ``drafts`` maps msgid -> machine translation; a draft only fills an entry that
    ``needs_draft`` (never a reviewed entry or a fuzzy suggestion).
    """
    drafts = drafts or {}
    po = new_catalog(lang, slug)
    if existing is not None:
        for key, value in existing.metadata.items():
            if key not in ("Language", "Plural-Forms", "Content-Type", "X-Generator", "MIME-Version"):
                po.metadata[key] = value
    old = {e.msgid: e for e in existing if not e.obsolete} if existing is not None else {}
    old_obsolete = {e.msgid: e for e in existing if e.obsolete} if existing is not None else {}

    grouped: dict[str, list[Unit]] = {}
    for unit in units:
        grouped.setdefault(unit.source, []).append(unit)
    # Entries whose msgid disappeared are the candidates for fuzzy matching, as in msgmerge.
    vanished = [msgid for msgid in old if msgid not in grouped and msgid]
    claimed: set[str] = set()

    for msgid, group in grouped.items():
        previous = old.get(msgid) or old_obsolete.get(msgid)
        entry = polib.POEntry(
            msgid=msgid,
            occurrences=[(u.path, str(u.line)) for u in group],
        )
        extra: list[str] = []
        if previous is not None:
            entry.msgstr = previous.msgstr
            entry.tcomment = previous.tcomment
            entry.flags = [f for f in previous.flags]
            entry.previous_msgid = previous.previous_msgid
            extra = _kept_comment_lines(previous)
        else:
            close = difflib.get_close_matches(
                msgid, [m for m in vanished if m not in claimed], 1, _FUZZY_CUTOFF
            )
            if close and state_of(old[close[0]]) is EntryState.REVIEWED:
                # The French changed under a translator's work: keep it as a suggestion to revise.
                source = old[close[0]]
                claimed.add(close[0])
                entry.msgstr = source.msgstr
                entry.tcomment = source.tcomment
                entry.flags = ["fuzzy"]
                entry.previous_msgid = close[0]
        if not entry.fuzzy:
            entry.previous_msgid = None
        entry.comment = _comment((u.kind for u in group), glossary, lang, msgid, extra)
        po.append(entry)

    for msgid in vanished:
        if msgid in claimed:
            continue
        gone = old[msgid]
        if gone.msgstr or gone.tcomment:
            gone.obsolete = True
            gone.occurrences = []
            po.append(gone)  # kept as #~ so a returning sentence gets its translation back
    for msgid, gone in old_obsolete.items():
        if msgid not in grouped and msgid not in old:
            po.append(gone)  # stays obsolete until its sentence returns
    fill_drafts(po, drafts)
    return po


def fill_drafts(po: polib.POFile, drafts: Mapping[str, Draft]) -> int:
    """Put machine drafts into the entries that ``needs_draft``: fuzzy, with the ``mt:`` comment.

    Reviewed entries and fuzzy suggestions are never touched. Returns how many entries were filled.
    """
    filled = 0
    for entry in po:
        draft = drafts.get(entry.msgid)
        if draft is None or not needs_draft(entry):
            continue
        entry.msgstr = draft.text
        entry.flags = ["fuzzy"]
        entry.previous_msgid = None
        kept = [
            line
            for line in entry.comment.splitlines()
            if not line.startswith((MT_PREFIX, _MT_PROBLEM_PREFIX))
        ]
        entry.comment = "\n".join(
            [*kept, MT_PREFIX + draft.engine] + [_MT_PROBLEM_PREFIX + p for p in draft.problems]
        )
        filled += 1
    return filled


def passages(po: polib.POFile) -> dict[str, Passage]:
    """msgid -> text and state, for every live entry that has text (what an edition can show)."""
    return {e.msgid: Passage(e.msgstr, state_of(e)) for e in po if e.msgstr and not e.obsolete}


def catalog_stats(po: polib.POFile, glossary: Glossary | None = None) -> CatalogStats:
    """Counts a translator or editor asks for: reviewed, machine drafts, suggestions, untranslated, obsolete."""
    states = [state_of(e) for e in po if e.msgid]
    terms: set[int] = set()
    if glossary is not None:
        for e in po:
            if e.msgid and not e.obsolete:
                terms.update(t.line for t in glossary.terms_in(e.msgid))
    return CatalogStats(
        total=sum(1 for s in states if s is not EntryState.OBSOLETE),
        reviewed=states.count(EntryState.REVIEWED),
        machine_drafts=states.count(EntryState.MACHINE),
        suggestions=states.count(EntryState.SUGGESTION),
        untranslated=states.count(EntryState.UNTRANSLATED),
        obsolete=states.count(EntryState.OBSOLETE),
        glossary_terms=len(terms),
    )
