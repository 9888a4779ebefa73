"""Glossary candidates: names, titles, institutions and places in the sources that glossary.csv misses.

Public: Candidate, suggest_terms(articles, glossary), suggest_sources(project, sources), candidates_csv(candidates),
candidate_dicts(candidates), candidates_json(candidates), count_uncovered_names(articles, glossary),
STOP_WORDS.

A term extractor for news French, not a general one: it looks for the things a newsroom glossary
holds. Capitalised runs ("Phạm Minh Chính", "Front de la Patrie du Vietnam", "Elmendorf-Richardson"),
acronyms ("EVN"), titles before names ("le vice-ministre de l'Agriculture et du Développement rural,
Nguyễn Hoàng Hiệp,"), institutions ("ministère de …", "Centre national de …", "Comité …") and
named places ("province de Lào Cai", "fleuve Rouge"). Occurrences are grouped under one candidate
whatever their elision ("d'Hải Phòng"), plural ("Comités populaires"), accents or short form
("M. Chính" joins "Phạm Minh Chính"). What the glossary already covers is left out: a candidate
goes only when one of its capitalised words is outside every glossary match, so "président Poutine"
and "Russie-États-Unis" are covered while "Lioudmila Poutine" is proposed (with its targets drafted
from the glossary's "Poutine").

A capitalised word at the start of a sentence proves nothing in French ("Selon", "Cependant"): it
counts only where the same word is also capitalised mid-sentence, or as part of a multi-word name
whose first word is never seen in lower case. Pure regular expressions, no model: cheap enough for
``localise build`` to count what is missing on every run.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from localise.glossary.terms import Glossary, Match, project_glossary
from localise.model import Article
from localise.text import fold

if TYPE_CHECKING:  # pragma: no cover
    from localise.project import Project

__all__ = [
    "STOP_WORDS",
    "Candidate",
    "candidate_dicts",
    "candidates_csv",
    "candidates_json",
    "count_uncovered_names",
    "suggest_sources",
    "suggest_terms",
]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: Capitalised words that never begin or make up a name: French determiners, pronouns,
#: prepositions, conjunctions and sentence adverbs, plus "État", which French capitalises as a
#: common noun ("télévision d'État"). Everything else sentence-initial is judged on evidence from
#: the corpus (is the word seen in lower case? capitalised mid-sentence?), so this list stays short.
STOP_WORDS = _words("""
    le la les un une des du de d l au aux ce cet cette ces son sa ses leur leurs notre nos votre vos
    mon ma mes il elle ils elles on nous vous je tu qui que quoi dont où lequel laquelle
    et ou mais donc car ni si quand comme lorsque puisque tandis
    à en dans sur sous avec sans pour par vers chez entre depuis pendant avant après selon lors
    malgré outre concernant contre parmi
    alors ainsi aussi cependant toutefois néanmoins pourtant parallèlement auparavant ensuite enfin
    désormais puis déjà encore bien plus moins très ici là voici voilà oui non
    tout tous toute toutes chaque plusieurs quelques certains certaines aucun aucune
    état états
    """)

_ELISIONS = _words("l d j m n s t qu jusqu lorsqu puisqu quoiqu presqu")
_ABBREVIATIONS = _words("m mm mme mmes mlle dr pr me st ste n no gén col lt")
_HONORIFICS = _words("m mm mme mmes mlle")
# Lower-case words allowed inside a name between two capitalised words ("Charles de Gaulle",
# "Front de la Patrie du Vietnam", "Ursula von der Leyen").
_PARTICLES = _words("de du des d' la le van von der den di da dos das del della bin ibn al")
_ARTICLE_PARTICLES = _words("du des la le")
_NAME_PARTICLES = _words("de von van der den di da dos das del della bin ibn Le La")
# Endings of French common nouns: a title's capitalised complement of this shape is one word
# ("ministre de la Défense", "de l'Industrie"), so a capitalised word after it starts a name.
_FRENCH_NOUN = re.compile(
    r"(?:ie|ion|ions|ce|ces|se|ses|té|tés|ure|ures|ment|ments|ts|eur|eurs|ail|ère|ères|age|isme)$"
)

# Titles that announce a person. Generic heads ("président", "général") are proposed only with a
# complement ("président du Comité populaire de Hanoï"); specific ones stand alone.
_SPECIFIC_TITLES = (
    "vice-Premier ministre",
    "Premier ministre",
    "vice-président",
    "vice-présidente",
    "vice-ministre",
    "vice-gouverneur",
    "secrétaire général",
    "secrétaire générale",
    "directeur général",
    "directrice générale",
    "chef d'état-major",
    "envoyé spécial",
    "envoyée spéciale",
    "conseiller présidentiel",
)
_GENERIC_TITLES = (
    "président",
    "présidente",
    "ministre",
    "secrétaire",
    "directeur",
    "directrice",
    "gouverneur",
    "ambassadeur",
    "ambassadrice",
    "porte-parole",
    "conseiller",
    "conseillère",
    "général",
    "commandant",
    "chef",
    "maire",
    # Cues only (never proposed alone): the name after them is a person.
    "gouverneure",
    "chancelier",
    "chancelière",
    "sénateur",
    "sénatrice",
    "député",
    "députée",
    "juge",
    "procureur",
    "procureure",
    "colonel",
    "capitaine",
    "amiral",
    "maréchal",
    "dirigeant",
    "dirigeante",
    "négociateur",
    "roi",
    "reine",
    "prince",
    "princesse",
    "pape",
)
# Heads of institution names (capitalised as French writes them), and "ministère".
_INSTITUTION_HEADS = _words("""
    Académie Agence Armée Assemblée Banque Bureau Centre Comité Commission Conseil Cour Croix-Rouge
    Département Direction Fédération Fonds Front Institut Office Organisation Parti Région Tribunal
    Union Université ministère Ministère
    """)
# Geographic heads that are part of the name ("fleuve Rouge", "baie d'Hạ Long", "pont Long Biên").
_GEO_HEADS = _words("fleuve rivière mer baie golfe lac pont mont monts île îles delta détroit col cap canal")
# Words that say what the next name is (possibly through a list: "les provinces de Lào Cai, Yên Bái et Cao Bằng").
_CUES = {
    **dict.fromkeys(
        _words(
            "province provinces ville villes district districts commune communes village villages "
            "arrondissement arrondissements quartier quartiers région régions capitale localité localités "
            "barrage barrages aéroport aéroports port littoral hameau"
        ),
        "place",
    ),
    **dict.fromkeys(
        _words(
            "agence groupe chaîne journal quotidien société entreprise compagnie site réseau organisation "
            "organisations ong fabricant constructeur"
        ),
        "org",
    ),
    **dict.fromkeys(
        _words("typhon tempête ouragan cyclone opération avion navire monument mémorial programme"), "other"
    ),
}
_WEAK_PLACE = _words("à au aux en")
_CONNECTORS = _words(", et de d' du des dont notamment comme ou le la les l'")
_VIETNAMESE_SURNAMES = _words(
    "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đinh Trịnh Mai Trương "
    "Đào Lương Tô Lâm Đoàn Vương Thái Tạ Chu Triệu Kiều"
)
# Lower-case words that may follow a name head as its adjective ("Comité populaire", "Union européenne").
_ADJECTIVE = re.compile(
    r"(?:al|ale|aux|ales|el|elle|els|elles|aire|aires|ique|iques|ic|ics|ien|ienne|iens|iennes|éen|éenne|éens"
    r"|éennes|ain|aine|ains|aines|ais|aise|ois|oise|if|ive|ifs|ives|ier|ière|iers|ières|eur|eure|eurs|rice)$"
)
_WORD = re.compile(r"\w+(?:[-‐‑'’]\w+)*")
_SENTENCE_END = (".", "!", "?", "…", ":", "«", "“", '"')
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


@dataclass(frozen=True)
class _Tok:
    text: str
    start: int
    end: int
    initial: bool  # first word of a sentence (or of a quotation, or after a colon)
    elision: bool  # "l'", "d'": the article glued to the next word


@dataclass
class _Occurrence:
    form: str
    surface: str
    path: str
    line: int
    order: int
    fixed_kind: str = ""
    votes: Counter[str] = field(default_factory=Counter)
    hints: list[str] = field(default_factory=list)
    cues: list[str] = field(default_factory=list)
    nested: bool = False
    initial_single: bool = False
    short: bool = False  # one word after "M.": may be the short form of a full name
    draft: dict[str, str] = field(default_factory=dict)


@dataclass
class _Corpus:
    lowercase: set[str]
    mid_capitalised: set[str]


@dataclass(frozen=True)
class _Span:
    """A title, institution or named place in one block: tokens [start, end), the head first."""

    start: int
    end: int
    kind: str
    head_end: int
    specific: bool = True


@functools.lru_cache(maxsize=16384)
def _fold(text: str) -> str:
    """``text.fold``, with Vietnamese đ as d (it is a letter of its own, not a d with a mark)."""
    return fold(text.replace("đ", "d").replace("Đ", "D"))


@functools.lru_cache(maxsize=16384)
def _key(form: str) -> str:
    """Grouping key: accents, case and a plural -s/-x ignored ("Comités populaires" = "Comité populaire")."""
    words = re.split(r"(\s+|-)", _fold(form))
    return "".join(w[:-1] if len(w) > 3 and w[-1] in "sx" else w for w in words)


def _tokenise(text: str) -> list[_Tok]:
    """Words with their offsets; an elided article ("d'", "l'") is a token of its own."""
    tokens: list[_Tok] = []
    for m in _WORD.finditer(text):
        word, start = m.group(0), m.start()
        head, apostrophe, rest = (
            re.split(r"(['’])", word, maxsplit=1) if re.search(r"['’]", word) else (word, "", "")
        )
        if apostrophe and rest and head.lower() in _ELISIONS:
            pieces = [(head + apostrophe, start, True), (rest, start + len(head) + 1, False)]
        else:
            pieces = [(word, start, False)]
        for piece, at, elision in pieces:
            tokens.append(_Tok(piece, at, at + len(piece), _starts_sentence(text, tokens, at), elision))
    return tokens


def _starts_sentence(text: str, tokens: list[_Tok], at: int) -> bool:
    if not tokens:
        return True
    prev = tokens[-1]
    gap = text[prev.end : at].strip()
    if not gap:
        return False
    if gap == "." and (prev.text.lower() in _ABBREVIATIONS or (len(prev.text) == 1 and prev.text.isupper())):
        return False  # "M. Chính", "John F. Kennedy"
    return gap.endswith(_SENTENCE_END)


def _is_cap(tok: _Tok) -> bool:
    return tok.text[:1].isupper()


def _has_upper(tok: _Tok) -> bool:
    return any(c.isupper() for c in tok.text)


def _is_acronym(tok: _Tok) -> bool:
    letters = [c for c in tok.text if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _is_stop(tok: _Tok) -> bool:
    return tok.text.lower().rstrip("'’") in STOP_WORDS


def _is_adjective(tok: _Tok) -> bool:
    return tok.text.islower() and not _is_stop(tok) and bool(_ADJECTIVE.search(tok.text))


def _phrase_words(phrase: str) -> tuple[str, ...]:
    return tuple(_fold(t.text) for t in _tokenise(phrase))


def _title_index() -> dict[str, list[tuple[tuple[str, ...], bool]]]:
    """Title phrases by their first folded word, longest first ("vice-premier ministre", "ministre")."""
    index: dict[str, list[tuple[tuple[str, ...], bool]]] = {}
    phrases = [(_phrase_words(p), True) for p in _SPECIFIC_TITLES]
    phrases += [(_phrase_words(p), False) for p in _GENERIC_TITLES]
    for words, specific in sorted(phrases, key=lambda item: -len(item[0])):
        index.setdefault(words[0], []).append((words, specific))
    return index


_TITLES = _title_index()


class _Block:
    """One block's text, its tokens, the glossary match covering each token, and its spans."""

    def __init__(self, text: str, glossary: Glossary):
        self.text = text
        self.toks = _tokenise(text)
        self.folded = [_fold(t.text) for t in self.toks]
        self.matches = glossary.find(text)
        self.cover = [self._covering(t) for t in self.toks]
        self.barriers: set[int] = set()
        self.spans = self._find_spans()
        self.heads = {x for s in self.spans for x in range(s.start, s.head_end)}
        # A name never runs into or out of a title, an institution or a place name.
        self.barriers = {s.start for s in self.spans} | {s.end for s in self.spans} | self.heads

    def _covering(self, tok: _Tok) -> Match | None:
        """The glossary match a token lies in; a hyphenated token may lie in several ("Russie-États-Unis")."""
        inside = [m for m in self.matches if m.start < tok.end and tok.start < m.end]
        if not inside:
            return None
        offset = tok.start
        for part in re.split(r"[-‐‑]", tok.text):
            if part and not any(m.start <= offset and offset + len(part) <= m.end for m in inside):
                return None
            offset += len(part) + 1
        return inside[0]

    def form(self, a: int, b: int) -> str:
        return self.text[self.toks[a].start : self.toks[b - 1].end]

    def joined(self, a: int) -> bool:
        """Only spaces between token a and the next one."""
        return a + 1 < len(self.toks) and not self.text[self.toks[a].end : self.toks[a + 1].start].strip()

    def word(self, i: int) -> str:
        return self.toks[i].text.lower() if i < len(self.toks) else ""

    def gap_before(self, i: int) -> str:
        return self.text[self.toks[i - 1].end : self.toks[i].start].strip() if i else ""

    def person_match_at(self, i: int) -> bool:
        m = self.cover[i]
        return m is not None and m.term.kind == "person" and m.start == self.toks[i].start

    def vietnamese_name_at(self, i: int) -> bool:
        """A Vietnamese surname followed by two more capitalised syllables: "Nguyễn Văn Thắng"."""
        toks = self.toks
        return (
            toks[i].text in _VIETNAMESE_SURNAMES
            and i + 2 < len(toks)
            and self.joined(i)
            and self.joined(i + 1)
            and _is_cap(toks[i + 1])
            and _is_cap(toks[i + 2])
        )

    def name_end(self, p: int, *, in_phrase: bool = False) -> int:
        """End of the capitalised run at p; particles may join two capitalised words ("Charles de Gaulle").

        In a title's complement the run stops where a person's name begins ("ministre de la Défense
        Andreï Beloussov"); "du"/"de la" before an institution or a person is possession, not part
        of the name ("la chaîne Telegram du Kremlin").
        """
        toks, k = self.toks, p + 1
        while k < len(toks) and self.joined(k - 1) and not toks[k].initial:
            q = k
            while q < len(toks) and toks[q].text.lower() in _PARTICLES and self.joined(q):
                q += 1
            if q >= len(toks) or not _is_cap(toks[q]) or (q == k and _is_stop(toks[q])):
                break
            if any(x in self.barriers for x in range(k, q + 1)):
                break
            if in_phrase and (self.person_match_at(q) or self.vietnamese_name_at(q)):
                break
            if in_phrase and q == k and _FRENCH_NOUN.search(toks[k - 1].text):
                break  # "ministre de l'Industrie Anton Alikhanov": "Industrie" is the whole complement
            m = self.cover[q]
            articled = any(toks[x].text.lower() in _ARTICLE_PARTICLES for x in range(k, q))
            if articled and m is not None and m.term.kind in ("institution", "person", "title"):
                break
            k = q + 1
        return k

    def complement(self, k: int, *, bare: bool) -> int:
        """End of "de l'Agriculture", "du Comité …", "et du Développement", "de prévision" at k (k if none)."""
        toks = self.toks
        if k >= len(toks) or not self.joined(k - 1):
            return k
        word = self.word(k)
        if word == "et":
            end = self.complement(k + 1, bare=False)
            return end if end > k + 1 else k
        if word == "de" and self.word(k + 1) in ("la", "l'"):
            p, article = k + 2, True
        elif word in ("du", "des", "aux", "au"):
            p, article = k + 1, True
        elif word in ("de", "d'"):
            p, article = k + 1, False
        else:
            return k
        if p >= len(toks) or not all(self.joined(x) for x in range(k, p)):
            return k
        if _is_cap(toks[p]) and not self.person_match_at(p) and not self.vietnamese_name_at(p):
            return self.name_end(p, in_phrase=True)
        if (
            bare
            and not article
            and toks[p].text.islower()
            and not _is_stop(toks[p])
            and self.word(p) not in _CUES
        ):
            return p + 1  # "Centre national de prévision …": a bare noun is part of the name
        return k

    def extend(self, k: int) -> int:
        """Adjectives and complements after a head: "national de prévision hydrométéorologique"."""
        start = k
        while k < len(self.toks) and k - start < 12:
            if _is_adjective(self.toks[k]) and self.joined(k - 1):
                k += 1
                continue
            end = self.complement(k, bare=True)
            if end == k:
                break
            k = end
        return k

    def _find_spans(self) -> list[_Span]:
        found: list[_Span] = []
        toks = self.toks
        title_head_end = 0
        for i, tok in enumerate(toks):
            if tok.elision:
                continue
            title = self._title_at(i) if i >= title_head_end else None  # not "ministre" in "Premier ministre"
            if title:
                found.append(title)
                title_head_end = title.head_end
            if tok.text in _INSTITUTION_HEADS or tok.text[:-1] in _INSTITUTION_HEADS:
                end = self.extend(i + 1)
                if end > i + 1:
                    found.append(_Span(i, end, "institution", i + 1))
            if tok.text.lower() in _GEO_HEADS and self.joined(i):
                p = i + 1
                while (
                    p < len(toks) and self.word(p) in ("de", "du", "d'", "la", "l'", "des") and self.joined(p)
                ):
                    p += 1
                if p < len(toks) and _is_cap(toks[p]) and not _is_stop(toks[p]):
                    found.append(_Span(i, self.name_end(p, in_phrase=True), "place", i + 1))
        return found

    def _title_at(self, i: int) -> _Span | None:
        for words, specific in _TITLES.get(self.folded[i], ()):
            j = i + len(words)
            if j > len(self.toks) or tuple(self.folded[i:j]) != words:
                continue
            if not all(self.joined(x) for x in range(i, j - 1)):
                continue
            end = self.complement(j, bare=False)  # a title's complement starts with a name: "des Transports"
            return _Span(i, self.extend(end) if end > j else j, "title", j, specific)
        return None


