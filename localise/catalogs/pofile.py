"""Catalog files on disk: read with polib, validated by msgfmt, written as the installed msgcat writes them.

Public: CatalogFile, read_catalog(path, ...), load_catalog(raw, ...), read_po(path, ...), load_po(raw, ...),
read_bytes(path), write_po(po, path, width=..., expected=...), format_po(po, width=...), ChangedOnDisk,
new_catalog(lang, slug), new_template(slug), plural_forms(lang), base_language(code), project_id(slug),
now_stamp(), DEFAULT_WIDTH.

GNU gettext is the reference for the format, so localise runs it rather than imitating it:

- Reading: ``msgfmt --check-format`` validates the bytes (its ``file:line:`` error becomes one
  CatalogError naming the file as the user sees it), polib parses them, and this module adds what
  a catalog of localise must hold (UTF-8, a sane Plural-Forms, a Language that agrees with the
  folder). polib reads the file from a temporary copy, not from a string: on a string it splits
  lines at U+2028 and the other Unicode line breaks a msgstr may hold.
- Writing: polib's rendering with no wrapping goes through ``msgcat --width=N`` (``--no-wrap``
  for width 0), so the file is exactly what the installed gettext writes, line breaking
  included; a PO editor built on gettext saves it back unchanged. A write that finds the file
  changed since it was read raises ChangedOnDisk instead of overwriting a translator's save.

Two things gettext writes that polib 1.2 does not read are handled here: an obsolete entry's
previous msgid (``#~|`` lines, which polib skips) is handed to polib spelled ``#|``, and a string
holding an escape polib does not decode (``\\a``, octal, ``\\x``; no gettext tool writes the last
two) is refused with its line rather than read wrong. How entries are merged is ``merge.py``'s
business.
"""

from __future__ import annotations

import copy
import functools
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import polib

from localise.errors import CatalogError, OutputError
from localise.files import ANY, ChangedOnDisk, decode_utf8, write_text_atomic

__all__ = [
    "DEFAULT_WIDTH",
    "CatalogFile",
    "ChangedOnDisk",
    "base_language",
    "format_po",
    "load_catalog",
    "load_po",
    "new_catalog",
    "new_template",
    "now_stamp",
    "plural_forms",
    "project_id",
    "read_bytes",
    "read_catalog",
    "read_po",
    "write_po",
]

#: msgcat's, msgmerge's and Poedit's line width: a file they save shows no diff.
DEFAULT_WIDTH = 79
_HEADER_COMMENT = "Translations of the article {slug}. Edit msgstr and clear the fuzzy flag to own an entry."
_BOM = b"\xef\xbb\xbf"
_INSTALL = "install GNU gettext (Debian/Ubuntu: apt-get install gettext)"
_OBSOLETE_PREVIOUS = re.compile(rb"^([ \t]*)#~\|", re.M)
_KEYWORD = re.compile(r"\s*(?:#~\s*)?(msgid|msgstr)(?:\[(\d+)\])?(?=[\s\"])")
_MSGFMT_LINE = re.compile(r"^(?P<file>.*?):(?P<line>\d+):(?:(?P<column>\d+):)? (?P<message>.*)$")
# An escape msgfmt accepts and polib reads as two characters: BEL, octal and hex escapes.
_UNREADABLE_ESCAPE = re.compile(
    r'^\s*(?:#~\s*)?(?:#\|\s*)?(?:msg\w+(?:\[\d+\])?\s*)?".*?(?<!\\)(?:\\\\)*(\\(?:[0-7]{1,3}|x[0-9A-Fa-f]+|a))',
    re.M,
)
_ANY_SUCH_ESCAPE = re.compile(r"\\[0-7xa]")  # the quick test before the exact one
#: msgfmt's words -> what is wrong in a translator's words, and the fix.
_PLAIN = {
    "missing 'msgstr' section": ("the entry has no msgstr (truncated?)", "restore it from version control"),
    "end-of-file within string": ("unterminated string: the file ends inside it (truncated?)", "restore it"),
    "end-of-line within string": ("unterminated string", "close the quote"),
}


