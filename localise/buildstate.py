"""What the last build read and wrote, so the next one does only what changed: a cache, never a source of truth.

Public: BuildState, FileKey, Standing, read_keyed(path), key_of(path, data), confirm(path, key), request_key(project,
langs, out), code_fingerprint(), write_if_changed(path, text, ...), unchanged(project, langs, out, translate=...),
pack(value), unpack(blob), pack_text(text), RACY_NS.

The state lives in one SQLite file in the project's state folder (``Project.build_state_path``):
per article, the key of every file its build read or wrote (source, template, catalogs, editions),
its editions' statuses and its ``ArticleSummary`` as plain data; per project, what the build was
asked (``request_key``: languages, output folder, settings, the code that makes the outputs),
the keys of the glossary and the house-style files, and the site pages. Each build commits it in
transactions, so a killed build leaves the state of the articles it finished.

A file's key is its size, mtime, ctime and inode, and a hash of its content. The stat fields are
trusted only when the file was last changed well before the content was hashed (``RACY_NS``, the
"racy" rule git uses): a save in the same clock tick as the hash, with the same size, would
otherwise go unseen. Otherwise, and whenever the stat fields differ, the content is hashed again:
a ``touch`` costs a hash, a save with new content always counts as a change. A missing, corrupt or
foreign-version state file costs a full build, nothing else.

This module is light on purpose (standard library only): ``unchanged`` lets ``localise build``
answer "nothing changed" from the state file and ``stat`` calls before any stage is imported.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import importlib.util
import json
import os
import shutil
import sqlite3
import sys
import time
import zlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from localise.files import write_text_atomic
from localise.locking import project_lock
from localise.project import Project

__all__ = [
    "RACY_NS",
    "BuildState",
    "FileKey",
    "Standing",
    "code_fingerprint",
    "confirm",
    "key_of",
    "pack",
    "pack_text",
    "read_keyed",
    "request_key",
    "unchanged",
    "unpack",
    "write_if_changed",
]

#: The state's layout; a file of another version is discarded (a full build, nothing lost).
_SCHEMA = 1
#: A file changed less than this before its content was hashed may change again unseen by ``stat``
#: (clock ticks, file systems that keep seconds): its content is hashed again next time.
RACY_NS = 2_000_000_000
#: Libraries and tools whose installed version shapes what a build writes (dates and plural forms,
#: pages, catalog parsing, line breaking of the catalogs).
_SHAPING = ("babel", "jinja2", "markupsafe", "polib", "bs4", "rapidfuzz", "num2words", "tzdata")
_TOOLS = ("msgcat", "msgfmt")


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


@dataclass(frozen=True)
class FileKey:
    """What a build knew of a file: its stat fields, the hash of its content, and when that was confirmed.

    ``digest`` None: the content is not known (it changed while it was read), so the file counts
    as changed next time.
    """

    size: int
    mtime: int
    ctime: int
    ino: int
    digest: str | None
    seen: int

    @property
    def trusted(self) -> bool:
        """Whether equal stat fields prove equal content (no change within ``RACY_NS`` of the hash)."""
        return self.digest is not None and max(self.mtime, self.ctime) < self.seen - RACY_NS

    def same_stat(self, st: os.stat_result) -> bool:
        return (self.size, self.mtime, self.ctime, self.ino) == _stat_fields(st)

    def as_json(self) -> list[Any]:
        return [self.size, self.mtime, self.ctime, self.ino, self.digest, self.seen]

    @classmethod
    def from_json(cls, data: Sequence[Any]) -> FileKey:
        size, mtime, ctime, ino, digest, seen = data
        return cls(int(size), int(mtime), int(ctime), int(ino), digest, int(seen))


def _stat_fields(st: os.stat_result) -> tuple[int, int, int, int]:
    return st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino


def _stat(path: str | Path) -> os.stat_result | None:
    try:
        return os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return None


def read_keyed(path: str | Path) -> tuple[bytes | None, FileKey | None]:
    """The file's bytes and their key (None, None when there is no file). OSError propagates."""
    before = _stat(path)
    if before is None:
        return None, None
    seen = time.time_ns()
    try:
        data = Path(path).read_bytes()
    except (FileNotFoundError, NotADirectoryError):
        return None, None
    after = _stat(path)
    stable = after is not None and _stat_fields(before) == _stat_fields(after)
    return data, FileKey(*_stat_fields(before), _digest(data) if stable else None, seen)


