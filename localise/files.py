"""File helpers every stage shares: atomic writes (optionally compare-and-swap) and strict UTF-8 decoding.

Public: write_text_atomic(path, text, expected=...), remove_stale_temporaries(folder), ChangedOnDisk, ANY,
decode_utf8(raw, ...).
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import functools
import os
import re
import tempfile
from collections.abc import Callable
from pathlib import Path

from localise.errors import LocaliseError, OutputError

__all__ = ["ANY", "ChangedOnDisk", "decode_utf8", "remove_stale_temporaries", "write_text_atomic"]

#: ``expected=ANY``: overwrite whatever the file holds.
ANY = b"\0any"
#: The temporary file ``write_text_atomic`` writes beside its target: ``.<name>.<8 random>.tmp``.
_TEMPORARY = re.compile(r"\.(?P<name>.+)\.[a-z0-9_]{8}\.tmp")
_RENAME_EXCHANGE = 2  # linux/fs.h


class ChangedOnDisk(Exception):
    """The file on disk is no longer what the caller read: someone saved it in between."""

    def __init__(self, current: bytes | None):
        super().__init__("file changed on disk")
        self.current = current


def write_text_atomic(
    path: str | Path, text: str, *, shown: str | None = None, expected: bytes | None = ANY
) -> None:
    """Write ``text`` as UTF-8 to a temp file beside ``path``, then rename it over ``path``.

    A reader (or a crash) never sees half a catalog or edition. An OS error becomes an
    OutputError naming ``shown`` (the path as the user sees it). With ``expected`` (the bytes
    the caller read; None for no file) the write happens only if the file still holds them,
    else ChangedOnDisk: on Linux the check is an atomic exchange (``renameat2``), so a save
    by another program at the last moment is swapped back, never lost.
    """
    target = Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except (NotADirectoryError, FileExistsError) as exc:
        raise OutputError(
            f"cannot write here: a file stands where a folder should be ({exc.filename}); move it away",
            path=shown or str(target),
        ) from exc
    except OSError as exc:
        raise OutputError(
            f"cannot write here: {exc.strerror or exc}; choose another output path or fix its permissions",
            path=shown or str(target),
        ) from exc
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.chmod(tmp, 0o644)
        if expected == ANY:
            os.replace(tmp, target)
        else:
            _swap_in(Path(tmp), target, expected)
    except BaseException as exc:  # ChangedOnDisk, a full disk, an interrupt: no temporary file left behind
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise OutputError(
                f"cannot write: {exc.strerror or exc}; choose another output path or free some space",
                path=shown or str(target),
            ) from exc
        raise


def remove_stale_temporaries(folder: str | Path, *, below: bool = True) -> list[Path]:
    """Remove the temporary files ``write_text_atomic`` left in ``folder`` (and, with ``below``, in its
    subfolders) when a process was killed between writing one and renaming it; returns them.

    Call it only while holding the lock of whatever writes there (the project lock for a build):
    a temporary file of a write in progress is not stale.
    """
    removed = []
    found = (Path(folder).rglob if below else Path(folder).glob)(".*.tmp") if Path(folder).is_dir() else ()
    for path in found:
        if _TEMPORARY.fullmatch(path.name) and path.is_file() and not path.is_symlink():
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
                removed.append(path)
    return removed


def decode_utf8(raw: bytes, *, error: type[LocaliseError], path: str, what: str, fix: str) -> str:
    """``raw`` as UTF-8 (a BOM is allowed); otherwise ``error`` at the line of the first bad byte."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise error(
            f"{what} is not UTF-8 (byte 0x{raw[exc.start]:02x}); {fix}", path=path, line=line
        ) from exc


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def _swap_in(tmp: Path, target: Path, expected: bytes | None) -> None:
    """Move ``tmp`` to ``target`` only if ``target`` holds ``expected``; ChangedOnDisk otherwise."""
    if expected is None:
        try:
            os.link(tmp, target)  # atomic create: fails if someone made the file meanwhile
        except FileExistsError:
            raise ChangedOnDisk(_read(target)) from None
        tmp.unlink()
        return
    exchange = _exchange()
    if exchange is None or not exchange(tmp, target):
        current = _read(target)  # no atomic exchange here: check, then replace
        if current != expected:
            raise ChangedOnDisk(current)
        os.replace(tmp, target)
        return
    displaced = _read(tmp)
    if displaced == expected:
        tmp.unlink()
        return
    ours = _read(target)
    exchange(tmp, target)  # someone saved meanwhile: put their file back
    if _read(tmp) != ours:
        exchange(tmp, target)  # and they saved again in that instant: their newest save wins
    raise ChangedOnDisk(_read(target))


@functools.cache
def _exchange() -> Callable[[Path, Path], bool] | None:
    """``renameat2(RENAME_EXCHANGE)`` from libc, where the kernel and libc have it."""
    name = ctypes.util.find_library("c")
    libc = ctypes.CDLL(name, use_errno=True) if name else None
    function = getattr(libc, "renameat2", None)
    if function is None:
        return None
    at_fdcwd = -100

    def exchange(a: Path, b: Path) -> bool:
        if function(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), _RENAME_EXCHANGE) == 0:
            return True
        errno = ctypes.get_errno()
        if errno in (38, 22, 95):  # ENOSYS, EINVAL, EOPNOTSUPP: not on this kernel or file system
            return False
        raise OSError(errno, os.strerror(errno), str(b))

    return exchange
