"""Machine-translation engines behind one protocol.

Public: Engine, ArgosEngine, DEFAULT_THREADS, argos_translate_each.

``base`` holds the protocol; each engine is a module of its own (``argos``). Package
management for argos models is not here but in ``localise.models``.
"""

from __future__ import annotations

from .argos import DEFAULT_THREADS, ArgosEngine, argos_translate_each
from .base import Engine

__all__ = ["DEFAULT_THREADS", "ArgosEngine", "Engine", "argos_translate_each"]
