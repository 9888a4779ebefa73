"""Commands around the pipeline: `models`, `engines`, `memory`, `eval`."""

from __future__ import annotations

import dataclasses
import shlex
from pathlib import Path

import click

from localise.cli._shared import (
    ENGINES,
    FORMAT,
    GLOSSARY,
    MODELS,
    echo_json,
    echo_lines,
    engines_of,
    errors,
    project_of,
)


@click.group()
def models() -> None:
    """List, install and remove argostranslate packages (.argosmodel)."""


@models.command("list")
@MODELS
@click.pass_context
def models_list(ctx: click.Context, models_dir: Path | None) -> None:
    """Installed translation packages."""
    from localise.mt.engines.argos_packages import broken_models, list_models

    with errors():
        directory = project_of(ctx, models_dir=models_dir).models_dir
        found = list_models(directory)
    for folder, problem in broken_models(directory):
        click.echo(
            f"broken: {folder.name}: {problem} (remove it with `localise models remove {shlex.quote(folder.name)}`)",
            err=True,
        )
    if not found:
        click.echo(f"no models in {directory}; install one with `localise models install PATH.argosmodel`")
    for model in found:
        click.echo(f"{model.source}→{model.target}  {model.name}  {model.version}  {model.path}")


@models.command("install")
@click.argument("items", nargs=-1, required=True)
@click.option("--from-index", is_flag=True, help="ITEMS are language codes (fr en vi: fr→en and fr→vi, through "
              "English if need be), downloaded from the Argos package index. Needs network.")  # fmt: skip
@MODELS
@click.pass_context
def models_install(
    ctx: click.Context, items: tuple[str, ...], from_index: bool, models_dir: Path | None
) -> None:
    """Install .argosmodel files, or with --from-index packages for language codes."""
    from localise.mt.engines.argos_packages import install_from_index, install_model

    if from_index and len(items) < 2:
        raise click.UsageError("--from-index needs a source and at least one target: fr en vi")
    with errors():
        directory = project_of(ctx, models_dir=models_dir).models_dir
        installed = (
            install_from_index(items, directory)
            if from_index
            else [install_model(p, directory) for p in items]
        )
    for model in installed:
        click.echo(f"installed {model.source}→{model.target} {model.name} {model.version}")


@models.command("remove")
@click.argument("name")
@MODELS
@click.pass_context
def models_remove(ctx: click.Context, name: str, models_dir: Path | None) -> None:
    """Uninstall a package by name or language pair (fr-en)."""
    from localise.mt.engines.argos_packages import remove_model

    with errors():
        model = remove_model(name, project_of(ctx, models_dir=models_dir).models_dir)
    click.echo(f"removed {model.name}")


@click.command("engines")
@click.option(
    "--lang", "langs", multiple=True, help="Target languages to route [default: the project's languages]."
)
@click.option("--engine-url", "engine_urls", multiple=True, metavar="URL", help="Servers to probe.")
@click.option("--engine", "engine_name", type=click.Choice(["apertium-apy", "libretranslate"]), default=None,
              help="The server engine --engine-url is for [default: both].")  # fmt: skip
@click.option("--api-key", envvar="LOCALISE_API_KEY", default=None, help="API key for the servers.")
@FORMAT
@MODELS
@click.pass_context
def engines_command(ctx: click.Context, langs: tuple[str, ...], engine_urls: tuple[str, ...],
                    engine_name: str | None, api_key: str | None, fmt: str, models_dir: Path | None) -> None:  # fmt: skip
    """Each engine: available here or not and why, its pairs; then the engine per target language."""
    from localise.cli.reports import engines_report
    from localise.mt.engines.registry import engine_status

    project = project_of(ctx, models_dir=models_dir)
    with errors():
        report = engine_status(
            project, list(langs) or None, urls=engine_urls, urls_for=engine_name, api_key=api_key
        )
    if fmt == "json":
        echo_json(report)
        return
    echo_lines(engines_report(report))


@click.group()
def memory() -> None:
    """The translation memory in .localise/memory.sqlite."""


@memory.command("clear")
@click.pass_context
def memory_clear(ctx: click.Context) -> None:
    """Forget every stored machine translation."""
    from localise.mt.memory import clear_memory

    project = project_of(ctx)
    with errors():
        removed = clear_memory(project.memory_path)
    click.echo(f"removed {removed} translations from {project.display(project.memory_path)}")


@click.command("eval")
@click.option(
    "--refs",
    "refs_path",
    type=click.Path(path_type=Path, dir_okay=False),
    required=True,
    help="TSV: fr, en, vi.",
)
@click.option("--system", "systems", type=click.Choice(["pipeline", "raw", "catalog"]), multiple=True,
              default=("pipeline",), show_default=True,
              help="pipeline: glossary-masked batched MT; raw: no glossary (argos: argostranslate translate() per "
              "sentence; other engines: the engine on the plain French); catalog: the translations in locale/.")  # fmt: skip
@click.option("--compare-raw", is_flag=True, help="Shorthand for --system pipeline --system raw.")
@click.option("--lang", "langs", multiple=True, default=("en", "vi"), show_default=True)
@FORMAT
@GLOSSARY
@MODELS
@ENGINES
@click.pass_context
def eval_command(ctx: click.Context, refs_path: Path, systems: tuple[str, ...], compare_raw: bool,
                 langs: tuple[str, ...], fmt: str, glossary: Path | None, models_dir: Path | None,
                 engine_name: str | None, engine_urls: tuple[str, ...], api_key: str | None, engine_timeout: float | None,
          engine_max_response: int | None) -> None:  # fmt: skip
    """Score translations of the reference French against human references: chrF, BLEU, glossary adherence."""
    from localise.cli.reports import eval_report
    from localise.qa.evaluate import evaluate_systems, unserved_languages

    chosen = list(dict.fromkeys((*systems, "raw") if compare_raw else systems))
    project = project_of(ctx, glossary=glossary, models_dir=models_dir, engine_timeout=engine_timeout,
                         engine_max_response=engine_max_response)  # fmt: skip
    engines = (
        engines_of(project, langs, engine_name, engine_urls, api_key) if set(chosen) - {"catalog"} else {}
    )
    unserved = unserved_languages(engines, langs)
    for lang, reason in unserved.items():
        click.echo(f"{lang}: not scored: {reason}", err=True)
    served = tuple(lang for lang in langs if lang not in unserved)
    if not served:
        raise SystemExit(2)
    with errors():
        scores = evaluate_systems(project, refs_path, systems=chosen, langs=served, engines=engines)
    if fmt == "json":
        echo_json([{**dataclasses.asdict(s), "adherence": round(s.adherence, 1)} for s in scores])
        return
    echo_lines(eval_report(scores))
