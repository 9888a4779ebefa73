"""Catalog files on disk: read strictly, check the header, write atomically in gettext's canonical form.

Public: read_po(path, ...), load_po(raw, ...), read_bytes(path), write_po(po, path, width=..., expected=...),
ChangedOnDisk, new_catalog(lang, slug), new_template(slug), plural_forms(lang), base_language(code),
project_id(slug), now_stamp(), DEFAULT_WIDTH.

The syntax (a strict parser, msgcat's exact output) is ``po_syntax``'s; this module adds what
a catalog of localise must hold (UTF-8, a sane Plural-Forms, a Language that agrees with
the folder) and the file handling: a write that finds the file changed since it was read
raises ChangedOnDisk instead of overwriting a translator's save. How entries are merged is
``catalog.py``'s business.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import polib

from localise.catalogs.po_syntax import format_po, parse_po
from localise.errors import CatalogError
from localise.files import ANY, ChangedOnDisk, decode_utf8, write_text_atomic

__all__ = [
    "DEFAULT_WIDTH",
    "ChangedOnDisk",
    "base_language",
    "load_po",
    "new_catalog",
    "new_template",
    "now_stamp",
    "plural_forms",
    "project_id",
    "read_bytes",
    "read_po",
    "write_po",
]

#: msgcat's, msgmerge's and Poedit's line width: a file they save shows no diff.
DEFAULT_WIDTH = 79
_HEADER_COMMENT = "Translations of the article {slug}. Edit msgstr and clear the fuzzy flag to own an entry."


def read_bytes(path: str | Path, *, display_path: str | None = None) -> bytes | None:
    """The file's bytes, None when it does not exist; CatalogError when it cannot be read."""
    try:
        return Path(path).read_bytes()
    except (FileNotFoundError, NotADirectoryError):  # a file where a folder should be: nothing to read
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
    return load_po(raw, lang=lang, display_path=shown)


def load_po(raw: bytes, *, lang: str | None = None, display_path: str = "<po>") -> polib.POFile:
    """Parse the bytes of a PO file strictly (see ``read_po``)."""
    text = decode_utf8(raw, error=CatalogError, path=display_path, what="catalog", fix="re-save it as UTF-8")
    po = parse_po(text, path=display_path)
    _check_header(po, display_path, lang)
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
    if lang and po.metadata.get("Language") and base_language(po.metadata["Language"]) != base_language(lang):
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


def base_language(code: str) -> str:
    """The language of a locale code: "en_GB", "en-GB", "en_GB@euro" -> "en"."""
    return re.split(r"[_\-@.]", code.strip(), maxsplit=1)[0].lower()


def project_id(slug: str) -> str:
    """Project-Id-Version: the article and the localise version that wrote the catalog."""
    from localise import __version__

    return f"{slug} (localise {__version__})"


def new_template(slug: str, *, created: str | None = None) -> polib.POFile:
    """An empty template (POT) of the article ``slug``: the header xgettext would write."""
    pot = polib.POFile(wrapwidth=0)
    pot.header = (
        f"Template of the article {slug}: every sentence to translate. Made by localise; do not edit."
    )
    pot.metadata = {  # xgettext's placeholders where a translator fills in their part
        "Project-Id-Version": project_id(slug),
        "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": created or now_stamp(),
        "PO-Revision-Date": "YEAR-MO-DA HO:MI+ZONE",
        "Last-Translator": "FULL NAME <EMAIL@ADDRESS>",
        "Language-Team": "LANGUAGE <LL@li.org>",
        "Language": "",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
    }
    pot.metadata_is_fuzzy = True
    return pot


def now_stamp() -> str:
    """The time as PO headers write it: "2026-12-01 20:30+0000"."""
    return datetime.now(UTC).strftime("%Y-%m-%d %H:%M+0000")


def new_catalog(lang: str, slug: str) -> polib.POFile:
    """An empty catalog of the article ``slug`` in ``lang`` with the header localise writes."""
    from localise import __version__

    po = polib.POFile(wrapwidth=0)
    po.header = _HEADER_COMMENT.format(slug=slug)
    po.metadata = {
        "Project-Id-Version": project_id(slug),
        "Report-Msgid-Bugs-To": "",
        "PO-Revision-Date": datetime.now(UTC).strftime(
            "%Y-%m-%d %H:%M+0000"
        ),  # msginit's way; then the translator's
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
    po: polib.POFile,
    path: str | Path,
    *,
    width: int = DEFAULT_WIDTH,
    display_path: str | None = None,
    expected: bytes | None = ANY,
) -> bool:
    """Write ``po`` as msgcat would (``width`` <= 0: no wrapping), atomically.

    Returns False when the file already holds exactly these bytes. With ``expected`` (the
    bytes the caller read, None for no file), ChangedOnDisk is raised instead of writing
    when the file now holds anything else: a translator's save is never overwritten.
    """
    text = format_po(po, width=width).encode("utf-8")
    current = read_bytes(path, display_path=display_path) if expected == ANY else expected
    if current == text:
        if expected != ANY and read_bytes(path, display_path=display_path) != expected:
            raise ChangedOnDisk(read_bytes(path, display_path=display_path))
        return False
    write_text_atomic(path, text.decode("utf-8"), shown=display_path, expected=expected)
    return True
