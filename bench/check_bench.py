"""`localise check` as CI runs it: the whole process, on the committed catalogs and on 400 catalogs.

Usage: python bench/check_bench.py [--catalogs 400] [--repeat 3] [--checkout DIR]

The 400 catalogs are 200 articles x (en, vi), each a copy of the committed reviewed catalog of
that language in which every third entry gets an article-specific sentence appended to both
msgid and msgstr, so no two catalogs are identical (a per-process cache of sentences cannot
make the run look faster than a real newsroom's would be). Prints wall-clock and CPU seconds
(user + system of the child process) of the installed `localise` command, or with
``--checkout DIR`` of the `localise` package in another checkout (say, a worktree of the commit
before a change), run by the same Python, for a before/after on the same machine and moment.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import ROOT, table

LOCALISE = str(Path(sys.executable).with_name("localise"))
SLUG = "trump-putin-alaska-summit"
APPENDED = {
    "en": ("Mise à jour numéro {n} de la rédaction.", "Newsroom update number {n}."),
    "vi": ("Mise à jour numéro {n} de la rédaction.", "Cập nhật số {n} của tòa soạn."),
}


def generate(work: Path, catalogs: int) -> None:
    """A project in ``work`` holding ``catalogs`` catalogs (half English, half Vietnamese)."""
    import polib

    from localise.catalogs.pofile import read_po, write_po

    shutil.copy(ROOT / "glossary.csv", work / "glossary.csv")
    for lang in ("en", "vi"):
        committed = read_po(ROOT / "locale" / lang / "LC_MESSAGES" / f"{SLUG}.po")
        french, translated = APPENDED[lang]
        for n in range(catalogs // 2):
            po = polib.POFile(wrapwidth=0)
            po.metadata = dict(committed.metadata)
            for i, entry in enumerate(committed):
                copy = polib.POEntry(
                    msgid=entry.msgid,
                    msgstr=entry.msgstr,
                    flags=list(entry.flags),
                    occurrences=list(entry.occurrences),
                    comment=entry.comment,
                    tcomment=entry.tcomment,
                    obsolete=entry.obsolete,
                )
                if i % 3 == 2 and entry.msgstr and not entry.obsolete:
                    copy.msgid = f"{entry.msgid} {french.format(n=n)}"
                    copy.msgstr = f"{entry.msgstr} {translated.format(n=n)}"
                po.append(copy)
            write_po(po, work / "locale" / lang / "LC_MESSAGES" / f"article-{n:04d}.po")


def command(checkout: Path | None) -> tuple[list[str], dict[str, str]]:
    """The `localise` command to time, and its environment."""
    if checkout is None:
        return [LOCALISE], os.environ.copy()
    env = {**os.environ, "PYTHONPATH": str(checkout.resolve())}
    return [sys.executable, "-c", "from localise.cli import main; main()"], env


def run(args: list[str], cwd: Path, checkout: Path | None = None) -> tuple[float, float, int]:
    """(wall s, CPU s, exit status) of one `localise` process."""
    argv, env = command(checkout)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run([*argv, *args], cwd=cwd, capture_output=True, env=env)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, done.returncode


def measure(args: list[str], cwd: Path, repeat: int, checkout: Path | None) -> tuple[float, float, int]:
    runs = [run(args, cwd, checkout) for _ in range(repeat)]
    return (
        statistics.median(r[0] for r in runs),
        statistics.median(r[1] for r in runs),
        runs[-1][2],
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--catalogs", type=int, default=400)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--checkout", type=Path, default=None, help="time this checkout's localise package")
    args = parser.parse_args()
    rows = []
    committed = Path(tempfile.mkdtemp(prefix="localise-check-committed-"))
    many = Path(tempfile.mkdtemp(prefix="localise-check-many-"))
    try:
        shutil.copy(ROOT / "glossary.csv", committed / "glossary.csv")
        shutil.copytree(ROOT / "locale", committed / "locale")
        wall, cpu, status = measure(["check"], committed, max(5, args.repeat), args.checkout)
        rows.append(["check, the 2 committed catalogs", wall, cpu, status])
        wall, cpu, status = measure(["--help"], committed, max(5, args.repeat), args.checkout)
        rows.append(["localise --help (start-up, for scale)", wall, cpu, status])
        generate(many, args.catalogs)
        wall, cpu, status = measure(["check"], many, args.repeat, args.checkout)
        rows.append([f"check, {args.catalogs} catalogs", wall, cpu, status])
        argv, env = command(args.checkout)
        usage = subprocess.run(
            [*argv, "check", "--help"], cwd=many, capture_output=True, text=True, env=env
        ).stdout
        if "--jobs" in usage:  # a checkout that checks catalogs side by side: also one process alone
            wall, cpu, status = measure(["check", "--jobs", "1"], many, args.repeat, args.checkout)
            rows.append([f"check, {args.catalogs} catalogs, --jobs 1", wall, cpu, status])
    finally:
        shutil.rmtree(committed, ignore_errors=True)
        shutil.rmtree(many, ignore_errors=True)
    print(f"{os.cpu_count()} CPUs", file=sys.stderr)
    print(table(["command", "wall s", "CPU s", "exit"], rows))


if __name__ == "__main__":
    main()
