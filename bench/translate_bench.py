"""Translation speed and memory: argostranslate's translate() per unit versus the batched engine.

Usage: python bench/translate_bench.py [--baseline-limit N]

Same model (random weights, real Argos 1.9 dimensions, built by ../shared/tools/argos-bench-model),
same seed-article sentences, each variant in its own process so peak memory (max RSS) is its own.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import bench_models, isolate_argos, seed_sentences, table

VARIANTS = {
    "argos translate() per unit, default threads": {"kind": "argos", "env": {}},
    "argos translate() per unit, 1 thread": {"kind": "argos", "env": {"ARGOS_INTRA_THREADS": "1"}},
    "engine, whole batch, inter 1 x intra 2": {"kind": "engine", "inter": 1, "intra": 2},
    "engine, whole batch, inter 2 x intra 1 (default)": {"kind": "engine", "inter": 2, "intra": 1},
    "engine, fr→en + fr→en→vi pivot, one run": {"kind": "pivot", "inter": 2, "intra": 1},
}


def child(name: str, limit: int) -> None:
    isolate_argos()
    spec = VARIANTS[name]
    models = bench_models()
    sentences = seed_sentences()
    if spec["kind"] == "argos":
        sentences = sentences[:limit]
        from localise.mt.engines import argos_translate_each

        argos_translate_each(sentences[:1], "fr", "en", models)  # load the model outside the timing
        start = time.perf_counter()
        argos_translate_each(sentences, "fr", "en", models)
    else:
        from localise.mt.engines import ArgosEngine

        engine = ArgosEngine(models, inter_threads=spec["inter"], intra_threads=spec["intra"])
        engine.translate(sentences[:1], "fr", "en")
        if spec["kind"] == "pivot":
            engine.translate(sentences[:1], "en", "vi")
        start = time.perf_counter()
        if spec["kind"] == "pivot":
            engine.translate_many(sentences, "fr", ["en", "vi"])
        else:
            engine.translate(sentences, "fr", "en")
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"sentences": len(sentences), "seconds": seconds, "peak_mb": peak}))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--baseline-limit", type=int, default=60, help="sentences for the slow per-unit baselines"
    )
    parser.add_argument("--child")
    args = parser.parse_args()
    if args.child:
        child(args.child, args.baseline_limit)
        return
    bench_models()
    rows = []
    for name, spec in VARIANTS.items():
        env = {**os.environ, **spec.get("env", {})}
        out = subprocess.run(
            [sys.executable, __file__, "--child", name, "--baseline-limit", str(args.baseline_limit)],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        result = json.loads(out.strip().splitlines()[-1])
        rate = result["sentences"] / result["seconds"]
        rows.append([name, result["sentences"], result["seconds"], rate, result["peak_mb"]])
        print(f"  {name}: {rate:.1f} sentences/s", file=sys.stderr)
    base = rows[0][3]
    print(table(["variant", "sentences", "seconds", "sentences/s", "peak RSS MB"], rows))
    print(
        f"\nbatched engine (default) vs argostranslate default: {rows[3][3] / base:.1f}x; "
        f"vs argostranslate 1 thread: {rows[3][3] / rows[1][3]:.1f}x  (nproc={os.cpu_count()})"
    )


if __name__ == "__main__":
    main()
