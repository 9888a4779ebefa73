"""PO syntax: text read strictly, and written exactly as GNU gettext 0.21's msgcat writes it.

Public: parse_po(text, *, path), format_po(po, *, width).

Files, headers and localise's own rules are ``po.py``'s business; this module knows only the
format, so that what localise writes is what every gettext tool writes.

- ``parse_po`` is a line-oriented state machine that builds polib ``POFile``/``POEntry`` objects.
  It accepts everything gettext writes and rejects, with ``CatalogError(path=, line=)``, what
  msgfmt rejects and polib lets through: duplicate entries (live or obsolete, both lines named),
  invalid escapes such as ``\\q``, unterminated strings, a msgid without msgstr, unknown keywords,
  a truncated file. Every entry carries ``linenum`` (the line of its ``msgid`` keyword) and
  ``msgstr_line`` (the line of its ``msgstr`` or ``msgstr[0]`` keyword, where findings are
  reported).
- ``format_po`` returns the bytes ``msgcat --width=N`` writes for the same catalog, Unicode line
  breaking included (libunistring's UAX #14 tables, in ``localise.catalogs._po_tables``); ``width <= 0``
  is ``msgcat --no-wrap``.

Deliberate differences from the tools, each because a file in the wild needs it:

- A UTF-8 byte order mark is accepted and dropped (msgcat 0.21 calls it a syntax error).
- CRLF line ends are accepted and written back as LF (msgcat keeps the CR inside comments).
- A keyword's first string must be on the keyword's line, and comments may not stand between an
  entry's msgid and msgstr; a line may not end with a backslash (gettext joins the next line
  onto it). gettext's lexer allows all three; no tool writes them.
- Comments after the last entry are an error (msgcat drops them silently; a file cut short
  after an entry's comments looks the same).
- A catalog with nothing but a header is written (plain msgcat writes nothing; ``--force`` does).
- File names with spaces in ``#:`` lines are read whole when wrapped in U+2068/U+2069 isolates
  (gettext 0.22+ writes them so); 0.21, which this module matches, writes them bare.

What the polib model cannot hold, ``format_po`` cannot write: the header becomes
``Key: value`` lines of ``po.metadata`` in insertion order (split as polib splits it) under the
``po.header`` comment, with ``#, fuzzy`` from ``po.metadata_is_fuzzy`` (any other comment on the
header entry is lost); an entry whose only comment is a bare ``#`` or ``#.`` loses it. Like msgcat, ``format_po`` drops flags gettext
does not know (only fuzzy, ``*-format``, ``range:`` and ``no-wrap`` survive), drops ``fuzzy``
from an entry with an empty msgstr and obsolete entries with an empty msgstr, puts obsolete
entries last and removes duplicate references. Breaks are kept out of format directives for
``c-format``, ``objc-format`` and ``python-format`` entries (the languages this project could
meet); other languages' directives are wrapped as plain text.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable

import polib

from localise.catalogs import _po_tables
from localise.errors import CatalogError

__all__ = ["format_po", "parse_po"]

_DEFAULT_WIDTH = 79  # msgcat's page width; --no-wrap keeps it for #: lines
_MIN_WIDTH = 20  # msgcat raises smaller --width values to this
_INT_MAX = 2**31 - 1


# ---------------------------------------------------------------------------------------------
# Reading


_KEYWORD = re.compile(r"(msgctxt|msgid_plural|msgid|msgstr)(?:[ \t]*\[[ \t]*([0-9]+)[ \t]*\])?(?=[ \t\"]|$)")
_WORD = re.compile(r"[A-Za-z_$][A-Za-z0-9_$]*")
_ONE_STRING = re.compile(r'[ \t]*"([^"\\]*(?:\\.[^"\\]*)*)"[ \t]*')
_STRING_START = re.compile(r'[ \t]*"([^"\\]*(?:\\.[^"\\]*)*)(")?')
_BACKSLASH_AT_END = re.compile(r"\\\r?$", re.M)
_ESCAPE = re.compile(r'\\(?:([ntbrfva\\"])|([0-7]{1,3})|x([0-9A-Fa-f]+)|(.?))', re.S)
_SIMPLE_ESCAPES = {
    "n": "\n",
    "t": "\t",
    "b": "\b",
    "r": "\r",
    "f": "\f",
    "v": "\v",
    "a": "\a",
    "\\": "\\",
    '"': '"',
}
_DIGITS = re.compile(r"[0-9]+")
_FLAG_SEPARATORS = re.compile(r"[\n \t\r\f\v,]+")

# States of the entry being read: what a string continuation line adds to.
_NONE, _PREV_CTXT, _PREV_ID, _PREV_PLURAL, _CTXT, _ID, _PLURAL, _STR, _STR_N = range(9)
_COMMON_KEYWORD = re.compile(r'(msgctxt|msgid|msgstr) "([^"\\]*(?:\\.[^"\\]*)*)"')
# The common transitions the main loop takes itself (the others go through keyword()).
_NEXT_STATE = {
    _NONE: {"msgctxt": _CTXT, "msgid": _ID},
    _PREV_ID: {"msgctxt": _CTXT, "msgid": _ID},
    _PREV_PLURAL: {"msgctxt": _CTXT, "msgid": _ID},
    _CTXT: {"msgid": _ID},
    _ID: {"msgstr": _STR},
    _STR: {"msgctxt": _CTXT, "msgid": _ID},
    _STR_N: {"msgctxt": _CTXT, "msgid": _ID},
}
_BEFORE_MSGSTR = {_PREV_CTXT, _PREV_ID, _PREV_PLURAL, _CTXT, _ID, _PLURAL}
_PREV_FIELDS = {"msgctxt": _PREV_CTXT, "msgid": _PREV_ID, "msgid_plural": _PREV_PLURAL}


def _unescape(body: str, path: str, line: int) -> str:
    """The value of a PO string's ``body`` (between the quotes), checked as gettext's lexer does."""
    if "\\" not in body:
        value = body
    else:
        has_bytes = False

        def replace(m: re.Match[str]) -> str:
            nonlocal has_bytes
            simple, octal, hexa, bad = m.groups()
            if simple is not None:
                return _SIMPLE_ESCAPES[simple]
            if bad is not None:
                shown = "\\" + bad if bad else "\\ at the end of the string"
                raise CatalogError(
                    f'invalid escape sequence "{shown}" in a string (msgfmt rejects it); '
                    'write "\\\\" for a backslash',
                    path=path,
                    line=line,
                )
            byte = (int(octal, 8) if octal is not None else int(hexa, 16)) % 256
            if byte < 0x80:
                return chr(byte)
            has_bytes = True
            # \ooo and \xhh are bytes, as in C: kept as surrogates until the UTF-8 is decoded below.
            return chr(0xDC00 + byte)

        value = _ESCAPE.sub(replace, body)
        if has_bytes:
            try:
                value = value.encode("utf-8", "surrogateescape").decode("utf-8")
            except UnicodeDecodeError as exc:
                raise CatalogError(
                    "octal or hex escapes in a string do not spell UTF-8; write the characters themselves",
                    path=path,
                    line=line,
                ) from exc
        if "\x00" in value or "\x04" in value:
            raise CatalogError(
                "a string holds a NUL or the context separator EOT (\\004), which a .mo file cannot; remove it",
                path=path,
                line=line,
            )
    return value


def _strings(rest: str, path: str, line: int) -> str:
    """The concatenated values of the quoted string(s) that make up ``rest`` of a line."""
    m = _ONE_STRING.fullmatch(rest)
    if m is not None:
        return _unescape(m.group(1), path, line)
    parts: list[str] = []
    pos = 0
    while True:
        m = _STRING_START.match(rest, pos)
        if m is None:
            if rest[pos:].strip(" \t") == "" and parts:
                return "".join(parts)
            found = rest[pos:].strip()
            what = f"unexpected {found[:30]!r}" if found else "nothing"
            raise CatalogError(
                f'expected a "quoted string", found {what}; fix the line in a PO editor',
                path=path,
                line=line,
            )
        if m.group(2) is None:
            raise CatalogError(
                'unterminated string (no closing "); close it on the same line, escaping inner quotes as \\"',
                path=path,
                line=line,
            )
        parts.append(_unescape(m.group(1), path, line))
        pos = m.end()


def _references(text: str) -> list[tuple[str, int | None]]:
    """``#:`` text as gettext 0.21 reads it (po_parse_comment_filepos), plus U+2068/U+2069 isolates."""
    tokens = text.split()
    found: list[tuple[str, int | None]] = []
    i, n = 0, len(tokens)
    while i < n:
        token = tokens[i]
        i += 1
        if token.startswith("\u2068"):
            # gettext 0.22+: a file name with spaces, isolated; the line number follows U+2069.
            parts = [token[1:]]
            while "\u2069" not in parts[-1] and i < n:
                parts.append(tokens[i])
                i += 1
            name, _, after = " ".join(parts).partition("\u2069")
            number = after[1:] if after.startswith(":") else ""
            found.append((name, int(number) if _DIGITS.fullmatch(number) else None))
            continue
        # "file : 12", "file :12", "file: 12" and "file:12", as gettext accepts them.
        if i < n and tokens[i].startswith(":"):
            after = tokens[i][1:]
            if after == "" and i + 1 < n and _DIGITS.fullmatch(tokens[i + 1]):
                found.append((token, int(tokens[i + 1])))
                i += 2
                continue
            if _DIGITS.fullmatch(after):
                found.append((token, int(after)))
                i += 1
                continue
        if token.endswith(":") and i < n and _DIGITS.fullmatch(tokens[i]):
            found.append((token[:-1], int(tokens[i])))
            i += 1
            continue
        name, _, number = token.rpartition(":")
        if name and number.isdigit() and number.isascii():
            found.append((name, int(number)))
        else:
            found.append((token, None))
    return found


