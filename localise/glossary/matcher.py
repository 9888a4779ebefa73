"""Whole-word matching of many literal forms at once: the compiled matcher behind the glossary.

Public: strip_marks(text), loose(text), typography(text), squeeze(text), FormMatcher, Haystack,
contains_form(text, form), find_loose(text, forms), closest_words(text, expected), sentence_initial(text, pos),
title_before_name(text, form, lang).

The target-side folds here map one character to one character, so a position in the folded text
is the position in the original: ``strip_marks`` removes accents ("É" -> "E") and unifies
apostrophes, dashes and spaces, keeping case; ``loose`` also lowers case. ``FormMatcher`` compiles
all French forms into one regular expression shaped as a trie (a prefix shared by many forms is
matched once), searched in the text's skeleton (``text.Skeleton``: case, accents, invisible
characters and look-alike letters aside), whose positions it maps back: compiling it costs
milliseconds where one accent-class alternation per form cost half a second. ``contains_form`` is
the target-side test: case and diacritics kept, only a sentence-initial capital excused.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from localise.text import (
    APOSTROPHES,
    CONTROL_SPACES,
    EM_DASH,
    JOINING_DASHES,
    OPENING_QUOTES,
    PRIME,
    SPACES,
    Skeleton,
    invisible_characters,
)

__all__ = [
    "FormMatcher",
    "Haystack",
    "closest_words",
    "contains_form",
    "find_loose",
    "loose",
    "sentence_initial",
    "squeeze",
    "strip_marks",
    "title_before_name",
    "typography",
]

P = TypeVar("P", bound=Hashable)

# The text module's sets: a typed prime counts as an apostrophe here; the em dash is not a
# hyphen ("Kremlin—Moscow" is punctuation, not a compound); any white space is one space, so
# that every fold maps one character to one.
_APOSTROPHES = APOSTROPHES + PRIME
_SPACES = SPACES + CONTROL_SPACES


def _fold_table(*, marks: bool) -> dict[int, int]:
    """A plain ``str.translate`` table (a dict subclass would be twice as slow): one code point to one.

    Accents are stripped in the Latin blocks, where French, Vietnamese and the names of a news
    glossary live (Latin-1 to Extended-B and Latin Extended Additional); elsewhere letters stay.
    """
    # Every code point up to the general punctuation block maps, if only to itself: a character
    # missing from the table costs translate() a raised and caught KeyError.
    table = {code: code for code in range(0x2070)}
    table.update({ord(ch): ord("'") for ch in _APOSTROPHES})
    table.update({ord(ch): ord("-") for ch in JOINING_DASHES})
    table.update({ord(ch): ord(" ") for ch in _SPACES})
    if marks:
        for code in [*range(0xC0, 0x250), *range(0x1E00, 0x1F00)]:
            base = unicodedata.normalize("NFD", chr(code))[0]
            if base != chr(code) and not unicodedata.combining(base):
                table[code] = ord(base)
    return table


_STRIP = _fold_table(marks=True)
_TYPOGRAPHY = _fold_table(marks=False)


def strip_marks(text: str) -> str:
    """``text`` without accents, with one apostrophe, hyphen and space; case kept; same length."""
    if text.isascii():
        return text if text.isprintable() else text.translate(_TYPOGRAPHY)
    return text.translate(_STRIP)


def loose(text: str) -> str:
    """``strip_marks`` and lower case: the key of a case- and accent-blind comparison; same length."""
    stripped = strip_marks(text)
    lowered = stripped.lower()
    if len(lowered) == len(stripped):
        return lowered
    return "".join(ch if len(low := ch.lower()) != 1 else low for ch in stripped)  # "İ" lowers to two


def typography(text: str) -> str:
    """``text`` with one kind of apostrophe, hyphen and space; letters untouched; same length."""
    if text.isascii() and text.isprintable():
        return text
    return text.translate(_TYPOGRAPHY)


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def _key(form: str) -> str:
    """The lookup key of a form: its skeleton (``text.Skeleton``), spaces single."""
    return _squeezed(Skeleton(form.strip()).folded.strip())


def _squeezed(folded: str) -> str:
    return re.sub(" +", " ", folded) if "  " in folded else folded


def _as_written(text: str) -> str:
    """A form or a matched span as its letters are written: case kept, accents, invisible characters
    and typography aside (which of two forms that differ only in case a span is)."""
    hidden = {at for at, _ in invisible_characters(text)}
    visible = "".join(ch for at, ch in enumerate(text) if at not in hidden) if hidden else text
    return _squeezed(strip_marks(visible).strip())


def _tokens(key: str) -> list[str]:
    """Regex tokens of a key: each character as itself, a space as a run of spaces. The first is a
    literal, not a class, so that the regex engine scans the text for the first characters of all
    forms at C speed."""
    return [" +" if ch == " " else re.escape(ch) for ch in key]


def _trie_pattern(sequences: Iterable[list[str]]) -> str:
    """One alternation for many token sequences, as a trie: common prefixes are matched once.

    Longer continuations are tried before a form ends, so the first match at a position is the
    longest form that starts there (the word-boundary check after it makes the engine backtrack
    to a shorter form when a longer one ends inside a word).
    """
    trie: dict[str, Any] = {}
    for tokens in sequences:
        node = trie
        for token in tokens:
            node = node.setdefault(token, {})
        node[""] = {}

    def emit(node: dict[str, Any], depth: int) -> str:
        # After the first character, a look-behind asks that no word character precedes it:
        # placed there (not at the start) it leaves the first character free for the engine's
        # fast scan over the text.
        guard = r"(?<!\w.)" if depth == 0 else ""
        branches = [token + guard + emit(child, depth + 1) for token, child in node.items() if token]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return emit(trie, 0)


@dataclass(frozen=True)
class _Form(Generic[P]):
    text: str
    payload: P


class FormMatcher(Generic[P]):
    """Finds many literal forms in text at once, whole words only, however they are written.

    Text and forms are compared as skeletons (``text.Skeleton``): accents ignored, invisible
    characters skipped ("Pou\u00adtine"), look-alike letters read as the letters they imitate
    ("Pоutine" with a Cyrillic "о"), and capitals: a span may capitalise letters the form writes in
    lower case ("POUTINE", "Porte-parole du Kremlin" at a sentence start), never write a capital of
    the form in lower case ("la poutine" is a dish, "le kremlin" a fortress). Forms with the same
    skeleton that differ in case are kept apart: "Marine" (a first name) and "marine" (the navy)
    are two terms; a span is the one it is written as, else the lower-case one capitalised, else
    (in capitals) the one with a capital. Forms written with the same letters (accents aside) are
    one: the first given wins.
    """

    def __init__(self, forms: Iterable[tuple[str, P]]) -> None:
        self._by_key: dict[str, list[_Form[P]]] = {}
        for text, payload in forms:
            if not text.strip():
                continue
            group = self._by_key.setdefault(_key(text), [])
            if all(_as_written(f.text) != _as_written(text) for f in group):
                group.append(_Form(text, payload))
        self._regex: re.Pattern[str] | None = None
        self._payload: dict[
            str, P | None
        ] = {}  # matched text -> payload: few distinct spans, met again and again

    def __len__(self) -> int:
        return sum(map(len, self._by_key.values()))

    @property
    def regex(self) -> re.Pattern[str]:
        """Compiled on first use: a run that never searches never pays for it."""
        if self._regex is None:
            body = _trie_pattern(_tokens(key) for key in self._by_key if key)
            self._regex = re.compile(f"(?:{body})(?!\\w)" if body else r"(?!)")
        return self._regex

    def finditer(self, text: str) -> list[tuple[int, int, P]]:
        """(start, end, payload) of every non-overlapping match in ``text``, longest form first at each
        position; positions are ``text``'s."""
        if not self._by_key:
            return []
        skeleton = Skeleton(text)
        folded, regex, found = skeleton.folded, self.regex, []
        at = 0
        while (m := regex.search(folded, at)) is not None:
            matched = m.group(0)
            for length in _ends(matched):  # the longest form whose case fits, else a shorter one
                start, end = skeleton.span(m.start(), m.start() + length)
                hit = self._hit(matched[:length], text[start:end])
                if hit is not None:
                    found.append((start, end, hit))
                    at = m.start() + length
                    break
            else:
                at = m.start() + 1
        return found

    def _hit(self, key: str, span: str) -> P | None:
        """The payload of the form ``span`` is (its skeleton is ``key``), None when no form's case fits."""
        if span in self._payload:
            return self._payload[span]
        fits = [f for f in self._by_key.get(_squeezed(key), ()) if _case_fits(f.text, span)]
        hit = self._payload[span] = _choose(fits, span) if fits else None
        return hit