def _texts(article: Article) -> Iterable[tuple[str, int, bool]]:
    """(text, line, is_credit) for every translatable block and each photo credit."""
    for block in article.blocks:
        if block.kind == "source":
            continue
        if block.text:
            yield block.text, block.line, False
        if block.credit:
            yield block.credit, block.line, True


def _corpus(articles: Sequence[Article]) -> _Corpus:
    lowercase: set[str] = set()
    mid: set[str] = set()
    for article in articles:
        for text, _, _ in _texts(article):
            for tok in _tokenise(text):
                if tok.text.islower():
                    lowercase.add(tok.text)
                elif _is_cap(tok) and not tok.initial:
                    mid.add(tok.text)
    return _Corpus(lowercase, mid)


class _Scanner:
    """Finds the uncovered occurrences of names, titles, institutions and places, block by block."""

    def __init__(self, glossary: Glossary, corpus: _Corpus):
        self.glossary = glossary
        self.corpus = corpus
        self.found: list[_Occurrence] = []

    def _new(self, form: str, surface: str, path: str, line: int, *, fixed_kind: str = "") -> _Occurrence:
        occ = _Occurrence(form, surface, path, line, len(self.found), fixed_kind=fixed_kind)
        self.found.append(occ)
        return occ

    def credit(self, credit: str, path: str, line: int) -> None:
        block = _Block(credit, self.glossary)
        if all(block.cover[x] is not None for x, t in enumerate(block.toks) if _has_upper(t)):
            return
        occ = self._new(credit, credit, path, line)
        occ.hints.append("photo credit")
        occ.votes["org"] += 3 if all(_is_acronym(t) for t in block.toks) else 1

    def block(self, text: str, path: str, line: int) -> None:
        block = _Block(text, self.glossary)
        toks = block.toks
        ends: dict[int, _Occurrence | None] = {}  # token index after a name -> its occurrence
        person_cue: dict[int, str] = {}
        title_of: dict[int, _Occurrence] = {}
        previous: _Span | None = None
        for span in block.spans:
            occ = self._span(block, span, path, line)
            ends.setdefault(span.end, occ)
            if span.kind == "title":
                self._title_cue(block, span, previous, occ, person_cue, title_of)
                previous = span
        i = 0
        while i < len(toks):
            tok = toks[i]
            if not _is_cap(tok) or i in block.heads or _is_stop(tok) or tok.text.lower() in _HONORIFICS:
                i += 1
                continue
            end = block.name_end(i)
            start = i
            if end - start > 1 and tok.initial and tok.text.lower() in self.corpus.lowercase:
                start += 1  # "Typhon Yagi" opening a heading: "typhon" is a common noun here
            ends[end] = self._run(block, start, end, person_cue, title_of, ends, path, line)
            i = end

    def _title_cue(
        self,
        block: _Block,
        span: _Span,
        previous: _Span | None,
        occ: _Occurrence | None,
        person_cue: dict[int, str],
        title_of: dict[int, _Occurrence],
    ) -> None:
        """The name right after a title (", " or one word such as "russe" between) is a person."""
        toks, q = block.toks, span.end
        if q < len(toks) and toks[q].text.islower() and not _is_stop(toks[q]) and block.joined(q - 1):
            q += 1
        if q >= len(toks) or block.gap_before(q) not in ("", ",") or not _is_cap(toks[q]) or q in block.heads:
            return
        hint = block.form(span.start, span.end)
        if previous is not None and not span.specific and span.end == span.head_end:
            # "le ministre de la Défense, le général Phan Văn Giang": the first title says more.
            between = block.text[toks[previous.end - 1].end : toks[span.start].start]
            if re.fullmatch(r"\s*,\s*(?:le|la)\s*", between):
                hint = block.form(previous.start, previous.end)
        person_cue[q] = hint
        if occ is not None:
            title_of[q] = occ

    def _span(self, block: _Block, span: _Span, path: str, line: int) -> _Occurrence | None:
        toks = block.toks
        if span.kind == "title" and not span.specific and span.end == span.head_end:
            return None  # "président", "général" alone: a cue for the name after it, not a term
        first, last = toks[span.start], toks[span.end - 1]
        if any(m.start <= first.start and last.end <= m.end for m in block.matches):
            return None
        head_counts = span.kind == "institution" or (span.kind == "title" and span.specific)
        significant = [
            x
            for x in range(span.start, span.end)
            if _has_upper(toks[x]) or (head_counts and x < span.head_end)
        ]
        if all(block.cover[x] is not None for x in significant):
            return None  # "président du Bélarus": every name in it is in the glossary
        form = block.form(span.start, span.end)
        return self._new(form, self._surface(block, span.start, form), path, line, fixed_kind=span.kind)

    @staticmethod
    def _surface(block: _Block, start: int, form: str) -> str:
        prev = block.toks[start - 1] if start else None
        glued = prev is not None and prev.elision and prev.end == block.toks[start].start
        return prev.text + form if prev is not None and glued else form

    def _run(
        self,
        block: _Block,
        a: int,
        b: int,
        person_cue: dict[int, str],
        title_of: dict[int, _Occurrence],
        ends: dict[int, _Occurrence | None],
        path: str,
        line: int,
    ) -> _Occurrence | None:
        toks = block.toks
        form = block.form(a, b)
        known = [m for m in block.cover[a:b] if m is not None]
        if a in title_of:
            m = block.cover[a]
            title_of[a].hints.append(
                f"title of {m.term.sources[0]} (glossary line {m.term.line})" if m else f"title of {form}"
            )
        if all(block.cover[x] is not None for x in range(a, b) if _has_upper(toks[x])):
            return None
        occ = self._new(form, self._surface(block, a, form), path, line)
        occ.nested = any(s.start <= a and b <= s.end for s in block.spans)
        occ.initial_single = b - a == 1 and toks[a].initial and not _is_acronym(toks[a])
        honorific = a >= 1 and block.word(a - 1) in _HONORIFICS and block.gap_before(a) == "."
        occ.short = honorific and b - a == 1
        if honorific or a in person_cue:
            occ.votes["person"] += 3
        if a in person_cue:
            occ.hints.append(person_cue[a])
        if b - a >= 3 and toks[a].text in _VIETNAMESE_SURNAMES:
            occ.votes["person"] += 2
        if any(toks[x].text in _NAME_PARTICLES for x in range(a + 1, b - 1)) or re.fullmatch(
            r"[A-ZÀ-Ý][a-zà-ÿ]+-[A-ZÀ-Ý][a-zà-ÿ]+", toks[a].text
        ):
            occ.votes["person"] += 1  # "Charles de Gaulle", "Ursula von der Leyen", "Jean-Yves Le Drian"
        if toks[a].text in _INSTITUTION_HEADS:
            occ.votes["institution"] += 2  # "Agence France-Presse"
        if b - a == 1 and _is_acronym(toks[a]):
            occ.votes["org"] += 3
            longer = ends.get(a) if block.gap_before(a) == "(" else None
            if longer is not None:
                occ.hints.append(f"short for {longer.form}")
                longer.hints.append(f"written {form} for short")
        if known and all(_is_cap(toks[x]) for x in range(a, b)):
            # "Lioudmila Poutine" is a person like the glossary's "Poutine"; only a term that ends the
            # name says what it is ("Vietnam Airlines" is no place, nor is "Électricité du Vietnam").
            term = known[0].term
            if block.cover[b - 1] is not None and block.cover[a] is None:
                occ.votes[term.kind] += 2
            drafts = {lang: self.glossary.substitute(form, lang) for lang in ("en", "vi")}
            occ.draft = {lang: t for lang, t in drafts.items() if t != form}
            if occ.draft:
                occ.hints.append(f"en/vi drafted from glossary line {term.line} ({known[0].text}); check")
        self._cue_votes(block, a, occ)
        return occ

    @staticmethod
    def _cue_votes(block: _Block, a: int, occ: _Occurrence) -> None:
        """What the words before a name say it is: "province de", "groupe", "à", or a glossary neighbour.

        The walk goes back through lists ("les provinces de Lào Cai, Yên Bái et Cao Bằng") and
        stops at any punctuation but a comma.
        """
        toks, j, adjective_skipped = block.toks, a - 1, False
        while j >= 0 and a - j <= 14:
            tok = toks[j]
            if re.search(r"[^\s,]", block.text[tok.end : toks[j + 1].start]):
                return
            word = tok.text.lower()
            if word in _CUES:
                occ.votes[_CUES[word]] += 2
                if a - j <= 3:
                    occ.cues.append(word)  # near enough to tell the reader what the name is
                return
            m = block.cover[j]
            if m is not None and _is_cap(tok):
                if "," in block.text[tok.end : toks[j + 1].start] or (
                    block.word(j + 1) in ("et", "ou")
                    and (j + 2 == a or block.word(j + 2) in ("le", "la", "les", "l'"))
                ):
                    occ.votes[m.term.kind] += 2  # "les États-Unis, le Japon": a list of things of one kind
                return
            if word in _WEAK_PLACE and j == a - 1:
                occ.votes["place"] += 1
            if _is_cap(tok) or word in _CONNECTORS or word in _WEAK_PLACE or tok.elision:
                pass
            elif _is_adjective(tok) and not adjective_skipped:
                adjective_skipped = (
                    True  # "barrages hydroélectriques de Thác Bà", "groupe public Électricité"
                )
            else:
                return
            if tok.initial:
                return
            j -= 1


