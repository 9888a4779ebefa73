"""What every command shares: the error boundary, output helpers, the project lookup, common options.

Public: errors(), echo_json(data), echo_lines(lines), visible(text), project_of(ctx, **overrides), engines_of(project, …),
GLOSSARY, MODELS, FORMAT, PO_LAYOUT, ENGINES, EXIT_CHECK_FAILED, EXIT_INPUT_ERROR.
"""

from __future__ import annotations

import dataclasses
import json
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import click

from localise.errors import LocaliseError, TranslationIncomplete
from localise.project import Project, find_project

EXIT_CHECK_FAILED = 1
EXIT_INPUT_ERROR = 2

__all__ = [
    "ENGINES",
    "EXIT_CHECK_FAILED",
    "EXIT_INPUT_ERROR",
    "FORMAT",
    "GLOSSARY",
    "MODELS",
    "PO_LAYOUT",
    "echo_json",
    "echo_lines",
    "engines_of",
    "errors",
    "project_of",
    "visible",
]


class _InputError(click.ClickException):
    exit_code = EXIT_INPUT_ERROR


#: C0 and C1 control characters but the tab: an ESC or OSC sequence from a file (a msgstr, a file
#: name) would drive the terminal, and a line break would start a line a CI runner reads as a command.
_CONTROLS = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f]")


def visible(text: str) -> str:
    """``text`` with every control character but the tab written as an escape (``\\x1b``, ``\\n``)."""
    return _CONTROLS.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


@contextmanager
def errors() -> Iterator[None]:
    """A LocaliseError is the user's to fix: one line, exit 2, never a traceback."""
    try:
        yield
    except TranslationIncomplete as exc:  # a count, then one line per edition that falls short
        click.echo("Error: " + "\n".join(visible(line) for line in str(exc).split("\n")), err=True)
        sys.exit(EXIT_CHECK_FAILED)
    except LocaliseError as exc:
        raise _InputError(visible(str(exc))) from exc


def echo_json(data: Any) -> None:
    def plain(value: Any) -> Any:
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            return dataclasses.asdict(value)
        raise TypeError(type(value).__name__)

    # json escapes C0 controls itself; DEL and the C1 controls (U+009B is a CSI) only inside strings
    text = json.dumps(data, ensure_ascii=False, indent=2, default=plain)
    click.echo(re.sub("[\x7f-\x9f]", lambda m: f"\\u{ord(m.group()):04x}", text))


def echo_lines(lines: list[str], *, err: bool = False) -> None:
    """Each line as one line of the terminal: control characters in it are shown escaped (``visible``)."""
    for line in lines:
        click.echo(visible(line), err=err)


def project_of(ctx: click.Context, **overrides: Any) -> Project:
    """The project found from ``-C`` (or the working directory), with this command's overrides."""
    from localise.mt.engines.registry import check_settings

    with errors():
        project = find_project(ctx.obj).with_overrides(**overrides)
        check_settings(project)
        return project


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


_Command = TypeVar("_Command", bound=Callable[..., Any])


def PO_LAYOUT(command: _Command) -> _Command:
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


def ENGINES(command: _Command) -> _Command:
    """``--engine``, ``--engine-url`` (repeatable), ``--api-key``, and the servers' ``--engine-timeout`` and
    ``--engine-max-response``: which engine translates, and how long and how much a server may answer."""
    from localise.mt.engines.registry import ENGINE_NAMES

    command = click.option(
        "--engine-max-response",
        type=click.IntRange(1024),
        default=None,
        metavar="BYTES",
        help="Largest answer read from a translation server [engine-max-response; 8388608].",
    )(command)
    command = click.option(
        "--engine-timeout",
        type=click.FloatRange(0, 86400, min_open=True),
        default=None,
        metavar="SECONDS",
        help="Total time a translation server's request may take, answer included "
        "[engine-timeout; APy 120, LibreTranslate 600].",
    )(command)
    command = click.option(
        "--api-key",
        envvar="LOCALISE_API_KEY",
        default=None,
        help="API key for the server engines [env LOCALISE_API_KEY].",
    )(command)
    command = click.option(
        "--engine-url",
        "engine_urls",
        multiple=True,
        metavar="URL",
        help="A server for --engine apertium-apy|libretranslate; repeat for several (round robin).",
    )(command)
    return click.option(
        "--engine",
        "engine_name",
        type=click.Choice(ENGINE_NAMES),
        default=None,
        help="Engine for every language [default: [tool.localise.routes], else argos where a model is "
        "installed, else Apertium where its pairs are].",
    )(command)


def engines_of(
    project: Project,
    langs: Sequence[str],
    engine_name: str | None,
    engine_urls: Sequence[str],
    api_key: str | None,
    **argos_opts: Any,
) -> dict[str, Any]:
    """The engine per language from the command's ``ENGINES`` options (one-line errors, exit 2)."""
    from localise.mt.engines.registry import engines_for

    with errors():
        return engines_for(
            project, list(langs), engine=engine_name, urls=engine_urls, api_key=api_key, **argos_opts
        )
