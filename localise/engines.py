"""Machine translation engines behind one protocol, and argostranslate model management.

Public: Engine, ArgosEngine, models_dir(explicit), prepare_argos_environment(models_dir),
list_models(models_dir), install_model(path, models_dir), install_from_index(pairs, models_dir),
remove_model(name, models_dir), ModelInfo, PIVOT, DEFAULT_THREADS.

The argos engine loads argostranslate packages (``.argosmodel``) from a models
directory and translates a whole batch in one CTranslate2 call per hop, with the
package's own tokenizer. Units are already sentences, so argostranslate's
sentence splitter (which would download a model) is never used. Heavy imports
(ctranslate2, argostranslate.translate -> stanza -> torch) happen only when a
translation is requested.
"""

from __future__ import annotations

import json
import os
import shutil
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from .errors import ModelMissing

if TYPE_CHECKING:  # pragma: no cover
    from argostranslate.package import Package

__all__ = [
    "DEFAULT_THREADS",
    "PIVOT",
    "ArgosEngine",
    "Engine",
    "ModelInfo",
    "argos_translate_each",
    "install_from_index",
    "install_model",
    "list_models",
    "models_dir",
    "prepare_argos_environment",
    "remove_model",
]

PIVOT = "en"
#: Measured on the 2-core machines (see BENCHMARKS.md): 2 parallel batches of 1 thread each
#: beat 1 batch on 2 threads for whole-article batches.
DEFAULT_THREADS = {"inter_threads": 2, "intra_threads": 1}
MODELS_ENV = "LOCALISE_MODELS_DIR"
_DEFAULT_MODELS_DIR = Path(".localise") / "models"


class Engine(Protocol):
    """A batched translator: one call per list of sentences."""

    name: str

    def translate(self, texts: Sequence[str], source: str, target: str) -> list[str]:
        """Translate every text from ``source`` to ``target``; same length and order as ``texts``."""
        ...

    def describe(self, source: str, target: str) -> str:
        """Engine, model and version for the PO ``mt:`` comment and the memory key."""
        ...


def models_dir(explicit: str | Path | None = None) -> Path:
    """The models directory: ``explicit``, else ``$LOCALISE_MODELS_DIR``, else ``.localise/models``."""
    if explicit:
        return Path(explicit)
    env = os.environ.get(MODELS_ENV)
    return Path(env) if env else _DEFAULT_MODELS_DIR


def prepare_argos_environment(directory: Path) -> None:
    """Point argostranslate at ``directory`` before it is imported (it reads these once, at import).

    Its data, cache and config directories go beside the packages unless the caller
    already chose them, so nothing is written to the home directory.
    """
    directory = directory.resolve()
    directory.mkdir(parents=True, exist_ok=True)
    os.environ["ARGOS_PACKAGES_DIR"] = str(directory)
    state = directory.parent / ".argos"
    for var, sub in (("XDG_DATA_HOME", "data"), ("XDG_CACHE_HOME", "cache"), ("XDG_CONFIG_HOME", "config")):
        os.environ.setdefault(var, str(state / sub))
    import sys

    settings = sys.modules.get("argostranslate.settings")
    if settings is not None:  # already imported in this process: retarget it
        settings.package_data_dir = directory  # type: ignore[attr-defined]
        settings.package_dirs = [directory]  # type: ignore[attr-defined]


@dataclass(frozen=True)
class ModelInfo:
    """An installed argostranslate package."""

    name: str
    source: str
    target: str
    version: str
    path: Path


def _packages(directory: Path) -> list[Package]:
    if not directory.is_dir():  # nothing installed: no need to create it, nor to import argostranslate
        return []
    prepare_argos_environment(directory)
    from argostranslate import package as argos_package

    return [
        p
        for p in argos_package.get_installed_packages(path=[directory])
        if getattr(p, "type", "translate") == "translate"
    ]


def list_models(directory: Path) -> list[ModelInfo]:
    """Installed translation packages in ``directory``."""
    return [
        ModelInfo(p.package_path.name, p.from_code, p.to_code, str(p.package_version), p.package_path)
        for p in _packages(directory)
    ]