@dataclass(frozen=True, eq=False)
class CatalogFile:
    """A catalog as read: its path as the user sees it, the bytes read and the polib catalog they hold.

    Read once and passed on: the check and the proof pages place what they report with it
    (``msgstr_position``, ``comment_line``) without opening the file again.
    """

    path: str
    raw: bytes
    po: polib.POFile

    @functools.cached_property
    def _lines(self) -> list[str]:
        text = self.raw.decode("utf-8", errors="replace")
        return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")  # as polib counts them

    def msgid_line(self, entry: polib.POEntry) -> int:
        """The 1-based line of ``entry``'s ``msgid`` keyword (polib's ``linenum`` is its first comment)."""
        return self._keyword_line(entry, "msgid")

    def msgstr_line(self, entry: polib.POEntry, form: int | None = None) -> int:
        """The 1-based line of ``entry``'s ``msgstr`` (or ``msgstr[0]``, or of a plural entry's ``form``
        ``msgstr[form]``) keyword, where findings point."""
        return self._keyword_line(entry, "msgstr", form)

    def msgstr_position(self, entry: polib.POEntry, offset: int, form: int | None = None) -> tuple[int, int]:
        """(line, column), both 1-based, of the character at ``offset`` of ``entry``'s msgstr (or of its
        plural ``form``) as written.

        The msgstr may be wrapped over several quoted lines and hold escapes (``\\"``, ``\\n``):
        the column is that of the character as the file writes it.
        """
        lines = self._lines
        msgstr_line = self.msgstr_line(entry, form)
        index = msgstr_line - 1
        remaining = offset
        last = (msgstr_line, 1)
        while 0 <= index < len(lines):
            line = lines[index]
            if index != msgstr_line - 1 and not line.lstrip().removeprefix("#~").lstrip().startswith('"'):
                break
            begin, end = line.find('"'), line.rfind('"')
            if begin == -1 or end <= begin:
                break
            at = begin + 1
            if "\\" not in line[at:end]:  # no escapes: one character of the file per character
                if remaining < end - at:
                    return index + 1, at + remaining + 1
                remaining -= end - at
                at = end
            while at < end:
                if remaining == 0:
                    return index + 1, at + 1
                at += 2 if line[at] == "\\" else 1
                remaining -= 1
            last = (index + 1, end + 1)
            index += 1
        return last

    def comment_line(self, entry: polib.POEntry, comment: str) -> int:
        """The line of ``comment`` among the comments above ``entry``'s msgid (the msgid line if not there)."""
        lines = self._lines
        msgid_line = self.msgid_line(entry)
        index = msgid_line - 2
        while 0 <= index < len(lines) and lines[index].strip():
            if re.sub(r"\s+", " ", lines[index].strip()) == comment:
                return index + 1
            index -= 1
        return msgid_line

    def _keyword_line(self, entry: polib.POEntry, keyword: str, form: int | None = None) -> int:
        start = max(entry.linenum or 1, 1)
        for index in range(start - 1, len(self._lines)):
            found = _KEYWORD.match(self._lines[index])
            if (
                found is not None
                and found.group(1) == keyword
                and (form is None or found.group(2) is None or int(found.group(2)) == form)
            ):
                return index + 1
        return start


def read_bytes(path: str | Path, *, display_path: str | None = None) -> bytes | None:
    """The file's bytes, None when it does not exist; CatalogError when it cannot be read."""
    try:
        return Path(path).read_bytes()
    except (FileNotFoundError, NotADirectoryError):  # a file where a folder should be: nothing to read
        return None
    except OSError as exc:
        raise CatalogError(f"cannot read catalog: {exc.strerror}", path=display_path or str(path)) from exc


def read_catalog(
    path: str | Path, *, lang: str | None = None, display_path: str | None = None
) -> CatalogFile:
    """Read and validate a PO file; CatalogError with ``path:line`` if it or its header is broken.

    ``lang``, when given, must agree with the header's Language.
    """
    shown = display_path or str(path)
    raw = read_bytes(path, display_path=shown)
    if raw is None:
        raise CatalogError("no such catalog; check the path", path=shown)
    return load_catalog(raw, lang=lang, display_path=shown)


