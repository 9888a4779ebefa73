"""The check's rules, one definition each: id, description, message, finder and CI metadata.

Public: Rule, Pair, RULES, message_of(problem), problems_in(msgid, msgstr, lang, glossary, ...).

``RULES`` is the registry ``localise check``, its ``# localise: allow`` suppressions and every
output format (text, JSON, SARIF, GitHub, GitLab Code Quality) read: adding a rule is adding
one ``Rule`` here (and its tests). A rule's finder looks at one entry (``Pair``) and returns
``Problem``s of its kind; two rules that come out of one reading of the entry share a finder
(the glossary's two, the numbers' two), which the check runs once per entry. The house style's
findings (``french-quotes``, ``space-before-punctuation``, ``doubled-period``) run only in the
languages whose style file lists them in ``checks`` (``mt.style``): what the style fixes in drafts,
the check finds in any translation.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Sequence
from typing import Literal, NamedTuple

from localise.glossary.adherence import check_terms
from localise.glossary.terms import Glossary
from localise.model import Problem
from localise.mt.style import HouseStyle
from localise.qa.number_check import check_numbers
from localise.text import describe_character, invisible_characters

__all__ = ["RULES", "Pair", "Rule", "message_of", "problems_in"]

_FIX = (
    'Fix the msgstr, or add the translator comment "# localise: allow <term>" to the entry '
    "if the exception is intended."
)


class Pair(NamedTuple):
    """One entry as the rules see it: the French, its translation, their language, the term base."""

    msgid: str
    msgstr: str
    lang: str
    glossary: Glossary
    style: HouseStyle | None = None  # the language's house style: which style findings apply


class Rule(NamedTuple):
    """One kind of finding: what it means, how its message reads, what finds it, how CI shows it.

    ``description`` is one line (SARIF's short description); ``explanation`` what exactly the rule
    asks, when there is more to say (SARIF's full description); ``fix`` how to resolve a finding
    (SARIF's help, after the explanation). ``find`` returns the rule's problems in an entry
    (problems of other kinds it returns are those rules'); None for a rule the check itself
    applies (``unused-suppression``, which needs every other rule's findings). ``level`` is
    SARIF's and GitHub's (error, warning, note), ``severity`` GitLab Code Quality's.
    """

    id: str
    description: str
    message: Callable[[Problem], str]
    find: Callable[[Pair], Sequence[Problem]] | None
    explanation: str = ""
    fix: str = _FIX
    level: Literal["error", "warning", "note"] = "error"
    severity: Literal["info", "minor", "major", "critical", "blocker"] = "major"

    @property
    def full_description(self) -> str:
        return (
            f"{self.description.removesuffix('.')} {self.explanation}"
            if self.explanation
            else self.description
        )


def _glossary_terms(pair: Pair) -> list[Problem]:
    return check_terms(pair.glossary, pair.msgid, pair.msgstr, pair.lang)


def _numbers(pair: Pair) -> list[Problem]:
    return check_numbers(pair.msgid, pair.msgstr, pair.lang)


_FRENCH_QUOTES = re.compile(r"[«»]")
_SPACE_BEFORE = re.compile(r"[ \u00a0\u202f]+[:;!?]")
# Two periods, not an ellipsis: "11 a.m.." where a clock time ends the sentence.
_DOUBLED_PERIOD = re.compile(r"(?<![.…])\.\.(?![.…])")


def _style_findings(pair: Pair) -> list[Problem]:
    """The house style's typography in a translation, in the languages whose style asks for it: the first
    French quotation mark, each space before : ; ! ?, each doubled period."""
    checks = pair.style.checks if pair.style is not None else frozenset()
    if not checks:
        return []
    found: list[Problem] = []
    text = pair.msgstr
    if "french-quotes" in checks and (quote := _FRENCH_QUOTES.search(text)) is not None:
        found.append(Problem("french-quotes", quote.group(0), "“ ”", quote.group(0), quote.start()))
    if "space-before-punctuation" in checks:
        found += [
            Problem("space-before-punctuation", m.group(0), m.group(0)[-1], m.group(0), m.start())
            for m in _SPACE_BEFORE.finditer(text)
        ]
    if "doubled-period" in checks:
        for m in _DOUBLED_PERIOD.finditer(text):
            start = text.rfind(" ", 0, m.start()) + 1
            found.append(Problem("doubled-period", "..", ".", text[start : m.end()], start))
    return found


def _invisible(pair: Pair) -> list[Problem]:
    """One problem per invisible character of the msgstr, at its first place (as a glossary term is
    reported once per entry)."""
    first: dict[str, int] = {}
    for at, ch in invisible_characters(pair.msgstr):
        first.setdefault(ch, at)
    return [Problem("invisible-character", f"U+{ord(ch):04X}", "", ch, at) for ch, at in first.items()]


def _found(problem: Problem) -> str:
    return f' (found "{problem.found}")' if problem.found else ""


RULES: dict[str, Rule] = {
    rule.id: rule
    for rule in (
        Rule(
            "term-missing",
            "A glossary term of the French is not in the translation in its target form.",
            lambda p: f'missing "{p.expected}" for "{p.term}"{_found(p)}',
            _glossary_terms,
            explanation="(case and diacritics kept; only a capital at the start of a sentence is forgiven).",
        ),
        Rule(
            "source-form-left",
            "A French glossary form that differs from its target form was left in the translation.",
            lambda p: f'"{p.found}" left in the translation (expected "{p.expected}")',
            _glossary_terms,
        ),
        Rule(
            "number-mismatch",
            "A number, percentage or clock time of the French is missing or changed in the translation.",
            lambda p: (
                f'missing "{p.expected}"' + (f' for "{p.term}"' if p.expected != p.term else "") + _found(p)
            ),
            _numbers,
        ),
        Rule(
            "number-format",
            "A number of the French is written in another locale's format.",
            lambda p: f'"{p.found}" is written in another locale\'s format; write "{p.expected}"',
            _numbers,
            explanation='("150 000" in English).',
        ),
        Rule(
            "french-quotes",
            "French guillemets in a translation whose house style writes “ ”.",
            lambda p: f'French quotation mark "{p.found}"; write “ ” as the house style does',
            _style_findings,
            explanation="(a finding only in languages whose style/<lang>.toml lists it in checks).",
            fix="Write the quotation with “ ”.",
            level="warning",
            severity="minor",
        ),
        Rule(
            "space-before-punctuation",
            "A space before : ; ! or ? (French typography) in a translation whose house style has none.",
            lambda p: f'space before "{p.expected}" (French typography); remove it',
            _style_findings,
            explanation="(a finding only in languages whose style/<lang>.toml lists it in checks).",
            fix="Remove the space.",
            level="warning",
            severity="minor",
        ),
        Rule(
            "doubled-period",
            'Two periods where an abbreviation ends a sentence ("until 11 a.m..").',
            lambda p: f'doubled period in "{p.found}"; an abbreviation that ends a sentence takes one',
            _style_findings,
            explanation="(a finding only in languages whose style/<lang>.toml lists it in checks).",
            fix="Remove one period.",
            level="warning",
            severity="minor",
        ),
        Rule(
            "invisible-character",
            "An invisible or control character in the translation.",
            lambda p: f"invisible {describe_character(p.found)} in the translation; delete it",
            _invisible,
            explanation="(a soft hyphen, a zero-width space or joiner, a word joiner, a bidi control, a byte "
            "order mark, a control character): readers do not see it, but it splits words for search, "
            "screen readers and this check.",
            fix='Delete the character, or add the translator comment "# localise: allow U+XXXX" (its code '
            "point) to the entry if it is intended.",
        ),
        Rule(
            "unused-suppression",
            'A "# localise: allow <term>" comment that suppresses no finding on its entry.',
            lambda p: f'"{p.found}" suppresses nothing on this entry; remove it',
            None,
            fix="Remove the comment, or correct the term it names.",
        ),
    )
}


def message_of(problem: Problem) -> str:
    """The problem's message, as its rule writes it: ``missing "Putin" for "Poutine" (found "Poutine")``."""
    return RULES[problem.kind].message(problem)


def problems_in(
    msgid: str,
    msgstr: str,
    lang: str,
    glossary: Glossary,
    *,
    style: HouseStyle | None = None,
    rules: Collection[str] | None = None,
) -> list[Problem]:
    """The problems the rules of ``RULES`` (those named in ``rules``; default all) find in one
    translation, without placing them in a file: what MT and the newsroom's memory ask of a draft."""
    pair = Pair(msgid, msgstr, lang, glossary, style)
    finders = dict.fromkeys(
        RULES[kind].find for kind in (rules if rules is not None else RULES) if RULES[kind].find is not None
    )
    found = [p for find in finders if find is not None for p in find(pair)]
    return [p for p in found if rules is None or p.kind in rules]
