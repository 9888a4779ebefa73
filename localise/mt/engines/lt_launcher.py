"""Start a LibreTranslate server that works offline. Run by the LibreTranslate venv's python.

    .localise/lt-venv/bin/python lt_launcher.py --packages DIR --port 5000 [LibreTranslate options]

Standalone on purpose: it runs inside LibreTranslate's own venv (libretranslate==1.9.6 pins
argos-translate-lt, which replaces the argostranslate module localise uses), so it imports
nothing from localise. It does three things before handing over to ``libretranslate.main.main()``:

- points argostranslate at ``--packages`` (``ARGOS_PACKAGES_DIR``) and keeps its data, cache
  and config folders beside them, so nothing is written to the home directory;
- replaces argostranslate's MiniSBD sentence splitter by a pass-through: offline, MiniSBD tries
  to download a model and the first /translate answers HTTP 500. localise sends one sentence
  per item, so a splitter that returns its input is exact;
- binds 127.0.0.1 and disables the web UI unless told otherwise.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
from pathlib import Path


def install_passthrough_sentencizer() -> None:
    """argostranslate's MiniSBD splitter replaced by one that returns its input (localise sends sentences).

    argostranslate looks ``MiniSBDSentencizer`` up by name when a translation object is made;
    the argos engine's raw baseline uses this too.
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


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--packages", required=True, type=Path, help="installed argostranslate packages")
    parser.add_argument("--port", required=True, type=int)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--load-only", default="fr,en,vi")
    ours, rest = parser.parse_known_args(argv)
    packages = ours.packages.resolve()
    os.environ["ARGOS_PACKAGES_DIR"] = str(packages)
    state = packages.parent / ".lt-state"
    for var, sub in (("XDG_DATA_HOME", "data"), ("XDG_CACHE_HOME", "cache"), ("XDG_CONFIG_HOME", "config")):
        os.environ.setdefault(var, str(state / sub))
    install_passthrough_sentencizer()
    # argostranslate-lt logs every sentence at INFO level; a server's log should not.
    logging.getLogger("argostranslate").setLevel(logging.WARNING)
    logging.getLogger("argostranslate.utils").setLevel(logging.WARNING)
    # The package exports a function named ``main`` that hides its module of that name.
    lt_main = importlib.import_module("libretranslate.main")

    sys.argv = [
        "libretranslate",
        "--host", ours.host,
        "--port", str(ours.port),
        "--load-only", ours.load_only,
        "--disable-web-ui",
        "--disable-files-translation",
        *rest,
    ]  # fmt: skip
    lt_main.main()


if __name__ == "__main__":
    main()
