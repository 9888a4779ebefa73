"""House style: chrF, BLEU and glossary adherence of Apertium's drafts before and after style/en.toml.

Usage: python bench/style_eval.py [--engine apertium]

Three sets, each scored with the pipeline's drafts (glossary and numbers protected) without and with
the house style, against human references:

- held-out: the seed article's reviewed sentences no rule was written from (their unit ids are in
  bench/data/style_heldout_ids.txt, chosen by hash before any rule was written);
- rules-dev: the other reviewed seed sentences, which the rules were written from (for contrast);
- dev.tsv: ../shared/eval/dev.tsv (the README's eval set).

Also prints how many drafts each rule changed on the held-out set.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import ROOT, table

from localise import make_units, read_article
from localise.catalogs.pofile import read_po
from localise.glossary.terms import load_glossary
from localise.mt.engines.registry import make_engine
from localise.mt.style import load_style, no_style
from localise.mt.translate import draft_translations
from localise.project import Project
from localise.qa.evaluate import Reference, evaluate, read_references

SLUG = "trump-putin-alaska-summit"


def seed_references() -> tuple[list[Reference], list[Reference]]:
    """(held-out, rules-dev): the reviewed English of the seed, split by the committed id list."""
    held = {
        line.strip()
        for line in (ROOT / "bench" / "data" / "style_heldout_ids.txt")
        .read_text(encoding="utf-8")
        .splitlines()
        if line.strip() and not line.startswith("#")
    }
    units = make_units(read_article(ROOT / "sources" / f"{SLUG}.fr.txt"))
    ids = {}
    for unit in units:
        ids.setdefault(unit.source, unit.id)
    reviewed = {
        e.msgid: e.msgstr
        for e in read_po(ROOT / "locale" / "en" / "LC_MESSAGES" / f"{SLUG}.po")
        if e.msgstr and not e.fuzzy and not e.obsolete
    }
    refs = [Reference(n, fr, {"en": en}) for n, (fr, en) in enumerate(reviewed.items(), start=1)]
    return [r for r in refs if ids.get(r.fr) in held], [r for r in refs if ids.get(r.fr) not in held]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--engine", default="apertium")
    args = parser.parse_args()
    project = Project.at(ROOT)
    glossary = load_glossary(ROOT / "glossary.csv")
    style = load_style(ROOT / "style" / "en.toml", "en")
    engine = make_engine(args.engine, project)
    held, dev = seed_references()
    sets = {"held-out": held, "rules-dev": dev}
    shared = ROOT.parent / "shared" / "eval" / "dev.tsv"
    if shared.exists():
        sets["dev.tsv"] = [r for r in read_references(shared) if "en" in r.targets]
    french = list(dict.fromkeys(r.fr for refs in sets.values() for r in refs))
    print(f"engine: {engine.describe('fr', 'en')}")
    outputs = {}
    for name, chosen in (("no style", no_style("en")), ("house style", style)):
        drafts, _ = draft_translations(
            french,
            source_lang="fr",
            target_langs=["en"],
            engine=engine,
            glossary=glossary,
            styles={"en": chosen},
        )
        outputs[name] = {s: d.text for s, d in drafts["en"].items()}
    rows = []
    for set_name, refs in sets.items():
        for system, hyps in outputs.items():
            score = evaluate(refs, hyps, glossary, "en", system=system)
            rows.append(
                (set_name, system, score.sentences, score.chrf, score.bleu,
                 f"{score.terms_correct}/{score.terms_expected}", f"{score.adherence:.1f}%")
            )  # fmt: skip
    print(table(["set", "drafts", "n", "chrF", "BLEU", "terms ok", "adherence"], rows))
    fired: Counter[str] = Counter()
    for ref in held:
        unstyled = outputs["no style"][ref.fr]
        fired.update(style.apply(unstyled, source=ref.fr, engine=engine.name).applied)
    print("\nrules that changed held-out drafts (drafts changed per rule):")
    print(table(["rule", "drafts"], sorted(fired.items(), key=lambda item: -item[1])))


if __name__ == "__main__":
    main()