@dataclass
class _Group:
    key: str
    occurrences: list[_Occurrence]

    @property
    def first(self) -> _Occurrence:
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
        return len(_tokenise(self.first.form)) == 1


def _group(occurrences: list[_Occurrence]) -> list[_Group]:
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
        by_last.setdefault(_key(_tokenise(g.first.form)[-1].text), []).append(g)
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


def _keep(group: _Group, corpus: _Corpus) -> bool:
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
        if _fold(o.form) not in {_fold(v) for v in variants}:
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
    key, folded = _key(fr), _fold(fr)
    for term in glossary.terms:
        if any(_key(s) == key for s in term.sources):
            return [
                f"inflected form of glossary line {term.line} ({term.sources[0]}): add it there as a variant"
            ]
        for lang, forms in term.targets.items():
            if any(_fold(f) == folded for f in forms):
                return [
                    f"the {lang} form of glossary line {term.line} ({term.sources[0]}): a French variant?"
                ]
    return []


def suggest_terms(articles: Sequence[Article], glossary: Glossary) -> list[Candidate]:
    """Glossary candidates found in ``articles`` and not covered by ``glossary``, most frequent first."""
    corpus = _corpus(articles)
    scanner = _Scanner(glossary, corpus)
    for article in articles:
        for text, line, is_credit in _texts(article):
            if is_credit:
                scanner.credit(text, article.path, line)
            else:
                scanner.block(text, article.path, line)
    groups = [g for g in _merge_short_forms(_group(scanner.found)) if _keep(g, corpus)]
    candidates = [_candidate(g, glossary) for g in groups]
    order = {(c.path, c.line, c.fr): n for n, c in enumerate(candidates)}
    return sorted(candidates, key=lambda c: (-c.count, order[(c.path, c.line, c.fr)]))