def _flag_tokens(text: str) -> list[str]:
    """``#,`` text split as gettext splits it, with ``range:`` kept with its value."""
    tokens = [t for t in _FLAG_SEPARATORS.split(text) if t]
    flags: list[str] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token == "range:" and i + 1 < len(tokens):
            flags.append(f"range: {tokens[i + 1]}")
            i += 2
            continue
        flags.append(token)
        i += 1
    return flags


def _one_space_off(text: str) -> str:
    return text[1:] if text.startswith(" ") else text


def _shorten(text: str) -> str:
    return text if len(text) <= 40 else text[:37] + "..."


class _Entry:
    """The entry being read, before it becomes a polib.POEntry."""

    __slots__ = (
        "comment_line",
        "extracted",
        "flags",
        "msgctxt",
        "msgid",
        "msgid_line",
        "msgid_plural",
        "msgstr",
        "msgstr_line",
        "msgstr_plural",
        "obsolete",
        "occurrences",
        "prev_ctxt",
        "prev_id",
        "prev_plural",
        "tcomments",
    )

    def __init__(self) -> None:
        self.comment_line = 0
        self.tcomments: list[str] = []
        self.extracted: list[str] = []
        self.occurrences: list[tuple[str, str]] = []
        self.flags: list[str] = []
        self.prev_ctxt: str | None = None
        self.prev_id: str | None = None
        self.prev_plural: str | None = None
        self.msgctxt: str | None = None
        self.msgid: str | None = None
        self.msgid_line = 0
        self.msgid_plural: str | None = None
        self.msgstr: str | None = None
        self.msgstr_line = 0
        self.msgstr_plural: dict[int, str] = {}
        self.obsolete: bool | None = None  # set by the first keyword line


