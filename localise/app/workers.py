"""The per-article work of a build or a review in forked worker processes: what they share (Job) and
the pool that runs a function over articles (one process when there are few).

Public: Job, Pool.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from localise.glossary.terms import Glossary
from localise.project import Project

__all__ = ["Job", "Pool"]


#: Articles per process below which a pool costs more than it saves.
_ARTICLES_PER_JOB = 4


@dataclass(frozen=True)
class Job:
    """What every article's work in a build shares (a worker process inherits it when forked)."""

    project: Project
    langs: tuple[str, ...]
    out: Path
    glossary: Glossary
    translate: bool
    hint: bool = False


_WORKER_JOB: Job | None = None


def _set_job(job: Job) -> None:
    global _WORKER_JOB
    _WORKER_JOB = job


def _in_worker(task: tuple[Callable[[Job, Any], Any], Any]) -> Any:
    function, item = task
    assert _WORKER_JOB is not None
    return function(_WORKER_JOB, item)


class Pool:
    """The per-article work of a build, in worker processes (forked: they share what the parent read)
    when there are enough articles and the platform forks; in this process otherwise. Results come
    in the order of the items."""

    def __init__(self, job: Job, count: int, jobs: int | None):
        import multiprocessing

        self.job = job
        self.workers = min(jobs or os.cpu_count() or 1, count // _ARTICLES_PER_JOB)
        if "fork" not in multiprocessing.get_all_start_methods():
            self.workers = 1
        self._pool: Any = None

    def map(self, function: Callable[[Job, Any], Any], items: Sequence[Any]) -> Iterator[Any]:
        if self.workers < 2 or len(items) < 2:
            return (function(self.job, item) for item in items)
        if self._pool is None:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            self._pool = ProcessPoolExecutor(
                self.workers,
                mp_context=multiprocessing.get_context("fork"),
                initializer=_set_job,
                initargs=(self.job,),
            )
        return iter(self._pool.map(_in_worker, [(function, item) for item in items]))

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
