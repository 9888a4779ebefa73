"""Scale: the `localise` command as a newsroom runs it, on generated archives of 10, 100 and 1,000 articles.

Usage: python bench/scale_bench.py [--sizes 10 100 1000] [--checkout DIR] [--keep DIR]

For each size, a project is generated (``generate``): the two committed articles' live-blog
blocks reshuffled per article, two of the glossary's people swapped for two others in the French
and in the translations, a reporter's name (one of 50, so each occurs in about one article in 50)
and an update count; English and Vietnamese catalogs filled from the committed translations and
marked reviewed, templates beside them, as a fresh clone holds them (no ``.localise/``, no
``build/``). Then, each as its own `localise` process with ``--no-mt`` (as the issue measured):

- cold build (no state, no build folder), then the same build with nothing changed;
- after editing one article (one sentence appended to one paragraph);
- after a translator's save in one catalog (one reviewed msgstr changed);
- after a glossary row is added for a name that occurs in few articles (the first reporter);
- ``review`` (every proof page) and ``check``.

Beside them, in the same run: ``localise --help`` (start-up) and one ``msgmerge`` of one catalog
with its template, for the ratios. Peak RSS is GNU time's ``%M``: the largest resident set of
the process and of each process it waited for (not their sum). ``--checkout DIR`` times the package of another checkout
(say, an export of the commit before a change) with the same Python and the same archives. Needs GNU time (``/usr/bin/time``) and msgmerge.
"""

from __future__ import annotations

import argparse
import functools
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import ROOT, table

SEEDS = ("trump-putin-alaska-summit", "typhon-yagi-nord-vietnam")
LANGS = ("en", "vi")
#: People of the glossary with a full and a short form in every column: swapped in pairs.
SWAPPABLE = (
    ("Sergueï Lavrov|Lavrov", "Sergei Lavrov|Lavrov", "Marco Rubio|Rubio", "Marco Rubio|Rubio"),
    ("Dmitri Peskov|Peskov", "Dmitry Peskov|Peskov", "Steve Witkoff|Witkoff", "Steve Witkoff|Witkoff"),
    ("Kirill Dmitriev|Dmitriev", "Kirill Dmitriev|Dmitriev", "Joe Biden|Biden", "Joe Biden|Biden"),
)
REPORTERS = tuple(
    f"{first} {last}"
    for first, last in zip(
        ("Gérard", "Hélène", "Louis", "Camille", "Bruno", "Agnès", "Yves", "Odile", "Rémi", "Sylvie") * 5,
        [
            f"{a}{b}"
            for a in ("Lem", "Fav", "Dur", "Bar", "Cor")
            for b in ("aire", "ier", "and", "eau", "ouin", "ette", "ot", "ard", "in", "as")
        ],
        strict=True,
    )
)
NEW_ROW = f"{REPORTERS[0]},{REPORTERS[0]},{REPORTERS[0]},person,reporter\n"
_IMAGE = re.compile(r"^!\[[^\]]*\]\([^)]*\)$")


@functools.cache
def _seed(slug: str) -> tuple[list[str], dict[str, dict[str, str]]]:
    """The seed's lines, and per language its committed msgid -> msgstr (drafts and gaps filled)."""
    from localise.catalogs.pofile import read_po

    lines = (ROOT / "sources" / f"{slug}.fr.txt").read_text(encoding="utf-8").split("\n")
    translations: dict[str, dict[str, str]] = {}
    for lang in LANGS:
        po = read_po(ROOT / "locale" / lang / "LC_MESSAGES" / f"{slug}.po")
        translations[lang] = {e.msgid: e.msgstr for e in po if e.msgstr and not e.obsolete}
    for msgid, text in translations["en"].items():  # Vietnamese the seed lacks: the English stands in
        translations["vi"].setdefault(msgid, text)
    return lines, translations


def _swap(n: int) -> tuple[re.Pattern[str], dict[str, str], re.Pattern[str], dict[str, str]]:
    """The French and target-side swaps of article ``n``: one pair of people, in both directions."""
    fr_a, en_a, fr_b, en_b = SWAPPABLE[n % len(SWAPPABLE)]
    pairs = {}
    target = {}
    for mine, theirs, into in (
        (fr_a, fr_b, pairs),
        (fr_b, fr_a, pairs),
        (en_a, en_b, target),
        (en_b, en_a, target),
    ):
        into.update(zip(mine.split("|"), theirs.split("|"), strict=True))

    def pattern(forms: dict[str, str]) -> re.Pattern[str]:
        return re.compile(
            r"(?<!\w)(" + "|".join(map(re.escape, sorted(forms, key=len, reverse=True))) + r")(?!\w)"
        )

    return pattern(pairs), pairs, pattern(target), target


