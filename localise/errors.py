"""Errors a user can fix: LocaliseError and one subclass per kind of bad input.

Public: LocaliseError, ProjectError, SourceError, GlossaryError, CatalogError, ModelMissing,
EngineUnavailable, OutputError, TranslationIncomplete.

Every error carries the file (and line) it is about and says the fix, so the CLI
can print it as one compiler-style line: ``path:line: message``.
"""

from __future__ import annotations

from pathlib import Path

__all__ = [
    "CatalogError",
    "EngineUnavailable",
    "GlossaryError",
    "LocaliseError",
    "ModelMissing",
    "OutputError",
    "ProjectError",
    "SourceError",
    "TranslationIncomplete",
]


class LocaliseError(Exception):
    """A failure the user can fix; ``str()`` is the one-line message."""

    def __init__(self, message: str, *, path: str | Path | None = None, line: int | None = None):
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line
        super().__init__(self.__str__())

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        return f"{where}{self.message}"


class ProjectError(LocaliseError):
    """No project found, or a broken ``[tool.localise]`` setting or project layout."""


class SourceError(LocaliseError):
    """A source article that cannot be read or holds no content."""


class GlossaryError(LocaliseError):
    """A malformed glossary file or row."""


class CatalogError(LocaliseError):
    """A PO file that does not parse or has a broken header."""


class ModelMissing(LocaliseError):
    """No installed translation model for a language pair."""


class EngineUnavailable(LocaliseError):
    """A translation engine that is not installed here or whose server does not answer."""


class OutputError(LocaliseError):
    """A file that cannot be written (permissions, a file where a folder should be, a full disk)."""


class TranslationIncomplete(LocaliseError):
    """Entries still untranslated or unreviewed when the user required otherwise."""