def _ends(matched: str) -> Iterable[int]:
    """Where a form may end in a match, longest first: its end, then before each non-word character."""
    yield len(matched)
    for end in range(len(matched) - 1, 0, -1):
        if not _is_word(matched[end]) and matched[end - 1] != " ":
            yield end


def _letters(text: str) -> list[str]:
    return [ch for ch in _as_written(text) if ch.isalpha()]


def _case_fits(form: str, span: str) -> bool:
    """Whether ``span`` writes every capital of ``form`` as a capital (it may add others)."""
    wanted, written = _letters(form), _letters(span)
    if len(wanted) != len(written):  # a ligature, a digit for a letter: a capital where the form has one
        return any(ch.isupper() for ch in written) or not any(ch.isupper() for ch in wanted)
    return all(have.isupper() or not want.isupper() for want, have in zip(wanted, written, strict=True))


def _choose(forms: Sequence[_Form[P]], span: str) -> P:
    """Of forms with one skeleton whose case fits ``span``: the one written as it, else a lower-case one
    capitalised, else one with a capital (a span in capitals is more often a name), else the first."""
    if len(forms) == 1:
        return forms[0].payload
    written = _as_written(span)
    shapes = [(_as_written(f.text), f.payload) for f in forms]
    for shape, hit in shapes:
        if shape == written:
            return hit
    for shape, hit in shapes:
        if shape[:1].islower() and shape[:1].upper() + shape[1:] == written:
            return hit
    return next((hit for shape, hit in shapes if shape[:1].isupper()), forms[0].payload)


