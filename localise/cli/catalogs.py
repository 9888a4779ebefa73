"""Commands about catalogs: `check`, `stats`."""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

import click

from localise.cli._shared import (
    EXIT_CHECK_FAILED,
    FORMAT,
    GLOSSARY,
    echo_json,
    echo_lines,
    errors,
    project_of,
)


@click.command()
@click.argument("paths", nargs=-1)
@click.option(
    "--glossary",
    type=click.Path(path_type=Path),  # no exists/dir_okay: a bad path is our one-line error, not click's
    default=None,
    help="Term base [glossary.csv].",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "sarif", "github", "codequality"]),
    default="text",
    show_default=True,
    help="text for people; sarif for code scanning; github for workflow annotations; codequality for GitLab.",
)
@click.option("--include-fuzzy", is_flag=True, help="Also check machine drafts and suggestions.")
@click.option(
    "--show-suppressed", is_flag=True, help='Also list findings silenced by "# localise: allow <term>".'
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Processes checking catalogs side by side [one per CPU; 1: none].",
)
@click.pass_context
def check(
    ctx: click.Context,
    paths: tuple[str, ...],
    glossary: Path | None,
    fmt: str,
    include_fuzzy: bool,
    show_suppressed: bool,
    jobs: int | None,
) -> None:
    """Check PO files against the glossary and the numbers of the French; exit 1 on any finding.

    PATHS are files, folders or quoted globs (default: every catalog under locale/). Prints
    `path:line:col: term-missing: missing "Yuri Ushakov" for "Youri Ouchakov" (found "Ushakoff")`
    per finding. Kinds: term-missing, source-form-left, number-mismatch, number-format,
    unused-suppression. A translator comment `# localise: allow <term>` on an entry silences
    that term there.
    """
    from localise.qa import report as check_output
    from localise.qa.check import check_paths

    project = project_of(ctx, glossary=glossary)
    with errors():
        report = check_paths(project, paths, include_fuzzy=include_fuzzy, jobs=jobs)
    if fmt == "json":
        echo_json(check_output.json_report(report, show_suppressed=show_suppressed))
    elif fmt == "sarif":
        echo_json(check_output.sarif_report(report, project.root, show_suppressed=show_suppressed))
    elif fmt == "codequality":
        echo_json(check_output.codequality_report(report))
    else:
        lines = (check_output.github_lines if fmt == "github" else check_output.text_lines)(
            report, show_suppressed=show_suppressed
        )
        echo_lines(lines)
    if fmt in ("text", "github"):
        click.echo(check_output.summary(report), err=True)
    if report.findings:
        sys.exit(EXIT_CHECK_FAILED)


@click.command()
@GLOSSARY
@FORMAT
@click.pass_context
def stats(ctx: click.Context, glossary: Path | None, fmt: str) -> None:
    """Per catalog: entries by state, glossary terms, check findings, and the edition's readiness.

    Readiness: reviewed (every entry reviewed, nothing found), draft (all translated), incomplete;
    "out" when the language's publish policy lets the edition out, "held" when it stays a preview.
    """
    from localise.app import project_stats
    from localise.cli.reports import stats_report

    with errors():
        rows = project_stats(project_of(ctx, glossary=glossary))
    if fmt == "json":
        echo_json(
            [
                {"lang": r.lang, "catalog": r.catalog, **dataclasses.asdict(r.stats), "readiness": r.readiness,
                 "findings": r.findings, "publish": r.publish, "goes_out": r.goes_out}
                for r in rows
            ]
        )  # fmt: skip
        return
    echo_lines(stats_report(rows))
