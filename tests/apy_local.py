"""Run Debian's apertium-apy bound to 127.0.0.1 only. Run it with the system python3 (it has tornado).

APy 0.11 has no option for the address: it calls ``HTTPServer.bind(port)``, which listens on
every interface. The tests must not open a translation server to the network, so this wrapper
gives ``bind`` the loopback address, then starts APy with the same arguments.
"""

from __future__ import annotations

import sys
from typing import Any

import tornado.httpserver

_bind = tornado.httpserver.HTTPServer.bind


def _loopback_bind(self: Any, port: int, address: str | None = None, *args: Any, **kwargs: Any) -> None:
    _bind(self, port, "127.0.0.1", *args, **kwargs)


tornado.httpserver.HTTPServer.bind = _loopback_bind  # type: ignore[method-assign]

from apertium_apy.apy import main  # noqa: E402 - after the patch, on purpose

sys.argv = ["apertium-apy", *sys.argv[1:]]
sys.exit(main())
