"""Glossary suggestions written out: rows to paste into glossary.csv, or JSON.

Public: candidates_csv(candidates, *, header), candidates_json(candidates).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from dataclasses import asdict

from localise.glossary.suggest.group import Candidate
from localise.glossary.terms import GLOSSARY_COLUMNS

__all__ = ["candidates_csv", "candidates_json"]


def _note(candidate: Candidate) -> str:
    seen = f"seen {candidate.count} time{'s' if candidate.count > 1 else ''}, first at {candidate.path}:{candidate.line}"
    return f"{candidate.note}; {seen}" if candidate.note else seen


def candidates_csv(candidates: Iterable[Candidate], *, header: bool = False) -> str:
    """Rows ``fr,en,vi,kind,note`` to paste under glossary.csv's header (``header=True`` adds it)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    if header:
        writer.writerow(GLOSSARY_COLUMNS)
    for c in candidates:
        writer.writerow([c.fr, c.en, c.vi, c.kind, _note(c)])
    return out.getvalue()


def candidates_json(candidates: Iterable[Candidate]) -> str:
    """The candidates as a JSON array of their fields (UTF-8 text, names unescaped)."""
    return json.dumps([asdict(c) for c in candidates], ensure_ascii=False, indent=2)