def key_of(path: str | Path, data: bytes) -> FileKey | None:
    """The key of ``path`` when it holds ``data`` (what this build just wrote or found there)."""
    seen = time.time_ns()
    st = _stat(path)
    return None if st is None else FileKey(*_stat_fields(st), _digest(data), seen)


def confirm(path: str | Path, key: FileKey | None) -> tuple[bool, FileKey | None]:
    """(whether ``path`` still holds what ``key`` describes, a fresher key for it).

    Equal stat fields are enough for a trusted key; otherwise the content is hashed. ``key`` None
    means the file did not exist: it is unchanged while it still does not.
    """
    st = _stat(path)
    if key is None or st is None:
        return key is None and st is None, None
    if key.trusted and key.same_stat(st):
        return True, key
    if key.digest is None or st.st_size != key.size:
        return False, None
    data, fresh = read_keyed(path)
    if data is None or fresh is None or _digest(data) != key.digest:
        return False, None
    return True, fresh


def write_if_changed(path: str | Path, text: str, *, shown: str | None = None) -> tuple[bool, FileKey | None]:
    """Write ``text`` atomically unless the file already holds it; (whether it was written, its key)."""
    target = Path(path)
    data = text.encode("utf-8")
    st = _stat(target)
    if st is not None and st.st_size == len(data):
        with contextlib.suppress(OSError):
            if target.read_bytes() == data:
                return False, key_of(target, data)
    write_text_atomic(target, text, shown=shown)
    return True, key_of(target, data)


def code_fingerprint() -> str:
    """A digest of the code that shapes a build's outputs: localise's files, the libraries that format
    and parse (their installed files), the gettext tools, Python's version. Worked out on every call
    (a few milliseconds): a long-lived process sees an upgrade, or gettext gone, as a fresh one does."""
    from localise import __version__

    parts = [__version__, sys.version]
    package = Path(__file__).resolve().parent
    for path in sorted(package.rglob("*")):
        if path.suffix in (".py", ".html", ".css", ".toml", ".po") and "__pycache__" not in path.parts:
            st = path.stat()
            parts.append(f"{path.relative_to(package)} {st.st_size} {st.st_mtime_ns}")
    for name in _SHAPING:  # where each is installed, as its real path: a venv reached by a link is the same
        spec = importlib.util.find_spec(name)
        origin = os.path.realpath(spec.origin) if spec is not None and spec.origin else None
        library = _stat(Path(origin)) if origin else None
        parts.append(f"{name} {origin} {library.st_mtime_ns if library else ''}")
    for tool in _TOOLS:
        found = shutil.which(tool)
        program = _stat(Path(os.path.realpath(found))) if found else None
        parts.append(f"{tool} {program.st_size if program else ''} {program.st_mtime_ns if program else ''}")
    return _digest("\n".join(parts).encode("utf-8"))


def request_key(project: Project, langs: Sequence[str], out: Path) -> str:
    """What a build is asked and made with, as one string: equal strings, comparable builds."""
    settings = dataclasses.asdict(project.settings)
    return json.dumps(
        {
            "schema": _SCHEMA,
            "code": code_fingerprint(),
            "settings": settings,
            "langs": list(langs),
            "out": str(out),
            "glossary": str(project.glossary_path),
        },
        sort_keys=True,
        default=list,
    )