def load_catalog(raw: bytes, *, lang: str | None = None, display_path: str = "<po>") -> CatalogFile:
    """Validate and parse the bytes of a PO file (see ``read_catalog``); nothing on disk is touched."""
    text = decode_utf8(raw, error=CatalogError, path=display_path, what="catalog", fix="re-save it as UTF-8")
    msgfmt = _tool("msgfmt", display_path)
    with tempfile.TemporaryDirectory(prefix="localise-po-") as folder:
        copy_path = os.path.join(folder, "catalog.po")
        polib_path = copy_path
        try:
            Path(copy_path).write_bytes(raw.removeprefix(_BOM))  # msgfmt calls a BOM a syntax error
            if b"#~|" in raw:  # an obsolete entry's previous msgid: polib skips "#~|" lines, reads "#|" ones
                polib_path = os.path.join(folder, "polib.po")
                Path(polib_path).write_bytes(_OBSOLETE_PREVIOUS.sub(rb"\1#| ", raw.removeprefix(_BOM)))
        except OSError as exc:  # a full disk under the temporary folder
            raise OutputError(
                f"cannot read this catalog: its copy for msgfmt could not be written ({exc.strerror}); "
                "free some space",
                path=display_path,
            ) from exc
        # msgfmt checks the copy while polib parses it: two processes, one wait.
        with subprocess.Popen(
            [msgfmt, "--check-format", "-o", os.devnull, copy_path],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env={**os.environ, "LC_ALL": "C"},  # msgfmt's messages in English, as they are matched below
        ) as check:
            try:
                po: polib.POFile | None = polib.pofile(polib_path, encoding="utf-8", wrapwidth=0)
                failure = ""
            except (OSError, ValueError) as exc:  # what msgfmt rejects, polib often rejects too
                po, failure = None, str(exc).replace(f" {polib_path} ", " ")
            errors = check.communicate()[1].decode("utf-8", "replace")
        if check.returncode != 0:
            read = CatalogFile(display_path, raw, po if po is not None else polib.POFile())
            raise _msgfmt_error(errors, copy_path, read)
    if po is None:
        where = re.search(r"\(line (\d+)\)", failure)
        raise CatalogError(
            f"polib cannot read this line ({failure}); write it as gettext's tools do, or restore it",
            path=display_path,
            line=int(where.group(1)) if where else None,
        )
    _check_escapes(text, display_path)
    po.fpath = None  # not the temporary copy's: ``po.save()`` needs a path given
    _check_header(po, display_path, lang)
    read = CatalogFile(display_path, raw, po)
    _check_plural_forms(read)
    return read


def read_po(path: str | Path, *, lang: str | None = None, display_path: str | None = None) -> polib.POFile:
    """The polib catalog of ``read_catalog``."""
    return read_catalog(path, lang=lang, display_path=display_path).po


def load_po(raw: bytes, *, lang: str | None = None, display_path: str = "<po>") -> polib.POFile:
    """The polib catalog of ``load_catalog``."""
    return load_catalog(raw, lang=lang, display_path=display_path).po


def _tool(name: str, shown: str | None) -> str:
    found = shutil.which(name)
    if found is None:
        raise CatalogError(f"GNU gettext's {name} is not on PATH; {_INSTALL}", path=shown)
    return found


def _msgfmt_error(errors: str, copy_path: str, read: CatalogFile) -> CatalogError:
    """msgfmt's first ``file:line:`` error as one CatalogError at that line of the catalog ``read``."""
    shown = read.path
    found = [m for m in map(_MSGFMT_LINE.match, errors.splitlines()) if m and m["file"] == copy_path]
    if not found:
        other = next((line for line in errors.splitlines() if line.strip()), "msgfmt failed")
        return CatalogError(f"{other.replace(copy_path, shown)}; {_INSTALL} if it is missing", path=shown)
    line, column = int(found[0]["line"]), int(found[0]["column"] or 0)
    said = found[0]["message"].rstrip(".") + (f" at column {column}" if column else "")
    if said.startswith("end-of-line within string"):
        line -= 1  # msgfmt counts the newline that ended the string: the string is on the line before
    if said.startswith("duplicate message definition"):
        twin = _entry_at(read, line)
        first = _entry_at(read, int(found[1]["line"])) if len(found) > 1 else None
        what = f'duplicate entry "{twin.msgid}"' if twin is not None else "duplicate entry"
        if first is not None:  # msgfmt names the first one's msgstr line; the msgid's is the one to show
            what += f", first defined at line {read.msgid_line(first)}"
        return CatalogError(f"{what} (msgfmt: {said}); keep one of the two", path=shown, line=line)
    if said.startswith("invalid control sequence") and column > 1:
        escape = read._lines[line - 1][column - 2 : column]
        return CatalogError(
            f'invalid escape sequence "{escape}" (msgfmt: {said}); write the character itself or "\\\\"',
            path=shown,
            line=line,
        )
    entry = _entry_at(read, line)
    flags: list[str] = entry.flags if entry is not None else []
    both = [f for f in flags if f.endswith("-format") and f"no-{f}" in flags]
    if both:  # Babel's write_po adds python-format to any msgid with "% " in it (python-babel#1268)
        return CatalogError(
            f'the entry is flagged both "no-{both[0]}" and "{both[0]}" (msgfmt: {said}); remove "{both[0]}"',
            path=shown,
            line=line,
        )
    plain, fix = next(
        (words for start, words in _PLAIN.items() if said.startswith(start)),
        ("", "fix it in a PO editor or restore it from version control"),
    )
    message = f"{plain} (msgfmt: {said})" if plain else f"{said} (msgfmt)"
    return CatalogError(f"{message}; {fix}", path=shown, line=line)


