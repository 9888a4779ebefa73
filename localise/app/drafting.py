"""The draft phase: machine drafts for the entries that need them, from the engines (through the machine
translation memory) and suggestions from the newsroom's reviewed work.

Public: DraftOutcome, draft_catalogs(inputs, catalogs, ...).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import polib

from localise.app.phases import Catalogs, Inputs
from localise.catalogs.merge import fill_drafts, fill_suggestions, stale_drafts
from localise.catalogs.provenance import read_mark
from localise.catalogs.reviewed_memory import MemoryMatch, ReviewedMemory, memory_comment
from localise.catalogs.state import MT_PREFIX, needs_draft, needs_fresh_draft, state_of
from localise.errors import LocaliseError
from localise.model import Draft, EntryState, Provenance
from localise.mt.engines import Engine
from localise.mt.memory import MemoryKey, TranslationMemory
from localise.mt.style import HouseStyle, project_style
from localise.mt.translate import DraftReport, draft_with_engines, provenance_of

__all__ = ["DraftOutcome", "draft_catalogs"]


@dataclass
class DraftOutcome:
    """What the draft phase did: drafts filled per language, languages it could not serve and why.

    ``fresh`` holds, per language, machine drafts of French that changed since review: the
    editions show them in place of the stale suggestion; the catalogs never store them.
    ``refreshed`` counts, per language and reason ("engine", "glossary", "style", "old mark"),
    the machine drafts made again because what they were made with changed; ``remembered`` the
    suggestions the newsroom's reviewed work gave ("exact", "fuzzy").
    """

    drafted: dict[str, int] = field(default_factory=dict)
    drafts: dict[str, dict[str, Draft]] = field(default_factory=dict)
    fresh: dict[str, dict[str, Draft]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    report: DraftReport | None = None
    refreshed: dict[str, dict[str, int]] = field(default_factory=dict)
    refreshed_drafts: dict[str, int] = field(default_factory=dict)
    remembered: dict[str, dict[str, int]] = field(default_factory=dict)


def draft_catalogs(
    inputs: Inputs,
    catalogs: Catalogs,
    *,
    engines: Mapping[str, Engine],
    memory: TranslationMemory | None = None,
    styles: Mapping[str, HouseStyle] | None = None,
    reviewed: Callable[[], ReviewedMemory] | None = None,
) -> DraftOutcome:
    """Draft phase: suggestions from the newsroom's reviewed work, then machine drafts, for every entry
    that has no translation, and new machine drafts for those still as the machine wrote them whose
    engine, glossary terms or house style changed since; all filled into ``catalogs``.

    ``engines`` gives the engine per language; languages on the same engine go to it together
    (argos's fr→en hop feeds fr→en→vi). ``styles`` (per language) default to the project's
    ``style/<lang>.toml``. A language its engine cannot serve keeps only what the memory gave;
    ``outcome.problems`` says why. ``reviewed`` gives the newsroom's memory when the build drafts
    some of its articles only (every article's reviewed entries, as merged); by default it is made
    from ``catalogs``.
    """
    outcome = DraftOutcome()
    langs = sorted({lang for _, lang in catalogs})
    styles = styles if styles is not None else {lang: project_style(inputs.project, lang) for lang in langs}
    outcome.remembered = _suggest_from_memory(inputs, catalogs, reviewed)
    current = _provenances(inputs, catalogs, engines, styles)
    stale = {key: stale_drafts(po, current.get(key[1], {})) for key, po in catalogs.items()}
    pending = {
        lang: {
            e.msgid
            for (slug, lang_), po in catalogs.items()
            if lang_ == lang
            for e in po
            if needs_draft(e) or needs_fresh_draft(e) or e.msgid in stale[(slug, lang_)]
        }
        for lang in langs
    }
    drafts: dict[str, dict[str, Draft]] = {lang: {} for lang in langs}
    for source_lang in sorted({a.source_lang for a in inputs.articles}):
        sources = [
            u.source for a in inputs.articles if a.source_lang == source_lang for u in inputs.units[a.slug]
        ]
        new, report, problems = draft_with_engines(
            {
                lang: [s for s in dict.fromkeys(sources) if s in pending[lang]]
                for lang in langs
                if lang in engines
            },
            source_lang=source_lang,
            engines={lang: engines[lang] for lang in langs if lang in engines},
            glossary=inputs.glossary,
            memory=memory,
            styles=styles,
        )
        outcome.problems.extend(str(p) for p in problems)
        if report is not None:
            outcome.report = report if outcome.report is None else outcome.report.merged(report)
        for lang, found in new.items():
            drafts[lang].update(found)
    outcome.drafts = drafts
    source_langs = {a.slug: a.source_lang for a in inputs.articles}
    for (slug, lang), po in catalogs.items():
        old_marks = [m for m, why in stale[(slug, lang)].items() if why == ("old mark",)]
        filled = fill_drafts(
            po,
            drafts[lang],
            refresh=stale[(slug, lang)],
            machine_texts=(
                _machine_texts(memory, po, old_marks, engines.get(lang), source_langs[slug], lang)
                if old_marks
                else None
            ),
        )
        reasons = outcome.refreshed.setdefault(lang, {})
        for msgid in filled:
            for why in stale[(slug, lang)].get(msgid, ()):
                reasons[why] = reasons.get(why, 0) + 1
        refreshed = sum(1 for msgid in filled if msgid in stale[(slug, lang)])
        outcome.refreshed_drafts[lang] = outcome.refreshed_drafts.get(lang, 0) + refreshed
        outcome.drafted[lang] = outcome.drafted.get(lang, 0) + len(filled) - refreshed
        suggestions = {e.msgid for e in po if needs_fresh_draft(e)}
        outcome.fresh.setdefault(lang, {}).update({m: d for m, d in drafts[lang].items() if m in suggestions})
    return outcome


def _suggest_from_memory(
    inputs: Inputs, catalogs: Catalogs, reviewed: Callable[[], ReviewedMemory] | None = None
) -> dict[str, dict[str, int]]:
    """The newsroom's memory: each entry with no text gets the reviewed translation of the same French in
    another article, else of French at least 80 % similar that passes the glossary and number checks
    against its own French. Returns counts per language ("exact", "fuzzy")."""
    from localise.qa.rules import problems_in

    counts: dict[str, dict[str, int]] = {}
    wanted = [(key, e.msgid) for key, po in catalogs.items() for e in po if e.msgid and needs_draft(e)]
    if not wanted:
        return counts
    memory = (
        reviewed()
        if reviewed is not None
        else ReviewedMemory((slug, lang, po) for (slug, lang), po in catalogs.items())
    )
    found: dict[tuple[str, str], dict[str, tuple[str, str | None, str]]] = {}
    for (slug, lang), msgid in wanted:

        def passes(match: MemoryMatch, msgid: str = msgid, lang: str = lang) -> bool:
            return not problems_in(msgid, match.msgstr, lang, inputs.glossary, rules=_MEMORY_CHECKS)

        match = memory.lookup(msgid, lang, slug=slug, accept=passes)
        if match is None:
            continue
        previous = None if match.msgid == msgid else match.msgid
        found.setdefault((slug, lang), {})[msgid] = (match.msgstr, previous, memory_comment(match))
        kind = "exact" if match.exact else "fuzzy"
        counts.setdefault(lang, {})[kind] = counts.get(lang, {}).get(kind, 0) + 1
    for key, suggestions in found.items():
        fill_suggestions(catalogs[key], suggestions)
    return counts


#: The check rules a suggestion from the memory must pass against its new French.
_MEMORY_CHECKS = ("term-missing", "source-form-left", "number-mismatch", "number-format")


def _provenances(
    inputs: Inputs, catalogs: Catalogs, engines: Mapping[str, Engine], styles: Mapping[str, HouseStyle]
) -> dict[str, dict[str, Provenance]]:
    """lang -> msgid -> what a machine draft of it would be made with today, for the machine drafts of
    every language an engine serves here."""
    current: dict[str, dict[str, Provenance]] = {}
    source_langs = {a.slug: a.source_lang for a in inputs.articles}
    for (slug, lang), po in catalogs.items():
        engine = engines.get(lang)
        machine = [e.msgid for e in po if state_of(e) is EntryState.MACHINE]
        if engine is None or not machine:
            continue
        try:
            label = engine.describe(source_langs[slug], lang)
        except LocaliseError:
            continue  # no engine for it today: its drafts stay as they are
        current.setdefault(lang, {}).update(
            {
                m: provenance_of(
                    m,
                    lang=lang,
                    engine=engine.name,
                    label=label,
                    glossary=inputs.glossary,
                    style=styles.get(lang),
                )
                for m in machine
            }
        )
    return current


def _machine_texts(
    memory: TranslationMemory | None,
    po: polib.POFile,
    msgids: Sequence[str],
    engine: Engine | None,
    source: str,
    lang: str,
) -> dict[str, set[str]]:
    """What the translation memory says was written for ``msgids`` before, whatever the glossary: by
    ``engine`` as it is today, or by the engine an old ``# mt:`` line names."""
    if memory is None:
        return {}
    labels: set[str] = set()
    if engine is not None:
        with contextlib.suppress(LocaliseError):  # no engine today: only the old lines' labels
            labels.add(engine.describe(source, lang))
    wanted = set(msgids)
    for entry in po:
        mark = read_mark(entry) if entry.msgid in wanted else None
        if mark is not None and mark.provenance is None:
            labels.add(mark.line.removeprefix(MT_PREFIX).strip())
    found: dict[str, set[str]] = {}
    for label in labels:
        for msgid, texts in memory.outputs(msgids, MemoryKey(source, lang, label, "")).items():
            found.setdefault(msgid, set()).update(texts)
    return found
