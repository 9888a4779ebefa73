"""What machine translation must not touch: glossary terms and numbers, masked before MT, restored after.

Public: mask(glossary, text, lang, *, placeholder=...), unmask(translation, masked), prefill(glossary, text, lang),
protected_spans(translation, masked), Masked, Slot, PlaceholderRequest, PlaceholderChooser.

``mask`` swaps each glossary match (``Glossary.find``) and each number, percentage and clock
time (``numbers.number_spans``) for a placeholder the engine passes through: ``[n]``, or a token
the engine chooses per slot (``Engine.placeholders``). ``unmask`` puts the target-language form
back and reports any placeholder the engine dropped, duplicated or mangled; the text it returns
never holds one. ``prefill`` is the second try when a placeholder broke: the French with every
protected span already written in its target form. ``protected_spans`` says where those target
forms stand in the translation, so that the house style leaves them alone.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace

from localise.glossary.terms import Glossary, Term
from localise.numbers import localise_numbers, number_spans

__all__ = [
    "Masked",
    "PlaceholderChooser",
    "PlaceholderRequest",
    "Slot",
    "mask",
    "prefill",
    "protected_spans",
    "unmask",
]

_PLACEHOLDER = re.compile(r"\[\s*(\d{1,3})\s*\]")
_TOKEN_ATTEMPTS = 32


@dataclass(frozen=True)
class Slot:
    """A protected span replaced by ``placeholder`` before MT, restored as ``target``.

    ``term`` is the glossary term, None for a number.
    """

    placeholder: str
    source: str
    target: str
    term: Term | None = None


@dataclass(frozen=True)
class PlaceholderRequest:
    """What an engine may look at to choose a slot's placeholder (``mask(placeholder=)``).

    ``number`` is unique within the sentence (1, 2, …); ``kind`` is the term's kind or
    ``"number"``; ``source`` is the masked French span and ``before`` the text before it
    (its article or preposition). The token must come back unchanged from the engine.
    """

    number: int
    kind: str
    source: str
    before: str


#: An engine's choice of placeholder token for one slot (see ``Engine.placeholders``).
PlaceholderChooser = Callable[[PlaceholderRequest], str]


@dataclass(frozen=True)
class Masked:
    """Text ready for the engine, and how to restore it."""

    text: str
    slots: tuple[Slot, ...]


def mask(
    glossary: Glossary, text: str, lang: str, *, placeholder: PlaceholderChooser | None = None
) -> Masked:
    """Replace glossary terms, then numbers, percentages and clock times outside them, with placeholders.

    Placeholders are ``[n]`` unless the engine chooses its own: ``placeholder(request)`` returns
    the token for one slot (see PlaceholderRequest). A token already in ``text`` or given to
    another slot is never used: the next number is asked for.
    """
    spans: list[tuple[int, int, str, Term | None]] = [
        (m.start, m.end, m.term.target(lang, m.variant), m.term) for m in glossary.find(text)
    ]
    terms = [(s, e) for s, e, _, _ in spans]
    for start, end, target in number_spans(text, lang):
        if not any(start < e and s < end for s, e in terms):
            spans.append((start, end, target, None))
    spans.sort()
    used = {int(n) for n in _PLACEHOLDER.findall(text)}
    folded = text.casefold()
    numbers = (n for n in range(1, 1000) if n not in used)
    out: list[str] = []
    slots: list[Slot] = []
    tokens: set[str] = set()
    pos = 0
    for start, end, target, term in spans:
        kind = term.kind if term is not None else "number"
        request = PlaceholderRequest(next(numbers), kind, text[start:end], text[:start])
        token = _slot_token(request, placeholder, numbers, taken=tokens, folded=folded)
        tokens.add(token.casefold())
        out.append(text[pos:start])
        out.append(token)
        slots.append(Slot(token, text[start:end], target, term))
        pos = end
    out.append(text[pos:])
    return Masked("".join(out), tuple(slots))


def unmask(translation: str, masked: Masked) -> tuple[str, list[str]]:
    """Restore target forms; return the text and problems (dropped/duplicated/unknown placeholders).

    ``[n]`` placeholders are found even with the spacing a model adds; an engine's own
    tokens (words) are found as whole words in any case, a capital the engine gave the
    token is given to the target form. The returned text never contains a placeholder:
    unknown or extra ones are removed.
    """
    by_number = {slot.placeholder: slot for slot in masked.slots if _is_bracket(slot.placeholder)}
    seen: dict[str, int] = {}
    problems: list[str] = []

    def count(slot: Slot) -> bool:
        seen[slot.placeholder] = seen.get(slot.placeholder, 0) + 1
        if seen[slot.placeholder] > 1:
            problems.append(f'placeholder for "{slot.source}" duplicated')
            return False
        return True

    # Every word token in one pass, so a target form just put back is never read as a token.
    by_word = {
        slot.placeholder.casefold(): slot for slot in masked.slots if not _is_bracket(slot.placeholder)
    }

    def restore_word(m: re.Match[str]) -> str:
        found = m.group(1)
        slot = by_word.get(found.casefold())
        if slot is None:  # a case-insensitive match casefold() spells otherwise: leave it
            return m.group(0)
        if not count(slot):
            return ""
        target = slot.target
        if found[:1].isupper() and slot.placeholder[:1].islower():
            target = target[:1].upper() + target[1:]
        return target

    text = _words_regex(tuple(by_word)).sub(restore_word, translation) if by_word else translation

    def restore(m: re.Match[str]) -> str:
        key = f"[{int(m.group(1))}]"
        slot = by_number.get(key)
        if slot is None:
            if m.group(0) in masked.text:  # the source had it literally: not ours
                return m.group(0)
            problems.append(f"unknown placeholder {m.group(0)}")
            return ""
        return slot.target if count(slot) else ""

    text = _PLACEHOLDER.sub(restore, text)
    for slot in masked.slots:
        if slot.placeholder not in seen:
            problems.append(f'placeholder for "{slot.source}" dropped')
    text = re.sub(r"[ \t]{2,}", " ", text).strip()
    text = re.sub(r"\s+([,.;:!?])", r"\1", text) if problems else text
    return text, problems


def protected_spans(translation: str, masked: Masked) -> list[tuple[int, int]]:
    """(start, end) of every target form of ``masked``'s slots (glossary terms, numbers) in ``translation``,
    case-blind at the first letter (a term the engine capitalised): what the house style must not touch."""
    spans: list[tuple[int, int]] = []
    for target in {slot.target for slot in masked.slots if slot.target}:
        pattern = re.compile(
            rf"(?<!\w)[{re.escape(target[:1].upper() + target[:1].lower())}]{re.escape(target[1:])}(?!\w)"
        )
        spans += [(m.start(), m.end()) for m in pattern.finditer(translation)]
    return sorted(spans)


def prefill(glossary: Glossary, text: str, lang: str) -> str:
    """The French ``text`` with every term and number already in its ``lang`` form: what the engine
    translates when it broke a placeholder of the masked text."""
    return localise_numbers(glossary.substitute(text, lang), lang)


def _is_bracket(token: str) -> bool:
    return _PLACEHOLDER.fullmatch(token) is not None


def _slot_token(
    request: PlaceholderRequest,
    placeholder: PlaceholderChooser | None,
    numbers: Iterator[int],
    *,
    taken: set[str],
    folded: str,
) -> str:
    """``[n]``, or the engine's token for the slot unless another slot has it or the text holds it:
    then the engine is asked again with the next numbers, and after a few, ``[n]`` it is."""
    if placeholder is None:
        return f"[{request.number}]"
    for _ in range(_TOKEN_ATTEMPTS):
        chosen = placeholder(request)
        if chosen.casefold() not in taken and (
            _is_bracket(chosen) or _word_regex(chosen).search(folded) is None
        ):
            return chosen
        request = replace(request, number=next(numbers))
    return f"[{request.number}]"


@functools.lru_cache(maxsize=1024)
def _word_regex(token: str) -> re.Pattern[str]:
    """``token`` as a whole word, any case."""
    return re.compile(rf"(?<![\w])({re.escape(token)})(?![\w])", re.IGNORECASE)


@functools.lru_cache(maxsize=1024)
def _words_regex(tokens: tuple[str, ...]) -> re.Pattern[str]:
    """Any of ``tokens`` as a whole word, any case, also with an MT engine's mark before it
    (rule-based engines flag words they could not generate or did not know: ``#Oslo``, ``*Oslo``)."""
    alternation = "|".join(re.escape(t) for t in sorted(tokens, key=len, reverse=True))
    return re.compile(rf"(?<![\w])[#*@~]?({alternation})(?![\w])", re.IGNORECASE)
