"""The translate stage: French sentences -> machine drafts per language, glossary-safe and remembered.

Public: draft_translations(...), draft_with_engines(...), provenance_of(...), DraftReport.

For each target language: look the sentence up in the translation memory; mask
glossary terms and numbers; send every remaining sentence of every language to
the engine in one batch per hop (the English hop is shared by the pivot to
Vietnamese); restore the target forms. A sentence whose placeholders the model
dropped, duplicated or mangled is translated again with the target forms written
into the French; if a term is still missing, the draft carries the problem so the
catalog flags it. A placeholder is never published. Last, the language's house style
(``mt.style``) rewrites the draft, never inside a restored term or number; the memory keeps
the engine's text, so a style edit needs no new translation. Each draft carries its
``Provenance`` (engine, the glossary terms of its French, the style), which the catalog's
``# mt:`` line records. Only sound drafts are remembered: one that lost a term, or that the
engine also gave for other French, is not.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from localise.errors import ModelMissing
from localise.glossary.adherence import check_terms
from localise.glossary.terms import Glossary
from localise.model import Draft, Provenance
from localise.mt.engines import Engine
from localise.mt.memory import MemoryKey, TranslationMemory
from localise.mt.protect import Masked, mask, prefill, protected_spans, unmask
from localise.mt.style import HouseStyle, no_style
from localise.text import normalise

__all__ = ["DraftReport", "draft_translations", "draft_with_engines", "provenance_of"]


def _short_hash(value: object) -> str:
    return hashlib.sha1(json.dumps(value, ensure_ascii=False).encode("utf-8")).hexdigest()[:8]


def provenance_of(
    source: str, *, lang: str, engine: str, label: str, glossary: Glossary, style: HouseStyle | None = None
) -> Provenance:
    """What a draft of ``source`` into ``lang`` by ``engine`` (its name; ``label`` its full description)
    is made with today: the engine, the glossary terms the French holds (each French form with its
    kind and ``lang`` form: a row added elsewhere changes nothing here) and the style's rules."""
    terms = sorted({(m.text, m.term.kind, m.term.target(lang, m.variant)) for m in glossary.find(source)})
    return Provenance(
        engine,
        _short_hash(label),
        _short_hash(terms),
        (style or no_style(lang)).version(engine),
    )


@dataclass
class DraftReport:
    """What a translate run did, for the command's summary and for tests."""

    requested: dict[str, int] = field(default_factory=dict)
    memory_hits: dict[str, int] = field(default_factory=dict)
    engine_calls: int = 0
    retried: dict[str, int] = field(default_factory=dict)
    flagged: dict[str, int] = field(default_factory=dict)

    def merged(self, other: DraftReport) -> DraftReport:
        """One report for several engines: per-language counts side by side, engine calls added up."""
        return DraftReport(
            {**self.requested, **other.requested},
            {**self.memory_hits, **other.memory_hits},
            self.engine_calls + other.engine_calls,
            {**self.retried, **other.retried},
            {**self.flagged, **other.flagged},
        )


def draft_with_engines(
    wanted: Mapping[str, Sequence[str]],
    *,
    source_lang: str,
    engines: Mapping[str, Engine],
    glossary: Glossary,
    memory: TranslationMemory | None = None,
    styles: Mapping[str, HouseStyle] | None = None,
) -> tuple[dict[str, dict[str, Draft]], DraftReport | None, list[ModelMissing]]:
    """Machine drafts of the sentences ``wanted`` per language, each language on its engine in ``engines``.

    Languages served by the same engine go to it together (the union of their sentences, in
    order), so a pivot shares its first hop (argos's fr→en feeds fr→en→vi). A language its
    engine cannot serve is left out and its ModelMissing returned (a server that does not
    answer raises). Only what a language asked for comes back for it, in its house style
    (``styles``, per language; none by default).
    """
    groups: list[tuple[Engine, list[str]]] = []
    problems: list[ModelMissing] = []
    for lang, engine in engines.items():
        if not wanted.get(lang):
            continue
        try:
            engine.describe(source_lang, lang)
        except ModelMissing as exc:
            problems.append(exc)
            continue
        group = next((langs for known, langs in groups if known is engine), None)
        if group is None:
            groups.append((engine, [lang]))
        else:
            group.append(lang)
    drafts: dict[str, dict[str, Draft]] = {}
    report: DraftReport | None = None
    for engine, langs in groups:
        sources = list(dict.fromkeys(s for lang in langs for s in wanted[lang]))
        new, part = draft_translations(
            sources,
            source_lang=source_lang,
            target_langs=langs,
            engine=engine,
            glossary=glossary,
            memory=memory,
            styles=styles,
        )
        for lang in langs:
            asked = set(wanted[lang])
            drafts[lang] = {s: d for s, d in new[lang].items() if s in asked}
        report = part if report is None else report.merged(part)
    return drafts, report, problems


