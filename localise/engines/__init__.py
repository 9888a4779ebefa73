"""Machine-translation engines behind one protocol, and which one translates which language.

Public: Engine, ArgosEngine, ApertiumEngine, ApyEngine, LibreTranslateEngine, DEFAULT_THREADS,
argos_translate_each, ENGINE_NAMES, engines_for, engine_status, make_engine.

``base`` holds the protocol; each engine is a module of its own (``argos``, ``apertium``,
``apy``, ``libretranslate``; the server engines share ``_http``); ``registry`` picks the engine
per target language. Package management for argos models is not here but in ``localise.models``.
Nothing heavy is imported until an engine translates.
"""

from __future__ import annotations

from .apertium import ApertiumEngine
from .apy import ApyEngine
from .argos import DEFAULT_THREADS, ArgosEngine, argos_translate_each
from .base import Engine
from .libretranslate import LibreTranslateEngine
from .registry import ENGINE_NAMES, engine_status, engines_for, make_engine

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
