"""`localise eval`: scores against human references, for the pipeline, raw argostranslate and the catalogs."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from localise.cli import cli
from localise.errors import SourceError
from localise.qa.evaluate import read_references

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT.parent / "shared" / "eval" / "dev.tsv"
REFS = DEV if DEV.exists() else Path(__file__).parent / "data" / "dev.tsv"


@pytest.fixture
def eval_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(ROOT / "locale", tmp_path / "locale")
    shutil.copy(ROOT / "glossary.csv", tmp_path / "glossary.csv")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_reviewed_catalogs_score_high_against_the_references(eval_project: Path) -> None:
    result = CliRunner().invoke(cli, ["eval", "--refs", str(REFS), "--system", "catalog", "--format", "json"])
    assert result.exit_code == 0, result.output
    scores = {s["lang"]: s for s in json.loads(result.stdout)}
    assert set(scores) == {"en", "vi"}
    for score in scores.values():
        assert score["chrf"] > 60 and score["adherence"] == 100.0 and score["french_forms_left"] == 0
        assert len(score["worst"]) == 5
        assert score["worst"][0]["chrf"] <= score["worst"][-1]["chrf"]


def test_pipeline_and_raw_baseline_on_the_tiny_model(eval_project: Path, models_dir: Path) -> None:
    result = CliRunner().invoke(
        cli, ["eval", "--refs", str(REFS), "--compare-raw", "--lang", "en", "--models-dir", str(models_dir)]
    )
    assert result.exit_code == 0, result.output
    rows = [line.split() for line in result.stdout.splitlines() if line.startswith(("pipeline", "raw"))]
    assert [(r[0], r[1]) for r in rows] == [("pipeline", "en"), ("raw", "en")]
    # Nonsense model: scores are low but real numbers; the text report has the worst-5 sections.
    assert all(0.0 <= float(r[3]) < 50 for r in rows)
    assert "worst 5 by chrF (raw, en)" in result.stdout


def test_eval_without_a_model_says_how_to_install_one(eval_project: Path, tmp_path: Path) -> None:
    # --engine argos: with Apertium installed, the default route would score English through it.
    result = CliRunner().invoke(
        cli, ["eval", "--engine", "argos", "--refs", str(REFS), "--models-dir", str(tmp_path / "none")]
    )
    assert result.exit_code == 2 and "localise models install" in result.output


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("en\tvi\nx\ty\n", ":1: references need a header"),
        ("fr\ten\nLe sommet.\n", ":2: row has 1 columns"),
        ("fr\ten\n", "hold no rows"),
    ],
)
def test_bad_reference_files(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "refs.tsv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(SourceError, match=message):
        read_references(path)
