"""Translation memory: a sqlite table so an unchanged unit is never sent to the engine again.

Public: TranslationMemory, MemoryKey, clear_memory(path).

The memory keeps the engine's text with terms and numbers restored, before the house style, so a
style edit re-styles drafts without translating again. The full engine label is its ``engine``
column: the PO ``# mt:`` line keeps only a hash of it.

Keyed by the normalised source, the language pair, the engine+model version and the
glossary version: a new model or an edited glossary invalidates old machine output.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from localise.errors import OutputError
from localise.text import normalise

__all__ = ["MemoryKey", "TranslationMemory", "clear_memory"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS memory (
    source TEXT NOT NULL,
    source_lang TEXT NOT NULL,
    target_lang TEXT NOT NULL,
    engine TEXT NOT NULL,
    glossary TEXT NOT NULL,
    target TEXT NOT NULL,
    problems TEXT NOT NULL DEFAULT '[]',
    PRIMARY KEY (source, source_lang, target_lang, engine, glossary)
)
"""


@dataclass(frozen=True)
class MemoryKey:
    """Everything a stored translation depends on, except the source text itself."""

    source_lang: str
    target_lang: str
    engine: str
    glossary: str


class TranslationMemory:
    """sqlite-backed memory; ``path=None`` keeps it in memory only (``--no-memory`` uses no memory at all).

    A file that cannot be opened, read or written (a full disk, a damaged file) is an OutputError
    naming ``shown`` (the path as the user sees it) and the way out, never an sqlite traceback; a
    failed write changes nothing (each store is one transaction).
    """

    def __init__(self, path: str | Path | None, *, shown: str | None = None):
        self.path = path
        self.shown = shown or (str(path) if path is not None else ":memory:")
        with self._errors("open"):
            if path is not None:
                Path(path).parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(str(path) if path is not None else ":memory:")
            self._db.execute(_SCHEMA)

    @contextlib.contextmanager
    def _errors(self, doing: str) -> Iterator[None]:
        try:
            yield
        except (sqlite3.Error, OSError) as exc:
            raise OutputError(
                f"cannot {doing} the translation memory ({exc}); free some space, run `localise memory "
                "clear` if the file is damaged, or build with --no-memory",
                path=self.shown,
            ) from exc

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> TranslationMemory:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def lookup(self, sources: Iterable[str], key: MemoryKey) -> dict[str, tuple[str, tuple[str, ...]]]:
        """source -> (translation, problems) for every source the memory holds under ``key``."""
        found: dict[str, tuple[str, tuple[str, ...]]] = {}
        wanted = {normalise(s): s for s in sources}
        keys = list(wanted)
        for start in range(0, len(keys), 500):  # stay under sqlite's bound-parameter limit
            chunk = keys[start : start + 500]
            with self._errors("read"):
                rows = self._db.execute(
                    "SELECT source, target, problems FROM memory WHERE source_lang=? AND target_lang=? "
                    f"AND engine=? AND glossary=? AND source IN ({','.join('?' * len(chunk))})",
                    (key.source_lang, key.target_lang, key.engine, key.glossary, *chunk),
                ).fetchall()
            for source, target, problems in rows:
                found[wanted[source]] = (target, tuple(json.loads(problems)))
        return found

    def outputs(self, sources: Iterable[str], key: MemoryKey) -> dict[str, set[str]]:
        """source -> every translation stored for it under ``key``'s languages and engine, whatever the
        glossary version: what that engine has written for it here."""
        found: dict[str, set[str]] = {}
        wanted = {normalise(s): s for s in sources}
        keys = list(wanted)
        for start in range(0, len(keys), 500):
            chunk = keys[start : start + 500]
            rows = self._db.execute(
                "SELECT source, target FROM memory WHERE source_lang=? AND target_lang=? AND engine=? "
                f"AND source IN ({','.join('?' * len(chunk))})",
                (key.source_lang, key.target_lang, key.engine, *chunk),
            )
            for source, target in rows:
                found.setdefault(wanted[source], set()).add(target)
        return found

    def store(self, items: Sequence[tuple[str, str, Sequence[str]]], key: MemoryKey) -> None:
        """Remember (source, translation, problems) triples under ``key``."""
        with self._errors("write"), self._db:
            self._db.executemany(
                "INSERT OR REPLACE INTO memory VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        normalise(s),
                        key.source_lang,
                        key.target_lang,
                        key.engine,
                        key.glossary,
                        t,
                        json.dumps(list(p)),
                    )
                    for s, t, p in items
                ],
            )

    def clear(self) -> int:
        """Forget everything; returns how many translations were removed."""
        with self._errors("clear"), self._db:
            count = self._db.execute("SELECT COUNT(*) FROM memory").fetchone()[0]
            self._db.execute("DELETE FROM memory")
        return int(count)

    def __len__(self) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM memory").fetchone()[0])


def clear_memory(path: str | Path) -> int:
    """Empty the memory at ``path`` (nothing to do when there is none); returns how many translations went."""
    if not Path(path).exists():
        return 0
    with TranslationMemory(path) as memory:
        return memory.clear()