def parse_po(text: str, *, path: str = "<po>") -> polib.POFile:
    """The catalog in ``text``; ``CatalogError`` naming ``path`` and the line if it is not valid PO."""
    if text.startswith("\ufeff"):
        text = text[1:]
    joined = _BACKSLASH_AT_END.search(text)
    if joined is not None:
        raise CatalogError(
            "line ends with a backslash, which gettext reads as joining the next line onto this one; "
            "remove it or, inside a string, write \\\\",
            path=path,
            line=text.count("\n", 0, joined.start()) + 1,
        )
    for control, name in (("\x00", "a NUL character"), ("\x04", "an EOT character (the context separator)")):
        if control in text:
            raise CatalogError(
                f"the file holds {name}, which no catalog may hold; remove it",
                path=path,
                line=text.count("\n", 0, text.index(control)) + 1,
            )
    if "\r" in text:
        text = text.replace("\r\n", "\n")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()

    po = polib.POFile(wrapwidth=_DEFAULT_WIDTH, encoding="utf-8")
    seen: dict[tuple[str | None, str], int] = {}
    entry = _Entry()
    state = _NONE

    def finish() -> None:
        nonlocal entry, state
        e = entry
        entry, state = _Entry(), _NONE
        assert e.msgid is not None
        if e.msgid_plural == "":
            raise CatalogError(
                "empty msgid_plural (polib cannot keep it); give the plural form its source text",
                path=path,
                line=e.msgid_line,
            )
        key = (e.msgctxt, e.msgid)
        if key in seen:
            context = f" in msgctxt {_shorten(e.msgctxt)!r}" if e.msgctxt is not None else ""
            raise CatalogError(
                f"duplicate message definition of msgid {_shorten(e.msgid)!r}{context}, "
                f"first defined at line {seen[key]}; keep one of the two entries (msguniq merges them)",
                path=path,
                line=e.msgid_line,
            )
        seen[key] = e.msgid_line
        if e.msgid == "" and e.msgctxt is None and not e.obsolete:
            _set_header(po, e)
            return
        # polib.POEntry's own attributes, set directly: its keyword __init__ is a third of the parse time.
        new = polib.POEntry.__new__(polib.POEntry)
        new.__dict__.update(
            msgid=e.msgid,
            msgstr=e.msgstr or "",
            msgid_plural=e.msgid_plural or "",
            msgstr_plural=e.msgstr_plural,
            msgctxt=e.msgctxt,
            obsolete=bool(e.obsolete),
            encoding="utf-8",
            comment="\n".join(e.extracted),
            tcomment="\n".join(e.tcomments),
            occurrences=e.occurrences,
            flags=e.flags,
            previous_msgctxt=e.prev_ctxt,
            previous_msgid=e.prev_id,
            previous_msgid_plural=e.prev_plural,
            linenum=e.msgid_line,
            msgstr_line=e.msgstr_line,
        )
        list.append(po, new)  # POFile.append would search for duplicates again

    def check_obsolete(obsolete: bool, lineno: int) -> None:
        if entry.obsolete is None:
            entry.obsolete = obsolete
        elif entry.obsolete != obsolete:
            raise CatalogError(
                "entry mixes obsolete (#~) and live lines; prefix all its keyword and string lines "
                "with #~ or none",
                path=path,
                line=lineno,
            )

    def comment(line: str, lineno: int) -> None:
        """A ``#`` line that is not ``#~`` or ``#|``: translator, extracted, reference or flags."""
        if state in _BEFORE_MSGSTR:
            raise CatalogError(
                "comment inside an entry, before its msgstr; move it above the entry's msgid",
                path=path,
                line=lineno,
            )
        if state != _NONE:
            finish()
        if not entry.comment_line:
            entry.comment_line = lineno
        kind = line[1:2]
        if kind == ".":
            entry.extracted.append(_one_space_off(line[2:]))
        elif kind == ":":
            for name, number in _references(line[2:]):
                ref = (name, "" if number is None else str(number))
                if ref not in entry.occurrences:
                    entry.occurrences.append(ref)
        elif kind in (",", "!"):
            for flag in _flag_tokens(line[2:]):
                if flag not in entry.flags:
                    entry.flags.append(flag)
        else:
            entry.tcomments.append(_one_space_off(line[1:]))

    def previous(rest: str, lineno: int, obsolete: bool) -> None:
        """A ``#|`` (or ``#~|``) line: msgmerge's previous msgctxt, msgid or msgid_plural."""
        nonlocal state
        rest = rest.lstrip(" \t")
        if rest.startswith('"'):
            if state not in (_PREV_CTXT, _PREV_ID, _PREV_PLURAL):
                raise CatalogError(
                    "#| string continues no #| msgctxt, msgid or msgid_plural; fix the line",
                    path=path,
                    line=lineno,
                )
            check_obsolete(obsolete, lineno)
            value = _strings(rest, path, lineno)
            if state == _PREV_CTXT:
                entry.prev_ctxt = (entry.prev_ctxt or "") + value
            elif state == _PREV_ID:
                entry.prev_id = (entry.prev_id or "") + value
            else:
                entry.prev_plural = (entry.prev_plural or "") + value
            return
        m = _WORD.match(rest)
        word = m.group(0) if m else rest[:20]
        field = _PREV_FIELDS.get(word)
        if field is None:
            raise CatalogError(
                f"unknown keyword {word!r} after #|; expected msgctxt, msgid or msgid_plural",
                path=path,
                line=lineno,
            )
        if state in (_CTXT, _ID, _PLURAL):
            raise CatalogError(
                "#| line inside an entry, after its msgid; move it above the msgctxt/msgid",
                path=path,
                line=lineno,
            )
        if state in (_STR, _STR_N):
            finish()
        allowed = {
            _PREV_CTXT: (_NONE,),
            _PREV_ID: (_NONE, _PREV_CTXT),
            _PREV_PLURAL: (_PREV_ID,),
        }[field]
        if state not in allowed:
            raise CatalogError(
                f"#| {word} out of order; the order is #| msgctxt, #| msgid, #| msgid_plural",
                path=path,
                line=lineno,
            )
        check_obsolete(obsolete, lineno)
        value = _strings(rest[len(word) :], path, lineno)
        if field == _PREV_CTXT:
            entry.prev_ctxt = value
        elif field == _PREV_ID:
            entry.prev_id = value
        else:
            entry.prev_plural = value
        state = field

    def keyword(rest: str, lineno: int, obsolete: bool) -> None:
        nonlocal state
        m = _KEYWORD.match(rest)
        if m is None:
            w = _WORD.match(rest)
            word = w.group(0) if w else rest.split(maxsplit=1)[0][:20]
            raise CatalogError(
                f"unknown keyword {word!r}; expected msgctxt, msgid, msgid_plural or msgstr",
                path=path,
                line=lineno,
            )
        word, index = m.groups()
        value_text = rest[m.end() :]
        if word == "msgstr" and index is None:
            if state == _PLURAL:
                raise CatalogError(
                    "entry has a msgid_plural but a plain msgstr; write msgstr[0], msgstr[1], ...",
                    path=path,
                    line=lineno,
                )
            if state not in (_ID,):
                raise CatalogError(
                    "msgstr without a msgid before it; restore the entry's msgid",
                    path=path,
                    line=lineno,
                )
            check_obsolete(obsolete, lineno)
            entry.msgstr = _strings(value_text, path, lineno)
            entry.msgstr_line = lineno
            state = _STR
            return
        if word == "msgstr":
            n = int(index)
            if state == _ID:
                raise CatalogError(
                    f"msgstr[{n}] without a msgid_plural; add the msgid_plural or write a plain msgstr",
                    path=path,
                    line=lineno,
                )
            if state not in (_PLURAL, _STR_N):
                raise CatalogError(
                    f"msgstr[{n}] without a msgid before it; restore the entry's msgid",
                    path=path,
                    line=lineno,
                )
            expected = len(entry.msgstr_plural)
            if n != expected:
                raise CatalogError(
                    f"plural form msgstr[{n}] where msgstr[{expected}] belongs; number the forms 0, 1, 2, ...",
                    path=path,
                    line=lineno,
                )
            check_obsolete(obsolete, lineno)
            entry.msgstr_plural[n] = _strings(value_text, path, lineno)
            if n == 0:
                entry.msgstr_line = lineno
            state = _STR_N
            return
        if word == "msgid_plural":
            if state != _ID:
                raise CatalogError(
                    "msgid_plural without a msgid just before it; restore the entry's msgid",
                    path=path,
                    line=lineno,
                )
            check_obsolete(obsolete, lineno)
            entry.msgid_plural = _strings(value_text, path, lineno)
            state = _PLURAL
            return
        # msgctxt or msgid: the start of an entry, unless #| lines or a msgctxt began it.
        if state in (_STR, _STR_N):
            finish()
        elif state == _PREV_CTXT:
            raise CatalogError(
                "#| msgctxt without a #| msgid after it; add the previous msgid or delete the line",
                path=path,
                line=lineno - 1,
            )
        elif state in (_ID, _PLURAL):
            raise CatalogError(
                f'msgid at line {entry.msgid_line} has no msgstr; add msgstr "" after it',
                path=path,
                line=entry.msgid_line,
            )
        elif state == _CTXT and word == "msgctxt":
            raise CatalogError("two msgctxt lines in a row; an entry has one msgctxt", path=path, line=lineno)
        check_obsolete(obsolete, lineno)
        value = _strings(value_text, path, lineno)
        if word == "msgctxt":
            entry.msgctxt = value
            state = _CTXT
        else:
            entry.msgid = value
            entry.msgid_line = lineno
            state = _ID

    def continuation(rest: str, lineno: int, obsolete: bool) -> None:
        if state == _NONE or state in (_PREV_CTXT, _PREV_ID, _PREV_PLURAL):
            raise CatalogError(
                "string line continues no msgctxt, msgid or msgstr; join it to its keyword's line",
                path=path,
                line=lineno,
            )
        check_obsolete(obsolete, lineno)
        value = _strings(rest, path, lineno)
        if state == _ID:
            entry.msgid = (entry.msgid or "") + value
        elif state == _STR:
            entry.msgstr = (entry.msgstr or "") + value
        elif state == _STR_N:
            last = len(entry.msgstr_plural) - 1
            entry.msgstr_plural[last] += value
        elif state == _CTXT:
            entry.msgctxt = (entry.msgctxt or "") + value
        else:
            entry.msgid_plural = (entry.msgid_plural or "") + value

    # The loop handles the lines gettext writes most (live strings, continuations, comments) inline;
    # the helpers above handle every other form and every error.
    for lineno, line in enumerate(lines, start=1):
        first = line[:1]
        if first in (" ", "\t"):
            line = line.lstrip(" \t")
            first = line[:1]
        if first == '"':
            if state >= _CTXT and entry.obsolete is False and (m := _ONE_STRING.fullmatch(line)):
                value = m.group(1)
                if "\\" in value:
                    value = _unescape(value, path, lineno)
                if state == _STR:
                    entry.msgstr += value  # type: ignore[operator]
                elif state == _ID:
                    entry.msgid += value  # type: ignore[operator]
                else:
                    continuation(line, lineno, False)
                continue
            continuation(line, lineno, False)
        elif first == "m":
            m = _COMMON_KEYWORD.fullmatch(line)
            if m is not None and state in _NEXT_STATE:
                word, value = m.groups()
                new_state = _NEXT_STATE[state].get(word)
                if new_state is not None:
                    if "\\" in value:
                        value = _unescape(value, path, lineno)
                    if state >= _STR:
                        finish()
                    if entry.obsolete is None:
                        entry.obsolete = False
                    if entry.obsolete is False:
                        if new_state == _STR:
                            entry.msgstr = value
                            entry.msgstr_line = lineno
                        elif new_state == _ID:
                            entry.msgid = value
                            entry.msgid_line = lineno
                        else:
                            entry.msgctxt = value
                        state = new_state
                        continue
            keyword(line, lineno, False)
        elif first == "#":
            second = line[1:2]
            if second == "~":
                rest = line[2:]
                if rest.startswith("|"):
                    previous(rest[1:], lineno, True)
                    continue
                rest = rest.lstrip(" \t")
                head = rest[:1]
                if head == "":
                    continue
                if head == "#":
                    if rest[1:2] == "|":
                        previous(rest[2:], lineno, True)
                    else:
                        comment(rest, lineno)
                elif head == '"':
                    continuation(rest, lineno, True)
                else:
                    keyword(rest, lineno, True)
            elif second == "|":
                previous(line[2:], lineno, False)
            elif state in _BEFORE_MSGSTR:
                comment(line, lineno)  # raises
            else:
                if state != _NONE:
                    finish()
                if not entry.comment_line:
                    entry.comment_line = lineno
                if second == ".":
                    entry.extracted.append(line[3:] if line[2:3] == " " else line[2:])
                elif second == " ":
                    entry.tcomments.append(line[2:])
                else:
                    comment(line, lineno)
        elif first == "":
            continue
        else:
            keyword(line, lineno, False)

    if state in (_STR, _STR_N):
        finish()
    elif state in (_ID, _PLURAL):
        raise CatalogError(
            "file ends before this msgid's msgstr (truncated?); restore the file from version control",
            path=path,
            line=entry.msgid_line,
        )
    elif state != _NONE:
        raise CatalogError(
            "file ends inside an entry, before its msgid (truncated?); restore the file from version control",
            path=path,
            line=len(lines),
        )
    elif entry.comment_line:
        raise CatalogError(
            "file ends with comments that belong to no entry (truncated?); restore the file or delete them",
            path=path,
            line=entry.comment_line,
        )
    return po


