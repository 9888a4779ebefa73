"""PO files on disk: read strictly, check the syntax and header, write atomically.

Public: read_po(path, ...), parse_po(raw, ...), read_bytes(path), write_po(po, path, expected=...),
ChangedOnDisk, new_catalog(lang, slug), plural_forms(lang).

polib and Babel both accept broken files silently; ``read_po`` rejects them with the
line, as msgfmt would, so a file a translator broke stops the run with nothing written.
How entries are merged is not this module's business (``catalog.py``).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import polib

from .errors import CatalogError
from .files import ANY, ChangedOnDisk, decode_utf8, write_text_atomic

__all__ = ["ChangedOnDisk", "new_catalog", "parse_po", "plural_forms", "read_bytes", "read_po", "write_po"]

_STRING = r'"(?:[^"\\]|\\.)*"'
_PO_LINE = re.compile(
    rf"^(?:#~\s*)?(?:#\|\s*)?(?:(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+{_STRING}|{_STRING})\s*$"
)
_HEADER_COMMENT = "Translations of the article {slug}. Edit msgstr and clear the fuzzy flag to own an entry."


def _check_syntax(text: str, shown: str) -> None:
    """Reject what msgfmt rejects, with the line: bad keywords or quoting, a msgid with no msgstr."""
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


def read_bytes(path: str | Path, *, display_path: str | None = None) -> bytes | None:
    """The file's bytes, None when it does not exist; CatalogError when it cannot be read."""
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise CatalogError(f"cannot read catalog: {exc.strerror}", path=display_path or str(path)) from exc


def read_po(path: str | Path, *, lang: str | None = None, display_path: str | None = None) -> polib.POFile:
    """Parse a PO file strictly; CatalogError with ``path:line`` if it or its header is broken.

    ``lang``, when given, must agree with the header's Language.
    """
    shown = display_path or str(path)
    raw = read_bytes(path, display_path=shown)
    if raw is None:
        raise CatalogError("no such catalog; check the path", path=shown)
    return parse_po(raw, lang=lang, display_path=shown)


def parse_po(raw: bytes, *, lang: str | None = None, display_path: str = "<po>") -> polib.POFile:
    """Parse the bytes of a PO file strictly (see ``read_po``)."""
    shown = display_path
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


def plural_forms(lang: str) -> str:
    """The ``Plural-Forms`` header for ``lang``, from Babel's CLDR data."""
    from babel.messages.plurals import get_plural

    plural = get_plural(lang)
    return f"nplurals={plural.num_plurals}; plural={plural.plural_expr};"


def new_catalog(lang: str, slug: str) -> polib.POFile:
    """An empty catalog of the article ``slug`` in ``lang`` with the header localise writes."""
    from . import __version__

    po = polib.POFile(wrapwidth=0)
    po.header = _HEADER_COMMENT.format(slug=slug)
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
        "Plural-Forms": plural_forms(lang),
        "X-Generator": f"localise {__version__}",
    }
    return po


def write_po(
    po: polib.POFile, path: str | Path, *, display_path: str | None = None, expected: bytes | None = ANY
) -> bool:
    """Write ``po`` atomically (temp file + rename). Returns False when the file already says the same.

    With ``expected`` (the bytes the caller read, None for no file), ChangedOnDisk is raised
    instead of writing when the file now holds anything else: a translator's save made
    while the caller worked is never overwritten.
    """
    target = Path(path)
    stamped = po.metadata.get("PO-Revision-Date", "")
    po.metadata["PO-Revision-Date"] = datetime.now(UTC).strftime("%Y-%m-%d %H:%M+0000")
    text = str(po)
    text = text if text.endswith("\n") else text + "\n"
    current = read_bytes(target, display_path=display_path) if expected == ANY else expected
    if current is not None and _body(current.decode("utf-8", "replace")) == _body(text):
        po.metadata["PO-Revision-Date"] = stamped
        if expected == ANY or read_bytes(target, display_path=display_path) == expected:
            return False
        raise ChangedOnDisk(read_bytes(target, display_path=display_path))
    write_text_atomic(target, text, shown=display_path, expected=expected)
    return True


def _body(text: str) -> str:
    return re.sub(r'^"PO-Revision-Date:.*\\n"$', "", text, flags=re.M).strip()
