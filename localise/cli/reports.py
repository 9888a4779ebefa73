"""Plain-text views of results, as the command line prints them (JSON views are the dataclasses).

Public: ingest_report(article, units, verbose), stats_report(rows), build_report(result, display),
unchanged_report(standing), eval_report(scores), engines_report(report).

Each function takes what a library call returned and gives the lines to print, so the
CLI stays a thin layer and the wording is tested without a terminal.
"""

from __future__ import annotations

import shlex
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from localise.model import Article, Unit

if TYPE_CHECKING:  # pragma: no cover
    from localise.app import BuildResult, CatalogRow
    from localise.buildstate import Standing
    from localise.mt.engines.registry import EngineReport
    from localise.qa.evaluate import LanguageScore

__all__ = [
    "build_report",
    "engines_report",
    "eval_report",
    "ingest_report",
    "stats_report",
    "unchanged_report",
]


def ingest_report(article: Article, units: Sequence[Unit], *, verbose: bool = False) -> list[str]:
    """The blocks by kind, the dropped chrome count (and lines with ``verbose``), every unit."""
    lines = [f"{article.path}: {article.slug} ({article.source_lang})", f"  title: {article.title}"]
    if article.published:
        lines.append(f"  published: {article.published.isoformat()}")
    kinds = Counter(b.kind for b in article.blocks)
    lines.append("  blocks: " + ", ".join(f"{kind} {n}" for kind, n in kinds.items()))
    lines.append(f"  units: {len(units)}; page chrome dropped: {len(article.dropped)}")
    lines += [f"  dropped: {line}" for line in article.dropped] if verbose else []
    lines += [f"{u.line:>5} {u.id:<14} {u.kind:<9} {u.source}" for u in units]
    return lines


def stats_report(rows: Sequence[CatalogRow]) -> list[str]:
    """One line per catalog: entries by state, % reviewed, glossary terms."""
    if not rows:
        return ["no catalogs under locale/; run `localise build` first"]
    lines = [
        f"{'lang':<5} {'total':>6} {'reviewed':>9} {'machine':>8} {'suggest':>8} {'untransl':>9} "
        f"{'obsolete':>9} {'terms':>6} {'findings':>8}  {'edition':<19} catalog"
    ]
    for row in rows:
        s = row.stats
        pct = 100 * s.reviewed / s.total if s.total else 0.0
        edition = f"{row.readiness}, {'out' if row.goes_out else 'held'}"
        lines.append(
            f"{row.lang:<5} {s.total:>6} {s.reviewed:>5} {pct:>3.0f}% {s.machine_drafts:>8} {s.suggestions:>8} "
            f"{s.untranslated:>9} {s.obsolete:>9} {s.glossary_terms:>6} {row.findings:>8}  {edition:<19} {row.catalog}"
        )
    return lines


def _counts(lang: str, drafted: int, unreviewed: int, suggestions: int, untranslated: int) -> str:
    return (
        f"{lang}: {drafted} new machine drafts, {unreviewed} unreviewed, "
        f"{suggestions} suggestions, {untranslated} untranslated"
    )


def _edition(catalog: str, readiness: str, shortfall: str) -> str:
    return f"{catalog}: {readiness}{f' ({shortfall})' if shortfall else ''}"


def _outputs(written: int, pages: Sequence[str], previews: Sequence[str]) -> list[str]:
    return [
        f"catalogs written: {written}; published: {', '.join(pages)}",
        f"previews (not published): {', '.join(previews)}",
    ]