def _set_header(po: polib.POFile, e: _Entry) -> None:
    """The header entry becomes polib's ``header``, ``metadata`` and ``metadata_is_fuzzy``."""
    po.header = "\n".join(e.tcomments)
    po.metadata_is_fuzzy = "fuzzy" in e.flags
    key = None
    # Split as polib does, so code written against polib.pofile sees the same dict.
    for line in (e.msgstr or "").split("\n"):
        if not line:
            continue
        name, colon, value = line.partition(":")
        if colon:
            key = name
            po.metadata[key] = value.strip()
        elif key is not None:
            po.metadata[key] += "\n" + line.strip()


# ---------------------------------------------------------------------------------------------
# Writing


_ESCAPES = str.maketrans(
    {
        "\a": "\\a",
        "\b": "\\b",
        "\f": "\\f",
        "\n": "\\n",
        "\r": "\\r",
        "\t": "\\t",
        "\v": "\\v",
        '"': '\\"',
        "\\": "\\\\",
    }
)

_NEEDS_ESCAPE = re.compile('[\a\b\f\n\r\t\v"\\\\]')

# UAX #14 classes as libunistring numbers them (lbrktables.h).
_BK, _CR, _LF, _CM, _ZW, _SP = 33, 34, 35, 36, 37, 38
_AL, _HL, _HY, _BA, _RI, _ZWJ = 20, 28, 5, 3, 29, 30
_HL_BA = 100
_POSSIBLE, _PROHIBITED, _MANDATORY = 1, 2, 3

