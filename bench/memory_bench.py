"""The newsroom's memory (catalogs/reviewed_memory.py) at 10, 100 and 1,000 reviewed articles.

Usage: python bench/memory_bench.py [--sizes 10 100 1000] [--queries 100]

Articles are made by reshuffling the committed articles' sentences, as scale_bench.py does: each
generated article holds 60 of the seed's reviewed sentences in a random order, a third of them with
one word changed (so the memory holds many near-duplicates, the hard case for a fuzzy index), each
with the seed's reviewed English and Vietnamese. A new article then asks the memory for 100
sentences: 40 repeated word for word from the seed, 30 seed sentences with one word changed, 30 of
the typhoon article (which nothing reviewed resembles).

Printed per size: entries indexed, the time to build the index, the median and 95th-percentile time
of one look-up through the index and through a scan of every entry (rapidfuzz's C++ ``extractOne``,
the fastest scan there is), hits by kind, and the index's recall: the share of the scan's fuzzy hits
(>= 0.8) the index finds too.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

import polib

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import ROOT, table

from localise import make_units, read_article
from localise.catalogs.reviewed_memory import FUZZY_THRESHOLD, ReviewedMemory

SEED = "trump-putin-alaska-summit"


def _reviewed(lang: str) -> dict[str, str]:
    po = polib.pofile(str(ROOT / "locale" / lang / "LC_MESSAGES" / f"{SEED}.po"))
    return {e.msgid: e.msgstr for e in po if e.msgstr and not e.fuzzy and not e.obsolete}


def _change_a_word(sentence: str, rng: random.Random, words: list[str]) -> str:
    tokens = sentence.split(" ")
    long = [i for i, t in enumerate(tokens) if len(t) > 3 and t.isalpha()] or [0]
    tokens[rng.choice(long)] = rng.choice(words)
    return " ".join(tokens)


def corpus(count: int) -> list[tuple[str, str, polib.POFile]]:
    en, vi = _reviewed("en"), _reviewed("vi")
    french = sorted(en)
    words = sorted({w for s in french for w in s.split() if len(w) > 3 and w.isalpha()})
    catalogs = []
    for n in range(count):
        rng = random.Random(n)
        chosen = rng.sample(french, 60)
        for lang, reviewed in (("en", en), ("vi", vi)):
            po = polib.POFile()
            for i, sentence in enumerate(chosen):
                msgid = (
                    _change_a_word(sentence, random.Random(n * 1000 + i), words) if i % 3 == 0 else sentence
                )
                po.append(polib.POEntry(msgid=msgid, msgstr=reviewed[sentence]))
            catalogs.append((f"article-{n:04d}", lang, po))
    return catalogs


def queries(count: int) -> list[tuple[str, str]]:
    """(kind, French) for a new article: exact repeats, one word changed, unrelated sentences."""
    rng = random.Random(-1)
    french = sorted(_reviewed("en"))
    words = sorted({w for s in french for w in s.split() if len(w) > 3 and w.isalpha()})
    typhoon = list(
        dict.fromkeys(
            u.source for u in make_units(read_article(ROOT / "sources" / "typhon-yagi-nord-vietnam.fr.txt"))
        )
    )
    exact = [("exact", s) for s in rng.sample(french, count * 4 // 10)]
    near = [("one word changed", _change_a_word(s, rng, words)) for s in rng.sample(french, count * 3 // 10)]
    other = [("unrelated", s) for s in rng.sample(typhoon, count - len(exact) - len(near))]
    return exact + near + other


def _scan(memory: ReviewedMemory, msgid: str) -> float:
    """The best similarity over every entry: what the index must find."""
    from rapidfuzz import process
    from rapidfuzz.distance import Indel

    found = process.extractOne(
        msgid.encode("utf-8"), memory._bytes, scorer=Indel.normalized_similarity, score_cutoff=FUZZY_THRESHOLD
    )
    return float(found[1]) if found is not None else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 100, 1000])
    parser.add_argument("--queries", type=int, default=100)
    args = parser.parse_args()
    asked = queries(args.queries)
    rows, hits = [], []
    for size in args.sizes:
        catalogs = corpus(size)
        start = time.perf_counter()
        memory = ReviewedMemory(catalogs)
        built = time.perf_counter() - start
        index_times, scan_times = [], []
        found = {"exact": 0, "fuzzy": 0, "none": 0}
        scan_fuzzy = index_fuzzy_too = 0
        by_kind: dict[str, list[str]] = {}
        for kind, msgid in asked:
            start = time.perf_counter()
            match = memory.lookup(msgid, "en", slug="new-article")
            index_times.append(time.perf_counter() - start)
            start = time.perf_counter()
            best = _scan(memory, msgid)
            scan_times.append(time.perf_counter() - start)
            result = "none" if match is None else "exact" if match.exact else "fuzzy"
            found[result] += 1
            by_kind.setdefault(kind, []).append(result)
            if 0 < best < 1:
                scan_fuzzy += 1
                index_fuzzy_too += match is not None and abs(match.score - best) < 1e-9
        rows.append(
            (
                size,
                len(memory),
                f"{built:.2f}",
                f"{1000 * statistics.median(index_times):.2f}",
                f"{1000 * sorted(index_times)[int(0.95 * len(index_times)) - 1]:.2f}",
                f"{1000 * statistics.median(scan_times):.2f}",
                f"{found['exact']}/{found['fuzzy']}/{found['none']}",
                f"{index_fuzzy_too}/{scan_fuzzy}",
            )
        )
        hits.append(
            (size, *(f"{sum(r != 'none' for r in by_kind[k])}/{len(by_kind[k])}" for k in sorted(by_kind)))
        )
    print(
        table(
            ["articles", "French indexed", "build s", "look-up ms (median)", "look-up ms (p95)",
             "scan ms (median)", "exact/fuzzy/none", "fuzzy recall vs scan"],
            rows,
        )
    )  # fmt: skip
    print("\nhit rate by kind of sentence asked:")
    print(table(["articles", *sorted({k for k, _ in asked})], hits))


if __name__ == "__main__":
    main()
