"""The apertium engine: Debian's rule-based Apertium, a whole article per process call per hop.

Public: ApertiumEngine, ANCHORS, PIVOTS, apertium_code(lang), iso_code(code), debian_packages(source, target),
verified_anchors(translate), anchor_chooser(anchors), pivot_route(pairs, source, target),
missing_pair_message(source, target, where) (shared with the APy engine).

Apertium's translation directions ("modes": ``fr-es``, ``spa-eng``) are listed by
``apertium -l``. French→English has no direct Debian pair, so the engine chains two modes
through the best installed pivot (Spanish first, then Catalan, then Esperanto: that order
is measured quality, see BENCHMARKS.md). Every hop is one ``apertium -u MODE`` process for
the whole batch: blocks separated by blank lines come back in the same number (checked;
a batch that does not is split in halves until it does). Pipeline start-up costs a fixed
time per call, so sentences are never sent one by one.

A target language whose house style asks for a regional spelling (``spelling = "US"`` in
``style/en.toml``) takes the variant mode of its last hop where one is installed (``spa-eng_US``
writes "center", "neighborhoods"); the label, and so the drafts' provenance, names the mode used.

Facts that change only when packages do (the modes ``apertium -l`` lists, the Debian versions of
``apertium`` and of each mode's package, the anchors each route writes back) are kept in ``facts``
(``Project.engine_facts_path``) against the stat of the executable, of dpkg's status file and of the
modes folder and its files: a build pays for them once per installation, not once per run.

Masking: a glossary term replaced by ``[n]`` loses its proper-noun handling in Apertium
("à [n]" → "to", "l'[n]" → "the [n]", "M. [n] a dit" → "M. [n] it has said"). The engine
therefore masks each term with an *anchor*: a word Apertium knows as the same kind of name
(a person, a place, an institution; a common noun for titles) and writes back unchanged,
verified on the installed pairs before use. See ``placeholders``.
"""

from __future__ import annotations

import contextlib
import functools
import json
import re
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from localise.errors import EngineUnavailable, LocaliseError, ModelMissing
from localise.files import write_text_atomic
from localise.mt.engines.base import Engine
from localise.mt.protect import PlaceholderChooser, PlaceholderRequest

__all__ = [
    "ANCHORS",
    "PIVOTS",
    "ApertiumEngine",
    "anchor_chooser",
    "apertium_code",
    "debian_packages",
    "iso_code",
    "missing_pair_message",
    "pivot_route",
    "verified_anchors",
]

#: Pivot languages in order of preference (chrF on the seed references, BENCHMARKS.md).
PIVOTS = ("es", "ca", "eo")

#: ISO 639-1 (what localise uses) to the ISO 639-3 codes newer Apertium pairs use.
_ISO3 = {
    "ar": "ara", "ca": "cat", "cy": "cym", "da": "dan", "de": "deu", "en": "eng", "eo": "epo",
    "es": "spa", "eu": "eus", "fr": "fra", "gl": "glg", "it": "ita", "nb": "nob", "nl": "nld",
    "nn": "nno", "oc": "oci", "pt": "por", "ro": "ron", "sv": "swe", "vi": "vie",
}  # fmt: skip
_ISO1 = {v: k for k, v in _ISO3.items()}

#: The Debian package that ships each mode on the routes localise uses, for the install hint.
_KNOWN_PACKAGES = {
    ("fr", "es"): "apertium-fr-es",
    ("es", "en"): "apertium-eng-spa",
    ("fr", "ca"): "apertium-fra-cat",
    ("ca", "en"): "apertium-eng-cat",
    ("fr", "eo"): "apertium-eo-fr",
    ("eo", "en"): "apertium-eo-en",
}