def install_model(path: str | Path, directory: Path) -> ModelInfo:
    """Install a ``.argosmodel`` file into ``directory`` with argostranslate's package API."""
    source = Path(path)
    if not source.is_file():
        raise ModelMissing("no such model file; give the path to a .argosmodel package", path=source)
    if not zipfile.is_zipfile(source):
        raise ModelMissing("not an argostranslate package (a .argosmodel is a zip archive)", path=source)
    with zipfile.ZipFile(source) as archive:
        metas = [n for n in archive.namelist() if n.count("/") == 1 and n.endswith("/metadata.json")]
        if not metas:
            raise ModelMissing(
                "package has no metadata.json; it is not an argostranslate package", path=source
            )
        meta = json.loads(archive.read(metas[0]))
    prepare_argos_environment(directory)
    from argostranslate import package as argos_package

    argos_package.install_from_path(source)
    installed = directory.resolve() / metas[0].split("/")[0]
    return ModelInfo(
        installed.name, meta["from_code"], meta["to_code"], str(meta.get("package_version", "")), installed
    )


def install_from_index(langs: Sequence[str], directory: Path) -> list[ModelInfo]:
    """Download and install, from the Argos package index, what translates ``langs[0]`` into each other language.

    A missing direct package (fr→vi) is replaced by the pivot package through English (en→vi).
    Needs network; offline it fails with a ModelMissing that says what to do instead.
    """
    if len(langs) < 2:
        return []
    prepare_argos_environment(directory)
    from argostranslate import package as argos_package
    from argostranslate import settings as argos_settings

    argos_package.update_package_index()
    if not Path(argos_settings.local_package_index).exists():
        raise ModelMissing(
            "cannot reach the Argos package index (offline?); download the .argosmodel files on a "
            "connected machine and run `localise models install PATH.argosmodel`",
            path=str(argos_settings.remote_package_index),
        )
    source, targets = langs[0], list(langs[1:])
    wanted = [(source, t) for t in targets]
    for pair in wanted:
        if argos_package.install_package_for_language_pair(*pair):
            continue
        hops = [(pair[0], PIVOT), (PIVOT, pair[1])]
        if PIVOT in pair or not all(argos_package.install_package_for_language_pair(*hop) for hop in hops):
            raise ModelMissing(
                f"the package index has no {pair[0]}→{pair[1]} model, direct or through {PIVOT}"
            )
    return list_models(directory)


def remove_model(name: str, directory: Path) -> ModelInfo:
    """Uninstall the package named ``name`` (or ``SRC-TGT``) from ``directory``."""
    for model in list_models(directory):
        if name in (model.name, f"{model.source}-{model.target}", f"{model.source}_{model.target}"):
            shutil.rmtree(model.path)
            return model
    raise ModelMissing(f'no installed model "{name}"; see `localise models list`', path=directory)


class _Hop:
    """One installed package, loaded on first use."""

    def __init__(self, package: Package, settings: dict[str, Any]):
        self.package = package
        self.settings = settings
        self._translator: Any = None

    @property
    def label(self) -> str:
        return f"{self.package.package_path.name} {self.package.package_version}"

    def translate(self, texts: Sequence[str], on_item: Callable[[], None] | None = None) -> list[str]:
        if not texts:
            return []
        if self._translator is None:
            import ctranslate2

            self._translator = ctranslate2.Translator(
                str(self.package.package_path / "model"),
                device="cpu",
                compute_type="auto",
                inter_threads=self.settings["inter_threads"],
                intra_threads=self.settings["intra_threads"],
            )
        tokenizer = self.package.tokenizer
        tokenized = [tokenizer.encode(text) for text in texts]
        prefix = getattr(self.package, "target_prefix", "") or ""
        options: dict[str, Any] = {
            "target_prefix": [[prefix]] * len(tokenized) if prefix else None,
            "replace_unknowns": True,
            "max_batch_size": self.settings["max_batch_tokens"],
            "batch_type": "tokens",
            "beam_size": self.settings["beam_size"],
            "num_hypotheses": 1,
            "length_penalty": 0.2,
            "max_decoding_length": self.settings["max_decoding_length"],
        }
        # translate_batch is the fastest path (BENCHMARKS.md); translate_iterable batches the same
        # way but yields in order, so a progress bar can advance per sentence, at ~15% of the speed.
        if on_item is None:
            results: Any = self._translator.translate_batch(tokenized, **options)
        else:
            results = self._translator.translate_iterable(tokenized, **options)
        out = []
        for result in results:
            value = tokenizer.decode(result.hypotheses[0])
            if prefix and value.startswith(prefix):
                value = value[len(prefix) :]
            out.append(value.strip())
            if on_item is not None:
                on_item()
        return out


