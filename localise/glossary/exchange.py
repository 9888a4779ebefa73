"""The glossary in the formats translation tools read: TBX-Basic, Weblate's CSV, OmegaT's tab-separated list.

Public: export_glossary(glossary, fmt, langs=...), read_term_base(source), TermBase,
terms_csv(terms, langs=...), csv_languages(path), EXPORT_FORMATS, KEEP_AS_IS, SOURCE_LANGUAGE.

One glossary row is one concept. In TBX (one file, every language) it is one ``termEntry``: the
kind as ``<descrip type="subjectField">``, the note as a ``<note>``, and per language a ``langSet``
whose ``tig``s hold the variants in order, the first ``preferredTerm-admn-sts``, the others
``admittedTerm-admn-sts``. An empty target cell (keep the French form) becomes the French forms in
that language with the ``<note>`` :data:`KEEP_AS_IS`, so every tool shows the form to write; when
no exported language translates the term, ``<descrip type="Translation needed">No</descrip>``
marks it untranslatable for Translate Toolkit and Weblate. Reading a TBX back gives the same rows.
Weblate's CSV and OmegaT's list hold one target language each; they carry the kind, note and
accepted variants in their comment column. The XML is built and parsed with the standard library
(ElementTree out; expat in, for line numbers and with entity declarations refused).
"""

from __future__ import annotations

import csv
import io
import re
import xml.parsers.expat
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree as ET

from localise.errors import GlossaryError
from localise.files import decode_utf8
from localise.glossary.terms import GLOSSARY_COLUMNS, TERM_KINDS, Glossary, Term
from localise.text import fold, strip_accents

__all__ = [
    "EXPORT_FORMATS",
    "KEEP_AS_IS",
    "SOURCE_LANGUAGE",
    "TermBase",
    "csv_languages",
    "export_glossary",
    "read_term_base",
    "terms_csv",
]

SOURCE_LANGUAGE = "fr"
EXPORT_FORMATS = ("tbx", "weblate", "omegat")
#: The note on a target ``langSet`` that stands for an empty glossary cell.
KEEP_AS_IS = "keep as is: the French form is written unchanged in this language"
_DEFAULT_LANGUAGES = ("en", "vi")
_PREFERRED = "preferredTerm-admn-sts"
_ADMITTED = "admittedTerm-admn-sts"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# The spelling expat reports without namespace processing, and the one TBX v2 files use.
_LANG_ATTRIBUTE = "xml:lang"
_OMEGAT_MAGIC = "# Glossary in tab-separated format -*- coding: utf-8 -*-"


@dataclass(frozen=True)
class TermBase:
    """Terms read from an exchange file, and every target language it has a ``langSet`` for."""

    terms: tuple[Term, ...]
    languages: tuple[str, ...]


def csv_languages(path: str | Path) -> tuple[str, ...]:
    """The target-language columns of a glossary CSV's header, in order (``fr,en,vi,kind,note`` -> en, vi)."""
    with Path(path).open(encoding="utf-8-sig", newline="") as handle:
        header = next(csv.reader(handle), [])
    return tuple(h.strip() for h in header if h.strip() and h.strip() not in ("fr", "kind", "note"))


def export_glossary(glossary: Glossary, fmt: str, *, langs: Sequence[str] | None = None) -> str:
    """The glossary as ``fmt`` text: ``tbx`` (every language in ``langs``), ``weblate`` or ``omegat`` (one).

    ``langs`` defaults to en and vi, and any other language a term has a target in. GlossaryError for
    an unknown format, or a one-language format asked for several languages.
    """
    languages = tuple(langs) if langs is not None else _languages_of(glossary.terms)
    if fmt == "tbx":
        return _tbx_text(glossary, languages)
    if fmt not in EXPORT_FORMATS:
        raise GlossaryError(f'unknown glossary format "{fmt}"; use one of {", ".join(EXPORT_FORMATS)}')
    if len(languages) != 1:
        raise GlossaryError(
            f"a {fmt} glossary holds one target language; choose one of {', '.join(languages) or 'en, vi'}"
        )
    (lang,) = languages
    return _weblate_text(glossary, lang) if fmt == "weblate" else _omegat_text(glossary, lang)


