"""Scale: 10, 100 and 1,000 generated articles through ingest, units, catalog merge+write and check.

Usage: python bench/scale_bench.py [--sizes 10 100 1000]

The check runs twice: catalog by catalog in this process (``check_file``, the CPU cost), and as
`localise check` does (``check_paths``: the glossary loaded and compiled, catalogs checked by one
process per CPU).

Articles are variations of the seed (every third line gets an article-specific sentence,
so catalogs differ). No machine translation: this measures the pipeline's own cost.
Per-article time should stay flat as the corpus grows (linear total).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import ROOT, table

from localise import make_units, read_article
from localise.catalogs.merge import merge_catalog
from localise.catalogs.pofile import write_po
from localise.glossary.terms import load_glossary
from localise.project import Project
from localise.qa.check import check_file, check_paths


def generate(directory: Path, count: int) -> None:
    seed = (ROOT / "sources" / "trump-putin-alaska-summit.fr.txt").read_text(encoding="utf-8").splitlines()
    (directory / "sources").mkdir(parents=True)
    for n in range(count):
        lines = [
            f"{line} Mise à jour numéro {n} de la rédaction." if i % 3 == 2 and len(line) > 60 else line
            for i, line in enumerate(seed)
        ]
        (directory / "sources" / f"article-{n:04d}.fr.txt").write_text("\n".join(lines), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 100, 1000])
    args = parser.parse_args()
    glossary = load_glossary(ROOT / "glossary.csv")
    rows = []
    for size in args.sizes:
        work = Path(tempfile.mkdtemp(prefix=f"localise-scale-{size}-"))
        try:
            generate(work, size)
            shutil.copy(ROOT / "glossary.csv", work / "glossary.csv")
            start = time.perf_counter()
            articles = [read_article(p) for p in sorted((work / "sources").iterdir())]
            units = {a.slug: make_units(a) for a in articles}
            t_ingest = time.perf_counter() - start
            start = time.perf_counter()
            for a in articles:
                for lang in ("en", "vi"):
                    po = merge_catalog(None, units[a.slug], lang=lang, slug=a.slug, glossary=glossary)
                    for entry in po:  # a filled catalog, as the check sees it in production
                        entry.msgstr = entry.msgid
                    write_po(po, Project.at(work).catalog_path(a.slug, lang))
            t_catalog = time.perf_counter() - start
            start = time.perf_counter()
            findings = sum(len(check_file(p, glossary)) for p in Project.at(work).catalogs())
            t_check = time.perf_counter() - start
            start = time.perf_counter()
            report = check_paths(Project.at(work))
            t_jobs = time.perf_counter() - start
            assert len(report.findings) == findings
            n_units = sum(len(u) for u in units.values())
            total = t_ingest + t_catalog + t_check
            rows.append(
                [size, n_units, t_ingest, t_catalog, t_check, t_jobs, total, 1000 * total / size, findings]
            )
            print(f"  {size} articles: {total:.1f} s", file=sys.stderr)
        finally:
            shutil.rmtree(work, ignore_errors=True)
    print(
        table(
            [
                "articles",
                "units",
                "ingest+units s",
                "catalogs (2 langs) s",
                "check s",
                f"check, {os.cpu_count()} jobs s",
                "total s",
                "ms/article",
                "findings",
            ],
            rows,
        )
    )


if __name__ == "__main__":
    main()
