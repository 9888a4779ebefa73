"""Glossary candidates: `localise.glossary.suggest` against Translate Toolkit's `poterminology` on sources/.

Prints each tool's top 20 side by side (with whether glossary.csv already covers the term), the
number of terms each proposes and the time taken. poterminology reads a POT of the articles' units
(what `localise build` writes as locale/<slug>.pot); it runs with its own English stop-list and with
a French one built from the suggester's stop words (`localise/glossary/suggest/lexicon.toml`) plus the forms of "être" and "avoir" (with
--preserve-case, so names keep their capitals), and with --locs-needed=1 (its default of 2 keeps
only terms found in two source files).

    python bench/suggest_bench.py [SOURCE ...]
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import polib
from _common import ROOT, table

from localise import make_units, read_article
from localise.glossary.suggest import suggest_terms
from localise.glossary.suggest.lexicon import STOP_WORDS
from localise.glossary.terms import Glossary, load_glossary

# Conjugated auxiliaries: poterminology has no French morphology, so without these "a déclaré" wins.
_AUXILIARIES = (
    "a ai as avait avaient avons avez ont aura auront aurait auraient eu été est es sont était étaient "
    "sera seront serait seraient être avoir fait faire s'est se sa"
)


def write_pot(sources: list[Path], out: Path) -> int:
    pot = polib.POFile(wrapwidth=79)
    pot.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    entries: dict[str, polib.POEntry] = {}
    for source in sources:
        article = read_article(source, display_path=str(source.relative_to(ROOT)))
        for unit in make_units(article):
            entry = entries.get(unit.source)
            if entry is None:
                entry = entries[unit.source] = polib.POEntry(msgid=unit.source, msgstr="")
                pot.append(entry)
            entry.occurrences.append((unit.path, str(unit.line)))
    pot.save(str(out))
    return len(entries)


def french_stoplist(out: Path) -> None:
    lines = [
        "!F",
        "/..?",
        r"/[0-9,.]+",
        *(f">{w}" for w in sorted(STOP_WORDS)),
        *(f"@{w}" for w in _AUXILIARIES.split()),
    ]
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")


def poterminology(pot: Path, out: Path, *extra: str) -> tuple[list[str], float]:
    exe = shutil.which("poterminology") or str(Path(sys.executable).with_name("poterminology"))
    start = time.perf_counter()
    subprocess.run([exe, "--progress=none", *extra, "-i", str(pot), "-o", str(out)], check=True)
    seconds = time.perf_counter() - start
    return [e.msgid for e in polib.pofile(str(out)) if e.msgid], seconds


def covered(glossary: Glossary, term: str) -> str:
    """'yes' when one glossary match spans the whole term (case and accents ignored), 'part' when some word is."""
    matches = glossary.find(term)
    if any(m.start == 0 and m.end == len(term) for m in matches):
        return "yes"
    return "part" if matches else ""


def main() -> None:
    sources = [Path(a).resolve() for a in sys.argv[1:]] or sorted((ROOT / "sources").glob("*.fr.txt"))
    glossary = load_glossary(ROOT / "glossary.csv")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        units = write_pot(sources, work / "sources.pot")
        french_stoplist(work / "stoplist-fr")
        default, t_default = poterminology(work / "sources.pot", work / "default.pot")
        english, t_english = poterminology(work / "sources.pot", work / "en.pot", "--locs-needed=1")
        french, t_french = poterminology(
            work / "sources.pot",
            work / "fr.pot",
            "--locs-needed=1",
            "--preserve-case",
            f"--stopword-list={work / 'stoplist-fr'}",
        )
    start = time.perf_counter()
    articles = [read_article(s, display_path=str(s.relative_to(ROOT))) for s in sources]
    ours = suggest_terms(articles, glossary)
    t_ours = time.perf_counter() - start

    print(f"{len(sources)} articles, {units} distinct units\n")
    print(
        table(
            ["tool", "terms", "covered by glossary.csv", "seconds"],
            [
                [
                    "poterminology (defaults)",
                    len(default),
                    sum(covered(glossary, t) == "yes" for t in default),
                    t_default,
                ],
                [
                    "poterminology --locs-needed=1",
                    len(english),
                    sum(covered(glossary, t) == "yes" for t in english),
                    t_english,
                ],
                [
                    "poterminology --locs-needed=1 -C, French stop-list",
                    len(french),
                    sum(covered(glossary, t) == "yes" for t in french),
                    t_french,
                ],
                ["localise.glossary.suggest (read + suggest)", len(ours), 0, t_ours],
            ],
        )
    )
    print()
    rows = []
    for n in range(20):
        left = french[n] if n < len(french) else ""
        mine = ours[n] if n < len(ours) else None
        rows.append(
            [
                n + 1,
                left,
                covered(glossary, left) if left else "",
                english[n] if n < len(english) else "",
                f"{mine.fr} ({mine.kind}, {mine.count})" if mine else "",
            ]
        )
    print(
        table(
            [
                "#",
                "poterminology -C, French stop-list",
                "in glossary",
                "poterminology, English stop-list",
                "localise.glossary.suggest",
            ],
            rows,
        )
    )


if __name__ == "__main__":
    main()
