"""Glossary adherence: is each French term in its target form, and no French form left in?

Public: check_terms(glossary, source, translation, lang) -> [Problem], prepare(glossary, langs).

Each French form the glossary finds in the source must appear in the translation in its own
target form (``Term.accepted_for``), case and diacritics kept, only a capital first letter at the
start of a sentence forgiven (``term-missing``). A French form that differs from every target
form and survives into the translation ("Poutine" in English) is a ``source-form-left`` whether
or not the source holds it. One problem per term. The check's two glossary rules (``qa.rules``) report these problems;
machine translation asks the same question of its drafts.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Any

from localise.glossary.matcher import (
    FormMatcher,
    Haystack,
    closest_words,
    find_loose,
    loose,
    squeeze,
    title_before_name,
    typography,
)
from localise.glossary.terms import Glossary, Match, Term
from localise.model import Problem
from localise.text import invisible_characters

__all__ = ["check_terms", "prepare"]


def prepare(glossary: Glossary, langs: Iterable[str]) -> None:
    """Compile the matchers for the source and for ``langs`` now rather than on first use
    (before forking workers, so each does not compile its own)."""
    glossary.prepare()
    for lang in langs:
        _ = _target_side(glossary, lang).leftovers.regex


def check_terms(glossary: Glossary, source: str, translation: str, lang: str) -> list[Problem]:
    """The glossary problems of ``translation`` (in ``lang``) of the French ``source``, one per term.

    "Nha Trang" is not "Nhà Trắng", "white house press secretary" is not "White House press
    secretary"; "Alaska Governor Mike Dunleavy" is: a title capitalised before the name it precedes.
    """
    text = (
        translation
        if unicodedata.is_normalized("NFC", translation)
        else unicodedata.normalize("NFC", translation)
    )
    hidden = invisible_characters(text)
    if hidden:  # "Pu\u00adtin" is "Putin" to a reader: the invisible character is a finding of its own
        found = check_terms(glossary, source, "".join(_visible(text, hidden)), lang)
        offsets = [at for at, _ in _visible(text, hidden, positions=True)]
        return [replace(p, start=offsets[p.start]) if p.start >= 0 else p for p in found]
    haystack = Haystack(text)
    problems: list[Problem] = []
    reported: set[int] = set()
    side = _target_side(glossary, lang)
    for m in glossary.find(source):
        if m.term.line in reported:
            continue
        forms = side.accepted_for(m.term, m.variant)
        if any(map(haystack.has, forms)):
            continue
        if m.term.kind == "title" and any(title_before_name(squeeze(text), form, lang) for form in forms):
            continue  # "Alaska Governor Mike Dunleavy": a title capitalised before the name it precedes
        problems.append(_missing(m, lang, haystack))
        reported.add(m.term.line)
    for start, end, (term, variant) in side.leftovers.finditer(text):
        containers = side.containers[(term.line, variant)]
        if term.line in reported:
            continue
        written = typography(text[start:end]).casefold()
        if any(written == typography(form).casefold() for form in term.accepted(lang)):
            continue  # "Belarus" for "Bélarus": the French form, accent-blind, is the target (whose case
            # is term-missing's business: "BELARUS")
        if any(_inside(text, start, end, container) for container in containers):
            continue  # "base Elmendorf-Richardson" inside "Joint Base Elmendorf-Richardson"
        reported.add(term.line)
        problems.append(
            Problem(
                "source-form-left",
                term.sources[variant],
                term.target(lang, variant),
                text[start:end],
                start,
                term,
            )
        )
    return problems


def _missing(m: Match, lang: str, haystack: Haystack) -> Problem:
    expected = m.term.target(lang, m.variant)
    span = _found_instead(m.term, haystack, expected)
    text = haystack.text
    found, start = (text[span[0] : span[1]], span[0]) if span else ("", -1)
    return Problem("term-missing", m.text, expected, found, start, m.term)


class _TargetSide:
    """What the rules look for in translations into one language, worked out once per glossary.

    ``containers`` holds, by (term line, variant), each French form that must not survive into
    the language, with the accepted target forms that contain it ("Joint Base
    Elmendorf-Richardson" holds "base Elmendorf-Richardson"): inside one of those it is no
    leftover. ``leftovers`` matches only these forms, so a translation with none of them is
    passed over in one search.
    """

    def __init__(self, glossary: Glossary, lang: str) -> None:
        self.lang = lang
        terms = glossary.terms
        targets = sorted({typography(f) for t in terms for f in t.accepted(lang)})
        keys = {_first_lower(t) for t in targets}
        spaced = [(f" {loose(t)} ", t) for t in targets]
        self.containers: dict[tuple[int, int], tuple[str, ...]] = {}
        for term in terms:
            for variant, form in enumerate(term.sources):
                written = typography(form)
                if _first_lower(written) in keys:
                    continue
                key = f" {loose(written)} "
                self.containers[(term.line, variant)] = tuple(
                    t for folded, t in spaced if key in folded and key != folded
                )
        by_line = {t.line: t for t in terms}
        self.leftovers: FormMatcher[tuple[Term, int]] = FormMatcher(
            (by_line[line].sources[variant], (by_line[line], variant)) for line, variant in self.containers
        )
        self._accepted: dict[tuple[int, int], tuple[str, ...]] = {}

    def accepted_for(self, term: Term, variant: int) -> tuple[str, ...]:
        """``term.accepted_for(lang, variant)``, remembered: every entry asks again."""
        key = (term.line, variant)
        forms = self._accepted.get(key)
        if forms is None:
            forms = self._accepted[key] = term.accepted_for(self.lang, variant)
        return forms


@functools.lru_cache(maxsize=32)
def _target_side(glossary: Glossary, lang: str) -> _TargetSide:
    return _TargetSide(glossary, lang)


def _visible(text: str, hidden: Sequence[tuple[int, str]], *, positions: bool = False) -> list[Any]:
    """The characters of ``text`` but the ``hidden`` ones, or (with ``positions``) (offset, character) pairs."""
    gone = {at for at, _ in hidden}
    return [(at, ch) if positions else ch for at, ch in enumerate(text) if at not in gone]


def _first_lower(text: str) -> str:
    return text[:1].lower() + text[1:]


def _inside(text: str, start: int, end: int, container: str) -> bool:
    """Whether ``text[start:end]`` lies inside an occurrence of ``container`` (case and accents ignored)."""
    folded = loose(text)
    key = loose(container)
    pos = folded.find(key, max(0, end - len(key)))
    while pos != -1 and pos <= start:
        if pos + len(key) >= end:
            return True
        pos = folded.find(key, pos + 1)
    return False


def _found_instead(term: Term, haystack: Haystack, expected: str) -> tuple[int, int] | None:
    """Where the translation says what it says instead of ``expected``: another form of the term
    written loosely ("Nha Trang", "white house press secretary", a bare "Ushakov", the French
    "Ouchakov"), else the words most like the expected form (a misspelt "Ushakoff")."""
    return find_loose(haystack.text, _all_forms(term), folded=haystack.loose) or closest_words(
        haystack.text, expected
    )


@functools.lru_cache(maxsize=4096)
def _all_forms(term: Term) -> tuple[str, ...]:
    """Every form of ``term``: its French variants and its targets in every language."""
    return (*term.sources, *(form for forms in term.targets.values() for form in forms))
