"""One build at a time per project: an advisory lock file in the project's state folder.

Public: project_lock(path, *, timeout).

``fcntl.flock`` on ``.localise/lock``: the kernel releases it when the process ends, so a
killed build never leaves a stale lock. A second build waits for the first, up to
``timeout`` seconds, then stops with a one-line error.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from localise.errors import ProjectError

__all__ = ["project_lock"]


@contextmanager
def project_lock(path: Path, *, timeout: float = 60.0, shown: str | None = None) -> Iterator[None]:
    """Hold the lock at ``path`` for the duration of the ``with`` block."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise ProjectError(
            f"cannot create the build lock: {exc.strerror}; check the folder's permissions",
            path=shown or str(path),
        ) from exc
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise ProjectError(
                        f"another localise build holds the project lock after {timeout:.0f} s; "
                        "wait for it to finish and build again",
                        path=shown or str(path),
                    ) from None
                time.sleep(0.05)
        with contextlib.suppress(OSError):  # the pid is for people; a full disk must not stop the build here
            os.ftruncate(handle, 0)
            os.write(handle, f"{os.getpid()}\n".encode())
        yield
    finally:
        os.close(handle)  # closing releases the lock
