"""The newsroom's memory: every reviewed entry of every catalog, as suggestions for every other article.

Public: ReviewedMemory, MemoryMatch, FUZZY_THRESHOLD, memory_comment(match), reviewed_entries(po).

An exact match is the same French up to typography (``text.normalise``); a fuzzy one scores at
least ``FUZZY_THRESHOLD`` by msgmerge's measure (gettext's ``fstrcmp``: matching bytes over all
bytes of the two UTF-8 strings, which the merge uses too). Only reviewed entries (a translator's
text with ``fuzzy`` cleared) are remembered, and never those of the article asking. The memory is
an index, not a scan: exact matches are one dictionary look-up; fuzzy ones take the French
sentences that share the most informative words with the query (an inverted index of words, the
most frequent left out) and score only those, within msgmerge's length bound. ``accept`` lets the
caller refuse a match (the glossary and number checks against the new French); the best match
it accepts wins.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import polib

from localise.catalogs.state import state_of
from localise.model import EntryState
from localise.text import normalise

__all__ = ["FUZZY_THRESHOLD", "MemoryMatch", "ReviewedMemory", "memory_comment", "reviewed_entries"]

#: A reviewed translation of other French becomes a suggestion at this similarity or above.
FUZZY_THRESHOLD = 0.8
_CANDIDATES = 400  # at most this many sentences sharing the most words are scored for one query
_WORD = re.compile(r"\w{3,}")
_COMMON = 0.05  # a word in more than this share of the sentences says little about which one


@dataclass(frozen=True)
class MemoryMatch:
    """A reviewed translation found for a French sentence: what it translated, where, how close."""

    msgid: str  # the French it was reviewed for
    msgstr: str
    slug: str  # the article it comes from
    score: float  # 1.0 for an exact match

    @property
    def exact(self) -> bool:
        return self.score >= 1.0


def memory_comment(match: MemoryMatch) -> str:
    """The translator comment a suggestion from the memory carries: where it comes from."""
    how = "same French" if match.exact else f"{round(100 * match.score)}% similar French"
    return f"memory: reviewed in {match.slug} ({how})"


def reviewed_entries(po: polib.POFile) -> list[tuple[str, str]]:
    """(msgid, msgstr) of every entry of ``po`` the memory remembers: reviewed, singular, in file order."""
    return [
        (entry.msgid, entry.msgstr)
        for entry in po
        if entry.msgid and state_of(entry) is EntryState.REVIEWED and not entry.msgid_plural
    ]


class ReviewedMemory:
    """Reviewed entries of catalogs, by language, indexed on their French.

    ``catalogs`` yields (slug, lang, catalog) for every catalog of the project; ``from_entries``
    builds the same memory from (slug, lang, msgid, msgstr) of ``reviewed_entries``, in that order.
    """

    def __init__(self, catalogs: Iterable[tuple[str, str, polib.POFile]] = ()):
        #: normalised French -> index of the sentence
        self._by_key: dict[str, int] = {}
        self._french: list[str] = []
        self._bytes: list[bytes] = []
        #: per sentence: lang -> [(slug, msgid, msgstr)], in the order the catalogs came
        self._translations: list[dict[str, list[tuple[str, str, str]]]] = []
        self._words: dict[str, list[int]] = {}
        self._fill(
            (slug, lang, msgid, msgstr)
            for slug, lang, po in catalogs
            for msgid, msgstr in reviewed_entries(po)
        )

    @classmethod
    def from_entries(cls, entries: Iterable[tuple[str, str, str, str]]) -> ReviewedMemory:
        """The memory of (slug, lang, msgid, msgstr) reviewed entries, as ``reviewed_entries`` lists them."""
        memory = cls()
        memory._fill(entries)
        return memory

    def _fill(self, entries: Iterable[tuple[str, str, str, str]]) -> None:
        keys: dict[str, str] = {}  # msgid -> its key: most French is in several catalogs
        for slug, lang, msgid, msgstr in entries:
            key = keys.get(msgid)
            if key is None:
                key = keys[msgid] = normalise(msgid)
            self._add(slug, lang, key, msgid, msgstr)
        self._common = max(8, int(_COMMON * len(self._french)))

    def __len__(self) -> int:
        return len(self._french)

    def _add(self, slug: str, lang: str, key: str, msgid: str, msgstr: str) -> None:
        index = self._by_key.get(key)
        if index is None:
            index = self._by_key[key] = len(self._french)
            self._french.append(msgid)
            self._bytes.append(msgid.encode("utf-8"))
            self._translations.append({})
            for word in set(_words(msgid)):
                self._words.setdefault(word, []).append(index)
        self._translations[index].setdefault(lang, []).append((slug, msgid, msgstr))

    def lookup(
        self,
        msgid: str,
        lang: str,
        *,
        slug: str,
        accept: Callable[[MemoryMatch], bool] = lambda match: True,
        fuzzy: bool = True,
    ) -> MemoryMatch | None:
        """The best reviewed ``lang`` translation of ``msgid`` from an article other than ``slug``:
        an exact match, else (with ``fuzzy``) the most similar French at or above the threshold, in
        both cases only one that ``accept`` takes."""
        index = self._by_key.get(normalise(msgid))
        if index is not None:
            for match in self._matches(index, lang, slug, 1.0):
                if accept(match):
                    return match
        if not fuzzy:
            return None
        for candidate, score in self._similar(msgid):
            if candidate == index:
                continue
            for match in self._matches(candidate, lang, slug, score):
                if accept(match):
                    return match
        return None

    def _matches(self, index: int, lang: str, slug: str, score: float) -> Iterable[MemoryMatch]:
        for other, msgid, msgstr in self._translations[index].get(lang, ()):
            if other != slug:
                yield MemoryMatch(msgid, msgstr, other, score)

    def _similar(self, msgid: str) -> list[tuple[int, float]]:
        """Sentences at or above the threshold, best first: the candidates the word index gives, scored."""
        from rapidfuzz.distance import Indel

        words = set(_words(msgid))
        telling = [w for w in words if len(self._words.get(w, ())) <= self._common] or list(words)
        shared: Counter[int] = Counter()
        for word in telling:
            shared.update(self._words.get(word, ()))
        if not shared:
            return []
        query = msgid.encode("utf-8")
        # msgmerge's bound: a similarity of t needs the shorter string to be at least t/(2-t) of the longer.
        ratio = FUZZY_THRESHOLD / (2 - FUZZY_THRESHOLD)
        most = shared.most_common(1)[0][1]
        candidates = [
            index
            for index, count in shared.most_common(_CANDIDATES)
            if count * 2 >= most
            and min(len(self._bytes[index]), len(query)) >= ratio * max(len(self._bytes[index]), len(query))
        ]
        from rapidfuzz import process

        scored = process.extract(
            query,
            [self._bytes[i] for i in candidates],
            scorer=Indel.normalized_similarity,
            score_cutoff=FUZZY_THRESHOLD,
            limit=None,
        )
        return [(candidates[position], float(score)) for _, score, position in scored]


def _words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())
