"""The grouping of glossary suggestions: occurrences -> candidates, with a kind, variants and a rank.

Public: Candidate, group_candidates(occurrences, corpus, glossary).

Occurrences are grouped under one candidate whatever their elision ("d'Hải Phòng"), plural
("Comités populaires"), accents or short form ("M. Chính" joins "Phạm Minh Chính"). The kind is
the one a title, institution or place span fixed, else the most votes. A capitalised word at the
start of a sentence proves nothing in French ("Selon", "Cependant"): a group made only of those
is kept only where the same word is also capitalised mid-sentence. Candidates come most frequent
first, then in order of first appearance.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from localise.glossary.suggest.scan import Corpus, Occurrence, tokenise
from localise.glossary.terms import Glossary
from localise.text import fold

__all__ = ["Candidate", "group_candidates"]

_KIND_ORDER = ("person", "place", "org", "institution", "title", "other")


@dataclass(frozen=True)
class Candidate:
    """A term the glossary does not cover, ready to become a glossary row.

    ``fr`` is the preferred French form; ``en``/``vi`` are drafted only from a partial glossary
    match (empty otherwise, which in glossary.csv means "keep the French form"); ``note`` says
    why it is a candidate (the title before a name, the cue before a place, the partial match);
    ``count`` occurrences in all articles, the first at ``path:line``; ``forms`` every surface
    form seen (elided, plural, short), in order of appearance.
    """

    fr: str
    en: str
    vi: str
    kind: str
    note: str
    count: int
    path: str
    line: int
    forms: tuple[str, ...]


def group_candidates(
    occurrences: Sequence[Occurrence], corpus: Corpus, glossary: Glossary
) -> list[Candidate]:
    """One candidate per group of ``occurrences`` worth proposing, most frequent first."""
    groups = [g for g in _merge_short_forms(_group(list(occurrences))) if _keep(g, corpus)]
    candidates = [_candidate(g, glossary) for g in groups]
    order = {(c.path, c.line, c.fr): n for n, c in enumerate(candidates)}
    return sorted(candidates, key=lambda c: (-c.count, order[(c.path, c.line, c.fr)]))


@functools.lru_cache(maxsize=16384)
def _key(form: str) -> str:
    """Grouping key: accents, case and a plural -s/-x ignored ("Comités populaires" = "Comité populaire")."""
    words = re.split(r"(\s+|-)", fold(form))
    return "".join(w[:-1] if len(w) > 3 and w[-1] in "sx" else w for w in words)


@dataclass
class _Group:
    key: str
    occurrences: list[Occurrence]

    @property
    def first(self) -> Occurrence:
        return min(self.occurrences, key=lambda o: o.order)

    def kind(self) -> str:
        fixed = Counter(o.fixed_kind for o in self.occurrences if o.fixed_kind)
        if fixed:
            return fixed.most_common(1)[0][0]
        votes: Counter[str] = Counter()
        for o in self.occurrences:
            votes.update(o.votes)
        if not votes:
            return "other"
        best = max(votes.values())
        return next(k for k in _KIND_ORDER if votes[k] == best)

    def single_word(self) -> bool:
        return len(tokenise(self.first.form)) == 1


def _group(occurrences: list[Occurrence]) -> list[_Group]:
    groups: dict[str, _Group] = {}
    for occ in occurrences:
        key = _key(occ.form)
        groups.setdefault(key, _Group(key, [])).occurrences.append(occ)
    return list(groups.values())


def _merge_short_forms(groups: list[_Group]) -> list[_Group]:
    """ "M. Chính" is "Phạm Minh Chính" when exactly one person candidate ends with that word."""
    people = [g for g in groups if g.kind() == "person" and not g.single_word()]
    by_last: dict[str, list[_Group]] = {}
    for g in people:
        by_last.setdefault(_key(tokenise(g.first.form)[-1].text), []).append(g)
    kept = []
    for g in groups:
        owners = by_last.get(g.key, []) if g.single_word() and g.kind() in ("person", "other") else []
        if len(owners) == 1:
            for occ in g.occurrences:
                occ.short = True
            owners[0].occurrences.extend(g.occurrences)
        else:
            kept.append(g)
    return kept


def _keep(group: _Group, corpus: Corpus) -> bool:
    occ = group.occurrences
    if all(o.nested for o in occ):
        return False  # "Agriculture" only ever inside "ministère de l'Agriculture"
    if all(o.initial_single for o in occ):
        return any(o.form in corpus.mid_capitalised for o in occ)  # "Selon", "Cependant"
    return True


def _candidate(group: _Group, glossary: Glossary) -> Candidate:
    occ = sorted(group.occurrences, key=lambda o: o.order)
    full = [o for o in occ if not o.short] or occ
    counts = Counter(o.form for o in full)
    fr = max(counts, key=lambda f: (counts[f], -next(o.order for o in full if o.form == f)))
    variants = [fr]
    for o in occ:
        if fold(o.form) not in {fold(v) for v in variants}:
            variants.append(o.form)
    hints = list(dict.fromkeys(h for o in occ for h in o.hints))
    cues = list(dict.fromkeys(_key(c) for o in occ for c in o.cues))
    if cues:
        hints.append("after " + ", ".join(cues[:3]))
    hints.extend(_glossary_hints(fr, glossary))
    draft = next((o.draft for o in occ if o.draft), {})
    first = occ[0]
    forms = tuple(dict.fromkeys(o.surface for o in occ))
    return Candidate(
        fr="|".join(variants),
        en=draft.get("en", ""),
        vi=draft.get("vi", ""),
        kind=group.kind(),
        note="; ".join(hints[:4]),
        count=len(occ),
        path=first.path,
        line=first.line,
        forms=forms,
    )


def _glossary_hints(fr: str, glossary: Glossary) -> list[str]:
    """A candidate that is an inflected source form, or a target form, of a glossary term."""
    key, folded = _key(fr), fold(fr)
    for term in glossary.terms:
        if any(_key(s) == key for s in term.sources):
            return [
                f"inflected form of glossary line {term.line} ({term.sources[0]}): add it there as a variant"
            ]
        for lang, forms in term.targets.items():
            if any(fold(f) == folded for f in forms):
                return [
                    f"the {lang} form of glossary line {term.line} ({term.sources[0]}): a French variant?"
                ]
    return []
