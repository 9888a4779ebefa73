"""What every command shares: the error boundary, output helpers, the project lookup, common options.

Public: errors(), echo_json(data), echo_lines(lines), project_of(ctx, **overrides), GLOSSARY, MODELS, FORMAT,
EXIT_CHECK_FAILED, EXIT_INPUT_ERROR.
"""

from __future__ import annotations

import dataclasses
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from ..errors import LocaliseError, TranslationIncomplete
from ..project import Project, find_project

EXIT_CHECK_FAILED = 1
EXIT_INPUT_ERROR = 2

__all__ = [
    "EXIT_CHECK_FAILED",
    "EXIT_INPUT_ERROR",
    "FORMAT",
    "GLOSSARY",
    "MODELS",
    "PO_LAYOUT",
    "echo_json",
    "echo_lines",
    "errors",
    "project_of",
]


class _InputError(click.ClickException):
    exit_code = EXIT_INPUT_ERROR


@contextmanager
def errors() -> Iterator[None]:
    """A LocaliseError is the user's to fix: one line, exit 2, never a traceback."""
    try:
        yield
    except TranslationIncomplete as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(EXIT_CHECK_FAILED)
    except LocaliseError as exc:
        raise _InputError(str(exc)) from exc


def echo_json(data: Any) -> None:
    def plain(value: Any) -> Any:
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            return dataclasses.asdict(value)
        raise TypeError(type(value).__name__)

    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=plain))


def echo_lines(lines: list[str], *, err: bool = False) -> None:
    for line in lines:
        click.echo(line, err=err)


def project_of(ctx: click.Context, **overrides: Any) -> Project:
    """The project found from ``-C`` (or the working directory), with this command's overrides."""
    with errors():
        return find_project(ctx.obj).with_overrides(**overrides)


GLOSSARY = click.option(
    "--glossary",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Term base [glossary.csv].",
)
MODELS = click.option(
    "--models-dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Installed argostranslate packages [env LOCALISE_MODELS_DIR; default .localise/models].",
)
FORMAT = click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)


def PO_LAYOUT(command: Any) -> Any:
    """``--no-wrap`` and ``--add-location``, as msgmerge offers them (defaults from [tool.localise])."""
    command = click.option(
        "--no-wrap", is_flag=True, default=None, help="Do not wrap PO lines [wrap-width 79]."
    )(command)
    return click.option(
        "--add-location",
        type=click.Choice(["file", "full", "never"]),
        default=None,
        help="PO references: file names, with lines, or none [add-location: file].",
    )(command)
