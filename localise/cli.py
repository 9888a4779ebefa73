"""The ``localise`` command: a thin click layer over the library.

Commands parse options, call the library, print. A LocaliseError becomes a
one-line message and exit 2; a failed check exits 1.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any, NoReturn

import click

from .errors import LocaliseError
from .ingest import read_article
from .units import make_units

EXIT_CHECK_FAILED = 1
EXIT_INPUT_ERROR = 2


class _InputError(click.ClickException):
    exit_code = EXIT_INPUT_ERROR


def _fail(exc: LocaliseError) -> NoReturn:
    raise _InputError(str(exc)) from exc


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="localise")
def cli() -> None:
    """Offline translation and localisation of scraped news articles.

    Pipeline: sources/ -> units -> glossary-masked MT -> locale/<lang>/LC_MESSAGES/*.po
    -> build/<lang>/*.html. Run `localise build` for the English and Vietnamese editions.
    """


@cli.command()
@click.argument("source", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Emit the article and its units as JSON.")
@click.option("-v", "--verbose", is_flag=True, help="Also list the dropped page chrome.")
def ingest(source: Path, as_json: bool, verbose: bool) -> None:
    """Show the structure of SOURCE: blocks by kind and its translation units."""
    try:
        article = read_article(source, display_path=_display(source))
    except LocaliseError as exc:
        _fail(exc)
    units = make_units(article)
    if as_json:
        payload: dict[str, Any] = {
            "slug": article.slug,
            "source_lang": article.source_lang,
            "path": article.path,
            "title": article.title,
            "published": article.published.isoformat() if article.published else None,
            "source_url": article.source_url,
            "blocks": [
                {"kind": b.kind, "line": b.line, "text": b.text, **({"credit": b.credit} if b.credit else {})}
                for b in article.blocks
            ],
            "units": [{"id": u.id, "kind": u.kind, "line": u.line, "source": u.source} for u in units],
            "dropped": list(article.dropped),
        }
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    counts = Counter(b.kind for b in article.blocks)
    click.echo(f"{article.path}: {article.slug} ({article.source_lang})")
    click.echo(f"  title: {article.title}")
    if article.published:
        click.echo(f"  published: {article.published.isoformat()}")
    click.echo("  blocks: " + ", ".join(f"{kind} {n}" for kind, n in counts.items()))
    click.echo(f"  units: {len(units)}; page chrome dropped: {len(article.dropped)}")
    if verbose:
        for line in article.dropped:
            click.echo(f"  dropped: {line}")
    for u in units:
        click.echo(f"{u.line:>5} {u.id:<14} {u.kind:<9} {u.source}")


_GLOSSARY_OPTION = click.option(
    "--glossary",
    "glossary_path",
    type=click.Path(path_type=Path, dir_okay=False),
    default=Path("glossary.csv"),
    show_default=True,
    help="The term base.",
)


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path, exists=True))
@_GLOSSARY_OPTION
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--include-fuzzy", is_flag=True, help="Also check machine drafts and suggestions.")
def check(paths: tuple[Path, ...], glossary_path: Path, fmt: str, include_fuzzy: bool) -> None:
    """Check PO files (default: every catalog under locale/) against the glossary.

    Prints `path:line: glossary: "Ouchakov" → expected "Ushakov"` per violation and exits 1.
    """
    from .checks import check_catalog, find_catalogs
    from .glossary import load_glossary

    try:
        glossary = load_glossary(glossary_path, display_path=_display(glossary_path))
        files: list[Path] = []
        for path in paths or (Path("."),):
            files.extend(find_catalogs(path) if path.is_dir() else [path])
        findings = [
            f for file in files for f in check_catalog(_display(file), glossary, include_fuzzy=include_fuzzy)
        ]
    except LocaliseError as exc:
        _fail(exc)
    if fmt == "json":
        click.echo(
            json.dumps(
                {"files": len(files), "findings": [f.as_dict() for f in findings]},
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        for finding in findings:
            click.echo(str(finding))
        click.echo(f"{len(files)} catalog(s) checked, {len(findings)} glossary violation(s)", err=True)
    if findings:
        sys.exit(EXIT_CHECK_FAILED)


@cli.command()
@_GLOSSARY_OPTION
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def stats(glossary_path: Path, fmt: str) -> None:
    """Per catalog: units total / reviewed / machine / suggestion / untranslated / obsolete, glossary terms."""
    from dataclasses import asdict

    from .catalog import catalog_stats, read_catalog
    from .checks import find_catalogs
    from .glossary import load_glossary

    try:
        glossary = (
            load_glossary(glossary_path, display_path=_display(glossary_path))
            if glossary_path.exists()
            else None
        )
        rows = []
        for path in find_catalogs("."):
            lang = path.parent.parent.name
            numbers = catalog_stats(read_catalog(path, lang=lang, display_path=_display(path)), glossary)
            rows.append({"lang": lang, "catalog": _display(path), **asdict(numbers)})
    except LocaliseError as exc:
        _fail(exc)
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not rows:
        click.echo("no catalogs under locale/; run `localise build` first")
        return
    click.echo(
        f"{'lang':<5} {'total':>6} {'reviewed':>9} {'machine':>8} {'suggest':>8} {'untransl':>9} {'obsolete':>9} {'terms':>6}  catalog"
    )
    for r in rows:
        pct = 100 * r["reviewed"] / r["total"] if r["total"] else 0.0
        click.echo(
            f"{r['lang']:<5} {r['total']:>6} {r['reviewed']:>5} {pct:>3.0f}% {r['machine']:>8} {r['suggestion']:>8} "
            f"{r['untranslated']:>9} {r['obsolete']:>9} {r['glossary_terms']:>6}  {r['catalog']}"
        )


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="localise")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
