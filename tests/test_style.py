"""House style for machine drafts (``style/<lang>.toml``, ``mt.style``): every rule changes what it should
and leaves alone what it must, never inside a glossary term or a number."""

from __future__ import annotations

from pathlib import Path

import pytest

from localise.mt.style import StyleRule, load_style

ROOT = Path(__file__).resolve().parent.parent
STYLES = {lang: load_style(ROOT / "style" / f"{lang}.toml", lang) for lang in ("en", "vi")}
_FROM = " ⟸ "  # an example written "draft ⟸ French" gives the French a `source` rule looks at


def _split(example: str) -> tuple[str, str]:
    draft, _, french = example.partition(_FROM)
    return draft, french


RULES = [(lang, rule) for lang, style in STYLES.items() for rule in style.rules]


@pytest.mark.parametrize(("lang", "rule"), RULES, ids=[f"{lang}:{rule.id}" for lang, rule in RULES])
def test_every_rule_changes_its_examples_and_leaves_its_counter_examples(lang: str, rule: StyleRule) -> None:
    style = STYLES[lang]
    assert rule.description and rule.examples and rule.keep, (
        f"{rule.id}: needs a description, examples and keep"
    )
    for example, expected in rule.examples:
        draft, french = _split(example)
        styled = style.apply(draft, source=french, engine=rule.engine, only=rule.id)
        assert styled.text == expected and styled.applied == (rule.id,)
    for example in rule.keep:
        draft, french = _split(example)
        styled = style.apply(draft, source=french, engine=rule.engine, only=rule.id)
        assert styled.text == draft and styled.applied == ()
