"""Server engines that misbehave (issue 22, section 6), against real HTTP servers on 127.0.0.1.

Each fake is a small ``http.server`` speaking LibreTranslate's or APy's API, then doing what a broken,
hostile or overloaded server does: answering ``null``, a bare list, the same text for everything, a
body without end, a byte every so often, or nothing at all. The build must end in one line naming
the server (exit 2) within the deadline the user set, never hold the memory of a broken answer, and
never read more than the size cap.
"""

from __future__ import annotations

import contextlib
import http.server
import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import polib
import pytest
from click.testing import CliRunner
from committed import copy_committed

from localise.cli import cli
from localise.mt.memory import TranslationMemory

pytestmark = pytest.mark.servers

ROOT = Path(__file__).resolve().parent.parent
TYPHOON = "locale/en/LC_MESSAGES/typhon-yagi-nord-vietnam.po"
LANGUAGES = [
    {"code": "fr", "name": "French", "targets": ["en"]},
    {"code": "en", "name": "English", "targets": ["fr"]},
]

#: How a fake answers one request: (handler, path, decoded JSON body or None) -> nothing (it writes).
Behaviour = Callable[[http.server.BaseHTTPRequestHandler, str, object], None]


def _send_json(handler: http.server.BaseHTTPRequestHandler, value: object) -> None:
    body = json.dumps(value).encode("utf-8")
    handler.send_response(200)
    handler.send_header("Content-Type", "application/json")
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


def libretranslate(translate: Callable[[list[str]], object]) -> Behaviour:
    """LibreTranslate's /languages and /spec, and ``translate(q)`` as the /translate answer."""

    def behave(handler: http.server.BaseHTTPRequestHandler, path: str, body: object) -> None:
        if path == "/languages":
            _send_json(handler, LANGUAGES)
        elif path == "/spec":
            _send_json(handler, {"info": {"version": "1.9.6"}})
        else:
            assert isinstance(body, dict)
            _send_json(handler, translate(list(body["q"])))

    return behave