_OPENERS = "\"'" + OPENING_QUOTES + "‘([" + EM_DASH + "–-¿¡ "
_ENDS = ".!?…:"


def sentence_initial(text: str, pos: int) -> bool:
    """Whether ``text[pos]`` begins a sentence: the text's start or after ". ", "! ", "? ", ": ".

    Opening quotes and brackets in between do not matter ('He said: “Putin…').
    """
    i = pos - 1
    while i >= 0 and text[i] in _OPENERS:
        i -= 1
    if i < 0:
        return True
    return text[i] in _ENDS and i < pos - 1


def _whole_word_at(text: str, start: int, end: int) -> bool:
    return (start == 0 or not _is_word(text[start - 1])) and (end == len(text) or not _is_word(text[end]))


def _occurrences(text: str, form: str) -> Iterable[int]:
    start = text.find(form)
    while start != -1:
        if _whole_word_at(text, start, start + len(form)):
            yield start
        start = text.find(form, start + 1)


def contains_form(text: str, form: str) -> int:
    """Where ``form`` stands as whole words in ``text`` (case and diacritics kept), or -1.

    ``text`` is ``squeeze``d (one kind of apostrophe, hyphen and space, single spaces); the only
    difference forgiven is a capital first letter at the start of a sentence ("Special envoy
    Steve Witkoff said" holds "special envoy"). The position is in ``text`` with spaces squeezed.
    """
    wanted = _prepared(form)
    for pos in _occurrences(text, wanted):
        return pos
    capital = wanted[:1].upper() + wanted[1:]
    if capital != wanted:
        for pos in _occurrences(text, capital):
            if sentence_initial(text, pos):
                return pos
    return -1


_SMALL_WORDS = frozenset(["a", "an", "and", "at", "for", "in", "of", "on", "the", "to"])


def title_before_name(text: str, form: str, lang: str) -> bool:
    """Whether the title ``form`` stands capitalised directly before a name, as news style writes it.

    AP capitalises every word of a title that precedes a name ("Alaska Governor Mike Dunleavy",
    "Special Envoy Steve Witkoff"), the Vietnamese press its first word ("Đặc phái viên Steve
    Witkoff"); both write it in lower case elsewhere. ``text`` is ``squeeze``d.
    """
    wanted = _prepared(form)
    if lang.split("_")[0].split("-")[0] == "vi":
        capitalised = wanted[:1].upper() + wanted[1:]
    else:
        words = wanted.split(" ")
        capitalised = " ".join(
            w if w in _SMALL_WORDS and i else w[:1].upper() + w[1:] for i, w in enumerate(words)
        )
    for pos in _occurrences(text, capitalised):
        rest = text[pos + len(capitalised) :]
        if rest[:1] == " " and rest[1:2].isupper():
            return True
    return False


@functools.lru_cache(maxsize=4096)
def _prepared(form: str) -> str:
    return typography(unicodedata.normalize("NFC", form))


