"""Real translation servers for the tests, on 127.0.0.1, started and stopped by the test suite.

- ``start_apy(port)``: Debian's apertium-apy (system python3), bound to 127.0.0.1 through
  ``apy_local.py`` (APy itself listens on every interface).
- ``start_libretranslate(port, packages)``: LibreTranslate 1.9.6 from its own venv
  (``lt_python()``) through localise's offline launcher.
- ``FaultProxy(upstream)``: a small HTTP proxy in front of a real server that records every
  request body (what went over the wire) and injects failures on demand (429, 503, a dead
  server).

Every server gets a free port, a bounded start-up time, and is killed when its ``with`` ends.
``missing_tool(reason)`` skips a test whose outside tool is absent, or fails it under
``LOCALISE_REQUIRE_TOOLS=1`` (CI installs every tool, so a missing one is a CI bug).
"""

from __future__ import annotations

import contextlib
import http.server
import json
import os
import shutil
import signal
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
APY_MODES = Path("/usr/share/apertium/modes")
SYSTEM_PYTHON = "/usr/bin/python3"


def missing_tool(reason: str) -> None:
    """Skip (locally) or fail (CI: LOCALISE_REQUIRE_TOOLS=1) for an outside tool that is not here."""
    import pytest

    if os.environ.get("LOCALISE_REQUIRE_TOOLS") == "1":
        pytest.fail(reason)
    pytest.skip(reason)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def lt_python() -> Path | None:
    """LibreTranslate's venv python: $LOCALISE_LT_PYTHON, else .localise/lt-venv (what `make` creates)."""
    explicit = os.environ.get("LOCALISE_LT_PYTHON")
    candidate = Path(explicit) if explicit else ROOT / ".localise" / "lt-venv" / "bin" / "python"
    return candidate if candidate.exists() else None


def apy_missing() -> str | None:
    """Why APy cannot run here, or None."""
    if shutil.which("apertium-apy") is None or not APY_MODES.is_dir():
        return "apertium-apy is not installed (apt-get install apertium-apy; .ci/run installs it)"
    return None


@dataclass
class Server:
    """A server process and its base URL."""

    url: str
    proc: subprocess.Popen[bytes]
    log: Path

    def kill(self) -> None:
        if self.proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=30)

    def tail(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")[-2000:] if self.log.exists() else ""


def _wait_until_up(server: Server, path: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.proc.poll() is not None:
            raise RuntimeError(f"server exited ({server.proc.returncode}): {server.tail()}")
        try:
            with urllib.request.urlopen(server.url + path, timeout=2) as answer:
                if answer.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            time.sleep(0.2)
    server.kill()
    raise RuntimeError(f"server at {server.url} not up after {timeout:.0f} s: {server.tail()}")


@contextlib.contextmanager
def _serve(
    cmd: list[str], port: int, log: Path, ready: str, timeout: float, env: dict[str, str]
) -> Iterator[Server]:
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=env, start_new_session=True)
    server = Server(f"http://127.0.0.1:{port}", proc, log)
    try:
        _wait_until_up(server, ready, timeout)
        yield server
    finally:
        server.kill()


def start_apy(port: int, log: Path, *, timeout: float = 60.0) -> contextlib.AbstractContextManager[Server]:
    """apertium-apy on 127.0.0.1:``port`` serving every installed mode."""
    cmd = [SYSTEM_PYTHON, str(HERE / "apy_local.py"), "-p", str(port), "-j", "1", str(APY_MODES)]
    return _serve(cmd, port, log, "/listPairs", timeout, dict(os.environ))


def start_libretranslate(
    port: int, packages: Path, log: Path, *extra: str, timeout: float = 120.0
) -> contextlib.AbstractContextManager[Server]:
    """LibreTranslate on 127.0.0.1:``port`` serving the argos ``packages`` (installed, unzipped)."""
    from localise.mt.engines.ltclient import launcher_command

    python = lt_python()
    assert python is not None
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ARGOS_", "XDG_"))}
    env["ARGOS_INTER_THREADS"] = "1"
    cmd = launcher_command(python, packages, port, "--threads", "2", *extra)
    return _serve(cmd, port, log, "/languages", timeout, env)


@dataclass
class Recorded:
    path: str
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)

    def form(self) -> dict[str, list[str]]:
        return urllib.parse.parse_qs(self.body.decode("utf-8"))


@dataclass
class FaultProxy:
    """Forwards to ``upstream``; ``fail(status, times)`` answers the next requests with an error;
    after ``die_after`` forwarded requests (or ``die()``) it hangs up on every connection, as a
    server that died does. ``requests`` lists what came through."""

    upstream: str
    port: int = field(default_factory=free_port)
    requests: list[Recorded] = field(default_factory=list)
    die_after: int | None = None
    _faults: list[int] = field(default_factory=list)
    _server: http.server.ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def fail(self, status: int, times: int = 1) -> None:
        self._faults.extend([status] * times)

    def __enter__(self) -> FaultProxy:
        proxy = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def _forward(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                if proxy.die_after is not None and len(proxy.requests) >= proxy.die_after:
                    self.close_connection = True  # no answer at all: the client sees the server gone
                    self.connection.shutdown(socket.SHUT_RDWR)
                    return
                if proxy._faults:
                    status = proxy._faults.pop(0)
                    payload = json.dumps({"error": "injected"}).encode()
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(payload)))
                    if status == 429:
                        self.send_header("Retry-After", "0")
                    self.end_headers()
                    self.wfile.write(payload)
                    return
                proxy.requests.append(Recorded(self.path, body))
                headers = {k: v for k, v in self.headers.items() if k.lower() in ("content-type", "accept")}
                request = urllib.request.Request(
                    proxy.upstream + self.path, data=body or None, headers=headers, method=self.command
                )
                try:
                    with urllib.request.urlopen(request, timeout=300) as answer:
                        status, data, kind = answer.status, answer.read(), answer.headers.get("Content-Type")
                except urllib.error.HTTPError as exc:
                    status, data, kind = exc.code, exc.read(), exc.headers.get("Content-Type")
                self.send_response(status)
                self.send_header("Content-Type", kind or "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = _forward
            do_POST = _forward

        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def die(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __exit__(self, *exc: object) -> None:
        self.die()


def lt_formatting(sources: list[str], hypotheses: list[str]) -> list[str]:
    """LibreTranslate's own touch-ups (improve_translation_formatting, unescape) applied to ``hypotheses``.

    Run in LibreTranslate's venv: what its server does to an argos translation before answering.
    """
    script = (
        "import html, json, sys\n"
        "from libretranslate.language import improve_translation_formatting as fmt\n"
        "src, hyp = json.load(sys.stdin)\n"
        "print(json.dumps([html.unescape(fmt(s, h)) for s, h in zip(src, hyp)]))\n"
    )
    done = subprocess.run(
        [str(lt_python()), "-c", script],
        input=json.dumps([sources, hypotheses]),
        capture_output=True,
        text=True,
        check=True,
    )
    return list(json.loads(done.stdout))
