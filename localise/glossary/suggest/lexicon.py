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
    text = resources.files(__package__).joinpath("lexicon.toml").read_text(encoding="utf-8")
    data = tomllib.loads(text)
    cues = {word: kind for kind, words in data["cues"].items() for word in words}
    return Lexicon(
        stop_words=frozenset(data["stop_words"]),
        elisions=frozenset(data["elisions"]),
        abbreviations=frozenset(data["abbreviations"]),
        honorifics=frozenset(data["honorifics"]),
        particles=frozenset(data["particles"]),
        article_particles=frozenset(data["article_particles"]),
        name_particles=frozenset(data["name_particles"]),
        noun_endings=_endings(data["noun_endings"]),
        adjective_endings=_endings(data["adjective_endings"]),
        specific_titles=tuple(data["specific_titles"]),
        generic_titles=tuple(data["generic_titles"]),
        institution_heads=frozenset(data["institution_heads"]),
        geo_heads=frozenset(data["geo_heads"]),
        weak_place=frozenset(data["weak_place"]),
        connectors=frozenset(data["connectors"]),
        vietnamese_surnames=frozenset(data["vietnamese_surnames"]),
        cues=cues,
    )


LEXICON = load_lexicon()
#: Capitalised words that never begin or make up a name (French determiners, pronouns, …).
STOP_WORDS = LEXICON.stop_words
