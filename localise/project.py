"""The newsroom project on disk: every path and setting, found from any folder inside it.

Public: Project, Settings, find_project(start), PROJECT_MARKERS, MODELS_ENV, PUBLISH_POLICIES.

A project is the folder that holds ``glossary.csv`` or a ``pyproject.toml`` with a
``[tool.localise]`` table; like git, every command finds it by walking up from the working
directory, so ``localise check`` works the same from ``locale/en``. ``Project`` owns the
layout (sources, catalogs, templates, glossary, house style, build output, the state folder with
the translation memory, the models and the lock) and the settings from ``[tool.localise]``;
no other module joins paths of its own.
"""

from __future__ import annotations

import os
import tomllib
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from localise.errors import ProjectError
from localise.model import EntryState

__all__ = ["MODELS_ENV", "PROJECT_MARKERS", "PUBLISH_POLICIES", "Project", "Settings", "find_project"]

PROJECT_MARKERS = ("glossary.csv", "pyproject.toml [tool.localise]")
MODELS_ENV = "LOCALISE_MODELS_DIR"
_SOURCE_SUFFIXES = (".txt", ".html", ".htm")
#: Unicode categories a file name may not hold: controls, format characters (bidi overrides,
#: invisible joiners), line and paragraph separators.
_UNPRINTABLE = frozenset({"Cc", "Cf", "Zl", "Zp"})
_DEFAULT_LANGUAGES = ("en", "vi")
#: What a language's editions may be to go out: ``reviewed`` (the default: nothing a person has not
#: reviewed), or ``draft`` (machine drafts too, marked in words). An incomplete edition never goes out.
PUBLISH_POLICIES = ("reviewed", "draft")
#: The entry states whose text each policy publishes (a suggestion's own text is never published).
_PUBLISHED_STATES = {
    "reviewed": frozenset({EntryState.REVIEWED}),
    "draft": frozenset({EntryState.REVIEWED, EntryState.MACHINE}),
}


