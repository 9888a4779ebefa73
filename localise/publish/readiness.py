"""Is an edition ready to go out? Its readiness from entry states and the check, and the policy's answer.

Public: Readiness, EditionStatus, edition_status(catalog, glossary, ...), may_publish(readiness, policy).

An edition is ``reviewed`` when every unit is reviewed and the check finds nothing, ``draft`` when
every unit has a translation but some are machine drafts or suggestions (or a reviewed one has a
finding), ``incomplete`` when some unit would show the French. Entries are counted once each, as
``localise stats`` counts them, whatever the number of times their sentence repeats. The publish
policy (``[tool.localise] publish``, ``Settings.publish_for``) lets ``reviewed`` editions out, or
``draft`` ones too; an incomplete edition never goes out under its language's name.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from localise.catalogs.pofile import CatalogFile
from localise.catalogs.state import state_of
from localise.glossary.terms import Glossary
from localise.model import Draft, EntryState
from localise.mt.style import HouseStyle
from localise.qa.check import check_catalog
from localise.qa.findings import Finding

__all__ = ["EditionStatus", "Readiness", "edition_status", "may_publish"]


class Readiness(enum.Enum):
    """How far an edition is from going out."""

    REVIEWED = "reviewed"
    DRAFT = "draft"
    INCOMPLETE = "incomplete"


@dataclass(frozen=True)
class EditionStatus:
    """An edition's entries by state, and the check's findings on them.

    ``in_french``: suggestions the edition shows in French, because (in a build) their new
    French has no machine draft to stand in; with the untranslated ones they make it incomplete.
    """

    catalog: str
    reviewed: int = 0
    machine: int = 0
    suggestions: int = 0
    untranslated: int = 0
    findings: int = 0
    in_french: int = 0

    @property
    def total(self) -> int:
        return self.reviewed + self.machine + self.suggestions + self.untranslated

    @property
    def readiness(self) -> Readiness:
        if self.untranslated or self.in_french:
            return Readiness.INCOMPLETE
        if self.machine or self.suggestions or self.findings:
            return Readiness.DRAFT
        return Readiness.REVIEWED

    def shortfall(self, wanted: Readiness = Readiness.REVIEWED) -> str:
        """What keeps the edition from ``wanted``, e.g. "57 untranslated" or "3 machine drafts, 1 finding"."""
        parts = [
            (self.untranslated, "untranslated", "untranslated"),
            (self.in_french, "suggestion shown in French", "suggestions shown in French"),
        ]
        if wanted is Readiness.REVIEWED:
            parts += [
                (self.machine, "machine draft", "machine drafts"),
                (self.suggestions - self.in_french, "suggestion", "suggestions"),
                (self.findings, "check finding", "check findings"),
            ]
        return ", ".join(f"{n} {one if n == 1 else many}" for n, one, many in parts if n)


def edition_status(
    catalog: CatalogFile,
    glossary: Glossary,
    *,
    lang: str | None = None,
    fresh: Mapping[str, Draft] | None = None,
    findings: Sequence[Finding] | None = None,
    style: HouseStyle | None = None,
) -> EditionStatus:
    """The status of the edition ``catalog`` makes (as read, or as a build merged it).

    ``fresh`` (msgid -> machine draft of French that changed since review) is what a build shows
    for suggestions: given, a suggestion without one shows the French (``in_french``).
    Findings are the check's on every entry the edition shows, machine drafts included (``findings``:
    those of ``check_catalog(catalog, glossary, include_fuzzy=True, style=style)``, when the caller
    has them); ``style`` is the language's house style, whose rules the check applies too.
    """
    counts = dict.fromkeys(EntryState, 0)
    in_french = 0
    for entry in catalog.po:
        if not entry.msgid or entry.obsolete:
            continue
        state = state_of(entry)
        if state is EntryState.SUGGESTION and fresh is not None and entry.msgid not in fresh:
            in_french += 1
        counts[state] += 1
    if findings is None:
        findings = check_catalog(catalog, glossary, lang=lang, include_fuzzy=True, style=style)
    return EditionStatus(
        catalog.path,
        reviewed=counts[EntryState.REVIEWED],
        machine=counts[EntryState.MACHINE],
        suggestions=counts[EntryState.SUGGESTION],
        untranslated=counts[EntryState.UNTRANSLATED],
        findings=len(findings),
        in_french=in_french,
    )


def may_publish(readiness: Readiness, policy: str) -> bool:
    """Whether an edition this ready goes out under ``policy`` (``"reviewed"`` or ``"draft"``)."""
    if readiness is Readiness.INCOMPLETE:
        return False
    return readiness is Readiness.REVIEWED or policy == "draft"
