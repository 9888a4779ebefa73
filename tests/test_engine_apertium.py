"""The apertium engine against Debian's real Apertium: routes, one process per hop, anchors, the seed.

Needs ``apt-get install apertium apertium-fr-es apertium-eng-spa`` (.ci/run installs them); without
them these tests skip, saying so, unless LOCALISE_REQUIRE_TOOLS=1 (CI), where they fail.
"""

from __future__ import annotations

import json
import re
import shutil
import stat
from pathlib import Path

import polib
import pytest
from click.testing import CliRunner
from servers import missing_tool

from localise import make_units, read_article
from localise.cli import cli
from localise.errors import EngineUnavailable, ModelMissing
from localise.glossary.adherence import check_terms
from localise.glossary.terms import Glossary, load_glossary
from localise.mt.engines import ApertiumEngine
from localise.mt.engines.apertium import ANCHORS
from localise.mt.engines.registry import engines_for, routes_for
from localise.mt.memory import MemoryKey, TranslationMemory
from localise.mt.protect import PlaceholderRequest, mask, unmask
from localise.mt.translate import draft_translations
from localise.project import Project

pytestmark = pytest.mark.apertium

ROOT = Path(__file__).resolve().parent.parent
SLUG = "trump-putin-alaska-summit"
REAL = shutil.which("apertium")


def _require_apertium() -> None:
    modes = Path("/usr/share/apertium/modes")
    if REAL and (modes / "fr-es.mode").exists() and (modes / "spa-eng.mode").exists():
        return
    reason = (
        "Apertium fr-es + spa-eng not installed (apt-get install apertium apertium-fr-es apertium-eng-spa)"
    )
    missing_tool(reason)


@pytest.fixture(scope="module")
def apertium() -> ApertiumEngine:
    """One engine for the module: its anchors are checked once."""
    _require_apertium()
    return ApertiumEngine()


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return load_glossary(ROOT / "glossary.csv")


def _seed_sentences() -> list[str]:
    path = ROOT / "sources" / f"{SLUG}.fr.txt"
    return list(dict.fromkeys(u.source for u in make_units(read_article(path))))