_TABLE: bytearray | None = None  # code point -> class * 4 + width + 1
_PAIRS: bytes = b""


def _tables() -> tuple[bytearray, bytes]:
    """Expand the run-length tables once (about a millisecond, 1.1 MB)."""
    global _TABLE, _PAIRS
    if _TABLE is None:
        table = bytearray(0x110000)
        runs = [token.split(":") for token in _po_tables.RUNS.split()]
        starts = [int(start, 16) for start, _ in runs] + [0x110000]
        for i, (_, value) in enumerate(runs):
            table[starts[i] : starts[i + 1]] = bytes([int(value, 16)]) * (starts[i + 1] - starts[i])
        _PAIRS = bytes(int(d) for d in "".join(_po_tables.PAIRS.split()))
        _TABLE = table
    return _TABLE, _PAIRS


_Event = tuple[int, int, bool]  # (index, columns before it, mandatory break)


def _possible(text: str, last_prop: int, prev_prop: int, seen_space: bool) -> tuple[list[_Event], int, int]:
    """libunistring's u8_possible_linebreaks over ``text``, from the given state.

    Returns the break opportunities (with the columns of the text before each), the columns of
    the whole text (uc_width; controls count 0) and the class of its last non-space character.
    The second character of an escape sequence is never an opportunity (write-po.c's overrides).
    """
    table, pairs = _tables()
    events: list[_Event] = []
    ri_count = 0
    columns = 0
    in_escape = False
    for i, ch in enumerate(text):
        value = table[ord(ch)]
        prop = value >> 2
        if _BK <= prop <= _LF:
            p = _MANDATORY
            prev_prop = prop
            last_prop = _BK
            seen_space = False
        else:
            if prop == _SP:
                p = _PROHIBITED
                seen_space = True
            elif prop == _ZW:
                p = _PROHIBITED
                last_prop = _ZW
                seen_space = False
            elif prop in (_CM, _ZWJ):
                if last_prop == _BK:
                    p = _PROHIBITED
                    last_prop = _AL
                    seen_space = False
                elif last_prop == _ZW or seen_space:
                    p = _POSSIBLE
                    last_prop = _AL
                    seen_space = False
                else:
                    p = _PROHIBITED
            else:
                if last_prop == _BK:
                    p = _PROHIBITED
                elif last_prop == _ZW:
                    p = _POSSIBLE
                elif prev_prop == _ZWJ:
                    p = _PROHIBITED
                elif last_prop == _RI and prop == _RI:
                    p = _POSSIBLE if seen_space or ri_count % 2 == 0 else _PROHIBITED
                elif prev_prop == _HL_BA:
                    p = _PROHIBITED
                else:
                    kind = pairs[last_prop * 33 + prop]  # 1 direct, 2 indirect (after spaces only)
                    p = _POSSIBLE if kind == 1 or (kind == 2 and seen_space) else _PROHIBITED
                last_prop = prop
                seen_space = False
            prev_prop = _HL_BA if prev_prop == _HL and prop in (_HY, _BA) else prop
        ri_count = ri_count + 1 if prop == _RI else 0
        if in_escape:
            p = _PROHIBITED
            in_escape = False
        elif ch == "\\":
            in_escape = True
        if p == _MANDATORY:
            events.append((i, columns, True))
            continue  # a mandatory break character takes no columns
        if p == _POSSIBLE:
            events.append((i, columns, False))
        width = (value & 3) - 1
        if width > 0:
            columns += width
    return events, columns, last_prop