@functools.lru_cache(maxsize=4096)
def _variants(form: str) -> tuple[tuple[str, str, bool], ...]:
    """(as written, accents stripped, only at a sentence start) for a form and its capitalised twin."""
    wanted = _prepared(form)
    capital = wanted[:1].upper() + wanted[1:]
    out = [(wanted, strip_marks(wanted), False)]
    if capital != wanted:
        out.append((capital, strip_marks(capital), True))
    return tuple(out)


class Haystack:
    """A translation searched for many target forms: folded once, each form then a few ``find`` calls.

    ``folded`` is the text through ``strip_marks`` (what ``FormMatcher`` searches); ``has`` looks a
    form up there and confirms each hit against the text as written, so case and diacritics count
    as in ``contains_form``.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.folded = strip_marks(text)
        self._squeezed: str | None = None if "  " in self.folded else ""
        self._loose: str | None = None

    @property
    def loose(self) -> str:
        """``loose(text)``, computed on first use (only findings need it)."""
        if self._loose is None:
            self._loose = (
                self.folded.lower() if len(self.folded.lower()) == len(self.folded) else loose(self.text)
            )
        return self._loose

    def has(self, form: str) -> bool:
        """Whether ``form`` stands in the text as ``contains_form`` would find it."""
        if self._squeezed is None or self._squeezed:  # runs of spaces: compare on squeezed text
            if self._squeezed is None:
                self._squeezed = squeeze(self.text)
            return contains_form(self._squeezed, form) >= 0
        folded, text, size = self.folded, self.text, len(self.folded)
        for written, key, initial in _variants(form):
            pos = folded.find(key)
            while pos != -1:
                end = pos + len(key)
                before = folded[pos - 1] if pos else " "
                after = folded[end] if end < size else " "
                if (
                    not (before.isalnum() or before == "_")
                    and not (after.isalnum() or after == "_")
                    and (text[pos:end] == written or typography(text[pos:end]) == written)
                    and (not initial or sentence_initial(folded, pos))
                ):
                    return True
                pos = folded.find(key, pos + 1)
        return False


def squeeze(text: str) -> str:
    """``typography(text)`` with runs of spaces as one: the text ``contains_form`` searches."""
    text = typography(text)
    return re.sub(" {2,}", " ", text) if "  " in text else text


def find_loose(text: str, forms: Sequence[str], *, folded: str | None = None) -> tuple[int, int] | None:
    """The span of the longest of ``forms`` found as whole words in ``text`` ignoring case and accents.

    ``folded`` is ``loose(text)`` when the caller has it already.
    """
    folded = loose(text) if folded is None else folded
    for key in _loose_keys(tuple(forms)):
        for pos in _occurrences(folded, key):
            return pos, pos + len(key)
    return None


@functools.lru_cache(maxsize=1024)
def _loose_keys(forms: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(sorted(dict.fromkeys(loose(typography(f)) for f in forms), key=len, reverse=True))


_WORD = re.compile(rf"\w+(?:['{_APOSTROPHES}{JOINING_DASHES}-]\w+)*")


def closest_words(
    text: str, expected: str, *, cutoff: float = 75.0, neighbour_cutoff: float = 60.0
) -> tuple[int, int] | None:
    """The span of the words of ``text`` that most resemble ``expected`` (a misspelt "Ushakoff").

    Each word of ``text`` scores its best rapidfuzz ratio against a word of ``expected``
    (case and accents ignored); the best word, if it passes ``cutoff``, widened to neighbours
    that pass ``neighbour_cutoff`` ("Kremlin spokesperson" for "Kremlin spokesman"), up to as
    many words as ``expected`` has, is the span.
    """
    from rapidfuzz import fuzz

    wanted = [w for w in loose(expected).split() if len(w) >= 3] or loose(expected).split()
    words = [(m.start(), m.end(), loose(m.group(0))) for m in _WORD.finditer(text)]
    scores = [max(fuzz.ratio(w, e) for e in wanted) if len(w) >= 3 else 0.0 for _, _, w in words]
    if not scores or max(scores) < cutoff:
        return None
    best = scores.index(max(scores))
    first = last = best
    while last - first + 1 < len(wanted):
        left = scores[first - 1] if first > 0 else -1.0
        right = scores[last + 1] if last + 1 < len(words) else -1.0
        if max(left, right) < neighbour_cutoff:
            break
        if left >= right:
            first -= 1
        else:
            last += 1
    return words[first][0], words[last][1]
