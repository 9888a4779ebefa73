"""The `glossary` command group: `export` to TBX, Weblate CSV or OmegaT, `import` a TBX back, `suggest` new terms.

Public: glossary.
"""

from __future__ import annotations

from pathlib import Path

import click

from localise.cli._shared import GLOSSARY, errors, project_of
from localise.errors import GlossaryError, LocaliseError

__all__ = ["glossary"]

_LANG_PLACEHOLDER = "{lang}"
_SUFFIXES = {"weblate": "csv", "omegat": "utf8"}  # the file name endings of the one-language formats


@click.group()
def glossary() -> None:
    """Exchange the term base (glossary.csv) with translation tools."""


@glossary.command("export")
@click.option("--format", "fmt", type=click.Choice(["tbx", "weblate", "omegat"]), default="tbx",
              show_default=True, help="tbx: TBX-Basic, every language in one file; weblate: Weblate's glossary "
              "CSV; omegat: OmegaT's tab-separated glossary (one target language each).")  # fmt: skip
@click.option("-o", "--output", default="-", show_default=True,
              help="File to write ('-': standard output); '{lang}' in the name writes one file per language.")  # fmt: skip
@click.option("--lang", "langs", multiple=True, help="Target language (repeatable) [the glossary's columns].")
@GLOSSARY
@click.pass_context
def export(ctx: click.Context, fmt: str, output: str, langs: tuple[str, ...], glossary: Path | None) -> None:
    """Write the glossary for Weblate, OmegaT, Translate Toolkit or any TBX reader."""
    from localise.files import write_text_atomic
    from localise.glossary.exchange import csv_languages, export_glossary
    from localise.glossary.terms import project_glossary

    project = project_of(ctx, glossary=glossary)
    with errors():
        loaded = project_glossary(project, required=True)
        columns = csv_languages(project.glossary_path)
        for lang in langs:
            if lang not in columns:
                raise GlossaryError(
                    f'no "{lang}" column; the glossary has {", ".join(columns)}',
                    path=project.display(project.glossary_path),
                )
        chosen = langs or columns
        per_language = _LANG_PLACEHOLDER in output
        if fmt != "tbx" and len(chosen) > 1 and not per_language:
            raise GlossaryError(
                f"a {fmt} glossary holds one target language: pass --lang {chosen[0]}, "
                f"or -o 'glossary-{{lang}}.{_SUFFIXES[fmt]}' for one file per language"
            )
        groups = [(lang,) for lang in chosen] if per_language else [tuple(chosen)]
        for group in groups:
            text = export_glossary(loaded, fmt, langs=group)
            if output == "-":
                click.echo(text, nl=False)
                continue
            path = Path(output.replace(_LANG_PLACEHOLDER, "-".join(group)))
            write_text_atomic(path, text, shown=str(path))
            click.echo(f"wrote {path} ({len(loaded)} terms, {', '.join(group)})", err=True)


@glossary.command("import")
@click.argument("source", type=click.Path(path_type=Path, dir_okay=False))
@click.option("-o", "--output", default=None,
              help="Glossary CSV to write ('-': standard output) [the project's glossary.csv].")  # fmt: skip
@click.option("--force", is_flag=True, help="Overwrite an existing glossary.")
@click.pass_context
def import_command(ctx: click.Context, source: Path, output: str | None, force: bool) -> None:
    """Read a TBX file (e.g. edited in Weblate) back into glossary.csv rows."""
    from localise.files import write_text_atomic
    from localise.glossary.exchange import read_term_base, terms_csv

    with errors():
        base = read_term_base(source)
        text = terms_csv(base.terms, base.languages)
        if output == "-":
            click.echo(text, nl=False)
            return
        path = Path(output) if output is not None else _default_glossary(ctx)
        if path.exists() and not force:
            raise GlossaryError("exists; pass --force to overwrite it, or -o another file", path=str(path))
        write_text_atomic(path, text, shown=str(path))
    click.echo(f"wrote {path} ({len(base.terms)} terms, {', '.join(base.languages)})", err=True)


def _default_glossary(ctx: click.Context) -> Path:
    """The project's glossary.csv, or glossary.csv here when no project is found (a new one)."""
    from localise.project import find_project

    try:
        return find_project(ctx.obj).glossary_path
    except LocaliseError:
        return Path(ctx.obj or ".") / "glossary.csv"


@glossary.command("suggest")
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path, dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["csv", "json"]), default="csv", show_default=True)
@click.option("--header", is_flag=True, help="Start the CSV with glossary.csv's header line.")
@GLOSSARY
@click.pass_context
def suggest(
    ctx: click.Context, sources: tuple[Path, ...], fmt: str, header: bool, glossary: Path | None
) -> None:
    """Names, titles, institutions and places in SOURCES (default: every source) that the glossary lacks.

    Prints CSV rows ready to paste into glossary.csv (`fr,en,vi,kind,note`: targets empty or drafted
    from a partial match, the note saying how often and where the term was first seen).
    """
    from localise.glossary.suggest import suggest_sources
    from localise.glossary.suggest.output import candidates_csv, candidates_json

    project = project_of(ctx, glossary=glossary)
    with errors():
        found = suggest_sources(project, sources)
    click.echo(candidates_json(found) if fmt == "json" else candidates_csv(found, header=header), nl=False)