@dataclass(frozen=True)
class Settings:
    """``[tool.localise]`` in pyproject.toml; every key is optional.

    ``languages``: edition languages built by default. ``timezones``: the dateline's time zone
    per language. ``models_dir``: where argos packages live (relative to the project root).
    ``wrap_width``: PO line width (79, as msgcat, msgmerge and Poedit; 0: no wrapping).
    ``add_location``: PO references, as msgmerge's --add-location: file (default), full, never.
    ``routes``: the engine per target language (``[tool.localise.routes]``, e.g. ``en = "apertium"``);
    the engine registry checks the names (``mt.engines.registry.check_settings``).
    ``engine_urls``: server URLs per server engine (``[tool.localise.engine-urls]``,
    e.g. ``libretranslate = ["http://mt1:5000", "http://mt2:5000"]``).
    ``publish``: the publish policy, ``"reviewed"`` (default) or ``"draft"``, for every language, or
    per language as a table (``[tool.localise.publish]``: ``vi = "draft"``, and ``default`` for the
    rest); ``publish_for(lang)`` and ``published_states(lang)`` answer for one language.
    ``base_url``: where the published folder is served (``base-url = "https://news.example/"``), for
    canonical links, hreflang alternates, the feeds and the sitemap; it always ends with ``/``.
    ``engine_timeout``: the total seconds a server engine's request may take, the whole answer
    included (``engine-timeout``; default: the engine's own, 120 s for APy, 600 s for
    LibreTranslate); ``engine_max_response``: the largest answer read, in bytes
    (``engine-max-response``; default 8 MiB).
    """

    languages: tuple[str, ...] = _DEFAULT_LANGUAGES
    timezones: Mapping[str, str] = field(default_factory=dict)
    models_dir: str | None = None
    wrap_width: int = 79
    add_location: str = "file"
    routes: Mapping[str, str] = field(default_factory=dict)
    engine_urls: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    publish: Mapping[str, str] = field(default_factory=lambda: {"default": "reviewed"})
    base_url: str | None = None
    engine_timeout: float | None = None
    engine_max_response: int | None = None

    def publish_for(self, lang: str) -> str:
        """The publish policy of ``lang``'s editions: ``"reviewed"`` or ``"draft"``."""
        return self.publish.get(lang) or self.publish.get("default") or "reviewed"

    def published_states(self, lang: str) -> frozenset[EntryState]:
        """The entry states whose text an edition of ``lang`` may publish under its policy."""
        return _PUBLISHED_STATES[self.publish_for(lang)]

    @classmethod
    def from_table(cls, table: Mapping[str, Any], *, path: Path) -> Settings:
        """Validate a ``[tool.localise]`` table; ProjectError names the key and the fix."""
        known = {
            "languages",
            "timezones",
            "models-dir",
            "wrap-width",
            "add-location",
            "routes",
            "engine-urls",
            "publish",
            "base-url",
            "engine-timeout",
            "engine-max-response",
        }
        for key in table:
            if key not in known:
                raise ProjectError(
                    f'unknown setting "{key}" in [tool.localise]; use one of {", ".join(sorted(known))}',
                    path=path,
                )
        languages = table.get("languages", list(_DEFAULT_LANGUAGES))
        if not isinstance(languages, list) or not all(isinstance(x, str) and x for x in languages):
            raise ProjectError(
                '[tool.localise] languages must be a list of codes like ["en", "vi"]', path=path
            )
        timezones = table.get("timezones", {})
        if not isinstance(timezones, dict) or not all(isinstance(v, str) for v in timezones.values()):
            raise ProjectError(
                '[tool.localise.timezones] maps a language to a zone, e.g. vi = "Asia/Ho_Chi_Minh"', path=path
            )
        for lang, zone in timezones.items():
            _check_zone(lang, zone, path)
        models = table.get("models-dir")
        if models is not None and not isinstance(models, str):
            raise ProjectError("[tool.localise] models-dir must be a path string", path=path)
        width = table.get("wrap-width", 79)
        if not isinstance(width, int) or isinstance(width, bool) or width < 0:
            raise ProjectError(
                "[tool.localise] wrap-width must be a whole number (79; 0 for no wrapping)", path=path
            )
        location = table.get("add-location", "file")
        if location not in ("file", "full", "never"):
            raise ProjectError('[tool.localise] add-location must be "file", "full" or "never"', path=path)
        routes = table.get("routes", {})
        if not isinstance(routes, dict) or not all(isinstance(v, str) and v for v in routes.values()):
            raise ProjectError(
                '[tool.localise.routes] maps a language to an engine name, e.g. en = "apertium"', path=path
            )
        urls = table.get("engine-urls", {})
        if not isinstance(urls, dict) or not all(
            isinstance(v, list) and all(isinstance(u, str) for u in v) for v in urls.values()
        ):
            raise ProjectError(
                "[tool.localise.engine-urls] maps a server engine to a list of URLs, "
                'e.g. libretranslate = ["http://127.0.0.1:5000"]',
                path=path,
            )
        timeout = table.get("engine-timeout")
        if timeout is not None and (
            not isinstance(timeout, int | float) or isinstance(timeout, bool) or not 0 < timeout <= 86400
        ):
            raise ProjectError(
                "[tool.localise] engine-timeout is the seconds a translation server's request may take, "
                "e.g. 60",
                path=path,
            )
        limit = table.get("engine-max-response")
        if limit is not None and (not isinstance(limit, int) or isinstance(limit, bool) or limit < 1024):
            raise ProjectError(
                "[tool.localise] engine-max-response is the largest answer read from a translation server, "
                "in bytes (at least 1024), e.g. 8388608",
                path=path,
            )
        return cls(
            engine_timeout=float(timeout) if timeout is not None else None,
            engine_max_response=limit,
            publish=_publish_policy(table.get("publish", "reviewed"), path),
            base_url=_base_url(table.get("base-url"), path),
            languages=tuple(languages),
            timezones=dict(timezones),
            models_dir=models,
            wrap_width=width,
            add_location=location,
            routes=dict(routes),
            engine_urls={k: tuple(v) for k, v in urls.items()},
        )