@dataclass(frozen=True)
class Standing:
    """What a build that found nothing to do reports: each edition's status, the pages, the notices.

    ``editions`` holds (language, catalog, readiness, what it lacks, machine drafts, suggestions,
    untranslated) in build order.
    """

    langs: tuple[str, ...]
    editions: tuple[tuple[str, str, str, str, int, int, int], ...]
    pages: tuple[str, ...]
    previews: tuple[str, ...]
    notices: tuple[str, ...]


class BuildState:
    """The state file: a few tables in SQLite, opened under the project lock.

    ``meta`` holds JSON values by name; ``articles`` each article's record (``files``: path ->
    key, ``record``: what the report and the next build need, ``summary``: its ArticleSummary as
    data); ``texts`` the folded text a glossary change is tested against; ``memory`` each catalog's
    reviewed entries and untranslated French, for the newsroom's memory.
    """

    def __init__(self, path: Path):
        self.path = path
        self._db = self._open()

    def _open(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        for attempt in range(2):
            try:
                db = sqlite3.connect(self.path, timeout=30)
                version = db.execute("PRAGMA user_version").fetchone()[0]
                if version != _SCHEMA:
                    db.executescript(
                        "DROP TABLE IF EXISTS meta; DROP TABLE IF EXISTS articles; DROP TABLE IF EXISTS texts;"
                        "DROP TABLE IF EXISTS memory;"
                        "CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);"
                        "CREATE TABLE articles (slug TEXT PRIMARY KEY, source TEXT NOT NULL, files TEXT NOT NULL,"
                        " record TEXT NOT NULL, summary TEXT NOT NULL);"
                        "CREATE TABLE texts (slug TEXT PRIMARY KEY, folded BLOB NOT NULL, foreign_letters INTEGER"
                        " NOT NULL);"
                        "CREATE TABLE memory (slug TEXT NOT NULL, lang TEXT NOT NULL, reviewed BLOB NOT NULL,"
                        " untranslated BLOB NOT NULL, PRIMARY KEY (slug, lang));"
                        f"PRAGMA user_version = {_SCHEMA};"
                    )
                    db.commit()
                db.execute("PRAGMA synchronous = NORMAL")
                return db
            except sqlite3.DatabaseError:  # not a database, or damaged: it was only a cache
                with contextlib.suppress(NameError, sqlite3.Error):
                    db.close()
                if attempt:
                    raise
                self.path.unlink(missing_ok=True)
        raise AssertionError("unreachable")  # pragma: no cover

    @classmethod
    @contextlib.contextmanager
    def opened(cls, path: Path) -> Iterator[BuildState]:
        state = cls(path)
        try:
            yield state
        finally:
            state.close()

    def close(self) -> None:
        self._db.close()

    def commit(self) -> None:
        self._db.commit()

    def clear(self) -> None:
        """Forget everything (the next comparison finds every article new)."""
        self._db.executescript(
            "DELETE FROM meta; DELETE FROM articles; DELETE FROM texts; DELETE FROM memory;"
        )

    # Project-wide values ------------------------------------------------------------------
    def get(self, name: str, default: Any = None) -> Any:
        row = self._db.execute("SELECT value FROM meta WHERE name = ?", (name,)).fetchone()
        return json.loads(row[0]) if row is not None else default

    def put(self, name: str, value: Any) -> None:
        self._db.execute(
            "INSERT OR REPLACE INTO meta (name, value) VALUES (?, ?)",
            (name, json.dumps(value, sort_keys=True)),
        )

    def get_keys(self, name: str) -> dict[str, FileKey | None] | None:
        """Files (as shown) and their keys stored under ``name``, in the order stored; None if none were."""
        pairs = self.get(name)
        if pairs is None:
            return None
        return {path: FileKey.from_json(key) if key is not None else None for path, key in pairs}

    def put_keys(self, name: str, keys: Mapping[str, FileKey | None]) -> None:
        self.put(name, [[path, key.as_json() if key is not None else None] for path, key in keys.items()])

    # Articles ------------------------------------------------------------------------------
    def records(self) -> dict[str, tuple[str, dict[str, FileKey | None], dict[str, Any]]]:
        """slug -> (source as shown, path -> key, record) for every article of the last build."""
        found = {}
        for slug, source, files, record in self._db.execute(
            "SELECT slug, source, files, record FROM articles"
        ):
            keys = {
                path: FileKey.from_json(key) if key is not None else None
                for path, key in json.loads(files).items()
            }
            found[slug] = (source, keys, json.loads(record))
        return found

    def summary_text(self, slug: str) -> str | None:
        """The article's summary as stored (JSON text), None when there is none."""
        row = self._db.execute("SELECT summary FROM articles WHERE slug = ?", (slug,)).fetchone()
        return str(row[0]) if row is not None else None

    def summaries(self, slugs: Iterable[str]) -> dict[str, dict[str, Any]]:
        wanted = set(slugs)
        return {
            slug: json.loads(summary)
            for slug, summary in self._db.execute("SELECT slug, summary FROM articles")
            if slug in wanted
        }

    def put_article(
        self,
        slug: str,
        source: str,
        files: Mapping[str, FileKey | None],
        record: Mapping[str, Any],
        summary: str,
    ) -> None:
        """An article's keys and record, and its summary as JSON text (``publish.summary.summary_data``)."""
        self._db.execute(
            "INSERT OR REPLACE INTO articles (slug, source, files, record, summary) VALUES (?, ?, ?, ?, ?)",
            (
                slug,
                source,
                json.dumps({p: k.as_json() if k is not None else None for p, k in files.items()}),
                json.dumps(record, sort_keys=True),
                summary,
            ),
        )

    def update_keys(self, slug: str, files: Mapping[str, FileKey | None]) -> None:
        self._db.execute(
            "UPDATE articles SET files = ? WHERE slug = ?",
            (json.dumps({p: k.as_json() if k is not None else None for p, k in files.items()}), slug),
        )

    def drop_article(self, slug: str) -> None:
        for table in ("articles", "texts", "memory"):
            self._db.execute(f"DELETE FROM {table} WHERE slug = ?", (slug,))

    # What a glossary change is tested against ------------------------------------------------
    def put_text(self, slug: str, folded: bytes, foreign: bool) -> None:
        """The article's folded text as ``pack_text`` made it (in the worker that built the article)."""
        self._db.execute(
            "INSERT OR REPLACE INTO texts (slug, folded, foreign_letters) VALUES (?, ?, ?)",
            (slug, folded, int(foreign)),
        )

    def texts(self) -> Iterator[tuple[str, str, bool]]:
        """(slug, folded text, holds letters outside the Latin script) per article."""
        for slug, folded, foreign in self._db.execute("SELECT slug, folded, foreign_letters FROM texts"):
            yield slug, zlib.decompress(folded).decode("utf-8"), bool(foreign)

    # The newsroom's memory ---------------------------------------------------------------------
    def put_memory(self, slug: str, lang: str, reviewed: bytes, untranslated: bytes) -> None:
        """A catalog's reviewed (msgid, msgstr) pairs and untranslated msgids, each as ``pack`` made it."""
        self._db.execute(
            "INSERT OR REPLACE INTO memory (slug, lang, reviewed, untranslated) VALUES (?, ?, ?, ?)",
            (slug, lang, reviewed, untranslated),
        )

    def memory(self, slug: str, lang: str) -> tuple[list[tuple[str, str]], list[str]] | None:
        """(reviewed (msgid, msgstr) pairs, untranslated msgids) of a catalog, None when not known."""
        row = self._db.execute(
            "SELECT reviewed, untranslated FROM memory WHERE slug = ? AND lang = ?", (slug, lang)
        ).fetchone()
        if row is None:
            return None
        return [(m, s) for m, s in unpack(row[0])], list(unpack(row[1]))


def pack(value: Any) -> bytes:
    """JSON-ready data, compressed, as the state keeps the larger values."""
    return zlib.compress(json.dumps(value, ensure_ascii=False).encode("utf-8"), 1)


def unpack(blob: bytes) -> Any:
    return json.loads(zlib.decompress(blob).decode("utf-8"))


def pack_text(text: str) -> bytes:
    return zlib.compress(text.encode("utf-8"), 1)


def unchanged(project: Project, langs: Sequence[str], out: Path, *, translate: bool) -> Standing | None:
    """The last build's standing when nothing it read or wrote has changed since and it asks for nothing
    new; None when a build has work to do (or the state cannot tell: no state, another request).

    Looks only at the state file and at ``stat`` of the files (a hash where ``stat`` cannot be trusted).
    An article whose machine drafts, suggestions or untranslated entries depend on an engine answers
    None when ``translate`` is on: only the build can ask the engine whether it changed.
    """
    path = project.build_state_path
    if not path.is_file():
        return None
    with (
        project_lock(project.lock_path, shown=project.display(project.lock_path)),
        BuildState.opened(path) as state,
    ):
        if state.get("request") != request_key(project, langs, out):
            return None
        fresher: dict[str, dict[str, FileKey | None]] = {}  # article -> keys a hash confirmed
        project_keys: dict[str, dict[str, FileKey | None]] = {}  # "inputs", "site" -> the same
        inputs = state.get_keys("inputs")
        if inputs is None or not _all_confirmed(project, inputs, project_keys.setdefault("inputs", {})):
            return None
        if state.get("sources") != _source_names(project):
            return None
        records = state.records()
        for slug, (_, keys, record) in records.items():
            if translate and record.get("wants"):
                return None
            if not _all_confirmed(project, keys, fresher.setdefault(slug, {})):
                return None
        site = state.get_keys("site")
        if site is None or not _all_confirmed(project, site, project_keys.setdefault("site", {})):
            return None
        changed = False
        for name, stored in (("inputs", inputs), ("site", site)):
            if project_keys[name]:
                state.put_keys(name, {**stored, **project_keys[name]})
                changed = True
        for slug, keys in fresher.items():
            if keys:
                state.update_keys(slug, {**records[slug][1], **keys})
                changed = True
        if changed:
            state.commit()
        if len(records) != len(state.get("order", ())):
            return None
        outputs = state.get("outputs", {})
        editions = tuple(
            (lang, status["catalog"], status["readiness"], status["shortfall"], status["machine"],
             status["suggestions"], status["untranslated"])
            for slug in state.get("order", [])
            for lang, status in ((lang, records[slug][2]["status"][lang]) for lang in langs)
        )  # fmt: skip
        return Standing(
            tuple(langs),
            editions,
            tuple(outputs.get("pages", ())),
            tuple(outputs.get("previews", ())),
            tuple(state.get("notices", ())),
        )


def _all_confirmed(
    project: Project, keys: Mapping[str, FileKey | None], fresher: dict[str, FileKey | None]
) -> bool:
    """Whether every file of ``keys`` (paths as shown) holds what it held; fresher keys go to ``fresher``."""
    root = str(project.root)
    for shown, key in keys.items():
        same, fresh = confirm(os.path.join(root, shown), key)
        if not same:
            return False
        if fresh is not None and fresh != key:
            fresher[shown] = fresh
    return True


def _source_names(project: Project) -> list[str] | None:
    """The source files as ``Project.sources`` lists them (its suffixes), shown: a listing without a
    ``Path`` per file. Should it ever differ from that method's, the build only takes its full path."""
    folder = project.sources_dir
    try:
        names = sorted(
            entry.name
            for entry in os.scandir(folder)
            if os.path.splitext(entry.name)[1].lower() in (".txt", ".html", ".htm") and entry.is_file()
        )
    except OSError:
        return None
    shown = project.display(folder)
    return [f"{shown}/{name}" for name in names]