def _entry_at(read: CatalogFile, line: int) -> polib.POEntry | None:
    """The entry whose lines hold ``line`` (the last one whose msgid is at or above it)."""
    above = [e for e in read.po if read.msgid_line(e) <= line]
    return max(above, key=read.msgid_line, default=None)


def _check_escapes(text: str, shown: str) -> None:
    if _ANY_SUCH_ESCAPE.search(text) is None:  # the common case, decided in one quick scan
        return
    found = _UNREADABLE_ESCAPE.search(text)
    if found is not None:
        raise CatalogError(
            f'the escape "{found.group(1)}" is valid gettext but polib, which reads the catalogs, '
            "does not decode it; write the character itself",
            path=shown,
            line=text.count("\n", 0, found.start(1)) + 1,
        )


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


def _check_plural_forms(read: CatalogFile) -> None:
    """CatalogError at a plural entry's ``msgstr[n]`` beyond the header's nplurals (``msgfmt -c`` refuses
    it too; a write would keep a form no program reads, and a merge could not tell which to drop)."""
    found = re.search(r"nplurals\s*=\s*(\d+)", read.po.metadata.get("Plural-Forms", ""))
    if found is None:
        return
    count = int(found.group(1))
    for entry in read.po:
        extra = [n for n in entry.msgstr_plural if int(n) >= count]
        if extra:
            form = int(max(extra))
            raise CatalogError(
                f"msgstr[{form}], but the header's Plural-Forms says nplurals={count}; remove the extra "
                "form or fix Plural-Forms",
                path=read.path,
                line=read.msgstr_line(entry, form),
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
        "PO-Revision-Date": now_stamp(),  # msginit's way; then the translator's
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


def format_po(po: polib.POFile, *, width: int = DEFAULT_WIDTH) -> bytes:
    """The bytes the installed ``msgcat --width=width`` (``--no-wrap`` when ``width`` <= 0) writes for ``po``."""
    flat = copy.copy(po)  # polib's rendering without wrapping; the caller's catalog keeps its own width
    flat.wrapwidth = 0
    return _msgcat(str(flat), width)


@functools.lru_cache(maxsize=32)
def _msgcat(text: str, width: int) -> bytes:
    """msgcat's rewrite of ``text``, remembered: the same catalog formatted twice costs one process."""
    wrap = "--no-wrap" if width <= 0 else f"--width={width}"
    done = subprocess.run(  # --force-po: a catalog with nothing but its header is written too
        [_tool("msgcat", None), "--force-po", wrap, "-"],
        input=text.encode("utf-8"),
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        problem = next((line for line in done.stderr.decode("utf-8", "replace").splitlines() if line), "")
        raise CatalogError(f"msgcat cannot write this catalog ({problem}); report it as a bug")
    return done.stdout


def write_po(
    po: polib.POFile,
    path: str | Path,
    *,
    width: int = DEFAULT_WIDTH,
    display_path: str | None = None,
    expected: bytes | None = ANY,
    formatted: bytes | None = None,
) -> bool:
    """Write ``po`` as msgcat does (``format_po``; ``formatted`` when the caller has it already), atomically.

    Returns False when the file already holds exactly these bytes. With ``expected`` (the
    bytes the caller read, None for no file), ChangedOnDisk is raised instead of writing
    when the file now holds anything else: a translator's save is never overwritten.
    """
    shown = display_path or str(path)
    try:
        text = formatted if formatted is not None else format_po(po, width=width)
    except CatalogError as exc:  # the file it was meant for
        raise CatalogError(exc.message, path=shown) from exc
    if text == (read_bytes(path, display_path=shown) if expected == ANY else expected):
        return False  # nothing to write (a save since then is theirs, and stays)
    write_text_atomic(path, text.decode("utf-8"), shown=shown, expected=expected)
    return True
