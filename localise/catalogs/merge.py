"""Merge policy: how a catalog follows its article without losing human work (msgmerge semantics).

Public: merge_catalog(existing, units, ...), fill_drafts(po, drafts, refresh=...), stale_drafts(po, current),
fill_suggestions(po, suggestions).

Merge follows msgmerge: an entry a translator un-fuzzied is never overwritten; when its
French changes, the old translation stays as a fuzzy suggestion with ``#| msgid``; a
removed unit becomes obsolete (``#~``) and comes back with its translation if the text
returns; entries follow the article's order. Machine drafts fill what has no text, and replace a
machine draft only while its text is still the machine's (``provenance``) and what it was made
with has changed (``stale_drafts``); suggestions from the newsroom's reviewed work
(``reviewed_memory``) fill what has no text before the engine does. Reading and writing files is
``pofile``'s job, the template ``template``'s, and an entry's state ``state``'s.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import polib

from localise.catalogs.pofile import base_language, new_catalog
from localise.catalogs.provenance import mt_line, read_mark, without_mt
from localise.catalogs.state import MT_PROBLEM_PREFIX, needs_draft, shown_text, state_of
from localise.catalogs.template import SPLIT_BY_ROLE, build_template, format_flags
from localise.glossary.terms import Glossary
from localise.model import UNIT_KINDS, Draft, EntryState, Provenance, Unit
from localise.text import normalise

__all__ = ["fill_drafts", "fill_suggestions", "merge_catalog", "stale_drafts"]

_FUZZY_CUTOFF = 0.6  # msgmerge's FUZZY_THRESHOLD: a suggestion must be more similar than this
#: Header fields the tool writes; every other field is the translator's and is kept as it is.
_TOOL_OWNED_HEADERS = (
    "Project-Id-Version",
    "POT-Creation-Date",
    "Language",
    "MIME-Version",
    "Content-Type",
    "Content-Transfer-Encoding",
    "Plural-Forms",
)
_GETTEXT_ORDER = (
    "Project-Id-Version",
    "Report-Msgid-Bugs-To",
    "POT-Creation-Date",
    "PO-Revision-Date",
    "Last-Translator",
    "Language-Team",
    "Language",
    "MIME-Version",
    "Content-Type",
    "Content-Transfer-Encoding",
    "Plural-Forms",
)
_HUMAN_STATES = (EntryState.REVIEWED, EntryState.SUGGESTION)
_EARLIER_PREFIX = "earlier translation: "


def _header(po: polib.POFile, existing: polib.POFile | None, lang: str, created: str | None) -> None:
    """Tool-owned fields from ``po``; everything else (comment, translator fields, X-*, fuzzy) from ``existing``.

    A regional Language the translator set ("en_GB" in locale/en/) is kept: it is that language.
    """
    ours = dict(po.metadata)
    if created:
        ours["POT-Creation-Date"] = created
    if existing is None:
        po.metadata = _in_gettext_order(ours, {})
        return
    merged: dict[str, str] = {}
    for key, value in existing.metadata.items():  # the file's order, so a tool that reordered it sees no diff
        if key == "Language":
            merged[key] = value if base_language(value) == base_language(lang) else ours[key]
        elif key in _TOOL_OWNED_HEADERS:
            merged[key] = ours.get(key, value)
        else:
            merged[key] = value
    po.metadata = _in_gettext_order({k: ours[k] for k in _TOOL_OWNED_HEADERS if k in ours}, merged)
    po.header = existing.header
    po.metadata_is_fuzzy = existing.metadata_is_fuzzy


def _in_gettext_order(missing: Mapping[str, str], fields: Mapping[str, str]) -> dict[str, str]:
    """``fields`` in their own order, with each ``missing`` one placed where xgettext/msgmerge put it."""
    result = dict(fields)
    for key, value in missing.items():
        if key in result:
            continue
        rank = _GETTEXT_ORDER.index(key) if key in _GETTEXT_ORDER else len(_GETTEXT_ORDER)
        keys = list(result)
        at = next(
            (i for i, k in enumerate(keys) if k in _GETTEXT_ORDER and _GETTEXT_ORDER.index(k) > rank),
            len(keys),
        )
        items = list(result.items())
        items.insert(at, (key, value))
        result = dict(items)
    return result


def merge_catalog(
    existing: polib.POFile | None,
    units: Sequence[Unit],
    *,
    lang: str,
    slug: str,
    glossary: Glossary | None = None,
    drafts: Mapping[str, Draft] | None = None,
    references: str = "file",
    created: str | None = None,
    comment_langs: Sequence[str] = (),
) -> polib.POFile:
    """The catalog for ``units`` in ``lang``, merged into ``existing``: at least as protective as msgmerge.

    Each unit's French finds its old entry by exact msgid (live or obsolete: a returning
    sentence gets its translation back), else by a typography-only difference (kept as it
    was, the old msgid in ``#|`` for the record), else the most similar old entry with a
    translator's text (reviewed or itself a suggestion, live or obsolete) becomes its fuzzy
    suggestion with ``#|`` previous msgid, as ``msgmerge --previous`` does. Every old entry
    with text that no unit claims exactly stays as ``#~``. ``drafts`` (msgid -> machine
    translation) fill only entries that ``needs_draft``. The header keeps what the translator
    owns; ``created`` (POT-Creation-Date) is set when given, else kept. The extracted comments are
    the template's (built for ``comment_langs``, default ``lang``), so msgmerge agrees on them.
    """
    po = new_catalog(lang, slug)
    _header(po, existing, lang, created)
    old: list[polib.POEntry] = list(existing) if existing is not None else []
    exact: dict[tuple[str | None, str], polib.POEntry] = {}
    typographic: dict[tuple[str | None, str], polib.POEntry] = {}
    for entry in sorted(old, key=lambda e: e.obsolete, reverse=True):  # live entries win over #~
        exact[(entry.msgctxt, entry.msgid)] = entry
        typographic[(entry.msgctxt, normalise(entry.msgid))] = entry
    split = {e.msgid for e in old if not e.obsolete and (e.msgctxt in UNIT_KINDS or _asks_split(e))}
    # A translator's text, live or obsolete: reviewed, or a suggestion (fuzzy with no ``mt:`` mark).
    suggestions = _SuggestionIndex(e for e in old if state_of(e, as_live=True) in _HUMAN_STATES)
    template = build_template(
        units,
        slug=slug,
        glossary=glossary,
        references=references,
        split=split,
        langs=comment_langs or (lang,),
    )
    claimed: set[int] = set()
    for entry in template:
        context, msgid = entry.msgctxt, entry.msgid
        previous = (
            exact.get((context, msgid))
            or (exact.get((None, msgid)) if context is not None else None)
            or typographic.get((context, normalise(msgid)))
        )
        if previous is not None:
            claimed.add(id(previous))
            _copy_translation(previous, entry)
            if previous.msgid != msgid and not previous.fuzzy:
                entry.previous_msgid = previous.msgid  # typography only: still reviewed, changed on record
        elif (best := suggestions.best(msgid)) is not None:
            # The French changed under a translator's work: the closest one becomes the suggestion.
            _copy_translation(best, entry)
            entry.tcomment = without_mt(entry.tcomment)  # a translator's text, whatever it started from
            entry.flags = ["fuzzy", *(f for f in best.flags if f != "fuzzy")]
            entry.previous_msgid = best.previous_msgid if best.fuzzy and best.previous_msgid else best.msgid
        if entry.fuzzy and not shown_text(entry):
            entry.previous_msgid = None
        entry.flags = [f for f in entry.flags if not f.endswith("-format")] + format_flags(msgid)
        po.append(entry)

    kept_obsolete: dict[tuple[str | None, str], polib.POEntry] = {}
    for gone in sorted(old, key=lambda e: e.obsolete):  # what just left the article, then older #~
        if id(gone) in claimed or not (shown_text(gone) or gone.tcomment):
            continue
        gone.obsolete = True
        gone.occurrences = []
        kept = kept_obsolete.setdefault((gone.msgctxt, gone.msgid), gone)
        earlier = f"{_EARLIER_PREFIX}{gone.msgstr}"
        if kept is not gone and gone.msgstr and gone.msgstr != kept.msgstr and earlier not in kept.tcomment:
            # One msgid, two texts (a hand-merged file): the newer stays, the older rides in a comment.
            kept.tcomment = "\n".join(filter(None, [kept.tcomment, earlier]))
    po.extend(kept_obsolete.values())
    fill_drafts(po, drafts or {})
    return po


def _copy_translation(source: polib.POEntry, entry: polib.POEntry) -> None:
    """The translator's part of ``source`` (text, comment, fuzzy and other own flags) into ``entry``."""
    entry.msgstr = source.msgstr
    if source.msgid_plural:  # a plural entry a translator wrote: every msgstr[n] goes along
        entry.msgid_plural = source.msgid_plural
        entry.msgstr_plural = dict(source.msgstr_plural)
    entry.tcomment = "\n".join(line for line in source.tcomment.splitlines() if line.strip() != SPLIT_BY_ROLE)
    entry.flags = [f for f in source.flags if not f.endswith("-format")]  # format flags are the template's
    entry.previous_msgid = source.previous_msgid