def draft_translations(
    sources: Sequence[str],
    *,
    source_lang: str,
    target_langs: Sequence[str],
    engine: Engine,
    glossary: Glossary,
    memory: TranslationMemory | None = None,
    styles: Mapping[str, HouseStyle] | None = None,
) -> tuple[dict[str, dict[str, Draft]], DraftReport]:
    """Machine drafts for ``sources`` in every language of ``target_langs``, each in its house style
    (``styles``; none by default).

    An engine with a ``checkpoint`` (the server engines) gets the work in slices of that many
    sentences, each stored in the memory as soon as it is done: a run that stops half-way
    keeps what it translated, and the next run resumes. Raises ModelMissing (from the engine)
    when a language has no model.
    """
    report = DraftReport()
    drafts: dict[str, dict[str, Draft]] = {lang: {} for lang in target_langs}
    unique = list(dict.fromkeys(sources))
    labels = {lang: engine.describe(source_lang, lang) for lang in target_langs}
    keys = {lang: MemoryKey(source_lang, lang, labels[lang], glossary.version) for lang in target_langs}
    chosen = {lang: (styles or {}).get(lang) or no_style(lang) for lang in target_langs}

    def finish(text: str, lang: str, translation: str, problems: Sequence[str]) -> Draft:
        """The engine's ``translation`` of ``text`` (terms and numbers restored) in the house style."""
        style = chosen[lang]
        styled = translation
        if style.rules:
            spans = protected_spans(translation, mask(glossary, text, lang))
            styled = style.apply(translation, source=text, engine=engine.name, protected=spans).text
        provenance = provenance_of(
            text, lang=lang, engine=engine.name, label=labels[lang], glossary=glossary, style=style
        )
        return Draft(
            styled, labels[lang], tuple(problems), provenance, translation if styled != translation else ""
        )

    pending: dict[str, set[str]] = {}
    for lang in target_langs:
        known = memory.lookup(unique, keys[lang]) if memory is not None else {}
        report.requested[lang] = len(unique)
        report.memory_hits[lang] = len(known)
        for text, (stored, stored_problems) in known.items():
            drafts[lang][text] = finish(text, lang, stored, stored_problems)
        pending[lang] = {s for s in unique if s not in known}

    work = [s for s in unique if any(s in pending[lang] for lang in target_langs)]
    size = engine.checkpoint or len(work) or 1
    for start in range(0, len(work), size):
        part = work[start : start + size]
        results = _draft_part(
            {lang: [s for s in part if s in pending[lang]] for lang in target_langs},
            source_lang=source_lang,
            engine=engine,
            glossary=glossary,
            report=report,
        )
        for lang, done in results.items():
            for text, (translation, problems) in done.items():
                drafts[lang][text] = finish(text, lang, translation, problems)
                if problems:
                    report.flagged[lang] = report.flagged.get(lang, 0) + 1
            keep = _worth_keeping(done)
            if memory is not None and keep:
                memory.store(keep, keys[lang])
    return drafts, report


def _worth_keeping(done: Mapping[str, tuple[str, list[str]]]) -> list[tuple[str, str, list[str]]]:
    """The drafts of one slice the memory may keep: not one that lost a glossary term (or a
    placeholder), nor one the engine gave for different French too (a server answering the same
    text for everything). Either would be served again after the engine is fixed."""
    answered: dict[str, set[str]] = {}
    for text, (translation, _) in done.items():
        answered.setdefault(normalise(translation), set()).add(normalise(text))
    return [
        (text, translation, problems)
        for text, (translation, problems) in done.items()
        if not problems and len(answered[normalise(translation)]) == 1
    ]


def _draft_part(
    pending: dict[str, list[str]],
    *,
    source_lang: str,
    engine: Engine,
    glossary: Glossary,
    report: DraftReport,
) -> dict[str, dict[str, tuple[str, list[str]]]]:
    """Mask, translate, restore and (where placeholders broke) retry one slice: ``pending`` sentences per language."""
    langs_with_work = [lang for lang, texts in pending.items() if texts]
    masked: dict[str, dict[str, Masked]] = {}
    for lang in langs_with_work:
        chooser = engine.placeholders(source_lang, lang)
        masked[lang] = {s: mask(glossary, s, lang, placeholder=chooser) for s in pending[lang]}
    # Masked French is the same for every language of one engine (placeholders depend on the
    # slot, not the language), so one engine batch per hop covers all languages.
    batch = list(dict.fromkeys(m.text for lang in langs_with_work for m in masked[lang].values()))
    outputs = engine.translate_many(batch, source_lang, langs_with_work) if batch else {}
    report.engine_calls += len(langs_with_work) if batch else 0

    retry: dict[str, list[str]] = {}
    results: dict[str, dict[str, tuple[str, list[str]]]] = {lang: {} for lang in langs_with_work}
    for lang in langs_with_work:
        by_masked = dict(zip(batch, outputs[lang], strict=True))
        for text, m in masked[lang].items():
            restored, problems = unmask(by_masked[m.text], m)
            results[lang][text] = (restored, problems)
            if problems:
                retry.setdefault(lang, []).append(text)

    # Fallback: the target forms written straight into the French, then checked.
    for lang, texts in retry.items():
        substituted = {t: prefill(glossary, t, lang) for t in texts}
        second = engine.translate_many(list(substituted.values()), source_lang, [lang])
        report.engine_calls += 1
        report.retried[lang] = report.retried.get(lang, 0) + len(texts)
        for text, out in zip(texts, second[lang], strict=True):
            missing = [
                f'glossary: "{p.term}" not written as "{p.expected}"'
                for p in check_terms(glossary, text, out, lang)
                if p.kind == "term-missing"
            ]
            results[lang][text] = (out, missing)
    return results
