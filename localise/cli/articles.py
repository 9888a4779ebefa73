"""Commands about articles: `ingest`, `build`, `pot`, `review`, `translate`."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from localise.cli._shared import (
    ENGINES,
    GLOSSARY,
    MODELS,
    PO_LAYOUT,
    echo_json,
    echo_lines,
    engines_of,
    errors,
    project_of,
)

if TYPE_CHECKING:  # pragma: no cover
    from localise.project import Project


@click.command()
@click.argument("source", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Emit the article and its units as JSON.")
@click.option("-v", "--verbose", is_flag=True, help="Also list the dropped page chrome.")
def ingest(source: Path, as_json: bool, verbose: bool) -> None:
    """Show the structure of SOURCE: blocks by kind and its translation units."""
    from localise.cli.reports import ingest_report
    from localise.sources.ingest import read_article
    from localise.sources.units import make_units

    with errors():
        article = read_article(source)
    units = make_units(article)
    if as_json:
        echo_json(article.as_dict(units))
        return
    echo_lines(ingest_report(article, units, verbose=verbose))


class _Progress:
    """Click progress bars per engine hop and over articles, on a terminal only and never with --quiet."""

    def __init__(self, enabled: bool):
        self.enabled = enabled and sys.stderr.isatty()
        self._bar: Any = None
        self._label = ""

    def open(self, label: str, count: int) -> None:
        self.close()
        if self.enabled:
            self._bar = click.progressbar(length=count, label=label, file=sys.stderr)
            self._bar.__enter__()
            self._label = label

    def batch(self, hop: str, count: int) -> None:
        self.open(f"translating ({hop})", count)

    def item(self) -> None:
        if self._bar is not None:
            self._bar.update(1)

    def articles(self) -> tuple[Callable[[int], None], Callable[[str], None]] | None:
        """(told how many articles the build will write, called as each is written): a bar over them when
        there are several, opened when the first is written."""
        if not self.enabled:
            return None
        count = 0

        def start(total: int) -> None:
            nonlocal count
            count = total

        def advance(slug: str) -> None:
            if count < 2:
                return
            if self._label != "writing editions":
                self.open("writing editions", count)
            self.item()

        return start, advance

    def close(self) -> None:
        if self._bar is not None:
            self._bar.__exit__(None, None, None)
            self._bar, self._label = None, ""


@click.command()
@click.option(
    "--lang", "langs", multiple=True, help="Edition language (repeatable) [the project's languages: en, vi]."
)
@click.option(
    "--out", type=click.Path(path_type=Path, file_okay=False), default=None, help="Output folder [build]."
)
@GLOSSARY
@MODELS
@click.option("--no-mt", is_flag=True, help="Do not machine-translate; render from the catalogs as they are.")
@click.option("--no-memory", is_flag=True, help="Do not read or write the translation memory.")
@click.option(
    "--threads", type=click.IntRange(1), default=None, help="CTranslate2 intra-op threads per batch."
)
@click.option("--require-translated", is_flag=True, help="Exit 1 if any entry has no translation.")
@click.option("--require-reviewed", is_flag=True, help="Exit 1 if any entry is not reviewed.")
@click.option("-q", "--quiet", is_flag=True, help="Print errors only.")
@click.option(
    "-j", "--jobs", type=click.IntRange(1), default=None, help="Processes that build articles [one per CPU]."
)
@PO_LAYOUT
@ENGINES
@click.pass_context
def build(ctx: click.Context, langs: tuple[str, ...], out: Path | None, glossary: Path | None, models_dir: Path | None,
          no_mt: bool, no_memory: bool, threads: int | None, require_translated: bool, require_reviewed: bool,
          quiet: bool, jobs: int | None, no_wrap: bool | None, add_location: str | None, engine_name: str | None,
          engine_urls: tuple[str, ...], api_key: str | None, engine_timeout: float | None,
          engine_max_response: int | None) -> None:  # fmt: skip
    """Build the catalogs and the localised editions of every article in sources/.

    New or changed units get machine drafts (fuzzy) when a model is installed; the
    editions are rendered from locale/*/LC_MESSAGES/*.po into OUT/<lang>/<slug>.html.
    """
    project = project_of(ctx, glossary=glossary, models_dir=models_dir, wrap_width=0 if no_wrap else None,
                         add_location=add_location, engine_timeout=engine_timeout,
                         engine_max_response=engine_max_response)  # fmt: skip
    if not (require_translated or require_reviewed) and _unchanged(
        project, langs, out, quiet, translate=not no_mt
    ):
        return
    from localise.app import build_project
    from localise.cli.reports import build_report
    from localise.mt.engines import DEFAULT_THREADS

    progress = _Progress(enabled=not quiet)
    engines = None  # --no-mt: no engine is asked anything
    if not no_mt:
        engines = engines_of(
            project,
            langs or project.settings.languages,
            engine_name,
            engine_urls,
            api_key,
            inter_threads=DEFAULT_THREADS["inter_threads"] if threads is None else 1,
            intra_threads=DEFAULT_THREADS["intra_threads"] if threads is None else threads,
            on_batch=progress.batch if progress.enabled else None,
            on_item=progress.item if progress.enabled else None,
        )
    bar = progress.articles()
    try:
        with errors():
            result = build_project(
                project,
                langs=langs or None,
                out=out,
                engines=engines,
                translate=not no_mt,
                use_memory=not no_memory,
                on_start=bar[0] if bar else None,
                on_article=bar[1] if bar else None,
                require_translated=require_translated,
                require_reviewed=require_reviewed,
                jobs=jobs,
                hint=not quiet,  # the glossary hint is a line of the report: with -q, nobody reads it
            )
    finally:
        progress.close()
    if not quiet:
        lines, err = build_report(result, project.display)
        echo_lines(err, err=True)
        echo_lines(lines)


def _unchanged(
    project: Project, langs: tuple[str, ...], out: Path | None, quiet: bool, *, translate: bool
) -> bool:
    """Whether nothing changed since the last build (then its standing is printed): decided from the build
    state and ``stat`` alone, before the pipeline is imported."""
    from localise.buildstate import unchanged

    with errors():
        standing = unchanged(
            project,
            langs or project.settings.languages,
            out.resolve() if out is not None else project.build_dir,
            translate=translate,
        )
    if standing is None:
        return False
    if not quiet:
        from localise.cli.reports import unchanged_report

        lines, err = unchanged_report(standing)
        echo_lines(err, err=True)
        echo_lines(lines)
    return True


@click.command()
@GLOSSARY
@PO_LAYOUT
@click.pass_context
def pot(ctx: click.Context, glossary: Path | None, no_wrap: bool | None, add_location: str | None) -> None:
    """Write locale/<slug>.pot, the template of every source, for platforms that own the catalogs (Weblate…)."""
    from localise.app import update_templates

    project = project_of(ctx, glossary=glossary, wrap_width=0 if no_wrap else None, add_location=add_location)
    with errors():
        written = update_templates(project)
    for path in written:
        click.echo(f"wrote {project.display(path)}")
    if not written:
        click.echo("templates are up to date")


@click.command()
@click.option(
    "--lang", "langs", multiple=True, help="Language to review (repeatable) [the project's languages]."
)
@click.option(
    "--out", type=click.Path(path_type=Path, file_okay=False), default=None, help="Output folder [build]."
)
@GLOSSARY
@click.option(
    "-j", "--jobs", type=click.IntRange(1), default=None, help="Processes that make the pages [one per CPU]."
)
@click.pass_context
def review(
    ctx: click.Context, langs: tuple[str, ...], out: Path | None, glossary: Path | None, jobs: int | None
) -> None:
    """Proof pages for the desk: OUT/review/<lang>/<slug>.html, French and translation side by side.

    Prints each edition's readiness: reviewed, draft or incomplete, and what it lacks.
    """
    from localise.app import review_project

    project = project_of(ctx, glossary=glossary)
    with errors():
        reviewed = review_project(project, langs=langs or None, out=out, jobs=jobs)
    for path, status in reviewed.pages:
        shortfall = status.shortfall()
        click.echo(
            f"{project.display(path)}: {status.readiness.value}{f' ({shortfall})' if shortfall else ''}"
        )
    click.echo(f"proof pages: {', '.join(project.display(p) for p in reviewed.paths)}")


@click.command()
@click.argument("text", nargs=-1, required=True)
@click.option("--from", "source_lang", default="fr", show_default=True)
@click.option("--to", "targets", multiple=True, default=("en",), show_default=True)
@GLOSSARY
@MODELS
@ENGINES
@click.pass_context
def translate(ctx: click.Context, text: tuple[str, ...], source_lang: str, targets: tuple[str, ...],
              glossary: Path | None, models_dir: Path | None, engine_name: str | None,
              engine_urls: tuple[str, ...], api_key: str | None, engine_timeout: float | None,
              engine_max_response: int | None) -> None:  # fmt: skip
    """Translate sentences through the pipeline (glossary and numbers protected, house style), one line per
    target; a language no engine serves here gets one line saying why (exit 2 when none is served)."""
    from localise.app import translate_texts

    project = project_of(ctx, glossary=glossary, models_dir=models_dir, engine_timeout=engine_timeout,
                         engine_max_response=engine_max_response)  # fmt: skip
    engines = engines_of(project, targets, engine_name, engine_urls, api_key)
    with errors():
        drafts, unavailable = translate_texts(
            project, text, source_lang=source_lang, targets=targets, engines=engines
        )
    for lang in targets:
        if lang in unavailable:
            echo_lines([f"{lang}: not translated: {unavailable[lang]}"], err=True)
            continue
        for sentence in text:
            draft = drafts[lang][sentence]
            echo_lines([f"{lang}: {draft.text}"])
            echo_lines([f"{lang}: warning: {problem}" for problem in draft.problems], err=True)
    if len(unavailable) == len(targets):
        sys.exit(2)
