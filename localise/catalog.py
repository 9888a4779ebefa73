"""PO catalogs translators live in: read strictly, merge without losing human work, write atomically.

Public: catalog_path(root, lang, slug), read_catalog(path), merge_catalog(...), fill_drafts(po, drafts),
write_catalog(po, path),
Draft, Translation, CatalogStats, catalog_stats(po), translations(po), needs_draft(entry),
is_machine(entry), MT_PREFIX.

Merge follows msgmerge: an entry a translator un-fuzzied is never overwritten; when its
French changes, the old translation stays as a fuzzy suggestion with ``#| msgid``; a
removed unit becomes obsolete (``#~``) and comes back with its translation if the text
returns; entries follow the article's order.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import polib

from .article import Unit
from .errors import CatalogError
from .files import decode_utf8, write_text_atomic
from .glossary import Glossary

__all__ = [
    "MT_PREFIX",
    "CatalogStats",
    "Draft",
    "Translation",
    "catalog_path",
    "catalog_stats",
    "fill_drafts",
    "is_machine",
    "merge_catalog",
    "needs_draft",
    "read_catalog",
    "translations",
    "write_catalog",
]

MT_PREFIX = "mt: "
_KIND_PREFIX = "kind: "
_GLOSSARY_PREFIX = "glossary: "
_MT_PROBLEM_PREFIX = "mt-warning: "
_FUZZY_CUTOFF = 0.6
_STRING = r'"(?:[^"\\]|\\.)*"'
_PO_LINE = re.compile(
    rf"^(?:#~\s*)?(?:#\|\s*)?(?:(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+{_STRING}|{_STRING})\s*$"
)


@dataclass(frozen=True)
class Draft:
    """A machine translation for one msgid, with what produced it."""

    text: str
    engine: str  # e.g. "argos translate-fr_en 1.9"
    problems: tuple[str, ...] = ()


@dataclass(frozen=True)
class Translation:
    """What the renderer needs of an entry."""

    text: str
    reviewed: bool


@dataclass(frozen=True)
class CatalogStats:
    total: int
    reviewed: int
    machine: int
    suggestion: int
    untranslated: int
    obsolete: int
    glossary_terms: int


def catalog_path(root: str | Path, lang: str, slug: str) -> Path:
    """``<root>/locale/<lang>/LC_MESSAGES/<slug>.po``."""
    return Path(root) / "locale" / lang / "LC_MESSAGES" / f"{slug}.po"


def _check_syntax(text: str, shown: str) -> None:
    """polib and Babel both accept broken files silently; reject them with the line, as msgfmt would."""
    has_msgid = has_msgstr = False
    entry_line = 0
    for n, line in enumerate(text.split("\n"), start=1):
        stripped = line.strip()
        if not stripped:
            if has_msgid and not has_msgstr:
                raise CatalogError(
                    "entry has a msgid but no msgstr; restore the entry from version control",
                    path=shown,
                    line=entry_line,
                )
            has_msgid = has_msgstr = False
            continue
        if stripped.startswith("#") and not stripped.startswith("#~") and not stripped.startswith("#|"):
            continue
        if stripped.startswith("#|") and _PO_LINE.match(stripped):
            continue
        if not _PO_LINE.match(stripped):
            reason = "unterminated string" if stripped.count('"') % 2 else "unknown keyword or bad quoting"
            raise CatalogError(
                f"PO syntax error ({reason}): {stripped[:40]!r}; fix the line in a PO editor or restore it",
                path=shown,
                line=n,
            )
        body = re.sub(r"^#~\s*", "", stripped)
        if body.startswith("msgid "):
            has_msgid, has_msgstr, entry_line = True, False, n
        elif body.startswith("msgstr"):
            has_msgstr = True
    if has_msgid and not has_msgstr:
        raise CatalogError(
            "file ends inside an entry (truncated?); restore it from version control",
            path=shown,
            line=entry_line,
        )


def read_catalog(
    path: str | Path, *, lang: str | None = None, display_path: str | None = None
) -> polib.POFile:
    """Parse a PO file strictly; CatalogError with ``path:line`` if it or its header is broken."""
    shown = display_path or str(path)
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise CatalogError(f"cannot read catalog: {exc.strerror}", path=shown) from exc
    text = decode_utf8(raw, error=CatalogError, path=shown, what="catalog", fix="re-save it as UTF-8")
    _check_syntax(text, shown)
    try:
        po = polib.pofile(text, wrapwidth=0)
    except (OSError, ValueError) as exc:
        m = re.search(r"line (\d+)", str(exc))
        raise CatalogError(
            f"PO syntax error: {exc}; fix it in a PO editor", path=shown, line=int(m.group(1)) if m else None
        ) from exc
    _check_header(po, shown, lang)
    return po


def _check_header(po: polib.POFile, shown: str, lang: str | None) -> None:
    content_type = po.metadata.get("Content-Type", "")
    if "charset=utf-8" not in content_type.replace(" ", "").lower():
        raise CatalogError(
            'header has no "Content-Type: text/plain; charset=UTF-8"; restore the header',
            path=shown,
            line=1,
        )
    plural = po.metadata.get("Plural-Forms", "")
    if plural and not re.match(r"^\s*nplurals\s*=\s*\d+\s*;\s*plural\s*=.+;?\s*$", plural):
        raise CatalogError(
            f'header has a broken Plural-Forms "{plural}"; restore the header', path=shown, line=1
        )
    if lang and po.metadata.get("Language") and po.metadata["Language"] != lang:
        raise CatalogError(
            f'header says Language "{po.metadata["Language"]}" but the file is under locale/{lang}/; '
            "move the file or fix the header",
            path=shown,
            line=1,
        )


def _plural_forms(lang: str) -> str:
    from babel.messages.plurals import get_plural

    plural = get_plural(lang)
    return f"nplurals={plural.num_plurals}; plural={plural.plural_expr};"


def _new_catalog(lang: str, slug: str) -> polib.POFile:
    from . import __version__

    po = polib.POFile(wrapwidth=0)
    po.header = f"Translations of the article {slug}. Edit msgstr and clear the fuzzy flag to own an entry."
    po.metadata = {
        "Project-Id-Version": slug,
        "Report-Msgid-Bugs-To": "",
        "PO-Revision-Date": "",
        "Last-Translator": "",
        "Language-Team": "",
        "Language": lang,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": _plural_forms(lang),
        "X-Generator": f"localise {__version__}",
    }
    return po


def is_machine(entry: polib.POEntry) -> bool:
    """A machine draft nobody has reviewed: fuzzy, with an ``mt:`` comment."""
    return entry.fuzzy and any(line.startswith(MT_PREFIX) for line in entry.comment.splitlines())


def _is_reviewed(entry: polib.POEntry) -> bool:
    return bool(entry.msgstr) and not entry.fuzzy and not entry.obsolete


def needs_draft(entry: polib.POEntry) -> bool:
    """Entries MT may (re)fill: untranslated ones. Human work and suggestions are left alone."""
    return not entry.obsolete and not entry.msgstr


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
    po = _new_catalog(lang, slug)
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
            if close and _is_reviewed(old[close[0]]):
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


def write_catalog(po: polib.POFile, path: str | Path) -> bool:
    """Write ``po`` atomically (temp file + rename). Returns False when the file already says the same."""
    target = Path(path)
    body_new = _body(str(po))
    if target.exists():
        current = target.read_text(encoding="utf-8")
        if _body(current) == body_new:
            return False
    po.metadata["PO-Revision-Date"] = datetime.now(UTC).strftime("%Y-%m-%d %H:%M+0000")
    text = str(po)
    write_text_atomic(target, text if text.endswith("\n") else text + "\n")
    return True


def _body(text: str) -> str:
    return re.sub(r'^"PO-Revision-Date:.*\\n"$', "", text, flags=re.M).strip()


def translations(po: polib.POFile) -> dict[str, Translation]:
    """msgid -> translation for every non-obsolete entry that has text (reviewed or machine)."""
    return {e.msgid: Translation(e.msgstr, reviewed=not e.fuzzy) for e in po if e.msgstr and not e.obsolete}


def catalog_stats(po: polib.POFile, glossary: Glossary | None = None) -> CatalogStats:
    """Counts a translator or editor asks for: reviewed, machine drafts, suggestions, untranslated, obsolete."""
    live = [e for e in po if not e.obsolete and e.msgid]
    terms: set[int] = set()
    if glossary is not None:
        for e in live:
            terms.update(t.line for t in glossary.terms_in(e.msgid))
    return CatalogStats(
        total=len(live),
        reviewed=sum(1 for e in live if _is_reviewed(e)),
        machine=sum(1 for e in live if is_machine(e)),
        suggestion=sum(1 for e in live if e.fuzzy and e.msgstr and not is_machine(e)),
        untranslated=sum(1 for e in live if not e.msgstr),
        obsolete=len(po.obsolete_entries()),
        glossary_terms=len(terms),
    )