class ArgosEngine:
    """argostranslate packages through CTranslate2, whole batches per call, pivoting through English.

    ``on_batch(hop_label, n_texts)`` is called before each CTranslate2 call and ``on_item()``
    after each translated sentence (progress bars, tests).
    """

    name = "argos"

    def __init__(
        self,
        directory: Path | None = None,
        *,
        inter_threads: int = DEFAULT_THREADS["inter_threads"],
        intra_threads: int = DEFAULT_THREADS["intra_threads"],
        beam_size: int = 4,
        max_batch_tokens: int = 1024,
        max_decoding_length: int = 256,
        on_batch: Callable[[str, int], None] | None = None,
        on_item: Callable[[], None] | None = None,
    ):
        self.directory = models_dir(directory)
        self.settings = {
            "inter_threads": inter_threads,
            "intra_threads": intra_threads,
            "beam_size": beam_size,
            "max_batch_tokens": max_batch_tokens,
            "max_decoding_length": max_decoding_length,
        }
        self.on_batch = on_batch
        self.on_item = on_item
        self._hops: dict[tuple[str, str], _Hop] | None = None

    def _installed(self) -> dict[tuple[str, str], _Hop]:
        if self._hops is None:
            self._hops = {(p.from_code, p.to_code): _Hop(p, self.settings) for p in _packages(self.directory)}
        return self._hops

    def route(self, source: str, target: str) -> list[_Hop]:
        """The hops for a pair: direct when installed, else through English. ModelMissing otherwise."""
        hops = self._installed()
        if (source, target) in hops:
            return [hops[(source, target)]]
        if (source, PIVOT) in hops and (PIVOT, target) in hops:
            return [hops[(source, PIVOT)], hops[(PIVOT, target)]]
        missing = (
            f"{source}→{target}"
            if source == PIVOT or target == PIVOT
            else f"{source}→{target} (or {source}→{PIVOT} and {PIVOT}→{target})"
        )
        raise ModelMissing(
            f"no translation model for {missing}; install one with "
            f"`localise models install PATH.argosmodel` (or `localise models install --from-index {source} {target}`)",
            path=self.directory,
        )

    def describe(self, source: str, target: str) -> str:
        return f"{self.name} " + " + ".join(hop.label for hop in self.route(source, target))

    def translate(self, texts: Sequence[str], source: str, target: str) -> list[str]:
        return self.translate_many(texts, source, [target])[target]

    def translate_many(
        self, texts: Sequence[str], source: str, targets: Sequence[str]
    ) -> dict[str, list[str]]:
        """Translate ``texts`` into every target; a hop shared by several routes (fr→en) runs once."""
        done: dict[tuple[int, ...], list[str]] = {}
        results: dict[str, list[str]] = {}
        for target in targets:
            route = self.route(source, target)
            current = list(texts)
            for depth in range(len(route)):
                path = tuple(id(hop) for hop in route[: depth + 1])
                if path not in done:
                    if self.on_batch is not None:
                        self.on_batch(route[depth].label, len(current))
                    done[path] = route[depth].translate(current, self.on_item)
                current = done[path]
            results[target] = current
        return results


def _install_passthrough_sentencizer() -> None:
    """Make argostranslate's own path work offline: its MiniSBD splitter would download a model.

    Our units are already sentences, so a splitter that returns its input is exact.
    argostranslate looks ``MiniSBDSentencizer`` up by name when a translation object is made.
    """
    import argostranslate.sbd as sbd
    import argostranslate.translate as argos_translate

    class PassthroughSentencizer(sbd.ISentenceBoundaryDetectionModel):  # type: ignore[misc]
        def __init__(self, pkg: object = None) -> None:
            self.pkg = pkg

        def split_sentences(self, text: str) -> list[str]:
            return [text]

        def __str__(self) -> str:
            return "PassthroughSentencizer"

    argos_translate.MiniSBDSentencizer = PassthroughSentencizer


def argos_translate_each(
    texts: Sequence[str], source: str, target: str, directory: Path | None = None
) -> list[str]:
    """argostranslate's own ``translate()``, one call per sentence, no glossary: the raw baseline.

    Uses argostranslate's settings for threads (``ARGOS_INTER_THREADS``/``ARGOS_INTRA_THREADS``).
    """
    folder = models_dir(directory)
    prepare_argos_environment(folder)
    import argostranslate.translate as argos_translate

    _install_passthrough_sentencizer()
    argos_translate.get_installed_languages.cache_clear()
    ArgosEngine(folder).route(source, target)  # same clear error as the engine when a model is missing
    translation = argos_translate.get_translation_from_codes(source, target)
    return [translation.translate(text) for text in texts]