def _check_zone(lang: str, zone: str, path: Path) -> None:
    """ProjectError for a time zone the zone database lacks: checked before a build writes anything."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ProjectError(
            f'[tool.localise.timezones] {lang} = "{zone}" is not a time zone; use an IANA name such as '
            '"Asia/Ho_Chi_Minh" or "UTC"',
            path=path,
        ) from exc


def _publish_policy(value: Any, path: Path) -> dict[str, str]:
    choices = " or ".join(f'"{p}"' for p in PUBLISH_POLICIES)
    if isinstance(value, str):
        value = {"default": value}
    if not isinstance(value, dict) or not value:
        raise ProjectError(
            f"[tool.localise] publish must be {choices}, or a [tool.localise.publish] table "
            'per language (vi = "draft", default = "reviewed")',
            path=path,
        )
    for lang, policy in value.items():
        if policy not in PUBLISH_POLICIES:
            where = "publish" if lang == "default" else f"publish.{lang}"
            raise ProjectError(f'[tool.localise] {where} is "{policy}"; use {choices}', path=path)
    return dict(value)


def _base_url(value: Any, path: Path) -> str | None:
    if value is None:
        return None
    url = value if isinstance(value, str) else ""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise ProjectError(
            "[tool.localise] base-url must be the http(s) address the published folder is served at, "
            'e.g. "https://news.example/editions/"',
            path=path,
        )
    return url if url.endswith("/") else url + "/"


@dataclass(frozen=True)
class Project:
    """A project rooted at ``root``. Paths are absolute; ``display`` shows them relative to the root.

    ``glossary_file`` and ``models`` override the defaults (``--glossary``, ``--models-dir``).
    """

    root: Path
    settings: Settings = field(default_factory=Settings)
    glossary_file: Path | None = None
    models: Path | None = None

    @classmethod
    def at(cls, root: str | Path) -> Project:
        """The project rooted exactly at ``root`` (its settings read from its pyproject.toml)."""
        path = Path(root).resolve()
        return cls(path, _read_settings(path))

    def with_overrides(
        self,
        *,
        glossary: str | Path | None = None,
        models_dir: str | Path | None = None,
        wrap_width: int | None = None,
        add_location: str | None = None,
        engine_timeout: float | None = None,
        engine_max_response: int | None = None,
    ) -> Project:
        """A copy with command-line overrides, resolved against the working directory as typed."""
        settings = self.settings
        if wrap_width is not None or add_location is not None:
            settings = replace(
                settings,
                wrap_width=settings.wrap_width if wrap_width is None else wrap_width,
                add_location=add_location or settings.add_location,
            )
        if engine_timeout is not None or engine_max_response is not None:
            settings = replace(
                settings,
                engine_timeout=engine_timeout or settings.engine_timeout,
                engine_max_response=engine_max_response or settings.engine_max_response,
            )
        return replace(
            self,
            settings=settings,
            glossary_file=Path(glossary).resolve() if glossary is not None else self.glossary_file,
            models=Path(models_dir).resolve() if models_dir is not None else self.models,
        )

    # The layout --------------------------------------------------------------------------
    @property
    def sources_dir(self) -> Path:
        return self.root / "sources"

    @property
    def locale_dir(self) -> Path:
        return self.root / "locale"

    @property
    def glossary_path(self) -> Path:
        return self.glossary_file or self.root / "glossary.csv"

    @property
    def style_dir(self) -> Path:
        """``style/``: the house style for machine drafts, one ``<lang>.toml`` per target language."""
        return self.root / "style"

    def style_path(self, lang: str) -> Path:
        """``style/<lang>.toml``."""
        return self.style_dir / f"{lang}.toml"

    @property
    def build_dir(self) -> Path:
        return self.root / "build"

    @property
    def state_dir(self) -> Path:
        """Machine-local state, never committed: memory, models, lock."""
        return self.root / ".localise"

    @property
    def memory_path(self) -> Path:
        return self.state_dir / "memory.sqlite"

    @property
    def lock_path(self) -> Path:
        return self.state_dir / "lock"

    @property
    def build_state_path(self) -> Path:
        """What the last build read and wrote (``buildstate``), so the next one does only what changed."""
        return self.state_dir / "build-state.sqlite"

    @property
    def engine_facts_path(self) -> Path:
        """Facts about the installed engines (modes, package versions, probes), kept until packages change."""
        return self.state_dir / "engine-facts.json"

    @property
    def models_dir(self) -> Path:
        """``--models-dir``, else ``$LOCALISE_MODELS_DIR``, else ``models-dir`` setting, else ``.localise/models``.

        The setting and the default must stay inside the project (``confined``); the option and the
        variable are the user's own choice on this machine, and may point anywhere.
        """
        if self.models is not None:
            return self.models
        env = os.environ.get(MODELS_ENV)
        if env:
            return Path(env).resolve()
        if self.settings.models_dir:
            folder = (self.root / self.settings.models_dir).resolve()
            if not folder.is_relative_to(self.root):
                raise ProjectError(
                    f'[tool.localise] models-dir "{self.settings.models_dir}" is outside the project; keep the '
                    f"models in it, or give this machine's folder with --models-dir or {MODELS_ENV}",
                    path=self.display(self.root / "pyproject.toml"),
                )
            return folder
        return self.confined(self.state_dir / "models")

    def pot_path(self, slug: str) -> Path:
        """``locale/<slug>.pot``: the template external platforms (Weblate, Pootle, Crowdin) consume."""
        return self.locale_dir / f"{slug}.pot"

    def catalog_path(self, slug: str, lang: str) -> Path:
        """``locale/<lang>/LC_MESSAGES/<slug>.po``."""
        return self.locale_dir / lang / "LC_MESSAGES" / f"{slug}.po"

    def edition_path(self, slug: str, lang: str, out: Path | None = None) -> Path:
        return (out or self.build_dir) / lang / f"{slug}.html"

    def sources(self) -> list[Path]:
        """Every article file in ``sources/``, sorted and ``confined``; ProjectError when there is none."""
        directory = self.confined(self.sources_dir)
        if not directory.is_dir():
            raise ProjectError(
                "no sources/ folder; put scraped articles in sources/<slug>.fr.txt",
                path=self.display(directory),
            )
        with os.scandir(directory) as found:
            entries = sorted(
                (e for e in found if Path(e.name).suffix.lower() in _SOURCE_SUFFIXES and e.is_file()),
                key=lambda e: e.name,
            )
        if not entries:
            raise ProjectError(
                "no articles in sources/; add a scraped <slug>.fr.txt or .html file",
                path=self.display(directory),
            )
        # In a folder already confined, only a link can lead out: the others need only their name checked.
        shown = self.display(directory)
        return [
            self.confined(directory / e.name)
            if e.is_symlink()
            else self._plainly_named(directory / e.name, f"{shown}/{e.name}")
            for e in entries
        ]

    def catalogs(self) -> list[Path]:
        """Every article catalog under ``locale/``, sorted and ``confined``."""
        return [self.confined(p) for p in sorted(self.confined(self.locale_dir).glob("*/LC_MESSAGES/*.po"))]

    def confined(self, path: str | Path) -> Path:
        """``path``, if reading it reads a file of this project; ProjectError otherwise.

        A file the project names (a source, a catalog, a template, the glossary, the models folder)
        that is a symbolic link out of the project, or lies in a folder that is one, would put a file
        of this machine (``/etc/passwd``) into the catalogs and the editions: it is refused. So is a
        name holding a control or format character (a newline, a bidi override): it would reach a PO
        header, a shell command line or a CI log as something else.
        """
        shown = self.display(path)
        self._plainly_named(path, shown)
        resolved = Path(path).resolve()
        if not resolved.is_relative_to(self.root):
            raise ProjectError(
                f"links outside the project (to {resolved}); copy the file into the project instead",
                path=shown,
            )
        return Path(path)

    def _plainly_named(self, path: Path | str, shown: str | None = None) -> Path:
        """``path``; ProjectError when its name holds a control or format character (see ``confined``)."""
        shown = self.display(path) if shown is None else shown
        odd = next((ch for ch in shown if unicodedata.category(ch) in _UNPRINTABLE), None)
        if odd is not None:
            raise ProjectError(
                f"the file name holds the control character U+{ord(odd):04X}; rename the file",
                path=shown.encode("unicode_escape").decode("ascii"),
            )
        return Path(path)

    def display(self, path: str | Path) -> str:
        """``path`` relative to the project root when inside it (how messages and PO references show it).

        A symbolic link inside the project shows as itself, not as what it points to.
        """
        for candidate in (Path(os.path.abspath(path)), Path(path).resolve()):
            if candidate.is_relative_to(self.root):
                return candidate.relative_to(self.root).as_posix()
        return str(path)


def _read_settings(root: Path) -> Settings:
    table = _localise_table(root / "pyproject.toml")
    return Settings.from_table(table, path=root / "pyproject.toml") if table is not None else Settings()


def _localise_table(pyproject: Path) -> dict[str, Any] | None:
    if not pyproject.is_file():
        return None
    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ProjectError(f"pyproject.toml does not parse ({exc}); fix the TOML", path=pyproject) from exc
    tool = data.get("tool", {})
    table = tool.get("localise") if isinstance(tool, dict) else None
    return table if isinstance(table, dict) else None


def find_project(start: str | Path | None = None) -> Project:
    """The project holding ``start`` (default: the working directory), found by walking up as git does.

    Raises ProjectError when no folder from ``start`` up holds glossary.csv or a ``[tool.localise]`` table.
    """
    here = Path(start if start is not None else os.getcwd()).resolve()
    if here.is_file():
        here = here.parent
    for folder in (here, *here.parents):
        if (folder / "glossary.csv").is_file() or _localise_table(folder / "pyproject.toml") is not None:
            return Project.at(folder)
    raise ProjectError(
        "not inside a localise project (no glossary.csv or [tool.localise] in pyproject.toml here or in any "
        "parent folder); run from the project or pass -C PROJECT_DIR",
        path=str(here),
    )
