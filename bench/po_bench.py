"""PO reading and writing: polib.pofile vs localise.catalogs.po_syntax.parse_po, str(polib) vs format_po.

Usage: python bench/po_bench.py [--repeat N]

Times each committed catalog (locale/*/LC_MESSAGES/*.po) and a synthetic 1,000-entry catalog
shaped like ours (French msgid of a news sentence, translation, kind/glossary comments, one
reference, some fuzzy entries with a previous msgid, some obsolete). Prints the best of N runs
per operation, in milliseconds, and the speed-up.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from localise.catalogs.po_syntax import format_po, parse_po  # noqa: E402

_FRENCH = (
    "le président russe Vladimir Poutine a déclaré vendredi à Anchorage que les négociations "
    "sur l'Ukraine avaient permis des « progrès considérables », selon la Maison Blanche, "
    "tandis que Donald Trump évoquait une rencontre « très productive » à l'issue du sommet"
)
_VIETNAMESE = (
    "Tổng thống Nga Vladimir Putin tuyên bố tại Anchorage rằng các cuộc đàm phán về Ukraine đã đạt tiến triển"
)


def synthetic(entries: int = 1000) -> str:
    """A 1,000-entry catalog in our shape, written by format_po (so every tool reads it)."""
    rng = random.Random(7)
    french, vietnamese = _FRENCH.split(" "), _VIETNAMESE.split(" ")
    po = polib.POFile()
    po.header = "Synthetic benchmark catalog."
    po.metadata = {
        "Project-Id-Version": "bench",
        "Language": "vi",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": "nplurals=1; plural=0;",
    }
    for i in range(entries):
        msgid = " ".join(rng.choices(french, k=rng.randint(6, 30))) + f" ({i})."
        entry = polib.POEntry(
            msgid=msgid,
            msgstr=" ".join(rng.choices(vietnamese, k=rng.randint(5, 28))) + ".",
            occurrences=[("sources/bench.fr.txt", str(i + 1))],
            comment="kind: paragraph\nglossary: Poutine → Putin; Maison Blanche → Nhà Trắng",
        )
        if i % 5 == 0:
            entry.flags = ["fuzzy"]
            entry.comment += "\nmt: argos translate-fr_vi 1.9"
        if i % 17 == 0:
            entry.flags = ["fuzzy"]
            entry.previous_msgid = msgid.replace("vendredi", "jeudi")
        if i % 41 == 0:
            entry.obsolete = True
            entry.occurrences = []
        po.append(entry)
    return format_po(po)


def best(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()

    start = time.perf_counter()
    format_po(
        parse_po(
            'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "'
            + "mot " * 40
            + '"\nmsgstr ""\n'
        )
    )
    print(
        f"one-time Unicode table load (first long string in the process): {(time.perf_counter() - start) * 1000:.1f}ms"
    )
    cases = [
        (str(p.relative_to(ROOT)), p.read_text(encoding="utf-8"))
        for p in sorted(ROOT.glob("locale/*/LC_MESSAGES/*.po"))
    ]
    cases.append(("synthetic 1,000 entries", synthetic()))

    print(
        f"{'catalog':<48} {'entries':>7} | {'polib.pofile':>12} {'parse_po':>9} {'x':>5} | {'str(polib)':>10} {'format_po':>9} {'x':>5}"
    )
    for name, text in cases:
        theirs = polib.pofile(text, wrapwidth=79)
        ours = parse_po(text, path=name)
        assert len(ours) == len(theirs)
        read_polib = best(lambda text=text: polib.pofile(text, wrapwidth=79), args.repeat)
        read_ours = best(lambda text=text, name=name: parse_po(text, path=name), args.repeat)
        write_polib = best(lambda po=theirs: str(po), args.repeat)
        write_ours = best(lambda po=ours: format_po(po), args.repeat)
        print(
            f"{name:<48} {len(ours):>7} | {read_polib:>10.1f}ms {read_ours:>7.1f}ms {read_polib / read_ours:>4.1f}x"
            f" | {write_polib:>8.1f}ms {write_ours:>7.1f}ms {write_polib / write_ours:>4.1f}x"
        )


if __name__ == "__main__":
    main()
