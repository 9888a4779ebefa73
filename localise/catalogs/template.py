"""Templates: an article's units as a POT, one entry per distinct sentence, with the comments translators read.

Public: build_template(units, ...), keep_creation_date(pot, previous, width), term_comment(match, langs),
format_flags(msgid), REFERENCE_STYLES, SPLIT_BY_ROLE.

The template is what external platforms (Weblate, Pootle, Crowdin) consume and what every
language's catalog is merged from; its ``#.`` comments (the unit's roles and each glossary term
in every language) are the same in every catalog, so msgmerge and localise write the same file.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import polib

from localise.catalogs.pofile import format_po, new_template, now_stamp
from localise.glossary.terms import Glossary, Match
from localise.model import Unit

__all__ = [
    "REFERENCE_STYLES",
    "SPLIT_BY_ROLE",
    "build_template",
    "format_flags",
    "keep_creation_date",
    "term_comment",
]

_KIND_PREFIX = "kind: "
_GLOSSARY_PREFIX = "glossary: "
#: A translator comment that asks for one entry per role (heading, caption…) of a shared sentence.
SPLIT_BY_ROLE = "localise: split-by-role"
#: Reference styles, as msgmerge's --add-location: file names only (default), with lines, none.
REFERENCE_STYLES = ("file", "full", "never")


def _comment(kinds: Iterable[str], glossary: Glossary | None, langs: Sequence[str], msgid: str) -> str:
    """The extracted comment: the unit's roles, then each glossary term with its form in every language.

    The same in the template and in every language's catalog, so that msgmerge (which takes
    ``#.`` lines from the template) and localise write the same file.
    """
    lines = [_KIND_PREFIX + ", ".join(dict.fromkeys(kinds))]
    if glossary is not None:
        seen: set[tuple[int, int]] = set()
        for match in glossary.find(msgid):
            if (match.term.line, match.variant) not in seen:
                seen.add((match.term.line, match.variant))
                lines.append(_GLOSSARY_PREFIX + term_comment(match, langs))
    return "\n".join(lines)


def term_comment(match: Match, langs: Sequence[str]) -> str:
    """One glossary term as the translator reads it in the PO file.

    ``Youri Ouchakov → Yuri Ushakov (en), Yury Ushakov (vi); note: Kremlin foreign-policy aide…``;
    other accepted forms follow ``also``; a term kept as it is says so.
    """
    term = match.term
    by_form: dict[str, list[str]] = {}
    others: dict[str, list[str]] = {}
    for lang in langs:
        form = term.target(lang, match.variant)
        by_form.setdefault(form, []).append(lang)
        # Target forms beyond the French variants are alternatives a translation may use too.
        for other in term.accepted(lang)[len(term.sources) :]:
            if other != form:
                others.setdefault(other, []).append(lang)
    if set(by_form) == {match.text} and not others:
        parts = [f"{match.text} (keep as is)"]
    else:
        parts = [match.text + " → " + ", ".join(f"{form} ({', '.join(ls)})" for form, ls in by_form.items())]
    if others:
        parts.append("also " + ", ".join(f"{form} ({', '.join(ls)})" for form, ls in others.items()))
    if term.note:
        parts.append(f"note: {term.note}")
    return "; ".join(parts)


def build_template(
    units: Sequence[Unit],
    *,
    slug: str,
    glossary: Glossary | None = None,
    references: str = "file",
    created: str | None = None,
    split: Iterable[str] = (),
    langs: Sequence[str] = ("en", "vi"),
) -> polib.POFile:
    """The template (POT) of an article: one entry per distinct sentence, in reading order.

    ``references``: ``file`` (default; an edit elsewhere in the article never changes them),
    ``full`` (with line numbers) or ``never``, as msgmerge's ``--add-location``. ``split``: msgids
    a translator asked to translate per role (msgctxt = the unit's kind). The glossary comments
    name each term's form in every language of ``langs``. ``created`` is POT-Creation-Date.
    """
    if references not in REFERENCE_STYLES:
        raise ValueError(f"references must be one of {REFERENCE_STYLES}")
    pot = new_template(slug, created=created)
    shared = set(split)
    groups: dict[tuple[str | None, str], list[Unit]] = {}
    for unit in units:
        groups.setdefault((unit.kind if unit.source in shared else None, unit.source), []).append(unit)
    for (context, msgid), group in groups.items():
        entry = polib.POEntry(msgctxt=context, msgid=msgid, occurrences=_references(group, references))
        entry.flags = format_flags(msgid)
        entry.comment = _comment((u.kind for u in group), glossary, langs, msgid)
        pot.append(entry)
    return pot


def _references(group: Sequence[Unit], style: str) -> list[tuple[str, str]]:
    if style == "never":
        return []
    if style == "file":
        return list(dict.fromkeys((u.path, "") for u in group))
    return [(u.path, str(u.line)) for u in group]


def format_flags(msgid: str) -> list[str]:
    """xgettext's convention: a msgid with a "%" that is not a format string says so (no-python-format)."""
    return ["no-python-format"] if "%" in msgid else []


def keep_creation_date(pot: polib.POFile, previous: bytes | None, *, width: int) -> polib.POFile:
    """``pot`` with the POT-Creation-Date of ``previous`` (the template file's bytes) when nothing else
    changed, so an unchanged article's template is not rewritten; a new date otherwise."""
    stamp = re.search(rb'^"POT-Creation-Date: ([^"\\]*)\\n"$', previous or b"", re.M)
    if stamp is not None:
        pot.metadata["POT-Creation-Date"] = stamp.group(1).decode("utf-8")
        if format_po(pot, width=width) != previous:
            pot.metadata["POT-Creation-Date"] = now_stamp()
    return pot
