"""Entry states: the one place a catalog entry's state is decided, and the counts and passages built on it.

Public: state_of(entry), needs_draft(entry), needs_fresh_draft(entry), translations(entry), shown_text(entry),
CatalogStats, catalog_stats(po, glossary), passages(po, fresh), MT_PREFIX, MT_PROBLEM_PREFIX.

A translator's text with ``fuzzy`` cleared is reviewed; fuzzy with a ``# mt:`` translator comment is
an unreviewed machine draft; fuzzy without it is a suggestion (an earlier translation of French
that has since changed); no text is untranslated; ``#~`` is obsolete. Merge, stats, check, the
editions and the proof pages all ask ``state_of``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import polib

from localise.glossary.terms import Glossary
from localise.model import Draft, EntryState, Passage

__all__ = [
    "MT_PREFIX",
    "MT_PROBLEM_PREFIX",
    "CatalogStats",
    "catalog_stats",
    "needs_draft",
    "needs_fresh_draft",
    "passages",
    "shown_text",
    "state_of",
    "translations",
]

#: The translator comment that marks machine output: ``# mt: <engine>``.
MT_PREFIX = "mt: "
#: A translator comment on a machine draft whose glossary terms could not all be placed.
MT_PROBLEM_PREFIX = "mt-warning: "


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


def state_of(entry: polib.POEntry, *, as_live: bool = False) -> EntryState:
    """The one place an entry's state is decided (merge, stats, check, render and the summary ask here).

    ``as_live``: the state an obsolete entry's text would have if its sentence came back.
    """
    if entry.obsolete and not as_live:
        return EntryState.OBSOLETE
    if not entry.msgstr and not any(entry.msgstr_plural.values()):
        return EntryState.UNTRANSLATED
    if not entry.fuzzy:
        return EntryState.REVIEWED
    if any(line.startswith(MT_PREFIX) for line in entry.tcomment.splitlines()):
        return EntryState.MACHINE
    return EntryState.SUGGESTION


def needs_draft(entry: polib.POEntry) -> bool:
    """Entries MT may (re)fill: untranslated ones. Human work and suggestions are left alone, and so
    are plural entries (``msgstr[n]``), a form a translator chose."""
    return state_of(entry) is EntryState.UNTRANSLATED and not entry.msgid_plural


def translations(entry: polib.POEntry) -> list[tuple[int | None, str, str]]:
    """(form, French, text) of each translation the entry holds: ``(None, msgid, msgstr)``, or for a plural
    entry one per ``msgstr[n]``, the first form with the msgid and the others with the msgid_plural."""
    if not entry.msgid_plural:
        return [(None, entry.msgid, entry.msgstr)]
    return [
        (n, entry.msgid if n == 0 else entry.msgid_plural, text)
        for n, text in sorted(entry.msgstr_plural.items())
    ]


def shown_text(entry: polib.POEntry) -> str:
    """The text an edition shows for the entry's sentence: its msgstr, or a plural entry's first form."""
    return entry.msgstr or (entry.msgstr_plural.get(0, "") if entry.msgid_plural else "")


def needs_fresh_draft(entry: polib.POEntry) -> bool:
    """Suggestions: the edition shows a machine draft of their new French instead (never stored in the entry)."""
    return state_of(entry) is EntryState.SUGGESTION


def passages(
    po: polib.POFile, fresh: Mapping[str, Draft] | None = None
) -> dict[tuple[str | None, str], Passage]:
    """(msgctxt, msgid) -> what an edition may show for each live entry that has something to show.

    A suggestion is never shown as current text: its French changed since review, so it shows
    the ``fresh`` machine draft of the new French when there is one, else nothing (the edition
    falls back to the French, marked).
    """
    shown: dict[tuple[str | None, str], Passage] = {}
    for entry in po:
        state = state_of(entry)
        if state in (EntryState.REVIEWED, EntryState.MACHINE):
            shown[(entry.msgctxt, entry.msgid)] = Passage(shown_text(entry), state)
        elif state is EntryState.SUGGESTION:
            draft = (fresh or {}).get(entry.msgid)
            shown[(entry.msgctxt, entry.msgid)] = Passage(draft.text if draft else "", state)
    return shown


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
