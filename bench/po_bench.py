"""PO files through GNU gettext: what the msgfmt and msgcat processes cost per catalog, at 1,000 articles.

Usage: python bench/po_bench.py [--catalogs 2000] [--repeat 1] [--old COMMIT]

A corpus of ``--catalogs`` catalogs (default 2,000: 1,000 articles in English and Vietnamese)
made from the committed ones (both articles, both languages, each copy made distinct so no
cache helps), written to a scratch folder. Each operation runs over the whole corpus in this
process, one catalog after the other; the best of ``--repeat`` passes is printed as
milliseconds per catalog and seconds for the corpus:

- reading: ``pofile.load_catalog`` (msgfmt --check-format and polib, overlapped) and its parts;
- writing: ``pofile.format_po`` (polib's text through msgcat) and its parts, and ``write_po`` on
  a catalog that did not change (a build's common case: msgcat runs, nothing is written);
- batching: the same msgcat work as one process for the whole corpus, with gettext's
  ``domain`` directives (msgcat writes each domain as it writes a file; msgfmt cannot batch:
  it reports duplicates across domains);
- the pure-Python parser and writer this replaced (``po_syntax.parse_po`` / ``format_po`` of
  commit ``--old``, imported from a temporary copy outside the package).
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import re
import subprocess
import sys
import tempfile
import time
import types
from collections.abc import Callable, Sequence
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from localise.catalogs import pofile  # noqa: E402


def corpus(folder: Path, count: int) -> list[Path]:
    """``count`` distinct catalogs cycled from the committed ones, written as localise writes them."""
    committed = sorted((ROOT / "locale").glob("*/LC_MESSAGES/*.po"))
    paths, texts = [], []
    for n in range(count):
        source = committed[n % len(committed)]
        po = pofile.read_po(source)
        po.metadata["Project-Id-Version"] = f"article-{n:04d} (bench)"
        po[n % len(po)].msgstr += f" ({n})"
        paths.append(folder / f"article-{n:04d}.{source.parent.parent.name}.po")
        texts.append(_unwrapped(po))
    for path, written in zip(paths, msgcat_batched(texts), strict=True):  # one msgcat process for all
        path.write_bytes(written)
    return paths


def old_po_syntax(commit: str, folder: Path) -> types.ModuleType | None:
    """``po_syntax`` as it was at ``commit``, loaded from a copy in ``folder`` (None without git)."""
    files = {}
    for name in ("po_syntax", "_po_tables"):
        done = subprocess.run(
            ["git", "-C", str(ROOT), "show", f"{commit}:localise/catalogs/{name}.py"],
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            return None
        files[name] = done.stdout
    (folder / "_po_tables.py").write_text(files["_po_tables"], encoding="utf-8")
    source = files["po_syntax"].replace("from localise.catalogs import _po_tables", "import _po_tables")
    (folder / "old_po_syntax.py").write_text(source, encoding="utf-8")
    sys.path.insert(0, str(folder))
    spec = importlib.util.spec_from_file_location("old_po_syntax", folder / "old_po_syntax.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def msgcat_batched(texts: Sequence[str], width: int = pofile.DEFAULT_WIDTH) -> list[bytes]:
    """Every text through one msgcat process, one ``domain`` each; the outputs split back."""
    joined = "".join(f'domain "c{i}"\n{text}' for i, text in enumerate(texts))
    done = subprocess.run(
        ["msgcat", "--force-po", f"--width={width}", "-"],
        input=joined.encode(),
        capture_output=True,
        check=True,
    )
    parts = re.split(rb'^domain "c\d+"\n\n', done.stdout, flags=re.M)[1:]
    return [part[:-1] if i < len(parts) - 1 else part for i, part in enumerate(parts)]


def timed(work: Callable[[], object], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--catalogs", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--old", default="1fef3c2", help="the commit whose po_syntax to compare with")
    args = parser.parse_args()
    version = subprocess.run(["msgcat", "--version"], capture_output=True, text=True, check=True).stdout
    print(f"{version.splitlines()[0]}; {os.cpu_count()} CPUs; load average {os.getloadavg()[0]:.2f}")

    with tempfile.TemporaryDirectory(prefix="po-bench-") as scratch:
        folder = Path(scratch)
        paths = corpus(folder, args.catalogs)
        raws = [p.read_bytes() for p in paths]
        lines = sum(r.count(b"\n") for r in raws)
        print(f"{len(paths)} catalogs, {lines / len(paths):.0f} lines each on average\n")
        pos = [pofile.load_po(raw) for raw in raws]
        texts = [_unwrapped(po) for po in pos]
        old = old_po_syntax(args.old, folder)

        def msgfmt_only() -> None:
            for path in paths:
                subprocess.run(["msgfmt", "--check-format", "-o", os.devnull, str(path)], check=True)

        def msgcat_only() -> None:
            for text in texts:
                subprocess.run(
                    ["msgcat", "--force-po", "--width=79", "-"], input=text.encode(), capture_output=True
                )

        def format_all() -> None:
            pofile._msgcat.cache_clear()  # each catalog formatted once, as in a build
            for po in pos:
                pofile.format_po(po)

        def write_unchanged() -> None:
            pofile._msgcat.cache_clear()
            for po, path, raw in zip(pos, paths, raws, strict=True):
                assert pofile.write_po(po, path, expected=raw) is False

        assert msgcat_batched(texts[:50]) == [
            pofile.format_po(po) for po in pos[:50]
        ]  # same bytes as one by one
        rows: list[tuple[str, Callable[[], object]]] = [
            (
                "read: load_catalog (msgfmt + polib, overlapped)",
                lambda: [pofile.load_catalog(r) for r in raws],
            ),
            ("  polib.pofile alone", lambda: [polib.pofile(str(p), encoding="utf-8") for p in paths]),
            ("  msgfmt --check-format alone (one process each)", msgfmt_only),
            ("write: format_po (polib text + msgcat)", format_all),
            ("  polib's unwrapped text alone", lambda: [_unwrapped(po) for po in pos]),
            ("  msgcat alone (one process each)", msgcat_only),
            ("  msgcat batched (one process, domain directives)", lambda: msgcat_batched(texts)),
            ("write_po of an unchanged catalog (msgcat, no write)", write_unchanged),
        ]
        if old is not None:
            decoded = [r.decode("utf-8") for r in raws]
            rows += [
                (f"old read: po_syntax.parse_po ({args.old})", lambda: [old.parse_po(t) for t in decoded]),
                (f"old write: po_syntax.format_po ({args.old})", lambda: [old.format_po(po) for po in pos]),
            ]
        else:
            print(f"(git show {args.old} failed: no comparison with the old parser and writer)")
        print(f"{'operation':<56} {'ms/catalog':>10} {'s for all':>10}")
        for name, work in rows:
            seconds = timed(work, args.repeat)
            print(f"{name:<56} {seconds * 1000 / len(paths):>10.2f} {seconds:>10.1f}")


def _unwrapped(po: polib.POFile) -> str:
    """polib's text of ``po`` with no wrapping: what ``format_po`` hands to msgcat."""
    po.wrapwidth = 0
    return str(po)


if __name__ == "__main__":
    main()
