"""The ``# mt:`` line: what a machine draft was made with, and whether its text is still the machine's.

Public: mt_line(draft), read_mark(entry), MachineMark, without_mt(comment), text_hash(text), MT_LINE_WIDTH.

A machine draft carries one translator comment, ``# mt: apertium e:1a2b3c4d g:… s:… t:…``: the
engine's short name, then short hashes of its full label (versions, route), of the glossary terms
its French holds in their target forms, of the house style's rules, and of the text it wrote.
The line never exceeds ``MT_LINE_WIDTH`` columns, so polib (which wraps comments past its width,
78 by default), msgcat and PO editors save it whole; the full engine label lives in the
translation memory. From the line a build tells a draft still as the machine wrote it (its text
hashes to ``t``) from one a translator edited (whatever its flags), and a stale one (its ``e``,
``g`` or ``s`` differ from today's) from a current one. Lines written by localise before it had
hashes (``# mt: apertium 3.8.3-1+b2 fr-es (apertium-fr-es 0.9.4-1) + …``) read as a mark without
hashes; ``without_mt`` removes them together with the fragments polib's wrapping left of them.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

import polib

from localise.catalogs.state import MT_PREFIX, MT_PROBLEM_PREFIX
from localise.model import Draft, Provenance

__all__ = ["MT_LINE_WIDTH", "MachineMark", "mt_line", "read_mark", "text_hash", "without_mt"]

#: The longest ``# mt:`` line written, in columns: under polib's default width of 78.
MT_LINE_WIDTH = 78
_MARK = re.compile(
    r"^mt: (?P<engine>[a-z][a-z0-9-]{0,20}) e:(?P<e>[0-9a-f]{8}) g:(?P<g>[0-9a-f]{8}) "
    r"s:(?P<s>[0-9a-f]{8}) t:(?P<t>[0-9a-f]{8})$"
)


@dataclass(frozen=True)
class MachineMark:
    """An entry's ``# mt:`` line read back. ``provenance`` and ``text`` are None for a line without hashes,
    whose ``line`` is then the old label (the engine's full description), its wrapped pieces joined."""

    line: str
    provenance: Provenance | None
    text: str | None

    def is_machine_text(self, msgstr: str) -> bool | None:
        """Whether ``msgstr`` is what the machine wrote: None when the line cannot say (no hashes)."""
        return None if self.text is None else text_hash(msgstr) == self.text


def text_hash(text: str) -> str:
    """The short hash of a draft's text that the ``t:`` field keeps."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]


def mt_line(draft: Draft) -> str:
    """The translator comment (without ``# ``) that marks ``draft`` as machine output."""
    p = draft.provenance
    if p is None:  # a draft made without provenance (a caller of its own): its label, if it fits
        line = MT_PREFIX + draft.engine
        return line if len(line) + 2 <= MT_LINE_WIDTH else MT_PREFIX + draft.engine.split(" ", 1)[0]
    line = f"{MT_PREFIX}{p.engine} e:{p.engine_hash} g:{p.glossary_hash} s:{p.style_hash} t:{text_hash(draft.text)}"
    assert len(line) + 2 <= MT_LINE_WIDTH, line  # engine names are short: the registry's own
    return line


def read_mark(entry: polib.POEntry) -> MachineMark | None:
    """The entry's ``# mt:`` mark, None when it has none."""
    lines = entry.tcomment.splitlines()
    for n, line in enumerate(lines):
        if line.startswith(MT_PREFIX):
            found = _MARK.match(line.strip())
            if found is None:
                label = line
                for more in lines[n + 1 :]:
                    if not _unfinished(label):
                        break
                    label += more if label.endswith("-") else " " + more
                return MachineMark(label, None, None)
            provenance = Provenance(found["engine"], found["e"], found["g"], found["s"])
            return MachineMark(line, provenance, found["t"])
    return None


def without_mt(comment: str) -> str:
    """A translator comment without the ``mt:`` and ``mt-warning:`` lines, nor what polib's wrapping of
    an old, long ``mt:`` line left on the next lines ("# eng-spa 0.8.1-2)")."""
    kept: list[str] = []
    label = ""  # the old-style label being read, while it is incomplete
    for line in comment.splitlines():
        if label:
            label += line
            if not _unfinished(label):
                label = ""
            continue
        if line.startswith(MT_PREFIX):
            label = line if _MARK.match(line.strip()) is None and _unfinished(line) else ""
            continue
        if line.startswith(MT_PROBLEM_PREFIX):
            continue
        kept.append(line)
    return "\n".join(kept)


def _unfinished(label: str) -> bool:
    """An old Apertium label ends with its last package in parentheses; wrapped, the first line does not."""
    if not label.startswith(MT_PREFIX + "apertium ") or label.startswith(MT_PREFIX + "apertium-apy"):
        return False
    return not label.rstrip().endswith(")") or label.count("(") > label.count(")")
