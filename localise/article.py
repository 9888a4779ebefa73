"""The pipeline's data model: Article, Block and Unit.

Public: Article, Block, Unit, BLOCK_KINDS, TRANSLATABLE_KINDS.

An Article is what ingest makes of a scraped page; Units are what units.py cuts it
into for translation. All are frozen dataclasses: stages return new values.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

__all__ = ["BLOCK_KINDS", "TRANSLATABLE_KINDS", "Article", "Block", "Unit"]

#: Every kind of block ingest produces, in the vocabulary of the live blog.
BLOCK_KINDS = ("title", "lead", "heading", "paragraph", "quote", "image", "source")
#: Block kinds whose text is translated (an image block's text is its caption).
TRANSLATABLE_KINDS = ("title", "lead", "heading", "paragraph", "quote", "image")


@dataclass(frozen=True)
class Block:
    """One piece of the article.

    For ``image`` blocks ``text`` is the caption and ``credit`` the photo credit
    ("AFP" for "(Photo : AFP)"); for ``source`` blocks ``text`` is the URL.
    ``line`` is the 1-based line of the text in the source file.
    """

    kind: str
    text: str
    line: int
    credit: str = ""
    src: str = ""


@dataclass(frozen=True)
class Article:
    """A scraped article: its identity, metadata and blocks in reading order."""

    slug: str
    source_lang: str
    path: str
    title: str
    blocks: tuple[Block, ...]
    published: datetime | None = None
    source_url: str = ""
    dropped: tuple[str, ...] = field(default=(), compare=False)

    def count(self, kind: str) -> int:
        """Number of blocks of ``kind``."""
        return sum(1 for b in self.blocks if b.kind == kind)


@dataclass(frozen=True)
class Unit:
    """A translation unit: one source sentence with a stable id.

    ``block`` is the index of its block in ``Article.blocks`` and ``ref`` the
    ``path:line`` reference written to PO files.
    """

    id: str
    kind: str
    source: str
    path: str
    line: int
    block: int

    @property
    def ref(self) -> str:
        return f"{self.path}:{self.line}"