def build_report(result: BuildResult, display: Callable[[Path], str]) -> tuple[list[str], list[str]]:
    """(lines for stdout, lines for stderr) summing a build up: states per language, memory, outputs."""
    out = [
        _counts(
            lang,
            result.drafted[lang],
            result.unreviewed[lang],
            result.suggestions[lang],
            result.untranslated[lang],
        )
        for lang in result.untranslated
    ]
    for lang, kinds in result.remembered.items():
        out.append(
            f"{lang}: {sum(kinds.values())} suggestions from reviewed articles "
            f"({kinds.get('exact', 0)} same French, {kinds.get('fuzzy', 0)} similar)"
        )
    for lang, count in result.refreshed_drafts.items():
        if count:
            changed = result.refreshed.get(lang, {})
            why = [f"{reason} changed: {n}" for reason, n in sorted(changed.items()) if reason != "old mark"]
            if changed.get("old mark"):
                why.append(f"old # mt: line: {changed['old mark']}")
            out.append(
                f"{lang}: {count} machine drafts refreshed ({', '.join(why)}); drafts a translator edited are kept"
            )
    err = [f"notice: {notice}" for notice in result.notices]
    if result.report is not None:
        hits = sum(result.report.memory_hits.values())
        out.append(f"translation memory: {hits} hits; engine calls: {result.report.engine_calls}")
    if any(result.untranslated.values()):
        reasons = result.model_problems or [_SKIPPED]
        err += [f"untranslated entries stay empty: {reason}" for reason in reasons]
    out += [_edition(s.catalog, s.readiness.value, s.shortfall()) for s in result.statuses.values()]
    out += _outputs(
        len(result.catalogs_written),
        [display(p) for p in result.editions],
        [display(p) for p in result.previews],
    )
    if result.uncovered:
        out.append(
            f"{result.uncovered} names not in glossary.csv: run `localise glossary suggest "
            f"{' '.join(map(shlex.quote, result.uncovered_in))}`"
        )
    return out, err


_SKIPPED = "machine translation was skipped (--no-mt)"


def unchanged_report(standing: Standing) -> tuple[list[str], list[str]]:
    """``build_report`` of a build that found nothing changed: the standing its state kept (machine
    translation was off, or no entry depended on it)."""
    totals = {lang: [0, 0, 0] for lang in standing.langs}
    for lang, *_, machine, suggestions, untranslated in standing.editions:
        for index, count in enumerate((machine, suggestions, untranslated)):
            totals[lang][index] += count
    out = [_counts(lang, 0, *counts) for lang, counts in totals.items()]
    err = [f"notice: {notice}" for notice in standing.notices]
    if any(counts[2] for counts in totals.values()):
        err.append(f"untranslated entries stay empty: {_SKIPPED}")
    out += [
        _edition(catalog, readiness, shortfall) for _, catalog, readiness, shortfall, *_ in standing.editions
    ]
    out += _outputs(0, standing.pages, standing.previews)
    return out, err


def eval_report(scores: Sequence[LanguageScore]) -> list[str]:
    """A score table per system and language, then the worst sentences of each."""
    lines = [
        f"{'system':<9} {'lang':<4} {'n':>3} {'chrF':>6} {'BLEU':>6} {'terms ok':>9} {'adherence':>9} {'FR left':>7}"
    ]
    for s in scores:
        lines.append(
            f"{s.system:<9} {s.lang:<4} {s.sentences:>3} {s.chrf:>6.1f} {s.bleu:>6.1f} "
            f"{s.terms_correct:>4}/{s.terms_expected:<4} {s.adherence:>8.0f}% {s.french_forms_left:>7}"
        )
    for s in scores:
        lines.append(f"\nworst {len(s.worst)} by chrF ({s.system}, {s.lang}):")
        lines += [f"  {item['chrf']:>5}  line {item['line']}: {item['hypothesis']}" for item in s.worst]
    return lines


def engines_report(report: EngineReport) -> list[str]:
    """Each engine, available or not and why, with its pairs; then the route per target language."""
    lines = []
    for status in report.engines:
        mark = "available" if status.available else "unavailable"
        lines.append(f"{status.name:<15} {mark:<12} {status.detail}")
        if status.pairs:
            lines.append(f"{'':<15} pairs: {', '.join(f'{s}→{t}' for s, t in status.pairs)}")
    lines.append("routes:")
    lines += [f"  fr→{r.lang}: {r.engine or 'none'} ({r.reason})" for r in report.routes]
    return lines