def _asks_split(entry: polib.POEntry) -> bool:
    return any(line.strip() == SPLIT_BY_ROLE for line in entry.tcomment.splitlines())


class _SuggestionIndex:
    """Old entries with a translator's text, searched by msgmerge's measure of similarity.

    msgmerge scores a pair of msgids by gettext's ``fstrcmp``: matching bytes over total
    bytes of the UTF-8 strings, from the shortest edit script of insertions and deletions,
    and takes the best above 0.6. RapidFuzz's Indel similarity on the UTF-8 bytes is the
    same measure, without difflib's autojunk heuristic that sinks long sentences.
    """

    def __init__(self, entries: Iterable[polib.POEntry]):
        self.entries = list(entries)
        self.keys = [e.msgid.encode("utf-8") for e in self.entries]

    def best(self, msgid: str) -> polib.POEntry | None:
        from rapidfuzz import process
        from rapidfuzz.distance import Indel

        if not self.entries:
            return None
        found = process.extractOne(
            msgid.encode("utf-8"), self.keys, scorer=Indel.normalized_similarity, score_cutoff=_FUZZY_CUTOFF
        )
        if found is None or found[1] <= _FUZZY_CUTOFF:
            return None
        return self.entries[found[2]]


def stale_drafts(po: polib.POFile, current: Mapping[str, Provenance]) -> dict[str, tuple[str, ...]]:
    """msgid -> why, for each machine draft of ``po`` to make again: its text is still the machine's and
    what it was made with differs from ``current`` (msgid -> today's provenance; a msgid not in it,
    whose language no engine serves today, is left as it is).

    The reasons are "engine", "glossary", "style", or "old mark" for a line written before marks had
    hashes (made again, and replaced only if its text is what the engine writes: ``fill_drafts``).
    A draft whose text a translator changed is never listed, whatever its flags.
    """
    stale: dict[str, tuple[str, ...]] = {}
    for entry in po:
        now = current.get(entry.msgid)
        if now is None or state_of(entry) is not EntryState.MACHINE:
            continue
        mark = read_mark(entry)
        if mark is None:
            continue
        if mark.provenance is None:
            stale[entry.msgid] = ("old mark",)
        elif mark.is_machine_text(entry.msgstr) and (why := mark.provenance.changed(now)):
            stale[entry.msgid] = why
    return stale


