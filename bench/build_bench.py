"""Whole-command timings: `localise build` cold, warm and after a translator edit; check, stats, --help.

Usage: python bench/build_bench.py

Runs the installed `localise` command in a scratch copy of the project, with the
real-dimension random-weight bench models (fr→en, en→vi pivot), as a newsroom would.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import ROOT, bench_models, table, timed

LOCALISE = str(Path(sys.executable).with_name("localise"))


def run(args: list[str], cwd: Path, env: dict[str, str]) -> None:
    subprocess.run([LOCALISE, *args], cwd=cwd, env=env, check=args[0] != "check", capture_output=True)


def main() -> None:
    models = bench_models()
    work = Path(tempfile.mkdtemp(prefix="localise-bench-"))
    env = {**os.environ, "LOCALISE_MODELS_DIR": str(models)}
    try:
        shutil.copytree(ROOT / "sources", work / "sources")
        shutil.copy(ROOT / "glossary.csv", work / "glossary.csv")
        rows = []
        rows.append(
            [
                "build, cold (no catalogs, empty memory, 2 articles, 241 units x 2 languages)",
                timed(lambda: run(["build", "-q"], work, env)),
            ]
        )
        shutil.rmtree(work / "locale")
        rows.append(
            [
                "build, warm (no catalogs, memory full: 0 engine calls)",
                timed(lambda: run(["build", "-q"], work, env)),
            ]
        )
        rows.append(["build, nothing changed", timed(lambda: run(["build", "-q"], work, env), repeat=3)])
        po = work / "locale" / "en" / "LC_MESSAGES" / "trump-putin-alaska-summit.po"
        text = po.read_text(encoding="utf-8")
        po.write_text(text.replace("#, fuzzy\n", "", 1), encoding="utf-8")  # a translator reviews one entry
        rows.append(["build after one translator edit", timed(lambda: run(["build", "-q"], work, env))])
        shutil.rmtree(work / "locale")
        shutil.copytree(ROOT / "locale", work / "locale")
        rows.append(["check on the committed catalogs", timed(lambda: run(["check"], work, env), repeat=5)])
        rows.append(["stats on the committed catalogs", timed(lambda: run(["stats"], work, env), repeat=5)])
        rows.append(["localise --help (start-up)", timed(lambda: run(["--help"], work, env), repeat=5)])
        print(table(["command", "seconds"], rows))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
