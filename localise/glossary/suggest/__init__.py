"""Glossary candidates: names, titles, institutions and places in the sources that glossary.csv misses.

Public: suggest_terms(articles, glossary), suggest_sources(project, sources), Candidate.

A term extractor for news French, not a general one: it looks for the things a newsroom glossary
holds, in three steps, each a module: ``scan`` finds the occurrences no glossary match covers
(with the word lists of ``lexicon.toml``, read by ``lexicon``), ``group`` makes them candidates
(kind, variants, rank), and ``output`` writes them as glossary.csv rows or JSON. A candidate that
partly matches the glossary ("Lioudmila Poutine") gets its targets drafted from the glossary's
"Poutine". Pure regular expressions, no model: cheap enough for ``localise build`` to count what
is missing on every run.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from localise.glossary.suggest.group import Candidate, group_candidates
from localise.glossary.suggest.scan import scan
from localise.glossary.terms import Glossary, project_glossary
from localise.model import Article

if TYPE_CHECKING:  # pragma: no cover
    from localise.project import Project

__all__ = ["Candidate", "suggest_sources", "suggest_terms"]


def suggest_terms(articles: Sequence[Article], glossary: Glossary) -> list[Candidate]:
    """Glossary candidates found in ``articles`` and not covered by ``glossary``, most frequent first."""
    occurrences, corpus = scan(articles, glossary)
    return group_candidates(occurrences, corpus, glossary)


def suggest_sources(project: Project, sources: Sequence[str | Path] = ()) -> list[Candidate]:
    """``localise glossary suggest``: candidates in ``sources`` (default: every source of the project)."""
    from localise.sources.ingest import read_article

    paths = [Path(p) for p in sources] or project.sources()
    articles = [read_article(p, display_path=project.display(p)) for p in paths]
    return suggest_terms(articles, project_glossary(project))
