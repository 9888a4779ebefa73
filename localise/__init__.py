"""localise: offline news translation and localisation.

Public: Article, Block, Unit, read_article(path), parse_text(text, ...), parse_html(html, ...),
make_units(article), split_sentences(text), LocaliseError, SourceError, GlossaryError, CatalogError,
ModelMissing, __version__.

The pipeline, one module per stage: ingest -> units -> glossary -> engines/memory
-> catalog -> render. Import what a newsroom script needs from here.
"""

__version__ = "0.1.0"

from localise.errors import CatalogError, GlossaryError, LocaliseError, ModelMissing, SourceError
from localise.model import Article, Block, Unit
from localise.sources.ingest import parse_html, parse_text, read_article
from localise.sources.units import make_units, split_sentences

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
