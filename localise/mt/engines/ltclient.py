"""The libretranslate engine: self-hosted LibreTranslate servers, batched, round robin.

Public: LibreTranslateEngine, launcher_path(), launcher_command(python, packages, port).

``POST /translate`` takes ``q`` as a list; a request carries at most ``batch_size`` sentences
and ``max_chars`` characters. LibreTranslate translates the items of a list one after the
other, so throughput comes from several servers (``--engine-url`` repeated): requests go to
them in turn, ``per_server`` at a time each; see ``_http.ServerPool`` for retries. Its
answers are argostranslate's beam search (beam 4, length penalty 0.2, as the argos engine)
followed by LibreTranslate's own touch-ups (``improve_translation_formatting``: the final
punctuation and first-letter case copied from the source, HTML entities unescaped).

Written against LibreTranslate 1.9.6 (``pip install libretranslate==1.9.6``), which cannot share
localise's venv (it pins ``argos-translate-lt``, which replaces the argostranslate module, and
downgrades polib, beautifulsoup4 and numpy): it lives in its own, ``.localise/lt-venv``, and
``lt_launcher.py`` (shipped beside this module, run by that venv's python) starts it offline.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Unpack

from localise.errors import ModelMissing
from localise.mt.engines._http import MalformedAnswer, ServerEngine, ServerOptions, answer_shape, batches

__all__ = ["LibreTranslateEngine", "launcher_command", "launcher_path"]


def launcher_path() -> Path:
    """``lt_launcher.py``: the offline start script, run by LibreTranslate's venv python."""
    return Path(__file__).with_name("lt_launcher.py")


def launcher_command(python: str | Path, packages: str | Path, port: int, *extra: str) -> list[str]:
    """The command that serves the argos ``packages`` folder on 127.0.0.1:``port``.

    ``-P``: the launcher's own folder is not put first on ``sys.path``, so none of the engine
    modules beside it can shadow a module LibreTranslate imports.
    """
    return [str(python), "-P", str(launcher_path()), "--packages", str(packages), "--port", str(port), *extra]


class LibreTranslateEngine(ServerEngine):
    """LibreTranslate over HTTP: ``q`` lists of up to ``batch_size`` sentences, round robin across ``urls``.

    ``checkpoint`` (default: one round of requests over every server) is how many sentences
    the translate stage sends and stores at a time; the other options are ``ServerOptions``
    (``on_request(url, payload)`` is called before each HTTP attempt).
    """

    name = "libretranslate"
    label = "LibreTranslate"
    default_timeout = 600.0

    def __init__(
        self,
        urls: Sequence[str],
        *,
        batch_size: int = 16,
        max_chars: int = 5000,
        checkpoint: int | None = None,
        **options: Unpack[ServerOptions],
    ):
        super().__init__(urls, **options)
        self.batch_size = max(1, batch_size)
        self.max_chars = max_chars
        self.checkpoint = checkpoint or self.batch_size * self.pool.concurrency
        self._languages: dict[str, set[str]] | None = None
        self._version: str | None = None

    def _served(self) -> dict[str, set[str]]:
        """source code -> target codes, from ``/languages`` (LibreTranslate lists pivots as targets)."""
        if self._languages is None:
            self._languages = self.call(lambda: self.pool.request("/languages", read=_languages))
        return self._languages

    def pairs(self) -> list[tuple[str, str]]:
        return sorted((s, t) for s, targets in self._served().items() for t in targets)

    def version(self) -> str:
        """The server's LibreTranslate version (``/spec``), ``unknown`` if it does not say."""
        if self._version is None:
            spec = self.call(lambda: self.pool.request("/spec"))
            info = spec.get("info") if isinstance(spec, dict) else None
            self._version = (
                str(info.get("version")) if isinstance(info, dict) and info.get("version") else "unknown"
            )
        return self._version

    def describe(self, source: str, target: str) -> str:
        """``libretranslate 1.9.6 fr→vi``. The servers do not say which model versions they load."""
        if target not in self._served().get(source, set()):
            raise ModelMissing(
                f"the LibreTranslate server at {self.pool.urls[0]} has no model for {source}→{target}; "
                "install the argos package on the server and restart it"
            )
        return f"{self.name} {self.version()} {source}→{target}"

    def translate(self, texts: Sequence[str], source: str, target: str) -> list[str]:
        """Each text translated; ``q`` lists of at most ``batch_size`` items and ``max_chars`` characters."""
        out = [""] * len(texts)
        todo = [(i, " ".join(t.split())) for i, t in enumerate(texts) if t.strip()]
        slices = list(batches([len(t) for _, t in todo], max_items=self.batch_size, max_chars=self.max_chars))
        work = [(self._payload([t for _, t in todo[a:b]], source, target), b - a) for a, b in slices]
        answers = self.call(
            lambda: self.pool.map(
                lambda item: self.pool.request("/translate", item[0], read=_translations(item[1])), work
            )
        )
        for (start, _), values in zip(slices, answers, strict=True):
            for offset, value in enumerate(values):
                out[todo[start + offset][0]] = value
        return out

    def _payload(self, texts: list[str], source: str, target: str) -> dict[str, Any]:
        payload: dict[str, Any] = {"q": texts, "source": source, "target": target, "format": "text"}
        if self.api_key:
            payload["api_key"] = self.api_key
        return payload


def _languages(answer: Any) -> dict[str, set[str]]:
    """source code -> target codes of a ``/languages`` answer; MalformedAnswer unless it is LibreTranslate's."""
    if not isinstance(answer, list) or not all(
        isinstance(item, dict)
        and isinstance(item.get("code"), str)
        and isinstance(item.get("targets", []), list)
        for item in answer
    ):
        raise MalformedAnswer(
            f'{answer_shape(answer)} where LibreTranslate lists languages ("code", "targets")'
        )
    return {item["code"]: {str(t) for t in item.get("targets", []) if t != item["code"]} for item in answer}


def _translations(count: int) -> Callable[[Any], list[str]]:
    """The reader of a ``/translate`` answer to ``count`` texts: its ``translatedText`` list of strings."""

    def read(answer: Any) -> list[str]:
        values = answer.get("translatedText") if isinstance(answer, dict) else None
        if (
            not isinstance(values, list)
            or len(values) != count
            or not all(isinstance(v, str) for v in values)
        ):
            shown = answer_shape(values) if isinstance(answer, dict) else answer_shape(answer)
            raise MalformedAnswer(f'{shown} where LibreTranslate answers "translatedText" for {count} texts')
        return values

    return read
