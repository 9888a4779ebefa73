"""House style for machine drafts (``style/<lang>.toml``, ``mt.style``): every rule changes what it should
and leaves alone what it must, never inside a glossary term or a number."""

from __future__ import annotations

from pathlib import Path

import pytest

from localise.errors import ProjectError
from localise.glossary.terms import Glossary, load_glossary
from localise.mt.engines import Engine
from localise.mt.style import STYLE_CHECKS, StyleRule, load_style
from localise.mt.translate import draft_translations
from localise.qa.rules import problems_in

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


def test_a_match_that_would_change_a_protected_span_is_skipped_and_the_others_apply() -> None:
    style = STYLES["en"]
    text = "The president Putin met the president Trump."
    # "president Putin" is a glossary term's target form here: the title rule leaves it alone.
    styled = style.apply(text, protected=[(4, 19)], only="title-before-name")
    assert styled.text == "The president Putin met President Trump."
    assert styled.protected == ((4, 19),)
    moved = style.apply("Mme Leavitt said « yes » at 11 a.m..", protected=[(28, 35)])
    assert moved.text == "Ms. Leavitt said “yes” at 11 a.m."
    assert moved.text[moved.protected[0][0] : moved.protected[0][1]] == "11 a.m."


class _Canned(Engine):
    """An engine that answers from a table of masked French: Apertium's habits, written down."""

    name = "apertium"

    def __init__(self, answers: dict[str, str]) -> None:
        self.answers = answers

    def pairs(self) -> list[tuple[str, str]]:
        return [("fr", "en")]

    def translate(self, texts, source, target):  # type: ignore[no-untyped-def]
        return [self.answers[t] for t in texts]

    def describe(self, source: str, target: str) -> str:
        return "apertium canned"


def test_drafts_take_the_house_style_without_touching_glossary_terms_or_numbers(tmp_path: Path) -> None:
    csv = tmp_path / "glossary.csv"
    csv.write_text("fr,en,vi,kind,note\nPremier ministre,Prime minister,Thủ tướng,title,\n", encoding="utf-8")
    glossary = load_glossary(csv)
    french = "Le Premier ministre Phạm Minh Chính a déclaré qu'il resterait jusqu'à 11 h."
    engine = _Canned(
        {
            "Le [1] Phạm Minh Chính a déclaré qu'il resterait jusqu'à [2].": "The [1] Phạm Minh Chính has declared that it would remain until [2]."
        }
    )
    drafts, _ = draft_translations(
        [french], source_lang="fr", target_langs=["en"], engine=engine, glossary=glossary, styles=STYLES
    )
    draft = drafts["en"][french]
    # The title rule would write "Prime Minister": the glossary says "Prime minister", so it does not apply.
    assert draft.text == "The Prime minister Phạm Minh Chính said that it would remain until 11 a.m."
    assert (
        draft.unstyled
        == "The Prime minister Phạm Minh Chính has declared that it would remain until 11 a.m.."
    )
    assert draft.provenance is not None and draft.provenance.style_hash == STYLES["en"].version("apertium")


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("en", ["french-quotes", "space-before-punctuation", "doubled-period"]), ("vi", [])],
)
def test_the_check_reports_the_style_findings_a_language_asks_for(lang: str, expected: list[str]) -> None:
    style = STYLES[lang]
    found = problems_in(
        "Il a dit : « oui » à 11 h.",
        "He said : « yes » until 11 a.m..",
        lang,
        Glossary([]),
        style=style,
        rules=STYLE_CHECKS,
    )
    assert sorted({p.kind for p in found}) == sorted(expected)


def test_a_broken_style_file_is_one_line_naming_the_file_and_the_rule(tmp_path: Path) -> None:
    path = tmp_path / "en.toml"
    path.write_text('[[rule]]\nid = "x"\npattern = "("\nreplace = ""\n', encoding="utf-8")
    with pytest.raises(ProjectError) as info:
        load_style(path, "en", display_path="style/en.toml")
    assert str(info.value).startswith('style/en.toml: rule "x": the pattern is not a regular expression')
