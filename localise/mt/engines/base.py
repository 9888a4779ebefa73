"""The Engine protocol every machine-translation engine implements.

Public: Engine.

An engine translates whole lists of sentences (one call per article, never per
sentence), names itself and its model for the PO ``mt:`` comment and the memory key
(``describe``), and says which pairs it serves here (``pairs``). ``translate_many``
translates the same texts into several languages; an engine that can share a hop
(argos's fr→en feeding fr→en→vi) overrides it, others inherit the loop below.
``placeholders`` lets an engine choose the tokens glossary terms are masked with (default:
``[n]``); ``checkpoint`` asks the translate stage to send and store its work in slices of that
many sentences, so a server that dies mid-run loses only the slice in flight.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:  # pragma: no cover
    from localise.mt.protect import PlaceholderChooser

__all__ = ["Engine"]


class Engine(Protocol):
    """A batched translator: one call per list of sentences."""

    name: str
    #: Sentences per slice that the translate stage translates and stores before the next;
    #: None: everything in one call (local engines).
    checkpoint: int | None = None

    def translate(self, texts: Sequence[str], source: str, target: str) -> list[str]:
        """Translate every text from ``source`` to ``target``; same length and order as ``texts``."""
        ...

    def describe(self, source: str, target: str) -> str:
        """Engine, model and version for the PO ``mt:`` comment and the memory key.

        Raises ModelMissing (or EngineUnavailable) when the pair cannot be translated here.
        """
        ...

    def pairs(self) -> list[tuple[str, str]]:
        """The (source, target) pairs this engine can translate on this machine."""
        ...

    def translate_many(
        self, texts: Sequence[str], source: str, targets: Sequence[str]
    ) -> dict[str, list[str]]:
        """``texts`` translated into every language of ``targets`` (one list per target)."""
        return {target: self.translate(texts, source, target) for target in targets}

    def placeholders(self, source: str, target: str) -> PlaceholderChooser | None:
        """How to mask glossary terms for this pair: a token per slot, or None for ``[n]``.

        The token must come back from the engine unchanged; ``mt.protect.unmask`` finds it there.
        """
        return None
