"""The scanner of glossary suggestions: tokens, and the occurrences of names, titles, institutions
and places in the sources that no glossary match covers.

Public: scan(articles, glossary), tokenise(text), Token, Occurrence, Corpus.

A capitalised run ("Phạm Minh Chính", "Front de la Patrie du Vietnam", "Elmendorf-Richardson"), an
acronym ("EVN"), a title before a name ("le vice-ministre de l'Agriculture et du Développement rural,
Nguyễn Hoàng Hiệp,"), an institution ("ministère de …", "Centre national de …", "Comité …") or a
named place ("province de Lào Cai", "fleuve Rouge") is one ``Occurrence``, with the votes for its
kind that the words around it cast (a title before it, "province de", an honorific, a glossary
neighbour) and its hints. What the glossary covers is left out: an occurrence is kept only when one
of its capitalised words is outside every glossary match. The word lists come from the lexicon
(``lexicon.toml``); apostrophes and joining dashes are the text module's.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from localise.glossary.suggest.lexicon import LEXICON
from localise.glossary.terms import Glossary, Match
from localise.model import Article
from localise.text import APOSTROPHES, JOINING_DASHES, fold

__all__ = ["Corpus", "Occurrence", "Token", "scan", "tokenise"]

_WORD = re.compile(rf"\w+(?:['{APOSTROPHES}{JOINING_DASHES}-]\w+)*")
_APOSTROPHE = f"(['{APOSTROPHES}])"
_SENTENCE_END = (".", "!", "?", "…", ":", "«", "“", '"')


def scan(articles: Sequence[Article], glossary: Glossary) -> tuple[list[Occurrence], Corpus]:
    """Every uncovered occurrence in ``articles`` (blocks and photo credits, in order), and the
    corpus evidence (words seen in lower case, capitalised mid-sentence) the grouping weighs."""
    corpus = _corpus(articles)
    scanner = _Scanner(glossary, corpus)
    for article in articles:
        for text, line, is_credit in _texts(article):
            (scanner.credit if is_credit else scanner.block)(text, article.path, line)
    return scanner.found, corpus


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int
    initial: bool  # first word of a sentence (or of a quotation, or after a colon)
    elision: bool  # "l'", "d'": the article glued to the next word


@dataclass
class Occurrence:
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
class Corpus:
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


def tokenise(text: str) -> list[Token]:
    """Words with their offsets; an elided article ("d'", "l'") is a token of its own."""
    tokens: list[Token] = []
    for m in _WORD.finditer(text):
        word, start = m.group(0), m.start()
        head, apostrophe, rest = (
            re.split(_APOSTROPHE, word, maxsplit=1) if re.search(_APOSTROPHE, word) else (word, "", "")
        )
        if apostrophe and rest and head.lower() in LEXICON.elisions:
            pieces = [(head + apostrophe, start, True), (rest, start + len(head) + 1, False)]
        else:
            pieces = [(word, start, False)]
        for piece, at, elision in pieces:
            tokens.append(Token(piece, at, at + len(piece), _starts_sentence(text, tokens, at), elision))
    return tokens


def _starts_sentence(text: str, tokens: list[Token], at: int) -> bool:
    if not tokens:
        return True
    prev = tokens[-1]
    gap = text[prev.end : at].strip()
    if not gap:
        return False
    if gap == "." and (
        prev.text.lower() in LEXICON.abbreviations or (len(prev.text) == 1 and prev.text.isupper())
    ):
        return False  # "M. Chính", "John F. Kennedy"
    return gap.endswith(_SENTENCE_END)


def _is_cap(tok: Token) -> bool:
    return tok.text[:1].isupper()


def _has_upper(tok: Token) -> bool:
    return any(c.isupper() for c in tok.text)


def _is_acronym(tok: Token) -> bool:
    letters = [c for c in tok.text if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _is_stop(tok: Token) -> bool:
    return tok.text.lower().rstrip("'" + APOSTROPHES) in LEXICON.stop_words


def _is_adjective(tok: Token) -> bool:
    return tok.text.islower() and not _is_stop(tok) and bool(LEXICON.adjective_endings.search(tok.text))


def _phrase_words(phrase: str) -> tuple[str, ...]:
    return tuple(fold(t.text) for t in tokenise(phrase))


def _title_index() -> dict[str, list[tuple[tuple[str, ...], bool]]]:
    """Title phrases by their first folded word, longest first ("vice-premier ministre", "ministre")."""
    index: dict[str, list[tuple[tuple[str, ...], bool]]] = {}
    phrases = [(_phrase_words(p), True) for p in LEXICON.specific_titles]
    phrases += [(_phrase_words(p), False) for p in LEXICON.generic_titles]
    for words, specific in sorted(phrases, key=lambda item: -len(item[0])):
        index.setdefault(words[0], []).append((words, specific))
    return index


_TITLES = _title_index()


class _Block:
    """One block's text (at ``path:line``), its tokens, the glossary match covering each token, its
    spans, and what the scan learns as it goes: the occurrence each name ends on, the title before one."""

    def __init__(self, text: str, glossary: Glossary, path: str, line: int):
        self.text, self.path, self.line = text, path, line
        self.toks = tokenise(text)
        self.folded = [fold(t.text) for t in self.toks]
        self.matches = glossary.find(text)
        self._match_starts = [m.start for m in self.matches]
        self.cover = [self._covering(t) for t in self.toks]
        self.barriers: set[int] = set()
        self.spans = self._find_spans()
        self.heads = {x for s in self.spans for x in range(s.start, s.head_end)}
        # A name never runs into or out of a title, an institution or a place name.
        self.barriers = {s.start for s in self.spans} | {s.end for s in self.spans} | self.heads
        self.ends: dict[int, Occurrence | None] = {}  # token index after a name -> its occurrence
        self.person_cue: dict[int, str] = {}  # token index of a name -> the title before it
        self.title_of: dict[int, Occurrence] = {}  # token index of a name -> that title's occurrence

    def _covering(self, tok: Token) -> Match | None:
        """The glossary match a token lies in; a hyphenated token may lie in several ("Russie-États-Unis")."""
        # Matches do not overlap and come in order: those the token meets end the list of the ones
        # that start before it ends (found by bisection, not by reading every match for every token).
        before = bisect.bisect_left(self._match_starts, tok.end)
        first = before
        while first > 0 and self.matches[first - 1].end > tok.start:
            first -= 1
        inside = self.matches[first:before]
        if not inside:
            return None
        offset = tok.start
        for part in re.split(f"[{JOINING_DASHES}-]", tok.text):
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
            toks[i].text in LEXICON.vietnamese_surnames
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
            while q < len(toks) and toks[q].text.lower() in LEXICON.particles and self.joined(q):
                q += 1
            if q >= len(toks) or not _is_cap(toks[q]) or (q == k and _is_stop(toks[q])):
                break
            if any(x in self.barriers for x in range(k, q + 1)):
                break
            if in_phrase and (self.person_match_at(q) or self.vietnamese_name_at(q)):
                break
            if in_phrase and q == k and LEXICON.noun_endings.search(toks[k - 1].text):
                break  # "ministre de l'Industrie Anton Alikhanov": "Industrie" is the whole complement
            m = self.cover[q]
            articled = any(toks[x].text.lower() in LEXICON.article_particles for x in range(k, q))
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
            and self.word(p) not in LEXICON.cues
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
            if tok.text in LEXICON.institution_heads or tok.text[:-1] in LEXICON.institution_heads:
                end = self.extend(i + 1)
                if end > i + 1:
                    found.append(_Span(i, end, "institution", i + 1))
            if tok.text.lower() in LEXICON.geo_heads and self.joined(i):
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


def _corpus(articles: Sequence[Article]) -> Corpus:
    lowercase: set[str] = set()
    mid: set[str] = set()
    for article in articles:
        for text, _, _ in _texts(article):
            for tok in tokenise(text):
                if tok.text.islower():
                    lowercase.add(tok.text)
                elif _is_cap(tok) and not tok.initial:
                    mid.add(tok.text)
    return Corpus(lowercase, mid)


class _Scanner:
    """Finds the uncovered occurrences of names, titles, institutions and places, block by block."""

    def __init__(self, glossary: Glossary, corpus: Corpus):
        self.glossary = glossary
        self.corpus = corpus
        self.found: list[Occurrence] = []

    def _new(self, block: _Block, form: str, surface: str, *, fixed_kind: str = "") -> Occurrence:
        occ = Occurrence(form, surface, block.path, block.line, len(self.found), fixed_kind=fixed_kind)
        self.found.append(occ)
        return occ

    def credit(self, credit: str, path: str, line: int) -> None:
        block = _Block(credit, self.glossary, path, line)
        if all(block.cover[x] is not None for x, t in enumerate(block.toks) if _has_upper(t)):
            return
        occ = self._new(block, credit, credit)
        occ.hints.append("photo credit")
        occ.votes["org"] += 3 if all(_is_acronym(t) for t in block.toks) else 1

    def block(self, text: str, path: str, line: int) -> None:
        block = _Block(text, self.glossary, path, line)
        toks = block.toks
        previous: _Span | None = None
        for span in block.spans:
            occ = self._span(block, span)
            block.ends.setdefault(span.end, occ)
            if span.kind == "title":
                self._title_cue(block, span, previous, occ)
                previous = span
        i = 0
        while i < len(toks):
            tok = toks[i]
            if (
                not _is_cap(tok)
                or i in block.heads
                or _is_stop(tok)
                or tok.text.lower() in LEXICON.honorifics
            ):
                i += 1
                continue
            end = block.name_end(i)
            start = i
            if end - start > 1 and tok.initial and tok.text.lower() in self.corpus.lowercase:
                start += 1  # "Typhon Yagi" opening a heading: "typhon" is a common noun here
            block.ends[end] = self._run(block, start, end)
            i = end

    @staticmethod
    def _title_cue(block: _Block, span: _Span, previous: _Span | None, occ: Occurrence | None) -> None:
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
        block.person_cue[q] = hint
        if occ is not None:
            block.title_of[q] = occ

    def _span(self, block: _Block, span: _Span) -> Occurrence | None:
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
        return self._new(block, form, self._surface(block, span.start, form), fixed_kind=span.kind)

    @staticmethod
    def _surface(block: _Block, start: int, form: str) -> str:
        prev = block.toks[start - 1] if start else None
        glued = prev is not None and prev.elision and prev.end == block.toks[start].start
        return prev.text + form if prev is not None and glued else form

    def _run(self, block: _Block, a: int, b: int) -> Occurrence | None:
        toks, person_cue = block.toks, block.person_cue
        form = block.form(a, b)
        known = [m for m in block.cover[a:b] if m is not None]
        if a in block.title_of:
            m = block.cover[a]
            block.title_of[a].hints.append(
                f"title of {m.term.sources[0]} (glossary line {m.term.line})" if m else f"title of {form}"
            )
        if all(block.cover[x] is not None for x in range(a, b) if _has_upper(toks[x])):
            return None
        occ = self._new(block, form, self._surface(block, a, form))
        occ.nested = any(s.start <= a and b <= s.end for s in block.spans)
        occ.initial_single = b - a == 1 and toks[a].initial and not _is_acronym(toks[a])
        honorific = a >= 1 and block.word(a - 1) in LEXICON.honorifics and block.gap_before(a) == "."
        occ.short = honorific and b - a == 1
        if honorific or a in person_cue:
            occ.votes["person"] += 3
        if a in person_cue:
            occ.hints.append(person_cue[a])
        if b - a >= 3 and toks[a].text in LEXICON.vietnamese_surnames:
            occ.votes["person"] += 2
        if any(toks[x].text in LEXICON.name_particles for x in range(a + 1, b - 1)) or re.fullmatch(
            r"[A-ZÀ-Ý][a-zà-ÿ]+-[A-ZÀ-Ý][a-zà-ÿ]+", toks[a].text
        ):
            occ.votes["person"] += 1  # "Charles de Gaulle", "Ursula von der Leyen", "Jean-Yves Le Drian"
        if toks[a].text in LEXICON.institution_heads:
            occ.votes["institution"] += 2  # "Agence France-Presse"
        if b - a == 1 and _is_acronym(toks[a]):
            occ.votes["org"] += 3
            longer = block.ends.get(a) if block.gap_before(a) == "(" else None
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
    def _cue_votes(block: _Block, a: int, occ: Occurrence) -> None:
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
            if word in LEXICON.cues:
                occ.votes[LEXICON.cues[word]] += 2
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
            if word in LEXICON.weak_place and j == a - 1:
                occ.votes["place"] += 1
            if _is_cap(tok) or word in LEXICON.connectors or word in LEXICON.weak_place or tok.elision:
                pass
            elif _is_adjective(tok) and not adjective_skipped:
                # One adjective may stand between: "barrages hydroélectriques de Thác Bà", "groupe public Électricité".
                adjective_skipped = True
            else:
                return
            if tok.initial:
                return
            j -= 1
