"""The word lists of news French that the glossary suggester reads, as data (``lexicon.toml``).

Public: Lexicon, load_lexicon(), LEXICON, STOP_WORDS.

``lexicon.toml`` ships inside the package and is read once, with ``importlib.resources`` and
``tomllib``; the scanner and the grouping read ``LEXICON``'s fields. Adding a title, a cue or
an institution head is an edit of the TOML file, not of the code.
"""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass
from importlib import resources
from typing import Any

__all__ = ["LEXICON", "STOP_WORDS", "Lexicon", "load_lexicon"]


@dataclass(frozen=True)
class Lexicon:
    """Every list of ``lexicon.toml``, each field named as its key there (the comments there say
    what each list is for); endings become one regular expression that matches a word ending so."""

    stop_words: frozenset[str]
    elisions: frozenset[str]
    abbreviations: frozenset[str]
    honorifics: frozenset[str]
    particles: frozenset[str]
    article_particles: frozenset[str]
    name_particles: frozenset[str]
    noun_endings: re.Pattern[str]
    adjective_endings: re.Pattern[str]
    specific_titles: tuple[str, ...]
    generic_titles: tuple[str, ...]
    institution_heads: frozenset[str]
    geo_heads: frozenset[str]
    weak_place: frozenset[str]
    connectors: frozenset[str]
    vietnamese_surnames: frozenset[str]
    #: cue word -> the kind it votes for ("province" -> "place")
    cues: dict[str, str]


def _endings(words: list[str]) -> re.Pattern[str]:
    return re.compile("(?:" + "|".join(re.escape(w) for w in words) + ")$")


@functools.cache
def load_lexicon() -> Lexicon:
    """The lexicon shipped with the package (read once)."""
    data = tomllib.loads(resources.files(__package__).joinpath("lexicon.toml").read_text(encoding="utf-8"))
    fields: dict[str, Any] = {key: frozenset(words) for key, words in data.items()}  # most are word sets
    fields.update(
        noun_endings=_endings(data["noun_endings"]),
        adjective_endings=_endings(data["adjective_endings"]),
        specific_titles=tuple(data["specific_titles"]),
        generic_titles=tuple(data["generic_titles"]),
        cues={word: kind for kind, words in data["cues"].items() for word in words},
    )
    return Lexicon(**fields)


LEXICON = load_lexicon()
#: Capitalised words that never begin or make up a name (French determiners, pronouns, …).
STOP_WORDS = LEXICON.stop_words
