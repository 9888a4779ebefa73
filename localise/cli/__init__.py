"""The ``localise`` command: a thin click layer over the library.

Public: cli, main().

Each command parses options, calls one library function and prints its result (the
plain-text views are in ``localise.cli.reports``). A LocaliseError becomes a one-line
message and exit 2; a failed check exits 1. Commands live in the modules of this
package by subject; this module makes the group and registers them.
"""

from __future__ import annotations

from pathlib import Path

import click

from localise.cli.articles import build, ingest, pot, review, translate
from localise.cli.catalogs import check, stats
from localise.cli.glossary import glossary
from localise.cli.tools import engines_command, eval_command, memory, models

__all__ = ["cli", "main"]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "-C",
    "--project",
    "project_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Run as if started in this folder (the project is found from there, as git does).",
)
@click.version_option(package_name="localise")
@click.pass_context
def cli(ctx: click.Context, project_dir: Path | None) -> None:
    """Offline translation and localisation of scraped news articles.

    Pipeline: sources/ -> units -> glossary-masked MT -> locale/<lang>/LC_MESSAGES/*.po
    -> build/<lang>/*.html. Run `localise build` for the editions. Commands work from any
    folder inside the project (the one holding glossary.csv or [tool.localise]).
    """
    ctx.obj = project_dir


for _command in (
    ingest,
    build,
    review,
    pot,
    translate,
    check,
    stats,
    glossary,
    models,
    engines_command,
    memory,
    eval_command,
):
    cli.add_command(_command)


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="localise")
