"""Article -> translation units: one per sentence, each with a stable id.

Public: split_sentences(text), make_units(article), normalise(text), unit_id(text, occurrence).

Sentences are split on final punctuation followed by a capital or an opening
quote, except after French abbreviations ("M.", "Mme", initials) and inside
« … » quotations, so a quoted passage of several sentences stays one unit.
An id is a hash of the normalised sentence plus an occurrence number for exact
repeats, so editing, inserting or moving one paragraph leaves every other id alone.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter

from localise.model import TRANSLATABLE_KINDS, Article, Unit
from localise.text import normalise

__all__ = ["make_units", "normalise", "split_sentences", "unit_id"]

_ABBREVIATIONS = frozenset(
    [
        "m",
        "mm",
        "mme",
        "mmes",
        "mlle",
        "mlles",
        "dr",
        "pr",
        "me",
        "mgr",
        "st",
        "ste",
        "av",
        "apr",
        "j.-c",
        "etc",
        "cf",
        "p",
        "pp",
        "vol",
        "n",
        "no",
        "art",
        "env",
        "min",
        "max",
        "mr",
        "mrs",
        "ms",
        "jr",
        "sr",
        "gen",
        "gén",
        "col",
        "lt",
        "sgt",
        "prof",
        "vs",
    ]
)
_OPENERS = "«“"
_CLOSERS = "»”"
_END = ".!?…"


def unit_id(text: str, occurrence: int = 1) -> str:
    """Stable id of a sentence: 12 hex digits of its normalised hash, ``-N`` for the Nth repeat."""
    digest = hashlib.sha1(normalise(text).encode("utf-8")).hexdigest()[:12]
    return digest if occurrence == 1 else f"{digest}-{occurrence}"


#: Longest word read back from a period: an abbreviation or a dotted acronym is shorter, and a
#: bound keeps "A.A.A.A…" (a period every second character) linear.
_WORD_BEFORE_MAX = 40


def _word_before(text: str, end: int) -> str:
    start = end
    while start > max(0, end - _WORD_BEFORE_MAX) and (text[start - 1].isalnum() or text[start - 1] in ".-"):
        start -= 1
    return text[start:end]


def _is_abbreviation(text: str, dot: int) -> bool:
    word = _word_before(text, dot)
    if not word:
        return False
    if word.lower().strip(".") in _ABBREVIATIONS:
        return True
    # An initial ("J. Biden") or a dotted acronym ("U.S.").
    return (len(word.replace(".", "")) == 1 and word[-1].isupper()) or bool(
        re.fullmatch(r"(?:[A-Z]\.)+[A-Z]", word)
    )


def split_sentences(text: str) -> list[str]:
    """Split one block's text into sentences (see the module docstring for the rules)."""
    sentences: list[str] = []
    depth = 0
    start = 0
    i = 0
    n = len(text)
    follows = _ClosingFollows(text)
    while i < n:
        ch = text[i]
        if ch in _OPENERS:
            depth += 1
        elif ch in _CLOSERS:
            depth = max(0, depth - 1)
        elif ch == '"':  # a straight quote glued to the text before it closes a quotation
            depth = depth - 1 if depth > 0 and (i == 0 or not text[i - 1].isspace()) else depth + 1
        elif (ch in _END and depth == 0) or (ch in _END and depth == 1 and follows(i)):
            j = i + 1
            while j < n and text[j] in _END:
                j += 1
            if j < n and text[j] in _CLOSERS + '"' and depth == 1:
                depth = 0
                j += 1
            if depth == 0 and (ch != "." or not _is_abbreviation(text, i)):
                k = j
                while k < n and text[k].isspace():
                    k += 1
                if k > j and k < n and (text[k].isupper() or text[k] in _OPENERS + '"' or text[k].isdigit()):
                    sentences.append(text[start:j].strip())
                    start = k
                    i = k
                    continue
            i = j
            continue
        i += 1
    tail = text[start:].strip()
    if tail:
        sentences.append(tail)
    return sentences


class _ClosingFollows:
    """Whether a closing quote follows ``text[i]`` past final punctuation and spaces ("… fin. »").

    The run of punctuation and spaces after ``i`` is read once and remembered for every position in
    it: read again from each, a long run of periods inside a quotation cost its length squared.
    """

    _SKIPPED = _END + " \u00a0\u202f"

    def __init__(self, text: str) -> None:
        self.text = text
        self.run = (0, -1)  # positions known to be in one run, and where the run stops

    def __call__(self, i: int) -> bool:
        text = self.text
        first, stop = self.run
        if not first <= i + 1 <= stop:
            stop = i + 1
            while stop < len(text) and text[stop] in self._SKIPPED:
                stop += 1
            self.run = (i + 1, stop)
        return stop < len(text) and text[stop] in _CLOSERS


def make_units(article: Article) -> list[Unit]:
    """Cut every translatable block of ``article`` into sentence units, in reading order.

    A unit's kind is its block's, except that an image block's text is a ``caption``.
    """
    seen: Counter[str] = Counter()
    units: list[Unit] = []
    for index, block in enumerate(article.blocks):
        if block.kind not in TRANSLATABLE_KINDS or not block.text:
            continue
        for sentence in split_sentences(block.text):
            key = normalise(sentence)
            seen[key] += 1
            units.append(
                Unit(
                    id=unit_id(sentence, seen[key]),
                    kind="caption" if block.kind == "image" else block.kind,
                    source=sentence,
                    path=article.path,
                    line=block.line,
                    block=index,
                )
            )
    return units