#: Anchor words by glossary kind: names Apertium's fr→es→en data analyses as that kind of
#: proper noun (np<ant>, np<loc>, np<al>) or as a masculine common noun (titles), and writes
#: back unchanged. "place-plural" is used after les/des/aux (États-Unis): words Apertium does
#: not know keep the English article, as the plural country names it knows do. Upper-case
#: acronyms are left out: Apertium reads "Selon NASA" as "As NASA".
ANCHORS: dict[str, tuple[str, ...]] = {
    "person": (
        "Dupont", "Lambert", "Garnier", "Bernard", "Kennedy", "Reagan", "Clinton", "Obama",
        "Merkel", "Gandhi", "Picasso", "Mozart", "Beethoven", "Shakespeare", "Martin",
    ),
    "place": (
        "Oslo", "Ottawa", "Osaka", "Iowa", "Arizona", "Boston", "Chicago", "Houston", "Toronto",
        "Hawaii", "Madrid", "Tokyo", "Dublin", "Cuba", "Panama",
    ),
    "place-plural": ("Kouriles", "Mascareignes", "Aléoutiennes", "Galápagos", "Shetland", "Émirats"),
    "institution": (
        "Interpol", "Google", "Microsoft", "Ikea", "Toyota", "Airbus", "Boeing", "Peugeot",
        "Fiat", "Nokia", "Sony", "Facebook", "Gazprom",
    ),
    "title": ("piano", "taxi", "casino", "radar", "robot", "kayak", "laser", "tennis", "jazz"),
}  # fmt: skip
_KIND_ANCHORS = {"org": "institution", "other": "institution"}
_PLURAL_BEFORE = re.compile(r"(?:^|\W)(?:les|des|aux)\s*$", re.IGNORECASE)
_PLAIN_MODE = re.compile(r"^([a-z]{2,3})-([a-z]{2,3})$")
#: Where dpkg records what is installed: any package installed, upgraded or removed changes it.
_DPKG_STATUS = Path("/var/lib/dpkg/status")
_VARIANT_MODE = re.compile(r"^([a-z]{2,3})-([a-z]{2,3})_([A-Za-z]+)$")
_BLOCKS = re.compile(r"\n[ \t]*\n")


def apertium_code(lang: str) -> str:
    """``fr`` → ``fra``: the ISO 639-3 code APy and newer pairs use (unknown codes unchanged)."""
    return _ISO3.get(lang, lang)


def iso_code(code: str) -> str:
    """``fra`` or ``fr`` → ``fr``: the code localise uses."""
    return _ISO1.get(code, code)


def pivot_route(
    pairs: set[tuple[str, str]], source: str, target: str, pivots: Sequence[str] = PIVOTS
) -> list[tuple[str, str]] | None:
    """The hops for ``source``→``target`` among ``pairs``: direct, else through the first pivot that
    has both hops (``pivots`` first, then any other), else None."""
    if (source, target) in pairs:
        return [(source, target)]
    others = sorted({t for s, t in pairs if s == source} - set(pivots))
    for pivot in (*pivots, *others):
        if (source, pivot) in pairs and (pivot, target) in pairs:
            return [(source, pivot), (pivot, target)]
    return None


def missing_pair_message(source: str, target: str, where: str) -> str:
    """One line: no Apertium pair ``where``, and what to install (or to route elsewhere)."""
    if "vi" in (source, target):
        return (
            f"Apertium has no pair for Vietnamese ({source}→{target}); route {target} to argos "
            f'([tool.localise.routes] {target} = "argos") and install an argos model'
        )
    return f"no Apertium pair for {source}→{target} {where}; {debian_packages(source, target)}"


def debian_packages(source: str, target: str) -> str:
    """The ``apt-get install`` line that gives Apertium a ``source``→``target`` route."""
    options = []
    for pivot in PIVOTS:
        first, second = _KNOWN_PACKAGES.get((source, pivot)), _KNOWN_PACKAGES.get((pivot, target))
        if first and second:
            options.append(f"{first} {second}")
    if not options:
        return f"apt-get install apertium apertium-{source}-{target} (see `apt-cache search apertium-`)"
    return "apt-get install apertium " + options[0] + "".join(f" (or {o})" for o in options[1:])


@dataclass(frozen=True)
class _Mode:
    name: str  # "fr-es", "spa-eng"
    source: str  # ISO 639-1
    target: str