def read_term_base(source: str | Path) -> TermBase:
    """Terms (and target languages) from TBX, the one format that carries variants, kinds and notes:
    a path, or text starting with ``<``.

    Raises GlossaryError naming the file and line for a file that is not XML, XML that is not
    well-formed, a root that is not TBX, an entry with no French term, an unknown kind, or a French
    term in two entries.
    """
    if isinstance(source, str) and source.lstrip().startswith("<"):
        text, shown = source, "<tbx>"
    else:
        path = Path(source)
        shown = str(source)
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise GlossaryError(f"cannot read it: {exc.strerror or exc}; check the path", path=shown) from exc
        text = decode_utf8(raw, error=GlossaryError, path=shown, what="TBX file", fix="re-save it as UTF-8")
    if text.startswith(",".join(GLOSSARY_COLUMNS)):
        raise GlossaryError("this is already a glossary CSV; copy it instead of importing it", path=shown)
    if not text.lstrip().startswith("<"):
        raise GlossaryError(
            "cannot import a file that is not XML: only TBX carries variants, kinds and notes; "
            "export TBX from the tool",
            path=shown,
        )
    return _read_tbx(text, shown)


def terms_csv(terms: Sequence[Term], langs: Sequence[str] | None = None) -> str:
    """Glossary CSV text for ``terms``: header ``fr,<langs>,kind,note`` (default ``fr,en,vi,kind,note``).

    Variants are joined with ``|``; a language the term keeps the French form in is an empty cell.
    """
    languages = tuple(langs) if langs is not None else _languages_of(terms)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["fr", *languages, "kind", "note"])
    for term in terms:
        cells = ["|".join(term.targets.get(lang, ())) for lang in languages]
        writer.writerow(["|".join(term.sources), *cells, term.kind, term.note])
    return out.getvalue()


# Writing --------------------------------------------------------------------------------------


def _languages_of(terms: Sequence[Term]) -> tuple[str, ...]:
    """en and vi (the glossary's columns), then any other language a term has a target in."""
    seen = {lang for term in terms for lang in term.targets}
    return (*_DEFAULT_LANGUAGES, *sorted(seen - set(_DEFAULT_LANGUAGES)))


def _entry_ids(terms: Sequence[Term]) -> Iterator[str]:
    """Stable XML ids from the preferred French form ("Youri Ouchakov" -> "youri-ouchakov")."""
    used: set[str] = set()
    for term in terms:
        base = re.sub(r"[^a-z0-9]+", "-", strip_accents(term.sources[0]).lower()).strip("-") or "term"
        base = base if base[0].isalpha() else f"t-{base}"
        candidate, n = base, 2
        while candidate in used:
            candidate, n = f"{base}-{n}", n + 1
        used.add(candidate)
        yield candidate


def _lang_set(parent: ET.Element, lang: str, forms: Sequence[str], *, note: str = "") -> None:
    lang_set = ET.SubElement(parent, "langSet", {_XML_LANG: lang})
    if note:
        ET.SubElement(lang_set, "note").text = note
    for i, form in enumerate(forms):
        tig = ET.SubElement(lang_set, "tig")
        ET.SubElement(tig, "term").text = form
        status = ET.SubElement(tig, "termNote", {"type": "administrativeStatus"})
        status.text = _PREFERRED if i == 0 else _ADMITTED


