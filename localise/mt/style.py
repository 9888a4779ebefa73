"""House style for machine drafts: the mechanical fixes a desk makes on every draft, as data per language.

Public: HouseStyle, StyleRule, Styled, load_style(path, lang), project_style(project, lang), no_style(lang),
STYLE_CHECKS.

A project keeps one file per target language, ``style/<lang>.toml`` (``Project.style_path``): rules
that run in order on every engine's output after the glossary terms and numbers are put back
(typography, honorifics, a title before a name, dates, reporting verbs, engine habits), the
findings ``localise check`` reports in that language (``checks``), the spelling variant an engine
route should take (``spelling``) and the options ``make qa`` gives pofilter. A rule is a regular
expression and its replacement (``{title}``-style names in the pattern stand for the file's word
lists, ``{upper}`` for any capital letter), optionally only for one engine (``engine =
"apertium"``: a fix for that engine's habits), only when the French matches ``source``, with the
replacement's case set (``case = "title"``). A ``dates`` rule rewrites "15 August" and "August 15"
the way the style writes dates (AP months, or a Babel pattern). A rule never changes a protected
span (a glossary term's target form, a number): a match that would is left as it is. Each rule
carries ``examples`` (a sentence it changes and how) and ``keep`` (a sentence it leaves alone);
the tests run them.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from stat import S_ISREG
from typing import Any

from localise.errors import ProjectError
from localise.project import Project

__all__ = ["STYLE_CHECKS", "HouseStyle", "StyleRule", "Styled", "load_style", "no_style", "project_style"]

#: The findings a style file may switch on for ``localise check`` (``checks = [...]``); each is a rule
#: of ``qa.rules``.
STYLE_CHECKS = ("french-quotes", "space-before-punctuation", "doubled-period")
_CASES = ("title", "capitalise", "lower", "as-found")
_SMALL_WORDS = frozenset({"of", "the", "and", "for", "to", "in", "on", "at", "a", "an", "de", "du"})
# Every capital letter of the Latin script (Vietnamese ones included): "{upper}" in a pattern.
_UPPER = "".join(
    ch for ch in map(chr, [*range(0x41, 0x250), *range(0x1E00, 0x1F00)]) if ch.isupper() and ch.isalpha()
)
_KNOWN_KEYS = {"spelling", "checks", "lists", "rule", "pofilter"}
_RULE_KEYS = {
    "id", "description", "pattern", "replace", "engine", "source", "case", "ignore-case",
    "examples", "keep", "kind", "months", "abbreviations", "format", "format-with-year", "word-map",
}  # fmt: skip


@dataclass(frozen=True)
class StyleRule:
    """One fix: ``pattern`` → ``replace`` (a ``re`` template), or a ``dates`` rule.

    ``engine``: only drafts of that engine; ``source``: only when the French matches it; ``case``:
    the replacement's case (``title``: every word but small ones capitalised; ``capitalise``:
    the first letter; ``as-found``: a capital first letter where the match has one). ``words``
    (``word-map = [list, list]``) rewrites the match's group ``word`` where ``{word}`` stands in
    the replacement ("sunk" → "sank"). ``examples`` are (draft, expected) pairs, ``keep`` drafts it must leave as
    they are; an example may give the French as ``draft ⟸ French`` for a ``source`` rule.
    """

    id: str
    description: str
    pattern: re.Pattern[str]
    replace: str = ""
    engine: str | None = None
    source: re.Pattern[str] | None = None
    case: str | None = None
    words: Mapping[str, str] = field(default_factory=dict)
    kind: str = "replace"
    months: tuple[str, ...] = ()
    abbreviations: tuple[str, ...] = ()
    date_format: str = ""
    date_format_year: str = ""
    examples: tuple[tuple[str, str], ...] = ()
    keep: tuple[str, ...] = ()
    definition: str = field(default="", repr=False)  # canonical JSON, for the style's version

    def applies_to(self, engine: str | None, source: str) -> bool:
        """Whether the rule runs on a draft of ``engine`` (its name) made from the French ``source``."""
        if self.engine is not None and engine != self.engine:
            return False
        return self.source is None or self.source.search(source) is not None


@dataclass(frozen=True)
class Styled:
    """A draft after the house style: its text, the protected spans moved with it, the rules that changed it."""

    text: str
    protected: tuple[tuple[int, int], ...]
    applied: tuple[str, ...]


@dataclass(frozen=True)
class HouseStyle:
    """The house style of one target language (``style/<lang>.toml``); no rules when the project has none.

    ``checks``: the style findings ``localise check`` reports in this language. ``spelling``: a
    regional spelling the engines should write (``US``: Apertium's ``spa-eng_US``). ``pofilter``:
    ``exclude`` (tests that cannot work on this language's house style) and
    ``translated-acronyms`` (French acronyms the style writes translated, "PDG" → "CEO").
    """

    lang: str
    path: str = ""
    rules: tuple[StyleRule, ...] = ()
    checks: frozenset[str] = frozenset()
    spelling: str | None = None
    pofilter: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    _versions: dict[str | None, str] = field(default_factory=dict, compare=False, repr=False)

    def version(self, engine: str | None = None) -> str:
        """A short hash of the rules that apply to ``engine``'s drafts (and of the spelling): a draft made
        under another version is stale."""
        found = self._versions.get(engine)
        if found is None:  # asked for every draft of a build: worked out once per engine
            parts = [r.definition for r in self.rules if r.engine in (None, engine)]
            data = json.dumps([self.spelling, parts], ensure_ascii=False)
            found = self._versions[engine] = hashlib.sha1(data.encode("utf-8")).hexdigest()[:8]
        return found

    def apply(
        self,
        text: str,
        *,
        source: str = "",
        engine: str | None = None,
        protected: Sequence[tuple[int, int]] = (),
        only: str | None = None,
    ) -> Styled:
        """``text`` (a machine draft of the French ``source`` by ``engine``) in the house style.

        Nothing inside a ``protected`` span (start, end) changes: a match that would change one is
        skipped. ``only`` runs a single rule (tests and examples).
        """
        spans = sorted(protected)
        applied: list[str] = []
        for rule in self.rules:
            if (only is not None and rule.id != only) or not rule.applies_to(engine, source):
                continue
            text, spans, changed = _apply_rule(rule, text, spans, self.lang)
            if changed:
                applied.append(rule.id)
        return Styled(text, tuple(spans), tuple(applied))


def no_style(lang: str) -> HouseStyle:
    """The style of a language the project has no style file for: no rules, no style findings."""
    return HouseStyle(lang)


def project_style(project: Project, lang: str) -> HouseStyle:
    """The project's ``style/<lang>.toml``, validated; ``no_style(lang)`` when there is no such file."""
    path = project.style_path(lang)
    try:
        info = path.stat()
    except OSError:
        return no_style(lang)
    if not S_ISREG(info.st_mode):
        return no_style(lang)
    # A build asks once per article and language: the file is read again only when it changed.
    return _style_as_of(str(path), lang, project.display(path), info.st_mtime_ns, info.st_size, info.st_ino)


@functools.lru_cache(maxsize=16)
def _style_as_of(path: str, lang: str, shown: str, mtime_ns: int, size: int, inode: int) -> HouseStyle:
    return load_style(path, lang, display_path=shown)


def load_style(path: str | Path, lang: str, *, display_path: str | None = None) -> HouseStyle:
    """Read and validate a style file; ProjectError names the file, the rule and the fix."""
    shown = display_path or str(path)
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ProjectError(f"the style file does not read as TOML ({exc}); fix it", path=shown) from exc
    return _parse(data, lang, shown)


def _parse(data: Mapping[str, Any], lang: str, shown: str) -> HouseStyle:
    unknown = set(data) - _KNOWN_KEYS
    if unknown:
        raise ProjectError(
            f'unknown key "{sorted(unknown)[0]}" in the style file; use {", ".join(sorted(_KNOWN_KEYS))}',
            path=shown,
        )
    lists = data.get("lists", {})
    if not isinstance(lists, dict) or not all(
        isinstance(v, list) and all(isinstance(w, str) for w in v) for v in lists.values()
    ):
        raise ProjectError('[lists] maps a name to a list of words, e.g. titles = ["president"]', path=shown)
    checks = data.get("checks", [])
    if not isinstance(checks, list) or any(c not in STYLE_CHECKS for c in checks):
        raise ProjectError(f"checks lists style findings among {', '.join(STYLE_CHECKS)}", path=shown)
    spelling = data.get("spelling")
    if spelling is not None and (not isinstance(spelling, str) or not re.fullmatch(r"[A-Z]{2}", spelling)):
        raise ProjectError('spelling is a region code, e.g. spelling = "US"', path=shown)
    pofilter = data.get("pofilter", {})
    if not isinstance(pofilter, dict) or not all(
        k in ("exclude", "translated-acronyms") and isinstance(v, list) for k, v in pofilter.items()
    ):
        raise ProjectError("[pofilter] takes exclude = [tests] and translated-acronyms = [words]", path=shown)
    rules = data.get("rule", [])
    if not isinstance(rules, list):
        raise ProjectError("rules are [[rule]] tables", path=shown)
    parsed = [_rule(raw, lists, lang, shown) for raw in rules]
    ids = [r.id for r in parsed]
    twice = next((i for i in ids if ids.count(i) > 1), None)
    if twice is not None:
        raise ProjectError(f'two rules have the id "{twice}"; rename one', path=shown)
    return HouseStyle(
        lang,
        shown,
        tuple(parsed),
        frozenset(checks),
        spelling,
        {k: tuple(str(x) for x in v) for k, v in pofilter.items()},
    )


def _rule(raw: Any, lists: Mapping[str, list[str]], lang: str, shown: str) -> StyleRule:
    if not isinstance(raw, dict) or not isinstance(raw.get("id"), str) or not raw["id"]:
        raise ProjectError("every [[rule]] needs an id", path=shown)
    rule_id = raw["id"]
    where = f'rule "{rule_id}"'
    unknown = set(raw) - _RULE_KEYS
    if unknown:
        raise ProjectError(f'{where}: unknown key "{sorted(unknown)[0]}"', path=shown)
    kind = raw.get("kind", "replace")
    if kind not in ("replace", "dates"):
        raise ProjectError(f'{where}: kind is "replace" (default) or "dates"', path=shown)
    case = raw.get("case")
    if case is not None and case not in _CASES:
        raise ProjectError(f"{where}: case is one of {', '.join(_CASES)}", path=shown)
    examples = raw.get("examples", [])
    keep = raw.get("keep", [])
    if not (
        isinstance(examples, list)
        and all(isinstance(e, list) and len(e) == 2 and all(isinstance(x, str) for x in e) for e in examples)
        and isinstance(keep, list)
        and all(isinstance(k, str) for k in keep)
    ):
        raise ProjectError(f'{where}: examples = [["draft", "styled"]], keep = ["draft"]', path=shown)
    flags = re.IGNORECASE if raw.get("ignore-case") else 0
    months: tuple[str, ...] = ()
    abbreviations: tuple[str, ...] = ()
    if kind == "dates":
        months = tuple(raw.get("months") or _babel_months(lang))
        abbreviations = tuple(raw.get("abbreviations", ()))
        if len(months) != 12 or len(abbreviations) not in (0, 12):
            raise ProjectError(
                f"{where}: months (as the drafts write them) and abbreviations (as the style writes them) "
                "list the twelve months",
                path=shown,
            )
        if not raw.get("format"):
            raise ProjectError(f'{where}: a dates rule needs format, e.g. format = "MMM d"', path=shown)
        alternation = "|".join(re.escape(m) for m in sorted(months, key=len, reverse=True))
        pattern_text = (
            rf"\b(?:(?P<d1>\d{{1,2}}) (?P<m1>{alternation})|(?P<m2>{alternation}) (?P<d2>\d{{1,2}})(?!\d))"
            rf"(?:,? (?P<y>\d{{4}}))?\b"
        )
    else:
        pattern_text = raw.get("pattern", "")
        if not isinstance(pattern_text, str) or not pattern_text:
            raise ProjectError(f"{where}: needs a pattern", path=shown)
        pattern_text = _expand(pattern_text, lists, where, shown)
    try:
        pattern = re.compile(pattern_text, flags)
        source = re.compile(raw["source"]) if raw.get("source") else None
    except re.error as exc:
        raise ProjectError(f"{where}: the pattern is not a regular expression ({exc})", path=shown) from exc
    replace = raw.get("replace", "")
    if kind == "replace" and not isinstance(replace, str):
        raise ProjectError(f"{where}: replace is a string", path=shown)
    words: dict[str, str] = {}
    if "word-map" in raw:
        names = raw["word-map"]
        if not (isinstance(names, list) and len(names) == 2 and all(n in lists for n in names)):
            raise ProjectError(f'{where}: word-map names two lists of [lists], e.g. ["participles", "past"]',
                               path=shown)  # fmt: skip
        if len(lists[names[0]]) != len(lists[names[1]]):
            raise ProjectError(f"{where}: the lists of word-map are not the same length", path=shown)
        words = dict(zip(lists[names[0]], lists[names[1]], strict=True))
    definition = json.dumps(
        {k: raw[k] for k in sorted(raw) if k not in ("description", "examples", "keep")}
        | {"pattern": pattern_text, "words": words},
        ensure_ascii=False,
        sort_keys=True,
    )
    return StyleRule(
        rule_id,
        str(raw.get("description", "")),
        pattern,
        replace,
        raw.get("engine"),
        source,
        case,
        words,
        kind,
        months,
        abbreviations,
        str(raw.get("format", "")),
        str(raw.get("format-with-year", raw.get("format", ""))),
        tuple((a, b) for a, b in examples),
        tuple(keep),
        definition,
    )


def _expand(pattern: str, lists: Mapping[str, list[str]], where: str, shown: str) -> str:
    """``{name}`` → an alternation of the list ``name`` (longest first), ``{upper}`` → a capital letter."""

    def one(m: re.Match[str]) -> str:
        name = m.group(1)
        if name == "upper":
            return f"[{_UPPER}]"
        if name not in lists:
            raise ProjectError(f'{where}: no list "{name}" in [lists]', path=shown)
        words = sorted(lists[name], key=len, reverse=True)
        return "(?:" + "|".join(re.escape(w) for w in words) + ")"

    return re.sub(r"\{([a-z][a-z0-9-]*)\}", one, pattern)


@functools.cache
def _babel_months(lang: str) -> tuple[str, ...]:
    from babel.dates import get_month_names

    names = get_month_names("wide", locale=lang)
    return tuple(str(names[n]) for n in range(1, 13))


def _apply_rule(
    rule: StyleRule, text: str, spans: list[tuple[int, int]], lang: str
) -> tuple[str, list[tuple[int, int]], bool]:
    """``text`` with every match of ``rule`` that leaves the protected ``spans`` alone replaced; the spans
    moved to where they are in the new text."""
    out: list[str] = []
    pos = 0
    shift: list[tuple[int, int]] = []  # (old position, length change) of each replacement made
    for m in rule.pattern.finditer(text):
        replacement = _replacement(rule, m, lang)
        original = m.group(0)
        if replacement is None or replacement == original:
            continue
        start, end = _changed_region(original, replacement)
        if any(m.start() + start < e and s < m.start() + max(end, start + 1) for s, e in spans):
            continue  # it would change a glossary term or a number
        out.append(text[pos : m.start()])
        out.append(replacement)
        pos = m.end()
        shift.append((m.end(), len(replacement) - len(original)))
    if not shift:
        return text, spans, False
    out.append(text[pos:])
    moved = [(s + _delta(shift, s), e + _delta(shift, s)) for s, e in spans]
    return "".join(out), moved, True


def _delta(shift: list[tuple[int, int]], at: int) -> int:
    return sum(change for end, change in shift if end <= at)


def _changed_region(old: str, new: str) -> tuple[int, int]:
    """(start, end) in ``old`` of what differs from ``new``: the common beginning and end left out."""
    prefix = 0
    while prefix < min(len(old), len(new)) and old[prefix] == new[prefix]:
        prefix += 1
    suffix = 0
    while suffix < min(len(old), len(new)) - prefix and old[-1 - suffix] == new[-1 - suffix]:
        suffix += 1
    return prefix, len(old) - suffix


def _replacement(rule: StyleRule, m: re.Match[str], lang: str) -> str | None:
    if rule.kind == "dates":
        return _date(rule, m, lang)
    template = rule.replace
    if rule.words and "{word}" in template:
        found = m.group("word") or ""
        template = template.replace("{word}", rule.words.get(found, found).replace("\\", "\\\\"))
    text = m.expand(template)
    if rule.case == "as-found":
        text = text[:1].upper() + text[1:] if m.group(0)[:1].isupper() else text
    elif rule.case == "title":
        words = text.split(" ")
        text = " ".join(
            w if (i and w in _SMALL_WORDS) or not w[:1].islower() else w[:1].upper() + w[1:]
            for i, w in enumerate(words)
        )
    elif rule.case == "capitalise":
        text = text[:1].upper() + text[1:]
    elif rule.case == "lower":
        text = text.lower()
    return text


def _date(rule: StyleRule, m: re.Match[str], lang: str) -> str | None:
    """A date the draft writes as "15 August (2024)" or "August 15", in the rule's format.

    ``format`` is a Babel (CLDR) date pattern; ``{month}`` in it stands for the rule's own
    ``abbreviations`` (AP's "Aug.", "Sept.", which CLDR does not have).
    """
    month_name = m.group("m1") or m.group("m2")
    day = int(m.group("d1") or m.group("d2"))
    month = rule.months.index(month_name) + 1
    year = int(m.group("y")) if m.group("y") else None
    try:
        when = date(year or 2000, month, day)
    except ValueError:
        return None  # not a date after all ("31 February"): left as written
    pattern = rule.date_format_year if year else rule.date_format
    from babel.dates import format_date

    if "{month}" in pattern and rule.abbreviations:
        pattern = pattern.replace("{month}", "'" + rule.abbreviations[month - 1].replace("'", "''") + "'")
    return str(format_date(when, pattern, locale=lang))