class Fake:
    """A threaded HTTP server on 127.0.0.1 answering every request with ``behaviour``; ``requests``
    counts them; stopping it releases every handler still waiting."""

    def __init__(self, behaviour: Behaviour):
        self.behaviour = behaviour
        self.requests: list[str] = []
        self.stopping = threading.Event()
        fake = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def _answer(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                fake.requests.append(self.path)
                try:
                    body = json.loads(raw) if raw else None
                except json.JSONDecodeError:
                    body = None
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the client gave up
                    fake.behaviour(self, self.path.split("?")[0], body)

            do_GET = do_POST = _answer

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.server.fake_stopping = self.stopping  # type: ignore[attr-defined]  # handlers that wait watch it
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> Fake:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stopping.set()
        self.server.shutdown()
        self.server.server_close()


@contextmanager
def serving(behaviour: Behaviour) -> Iterator[Fake]:
    with Fake(behaviour) as fake:
        yield fake


@pytest.fixture
def newsroom(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The committed project without the typhoon article's English catalog: 57 sentences to draft."""
    root = tmp_path / "newsroom"
    copy_committed(root)
    (root / TYPHOON).unlink()
    monkeypatch.chdir(root)
    return root


def _build(url: str, *extra: str, engine: str = "libretranslate") -> tuple[int, str, float]:
    start = time.monotonic()
    result = CliRunner().invoke(
        cli, ["build", "--lang", "en", "--engine", engine, "--engine-url", url, *extra]
    )
    return result.exit_code, result.stderr, time.monotonic() - start


def _one_line(err: str) -> str:
    (line,) = err.strip().splitlines()
    return line


@pytest.mark.parametrize(
    ("engine", "behaviour", "what"),
    [
        (
            "apertium-apy",
            lambda handler, path, body: _send_json(handler, {"responseData": None}),
            '/listPairs answered null where APy lists "responseData" pairs',
        ),
        (
            "libretranslate",
            lambda handler, path, body: _send_json(handler, ["fr", "en"]),
            '/languages answered a list of 2 strings where LibreTranslate lists languages ("code", "targets")',
        ),
        (
            "libretranslate",
            libretranslate(lambda q: q),
            "/translate answered a list of",
        ),
        (
            "libretranslate",
            libretranslate(lambda q: {"translatedText": q[:-1]}),
            "/translate answered a list of",
        ),
    ],
    ids=["apy-null", "lt-languages-strings", "lt-translate-bare-list", "lt-one-missing"],
)
def test_a_malformed_answer_is_one_line_naming_the_server(
    newsroom: Path, engine: str, behaviour: Behaviour, what: str
) -> None:
    with serving(behaviour) as fake:
        code, err, _ = _build(fake.url, engine=engine)
    line = _one_line(err)
    assert code == 2 and line.startswith(f"Error: {fake.url}/") and what in line
    assert "Traceback" not in err and not (newsroom / TYPHOON).exists()


def _trickle(headers_too: bool) -> Behaviour:
    def behave(handler: http.server.BaseHTTPRequestHandler, path: str, body: object) -> None:
        if path != "/translate":
            libretranslate(lambda q: q)(handler, path, body)
            return
        stopping = handler.server.fake_stopping  # type: ignore[attr-defined]
        head = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n"
        if not headers_too:
            handler.wfile.write(head)
            head = b""
        for byte in head + b'{"translatedText": [' + b" " * 100000:
            if stopping.wait(0.2):
                return
            handler.wfile.write(bytes([byte]))
            handler.wfile.flush()

    return behave


@pytest.mark.parametrize("headers_too", [False, True], ids=["body", "headers"])
def test_a_trickling_server_runs_out_of_the_total_deadline(newsroom: Path, headers_too: bool) -> None:
    with serving(_trickle(headers_too)) as fake:
        code, err, took = _build(fake.url, "--engine-timeout", "2")
    line = _one_line(err)
    assert code == 2 and "no complete answer within 2 s" in line and fake.url in line
    assert took < 20  # one deadline per server; the 120 s per read no longer applies to each byte
    assert fake.requests.count("/translate") == 1


def _hung(handler: http.server.BaseHTTPRequestHandler, path: str, body: object) -> None:
    if path != "/translate":
        libretranslate(lambda q: q)(handler, path, body)
        return
    handler.server.fake_stopping.wait(60)  # type: ignore[attr-defined]


@pytest.mark.parametrize("where", ["flag", "setting"])
def test_a_hung_server_costs_one_deadline_the_user_chose(newsroom: Path, where: str) -> None:
    settings = newsroom / "pyproject.toml"
    if where == "setting":
        settings.write_text(
            settings.read_text(encoding="utf-8").replace(
                "[tool.localise]\n", "[tool.localise]\nengine-timeout = 1.5\n", 1
            ),
            encoding="utf-8",
        )
    with serving(_hung) as fake:
        code, err, took = _build(fake.url, *(["--engine-timeout", "1.5"] if where == "flag" else []))
    line = _one_line(err)
    assert code == 2 and line == (
        f"Error: no LibreTranslate server answered after 1 attempt ({fake.url}: no complete answer within "
        "1.5 s); start one, fix --engine-url, or give it longer (--engine-timeout)"
    )
    assert took < 15 and fake.requests.count("/translate") == 1  # not five attempts of a full timeout each


def test_a_hung_server_fails_over_to_one_that_answers(newsroom: Path) -> None:
    with (
        serving(_hung) as hung,
        serving(libretranslate(lambda q: {"translatedText": [f"EN {t}" for t in q]})) as good,
    ):
        result = CliRunner().invoke(
            cli,
            ["build", "--lang", "en", "--engine", "libretranslate", "--engine-url", hung.url,
             "--engine-url", good.url, "--engine-timeout", "1.5"],
        )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "en: 57 new machine drafts" in result.stdout


# The peak resident memory of this process since its exec (VmHWM: getrusage's ru_maxrss would count
# the pytest process it was forked from).
ENDLESS = """
import sys
sys.argv = ["localise", *sys.argv[1:]]
from localise.cli import main
try:
    main()
finally:
    peak = next(line for line in open("/proc/self/status") if line.startswith("VmHWM:"))
    print("peak-kb", peak.split()[1], file=sys.stderr)
"""


@pytest.mark.parametrize("declared", [True, False], ids=["content-length-1GB", "no-length"])
def test_a_gigabyte_answer_is_refused_at_the_size_cap(newsroom: Path, declared: bool) -> None:
    def behave(handler: http.server.BaseHTTPRequestHandler, path: str, body: object) -> None:
        if path != "/translate":
            libretranslate(lambda q: q)(handler, path, body)
            return
        handler.send_response(200)
        handler.send_header("Content-Type", "application/json")
        if declared:
            handler.send_header("Content-Length", str(1 << 30))
        handler.end_headers()
        block = b" " * (1 << 20)
        for _ in range(1024):  # 1 GiB, unless the client hangs up first
            handler.wfile.write(block)

    with serving(behave) as fake:
        done = subprocess.run(
            [sys.executable, "-c", ENDLESS, "build", "--lang", "en", "--engine", "libretranslate",
             "--engine-url", fake.url],
            cwd=newsroom, capture_output=True, text=True, timeout=300,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )  # fmt: skip
    lines = done.stderr.strip().splitlines()
    peak_kb = int(lines[-1].split()[-1])
    assert done.returncode == 2
    assert f"{fake.url}/translate answered more than 8,388,608 bytes" in lines[0] and len(lines) == 2
    assert peak_kb < 400 * 1024  # a gigabyte was never held (the whole build peaks far below)
    assert not (newsroom / TYPHOON).exists()


def test_a_smaller_cap_is_settable(newsroom: Path) -> None:
    echo = libretranslate(lambda q: {"translatedText": [f"EN {t}" for t in q]})
    with serving(echo) as fake:
        code, err, _ = _build(fake.url, "--engine-max-response", "1024")
    assert code == 2 and "answered more than 1,024 bytes" in err


def test_drafts_of_a_server_answering_the_same_text_for_everything_are_not_remembered(newsroom: Path) -> None:
    broken = libretranslate(lambda q: {"translatedText": ["The same text."] * len(q)})
    with serving(broken) as fake:
        code, err, _ = _build(fake.url)
    assert code == 0, err
    drafted = polib.pofile(str(newsroom / TYPHOON))
    assert sum(e.msgstr == "The same text." for e in drafted) == 57
    with TranslationMemory(newsroom / ".localise" / "memory.sqlite") as memory:
        assert len(memory) == 0
    # The server is fixed: the next build translates afresh, nothing of the broken answers comes back.
    (newsroom / TYPHOON).unlink()
    fixed = libretranslate(lambda q: {"translatedText": [f"EN {t}" for t in q]})
    with serving(fixed) as fake:
        code, err, _ = _build(fake.url)
    assert code == 0, err
    redrafted = polib.pofile(str(newsroom / TYPHOON))
    assert not any(e.msgstr == "The same text." for e in redrafted)
    assert all(e.msgstr.startswith("EN ") for e in redrafted if e.msgid)
    with TranslationMemory(newsroom / ".localise" / "memory.sqlite") as memory:
        assert len(memory) == 57


def test_the_limits_are_validated_settings(newsroom: Path) -> None:
    settings = newsroom / "pyproject.toml"
    text = settings.read_text(encoding="utf-8")
    for line, said in (
        ("engine-timeout = 0", "engine-timeout is the seconds"),
        ('engine-timeout = "soon"', "engine-timeout is the seconds"),
        ("engine-max-response = 12", "engine-max-response is the largest answer"),
    ):
        settings.write_text(
            text.replace("[tool.localise]\n", f"[tool.localise]\n{line}\n", 1), encoding="utf-8"
        )
        result = CliRunner().invoke(cli, ["build", "--no-mt"])
        assert result.exit_code == 2 and said in result.stderr
