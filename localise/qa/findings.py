"""What the check finds, as data: a rule's problem in one entry, the finding placed in the file, a report.

Public: Finding, CheckReport.

A rule looks at one entry's msgid and msgstr and returns ``model.Problem``s (where in the msgstr, what
it expected, what it found); the check places each at its file line and column and makes it a
``Finding`` with the rule's message; the output formats (``qa.report``) are views of a
``CheckReport``, as ruff's are of its diagnostics.
"""

from __future__ import annotations

from dataclasses import dataclass

from localise.model import EntryState

__all__ = ["CheckReport", "Finding"]


@dataclass(frozen=True)
class Finding:
    """One problem at ``path:line:column`` (where ``found`` is written in the msgstr, else its start).

    ``term`` is the French form (or number) of the msgid the finding is about, ``expected`` what the
    translation should hold, ``found`` what it holds instead ("" for nothing like it).
    """

    kind: str
    term: str
    expected: str
    found: str
    msgid: str
    msgstr: str
    path: str
    line: int
    column: int
    message: str
    state: str = EntryState.REVIEWED.value  # the entry's state: only --include-fuzzy reports others
    suppressed: bool = False  # silenced by a "# localise: allow" comment; shown with --show-suppressed

    @property
    def marks(self) -> str:
        """What the message alone does not say: `` [machine]`` (the entry's state) and `` [suppressed]``."""
        state = "" if self.state == EntryState.REVIEWED.value else f" [{self.state}]"
        return state + (" [suppressed]" if self.suppressed else "")

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.kind}: {self.message}{self.marks}"


@dataclass(frozen=True)
class CheckReport:
    """One check run: the catalogs checked, the findings that fail it and those suppressed."""

    catalogs: tuple[str, ...]
    findings: tuple[Finding, ...]
    suppressed: tuple[Finding, ...] = ()
