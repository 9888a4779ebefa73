"""Random edit histories of the seed article: a translator's work is never lost, and never kept less than msgmerge keeps it.

Hypothesis generates histories of 20 to 30 steps: the newsroom rewords, inserts, deletes, moves,
duplicates, splits, joins and reverts sentences, changes typography, re-adds what it deleted; in
between, a translator edits entries and saves. After every step the catalog is merged by localise
and, from the same old catalog and a POT of the same step, by GNU msgmerge --previous. Then:

- every translator text the catalog held before the step is still in it (live, suggestion or #~);
- no translator text msgmerge offers in a live entry is only in #~ in ours;
- no reviewed entry whose French did not change was touched;
- the catalog reads back (our strict reader, and msgfmt -c).

Fixed seed and bounded examples, so CI runs the same histories every time.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import polib
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from localise.catalogs.merge import merge_catalog
from localise.catalogs.pofile import read_po, write_po
from localise.catalogs.state import state_of
from localise.catalogs.template import build_template
from localise.model import EntryState
from localise.sources.ingest import parse_text
from localise.sources.units import make_units

pytestmark = pytest.mark.tools
SEED = Path(__file__).resolve().parent.parent / "sources" / "trump-putin-alaska-summit.fr.txt"
SEED_LINES = SEED.read_text(encoding="utf-8").split("\n")
VOCABULARY = sorted({w for line in SEED_LINES for w in re.findall(r"[a-zàâçéèêëîïôûùüÿœ]{4,}", line)})
EDITS = (
    "reword",
    "reword_twice",
    "insert",
    "insert_near_duplicate",
    "delete",
    "move",
    "duplicate",
    "change_one_copy",
    "split",
    "join",
    "revert",
    "readd_reworded",
    "typography",
    "translator",
    "translator",
    "translator",
)
STEP = st.tuples(
    st.sampled_from(EDITS), st.integers(0, 10_000), st.integers(0, 10_000), st.integers(0, 10_000)
)


@dataclass
class History:
    """The article as lines, what was deleted and reworded (for re-adds and reverts), and counters."""

    lines: list[str] = field(default_factory=lambda: list(SEED_LINES))
    deleted: list[str] = field(default_factory=list)
    reworded: list[tuple[str, str]] = field(default_factory=list)  # (before, after)
    kinds: dict[str, int] = field(default_factory=dict)

    def content(self) -> list[int]:
        """Indices of article text lines (not chrome, images, captions' placeholders or the source link)."""
        return [
            i
            for i, line in enumerate(self.lines)
            if len(line) > 30 and not line.startswith(("![", "Source :", "- ", "— ")) and i > 8
        ]

    def pick(self, n: int) -> int:
        lines = self.content()
        return lines[n % len(lines)]


def _reword(line: str, a: int, b: int) -> str:
    words = line.split(" ")
    candidates = [i for i, w in enumerate(words) if re.fullmatch(r"[a-zàâçéèêëîïôûùüÿœ]{3,}", w)]
    if not candidates:
        return line + " Mise à jour."
    words[candidates[a % len(candidates)]] = VOCABULARY[b % len(VOCABULARY)]
    return " ".join(words)


def _apply(history: History, kind: str, a: int, b: int, c: int) -> None:
    before = list(history.lines)
    _edit(history, kind, a, b, c)
    if history.lines != before:  # count the edits that changed the article
        history.kinds[kind] = history.kinds.get(kind, 0) + 1


def _edit(history: History, kind: str, a: int, b: int, c: int) -> None:
    lines = history.lines
    i = history.pick(a)
    if kind in ("reword", "reword_twice", "change_one_copy"):
        if kind == "change_one_copy":
            seen: dict[str, int] = {}
            copies = [j for j in history.content() if seen.setdefault(lines[j], j) != j]
            i = copies[a % len(copies)] if copies else i
        new = _reword(lines[i], b, c)
        if kind == "reword_twice":
            new = _reword(new, c, b + 7)
        history.reworded.append((lines[i], new))
        lines[i] = new
    elif kind == "insert":
        words = [VOCABULARY[(b + k * c) % len(VOCABULARY)] for k in range(8)]
        lines.insert(i, " ".join(words).capitalize() + " pour la rédaction.")
    elif kind == "insert_near_duplicate":
        lines.insert(i + 1, _reword(lines[i], b, c))
    elif kind == "delete":
        history.deleted.append(lines.pop(i))
    elif kind == "move":
        line = lines.pop(i)
        lines.insert(history.pick(b), line)
    elif kind == "duplicate":
        lines.insert(history.pick(b) + 1, lines[i])
    elif kind == "split" and ", " in lines[i]:
        head, tail = lines[i].split(", ", 1)
        lines[i] = f"{head}. {tail[:1].upper()}{tail[1:]}"
    elif kind == "join" and ". " in lines[i].rstrip("."):
        head, tail = lines[i].split(". ", 1)
        lines[i] = f"{head}, {tail[:1].lower()}{tail[1:]}"
    elif kind == "revert" and history.reworded:
        before, after = history.reworded[b % len(history.reworded)]
        if after in lines:
            lines[lines.index(after)] = before
    elif kind == "readd_reworded" and history.deleted:
        lines.insert(i, _reword(history.deleted[b % len(history.deleted)], c, a))
    elif kind == "typography":
        lines[i] = lines[i].replace("'", "’").replace("« ", "«\u00a0").replace(" »", "\u00a0»")


def _units(history: History):
    return make_units(parse_text("\n".join(history.lines), slug="seed", path="sources/seed.fr.txt"))


def _translator_edits(path: Path, step: int, a: int, b: int) -> None:
    """A translator reviews a few entries (writes a text, clears fuzzy) and saves, as a PO editor does."""
    po = read_po(path)
    live = [e for e in po if not e.obsolete]
    for k in range(1 + a % 4):
        entry = live[(b + 37 * k) % len(live)]
        accept = state_of(entry) is EntryState.SUGGESTION and k % 2
        if not accept:
            entry.msgstr = f"T{step}.{k} {entry.msgid[:24]}"
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
        entry.previous_msgid = None
    write_po(po, path)


def _human_texts(po: polib.POFile, *, live_only: bool = False) -> set[str]:
    texts = {e.msgstr for e in po if e.msgstr and (not live_only or not e.obsolete)}
    if not live_only:
        texts |= {line[len("earlier translation: ") :] for e in po for line in e.tcomment.splitlines()
                  if line.startswith("earlier translation: ")}  # fmt: skip
    return texts


def _msgmerge(old: Path, pot: Path) -> polib.POFile:
    out = subprocess.run(
        ["msgmerge", "--previous", "-q", "-o", "-", str(old), str(pot)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return polib.pofile(out)


TOTALS: dict = {"histories": 0, "steps": 0, "kinds": {}, "same_as_msgmerge": 0, "compared": 0}


def run_history(steps: list[tuple[str, int, int, int]], work: Path) -> None:
    """Replay ``steps`` on the seed, asserting the properties after each one."""
    history = History()
    path, pot_path, old_path = work / "en.po", work / "seed.pot", work / "old.po"
    write_po(merge_catalog(None, _units(history), lang="en", slug="seed"), path)
    _translator_edits(path, 0, 3, 11)  # some reviewed text to protect from the start
    for number, (kind, a, b, c) in enumerate(steps, start=1):
        if kind == "translator":
            _translator_edits(path, number, a, b)
            history.kinds["translator"] = history.kinds.get("translator", 0) + 1
            continue
        _apply(history, kind, a, b, c)
        old = read_po(path)
        shutil.copy(path, old_path)
        units = _units(history)
        write_po(build_template(units, slug="seed", langs=("en",)), pot_path)
        new = merge_catalog(old, units, lang="en", slug="seed")
        write_po(new, path)
        ours = read_po(path)  # reads back with our strict reader…
        subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(path)], check=True)  # …and msgfmt's
        where = f"step {number} ({kind})"
        lost = _human_texts(old) - _human_texts(ours)
        assert not lost, f"{where}: translator text lost: {sorted(lost)[:3]}"
        theirs = _msgmerge(old_path, pot_path)
        buried = _human_texts(theirs, live_only=True) - _human_texts(ours, live_only=True)
        assert not buried, f"{where}: msgmerge offers live what we keep only in #~: {sorted(buried)[:3]}"
        mine = {e.msgid: e.msgstr for e in ours if not e.obsolete}
        offered = [(e.msgid, e.msgstr) for e in theirs if not e.obsolete and e.msgstr]
        TOTALS["compared"] += len(offered)
        TOTALS["same_as_msgmerge"] += sum(1 for msgid, text in offered if mine.get(msgid) == text)
        before = {e.msgid: e for e in old if not e.obsolete and state_of(e) is EntryState.REVIEWED}
        for entry in ours:
            kept = before.get(entry.msgid)
            if kept is not None and not entry.obsolete:
                assert (entry.msgstr, entry.tcomment, entry.fuzzy) == (kept.msgstr, kept.tcomment, False), (
                    where
                )
    TOTALS["histories"] += 1
    TOTALS["steps"] += len(steps)
    for kind, n in history.kinds.items():
        TOTALS["kinds"][kind] = TOTALS["kinds"].get(kind, 0) + n


@settings(
    max_examples=int(os.environ.get("LOCALISE_HISTORIES", "12")),
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(steps=st.lists(STEP, min_size=20, max_size=30))
def test_random_edit_histories_keep_every_translator_text(steps, tmp_path_factory) -> None:
    assert shutil.which("msgmerge"), "GNU gettext is needed (.ci/run installs it)"
    run_history(steps, tmp_path_factory.mktemp("history"))


def test_zz_report_what_the_histories_covered(capsys) -> None:
    """Prints (with -s) how many histories and steps ran, by edit kind; fails if a kind never ran."""
    if not TOTALS["histories"]:
        pytest.skip("run together with the property test")
    print(f"\nhistories: {TOTALS['histories']}, steps: {TOTALS['steps']}, by kind: {TOTALS['kinds']}")
    print(
        f"entries msgmerge filled, where ours holds the same text: {TOTALS['same_as_msgmerge']}/{TOTALS['compared']}"
    )
    assert set(TOTALS["kinds"]) >= set(EDITS)