def suggest_sources(project: Project, sources: Sequence[str | Path] = ()) -> list[Candidate]:
    """``localise glossary suggest``: candidates in ``sources`` (default: every source of the project)."""
    from localise.sources.ingest import read_article

    paths = [Path(p) for p in sources] or project.sources()
    articles = [read_article(p, display_path=project.display(p)) for p in paths]
    return suggest_terms(articles, project_glossary(project))


def count_uncovered_names(articles: Sequence[Article], glossary: Glossary) -> int:
    """How many glossary candidates ``suggest_terms`` finds (for ``localise build``'s one-line hint)."""
    return len(suggest_terms(articles, glossary))


def _note(candidate: Candidate) -> str:
    seen = f"seen {candidate.count} time{'s' if candidate.count > 1 else ''}, first at {candidate.path}:{candidate.line}"
    return f"{candidate.note}; {seen}" if candidate.note else seen


def candidates_csv(candidates: Iterable[Candidate], *, header: bool = False) -> str:
    """Rows ``fr,en,vi,kind,note`` to paste under glossary.csv's header (``header=True`` adds it)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    if header:
        writer.writerow(["fr", "en", "vi", "kind", "note"])
    for c in candidates:
        writer.writerow([c.fr, c.en, c.vi, c.kind, _note(c)])
    return out.getvalue()


def candidate_dicts(candidates: Iterable[Candidate]) -> list[dict[str, object]]:
    """Plain dicts (``dataclasses.asdict``, forms as a list) for JSON output."""
    return [{**asdict(c), "forms": list(c.forms)} for c in candidates]


def candidates_json(candidates: Iterable[Candidate]) -> str:
    """The candidates as a JSON array (UTF-8 text, names unescaped)."""
    return json.dumps(candidate_dicts(candidates), ensure_ascii=False, indent=2)