def _tbx_text(glossary: Glossary, langs: Sequence[str]) -> str:
    root = ET.Element("martif", {"type": "TBX-Basic", _XML_LANG: SOURCE_LANGUAGE})
    file_desc = ET.SubElement(ET.SubElement(root, "martifHeader"), "fileDesc")
    ET.SubElement(ET.SubElement(file_desc, "titleStmt"), "title").text = f"{Path(glossary.path).name}"
    version = f" (version {glossary.version})" if glossary.version else ""
    ET.SubElement(ET.SubElement(file_desc, "sourceDesc"), "p").text = (
        f"localise glossary {glossary.path}{version}: French terms, targets in {', '.join(langs)}. "
        f'A langSet with the note "{KEEP_AS_IS}" stands for an empty cell.'
    )
    body = ET.SubElement(ET.SubElement(root, "text"), "body")
    for term, entry_id in zip(glossary.terms, _entry_ids(glossary.terms), strict=True):
        entry = ET.SubElement(body, "termEntry", {"id": entry_id})
        ET.SubElement(entry, "descrip", {"type": "subjectField"}).text = term.kind
        if langs and not any(lang in term.targets for lang in langs):
            ET.SubElement(entry, "descrip", {"type": "Translation needed"}).text = "No"
        if term.note:
            ET.SubElement(entry, "note").text = term.note
        _lang_set(entry, SOURCE_LANGUAGE, term.sources)
        for lang in langs:
            kept = lang not in term.targets
            _lang_set(entry, lang, term.accepted(lang), note=KEEP_AS_IS if kept else "")
    ET.indent(root, space="  ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _comment(term: Term, lang: str, *, extra: Sequence[str] = ()) -> str:
    """The comment column of the one-language formats: kind, keep as is, other forms, note (last)."""
    parts = [term.kind]
    if lang not in term.targets:
        parts.append("keep as is")
    parts.extend(extra)
    if term.note:
        parts.append("note: " + term.note)
    return re.sub(r"\s+", " ", "; ".join(parts))


def _weblate_text(glossary: Glossary, lang: str) -> str:
    """Weblate's bilingual CSV (header source,target,developer_comments): one row per French variant.

    A French form is a row's identity, so targets beyond the French variants ride in the comment.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["source", "target", "developer_comments"])
    for term in glossary.terms:
        accepted = term.accepted(lang)
        for i, source in enumerate(term.sources):
            target = term.target(lang, i)
            others = [form for form in accepted if form != target]
            extra = ["also: " + ", ".join(others)] if others else []
            writer.writerow([source, target, _comment(term, lang, extra=extra)])
    return out.getvalue()


def _omegat_text(glossary: Glossary, lang: str) -> str:
    """OmegaT's glossary: ``source<TAB>target<TAB>comment`` lines, UTF-8, ``#`` lines skipped by OmegaT.

    One line per French variant with its target, then a line per further accepted target of the
    preferred French form (OmegaT lists every line of a source term as a translation of it).
    """
    lines = [_OMEGAT_MAGIC, f"# {glossary.path}: {SOURCE_LANGUAGE} -> {lang}; comment: kind; note"]
    for term in glossary.terms:
        accepted = term.accepted(lang)
        pairs = [(source, term.target(lang, i)) for i, source in enumerate(term.sources)]
        pairs += [(term.sources[0], form) for form in accepted[len(term.sources) :]]
        comment = _comment(term, lang)
        lines += [f"{_tsv(source)}\t{_tsv(target)}\t{comment}" for source, target in pairs]
    return "\n".join(lines) + "\n"


def _tsv(cell: str) -> str:
    return re.sub(r"\s+", " ", cell)


# Reading --------------------------------------------------------------------------------------


@dataclass
class _Node:
    """An XML element as read: its tag, attributes, the line it starts on, text and children in order."""

    tag: str
    attrib: dict[str, str]
    line: int
    parts: list[str | _Node] = field(default_factory=list)

    def children(self, *tags: str) -> list[_Node]:
        return [p for p in self.parts if isinstance(p, _Node) and p.tag in tags]

    def raw_text(self) -> str:
        return "".join(p if isinstance(p, str) else p.raw_text() for p in self.parts)

    def text(self) -> str:
        """All the text inside on one line (a glossary cell holds no line break), markup dropped."""
        return " ".join(self.raw_text().split())


def _parse_xml(text: str, shown: str) -> _Node:
    parser = xml.parsers.expat.ParserCreate()
    stack: list[_Node] = []
    top: list[_Node] = []

    def start(tag: str, attrib: dict[str, str]) -> None:
        node = _Node(tag, attrib, parser.CurrentLineNumber)
        (stack[-1].parts if stack else top).append(node)
        stack.append(node)

    def end(tag: str) -> None:
        stack.pop()

    def data(chunk: str) -> None:
        if stack:
            stack[-1].parts.append(chunk)

    def entity(name: str, *args: object) -> None:
        # Terminology needs no entities; refusing them rules out entity expansion attacks.
        raise GlossaryError(
            f'the file declares the XML entity "{name}"; TBX needs none: remove the declaration',
            path=shown,
            line=parser.CurrentLineNumber,
        )

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = data
    parser.EntityDeclHandler = entity
    try:
        parser.Parse(text, True)
    except xml.parsers.expat.ExpatError as exc:
        reason = xml.parsers.expat.ErrorString(exc.code)
        raise GlossaryError(
            f"malformed TBX: {reason} at column {exc.offset + 1}; fix the file there or export it again",
            path=shown,
            line=exc.lineno,
        ) from exc
    return top[0]


def _lang_of(node: _Node) -> str:
    """The base language of a langSet ("en-GB", "en_GB", "EN" -> "en"); empty when it has none."""
    code = node.attrib.get(_LANG_ATTRIBUTE) or node.attrib.get("lang", "")
    return re.split(r"[-_]", code.strip(), maxsplit=1)[0].lower()


def _descrips(node: _Node, kind: str) -> list[str]:
    return [d.text() for d in node.children("descrip") if d.attrib.get("type") == kind and d.text()]


def _read_tbx(text: str, shown: str) -> TermBase:
    root = _parse_xml(text, shown)
    if root.tag not in ("martif", "tbx"):
        raise GlossaryError(
            f"not a TBX file: the root element is <{root.tag}>, expected <martif> (TBX-Basic)",
            path=shown,
            line=root.line,
        )
    entries = [entry for body in _walk(root, "body") for entry in body.children("termEntry", "conceptEntry")]
    terms = [_read_entry(entry, shown) for entry in entries]
    _refuse_duplicates(terms, shown)
    languages: dict[str, None] = {}
    for entry in entries:
        for lang_set in entry.children("langSet", "langSec"):
            if _lang_of(lang_set) != SOURCE_LANGUAGE:
                languages.setdefault(_lang_of(lang_set))
    return TermBase(tuple(terms), tuple(languages))


def _walk(node: _Node, tag: str) -> Iterator[_Node]:
    """Descendants named ``tag`` (not looking inside a match)."""
    for child in node.parts:
        if isinstance(child, _Node):
            if child.tag == tag:
                yield child
            else:
                yield from _walk(child, tag)


def _forms(lang_set: _Node, shown: str) -> tuple[str, ...]:
    """The terms of a langSet in order, the preferred one (administrativeStatus) first."""
    found: list[tuple[bool, str]] = []
    for tig in lang_set.children("tig", "ntig", "termSec"):
        term = next((t for t in _walk(tig, "term") if t.text()), None)
        if term is None:
            continue
        if "|" in term.text():
            raise GlossaryError(
                f'the term "{term.text()}" holds "|", which separates variants in glossary.csv; '
                "make each variant its own term",
                path=shown,
                line=term.line,
            )
        statuses = [
            n.text() for n in _walk(tig, "termNote") if n.attrib.get("type") == "administrativeStatus"
        ]
        found.append((not any(s.startswith("preferred") for s in statuses), term.text()))
    ordered = sorted(found, key=lambda item: item[0])  # stable: document order among equals
    return tuple(dict.fromkeys(form for _, form in ordered))


def _read_entry(entry: _Node, shown: str) -> Term:
    by_lang: dict[str, _Node] = {}
    for lang_set in entry.children("langSet", "langSec"):
        lang = _lang_of(lang_set)
        if not lang:
            raise GlossaryError(
                "a langSet has no xml:lang; give it the language code", path=shown, line=lang_set.line
            )
        if lang in by_lang:
            raise GlossaryError(
                f'two "{lang}" langSets in one entry (lines {by_lang[lang].line} and {lang_set.line}); merge them',
                path=shown,
                line=lang_set.line,
            )
        by_lang[lang] = lang_set
    french = by_lang.pop(SOURCE_LANGUAGE, None)
    sources = _forms(french, shown) if french is not None else ()
    if not sources:
        raise GlossaryError(
            'entry has no French term; add a <langSet xml:lang="fr"> with the term',
            path=shown,
            line=entry.line,
        )
    kinds = _descrips(entry, "subjectField")
    kind = kinds[0] if kinds else "other"
    if kind not in TERM_KINDS:
        raise GlossaryError(
            f'unknown kind "{kind}" (subjectField); use one of {", ".join(TERM_KINDS)}',
            path=shown,
            line=entry.line,
        )
    untranslated = any(v.lower() == "no" for v in _descrips(entry, "Translation needed"))
    notes = [n.text() for n in entry.children("note") if n.text()] + _descrips(entry, "definition")
    targets: dict[str, tuple[str, ...]] = {}
    for lang, lang_set in by_lang.items():
        forms = _forms(lang_set, shown)
        lang_notes = [n.text() for n in lang_set.children("note") if n.text()]
        marked = KEEP_AS_IS in lang_notes or untranslated
        notes += [f"{lang}: {n}" for n in lang_notes + _descrips(lang_set, "definition") if n != KEEP_AS_IS]
        if forms and not (marked and forms == sources):
            targets[lang] = forms
    return Term(entry.line, kind, sources, targets, "; ".join(notes))


def _refuse_duplicates(terms: Sequence[Term], shown: str) -> None:
    """A French form in two entries is ambiguous, as in the CSV: name both lines."""
    first: dict[str, Term] = {}
    for term in terms:
        for form in term.sources:
            other = first.setdefault(fold(form), term)
            if other is not term:
                raise GlossaryError(
                    f'"{form}" is a French term of two entries (lines {other.line} and {term.line}); keep one',
                    path=shown,
                    line=term.line,
                )