def _dpkg_version(package: str) -> str | None:
    try:
        done = subprocess.run(
            ["dpkg-query", "-W", "-f=${Version}", package], capture_output=True, text=True, timeout=30
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return (done.stdout.strip() or None) if done.returncode == 0 else None


def _dpkg_owner(path: Path) -> str | None:
    try:
        done = subprocess.run(["dpkg", "-S", str(path)], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    if done.returncode != 0 or ":" not in done.stdout:
        return None
    return done.stdout.split(":", 1)[0].strip() or None


class ApertiumEngine(Engine):
    """Apertium through its command line: one process per hop for a whole list of sentences.

    ``command`` is the ``apertium`` executable; ``pivots`` the pivot languages to try, in order,
    when no direct mode exists. ``variants`` maps a target language to the regional variant its
    house style asks for (``{"en": "US"}``: ``spa-eng_US`` for the last hop where installed).
    ``on_batch(label, n_texts)`` is called before each process call. ``facts``: a JSON file where what
    is found about the installation is kept until it changes (None: found again by every engine).
    """

    name = "apertium"

    def __init__(
        self,
        *,
        command: str = "apertium",
        pivots: Sequence[str] = PIVOTS,
        timeout: float = 600.0,
        on_batch: Callable[[str, int], None] | None = None,
        variants: Mapping[str, str] | None = None,
        facts: Path | None = None,
    ):
        self.command = command
        self.variants = dict(variants or {})
        self._variant_modes: dict[tuple[str, str, str], _Mode] = {}
        self.pivots = tuple(pivots)
        self.timeout = timeout
        self.on_batch = on_batch
        self._modes: dict[tuple[str, str], _Mode] | None = None
        self._anchors: dict[tuple[str, str], dict[str, tuple[str, ...]]] = {}
        self._facts_path = facts
        self._facts: dict[str, Any] | None = None

    # Facts kept between runs ------------------------------------------------------------
    def _installation(self) -> str:
        """What the facts depend on: the executable, dpkg's status, the modes folder and its files (stat)."""
        executable = Path(self.executable()).resolve()
        modes = executable.parent.parent / "share" / "apertium" / "modes"
        parts = [str(executable)]
        files = [executable, _DPKG_STATUS, modes]
        if modes.is_dir():
            files += sorted(modes.iterdir())
        for path in files:
            try:
                st = path.stat()
            except OSError:
                parts.append(f"{path} -")
                continue
            parts.append(f"{path} {st.st_size} {st.st_mtime_ns} {st.st_ino}")
        return "\n".join(parts)

    def _known(self) -> dict[str, Any]:
        """The facts kept for this installation (empty when there are none yet, or it changed since)."""
        if self._facts is None:
            self._facts = {}
            if self._facts_path is not None:
                with contextlib.suppress(OSError, ValueError):
                    stored = json.loads(self._facts_path.read_text(encoding="utf-8"))
                    if isinstance(stored, dict) and stored.get("installation") == self._installation():
                        self._facts = dict(stored.get("facts", {}))
        return self._facts

    def _remember(self, name: str, value: Any) -> Any:
        facts = self._known()
        facts[name] = value
        if self._facts_path is not None:
            data = {"installation": self._installation(), "facts": facts}
            with contextlib.suppress(LocaliseError):  # a cache: a read-only folder only costs time
                write_text_atomic(self._facts_path, json.dumps(data, ensure_ascii=False, indent=1))
        return value

    # What is installed ----------------------------------------------------------------
    def executable(self) -> str:
        """The path of ``apertium``; EngineUnavailable with the install line when it is absent."""
        found = shutil.which(self.command)
        if found is None:
            raise EngineUnavailable(
                f"Apertium is not installed ({self.command} not found); "
                "apt-get install apertium apertium-fr-es apertium-eng-spa"
            )
        return found

    def modes(self) -> dict[tuple[str, str], _Mode]:
        """Installed plain translation modes by (source, target), from ``apertium -l``.

        Variants (``eng-cat_valencia``), debug and alternative modes (``en-eo-bytecode``) are left out.
        """
        if self._modes is None:
            listed = self._known().get("modes")
            if not isinstance(listed, str):
                try:
                    done = subprocess.run(
                        [self.executable(), "-l"], capture_output=True, text=True, timeout=60, check=True
                    )
                except (OSError, subprocess.SubprocessError) as exc:
                    raise EngineUnavailable(
                        f"`{self.command} -l` failed ({exc}); reinstall apertium"
                    ) from exc
                listed = self._remember("modes", done.stdout)
            modes: dict[tuple[str, str], _Mode] = {}
            for line in listed.split():
                m = _PLAIN_MODE.match(line.strip())
                if m:
                    mode = _Mode(line.strip(), iso_code(m.group(1)), iso_code(m.group(2)))
                    modes.setdefault((mode.source, mode.target), mode)
                elif v := _VARIANT_MODE.match(line.strip()):
                    mode = _Mode(line.strip(), iso_code(v.group(1)), iso_code(v.group(2)))
                    self._variant_modes.setdefault((mode.source, mode.target, v.group(3).upper()), mode)
            self._modes = modes
        return self._modes

    def route(self, source: str, target: str) -> list[_Mode]:
        """The modes for a pair: direct when installed, else through the first installed pivot.

        ModelMissing names the Debian packages to install when there is none.
        """
        modes = self.modes()
        hops = pivot_route(set(modes), source, target, self.pivots)
        if hops is None:
            raise ModelMissing(missing_pair_message(source, target, "here"))
        route = [modes[hop] for hop in hops]
        variant = self.variants.get(target)
        if variant is not None:  # the house style's spelling, where the last hop has that variant
            last = route[-1]
            route[-1] = self._variant_modes.get((last.source, last.target, variant.upper()), last)
        return route

    def pairs(self) -> list[tuple[str, str]]:
        """Every (source, target) an installed mode serves, directly or through one pivot."""
        modes = self.modes()
        pivoted = {(s, t) for s, p in modes for p2, t in modes if p2 == p and t != s}
        return sorted(set(modes) | pivoted)

    def describe(self, source: str, target: str) -> str:
        """``apertium 3.8.3-1+b2 fr-es (apertium-fr-es 0.9.4-1) + spa-eng (apertium-eng-spa 0.8.1-2)``."""
        return f"{self.name} {self.version()} " + " + ".join(
            f"{mode.name} ({self._package_label(mode.name)})" for mode in self.route(source, target)
        )

    @functools.cache  # noqa: B019 - one engine per run; the answer does not change during it
    def version(self) -> str:
        """The Debian version of the ``apertium`` package, ``local`` for a build of its own."""
        known = self._known().get("version")
        if isinstance(known, str):
            return known
        return str(self._remember("version", _dpkg_version("apertium") or "local"))

    @functools.cache  # noqa: B019 - as above
    def _package_label(self, mode: str) -> str:
        labels = dict(self._known().get("packages", {}))
        if isinstance(labels.get(mode), str):
            return str(labels[mode])
        executable = Path(self.executable()).resolve()
        mode_file = executable.parent.parent / "share" / "apertium" / "modes" / f"{mode}.mode"
        package = _dpkg_owner(mode_file)
        version = _dpkg_version(package) if package else None
        labels[mode] = f"{package} {version}" if package and version else "local build"
        self._remember("packages", labels)
        return str(labels[mode])

    # Translation ----------------------------------------------------------------------
    def translate(self, texts: Sequence[str], source: str, target: str) -> list[str]:
        """Each text translated; one ``apertium`` process per hop for the whole list."""
        route = self.route(source, target)
        out = [""] * len(texts)
        todo = [(i, " ".join(t.split())) for i, t in enumerate(texts) if t.strip()]
        if todo:
            label = " + ".join(mode.name for mode in route)
            for (i, _), value in zip(todo, self._run(route, [t for _, t in todo], label), strict=True):
                out[i] = value
        return out

    def _run(self, route: Sequence[_Mode], texts: list[str], label: str) -> list[str]:
        """Translate blank-line separated blocks; split the batch in halves if the count drifts."""
        if self.on_batch is not None:
            self.on_batch(label, len(texts))
        blocks = _BLOCKS.split(self._pipe(route, "\n\n".join(texts) + "\n").strip())
        if len(blocks) == len(texts):
            return [" ".join(b.split()) for b in blocks]
        if len(texts) == 1:  # one sentence came back as several blocks: it is still one sentence
            return [" ".join(" ".join(blocks).split())]
        half = len(texts) // 2
        return self._run(route, texts[:half], label) + self._run(route, texts[half:], label)

    def _pipe(self, route: Sequence[_Mode], data: str) -> str:
        """``apertium -u MODE1 | apertium -u MODE2 …``: the hops run concurrently, as in a shell pipe."""
        executable = self.executable()
        procs: list[subprocess.Popen[bytes]] = []
        with contextlib.ExitStack() as stack:
            errors = [stack.enter_context(tempfile.TemporaryFile()) for _ in route]
            try:
                for n, mode in enumerate(route):
                    procs.append(
                        subprocess.Popen(
                            [executable, "-u", mode.name],
                            stdin=subprocess.PIPE if n == 0 else procs[-1].stdout,
                            stdout=subprocess.PIPE,
                            stderr=errors[n],
                        )
                    )
                    previous = procs[-2].stdout if n > 0 else None
                    if previous is not None:
                        previous.close()  # the next process owns it now
                # The last process's output is read while a thread feeds the first: no pipe fills up.
                feeder = threading.Thread(target=_feed, args=(procs[0], data.encode("utf-8")), daemon=True)
                feeder.start()
                output, _ = procs[-1].communicate(timeout=self.timeout)
                feeder.join(self.timeout)
                for proc in procs:
                    proc.wait(timeout=self.timeout)
            except subprocess.TimeoutExpired as exc:
                raise EngineUnavailable(
                    f"Apertium took longer than {self.timeout:.0f} s on {len(data)} characters; "
                    "check `apertium -l` and the pair's installation"
                ) from exc
            finally:
                for proc in procs:
                    if proc.poll() is None:
                        proc.kill()
                        proc.wait()
            for mode, proc, err in zip(route, procs, errors, strict=True):
                if proc.returncode != 0:
                    err.seek(0)
                    lines = err.read().decode("utf-8", "replace").strip().splitlines()
                    raise EngineUnavailable(
                        f"`apertium -u {mode.name}` failed (exit {proc.returncode}: "
                        f"{lines[-1] if lines else 'no message'}); reinstall {self._package_label(mode.name)}"
                    )
        return output.decode("utf-8", "replace")

    # Masking --------------------------------------------------------------------------
    def placeholders(self, source: str, target: str) -> PlaceholderChooser | None:
        """Anchor words in place of ``[n]``, so Apertium keeps its proper-noun grammar around terms.

        The anchors are checked once per pair (one process call): only those the installed pairs
        write back unchanged are used; a kind with none left falls back to ``[n]``.
        """
        if (source, target) not in self._anchors:
            route = " + ".join(mode.name for mode in self.route(source, target))
            probed = dict(self._known().get("anchors", {}))
            found = probed.get(route)
            if not isinstance(found, dict):
                found = verified_anchors(lambda words: self.translate(words, source, target))
                probed[route] = {kind: list(words) for kind, words in found.items()}
                self._remember("anchors", probed)
            self._anchors[(source, target)] = {kind: tuple(words) for kind, words in found.items()}
        return anchor_chooser(self._anchors[(source, target)])


def verified_anchors(translate: Callable[[list[str]], list[str]]) -> dict[str, tuple[str, ...]]:
    """The ANCHORS that ``translate`` (one batch) writes back unchanged, by kind."""
    words = [w for kind in ANCHORS.values() for w in kind]
    back = dict(zip(words, translate(words), strict=True))
    return {
        kind: tuple(w for w in kind_words if back[w].strip(" .#*@").casefold() == w.casefold())
        for kind, kind_words in ANCHORS.items()
    }


def anchor_chooser(anchors: dict[str, tuple[str, ...]]) -> PlaceholderChooser:
    """A ``mt.protect.mask`` placeholder chooser: an anchor of the term's kind, ``[n]`` when there is none."""

    def choose(request: PlaceholderRequest) -> str:
        kind = _KIND_ANCHORS.get(request.kind, request.kind)
        if kind == "place" and _PLURAL_BEFORE.search(request.before):
            kind = "place-plural"
        words = anchors.get(kind, ())
        # The glossary asks again with the next number when a word is taken or in the sentence.
        return words[(request.number - 1) % len(words)] if words else f"[{request.number}]"

    return choose


def _feed(proc: subprocess.Popen[bytes], data: bytes) -> None:
    """Write ``data`` to the process's stdin and close it; a process that died says why by its exit code."""
    stdin = proc.stdin
    assert stdin is not None
    with contextlib.suppress(BrokenPipeError):
        stdin.write(data)
    with contextlib.suppress(BrokenPipeError):
        stdin.close()
