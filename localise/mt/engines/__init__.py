"""Machine-translation engines behind one protocol, and which one translates which language.

Public: Engine, ArgosEngine, ApertiumEngine, ApyEngine, LibreTranslateEngine, DEFAULT_THREADS,
argos_translate_each, ENGINE_NAMES, engines_for, engine_status, make_engine.

``base`` holds the protocol; each engine is a module of its own (``argos``, ``apertium``,
``apy``, ``ltclient`` for LibreTranslate; the server engines share ``_http``); ``registry`` picks the engine
per target language. Package management for argos models is not here but in ``localise.mt.engines.argos_packages``.
Nothing heavy is imported until an engine translates, and an engine's module only when its name
is first used: every command's start-up (`localise check`, `--help`) reads the registry's names.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from localise.mt.engines.base import Engine
from localise.mt.engines.registry import ENGINE_NAMES, engine_status, engines_for, make_engine

if TYPE_CHECKING:
    from localise.mt.engines.apertium import ApertiumEngine
    from localise.mt.engines.apy import ApyEngine
    from localise.mt.engines.argos import DEFAULT_THREADS, ArgosEngine, argos_translate_each
    from localise.mt.engines.ltclient import LibreTranslateEngine

_LAZY = {
    "ApertiumEngine": ".apertium",
    "ApyEngine": ".apy",
    "ArgosEngine": ".argos",
    "DEFAULT_THREADS": ".argos",
    "argos_translate_each": ".argos",
    "LibreTranslateEngine": ".ltclient",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(module, __name__), name)


__all__ = [
    "DEFAULT_THREADS",
    "ENGINE_NAMES",
    "ApertiumEngine",
    "ApyEngine",
    "ArgosEngine",
    "Engine",
    "LibreTranslateEngine",
    "argos_translate_each",
    "engine_status",
    "engines_for",
    "make_engine",
]
