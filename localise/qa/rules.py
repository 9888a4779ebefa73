"""The check's rules, one definition each: id, description, message, finder and CI metadata.

Public: Rule, Pair, RULES, message_of(problem).

``RULES`` is the registry ``localise check``, its ``# localise: allow`` suppressions and every
output format (text, JSON, SARIF, GitHub, GitLab Code Quality) read: adding a rule is adding
one ``Rule`` here (and its tests). A rule's finder looks at one entry (``Pair``) and returns
``Problem``s of its kind; two rules that come out of one reading of the entry share a finder
(the glossary's two, the numbers' two), which the check runs once per entry.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Literal, NamedTuple

from localise.glossary.adherence import check_terms
from localise.glossary.terms import Glossary
from localise.model import Problem
from localise.qa.number_check import check_numbers
from localise.text import describe_character, invisible_characters

__all__ = ["RULES", "Pair", "Rule", "message_of"]

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
