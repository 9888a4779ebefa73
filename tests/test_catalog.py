"""Catalogs: valid PO, msgmerge-style merge that never loses a translator's work, strict reading."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from babel.messages.pofile import read_po

from localise import make_units, parse_text
from localise.catalogs.merge import merge_catalog
from localise.catalogs.pofile import read_po as read_catalog
from localise.catalogs.pofile import write_po as write_catalog
from localise.catalogs.state import catalog_stats
from localise.errors import CatalogError
from localise.glossary.terms import load_glossary
from localise.model import Draft

ROOT = Path(__file__).resolve().parent.parent
EDITED = {
    "Le sommet russo-américain s'achève": "Russia-U.S. summit ends",
    "Le sommet commence": "The summit begins",
    "Points à l'ordre du jour": "Items on the agenda",
}
CHANGED_OLD = "La réunion a duré environ trois heures et a été suivie d'une brève conférence de presse des deux dirigeants."
CHANGED_NEW = "La réunion a duré environ trois heures et demie et a été suivie d'une brève conférence de presse des deux dirigeants."
DELETED = "Il a également réitéré son appel fréquent à s'attaquer aux causes profondes des conflits."


def _units(text: str):
    return make_units(parse_text(text, slug="seed", path="sources/seed.fr.txt"))


def _machine_drafts(units) -> dict[str, Draft]:
    return {u.source: Draft(f"MT of {u.id}", "test tiny 0.1") for u in units}


@pytest.fixture(scope="module")
def glossary():
    return load_glossary(ROOT / "glossary.csv")


def test_written_catalog_passes_msgfmt_and_babel(tmp_path: Path, seed_text: str, glossary) -> None:
    units = _units(seed_text)
    path = tmp_path / "locale" / "vi" / "LC_MESSAGES" / "seed.po"
    write_catalog(
        merge_catalog(
            None, units, lang="vi", slug="seed", glossary=glossary, drafts=_machine_drafts(units[:5])
        ),
        path,
    )
    if shutil.which("msgfmt"):
        subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], check=True)
    catalog = read_po(path.open("rb"))
    assert catalog.locale is not None and str(catalog.locale) == "vi"
    po = polib.pofile(str(path))
    assert po.metadata["Plural-Forms"] == "nplurals=1; plural=0;"
    assert po.metadata["Content-Type"] == "text/plain; charset=UTF-8"
    first = po[0]
    assert first.fuzzy and "mt: test tiny 0.1" in first.tcomment and "kind: title" in first.comment
    assert (
        "glossary: Vladimir Poutine → Vladimir Putin (vi); note: Russian president"
        in first.comment.splitlines()
    )
    assert "glossary: Alaska (keep as is); note: keep as is" in first.comment.splitlines()
    assert first.occurrences == [("sources/seed.fr.txt", "")]  # file-only: an edit elsewhere never churns it
    # The caption repeating a heading is one entry, in both roles.
    assert any("kind: heading, caption" in e.comment for e in po)


def test_translator_session_survives_rebuild(tmp_path: Path, seed_text: str, glossary) -> None:
    path = tmp_path / "en.po"
    units = _units(seed_text)
    write_catalog(
        merge_catalog(None, units, lang="en", slug="seed", glossary=glossary, drafts=_machine_drafts(units)),
        path,
    )

    # A translator edits three entries and clears fuzzy, and reviews the one whose French will change.
    po = read_catalog(path)
    for entry in po:
        if entry.msgid in EDITED:
            entry.msgstr = EDITED[entry.msgid]
            entry.flags.remove("fuzzy")
            entry.tcomment = "reviewed by A. Translator"
        if entry.msgid in (CHANGED_OLD, DELETED):
            entry.msgstr = "Human: " + entry.msgid[:20]
            entry.flags.remove("fuzzy")
    po.save(str(path))

    # The newsroom changes one paragraph and deletes another, then rebuilds with MT for new units.
    text = seed_text.replace(CHANGED_OLD, CHANGED_NEW).replace(DELETED + "\n", "")
    new_units = _units(text)
    existing = read_catalog(path)
    pending = [u for u in new_units if not any(e.msgid == u.source and e.msgstr for e in existing)]
    rebuilt = merge_catalog(
        existing, new_units, lang="en", slug="seed", glossary=glossary, drafts=_machine_drafts(pending)
    )
    write_catalog(rebuilt, path)
    po = read_catalog(path)

    by_id = {e.msgid: e for e in po if not e.obsolete}
    for msgid, text_ in EDITED.items():
        assert by_id[msgid].msgstr == text_ and not by_id[msgid].fuzzy
        assert by_id[msgid].tcomment == "reviewed by A. Translator"
    changed = by_id[CHANGED_NEW]
    assert (
        changed.fuzzy
        and changed.previous_msgid == CHANGED_OLD
        and changed.msgstr == "Human: " + CHANGED_OLD[:20]
    )
    assert "mt:" not in changed.tcomment  # a suggestion from a human, not a machine draft
    obsolete = {e.msgid: e for e in po.obsolete_entries()}
    # The deleted sentence, and the old wording of the changed one (its text lives on as the suggestion too).
    assert set(obsolete) == {DELETED, CHANGED_OLD}
    assert obsolete[DELETED].msgstr == "Human: " + DELETED[:20]
    stats = catalog_stats(po)
    assert (stats.reviewed, stats.suggestions, stats.obsolete, stats.untranslated) == (3, 1, 2, 0)
    assert [e.msgid for e in po if not e.obsolete] == list(dict.fromkeys(u.source for u in new_units))

    # The deleted sentence comes back: its translation returns with it.
    again = merge_catalog(
        read_catalog(path), _units(seed_text.replace(CHANGED_OLD, CHANGED_NEW)), lang="en", slug="seed"
    )
    revived = next(e for e in again if e.msgid == DELETED)
    assert not revived.obsolete and revived.msgstr == "Human: " + DELETED[:20] and not revived.fuzzy


def test_machine_drafts_never_overwrite_reviewed_entries(tmp_path: Path, seed_text: str) -> None:
    units = _units(seed_text)
    po = merge_catalog(None, units, lang="en", slug="seed")
    po[0].msgstr = "Reviewed title"
    again = merge_catalog(
        po, units, lang="en", slug="seed", drafts={units[0].source: Draft("MT title", "x 1")}
    )
    assert again[0].msgstr == "Reviewed title" and not again[0].fuzzy


def test_unchanged_catalog_is_not_rewritten(tmp_path: Path, seed_text: str) -> None:
    path = tmp_path / "en.po"
    units = _units(seed_text)
    assert write_catalog(merge_catalog(None, units, lang="en", slug="seed"), path) is True
    before = path.read_bytes()
    assert write_catalog(merge_catalog(read_catalog(path), units, lang="en", slug="seed"), path) is False
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["en.po"]  # no temp files left behind


@pytest.mark.parametrize(
    ("breakage", "message"),
    [
        (lambda t: t[: t.index('msgstr ""', 200) - 1], "truncated"),
        (lambda t: t[: t.index("msgid", 400) + 20], "unterminated string"),
        (lambda t: t.replace("charset=UTF-8", "charset=CHARSET"), "Content-Type"),
        (
            lambda t: t.replace("nplurals=2; plural=(n != 1);", "nplurals=INTEGER; plural=EXPRESSION;"),
            "Plural-Forms",
        ),
    ],
    ids=["truncated-entry", "truncated-string", "bad-charset", "bad-plural-forms"],
)
def test_broken_po_gives_clear_error_and_is_left_untouched(
    tmp_path: Path, seed_text: str, breakage, message: str
) -> None:
    path = tmp_path / "en.po"
    units = _units(seed_text)
    write_catalog(merge_catalog(None, units, lang="en", slug="seed"), path)
    broken = breakage(path.read_text(encoding="utf-8"))
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(CatalogError) as info:
        read_catalog(path)
    assert str(info.value).startswith(f"{path}:") and message in str(info.value)
    assert path.read_text(encoding="utf-8") == broken


def test_state_of_names_each_state_once() -> None:
    from localise.catalogs.state import MT_PREFIX, state_of
    from localise.model import EntryState

    reviewed = polib.POEntry(msgid="a", msgstr="A")
    machine = polib.POEntry(msgid="b", msgstr="B", flags=["fuzzy"], tcomment=MT_PREFIX + "argos x 1")
    suggestion = polib.POEntry(msgid="c", msgstr="C", flags=["fuzzy"], previous_msgid="c0")
    untranslated = polib.POEntry(msgid="d", msgstr="", flags=["fuzzy"])
    obsolete = polib.POEntry(msgid="e", msgstr="E", obsolete=True)
    assert [state_of(e) for e in (reviewed, machine, suggestion, untranslated, obsolete)] == [
        EntryState.REVIEWED,
        EntryState.MACHINE,
        EntryState.SUGGESTION,
        EntryState.UNTRANSLATED,
        EntryState.OBSOLETE,
    ]


def test_glossary_comments_name_every_language_with_variants_and_notes(seed_text: str, glossary) -> None:
    from localise.catalogs.template import build_template

    pot = build_template(_units(seed_text), slug="seed", glossary=glossary, langs=("en", "vi"))
    comments = {line for e in pot for line in e.comment.splitlines()}
    assert (
        "glossary: Youri Ouchakov → Yuri Ushakov (en), Yury Ushakov (vi); "
        "note: Kremlin foreign-policy aide; vi press uses Yury" in comments
    )
    assert "glossary: Alaska (keep as is); note: keep as is" in comments
    assert any(
        c.startswith(
            "glossary: États-Unis → United States (en), Mỹ (vi); also U.S. (en), US (en), Hoa Kỳ (vi)"
        )
        for c in comments
    )


LONG = next(
    line
    for line in (ROOT / "sources" / "trump-putin-alaska-summit.fr.txt")
    .read_text(encoding="utf-8")
    .splitlines()
    if len(line) > 200 and "." not in line[:-1]
)
HEADING = "L'Amérique déroule le tapis rouge pour accueillir le président Poutine"


def _reviewed_catalog(seed_text: str, tmp_path: Path) -> Path:
    """Every entry of the seed reviewed as "T: <French>"."""
    path = tmp_path / "en.po"
    po = merge_catalog(None, _units(seed_text), lang="en", slug="seed")
    for entry in po:
        entry.msgstr = "T: " + entry.msgid
    write_catalog(po, path)
    return path


def _step(path: Path, text: str) -> polib.POFile:
    po = merge_catalog(read_catalog(path), _units(text), lang="en", slug="seed")
    write_catalog(po, path)
    return read_catalog(path)


def _live(po: polib.POFile) -> dict[str, polib.POEntry]:
    return {e.msgid: e for e in po if not e.obsolete}


@pytest.mark.parametrize("times", [1, 2, 3])
def test_rewording_before_review_keeps_the_translation_as_the_suggestion(
    tmp_path: Path, seed_text: str, times: int
) -> None:
    path = _reviewed_catalog(seed_text, tmp_path)
    text, wording = seed_text, CHANGED_OLD
    for n in range(times):
        new = (
            wording.replace("trois heures", f"trois heures et {n + 1} minutes", 1)
            if n == 0
            else wording.replace(f"{n} minutes", f"{n + 1} minutes")
        )
        text, wording = text.replace(wording, new), new
        po = _step(path, text)
    entry = _live(po)[wording]
    assert entry.fuzzy and entry.msgstr == "T: " + CHANGED_OLD
    assert entry.previous_msgid == CHANGED_OLD  # the French the translation was written for


def test_a_deleted_sentence_re_added_reworded_gets_its_translation_back_as_a_suggestion(
    tmp_path: Path, seed_text: str
) -> None:
    path = _reviewed_catalog(seed_text, tmp_path)
    _step(path, seed_text.replace(DELETED + "\n", ""))
    reworded = DELETED.replace("fréquent", "répété")
    entry = _live(_step(path, seed_text.replace(DELETED, reworded)))[reworded]
    assert entry.fuzzy and entry.msgstr == "T: " + DELETED and entry.previous_msgid == DELETED


def test_reverting_a_reword_brings_the_reviewed_translation_back(tmp_path: Path, seed_text: str) -> None:
    path = _reviewed_catalog(seed_text, tmp_path)
    _step(path, seed_text.replace(CHANGED_OLD, CHANGED_NEW))
    entry = _live(_step(path, seed_text))[CHANGED_OLD]
    assert not entry.fuzzy and entry.msgstr == "T: " + CHANGED_OLD


def test_changing_one_copy_of_a_repeated_sentence_offers_the_other_copys_translation(
    tmp_path: Path, seed_text: str
) -> None:
    path = _reviewed_catalog(seed_text, tmp_path)
    assert seed_text.count(HEADING) == 2
    changed = HEADING + " pour la première fois"
    text = seed_text.replace(HEADING, changed, 1)
    live = _live(_step(path, text))
    assert live[changed].fuzzy and live[changed].msgstr == "T: " + HEADING
    assert not live[HEADING].fuzzy and live[HEADING].msgstr == "T: " + HEADING


def test_a_typography_only_change_stays_reviewed(tmp_path: Path, seed_text: str) -> None:
    path = _reviewed_catalog(seed_text, tmp_path)
    old = "M. Trump a qualifié la réunion de « très productive »."
    new = "M. Trump a qualifié la réunion de “très productive”."
    entry = _live(_step(path, seed_text.replace(old, new)))[new]
    assert not entry.fuzzy and entry.msgstr == "T: " + old and entry.previous_msgid == old


@pytest.mark.parametrize("position", [0.3, 0.5, 0.8])
def test_two_word_edits_of_a_long_sentence_never_send_it_to_obsolete(
    tmp_path: Path, seed_text: str, position: float
) -> None:
    """difflib's autojunk scored these 0.31-0.56; msgmerge's measure gives more than 0.9."""
    path = _reviewed_catalog(seed_text, tmp_path)
    words = LONG.split(" ")
    at = int(len(words) * position)
    words[at : at + 2] = ["toutefois", "désormais"]
    edited = " ".join(words)
    entry = _live(_step(path, seed_text.replace(LONG, edited)))[edited]
    assert entry.fuzzy and entry.msgstr == "T: " + LONG


def test_split_and_join_keep_the_translation_as_suggestions(tmp_path: Path, seed_text: str) -> None:
    path = _reviewed_catalog(seed_text, tmp_path)
    sentence = "Les informations de suivi des vols en ligne montrent qu'un avion de surveillance militaire Boeing E-3C a décollé le matin du 15 août."
    first, second = (
        "Les informations de suivi des vols en ligne le montrent.",
        "Un avion de surveillance militaire Boeing E-3C a décollé le matin du 15 août.",
    )
    live = _live(_step(path, seed_text.replace(sentence, f"{first} {second}")))
    assert live[second].fuzzy and live[second].msgstr == "T: " + sentence
    joined = "La conférence a duré 2 heures, et la rencontre bilatérale entre le président Trump et le président Poutine a duré plus de deux heures."
    text = seed_text.replace(
        "La conférence a duré 2 heures.\nLa rencontre bilatérale entre le président Trump et le président Poutine a duré plus de deux heures.",
        joined,
    )
    assert joined in text
    live = _live(_step(path, text))
    assert live[joined].fuzzy and live[joined].msgstr.startswith("T: ")


def test_a_translator_can_split_a_shared_sentence_by_role(tmp_path: Path, seed_text: str) -> None:
    from localise.catalogs.state import passages
    from localise.catalogs.template import SPLIT_BY_ROLE
    from localise.publish.editions import edition_for, render_edition

    path = _reviewed_catalog(seed_text, tmp_path)
    po = read_catalog(path)
    shared = next(e for e in po if e.msgid == HEADING)
    shared.tcomment = f"The caption needs the photo's wording.\n{SPLIT_BY_ROLE}"
    write_catalog(po, path)
    po = _step(path, seed_text)
    split = sorted((e.msgctxt, e.msgstr, e.fuzzy) for e in po if e.msgid == HEADING and not e.obsolete)
    assert split == [("caption", "T: " + HEADING, False), ("heading", "T: " + HEADING, False)]
    assert all(e.msgctxt is None for e in po if e.msgid != HEADING)  # nothing else is duplicated
    assert all(SPLIT_BY_ROLE not in e.tcomment for e in po)
    caption = next(e for e in po if e.msgctxt == "caption")
    caption.msgstr = "America rolls out the red carpet for President Putin (photo)"
    write_catalog(po, path)
    po = _step(path, seed_text)  # stays split, each role keeps its own text
    assert {e.msgctxt: e.msgstr for e in po if e.msgid == HEADING} == {
        "heading": "T: " + HEADING,
        "caption": "America rolls out the red carpet for President Putin (photo)",
    }
    article = parse_text(seed_text, slug="seed", path="sources/seed.fr.txt")
    page = render_edition(article, passages(po), edition_for("en")).html
    assert "<h2>T: " + HEADING in page.replace("&#39;", "'")
    assert "America rolls out the red carpet for President Putin (photo)" in page


def test_a_reviewed_entry_an_older_localise_wrote_with_a_word_joiner_stays_reviewed() -> None:
    """Older localise catalogs hold U+2060 after "% " in the msgid: the French is the same, the work is kept."""
    sentence = "Donald Trump a estimé à 75 % les chances de succès de sa prochaine rencontre avec M. Poutine."
    units = _units(f"Titre\nUn paragraphe assez long pour être un paragraphe et non un titre. {sentence}\n")
    old = merge_catalog(None, units, lang="en", slug="seed")
    entry = next(e for e in old if e.msgid == sentence)
    entry.msgid, entry.msgstr = sentence.replace("% ", "%\u2060 "), "Donald Trump put the chances at 75%."
    new = next(e for e in merge_catalog(old, units, lang="en", slug="seed") if e.msgid == sentence)
    assert (new.msgstr, new.fuzzy) == ("Donald Trump put the chances at 75%.", False)