def _wrapper(tmp_path: Path, body: str) -> str:
    """An ``apertium`` in front of the real one: logs its arguments, then runs ``body``."""
    script = tmp_path / "apertium"
    log = tmp_path / "calls.log"
    script.write_text(f'#!/bin/sh\necho "$@" >> {log}\n{body}\n', encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return str(script)


# The glossary hook every engine can use ----------------------------------------------------
def test_engine_tokens_mask_terms_and_come_back_as_target_forms(glossary: Glossary) -> None:
    def choose(request: PlaceholderRequest) -> str:
        return {"person": ["Dupont", "Lambert"], "place": ["Oslo", "Ottawa"]}[request.kind][
            (request.number - 1) % 2
        ]

    masked = mask(
        glossary, "M. Poutine a rencontré M. Trump à Moscou, près d'Oslo.", "en", placeholder=choose
    )
    # "Oslo" is in the sentence: never used as a token; each slot gets its own.
    assert masked.text == "M. Dupont a rencontré M. Lambert à Ottawa, près d'Oslo."
    text, problems = unmask("#Ottawa: Mr. Dupont met Mr. lambert near Oslo.", masked)
    assert text == "Moscow: Mr. Putin met Mr. Trump near Oslo." and problems == []
    dropped, problems = unmask("Mr. Dupont met Mr. Dupont in Ottawa.", masked)
    assert problems == ['placeholder for "Poutine" duplicated', 'placeholder for "Trump" dropped']
    assert dropped == "Mr. Putin met Mr. in Moscow." and "Dupont" not in dropped


def test_a_restored_target_is_never_read_as_another_token(glossary: Glossary) -> None:
    # Moscou's token is Oslo; Poutine's token is "Moscow", which is also Moscou's target form.
    masked = mask(
        glossary, "Moscou et Poutine.", "en", placeholder=lambda r: {"place": "Oslo"}.get(r.kind, "Moscow")
    )
    assert masked.text == "Oslo et Moscow."
    assert unmask("Oslo and Moscow.", masked) == ("Moscow and Putin.", [])


def test_a_lower_case_token_the_engine_capitalised_capitalises_the_target(glossary: Glossary) -> None:
    masked = mask(glossary, "Envoyé spécial, il parle.", "en", placeholder=lambda r: "piano")
    assert masked.text == "piano, il parle."
    assert unmask("Piano, he speaks.", masked) == ("Special envoy, he speaks.", [])


# Routes, versions, errors ------------------------------------------------------------------
def test_french_to_english_goes_through_spanish_and_names_the_debian_packages(
    apertium: ApertiumEngine,
) -> None:
    assert [m.name for m in apertium.route("fr", "en")] == ["fr-es", "spa-eng"]
    label = apertium.describe("fr", "en")
    assert re.fullmatch(
        r"apertium \S+ fr-es \(apertium-fr-es \S+\) \+ spa-eng \(apertium-eng-spa \S+\)", label
    ), label
    assert ("fr", "en") in apertium.pairs()


def test_a_missing_pair_says_which_packages_to_install(tmp_path: Path) -> None:
    _require_apertium()
    only_fr_es = _wrapper(tmp_path, 'if [ "$1" = "-l" ]; then echo fr-es; echo es-fr; exit 0; fi')
    with pytest.raises(ModelMissing) as info:
        ApertiumEngine(command=only_fr_es).describe("fr", "en")
    message = str(info.value)
    assert "apt-get install apertium apertium-fr-es apertium-eng-spa" in message and "\n" not in message
    with pytest.raises(ModelMissing, match="Apertium has no pair for Vietnamese"):
        ApertiumEngine(command=only_fr_es).describe("fr", "vi")
    with pytest.raises(EngineUnavailable, match="apt-get install apertium apertium-fr-es apertium-eng-spa"):
        ApertiumEngine(command=str(tmp_path / "nowhere" / "apertium")).describe("fr", "en")


def test_a_whole_article_is_one_process_per_hop_and_equals_sentence_by_sentence(tmp_path: Path) -> None:
    _require_apertium()
    engine = ApertiumEngine(command=_wrapper(tmp_path, f'exec {REAL} "$@"'))
    sentences = _seed_sentences()
    whole = engine.translate(sentences, "fr", "en")
    calls = (tmp_path / "calls.log").read_text(encoding="utf-8").splitlines()
    assert sorted(calls) == ["-l", "-u fr-es", "-u spa-eng"]  # the two hops run side by side
    assert len(whole) == len(sentences) and all(whole)
    sample = sentences[::46]  # 4 sentences, one call each
    assert [engine.translate([s], "fr", "en")[0] for s in sample] == whole[::46]


def test_what_is_installed_is_found_once_and_again_when_it_changes(tmp_path: Path) -> None:
    """The modes, package versions and anchor probe are kept against the installation's stat."""
    _require_apertium()
    command = _wrapper(tmp_path, f'exec {REAL} "$@"')
    facts, log = tmp_path / "engine-facts.json", tmp_path / "calls.log"
    first = ApertiumEngine(command=command, facts=facts)
    label = first.describe("fr", "en")
    first.placeholders("fr", "en")
    assert sorted(log.read_text(encoding="utf-8").splitlines()) == ["-l", "-u fr-es", "-u spa-eng"]
    log.unlink()
    second = ApertiumEngine(command=command, facts=facts)
    assert second.describe("fr", "en") == label
    second.placeholders("fr", "en")
    assert second._anchors == first._anchors
    assert not log.exists()  # nothing asked of Apertium: the second run knew
    reinstalled = Path(command).read_text(encoding="utf-8") + "\n"
    Path(command).write_text(reinstalled, encoding="utf-8")
    assert ApertiumEngine(command=command, facts=facts).describe("fr", "en") == label
    assert log.read_text(encoding="utf-8").splitlines() == ["-l"]


def test_blocks_merged_by_the_engine_are_retranslated_in_halves(tmp_path: Path) -> None:
    _require_apertium()
    # An Apertium that swallows the first blank line of its output: the count comes back short.
    merging = _wrapper(
        tmp_path,
        f'{REAL} "$@" | python3 -c "import sys; sys.stdout.write(sys.stdin.read().replace(chr(10)*2, chr(32), 1))"',
    )
    sentences = _seed_sentences()[:2]
    assert ApertiumEngine(command=merging).translate(sentences, "fr", "en") == ApertiumEngine().translate(
        sentences, "fr", "en"
    )


# Masking with anchors ------------------------------------------------------------------------
class _Brackets(ApertiumEngine):
    """Apertium with the default ``[n]`` placeholders: what the anchors fix."""

    def placeholders(self, source: str, target: str) -> None:
        return None


_BRACKETS = _Brackets()


ANCHOR_CASES = [
    ("M. Poutine a quitté l'Alaska près d'une heure après la conférence.", "M. Putin has abandoned Alaska", "it has abandoned the Alaska"),
    ("Le président Poutine propose que le prochain sommet se tienne à Moscou.", "proposes that the next summit maintain in Moscow", "to Moscow"),
    ("Les souhaits de l'Ukraine à l'issue du sommet", "longings of Ukraine", "of the Ukraine"),
    ("L'envoyé spécial russe Kirill Dmitriev a déclaré cela.", "The Russian special envoy Kirill Dmitriev", "special envoy Russian"),
    ("Le président des États-Unis est arrivé.", "president of the United States", None),
]  # fmt: skip


@pytest.fixture(scope="module")
def anchor_drafts(
    apertium: ApertiumEngine, glossary: Glossary
) -> dict[str, tuple[str, str, tuple[str, ...]]]:
    """French -> (anchored draft, ``[n]`` draft, anchored problems): one batch per engine."""
    french = [case[0] for case in ANCHOR_CASES]
    anchored = draft_translations(
        french, source_lang="fr", target_langs=["en"], engine=apertium, glossary=glossary
    )
    plain = draft_translations(
        french, source_lang="fr", target_langs=["en"], engine=_BRACKETS, glossary=glossary
    )
    return {
        f: (anchored[0]["en"][f].text, plain[0]["en"][f].text, anchored[0]["en"][f].problems) for f in french
    }


@pytest.mark.parametrize(("french", "anchored", "bracket_damage"), ANCHOR_CASES)
def test_anchors_keep_apertiums_grammar_around_masked_names(
    anchor_drafts: dict[str, tuple[str, str, tuple[str, ...]]],
    french: str,
    anchored: str,
    bracket_damage: str | None,
) -> None:
    text, plain, problems = anchor_drafts[french]
    assert anchored in text and problems == ()
    if bracket_damage:
        assert bracket_damage in plain


def test_every_anchor_comes_back_unchanged_from_the_installed_pairs(apertium: ApertiumEngine) -> None:
    chooser = apertium.placeholders("fr", "en")
    assert chooser is not None
    verified = apertium._anchors[("fr", "en")]
    assert verified == {kind: words for kind, words in ANCHORS.items()}


# The seed, end to end --------------------------------------------------------------------------
def test_the_seed_built_with_apertium_has_every_glossary_term_in_english(
    project: Path, runner: CliRunner, glossary: Glossary
) -> None:
    _require_apertium()
    result = runner.invoke(cli, ["build", "--engine", "apertium", "--lang", "en"])
    assert result.exit_code == 0, result.output
    po = polib.pofile(str(Project.at(project).catalog_path(SLUG, "en")))
    drafts = [e for e in po if e.msgstr and not e.obsolete]
    assert len(drafts) == 184 and all("fuzzy" in e.flags for e in drafts)
    mark = re.compile(r"mt: apertium e:[0-9a-f]{8} g:[0-9a-f]{8} s:[0-9a-f]{8} t:[0-9a-f]{8}")
    assert all(any(mark.fullmatch(line) for line in e.tcomment.splitlines()) for e in drafts)
    with TranslationMemory(project / ".localise" / "memory.sqlite") as memory:  # the full label
        label = ApertiumEngine().describe("fr", "en")
        assert "spa-eng (apertium-eng-spa" in label and memory.outputs(
            [drafts[0].msgid], MemoryKey("fr", "en", label, "")
        )
    expected = sum(len(glossary.terms_in(e.msgid)) for e in drafts)
    missing = [
        p for e in drafts for p in check_terms(glossary, e.msgid, e.msgstr, "en") if p.kind == "term-missing"
    ]
    assert expected == 352 and missing == []
    anchors = {w for words in ANCHORS.values() for w in words}
    leaked = [
        e.msgstr
        for e in drafts
        if re.search(r"\[\d+\]", e.msgstr)
        or any(re.search(rf"\b{w}\b", e.msgstr) and w not in e.msgid for w in anchors)
    ]
    assert leaked == []
    check = runner.invoke(cli, ["check", "--include-fuzzy"])
    assert check.exit_code == 0, check.output


def test_default_route_is_apertium_for_english_without_argos_and_none_for_vietnamese(
    project: Path, runner: CliRunner, tmp_path: Path
) -> None:
    _require_apertium()
    proj = Project.at(project).with_overrides(models_dir=tmp_path / "no-models")
    routes = {r.lang: r for r in routes_for(proj, ["en", "vi"])}
    assert routes["en"].engine == "apertium" and routes["vi"].engine is None
    assert "Apertium has no pair for Vietnamese" in routes["vi"].reason
    engines = engines_for(proj, ["en", "vi"])
    with pytest.raises(ModelMissing):
        engines["vi"].describe("fr", "vi")
    listing = runner.invoke(cli, ["engines", "--models-dir", str(tmp_path / "no-models")])
    assert listing.exit_code == 0, listing.output
    assert re.search(r"^apertium +available", listing.output, re.M)
    assert re.search(r"^argos +unavailable +no argos package", listing.output, re.M)
    assert "fr→en: apertium (default: no argos model, Apertium pair installed)" in listing.output
    assert "fr→vi: none (" in listing.output
    build = runner.invoke(cli, ["build", "--models-dir", str(tmp_path / "no-models")])
    assert build.exit_code == 0, build.output
    assert "en: 184 new machine drafts" in build.stdout and "vi: 0 new machine drafts" in build.stdout
    assert "Apertium has no pair for Vietnamese" in build.stderr


def test_routes_in_pyproject_override_the_default(project: Path, runner: CliRunner, tmp_path: Path) -> None:
    _require_apertium()
    (project / "pyproject.toml").write_text('[tool.localise.routes]\nen = "argos"\n', encoding="utf-8")
    listing = runner.invoke(cli, ["engines", "--format", "json", "--models-dir", str(tmp_path / "none")])
    routes = {r["lang"]: r for r in json.loads(listing.stdout)["routes"]}
    assert routes["en"] == {"lang": "en", "engine": "argos", "reason": "[tool.localise.routes]"}
    (project / "pyproject.toml").write_text('[tool.localise.routes]\nen = "systran"\n', encoding="utf-8")
    bad = runner.invoke(cli, ["engines"])
    assert bad.exit_code == 2 and "[tool.localise.routes] maps a language to an engine" in bad.output


def test_eval_scores_apertium_drafts_above_its_raw_output(project: Path, runner: CliRunner) -> None:
    _require_apertium()
    refs = ROOT / "tests" / "data" / "dev.tsv"
    result = runner.invoke(
        cli,
        [
            "eval",
            "--engine",
            "apertium",
            "--refs",
            str(refs),
            "--lang",
            "en",
            "--compare-raw",
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    scores = {s["system"]: s for s in json.loads(result.stdout)}
    assert scores["pipeline"]["adherence"] == 100.0 and scores["raw"]["adherence"] < 100.0
    assert scores["pipeline"]["chrf"] > scores["raw"]["chrf"] > 50


def test_the_readme_example_article_gets_the_english_drafts_it_shows(
    project: Path, runner: CliRunner
) -> None:
    """The committed English catalog of the second article is what a fresh build with Apertium makes."""
    _require_apertium()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("$ rm locale/en/LC_MESSAGES/typhon-yagi-nord-vietnam.po\n", 1)[1].split("```", 1)[0]
    shown_summary = block.splitlines()[1]
    shown_lines = [line for line in block.splitlines() if line.startswith('"')]
    slug = "typhon-yagi-nord-vietnam"
    shutil.copytree(ROOT / "locale", project / "locale")  # as in a clone
    shutil.copytree(ROOT / "style", project / "style")
    shutil.copy(ROOT / "sources" / f"{slug}.fr.txt", project / "sources")
    (project / "locale" / "en" / "LC_MESSAGES" / f"{slug}.po").unlink()
    result = runner.invoke(cli, ["build", "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert shown_summary in result.stdout.splitlines()
    made = Project.at(project).catalog_path(slug, "en")
    assert all(line in made.read_text(encoding="utf-8").splitlines() for line in shown_lines)
    po = polib.pofile(str(made))
    assert all("fuzzy" in e.flags and e.msgstr for e in po)
    committed = polib.pofile(str(ROOT / "locale" / "en" / "LC_MESSAGES" / f"{slug}.po"))
    assert [(e.msgid, e.msgstr, e.tcomment) for e in po] == [
        (e.msgid, e.msgstr, e.tcomment) for e in committed
    ]
    assert runner.invoke(cli, ["check", "--include-fuzzy", str(made)]).exit_code == 0


# House style: American spelling, one-off translation into several languages ---------------------------
def test_the_english_route_takes_spa_eng_us_where_the_style_asks_american_spelling(project: Path) -> None:
    _require_apertium()
    if not Path("/usr/share/apertium/modes/spa-eng_US.mode").exists():
        missing_tool("Apertium's spa-eng_US mode is not installed (apertium-eng-spa)")
    british = ApertiumEngine()
    assert [m.name for m in british.route("fr", "en")] == ["fr-es", "spa-eng"]
    assert british.translate(["Le centre des quartiers."], "fr", "en") == [
        "The centre of the neighbourhoods."
    ]
    shutil.copytree(ROOT / "style", project / "style")  # spelling = "US" in style/en.toml
    engine = engines_for(Project.at(project), ["en"], engine="apertium")["en"]
    assert isinstance(engine, ApertiumEngine) and engine.variants == {"en": "US"}
    assert [m.name for m in engine.route("fr", "en")] == ["fr-es", "spa-eng_US"]
    assert "spa-eng_US (apertium-eng-spa" in engine.describe("fr", "en")
    assert engine.translate(["Le centre des quartiers."], "fr", "en") == ["The center of the neighborhoods."]


def test_translate_prints_every_language_it_can_and_names_the_one_it_cannot(
    project: Path, runner: CliRunner, tmp_path: Path
) -> None:
    _require_apertium()
    shutil.copytree(ROOT / "style", project / "style")
    none = ["--models-dir", str(tmp_path / "no-models")]
    both = runner.invoke(cli, ["translate", "M. Poutine a parlé à 11 h.", "--to", "en", "--to", "vi", *none])
    assert both.exit_code == 0, both.output
    assert both.stdout == "en: Mr. Putin spoke to 11 a.m.\n"  # Apertium's "à", in the house style
    (line,) = both.stderr.splitlines()
    assert line.startswith("vi: not translated: ") and "Apertium has no pair for Vietnamese" in line
    only_vi = runner.invoke(cli, ["translate", "M. Poutine a parlé.", "--to", "vi", *none])
    assert only_vi.exit_code == 2 and only_vi.stdout == ""


def test_eval_scores_the_languages_it_can_and_names_the_others(project: Path, runner: CliRunner) -> None:
    _require_apertium()
    refs = ROOT / "tests" / "data" / "dev.tsv"
    result = runner.invoke(cli, ["eval", "--engine", "apertium", "--refs", str(refs), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert [s["lang"] for s in json.loads(result.stdout)] == ["en"]
    assert result.stderr.startswith("vi: not scored: Apertium has no pair for Vietnamese")
