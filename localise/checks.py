"""Quality checks on catalogs: the glossary rule CI enforces, reported compiler-style.

Public: Finding, check_catalog(path, glossary, ...), find_catalogs(root).

A reviewed entry whose msgid holds a glossary term must use the target form, and
must not keep a French form that differs from it ("Poutine" in English); a number
written the French way ("150 000", "75 %") must be written the target way ("150,000", "75%").
Machine drafts (fuzzy) are checked only with ``include_fuzzy``: they are not
published as reviewed text and their problems are already flagged in the entry.
"""

from __future__ import annotations

import bisect
from dataclasses import asdict, dataclass
from pathlib import Path

from .catalog import read_catalog
from .glossary import Glossary

__all__ = ["Finding", "check_catalog", "check_numbers", "find_catalogs"]


@dataclass(frozen=True)
class Finding:
    """One violation at ``path:line`` (the line of the entry's msgstr)."""

    path: str
    line: int
    check: str
    message: str
    msgid: str
    found: str
    expected: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def find_catalogs(root: str | Path) -> list[Path]:
    """Every PO file under ``<root>/locale``, sorted."""
    return sorted((Path(root) / "locale").glob("*/LC_MESSAGES/*.po"))


def _msgstr_lines(text: str) -> list[int]:
    """Line numbers of every live ``msgstr`` (the line a translator edits), in order."""
    return [n for n, line in enumerate(text.split("\n"), start=1) if line.startswith("msgstr")]


def check_catalog(
    path: str | Path, glossary: Glossary, *, lang: str | None = None, include_fuzzy: bool = False
) -> list[Finding]:
    """Glossary findings for one PO file; ``lang`` defaults to the header's Language."""
    shown = str(path)
    po = read_catalog(path, display_path=shown)
    language = lang or po.metadata.get("Language") or Path(path).parent.parent.name
    msgstr_line = _msgstr_lines(Path(path).read_text(encoding="utf-8"))
    findings: list[Finding] = []
    for entry in po:
        if entry.obsolete or not entry.msgid or not entry.msgstr:
            continue
        if entry.fuzzy and not include_fuzzy:
            continue
        # polib's linenum is where the entry starts; report its msgstr line instead.
        at = bisect.bisect_left(msgstr_line, entry.linenum)
        line = msgstr_line[at] if at < len(msgstr_line) else entry.linenum
        for found, expected in check_numbers(entry.msgid, entry.msgstr, language):
            findings.append(
                Finding(
                    path=shown,
                    line=line,
                    check="numbers",
                    message=f'numbers: "{found}" → expected "{expected}"',
                    msgid=entry.msgid,
                    found=found,
                    expected=expected,
                )
            )
        for violation in glossary.check_pair(entry.msgid, entry.msgstr, language):
            findings.append(
                Finding(
                    path=shown,
                    line=line,
                    check="glossary",
                    message=violation.message,
                    msgid=entry.msgid,
                    found=violation.found,
                    expected=violation.expected,
                )
            )
    return findings


def check_numbers(msgid: str, msgstr: str, lang: str) -> list[tuple[str, str]]:
    """(found in the source, expected in the translation) for each number written the French way.

    Grouped thousands ("150 000"), decimal commas ("3,5") and percentages ("75 %") must
    appear in the target locale's form ("150,000", "75%"). Clock times and plain integers
    are left to the translator: "11 h" may fairly become "11 a.m." or "11:00".
    """
    from .numbers import number_spans

    problems = []
    for start, end, expected in number_spans(msgid, lang, clocks=False):
        if _squash(expected) not in _squash(msgstr):
            problems.append((msgid[start:end], expected))
    return problems


def _squash(text: str) -> str:
    return text.replace("\u00a0", " ").replace("\u202f", " ")
