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


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="localise")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
