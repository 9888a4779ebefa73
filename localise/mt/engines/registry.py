"""Which engine translates which language: engine names, availability, routes.

Public: ENGINE_NAMES, SERVER_ENGINES, check_settings(project), make_engine(name, project, ...), spellings(project),
routes_for(project, langs, ...),
engines_for(project, langs, ...), engine_status(project, langs, ...), Route, EngineStatus,
EngineReport, Unrouted.

The engine for a target language is, in order: the one named on the command line
(``--engine``); the project's route (``[tool.localise.routes]``, e.g. ``en = "apertium"``);
else the default route: argos where a model for the pair is installed, otherwise Apertium
where its pairs are installed, otherwise none (the language stays untranslated, and
``Unrouted.describe`` says why, as ModelMissing). The server engines (apertium-apy,
libretranslate) are never a default: they need URLs (``--engine-url`` or
``[tool.localise.engine-urls]``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Unpack

from localise.errors import EngineUnavailable, LocaliseError, ModelMissing, ProjectError
from localise.mt.engines.base import Engine

if TYPE_CHECKING:  # pragma: no cover
    from localise.mt.engines._http import ServerOptions
    from localise.project import Project

__all__ = [
    "ENGINE_NAMES",
    "SERVER_ENGINES",
    "EngineReport",
    "EngineStatus",
    "Route",
    "Unrouted",
    "check_settings",
    "engine_status",
    "engines_for",
    "make_engine",
    "routes_for",
    "spellings",
]

ENGINE_NAMES = ("argos", "apertium", "apertium-apy", "libretranslate")
SERVER_ENGINES = ("apertium-apy", "libretranslate")


@dataclass(frozen=True)
class Route:
    """The engine chosen for one target language (None: no engine here), and why."""

    lang: str
    engine: str | None
    reason: str


@dataclass(frozen=True)
class EngineStatus:
    """One engine on this machine: usable or not (and why), and the pairs it serves."""

    name: str
    available: bool
    detail: str
    pairs: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class EngineReport:
    """What ``localise engines`` shows."""

    engines: list[EngineStatus] = field(default_factory=list)
    routes: list[Route] = field(default_factory=list)


class Unrouted(Engine):
    """The stand-in for a language no engine serves here: ``describe`` raises ModelMissing saying why."""

    name = "none"

    def __init__(self, reason: str):
        self.reason = reason

    def describe(self, source: str, target: str) -> str:
        raise ModelMissing(self.reason)

    def translate(self, texts: Sequence[str], source: str, target: str) -> list[str]:
        raise ModelMissing(self.reason)

    def pairs(self) -> list[tuple[str, str]]:
        return []


def check_settings(project: Project) -> None:
    """ProjectError when ``[tool.localise.routes]`` or ``engine-urls`` names an engine localise lacks."""
    settings, path = project.settings, project.display(project.root / "pyproject.toml")
    if not all(name in ENGINE_NAMES for name in settings.routes.values()):
        raise ProjectError(
            f"[tool.localise.routes] maps a language to an engine ({', '.join(ENGINE_NAMES)}), "
            'e.g. en = "apertium"',
            path=path,
        )
    if not all(name in SERVER_ENGINES for name in settings.engine_urls):
        raise ProjectError(
            f"[tool.localise.engine-urls] maps a server engine ({', '.join(SERVER_ENGINES)}) to a list "
            'of URLs, e.g. libretranslate = ["http://127.0.0.1:5000"]',
            path=path,
        )


def _urls_for(project: Project, name: str, urls: Sequence[str]) -> tuple[str, ...]:
    return tuple(urls) or tuple(project.settings.engine_urls.get(name, ()))


def make_engine(
    name: str,
    project: Project,
    *,
    urls: Sequence[str] = (),
    api_key: str | None = None,
    on_batch: Callable[[str, int], None] | None = None,
    **argos_opts: Any,
) -> Engine:
    """The engine called ``name`` for ``project``; EngineUnavailable for an unknown name or a server
    engine without URLs."""
    if name == "argos":
        from localise.mt.engines.argos import ArgosEngine

        return ArgosEngine(project.models_dir, on_batch=on_batch, **argos_opts)
    if name == "apertium":
        from localise.mt.engines.apertium import ApertiumEngine

        return ApertiumEngine(on_batch=on_batch, variants=spellings(project), facts=project.engine_facts_path)
    if name in SERVER_ENGINES:
        servers = _urls_for(project, name, urls)
        if not servers:
            raise EngineUnavailable(
                f"{name} needs a server: pass --engine-url http://HOST:PORT (repeat it for several) "
                f"or set [tool.localise.engine-urls] {name} = [...]"
            )
        limits: ServerOptions = {"api_key": api_key}
        if project.settings.engine_timeout is not None:
            limits["timeout"] = project.settings.engine_timeout
        if project.settings.engine_max_response is not None:
            limits["max_bytes"] = project.settings.engine_max_response
        return _server_engine(name, servers, **limits)
    raise EngineUnavailable(f'unknown engine "{name}"; use one of {", ".join(ENGINE_NAMES)}')


def _server_engine(name: str, servers: Sequence[str], **options: Unpack[ServerOptions]) -> Engine:
    from localise.mt.engines.apy import ApyEngine
    from localise.mt.engines.ltclient import LibreTranslateEngine

    return (ApyEngine if name == "apertium-apy" else LibreTranslateEngine)(servers, **options)


def spellings(project: Project) -> dict[str, str]:
    """Target language -> the regional spelling its house style asks for (``spelling = "US"``)."""
    from localise.mt.style import project_style

    found = {}
    for path in sorted(project.style_dir.glob("*.toml")):
        style = project_style(project, path.stem)
        if style.spelling:
            found[path.stem] = style.spelling
    return found


def _serves(engine: Engine, source: str, target: str) -> str | None:
    """None when ``engine`` can translate the pair here, else the one-line reason."""
    try:
        engine.describe(source, target)
    except LocaliseError as exc:
        return exc.message
    return None


def routes_for(
    project: Project, langs: Sequence[str], *, source: str = "fr", engine: str | None = None
) -> list[Route]:
    """The engine name for each target language, and why (see the module docstring)."""
    if engine is not None and engine not in ENGINE_NAMES:
        raise EngineUnavailable(f'unknown engine "{engine}"; use one of {", ".join(ENGINE_NAMES)}')
    routes = []
    argos: Engine | None = None
    apertium: Engine | None = None
    for lang in langs:
        if engine is not None:
            routes.append(Route(lang, engine, "--engine"))
            continue
        if lang in project.settings.routes:
            routes.append(Route(lang, project.settings.routes[lang], "[tool.localise.routes]"))
            continue
        argos = argos or make_engine("argos", project)
        why_not_argos = _serves(argos, source, lang)
        if why_not_argos is None:
            routes.append(Route(lang, "argos", "default: an argos model is installed"))
            continue
        apertium = apertium or make_engine("apertium", project)
        why_not_apertium = _serves(apertium, source, lang)
        if why_not_apertium is None:
            routes.append(Route(lang, "apertium", "default: no argos model, Apertium pair installed"))
            continue
        routes.append(Route(lang, None, f"{why_not_argos}; or {why_not_apertium}"))
    return routes


def engines_for(
    project: Project,
    langs: Sequence[str],
    *,
    source: str = "fr",
    engine: str | None = None,
    urls: Sequence[str] = (),
    api_key: str | None = None,
    on_batch: Callable[[str, int], None] | None = None,
    **argos_opts: Any,
) -> dict[str, Engine]:
    """The engine for each language of ``langs``: one instance per engine name, so languages on the
    same engine share its batches (argos's fr→en feeds fr→en→vi). A language no engine serves
    gets an ``Unrouted`` engine whose ``describe`` says why."""
    routes = routes_for(project, langs, source=source, engine=engine)
    used = {r.engine for r in routes if r.engine is not None}
    if urls and not used & set(SERVER_ENGINES):
        raise EngineUnavailable(
            "--engine-url is for the server engines; add --engine apertium-apy or --engine libretranslate"
        )
    made: dict[str, Engine] = {}
    out: dict[str, Engine] = {}
    for route in routes:
        if route.engine is None:
            out[route.lang] = Unrouted(route.reason)
            continue
        if route.engine not in made:
            made[route.engine] = make_engine(
                route.engine, project, urls=urls, api_key=api_key, on_batch=on_batch, **argos_opts
            )
        out[route.lang] = made[route.engine]
    return out


def engine_status(
    project: Project,
    langs: Sequence[str] | None = None,
    *,
    source: str = "fr",
    urls: Sequence[str] = (),
    urls_for: str | None = None,
    api_key: str | None = None,
) -> EngineReport:
    """Every engine (available here or not, why, its pairs) and the route per target language.

    ``urls`` replace the configured servers of ``urls_for`` (default: of both server engines).
    Servers are asked once each, without retries, so the listing stays quick when one is down.
    """
    report = EngineReport()
    for name in ENGINE_NAMES:
        mine = urls if urls_for in (None, name) else ()
        report.engines.append(_status(name, project, urls=mine, api_key=api_key))
    report.routes.extend(
        routes_for(project, langs if langs is not None else project.settings.languages, source=source)
    )
    return report


def _status(name: str, project: Project, *, urls: Sequence[str], api_key: str | None) -> EngineStatus:
    if name == "argos":
        from localise.mt.engines.argos import ArgosEngine
        from localise.mt.engines.argos_packages import list_models

        argos = ArgosEngine(project.models_dir)
        pairs = tuple(argos.pairs())
        where = project.display(project.models_dir)
        if not pairs:
            return EngineStatus(
                name, False, f"no argos package in {where}; `localise models install PATH.argosmodel`"
            )
        count = len(list_models(project.models_dir))
        return EngineStatus(name, True, f"{count} package(s) in {where}", pairs)
    if name == "apertium":
        from localise.mt.engines.apertium import ApertiumEngine, debian_packages

        apertium = ApertiumEngine()
        try:
            pairs = tuple(apertium.pairs())
        except EngineUnavailable as exc:
            return EngineStatus(name, False, exc.message)
        if not pairs:
            return EngineStatus(name, False, f"no Apertium pair installed; {debian_packages('fr', 'en')}")
        modes = ", ".join(sorted(m.name for m in apertium.modes().values()))
        return EngineStatus(name, True, f"{apertium.version()}; modes {modes}", pairs)
    servers = _urls_for(project, name, urls)
    if not servers:
        return EngineStatus(
            name, False, f"no server configured (--engine-url, or [tool.localise.engine-urls] {name})"
        )
    try:
        pairs = tuple(_server_engine(name, servers, api_key=api_key, retries=0, timeout=5).pairs())
    except LocaliseError as exc:
        return EngineStatus(name, False, exc.message)
    return EngineStatus(name, True, f"{len(servers)} server(s): {', '.join(servers)}", pairs)
