"""Translation quality against human references: chrF, BLEU, glossary adherence, worst sentences.

Public: read_references(path), evaluate(references, hypotheses, glossary, lang), evaluate_systems(project, ...),
unserved_languages(engines, langs), LanguageScore, Reference, SYSTEMS.

``evaluate`` scores one system's output; ``evaluate_systems`` produces the outputs of the
systems compared (the pipeline, raw argostranslate, or the committed catalogs) and scores
each the same way.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from localise.errors import SourceError
from localise.glossary.adherence import check_terms
from localise.glossary.terms import Glossary, project_glossary
from localise.mt.engines import Engine
from localise.project import Project

__all__ = [
    "SYSTEMS",
    "LanguageScore",
    "Reference",
    "evaluate",
    "evaluate_systems",
    "read_references",
    "unserved_languages",
]

#: pipeline: glossary-masked batched MT in the house style; raw: argostranslate translate() per
#: sentence (other engines: the engine on the plain French), no glossary, no style;
#: catalog: the translations in locale/ (human or machine).
SYSTEMS = ("pipeline", "raw", "catalog")


@dataclass(frozen=True)
class Reference:
    """One row of a reference file: the French and its human translations by language."""

    line: int
    fr: str
    targets: dict[str, str]


@dataclass
class LanguageScore:
    system: str
    lang: str
    sentences: int
    chrf: float
    bleu: float
    terms_expected: int
    terms_correct: int
    french_forms_left: int
    worst: list[dict[str, object]] = field(default_factory=list)

    @property
    def adherence(self) -> float:
        return 100.0 * self.terms_correct / self.terms_expected if self.terms_expected else 100.0


def read_references(path: str | Path) -> list[Reference]:
    """Read a TSV with a header ``fr<TAB>en<TAB>vi`` (any target columns); one-line errors otherwise."""
    shown = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SourceError(
            f"cannot read references ({exc.__class__.__name__}); give a UTF-8 TSV", path=shown
        ) from exc
    rows = list(csv.reader(text.splitlines(), delimiter="\t", quoting=csv.QUOTE_NONE))
    if not rows or "fr" not in rows[0] or len(rows[0]) < 2:
        raise SourceError("references need a header line: fr<TAB>en<TAB>vi", path=shown, line=1)
    header = rows[0]
    refs = []
    for n, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            raise SourceError(f"row has {len(row)} columns, the header has {len(header)}", path=shown, line=n)
        cells = dict(zip(header, (c.strip() for c in row), strict=True))
        refs.append(Reference(n, cells["fr"], {k: v for k, v in cells.items() if k != "fr" and v}))
    if not refs:
        raise SourceError("references hold no rows", path=shown)
    return refs


def evaluate(
    references: Sequence[Reference],
    hypotheses: Mapping[str, str],
    glossary: Glossary,
    lang: str,
    *,
    system: str,
    worst: int = 5,
) -> LanguageScore:
    """Score ``hypotheses`` (French -> translation) against the ``lang`` column of ``references``."""
    import sacrebleu

    rows = [r for r in references if lang in r.targets]
    hyps = [hypotheses.get(r.fr, "") for r in rows]
    refs = [r.targets[lang] for r in rows]
    chrf = sacrebleu.corpus_chrf(hyps, [refs]).score if rows else 0.0
    bleu = sacrebleu.corpus_bleu(hyps, [refs]).score if rows else 0.0
    expected = correct = left = 0
    per_sentence = []
    for row, hyp, ref in zip(rows, hyps, refs, strict=True):
        terms = glossary.terms_in(row.fr)
        problems = check_terms(glossary, row.fr, hyp, lang)
        missing = {p.glossary_term.line for p in problems if p.kind == "term-missing" and p.glossary_term}
        expected += len(terms)
        correct += sum(1 for t in terms if t.line not in missing)
        left += sum(1 for p in problems if p.kind == "source-form-left")
        per_sentence.append(
            {
                "line": row.line,
                "chrf": round(sacrebleu.sentence_chrf(hyp, [ref]).score, 1),
                "fr": row.fr,
                "hypothesis": hyp,
                "reference": ref,
            }
        )
    per_sentence.sort(key=lambda item: float(str(item["chrf"])))
    return LanguageScore(
        system, lang, len(rows), round(chrf, 2), round(bleu, 2), expected, correct, left, per_sentence[:worst]
    )


def unserved_languages(
    engines: Mapping[str, Engine], langs: Sequence[str], source: str = "fr"
) -> dict[str, str]:
    """lang -> the one-line reason its engine cannot translate from ``source`` here, for each such language."""
    from localise.errors import LocaliseError

    found: dict[str, str] = {}
    for lang in langs:
        engine = engines.get(lang)
        if engine is None:
            continue
        try:
            engine.describe(source, lang)
        except LocaliseError as exc:
            found[lang] = exc.message
    return found


def evaluate_systems(
    project: Project,
    refs_path: str | Path,
    *,
    systems: Sequence[str] = ("pipeline",),
    langs: Sequence[str] = ("en", "vi"),
    engines: Mapping[str, Engine] | None = None,
) -> list[LanguageScore]:
    """Translate the reference French with each system and score it per language.

    ``engines`` (per language) default to each language's route. ``raw`` is the engine with no
    glossary: for argos, argostranslate's own per-sentence ``translate()``; for the others, the
    engine on the plain French.
    """
    refs = read_references(refs_path)
    glossary = project_glossary(project)
    french = list(dict.fromkeys(r.fr for r in refs))
    wanted = [lang for lang in langs if any(lang in r.targets for r in refs)]
    if engines is None and set(systems) - {"catalog"}:
        from localise.mt.engines.registry import engines_for

        engines = engines_for(project, wanted)
    scores: list[LanguageScore] = []
    for system in systems:
        outputs = _outputs(project, system, french, wanted, glossary, engines or {})
        scores.extend(evaluate(refs, outputs[lang], glossary, lang, system=system) for lang in wanted)
    return scores


def _outputs(
    project: Project,
    system: str,
    french: list[str],
    langs: list[str],
    glossary: Glossary,
    engines: Mapping[str, Engine],
) -> dict[str, dict[str, str]]:
    from localise.mt.engines import argos_translate_each

    outputs: dict[str, dict[str, str]] = {lang: {} for lang in langs}
    if system == "pipeline":
        from localise.mt.style import project_style
        from localise.mt.translate import draft_translations

        for lang in langs:
            drafts, _ = draft_translations(
                french,
                source_lang="fr",
                target_langs=[lang],
                engine=engines[lang],
                glossary=glossary,
                styles={lang: project_style(project, lang)},
            )
            outputs[lang] = {s: d.text for s, d in drafts[lang].items()}
        return outputs
    if system == "raw":
        for lang in langs:
            engine = engines[lang]
            engine.describe("fr", lang)  # the engine's own one-line error when it cannot
            raw = (
                argos_translate_each(french, "fr", lang, project.models_dir)
                if engine.name == "argos"
                else engine.translate(french, "fr", lang)
            )
            outputs[lang] = dict(zip(french, raw, strict=True))
        return outputs
    from localise.catalogs.pofile import read_po

    for path in project.catalogs():
        lang = path.parent.parent.name
        if lang in outputs:
            po = read_po(path, lang=lang, display_path=project.display(path))
            outputs[lang].update({e.msgid: e.msgstr for e in po if e.msgstr and not e.obsolete})
    return outputs
