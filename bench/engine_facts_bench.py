"""The fixed cost of a build on Apertium: `localise build --engine apertium` against the raw pipeline.

Usage: python bench/engine_facts_bench.py [--repeat 3] [--checkout DIR]

On the seed article (184 distinct sentences) with no catalog and no translation memory, so every
sentence is drafted: the raw ``apertium -u fr-es | apertium -u spa-eng`` pipeline over the same
sentences (blank-line separated, one process per hop, as the engine runs it), then the
`localise build --engine apertium --lang en --no-memory` command, first without the engine facts
file (``.localise/engine-facts.json``: modes, package versions, the anchor probe), then with it.
``--checkout DIR`` times another checkout's package (say, an export of the commit before).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import ROOT, seed_sentences, table
from scale_bench import cpu_model

SLUG = "trump-putin-alaska-summit"


def timed(argv: list[str], *, cwd: Path, env: dict[str, str], data: bytes | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(argv, cwd=cwd, env=env, input=data, capture_output=True, check=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--checkout", type=Path, default=ROOT)
    args = parser.parse_args()
    apertium = shutil.which("apertium")
    if apertium is None:
        sys.exit("Apertium is not installed: apt-get install apertium apertium-fr-es apertium-eng-spa")
    env = {**os.environ, "PYTHONPATH": str(args.checkout.resolve())}
    localise = str(Path(sys.executable).with_name("localise"))
    text = "\n\n".join(seed_sentences()) + "\n"
    pipeline = f"{apertium} -u fr-es | {apertium} -u spa-eng"
    work = Path(tempfile.mkdtemp(prefix="localise-facts-"))
    try:
        (work / "sources").mkdir()
        shutil.copy(ROOT / "sources" / f"{SLUG}.fr.txt", work / "sources")
        for name in ("glossary.csv", "pyproject.toml"):
            shutil.copy(ROOT / name, work / name)
        shutil.copytree(ROOT / "style", work / "style")
        build = [localise, "build", "--engine", "apertium", "--lang", "en", "--no-memory", "-q"]
        raw, cold, kept = [], [], []
        for _ in range(args.repeat):
            raw.append(timed(["sh", "-c", pipeline], cwd=work, env=env, data=text.encode("utf-8")))
            for facts, runs in ((False, cold), (True, kept)):
                shutil.rmtree(work / "locale", ignore_errors=True)
                shutil.rmtree(work / "build", ignore_errors=True)
                (work / ".localise" / "build-state.sqlite").unlink(missing_ok=True)
                if not facts:
                    (work / ".localise" / "engine-facts.json").unlink(missing_ok=True)
                runs.append(timed(build, cwd=work, env=env))
        base = statistics.median(raw)
        rows = [
            ["apertium fr-es | spa-eng, the 184 sentences", base, 1.0],
            [
                "build --engine apertium, no engine facts kept",
                statistics.median(cold),
                statistics.median(cold) / base,
            ],
            [
                "build --engine apertium, engine facts kept",
                statistics.median(kept),
                statistics.median(kept) / base,
            ],
        ]
        print(f"CPU: {cpu_model()}, {os.cpu_count()} cores; package: {args.checkout.resolve()}")
        print(table(["command (median of runs)", "seconds", "x raw pipeline"], rows))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
