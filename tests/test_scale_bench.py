"""The scale benchmark on a small archive: its scenarios run as a user runs them (the 1,000-article
run is the benchmark's, not the test suite's)."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import scale_bench  # noqa: E402
from servers import missing_tool  # noqa: E402


@pytest.mark.tools
def test_the_scale_benchmark_times_every_scenario_on_a_small_archive(tmp_path: Path) -> None:
    if shutil.which("msgmerge") is None or not Path("/usr/bin/time").exists():
        missing_tool("needs GNU gettext's msgmerge and GNU time (apt-get install gettext time)")
    rows = scale_bench.measure(4, ROOT, tmp_path)
    seconds = {str(row[1]): float(row[2]) for row in rows}  # type: ignore[arg-type]
    assert len(seconds) == 10 and all(value > 0 for value in seconds.values())
    cold = seconds["build, cold (fresh clone: no state, no build/)"]
    assert seconds["build, nothing changed"] < cold
    (work,) = tmp_path.iterdir()
    assert len(list((work / "locale" / "en" / "LC_MESSAGES").glob("*.po"))) == 4
    assert "Gérard Lemaire" in (work / "glossary.csv").read_text(encoding="utf-8")
