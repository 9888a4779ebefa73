"""Run every benchmark and print its table: `make bench` (results go in BENCHMARKS.md)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

for script in (
    "translate_bench.py",
    "build_bench.py",
    "check_bench.py",
    "scale_bench.py",
    "engine_facts_bench.py",
    "engines_bench.py",
    "style_eval.py",
    "memory_bench.py",
):
    print(f"\n## {script}\n", flush=True)
    subprocess.run([sys.executable, str(HERE / script)], check=True)