# word, class before it -> (opportunities inside it as (index, columns before), its columns,
# class of its last character, 1 if its only opportunity is at its start)
_WORD_CACHE: dict[tuple[str, int], tuple[tuple[tuple[int, int], ...], int, int, bool]] = {}
_MANDATORY_CHARS: re.Pattern[str] | None = None


def _word(word: str, last_prop: int, after_space: bool) -> tuple[tuple[tuple[int, int], ...], int, int, bool]:
    # After a space: seen_space, and the space is the previous character.
    events, columns, last = _possible(word, last_prop, _SP if after_space else _BK, after_space)
    inside = tuple((i, c) for i, c, _ in events)
    result = (inside, columns, last, inside == ((0, 0),))
    _WORD_CACHE[(word, last_prop)] = result
    return result


def _opportunities(text: str) -> tuple[list[_Event], int]:
    """Break opportunities of a whole escaped string and its columns, word by word.

    The state of the line breaker after a space depends only on the class of the last non-space
    character, so each space-separated word is computed once per class and cached.
    """
    global _MANDATORY_CHARS
    if _MANDATORY_CHARS is None:
        table, _ = _tables()
        starts = [int(token.split(":")[0], 16) for token in _po_tables.RUNS.split()]
        ranges = zip(starts, [*starts[1:], 0x110000], strict=True)
        mandatory = "".join(
            f"{re.escape(chr(a))}-{re.escape(chr(b - 1))}" for a, b in ranges if _BK <= table[a] >> 2 <= _LF
        )
        _MANDATORY_CHARS = re.compile(f"[{mandatory}]")
    if _MANDATORY_CHARS.search(text):
        events, columns, _ = _possible(text, _BK, _BK, False)
        return events, columns
    if len(_WORD_CACHE) > 200_000:
        _WORD_CACHE.clear()
    cache_get = _WORD_CACHE.get
    events = []
    add = events.append
    position = columns = 0
    last_prop = _BK
    for n, word in enumerate(text.split(" ")):
        if n:
            position += 1
            columns += 1
        if not word:
            continue
        cached = cache_get((word, last_prop)) or _word(word, last_prop, n > 0)
        inside, word_columns, last_prop, only_at_start = cached
        if only_at_start:
            add((position, columns, False))
        elif inside:
            events.extend((position + i, columns + c, False) for i, c in inside)
        position += len(word)
        columns += word_columns
    return events, columns


def _fit(
    events: list[_Event], columns: int, width: int, start_column: int, prohibited: frozenset[int]
) -> list[int]:
    """libunistring's u8_width_linebreaks: break at the last opportunity before a piece overflows.

    Returns the indices that start a new line.
    """
    breaks: list[int] = []
    last_p = -1
    last_column = start_column
    previous = 0
    for i, before, mandatory in events:
        if prohibited and i in prohibited:
            continue
        piece = before - previous
        if last_p >= 0 and last_column + piece > width:
            breaks.append(last_p)
            last_column = 0
        if mandatory:
            last_p = -1
            last_column = 0
        else:
            last_p = i
            last_column += piece
        previous = before
    if last_p >= 0 and last_column + columns - previous > width:
        breaks.append(last_p)
    return breaks


# Format directives (gettext's format-c.c and format-python.c), kept whole by the wrapper.
_C_DIRECTIVE = re.compile(
    r"%(?:(?P<num>[0-9]+)\$)?(?P<flags>[-+ #0'I]*)"
    r"(?P<width>\*(?:[0-9]+\$)?|[0-9]+)?(?:\.(?P<precision>\*(?:[0-9]+\$)?|[0-9]+)?)?"
    r"(?:(?P<pri><PRI[diouxX](?:MAX|PTR|(?:LEAST|FAST)?(?:8|16|32|64))>)|[hlLqjzZt]*(?P<conv>[%mcCsSiduoxXeEfFgGaApn@]))?"
)
_PY_DIRECTIVE = re.compile(
    r"%(?P<name>\((?:[^()]|\((?:[^()]|\([^()]*\))*\))*\))?[-+ #0]*"
    r"(?P<width>\*|[0-9]+)?(?:\.(?P<precision>\*|[0-9]+)?)?[hlL]?(?P<conv>[%csrdiuoxXeEfgG])?"
)
_FORMATS = (  # gettext's format_language[], in its order: the order of the #, flags msgcat writes
    "c", "objc", "python", "python-brace", "java", "java-printf", "csharp", "javascript", "scheme", "lisp",
    "elisp", "librep", "ruby", "sh", "awk", "lua", "object-pascal", "smalltalk", "qt", "qt-plural", "kde",
    "kde-kuit", "boost", "tcl", "perl", "perl-brace", "php", "gcc-internal", "gfc-internal", "ycp",
)  # fmt: skip
_FORMAT_INDEX = {name: i for i, name in enumerate(_FORMATS)}
_YES, _NO, _POSSIBLE_FORMAT, _IMPOSSIBLE = "yes", "no", "possible", "impossible"


def _c_directives(value: str, translated: bool, objc: bool) -> set[int]:
    """Indices inside valid C format directives (not their ``%``), until the first invalid one."""
    inside: set[int] = set()
    numbered = unnumbered = False
    pos = value.find("%")
    while pos >= 0:
        m = _C_DIRECTIVE.match(value, pos)
        assert m is not None
        conv = "d" if m.group("pri") else m.group("conv")
        flags = m.group("flags")
        if conv is None or (conv == "@" and not objc) or ("I" in flags and not translated):
            break
        if m.group("num") is not None and int(m.group("num")) == 0:
            break
        args = []
        for part in (m.group("width"), m.group("precision")):
            if part and part.startswith("*"):
                args.append(part.endswith("$"))
        if conv not in "%m":
            args.append(m.group("num") is not None)
        if args:
            uses_numbered, uses_unnumbered = any(args), not all(args)
            if (uses_numbered and (uses_unnumbered or unnumbered)) or (uses_unnumbered and numbered):
                break  # gettext: "mixes numbered and unnumbered arguments"
            numbered = numbered or uses_numbered
            unnumbered = unnumbered or uses_unnumbered
        inside.update(range(pos + 1, m.end()))
        pos = value.find("%", m.end())
    return inside


