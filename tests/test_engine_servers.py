"""The server engines against real servers on 127.0.0.1: Apertium APy and LibreTranslate.

Each server is started by the suite on a free port and killed when its tests end. A small
proxy (tests/servers.py) sits in front where a test must see the wire or inject faults.
Needs apertium-apy and LibreTranslate's venv (.localise/lt-venv, made by `make lt-venv`;
.ci/run makes both); without them these tests skip, saying so, unless LOCALISE_REQUIRE_TOOLS=1.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from servers import (
    FaultProxy,
    Server,
    apy_missing,
    free_port,
    lt_formatting,
    lt_python,
    missing_tool,
    start_apy,
    start_libretranslate,
)

from localise import make_units, read_article
from localise.cli import cli
from localise.errors import EngineUnavailable
from localise.glossary.terms import load_glossary
from localise.mt.engines import ApertiumEngine, ApyEngine, ArgosEngine, LibreTranslateEngine
from localise.mt.engines._http import batches
from localise.mt.engines.apertium import ANCHORS
from localise.mt.engines.argos_packages import install_model
from localise.mt.memory import TranslationMemory
from localise.mt.translate import draft_translations

pytestmark = pytest.mark.servers

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "sources" / "trump-putin-alaska-summit.fr.txt"
GLOSSARY = load_glossary(ROOT / "glossary.csv")
SENTENCES = list(dict.fromkeys(u.source for u in make_units(read_article(SEED))))
FAST = {"retries": 2, "backoff": 0.01}


def _apy(tmp_path_factory: pytest.TempPathFactory, name: str) -> Iterator[Server]:
    reason = apy_missing()
    if reason:
        missing_tool(reason)
    with start_apy(free_port(), tmp_path_factory.mktemp(name) / "apy.log") as server:
        yield server


@pytest.fixture(scope="module")
def apy(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    yield from _apy(tmp_path_factory, "apy1")


@pytest.fixture(scope="module")
def apy2(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    yield from _apy(tmp_path_factory, "apy2")


@pytest.fixture(scope="module")
def lt_packages(tiny_packages: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny fr→en and en→vi packages, installed: what the LibreTranslate servers load."""
    directory = tmp_path_factory.mktemp("lt") / "packages"
    for pair in ("fr-en", "en-vi"):
        install_model(tiny_packages[pair], directory)
    return directory


def _lt(lt_packages: Path, tmp_path_factory: pytest.TempPathFactory, name: str) -> Iterator[Server]:
    if lt_python() is None:
        missing_tool(
            "LibreTranslate's venv is missing (.localise/lt-venv or $LOCALISE_LT_PYTHON): `make lt-venv`; .ci/run makes it"
        )
    with start_libretranslate(free_port(), lt_packages, tmp_path_factory.mktemp(name) / "lt.log") as server:
        yield server