def article_text(n: int) -> str:
    """The French of generated article ``n``."""
    lines, _ = _seed(SEEDS[n % 2])
    body_start = next(i for i, line in enumerate(lines) if line.startswith("Suivez")) + 1
    source_at = next(i for i, line in enumerate(lines) if line.startswith("Source :"))
    groups: list[list[str]] = []
    for line in lines[body_start:source_at]:
        if not line.strip():
            continue
        if groups and _IMAGE.match(groups[-1][-1]):
            groups[-1].append(line)  # a photo's caption stays with it
        else:
            groups.append([line])
    random.Random(n).shuffle(groups)
    reporter = REPORTERS[n % len(REPORTERS)]
    body = [line for group in groups for line in group]
    body.append(f"Reportage de {reporter}, mis à jour {n % 900 + 2} fois par la rédaction.")
    french, forms, _, _ = _swap(n)
    text = "\n".join([*lines[:body_start], *body, *lines[source_at:]])
    return french.sub(lambda m: forms[m.group(1)], text)


def _translation(n: int, lang: str, msgid: str) -> str:
    french, forms, target, target_forms = _swap(n)
    if msgid.startswith("Reportage de "):
        reporter, count = re.match(r"Reportage de (.+), mis à jour (\d+) fois", msgid).groups()  # type: ignore[union-attr]
        return (
            f"Report by {reporter}, updated {count} times by the newsroom."
            if lang == "en"
            else f"Phóng sự của {reporter}, được tòa soạn cập nhật {count} lần."
        )
    original = french.sub(lambda m: forms[m.group(1)], msgid)  # a swap is its own inverse
    _, translations = _seed(SEEDS[n % 2])
    text = translations[lang].get(original, original)
    return target.sub(lambda m: target_forms[m.group(1)], text)


def _write_article(work: Path, n: int) -> None:
    from localise.catalogs.merge import merge_catalog
    from localise.catalogs.pofile import now_stamp, write_po
    from localise.catalogs.template import build_template
    from localise.glossary.terms import load_glossary
    from localise.project import Project
    from localise.sources.ingest import read_article
    from localise.sources.units import make_units

    project = Project.at(work)
    glossary = load_glossary(work / "glossary.csv")
    slug = f"article-{n:04d}"
    path = project.sources_dir / f"{slug}.fr.txt"
    path.write_text(article_text(n), encoding="utf-8")
    units = make_units(read_article(path, display_path=project.display(path)))
    created = now_stamp()
    langs = project.settings.languages
    pot = build_template(units, slug=slug, glossary=glossary, created=created, langs=langs)
    write_po(pot, project.pot_path(slug))
    for lang in LANGS:
        po = merge_catalog(
            None, units, lang=lang, slug=slug, glossary=glossary, created=created, comment_langs=langs
        )
        for entry in po:
            entry.msgstr = _translation(n, lang, entry.msgid)
        po.metadata["PO-Revision-Date"] = "2025-08-16 08:00+0000"
        write_po(po, project.catalog_path(slug, lang))


def _write_chunk(args: tuple[Path, list[int]]) -> None:
    work, numbers = args
    for n in numbers:
        _write_article(work, n)


