"""The argos engine: argostranslate packages run through CTranslate2, whole batches per hop.

Public: ArgosEngine, DEFAULT_THREADS, argos_translate_each(texts, source, target, directory).

The engine loads argostranslate packages (``.argosmodel``) from a models directory and
translates a whole batch in one CTranslate2 call per hop, with the package's own
tokenizer. Units are already sentences, so argostranslate's sentence splitter (which
would download a model) is never used. Heavy imports (ctranslate2, argostranslate.translate
-> stanza -> torch) happen only when a translation is requested.
``argos_translate_each`` is argostranslate's own per-sentence path: the raw baseline.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from localise.errors import ModelMissing
from localise.mt.engines.argos_packages import PIVOT, installed_packages, prepare_argos_environment
from localise.mt.engines.base import Engine

if TYPE_CHECKING:  # pragma: no cover
    from argostranslate.package import Package

__all__ = ["DEFAULT_THREADS", "ArgosEngine", "argos_translate_each"]

#: Measured on the 2-core machines (see BENCHMARKS.md): 2 parallel batches of 1 thread each
#: beat 1 batch on 2 threads for whole-article batches.
DEFAULT_THREADS = {"inter_threads": 2, "intra_threads": 1}


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


class ArgosEngine(Engine):
    """argostranslate packages through CTranslate2, whole batches per call, pivoting through English.

    ``on_batch(hop_label, n_texts)`` is called before each CTranslate2 call and ``on_item()``
    after each translated sentence (progress bars, tests).
    """

    name = "argos"

    def __init__(
        self,
        directory: Path,
        *,
        inter_threads: int = DEFAULT_THREADS["inter_threads"],
        intra_threads: int = DEFAULT_THREADS["intra_threads"],
        beam_size: int = 4,
        max_batch_tokens: int = 1024,
        max_decoding_length: int = 256,
        on_batch: Callable[[str, int], None] | None = None,
        on_item: Callable[[], None] | None = None,
    ):
        self.directory = Path(directory)
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
            self._hops = {
                (p.from_code, p.to_code): _Hop(p, self.settings) for p in installed_packages(self.directory)
            }
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

    def pairs(self) -> list[tuple[str, str]]:
        """Every pair an installed package serves, directly or through English."""
        hops = set(self._installed())
        pivoted = {(s, t) for s, p in hops if p == PIVOT for p2, t in hops if p2 == PIVOT and t != s}
        return sorted(hops | pivoted)

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


def argos_translate_each(texts: Sequence[str], source: str, target: str, directory: Path) -> list[str]:
    """argostranslate's own ``translate()``, one call per sentence, no glossary: the raw baseline.

    Uses argostranslate's settings for threads (``ARGOS_INTER_THREADS``/``ARGOS_INTRA_THREADS``).
    """
    folder = Path(directory)
    prepare_argos_environment(folder)
    import argostranslate.translate as argos_translate

    from localise.mt.engines.lt_launcher import install_passthrough_sentencizer

    install_passthrough_sentencizer()
    argos_translate.get_installed_languages.cache_clear()
    ArgosEngine(folder).route(source, target)  # same clear error as the engine when a model is missing
    translation = argos_translate.get_translation_from_codes(source, target)
    return [translation.translate(text) for text in texts]