@pytest.fixture(scope="module")
def lt(lt_packages: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    yield from _lt(lt_packages, tmp_path_factory, "lt1")


@pytest.fixture(scope="module")
def lt2(lt_packages: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    yield from _lt(lt_packages, tmp_path_factory, "lt2")


def _q(request: Any) -> list[str]:
    """The sentences of one recorded APy request."""
    return request.form()["q"][0].split("\n\n")


class CountingMemory(TranslationMemory):
    """A translation memory that counts what was stored (readable from other threads)."""

    stored = 0

    def store(self, items: Any, key: Any) -> None:
        super().store(items, key)
        self.stored += len(items)


# Apertium APy ------------------------------------------------------------------------------------
def test_apy_translates_exactly_like_the_command_line(apy: Server) -> None:
    engine = ApyEngine([apy.url])
    assert engine.describe("fr", "en") == "apertium-apy fra|spa|eng"
    assert engine.translate(SENTENCES, "fr", "en") == ApertiumEngine().translate(SENTENCES, "fr", "en")


def test_apy_requests_stay_under_the_size_cap(apy: Server) -> None:
    with FaultProxy(apy.url) as proxy:
        ApyEngine([proxy.url], max_chars=1500).translate(SENTENCES, "fr", "en")
    posts = [r for r in proxy.requests if r.path == "/translate"]
    hops = {hop: [r for r in posts if r.form()["langpair"] == [hop]] for hop in ("fra|spa", "spa|eng")}
    sizes = [len(s.encode("utf-8")) + 2 for s in SENTENCES]
    expected = [b - a for a, b in batches(sizes, max_items=len(sizes), max_chars=1500)]
    assert len(expected) > 10  # the cap really splits the article
    for requests in hops.values():  # the same batches go through both hops
        assert sorted(len(_q(r)) for r in requests) == sorted(expected)
    # The cap is on the French; the Spanish of the second hop may be a little longer.
    assert max(len(r.form()["q"][0].encode("utf-8")) for r in hops["fra|spa"]) <= 1500
    assert all(r.form()["markUnknown"] == ["no"] and r.form()["format"] == ["txt"] for r in posts)


def test_apy_round_robin_uses_both_servers_and_changes_nothing(apy: Server, apy2: Server) -> None:
    with FaultProxy(apy.url) as first, FaultProxy(apy2.url) as second:
        out = ApyEngine([first.url, second.url], max_chars=1000).translate(SENTENCES, "fr", "en")
    one, two = (len([r for r in p.requests if r.path == "/translate"]) for p in (first, second))
    assert one > 5 and two > 5 and abs(one - two) <= 2
    assert out == ApyEngine([apy.url]).translate(SENTENCES, "fr", "en")


def test_engines_lists_a_server_and_its_pairs(apy: Server, project: Path, runner: CliRunner) -> None:
    result = runner.invoke(
        cli, ["engines", "--engine", "apertium-apy", "--engine-url", apy.url, "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    status = {e["name"]: e for e in json.loads(result.stdout)["engines"]}
    assert status["apertium-apy"]["available"] and ["fr", "en"] in status["apertium-apy"]["pairs"]
    assert status["apertium-apy"]["detail"] == f"1 server(s): {apy.url}"
    assert not status["libretranslate"]["available"]


def test_429_and_5xx_are_retried_and_then_reported_in_one_line(apy: Server) -> None:
    expected = ApyEngine([apy.url]).translate(SENTENCES[:20], "fr", "en")
    with FaultProxy(apy.url) as proxy:
        proxy.fail(429)
        proxy.fail(503, times=2)
        assert (
            ApyEngine([proxy.url], retries=3, backoff=0.01).translate(SENTENCES[:20], "fr", "en") == expected
        )
        assert len(proxy._faults) == 0
        proxy.fail(500, times=10)
        with pytest.raises(EngineUnavailable) as info:
            ApyEngine([proxy.url], retries=2, backoff=0.01).translate(SENTENCES[:20], "fr", "en")
    message = str(info.value)
    assert message.startswith("no Apertium APy server answered after 3 attempts") and "HTTP 500" in message
    assert "\n" not in message


def test_apy_killed_mid_run_loses_nothing_and_the_next_run_resumes(tmp_path: Path) -> None:
    reason = apy_missing()
    if reason:
        missing_tool(reason)
    port = free_port()
    memory = CountingMemory(tmp_path / "memory.sqlite")
    with start_apy(port, tmp_path / "apy1.log") as server:

        def kill_when_half_is_stored(url: str, payload: Any) -> None:
            if memory.stored >= 60:
                server.kill()

        engine = ApyEngine(
            [server.url],
            max_chars=800,
            per_server=1,
            checkpoint=30,
            on_request=kill_when_half_is_stored,
            **FAST,
        )
        with pytest.raises(EngineUnavailable, match="no Apertium APy server answered"):
            draft_translations(
                SENTENCES,
                source_lang="fr",
                target_langs=["en"],
                engine=engine,
                glossary=GLOSSARY,
                memory=memory,
            )
    kept = memory.stored
    assert 60 <= kept < len(SENTENCES) and len(memory) == kept

    sent: list[str] = []
    with start_apy(port, tmp_path / "apy2.log") as server:
        engine = ApyEngine(
            [server.url],
            on_request=lambda url, p: (
                sent.extend(p["q"].split("\n\n")) if p.get("langpair") == "fra|spa" else None
            ),
        )
        drafts, report = draft_translations(
            SENTENCES, source_lang="fr", target_langs=["en"], engine=engine, glossary=GLOSSARY, memory=memory
        )
    anchors = {w for words in ANCHORS.values() for w in words}
    assert report.memory_hits["en"] == kept
    assert len([s for s in sent if s not in anchors]) == len(SENTENCES) - kept
    assert len(drafts["en"]) == len(SENTENCES) and all(d.text for d in drafts["en"].values())
    memory.close()


# LibreTranslate ----------------------------------------------------------------------------------
@pytest.mark.parametrize("target", ["en", "vi"])
def test_libretranslate_equals_the_argos_engine_on_the_same_model(
    lt: Server, lt_packages: Path, target: str
) -> None:
    served = LibreTranslateEngine([lt.url]).translate(SENTENCES, "fr", target)
    local = ArgosEngine(lt_packages).translate(SENTENCES, "fr", target)
    # Same beam search (beam 4, length penalty 0.2, one hypothesis, through English for vi);
    # LibreTranslate then copies the source's final punctuation and first-letter case.
    assert served == lt_formatting(SENTENCES, local)
    assert served != local  # the touch-ups are real, so the comparison above is not trivial


def test_libretranslate_batches_on_the_wire_carry_the_api_key(lt: Server) -> None:
    with FaultProxy(lt.url) as proxy:
        engine = LibreTranslateEngine([proxy.url], api_key="k-123", batch_size=7)
        assert engine.describe("fr", "vi") == "libretranslate 1.9.6 fr→vi"
        engine.translate(SENTENCES[:30], "fr", "vi")
    bodies = [r.json() for r in proxy.requests if r.path == "/translate"]
    assert [len(b["q"]) for b in bodies] == [7, 7, 7, 7, 2]
    assert all(b["api_key"] == "k-123" and b["source"] == "fr" and b["target"] == "vi" for b in bodies)


def test_libretranslate_round_robin_across_two_servers(lt: Server, lt2: Server) -> None:
    with FaultProxy(lt.url) as first, FaultProxy(lt2.url) as second:
        out = LibreTranslateEngine([first.url, second.url], batch_size=5).translate(
            SENTENCES[:40], "fr", "en"
        )
    counts = [len([r for r in p.requests if r.path == "/translate"]) for p in (first, second)]
    assert counts == [4, 4]
    assert out == LibreTranslateEngine([lt.url]).translate(SENTENCES[:40], "fr", "en")


def test_no_server_answering_is_one_line_and_exit_2(project: Path, runner: CliRunner) -> None:
    dead = f"http://127.0.0.1:{free_port()}"
    result = runner.invoke(cli, ["build", "--engine", "libretranslate", "--engine-url", dead, "--lang", "en"])
    assert result.exit_code == 2
    assert result.output.startswith(f"Error: no LibreTranslate server answered after 5 attempts ({dead}: ")
    assert result.output.count("\n") == 1


def test_a_build_cut_off_mid_run_resumes_from_the_memory(
    project: Path, runner: CliRunner, lt: Server
) -> None:
    with FaultProxy(lt.url, die_after=6) as dying:
        first = runner.invoke(
            cli, ["build", "--engine", "libretranslate", "--engine-url", dying.url, "--lang", "en"]
        )
    assert first.exit_code == 2 and "no LibreTranslate server answered" in first.output
    with TranslationMemory(project / ".localise" / "memory.sqlite") as memory:
        kept = len(memory)
    assert 0 < kept < len(SENTENCES)
    with FaultProxy(lt.url) as healthy:
        second = runner.invoke(
            cli, ["build", "--engine", "libretranslate", "--engine-url", healthy.url, "--lang", "en"]
        )
    assert second.exit_code == 0, second.output
    assert f"translation memory: {kept} hits" in second.stdout
    sent = sum(len(r.json()["q"]) for r in healthy.requests if r.path == "/translate")
    assert sent >= len(SENTENCES) - kept and "en: 184 new machine drafts" in second.stdout
