"""Commands about catalogs: `check`, `stats`."""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

import click

from ._shared import EXIT_CHECK_FAILED, FORMAT, GLOSSARY, echo_json, echo_lines, errors, project_of


@click.command()
@click.argument("paths", nargs=-1)
@GLOSSARY
@FORMAT
@click.option("--include-fuzzy", is_flag=True, help="Also check machine drafts and suggestions.")
@click.pass_context
def check(
    ctx: click.Context, paths: tuple[str, ...], glossary: Path | None, fmt: str, include_fuzzy: bool
) -> None:
    """Check PO files against the glossary: PATHS are files, folders or quoted globs (default: locale/).

    Prints `path:line: glossary: "Ouchakov" → expected "Ushakov"` per violation and exits 1.
    """
    from ..checks import check_paths

    project = project_of(ctx, glossary=glossary)
    with errors():
        report = check_paths(project, paths, include_fuzzy=include_fuzzy)
    if fmt == "json":
        echo_json({"files": len(report.catalogs), "findings": [f.as_dict() for f in report.findings]})
    else:
        for finding in report.findings:
            click.echo(str(finding))
        click.echo(
            f"{len(report.catalogs)} catalog(s) checked, {len(report.findings)} violation(s)", err=True
        )
    if report.findings:
        sys.exit(EXIT_CHECK_FAILED)


@click.command()
@GLOSSARY
@FORMAT
@click.pass_context
def stats(ctx: click.Context, glossary: Path | None, fmt: str) -> None:
    """Per catalog: total, reviewed, machine drafts, suggestions, untranslated, obsolete, glossary terms."""
    from ..pipeline import project_stats
    from ..reports import stats_report

    with errors():
        rows = project_stats(project_of(ctx, glossary=glossary))
    if fmt == "json":
        echo_json([{"lang": r.lang, "catalog": r.catalog, **dataclasses.asdict(r.stats)} for r in rows])
        return
    echo_lines(stats_report(rows))
