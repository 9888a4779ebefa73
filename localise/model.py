"""The pipeline's data model: Article, Block, Unit, and what a unit's translation is.

Public: Article, Block, Unit, EntryState, Draft, Provenance, Passage, Problem, Term, BLOCK_KINDS,
TRANSLATABLE_KINDS, UNIT_KINDS.

An Article is what ingest makes of a scraped page; Units are what units.py cuts it
into for translation; a Draft is what an engine made of a unit; a Passage is what an
edition shows for it (text and the state of its catalog entry); a Term is one row of the
glossary (``glossary.terms`` loads them) and a Problem what a check found in one translation.
All are frozen dataclasses: stages return new values.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

__all__ = [
    "BLOCK_KINDS",
    "TRANSLATABLE_KINDS",
    "UNIT_KINDS",
    "Article",
    "Block",
    "Draft",
    "EntryState",
    "Passage",
    "Problem",
    "Provenance",
    "Term",
    "Unit",
]

#: Every kind of block ingest produces, in the vocabulary of the live blog.
BLOCK_KINDS = ("title", "lead", "heading", "paragraph", "quote", "image", "source")
#: Block kinds whose text is translated (an image block's text is its caption).
TRANSLATABLE_KINDS = ("title", "lead", "heading", "paragraph", "quote", "image")
#: The roles a unit plays (``Unit.kind``): a block kind, with an image's text as ``caption``.
UNIT_KINDS = ("title", "lead", "heading", "paragraph", "quote", "caption")


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

    def as_dict(self, units: Sequence[Unit] = ()) -> dict[str, object]:
        """The article (and its ``units``) as plain data, for ``localise ingest --json`` and other tools."""
        return {
            "slug": self.slug,
            "source_lang": self.source_lang,
            "path": self.path,
            "title": self.title,
            "published": self.published.isoformat() if self.published else None,
            "source_url": self.source_url,
            "blocks": [
                {"kind": b.kind, "line": b.line, "text": b.text, **({"credit": b.credit} if b.credit else {})}
                for b in self.blocks
            ],
            "units": [{"id": u.id, "kind": u.kind, "line": u.line, "source": u.source} for u in units],
            "dropped": list(self.dropped),
        }


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


class EntryState(enum.Enum):
    """The state of a catalog entry, in a translator's terms (``catalog.state_of`` decides it)."""

    REVIEWED = "reviewed"  # a translator's text, fuzzy cleared: published as it is
    MACHINE = "machine draft"  # fuzzy with an ``mt:`` comment: unreviewed machine translation
    SUGGESTION = "suggestion"  # fuzzy, no ``mt:``: an earlier translation of French that changed
    UNTRANSLATED = "untranslated"  # no text yet
    OBSOLETE = "obsolete"  # ``#~``: its sentence left the article


@dataclass(frozen=True)
class Provenance:
    """What a machine draft was made with, as short hashes the PO ``# mt:`` line keeps.

    ``engine`` is the engine's short name; ``engine_hash`` stands for its full label (versions and
    route), ``glossary_hash`` for the glossary terms the French holds in their target forms,
    ``style_hash`` for the house-style rules that apply. A draft whose hashes differ from today's
    is stale (``changed``).
    """

    engine: str
    engine_hash: str
    glossary_hash: str
    style_hash: str

    def changed(self, now: Provenance) -> tuple[str, ...]:
        """What differs in ``now``: "engine", "glossary", "style" (in that order; empty when nothing)."""
        return tuple(
            what
            for what, mine, theirs in (
                ("engine", (self.engine, self.engine_hash), (now.engine, now.engine_hash)),
                ("glossary", self.glossary_hash, now.glossary_hash),
                ("style", self.style_hash, now.style_hash),
            )
            if mine != theirs
        )


@dataclass(frozen=True)
class Draft:
    """A machine translation for one msgid, with what produced it.

    ``text`` is in the house style; ``unstyled`` is the engine's text with terms and numbers restored,
    before the style ("" when the same). ``provenance`` is what the ``# mt:`` line records.
    """

    text: str
    engine: str  # e.g. "argos translate-fr_en 1.9"
    problems: tuple[str, ...] = ()
    provenance: Provenance | None = None
    unstyled: str = ""


@dataclass(frozen=True)
class Passage:
    """What an edition shows for one unit: the text and the state of its catalog entry."""

    text: str
    state: EntryState


@dataclass(frozen=True)
class Term:
    """One glossary row: French variants (first preferred) and per-language targets.

    An empty target cell means the term keeps its source form in that language.
    """

    line: int
    kind: str
    sources: tuple[str, ...]
    targets: dict[str, tuple[str, ...]] = field(hash=False)
    note: str = ""

    def target(self, lang: str, variant: int = 0) -> str:
        """The form to write in ``lang`` for the French variant at index ``variant``."""
        forms = self.targets.get(lang) or self.sources
        return forms[variant] if variant < len(forms) else forms[0]

    def accepted(self, lang: str) -> tuple[str, ...]:
        """Every target form a translation may use."""
        return self.targets.get(lang) or self.sources

    def accepted_for(self, lang: str, variant: int = 0) -> tuple[str, ...]:
        """The target forms that translate the French variant at index ``variant``.

        Variants pair up by position: "Youri Ouchakov|Ouchakov" -> "Yury Ushakov|Ushakov" asks
        "Yury Ushakov" for the long French form (a bare "Ushakov" is not enough) and "Ushakov"
        for the short one. A form with no partner at its position pairs with the other column's
        first, preferred form: the five French names of the Elmendorf base all ask for "Joint
        Base Elmendorf-Richardson", and "États-Unis" -> "United States|U.S.|US" accepts all three.
        """
        forms = self.accepted(lang)
        own = forms[variant] if variant < len(forms) else forms[0]
        extra = forms[len(self.sources) :] if variant == 0 else ()
        return (own, *extra)


@dataclass(frozen=True)
class Problem:
    """What a rule finds in one entry, before the check places it in the file.

    ``kind`` is the rule's id; ``term`` the French form (or number) of the msgid it is about,
    ``expected`` what the translation should hold and ``found`` what it holds instead, as
    written there ("" for nothing like it), at offset ``start`` of the msgstr (-1 without one).
    ``glossary_term`` is the glossary row a term rule's problem is about (None for a number): a
    ``# localise: allow`` comment may name any of its forms.
    """

    kind: str
    term: str
    expected: str
    found: str = ""
    start: int = -1
    glossary_term: Term | None = None