def _python_directives(value: str) -> set[int]:
    """Indices inside valid Python %-directives (not their ``%``), until the first invalid one."""
    inside: set[int] = set()
    named = unnamed = False
    pos = value.find("%")
    while pos >= 0:
        m = _PY_DIRECTIVE.match(value, pos)
        assert m is not None
        conv = m.group("conv")
        if conv is None:
            break
        stars = [g for g in (m.group("width"), m.group("precision")) if g == "*"]
        if stars and named:
            break
        unnamed = unnamed or bool(stars)
        if m.group("name") is not None:
            if unnamed:
                break
            named = True
        elif conv != "%":
            if named:
                break
            unnamed = True
        inside.update(range(pos + 1, m.end()))
        pos = value.find("%", m.end())
    return inside


class _Flags:
    """An entry's ``#,`` flags as gettext understands them (po_parse_comment_special)."""

    __slots__ = ("formats", "fuzzy", "no_wrap", "range")

    def __init__(self, flags: Iterable[str]) -> None:
        self.fuzzy = False
        self.formats: dict[int, str] = {}
        self.range: tuple[int, int] | None = None
        self.no_wrap = False
        tokens = [t for t in _FLAG_SEPARATORS.split(",".join(flags)) if t]
        i = 0
        while i < len(tokens):
            token = tokens[i]
            i += 1
            if token == "fuzzy":
                self.fuzzy = True
            elif token.endswith("-format"):
                name, value = token[:-7], _YES
                for prefix, meaning in (
                    ("no-", _NO),
                    ("possible-", _POSSIBLE_FORMAT),
                    ("impossible-", _IMPOSSIBLE),
                ):
                    if name.startswith(prefix):
                        name, value = name[len(prefix) :], meaning
                        break
                if name in _FORMAT_INDEX:
                    self.formats[_FORMAT_INDEX[name]] = value
            elif token == "range:":
                if i < len(tokens):
                    m = re.fullmatch(r"([0-9]+)\.\.([0-9]+).*", tokens[i])
                    i += 1
                    if m and int(m.group(1)) <= int(m.group(2)):
                        self.range = (int(m.group(1)), int(m.group(2)))
            elif token == "no-wrap":
                self.no_wrap = True
            elif token == "wrap":
                self.no_wrap = False

    def line(self, *, fuzzy: bool, with_range: bool) -> str | None:
        """The ``#,`` line msgcat writes, or None."""
        words = ["fuzzy"] if fuzzy else []
        for index in sorted(self.formats):
            value = self.formats[index]
            if value == _NO:
                words.append(f"no-{_FORMATS[index]}-format")
            elif value != _IMPOSSIBLE:
                words.append(f"{_FORMATS[index]}-format")
        if with_range and self.range is not None:
            words.append(f"range: {self.range[0]}..{self.range[1]}")
        if self.no_wrap:
            words.append("no-wrap")
        return "#, " + ", ".join(words) if words else None

    def directives(self) -> Callable[[str, bool], set[int]] | None:
        """The directive finder for the first format language the entry may be in."""
        for index in sorted(self.formats):
            if self.formats[index] in (_YES, _POSSIBLE_FORMAT):
                name = _FORMATS[index]
                if name in ("c", "objc"):
                    objc = name == "objc"
                    return lambda value, translated: _c_directives(value, translated, objc)
                if name == "python":
                    return lambda value, translated: _python_directives(value)
                return None
        return None


