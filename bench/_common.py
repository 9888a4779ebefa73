"""Helpers shared by the benchmark scripts: real-dimension bench models, tables, timing."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUILDER = ROOT.parent / "shared" / "tools" / "argos-bench-model" / "build.py"
CACHE = ROOT / ".localise" / "bench"


def isolate_argos() -> None:
    """Keep argostranslate's directories out of the home directory."""
    for var, sub in (("XDG_DATA_HOME", "data"), ("XDG_CACHE_HOME", "cache"), ("XDG_CONFIG_HOME", "config")):
        os.environ.setdefault(var, str(CACHE / "argos" / sub))


def bench_models() -> Path:
    """A models dir with random-weight packages of real Argos 1.9 dimensions (fr→en, en→vi), built once.

    Their output is nonsense: use them to time and size things, never to publish.
    """
    isolate_argos()
    models = CACHE / "models"
    packages = CACHE / "packages"
    wanted = [("fr", "en"), ("en", "vi")]
    if all((models / f"translate-{s}_{t}-bench").is_dir() for s, t in wanted):
        return models
    if not BUILDER.exists():
        sys.exit(f"{BUILDER}: bench model builder not found; it ships in ../shared/tools")
    from localise.mt.engines.argos_packages import install_model

    for source, target in wanted:
        archive = packages / f"translate-{source}_{target}-bench.argosmodel"
        if not archive.exists():
            subprocess.run(
                [sys.executable, str(BUILDER), str(packages), "--from", source, "--to", target], check=True
            )
        install_model(archive, models)
    return models


def seed_sentences() -> list[str]:
    from localise import make_units, read_article

    units = make_units(read_article(ROOT / "sources" / "trump-putin-alaska-summit.fr.txt"))
    return list(dict.fromkeys(u.source for u in units))


def timed(fn: Callable[[], object], repeat: int = 1) -> float:
    """Median wall-clock seconds of ``repeat`` runs."""
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    cells = [[str(h) for h in headers]] + [
        [f"{c:.2f}" if isinstance(c, float) else str(c) for c in row] for row in rows
    ]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    lines = ["| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + " |" for row in cells]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)
