"""The apertium-apy engine: Apertium's HTTP server (Debian ``apertium-apy``), pipelines kept warm.

Public: ApyEngine, DEFAULT_APY_CHARS.

Requests are ``POST /translate`` per hop (``langpair=fra|spa``, then ``spa|eng``: the same
pivot choice as the command-line engine, from the server's ``/listPairs``) with ``format=txt``
and ``markUnknown=no``; each carries blank-line separated sentences up to a size cap, so that
APy neither splits the text itself (it cuts at a period past 4 KiB, "M." included, and
gives up after ten cuts) nor queues it behind other users. Not ``/translateChain``: it strips
the unknown-word marks only at the end, so the first hop's ``*Trump`` reaches the second
and comes out marked. APy also keeps the generator's ``#`` marks (its pipelines run
``lt-proc -g``; ``apertium -u`` runs ``-n``); they are removed here, except in a sentence
whose French has a ``#`` of its own. The output then equals the command line's. Several
servers are used in turn; see ``_http.ServerPool`` for retries and failures. The same anchor
placeholders as the command-line engine keep Apertium's proper-noun grammar around glossary terms.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from typing import Any, Unpack

from localise.errors import ModelMissing
from localise.mt.engines._http import MalformedAnswer, ServerEngine, ServerOptions, answer_shape, batches
from localise.mt.engines.apertium import (
    PIVOTS,
    anchor_chooser,
    apertium_code,
    iso_code,
    missing_pair_message,
    pivot_route,
    verified_anchors,
)
from localise.mt.protect import PlaceholderChooser

__all__ = ["DEFAULT_APY_CHARS", "ApyEngine"]

#: Bytes of French per request: below APy's own split point (PIPE_BUF, 4096 bytes) with room
#: for the pivot's text to come out longer.
DEFAULT_APY_CHARS = 3500
_BLOCKS = re.compile(r"\n[ \t]*\n")
_GENERATION_MARK = re.compile(r"(?<![\w#])#(?=\w)")


class ApyEngine(ServerEngine):
    """Apertium over HTTP: batched ``/translate`` requests per hop, round robin across ``urls``.

    ``max_chars`` caps a request's UTF-8 size; ``per_server`` (default 2) is the requests in flight
    per server (APy shortens its own chunks above 2 concurrent users); ``checkpoint`` is how many
    sentences the translate stage sends and stores at a time; the other options are
    ``ServerOptions`` (``on_request(url, payload)`` is called before each HTTP attempt).
    """

    name = "apertium-apy"
    label = "Apertium APy"
    default_per_server = 2
    default_timeout = 120.0

    def __init__(
        self,
        urls: Sequence[str],
        *,
        max_chars: int = DEFAULT_APY_CHARS,
        checkpoint: int = 100,
        pivots: Sequence[str] = PIVOTS,
        **options: Unpack[ServerOptions],
    ):
        super().__init__(urls, **options)
        self.max_chars = max_chars
        self.checkpoint = checkpoint
        self.pivots = tuple(pivots)
        self._pairs: set[tuple[str, str]] | None = None
        self._anchors: dict[tuple[str, str], dict[str, tuple[str, ...]]] = {}

    def _server_pairs(self) -> set[tuple[str, str]]:
        """Plain pairs the servers serve (from the first that answers ``/listPairs``)."""
        if self._pairs is None:
            listed = self.call(lambda: self.pool.request("/listPairs", read=_listed_pairs))
            self._pairs = {
                (iso_code(source), iso_code(target))
                for source, target in listed
                if "_" not in source + target  # variants: eng-cat_valencia
            }
        return self._pairs

    def chain(self, source: str, target: str) -> list[str]:
        """The languages a translation goes through, APy-style: ``["fra", "spa", "eng"]``."""
        hops = pivot_route(self._server_pairs(), source, target, self.pivots)
        if hops is None:
            raise ModelMissing(missing_pair_message(source, target, f"on {self.pool.urls[0]}"))
        return [apertium_code(source)] + [apertium_code(t) for _, t in hops]

    def pairs(self) -> list[tuple[str, str]]:
        served = self._server_pairs()
        pivoted = {(s, t) for s, p in served for p2, t in served if p2 == p and t != s}
        return sorted(served | pivoted)

    def describe(self, source: str, target: str) -> str:
        """``apertium-apy fra|spa|eng``: APy reports no package versions, so the chain is the label."""
        return f"{self.name} {'|'.join(self.chain(source, target))}"

    def translate(self, texts: Sequence[str], source: str, target: str) -> list[str]:
        """Each text translated; requests of at most ``max_chars`` bytes, ``per_server`` at a time per server.

        A batch goes through every hop in turn while the next batch starts: hops overlap.
        """
        chain = self.chain(source, target)
        langpairs = ["|".join(hop) for hop in itertools.pairwise(chain)]
        out = [""] * len(texts)
        todo = [(i, " ".join(t.split())) for i, t in enumerate(texts) if t.strip()]
        sizes = [len(t.encode("utf-8")) + 2 for _, t in todo]
        slices = list(batches(sizes, max_items=len(sizes) or 1, max_chars=self.max_chars))
        groups = [[t for _, t in todo[a:b]] for a, b in slices]
        done = self.call(lambda: self.pool.map(lambda group: self._through(group, langpairs), groups))
        values = [value for group in done for value in group]
        for (i, source_text), value in zip(todo, values, strict=True):
            out[i] = value if "#" in source_text else _GENERATION_MARK.sub("", value)
        return out

    def _through(self, group: list[str], langpairs: list[str]) -> list[str]:
        for langpair in langpairs:
            group = self._request(group, langpair)
        return group

    def _request(self, group: list[str], langpair: str) -> list[str]:
        """One hop for one batch; if the blank lines between sentences did not all survive, in halves."""
        text = self.pool.request(
            "/translate", self._payload(group, langpair), form=True, read=_translated_text
        )
        blocks = _BLOCKS.split(text.strip())
        if len(blocks) == len(group):
            return [" ".join(b.split()) for b in blocks]
        if len(group) == 1:
            return [" ".join(" ".join(blocks).split())]
        half = len(group) // 2
        return self._request(group[:half], langpair) + self._request(group[half:], langpair)

    def _payload(self, group: list[str], langpair: str) -> dict[str, str]:
        payload = {"langpair": langpair, "q": "\n\n".join(group), "markUnknown": "no", "format": "txt"}
        if self.api_key:
            payload["key"] = self.api_key
        return payload

    def placeholders(self, source: str, target: str) -> PlaceholderChooser | None:
        """The command-line engine's anchors, checked once against the server."""
        if (source, target) not in self._anchors:
            self._anchors[(source, target)] = verified_anchors(
                lambda words: self.translate(words, source, target)
            )
        return anchor_chooser(self._anchors[(source, target)])


def _listed_pairs(answer: Any) -> list[tuple[str, str]]:
    """(source, target) of each pair ``/listPairs`` lists; MalformedAnswer unless it is APy's answer."""
    data = answer.get("responseData") if isinstance(answer, dict) else None
    if not isinstance(data, list) or not all(
        isinstance(item, dict)
        and isinstance(item.get("sourceLanguage"), str)
        and isinstance(item.get("targetLanguage"), str)
        for item in data
    ):
        shown = answer_shape(data) if isinstance(answer, dict) else answer_shape(answer)
        raise MalformedAnswer(f'{shown} where APy lists "responseData" pairs')
    return [(item["sourceLanguage"], item["targetLanguage"]) for item in data]


def _translated_text(answer: Any) -> str:
    data = answer.get("responseData") if isinstance(answer, dict) else None
    text = data.get("translatedText") if isinstance(data, dict) else None
    if not isinstance(text, str):
        shown = answer_shape(data) if isinstance(answer, dict) else answer_shape(answer)
        raise MalformedAnswer(f'{shown} where APy answers "responseData": {{"translatedText": ...}}')
    return text