def fill_drafts(
    po: polib.POFile,
    drafts: Mapping[str, Draft],
    *,
    refresh: Mapping[str, tuple[str, ...]] | None = None,
    machine_texts: Mapping[str, Iterable[str]] | None = None,
) -> list[str]:
    """Put machine drafts into the entries that ``needs_draft``, and into the stale machine drafts of
    ``refresh`` (``stale_drafts``): fuzzy, with one ``# mt:`` line (``provenance.mt_line``).

    Reviewed entries, suggestions and machine drafts a translator edited are never touched. A draft
    with an old mark (no hashes) is replaced only when its text is the engine's today, before or after
    the house style, or one of ``machine_texts`` (msgid -> what the engine wrote for it before, from
    the translation memory). Returns the msgids filled.
    """
    filled: list[str] = []
    for entry in po:
        draft = drafts.get(entry.msgid)
        if draft is None:
            continue
        if not needs_draft(entry):
            why = (refresh or {}).get(entry.msgid)
            if why is None or state_of(entry) is not EntryState.MACHINE:
                continue
            mark = read_mark(entry)
            if mark is None or mark.is_machine_text(entry.msgstr) is False:
                continue
            if mark.provenance is None and entry.msgstr not in {
                draft.text,
                draft.unstyled,
                *(machine_texts or {}).get(entry.msgid, ()),
            }:
                continue  # an old mark cannot say whether a translator edited the text: kept
        entry.msgstr = draft.text
        entry.flags = ["fuzzy", *(f for f in entry.flags if f != "fuzzy")]
        entry.previous_msgid = None
        # In a translator comment, not ``#.``: msgmerge keeps "#" lines but takes "#." from the template.
        kept = without_mt(entry.tcomment).splitlines()
        entry.tcomment = "\n".join([*kept, mt_line(draft)] + [MT_PROBLEM_PREFIX + p for p in draft.problems])
        filled.append(entry.msgid)
    return filled


def fill_suggestions(po: polib.POFile, suggestions: Mapping[str, tuple[str, str | None, str]]) -> int:
    """Suggestions from the newsroom's reviewed work into the entries that ``needs_draft``: msgid ->
    (text, the French it was reviewed for when it differs, the comment naming its article).

    Fuzzy, never reviewed; a fuzzy match keeps the French it was written for in ``#|``, as msgmerge
    does. Returns how many entries were filled.
    """
    filled = 0
    for entry in po:
        found = suggestions.get(entry.msgid)
        if found is None or not needs_draft(entry):
            continue
        text, previous, comment = found
        entry.msgstr = text
        entry.flags = ["fuzzy", *(f for f in entry.flags if f != "fuzzy")]
        entry.previous_msgid = previous
        entry.tcomment = "\n".join([*without_mt(entry.tcomment).splitlines(), comment])
        filled += 1
    return filled
