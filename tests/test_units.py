"""Units: one per sentence, every sentence in exactly one unit, ids stable under unrelated edits."""

from __future__ import annotations

from pathlib import Path

import pytest

from localise import make_units, parse_text, read_article, split_sentences
from localise.sources.units import normalise


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "M. Poutine a quitté l'Alaska. M. Trump est resté.",
            ["M. Poutine a quitté l'Alaska.", "M. Trump est resté."],
        ),
        (
            "« Nous nous entendons bien. Il existe un certain respect mutuel », a déclaré M. Trump.",
            ["« Nous nous entendons bien. Il existe un certain respect mutuel », a déclaré M. Trump."],
        ),
        (
            "« Je partage l'avis », a-t-il déclaré. « J'espère la paix en Ukraine. »",
            ["« Je partage l'avis », a-t-il déclaré.", "« J'espère la paix en Ukraine. »"],
        ),
        (
            "La croissance a atteint 2.5 points. Les prix 3,5 %.",
            ["La croissance a atteint 2.5 points.", "Les prix 3,5 %."],
        ),
        (
            "Mme Leavitt et J. Biden ont parlé. Puis ils sont partis.",
            ["Mme Leavitt et J. Biden ont parlé.", "Puis ils sont partis."],
        ),
        (
            "la légende : « En quête de paix ». Ce message était affiché.",
            ["la légende : « En quête de paix ».", "Ce message était affiché."],
        ),
        ("Le sommet commence", ["Le sommet commence"]),
    ],
    ids=[
        "abbreviation",
        "quote-inside",
        "quote-then-quote",
        "decimals",
        "mme-initial",
        "after-closing-quote",
        "no-final-stop",
    ],
)
def test_split_sentences(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


def test_each_sentence_of_the_seed_lands_in_exactly_one_unit(seed_path: Path) -> None:
    article = read_article(seed_path)
    units = make_units(article)
    for index, block in enumerate(article.blocks):
        pieces = [u.source for u in units if u.block == index]
        if block.kind == "source":
            assert pieces == []
            continue
        assert normalise(" ".join(pieces)) == normalise(block.text), block.line
    # Known multi-sentence lines split where a reader would split them.
    by_line = {}
    for u in units:
        by_line.setdefault(u.line, []).append(u.source)
    assert len(by_line[35]) == 2 and len(by_line[43]) == 1 and len(by_line[133]) == 2
    assert by_line[162][0].endswith("le 15 août.")


def test_units_have_unique_ids_and_refs(seed_path: Path) -> None:
    units = make_units(read_article(seed_path))
    assert len({u.id for u in units}) == len(units)
    assert all(u.ref == f"{seed_path}:{u.line}" for u in units)


def _ids(text: str) -> dict[str, str]:
    return {u.source: u.id for u in make_units(parse_text(text, slug="seed"))}


def test_ids_survive_editing_one_paragraph(seed_text: str) -> None:
    before = _ids(seed_text)
    edited_line = "La réunion a duré environ trois heures et a été suivie d'une brève conférence de presse des deux dirigeants."
    after = _ids(seed_text.replace(edited_line, "La réunion a duré près de trois heures."))
    changed = {s for s in before if s not in after}
    assert changed == {edited_line}
    assert all(after[s] == i for s, i in before.items() if s in after)


def test_ids_survive_inserting_a_paragraph(seed_text: str) -> None:
    before = _ids(seed_text)
    lines = seed_text.splitlines()
    lines.insert(
        13, "Un nouveau paragraphe a été ajouté par la rédaction, sans rapport avec le reste du texte."
    )
    after = _ids("\n".join(lines))
    assert {s: after[s] for s in before} == before
    assert len(after) == len(before) + 1


def test_ids_survive_two_entries_swapping_order(seed_text: str) -> None:
    lines = seed_text.splitlines()
    # Entry "Le sommet commence" (lines 92-95) and entry "Le président Trump et… Cadillac" (96-97).
    swapped = lines[:91] + lines[95:97] + lines[91:95] + lines[97:]
    assert _ids("\n".join(swapped)) == _ids(seed_text)


def test_repeated_sentence_gets_an_occurrence_number() -> None:
    text = "Titre\nLe sommet commence\nLe président est arrivé à la base aérienne, comme prévu, et il a salué la presse.\nLe sommet commence\n"
    units = make_units(parse_text(text, slug="t"))
    ids = [u.id for u in units if u.source == "Le sommet commence"]
    assert len(ids) == 2 and ids[1] == f"{ids[0]}-2"


def test_a_unit_is_the_source_sentence_with_nothing_added() -> None:
    """The French as written ("75 % les"): nothing invisible added to quiet a false positive (python-babel#1268)."""
    sentence = "Donald Trump a estimé à 75 % les chances de succès de sa prochaine rencontre avec M. Poutine."
    text = f"Titre\nUn paragraphe assez long pour être un paragraphe et non un titre. {sentence}\n"
    units = make_units(parse_text(text, slug="t"))
    assert units[-1].source == sentence