def generate(work: Path, count: int) -> None:
    """A project of ``count`` generated articles in ``work``, as a fresh clone holds it."""
    import multiprocessing

    (work / "sources").mkdir(parents=True)
    for name in ("glossary.csv", "pyproject.toml"):
        shutil.copy(ROOT / name, work / name)
    shutil.copytree(ROOT / "style", work / "style")
    jobs = min(os.cpu_count() or 1, max(1, count // 10))
    chunks = [(work, list(range(i, count, jobs))) for i in range(jobs)]
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        pool.map(_write_chunk, chunks)


def command(checkout: Path) -> tuple[list[str], dict[str, str]]:
    """The `localise` console script, importing the package of ``checkout``."""
    env = {**os.environ, "PYTHONPATH": str(checkout.resolve()), "PYTHONDONTWRITEBYTECODE": ""}
    env.pop("PYTHONDONTWRITEBYTECODE")
    return [str(Path(sys.executable).with_name("localise"))], env


def run(
    argv: list[str], cwd: Path, env: dict[str, str], *, ok: tuple[int, ...] = (0,)
) -> tuple[float, float]:
    """(wall seconds, peak RSS in MB) of one process: the largest resident set among it and the
    processes it waited for, as GNU time reports it (``%M``)."""
    with tempfile.NamedTemporaryFile("r", suffix=".rss") as rss:
        start = time.perf_counter()
        done = subprocess.run(
            ["/usr/bin/time", "-f", "%M", "-o", rss.name, *argv],
            cwd=cwd,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            check=False,
        )
        wall = time.perf_counter() - start
        peak = int(rss.read().split()[-1]) / 1024
    if done.returncode not in ok:
        sys.exit(
            f"{' '.join(argv)} exited {done.returncode}:\n{done.stderr.decode('utf-8', 'replace')[-2000:]}"
        )
    return wall, peak


def median_run(
    argv: list[str], cwd: Path, env: dict[str, str], repeat: int, **kw: tuple[int, ...]
) -> tuple[float, float]:
    runs = [run(argv, cwd, env, **kw) for _ in range(repeat)]
    return statistics.median(r[0] for r in runs), max(r[1] for r in runs)


def edit_article(work: Path, n: int) -> None:
    """An editor adds a sentence to one paragraph of article ``n``."""
    path = work / "sources" / f"article-{n:04d}.fr.txt"
    lines = path.read_text(encoding="utf-8").split("\n")
    at = next(i for i, line in enumerate(lines) if len(line) > 120 and i > 10)
    lines[at] += " La rédaction a vérifié ces informations auprès de deux sources."
    path.write_text("\n".join(lines), encoding="utf-8")


def translator_save(work: Path, n: int, lang: str = "en") -> None:
    """A translator rewords one reviewed paragraph sentence in a PO editor and saves (one word changed)."""
    path = work / "locale" / lang / "LC_MESSAGES" / f"article-{n:04d}.po"
    entries = path.read_text(encoding="utf-8").split("\n\n")
    at = next(
        i
        for i, entry in enumerate(entries)
        if "#. kind: paragraph\n" in entry
        and '\nmsgstr "' in entry
        and " the " in entry.split("\nmsgstr ")[1]
    )
    head, _, msgstr = entries[at].partition("\nmsgstr ")
    entries[at] = f"{head}\nmsgstr {msgstr.replace(' the ', ' this ', 1)}"
    path.write_text("\n\n".join(entries), encoding="utf-8")


def add_glossary_row(work: Path) -> None:
    with (work / "glossary.csv").open("a", encoding="utf-8") as handle:
        handle.write(NEW_ROW)


def measure(size: int, checkout: Path, keep: Path | None) -> list[list[object]]:
    work = Path(tempfile.mkdtemp(prefix=f"localise-scale-{size}-", dir=keep))
    argv, env = command(checkout)
    build = [*argv, "build", "--no-mt", "-q"]
    rows: list[list[object]] = []
    try:
        start = time.perf_counter()
        generate(work, size)
        print(f"  {size} articles generated in {time.perf_counter() - start:.1f} s", file=sys.stderr)
        pot = work / "locale" / "article-0000.pot"  # the live blog: 184 entries
        po = work / "locale" / "en" / "LC_MESSAGES" / "article-0000.po"
        help_s, help_rss = median_run([*argv, "--help"], work, env, 5)
        merge_s, merge_rss = median_run(
            ["msgmerge", "--quiet", "--previous", "-o", str(work / "merged.po"), str(po), str(pot)],
            work,
            env,
            3,
        )
        timings: list[tuple[str, float, float]] = [
            ("localise --help (start-up)", help_s, help_rss),
            ("msgmerge of one catalog", merge_s, merge_rss),
        ]
        timings.append(("build, cold (fresh clone: no state, no build/)", *run(build, work, env)))
        timings.append(("build, nothing changed", *median_run(build, work, env, 3)))
        edit_article(work, size // 2)
        timings.append(("build after editing one article", *run(build, work, env)))
        translator_save(work, size // 3 + 1)
        timings.append(("build after a translator's save in one catalog", *run(build, work, env)))
        add_glossary_row(work)
        hits = sum(1 for n in range(size) if n % len(REPORTERS) == 0)
        timings.append((f"build after a glossary row is added (in {hits} articles)", *run(build, work, env)))
        timings.append(("build, nothing changed (again)", *median_run(build, work, env, 3)))
        timings.append(("review (every proof page)", *run([*argv, "review"], work, env)))
        timings.append(("check", *run([*argv, "check"], work, env, ok=(0, 1))))
        for what, seconds, rss in timings:
            rows.append([size, what, seconds, rss, seconds / help_s, seconds / merge_s])
    finally:
        if keep is None:
            shutil.rmtree(work, ignore_errors=True)
    return rows


def cpu_model() -> str:
    try:
        out = subprocess.run(["lscpu"], capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    found = re.search(r"^Model name:\s*(.+)$", out, re.M)
    return found.group(1).strip() if found else "unknown"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 100, 1000])
    parser.add_argument(
        "--checkout", type=Path, default=ROOT, help="the checkout whose package runs [this one]"
    )
    parser.add_argument(
        "--keep", type=Path, default=None, help="generate under this folder and keep the projects"
    )
    args = parser.parse_args()
    rows = [row for size in args.sizes for row in measure(size, args.checkout, args.keep)]
    print(f"CPU: {cpu_model()}, {os.cpu_count()} cores; package: {args.checkout.resolve()}")
    print(table(["articles", "command", "seconds", "peak RSS MB", "x --help", "x msgmerge"], rows))


if __name__ == "__main__":
    main()
