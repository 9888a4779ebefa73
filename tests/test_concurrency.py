"""A translator's save during a build is never overwritten; one build at a time per project."""

from __future__ import annotations

import fcntl
import os
import random
import threading
import time
from pathlib import Path

import polib
import pytest

import localise.app.build as pipeline
from localise.app import build_project
from localise.errors import CatalogError, ProjectError
from localise.locking import project_lock
from localise.mt.engines import Engine
from localise.project import Project

SLUG = "trump-putin-alaska-summit"


def _save_like_an_editor(path: Path, index: int, text: str) -> None:
    """A PO editor opens the file, a translator edits one entry, the editor saves (temp file, rename)."""
    po = polib.pofile(str(path))
    entry = [e for e in po if not e.obsolete][index]
    entry.msgstr = text
    if "fuzzy" in entry.flags:
        entry.flags.remove("fuzzy")
    tmp = path.with_suffix(".po~")
    po.save(str(tmp))
    os.replace(tmp, path)


class SavingEngine(Engine):
    """Translates by echo, and while it 'translates' a translator saves the catalog."""

    name = "echo"

    def __init__(self, save):
        self.save = save

    def pairs(self):
        return [("fr", "en")]

    def describe(self, source, target):
        return "echo 1"

    def translate(self, texts, source, target):
        self.save()
        return list(texts)


@pytest.mark.parametrize("round_", range(20))
def test_a_save_in_the_middle_of_a_build_is_kept(project: Path, monkeypatch, round_: int) -> None:
    root = Project.at(project)
    build_project(root, langs=["en"], translate=False, use_memory=False)
    path = root.catalog_path(SLUG, "en")
    mine = f"Translator's text, round {round_}"
    source = project / "sources" / f"{SLUG}.fr.txt"
    # Give the build something to machine-translate, so the save happens during the draft phase.
    source.write_text(
        source.read_text(encoding="utf-8") + f"\nUne phrase nouvelle numéro {round_}.\n", encoding="utf-8"
    )
    if round_ % 2:
        build_project(
            root,
            langs=["en"],
            engine=SavingEngine(lambda: _save_like_an_editor(path, round_, mine)),
            use_memory=False,
        )
    else:  # no MT at all: the save lands between the read and the write phases
        merge = pipeline.merge_catalogs

        def merge_then_save(inputs, templates, langs):
            merged = merge(inputs, templates, langs)
            _save_like_an_editor(path, round_, mine)
            return merged

        monkeypatch.setattr(pipeline, "merge_catalogs", merge_then_save)
        build_project(root, langs=["en"], translate=False, use_memory=False)
    entry = [e for e in polib.pofile(str(path)) if not e.obsolete][round_]
    assert entry.msgstr == mine and not entry.fuzzy
    assert any(e.msgid == f"Une phrase nouvelle numéro {round_}." for e in polib.pofile(str(path)))


def test_saves_racing_builds_at_random_moments_lose_nothing(project: Path) -> None:
    """A translator's editor holds the file in memory and saves it, again and again, while builds run."""
    root = Project.at(project)
    build_project(root, langs=["en"], translate=False, use_memory=False)
    path = root.catalog_path(SLUG, "en")
    saved: dict[int, str] = {}
    done = threading.Event()
    rng = random.Random(14)
    editor = polib.pofile(str(path))  # opened once, as a PO editor does
    live = [e for e in editor if not e.obsolete]

    def translator() -> None:
        n = 0
        while not done.is_set():
            index = rng.randrange(len(live))
            live[index].msgstr = saved[index] = f"edit {n} of entry {index}"
            tmp = path.with_suffix(".po~")
            editor.save(str(tmp))
            os.replace(tmp, path)
            n += 1
            time.sleep(rng.uniform(0, 0.05))

    thread = threading.Thread(target=translator)
    thread.start()
    stopped = 0
    try:
        for _ in range(20):
            try:
                build_project(root, langs=["en"], translate=False, use_memory=False)
            except CatalogError as exc:  # saves faster than a merge: the build may give up, losing nothing
                assert "kept changing while it was being written" in str(exc)
                stopped += 1
    finally:
        done.set()
        thread.join()
    assert stopped < 20
    build_project(root, langs=["en"], translate=False, use_memory=False)
    after = {e.msgid: e.msgstr for e in polib.pofile(str(path)) if not e.obsolete}
    assert len(saved) > 20
    assert all(after[live[i].msgid] == text for i, text in saved.items())


def test_a_second_build_waits_for_the_first(project: Path) -> None:
    root = Project.at(project)
    root.state_dir.mkdir(exist_ok=True)
    handle = os.open(root.lock_path, os.O_RDWR | os.O_CREAT)
    fcntl.flock(handle, fcntl.LOCK_EX)
    with (
        pytest.raises(ProjectError, match="another localise build holds the project lock"),
        project_lock(root.lock_path, timeout=0.2),
    ):
        pass
    threading.Timer(0.3, os.close, [handle]).start()
    started = time.monotonic()
    build_project(root, langs=["en"], translate=False, use_memory=False)
    assert time.monotonic() - started >= 0.25
