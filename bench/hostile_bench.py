"""Pathological inputs (issue 22): each shape at two sizes, seconds, this checkout and another one.

Usage: python bench/hostile_bench.py [--checkout DIR] [--repeat 3] [--scale 1.0] [--shape NAME ...]

Every shape is an input a scraper, a page or a tired translator can produce, fed to the stage that
was slower than linear on it. A linear stage takes about twice as long at twice the size; a
quadratic one four times. ``--checkout DIR`` runs the same shapes against the ``localise`` package
of another checkout (a worktree of the commit before a change), in a child process with the same
Python, and prints both side by side; each shape's run is capped (``--limit`` seconds, default 120)
and shown as "> limit" past it. Times are the median of ``--repeat`` runs. The test
``tests/test_linear_time.py`` runs the same shapes at small sizes and checks the ratio.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Shape:
    """An input of ``size`` (characters, or elements for HTML) and the stage it is fed to."""

    name: str
    what: str
    make: Callable[[int], object]
    run: Callable[[object], object]
    sizes: tuple[int, int]  # the benchmark's two sizes (the test uses smaller ones)


def _units_of_text(text: object) -> int:
    from localise.sources.ingest import parse_text
    from localise.sources.units import make_units

    assert isinstance(text, str)
    return len(make_units(parse_text(text, slug="x", path="x.fr.txt")))


def _units_of_html(html: object) -> int:
    from localise.sources.ingest import parse_html
    from localise.sources.units import make_units

    assert isinstance(html, str)
    return len(make_units(parse_html(html, slug="x", path="x.fr.html")))


def _suggest(text: object) -> int:
    from localise.glossary.suggest import suggest_terms
    from localise.glossary.terms import load_glossary
    from localise.sources.ingest import parse_text

    assert isinstance(text, str)
    return len(
        suggest_terms([parse_text(text, slug="x", path="x.fr.txt")], load_glossary(ROOT / "glossary.csv"))
    )


def _check(msgstr: object) -> int:
    import polib

    from localise.catalogs.pofile import format_po, load_catalog, new_catalog
    from localise.glossary.terms import load_glossary
    from localise.qa.check import check_catalog

    assert isinstance(msgstr, str)
    po = new_catalog("en", "x")
    po.append(polib.POEntry(msgid="Le président Poutine est arrivé.", msgstr=msgstr))
    catalog = load_catalog(format_po(po), lang="en")
    return len(check_catalog(catalog, load_glossary(ROOT / "glossary.csv")))


def _paragraph(body: str) -> str:
    return f"Titre de l'article\n- Le résumé.\n{body}\n"


SHAPES = {
    shape.name: shape
    for shape in (
        Shape(
            "spaces-in-a-paragraph",
            "a paragraph with a run of spaces (text.normalise)",
            lambda n: _paragraph("Il a dit" + " " * n + "non."),
            _units_of_text,
            (10_000, 20_000),
        ),
        Shape(
            "caption-spaces-no-close",
            "a caption with a run of spaces and no closing parenthesis (the credit)",
            lambda n: _paragraph("![](a.jpg)\nLégende (Photo : AFP" + " " * n + "x"),
            _units_of_text,
            (10_000, 20_000),
        ),
        Shape(
            "caption-open-parens",
            'a caption of "(photo : " with no closing parenthesis (the credit)',
            lambda n: _paragraph("![](a.jpg)\nLégende " + "(photo : " * (n // 9)),
            _units_of_text,
            (10_000, 20_000),
        ),
        Shape(
            "one-line-of-names",
            'one line of "Poutine Poutine …" (glossary suggest)',
            lambda n: _paragraph("Poutine " * (n // 8)),
            _suggest,
            (50_000, 100_000),
        ),
        Shape(
            "html-nested-p-b",
            "HTML of nested <p><b> (elements)",
            lambda n: "<html><body><h1>Titre</h1>" + "<p><b>Le mot. " * n + "</body></html>",
            _units_of_html,
            (1_000, 2_000),
        ),
        Shape(
            "html-unclosed-p",
            "valid HTML5 of unclosed <p> (elements; units should equal them)",
            lambda n: "<html><body><h1>Titre</h1>" + "".join(f"<p>Paragraphe {i}.\n" for i in range(n)),
            _units_of_html,
            (1_000, 2_000),
        ),
        Shape(
            "dotted-acronym",
            'a paragraph "A.A.A.A…" (the sentence splitter\'s abbreviations)',
            lambda n: _paragraph("Le sigle " + "A." * (n // 2) + " suit."),
            _units_of_text,
            (10_000, 20_000),
        ),
        Shape(
            "periods-in-a-quotation",
            "a quotation holding a run of periods (the sentence splitter)",
            lambda n: _paragraph("Il a dit « non" + "." * n + " et puis »."),
            _units_of_text,
            (10_000, 20_000),
        ),
        Shape(
            "long-msgstr-check",
            'a msgstr of "Poutine Poutine …" (the check)',
            lambda n: "President Putin. " + "Poutine " * (n // 8),
            _check,
            (200_000, 400_000),
        ),
    )
}


def measure(name: str, size: int, repeat: int = 3) -> tuple[float, object]:
    """(median seconds, result) of ``repeat`` runs of the shape at ``size`` (input made beforehand)."""
    shape = SHAPES[name]
    given = shape.make(size)
    shape.run(shape.make(min(size, 100)))  # imports and compiled patterns are not the input's cost
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = shape.run(given)
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def _child(args: argparse.Namespace) -> None:
    """One measurement, printed as JSON: run by the parent with PYTHONPATH at a checkout."""
    seconds, result = measure(args.shape[0], args.size, args.repeat)
    print(json.dumps({"seconds": seconds, "result": result}))


def _in_checkout(checkout: Path, name: str, size: int, repeat: int, limit: float) -> tuple[str, str]:
    try:
        done = subprocess.run(
            [
                sys.executable,
                __file__,
                "--child",
                "--shape",
                name,
                "--size",
                str(size),
                "--repeat",
                str(repeat),
            ],
            env={**os.environ, "PYTHONPATH": str(checkout)},
            capture_output=True,
            text=True,
            timeout=limit,
        )
    except subprocess.TimeoutExpired:
        return f"> {limit:.0f}", "—"
    if done.returncode != 0:
        return "error", done.stderr.strip().splitlines()[-1][:60]
    data = json.loads(done.stdout)
    return f"{data['seconds']:.3f}", str(data["result"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--checkout", type=Path, help="another checkout to time the same shapes on (before)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--limit", type=float, default=120.0, help="seconds a before-run may take")
    parser.add_argument("--scale", type=float, default=1.0, help="multiply every size")
    parser.add_argument("--shape", action="append", choices=sorted(SHAPES), help="only these shapes")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--size", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(args)
        return
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from _common import table

    rows = []
    for name in args.shape or list(SHAPES):
        for size in SHAPES[name].sizes:
            size = int(size * args.scale)
            after, result = _in_checkout(ROOT, name, size, args.repeat, args.limit)
            row = [name, f"{size:,}"]
            if args.checkout is not None:
                before, before_result = _in_checkout(args.checkout, name, size, args.repeat, args.limit)
                row += [before, before_result]
            rows.append([*row, after, result])
            print(" ".join([*row[2:], after]), name, size, file=sys.stderr, flush=True)
    headers = (
        ["shape", "size"] + (["before s", "before result"] if args.checkout else []) + ["after s", "result"]
    )
    print(table(headers, rows))
    for name in args.shape or list(SHAPES):
        print(f"- {name}: {SHAPES[name].what}")


if __name__ == "__main__":
    main()
