"""localise: offline news translation and localisation.

Public: Article, Block, Unit, CatalogError, GlossaryError, LocaliseError, ModelMissing, SourceError,
make_units, parse_html, parse_text, read_article, split_sentences, __version__.

The pipeline, one package per stage (docs/ARCHITECTURE.md): ``sources`` (ingest, units) ->
``glossary`` -> ``mt`` (protect, translate, memory, engines) -> ``catalogs`` -> ``qa`` ->
``publish``; ``app`` runs the build, ``cli`` is the command line. Import what a newsroom
script needs from here: each name loads its stage when first used, so ``import localise``
(and every command's start-up) stays cheap.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:  # pragma: no cover
    from localise.errors import CatalogError, GlossaryError, LocaliseError, ModelMissing, SourceError
    from localise.model import Article, Block, Unit
    from localise.sources.ingest import parse_html, parse_text, read_article
    from localise.sources.units import make_units, split_sentences

_WHERE = {
    "Article": "localise.model",
    "Block": "localise.model",
    "Unit": "localise.model",
    "CatalogError": "localise.errors",
    "GlossaryError": "localise.errors",
    "LocaliseError": "localise.errors",
    "ModelMissing": "localise.errors",
    "SourceError": "localise.errors",
    "parse_html": "localise.sources.ingest",
    "parse_text": "localise.sources.ingest",
    "read_article": "localise.sources.ingest",
    "make_units": "localise.sources.units",
    "split_sentences": "localise.sources.units",
}

__all__ = [
    "Article",
    "Block",
    "CatalogError",
    "GlossaryError",
    "LocaliseError",
    "ModelMissing",
    "SourceError",
    "Unit",
    "__version__",
    "make_units",
    "parse_html",
    "parse_text",
    "read_article",
    "split_sentences",
]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'localise' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