class _Writer:
    """msgdomain_list_print_po for one catalog, one message at a time."""

    def __init__(self, width: int) -> None:
        self.wrap_strings = width > 0
        self.page_width = max(width, _MIN_WIDTH) if width > 0 else _DEFAULT_WIDTH
        self.lines: list[str] = []

    def string(
        self,
        prefix: str,
        name: str,
        value: str,
        *,
        no_wrap: bool,
        directives: Callable[[str, bool], set[int]] | None,
    ) -> None:
        """write-po.c's wrap(): ``name "value"`` split after ``\\n`` and at msgcat's line breaks."""
        out = self.lines
        inside = directives(value, name.startswith("msgstr")) if directives and value else set()
        after_break = len(prefix) + 1
        width = (self.page_width if self.wrap_strings and not no_wrap else _INT_MAX) - 1 - after_break
        first_line = True
        start, end_of_value = 0, len(value)
        while True:
            newline = value.find("\n", start)
            end = end_of_value if newline < 0 else newline + 1
            portion = value[start:end]
            escaped = portion.translate(_ESCAPES) if _NEEDS_ESCAPE.search(portion) else portion
            prohibited = self._prohibited(portion, start, escaped, inside)
            more = end < end_of_value
            column = len(prefix) + (len(name) + 1 if first_line else 0) + 1 - after_break
            found = self._opportunities(escaped, width - column)
            breaks = _fit(*found, width, column, prohibited) if found else []
            if first_line and escaped and (more or column > width or breaks):
                out.append(f'{prefix}{name} ""')
                first_line = False
                column = len(prefix) + 1 - after_break
                breaks = _fit(*found, width, column, prohibited) if found else []
            head = f'{prefix}{name} "' if first_line else f'{prefix}"'
            first_line = False
            if not breaks:
                out.append(f'{head}{escaped}"')
            else:
                cuts = [0, *breaks, len(escaped)]
                out.append(f'{head}{escaped[: cuts[1]]}"')
                out.extend(f'{prefix}"{escaped[a:b]}"' for a, b in itertools.pairwise(cuts[1:]))
            start = end
            if not more:
                break

    @staticmethod
    def _prohibited(portion: str, offset: int, escaped: str, inside: set[int]) -> frozenset[int]:
        """Escaped-text positions that may not start a line: in directives, or the final ``\\n``."""
        blocked: set[int] = set()
        if portion.endswith("\n"):
            blocked.add(len(escaped) - 2)
        if inside:
            at = 0
            for i, ch in enumerate(portion):
                if offset + i in inside:
                    blocked.add(at)
                at += 2 if ch in '\a\b\f\n\r\t\v"\\' else 1
        return frozenset(blocked)

    @staticmethod
    def _opportunities(escaped: str, room: int) -> tuple[list[_Event], int] | None:
        """None when ``escaped`` fits in ``room`` columns for sure: no break is ever inserted then."""
        if len(escaped) * 2 <= room or (len(escaped) <= room and escaped.isascii()):
            return None
        return _opportunities(escaped)

    def comments(self, marker: str, text: str) -> None:
        if text:
            for line in text.split("\n"):
                self.lines.append(_comment_line(f"{marker} {line}" if line else marker))

    def references(self, occurrences: Iterable[tuple[str, str | int | None]]) -> None:
        """``#:`` lines: read back as gettext reads them, duplicates dropped, then ``./`` dropped, wrapped."""
        rendered = " ".join(
            f"{name}:{line}" if line not in (None, "") else name for name, line in occurrences
        )
        if not rendered.strip():
            return
        refs: list[str] = []
        seen: set[tuple[str, int | None]] = set()
        for name, number in _references(rendered):
            if (name, number) in seen:
                continue  # message_comment_filepos, before write-po strips "./": msgcat does the same
            seen.add((name, number))
            while name.startswith("./"):
                name = name[2:]
            refs.append(name if number is None else f"{name}:{number}")
        line, column = "#:", 2
        for ref in refs:
            size = len(ref.encode("utf-8")) + 1  # msgcat counts bytes here
            if column > 2 and column + size > self.page_width:
                self.lines.append(_comment_line(line))
                line, column = "#:", 2
            line += " " + ref
            column += size
        self.lines.append(_comment_line(line))

    def message(self, entry: polib.POEntry, *, header: bool = False) -> None:
        obsolete = bool(entry.obsolete)
        plural = bool(entry.msgid_plural)
        msgstrs = self._msgstrs(entry, plural)
        if obsolete and msgstrs[0] == "":
            return  # msgcat drops an obsolete entry without translation
        flags = _Flags(entry.flags)
        self.comments("#", entry.tcomment)
        self.comments("#.", entry.comment)
        self.references(entry.occurrences)
        if obsolete:
            flag_line = flags.line(fuzzy=flags.fuzzy, with_range=False)
        else:
            flag_line = flags.line(fuzzy=flags.fuzzy and msgstrs[0] != "", with_range=True)
        if flag_line is not None:
            self.lines.append(flag_line)
        directives = flags.directives()
        no_wrap = flags.no_wrap
        prev_prefix = "#~| " if obsolete else "#| "
        if entry.previous_msgid is None and (
            entry.previous_msgctxt is not None or entry.previous_msgid_plural is not None
        ):
            raise ValueError(
                f"entry {entry.msgid!r} has a previous msgctxt or msgid_plural but no previous_msgid"
            )
        for name, value in (
            ("msgctxt", entry.previous_msgctxt),
            ("msgid", entry.previous_msgid),
            ("msgid_plural", entry.previous_msgid_plural),
        ):
            if value is not None:
                self.string(prev_prefix, name, value, no_wrap=no_wrap, directives=directives)
        prefix = "#~ " if obsolete else ""
        if entry.msgctxt is not None:
            self.string(prefix, "msgctxt", entry.msgctxt, no_wrap=no_wrap, directives=directives)
        self.string(prefix, "msgid", entry.msgid, no_wrap=no_wrap, directives=directives)
        if plural:
            self.string(prefix, "msgid_plural", entry.msgid_plural, no_wrap=no_wrap, directives=directives)
            for i, text in enumerate(msgstrs):
                self.string(prefix, f"msgstr[{i}]", text, no_wrap=no_wrap, directives=directives)
        else:
            self.string(prefix, "msgstr", msgstrs[0], no_wrap=no_wrap, directives=directives)

    @staticmethod
    def _msgstrs(entry: polib.POEntry, plural: bool) -> list[str]:
        if not plural:
            if entry.msgstr_plural:
                raise ValueError(f"entry {entry.msgid!r} has msgstr_plural but no msgid_plural")
            return [entry.msgstr or ""]
        forms = {int(k): v for k, v in entry.msgstr_plural.items()}
        if not forms:
            return [""]
        if sorted(forms) != list(range(len(forms))):
            raise ValueError(
                f"entry {entry.msgid!r} has plural forms {sorted(forms)}; number them 0, 1, 2, ..."
            )
        return [forms[i] for i in range(len(forms))]


def _comment_line(line: str) -> str:
    if line.endswith("\\"):
        # gettext joins the next line onto a line ending with a backslash: the file would change meaning.
        raise ValueError(
            f"comment line {line!r} ends with a backslash, which gettext reads as a line continuation"
        )
    return line


def _header_entry(po: polib.POFile) -> polib.POEntry | None:
    if not (po.header or po.metadata or po.metadata_is_fuzzy):
        return None
    msgstr = "".join(f"{key}: {value}\n" for key, value in po.metadata.items())
    return polib.POEntry(
        msgid="",
        msgstr=msgstr,
        tcomment=po.header,
        flags=["fuzzy"] if po.metadata_is_fuzzy else [],
    )


def format_po(po: polib.POFile, *, width: int = _DEFAULT_WIDTH) -> str:
    """The text ``msgcat --width=<width>`` writes for ``po`` (``width <= 0``: ``msgcat --no-wrap``).

    A catalog with nothing but its header is written too, as ``msgcat --force`` writes it (plain
    msgcat writes nothing at all then).
    """
    writer = _Writer(width)
    messages: list[polib.POEntry] = []
    header = _header_entry(po)
    if header is not None:
        messages.append(header)
    messages.extend(e for e in po if not e.obsolete)
    messages.extend(e for e in po if e.obsolete)
    for i, entry in enumerate(messages):
        if i:
            writer.lines.append("")
        before = len(writer.lines)
        writer.message(entry)
        if len(writer.lines) == before and i:
            writer.lines.pop()  # a dropped obsolete entry takes its separator with it
    return "".join(line + "\n" for line in writer.lines)
