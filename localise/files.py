"""File helpers every stage shares: atomic writes and strict UTF-8 decoding.

Public: write_text_atomic(path, text), decode_utf8(raw, ...).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import LocaliseError, OutputError

__all__ = ["decode_utf8", "write_text_atomic"]


def write_text_atomic(path: str | Path, text: str, *, shown: str | None = None) -> None:
    """Write ``text`` as UTF-8 to a temp file beside ``path``, then rename it over ``path``.

    A reader (or a crash) never sees half a catalog or edition. An OS error becomes an
    OutputError naming ``shown`` (the path as the user sees it).
    """
    target = Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise OutputError(
            f"cannot write here: {exc.strerror or exc}; choose another output path or fix its permissions",
            path=shown or str(target),
        ) from exc
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise OutputError(
            f"cannot write: {exc.strerror or exc}; choose another output path or free some space",
            path=shown or str(target),
        ) from exc
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def decode_utf8(raw: bytes, *, error: type[LocaliseError], path: str, what: str, fix: str) -> str:
    """``raw`` as UTF-8 (a BOM is allowed); otherwise ``error`` at the line of the first bad byte."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise error(
            f"{what} is not UTF-8 (byte 0x{raw[exc.start]:02x}); {fix}", path=path, line=line
        ) from exc
