"""The HTTP client the server engines share: round robin, bounded concurrency, retries, one-line failure.

Public: ServerEngine, ServerOptions, ServerPool, ServerError, MalformedAnswer, answer_shape(value),
batches(sizes, max_items, max_chars), DEFAULT_MAX_RESPONSE.

``ServerPool(urls)`` sends requests to several servers of the same kind in turn (round
robin), with at most ``per_server`` requests in flight on each. A request that meets HTTP
429, a 5xx or a refused connection is retried with exponential backoff (``Retry-After``
honoured), on the next server when there are several. Every request has a total deadline
(``timeout``: connecting, sending and the whole answer, however slowly it trickles in) and a
size cap on the answer (``max_bytes``); a server that misses the deadline is not asked again
in that request (another server is, when there is one). When no server answers,
EngineUnavailable says so in one line, naming each server and what it did. Other HTTP errors
(400: a pair the server lacks, 403: a bad API key) are not retried: ``ServerError`` carries the
status and the server's message; ``ServerEngine.call`` explains it. An answer too big, or not
what the API promises (``MalformedAnswer`` from the engine's reader), is one line naming the
server. ``ServerEngine`` is the base of the server engines: their pool, API key and error
messages. Standard library only (http.client + a thread pool): the servers are the heavy part.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import socket
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import FIRST_EXCEPTION, Future, ThreadPoolExecutor, wait
from typing import Any, ClassVar, TypedDict, TypeVar, Unpack

from localise.errors import EngineUnavailable, ModelMissing
from localise.mt.engines.base import Engine

__all__ = [
    "DEFAULT_MAX_RESPONSE",
    "MalformedAnswer",
    "ServerEngine",
    "ServerError",
    "ServerOptions",
    "ServerPool",
    "answer_shape",
    "batches",
]

_RETRYABLE = {429, 500, 502, 503, 504}
#: The largest answer read from a translation server (bytes): a batch of a few thousand characters
#: comes back in kilobytes, so a bigger answer is a broken or hostile server, not a translation.
DEFAULT_MAX_RESPONSE = 8 * 1024 * 1024
_CHUNK = 64 * 1024
T = TypeVar("T")
R = TypeVar("R")


class MalformedAnswer(Exception):
    """An answer that is not what the server's API promises; ``str()`` says what it is instead."""


def answer_shape(value: Any) -> str:
    """What a decoded JSON answer is, in a few words: ``null``, ``a list of 3 strings``, ``an object
    with keys "error", "code"`` (for MalformedAnswer messages)."""
    if value is None:
        return "null"
    if isinstance(value, list):
        kinds = {type(item).__name__ for item in value}
        what = (
            {"str": "strings", "dict": "objects", "list": "lists"}.get(kinds.pop(), "values")
            if len(kinds) == 1
            else "values"
        )
        return f"a list of {len(value)} {what}" if value else "an empty list"
    if isinstance(value, dict):
        keys = ", ".join(f'"{k}"' for k in list(value)[:4])
        return f"an object with keys {keys}" if value else "an empty object"
    return f"a {type(value).__name__} ({json.dumps(value)[:40]})"


class ServerError(Exception):
    """An HTTP answer that retrying will not change (400, 401, 403, 404, …)."""

    def __init__(self, url: str, status: int, message: str):
        self.url = url
        self.status = status
        self.message = message
        super().__init__(f"{url}: HTTP {status}: {message}")


def batches(sizes: Sequence[int], *, max_items: int, max_chars: int) -> Iterator[tuple[int, int]]:
    """(start, end) slices of items of these ``sizes``: at most ``max_items`` items and ``max_chars``
    in total per slice (an item bigger than ``max_chars`` gets a slice of its own)."""
    start = 0
    while start < len(sizes):
        end, total = start, 0
        while end < len(sizes) and end - start < max_items:
            if end > start and total + sizes[end] > max_chars:
                break
            total += sizes[end]
            end += 1
        yield start, end
        start = end


class ServerPool:
    """Several servers of one kind, used in turn.

    ``engine`` names them in messages ("LibreTranslate"); ``timeout`` is each attempt's total
    deadline in seconds, the whole answer included; ``max_bytes`` caps an answer's size;
    ``retries`` is how many more attempts a request gets after its first; ``backoff`` is the
    first wait in seconds (doubled each time). ``on_request(url, payload)`` is called before
    each attempt (tests and progress).
    """

    def __init__(
        self,
        urls: Sequence[str],
        *,
        engine: str,
        per_server: int = 1,
        timeout: float = 300.0,
        max_bytes: int = DEFAULT_MAX_RESPONSE,
        retries: int = 4,
        backoff: float = 0.25,
        max_backoff: float = 30.0,
        on_request: Callable[[str, Mapping[str, Any]], None] | None = None,
    ):
        cleaned = [u.rstrip("/") for u in urls if u.strip()]
        if not cleaned:
            raise EngineUnavailable(
                f"{engine} needs a server: pass --engine-url http://HOST:PORT (repeat it for several)"
            )
        for url in cleaned:
            parts = urllib.parse.urlsplit(url)
            if parts.scheme not in ("http", "https") or not parts.netloc:
                raise EngineUnavailable(f'"{url}" is not an http(s) URL; pass --engine-url http://HOST:PORT')
        self.urls = cleaned
        self.engine = engine
        self.per_server = max(1, per_server)
        self.timeout = timeout
        self.max_bytes = max_bytes
        self.retries = max(0, retries)
        self.backoff = backoff
        self.max_backoff = max_backoff
        self.on_request = on_request
        self._next = 0
        self._lock = threading.Lock()
        self._slots = {url: threading.Semaphore(self.per_server) for url in self.urls}
        self._down: dict[str, float] = {}

    @property
    def concurrency(self) -> int:
        """Requests in flight at most, over all servers."""
        return self.per_server * len(self.urls)

    def _pick(self) -> str:
        """The next server in turn, skipping those that failed a moment ago while others may not have."""
        with self._lock:
            now = time.monotonic()
            for _ in range(len(self.urls)):
                url = self.urls[self._next % len(self.urls)]
                self._next += 1
                if self._down.get(url, 0.0) <= now:
                    return url
            return url  # every server failed recently: try the next one anyway

    def _mark_down(self, url: str) -> None:
        with self._lock:
            self._down[url] = time.monotonic() + self.max_backoff

    def _another_is_up(self, url: str) -> bool:
        with self._lock:
            now = time.monotonic()
            return any(u != url and self._down.get(u, 0.0) <= now for u in self.urls)

    def post_all(
        self,
        path: str,
        payloads: Sequence[Mapping[str, Any]],
        *,
        form: bool = False,
        read: Callable[[Any], Any] | None = None,
    ) -> list[Any]:
        """POST every payload, ``concurrency`` at a time, answers in order (through ``read``, as ``request``);
        the first failure stops the rest."""
        return self.map(lambda payload: self.request(path, payload, form=form, read=read), payloads)

    def map(self, work: Callable[[T], R], items: Sequence[T]) -> list[R]:
        """``work(item)`` for every item (each doing its own requests), ``concurrency`` at a time, in order.

        The first failure is raised once the items already running have finished; the rest are dropped.
        """
        if len(items) <= 1:
            return [work(item) for item in items]
        failed = threading.Event()

        def guarded(item: T) -> R:
            if failed.is_set():  # a worker freed by the failure must not start the next item
                raise _Dropped()
            try:
                return work(item)
            except BaseException:
                failed.set()
                raise

        with ThreadPoolExecutor(max_workers=min(self.concurrency, len(items))) as pool:
            futures: list[Future[R]] = [pool.submit(guarded, item) for item in items]
            done, _ = wait(futures, return_when=FIRST_EXCEPTION)
            for future in futures:
                if (
                    future in done
                    and future.exception() is not None
                    and not isinstance(future.exception(), _Dropped)
                ):
                    for other in futures:
                        other.cancel()
                    raise future.exception()  # type: ignore[misc]
            return [f.result() for f in futures]

    def request(
        self,
        path: str,
        payload: Mapping[str, Any] | None = None,
        *,
        form: bool = False,
        read: Callable[[Any], Any] | None = None,
    ) -> Any:
        """The decoded JSON answer of the next server that answers: a GET of ``path``, or with ``payload``
        a POST (JSON, or form-encoded with ``form``); through ``read`` when given, whose
        MalformedAnswer becomes one EngineUnavailable line naming the server."""
        failures: dict[str, str] = {}
        delay = self.backoff
        for attempt in range(self.retries + 1):
            url = self._pick()
            try:
                answer = self._once(url, path, payload, form=form)
            except _Retryable as exc:
                failures[url] = exc.reason
                if exc.server_down:
                    self._mark_down(url)
                if attempt == self.retries or (exc.hung and not self._another_is_up(url)):
                    break  # a server that missed its deadline is not asked again: that is the wait
                if exc.server_down and self._another_is_up(url):
                    continue  # fail over at once; backoff is for a server that asks to wait
                wait_for = exc.retry_after if exc.retry_after is not None else delay
                time.sleep(min(wait_for, self.max_backoff))
                delay = min(delay * 2, self.max_backoff)
                continue
            if read is None:
                return answer
            try:
                return read(answer)
            except MalformedAnswer as exc:
                raise EngineUnavailable(
                    f"{url}{path} answered {exc}; check that --engine-url points at {self.engine}"
                ) from exc
        tried = "; ".join(f"{url}: {reason}" for url, reason in failures.items())
        attempts = len(failures) if len(failures) > 1 else attempt + 1
        raise EngineUnavailable(
            f"no {self.engine} server answered after {attempts} attempt{'s' if attempts > 1 else ''} "
            f"({tried}); start one, fix --engine-url, or give it longer (--engine-timeout)"
        )

    def _once(self, url: str, path: str, payload: Mapping[str, Any] | None, *, form: bool) -> Any:
        headers = {"Accept": "application/json"}
        data: bytes | None = None
        if payload is not None:
            if form:
                data = urllib.parse.urlencode(payload, doseq=True).encode("utf-8")
                headers["Content-Type"] = "application/x-www-form-urlencoded; charset=utf-8"
            else:
                data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
                headers["Content-Type"] = "application/json"
        if self.on_request is not None:
            self.on_request(url, payload or {})
        with self._slots[url]:
            try:
                status, reason, retry_after, body = _exchange(
                    url + path, data, headers, time.monotonic() + self.timeout, self.max_bytes
                )
            except _TooBig as exc:
                raise EngineUnavailable(
                    f"{url}{path} answered more than {self.max_bytes:,} bytes ({exc}); a translation is a "
                    "few kilobytes: check the server, or raise --engine-max-response"
                ) from exc
            except TimeoutError as exc:
                raise _Retryable(
                    f"no complete answer within {self.timeout:g} s", None, server_down=True, hung=True
                ) from exc
            except (OSError, http.client.HTTPException) as exc:  # refused, reset, DNS, a broken answer
                raise _Retryable(str(exc) or exc.__class__.__name__, None, server_down=True) from exc
        if status >= 400:
            message = _error_message(body, reason)
            if status in _RETRYABLE:
                raise _Retryable(f"HTTP {status} {message}".strip(), retry_after, server_down=status != 429)
            raise ServerError(url, status, message)
        try:
            return json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise _Retryable(f"answer is not JSON ({len(body)} bytes)", None, server_down=True) from exc


class _Dropped(Exception):
    """An item ``ServerPool.map`` did not start because another had failed."""


class _TooBig(Exception):
    """An answer past the size cap."""


def _exchange(
    target: str, data: bytes | None, headers: dict[str, str], deadline: float, limit: int
) -> tuple[int, str, float | None, bytes]:
    """(status, reason, Retry-After, body) of one HTTP exchange that must end by ``deadline``.

    Every socket operation waits at most what is left of the deadline, and at the deadline a timer
    shuts the connection, so a server that trickles a byte now and then (in its headers too) still
    runs out of time; the body is read in chunks and given up past ``limit`` bytes (a
    Content-Length above it is refused before reading). TimeoutError when the deadline passes,
    _TooBig past the limit.
    """
    parts = urllib.parse.urlsplit(target)

    def left() -> float:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError("deadline passed")
        return remaining

    kind = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    connection = kind(parts.hostname or "", parts.port, timeout=left())
    timer = threading.Timer(left(), _cut, args=(connection,))
    timer.daemon = True
    timer.start()
    try:
        return _converse(connection, parts, data, headers, left, limit)
    except (OSError, http.client.HTTPException) as exc:
        if time.monotonic() >= deadline and not isinstance(exc, TimeoutError):
            raise TimeoutError("deadline passed") from exc  # the timer cut a connection still talking
        raise
    finally:
        timer.cancel()
        connection.close()


def _cut(connection: http.client.HTTPConnection) -> None:
    """Shut a connection whose deadline passed: a read blocked on it returns at once."""
    sock = connection.sock
    if sock is not None:
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)


def _converse(
    connection: http.client.HTTPConnection,
    parts: urllib.parse.SplitResult,
    data: bytes | None,
    headers: dict[str, str],
    left: Callable[[], float],
    limit: int,
) -> tuple[int, str, float | None, bytes]:
    """One request and its answer on ``connection`` (see ``_exchange``)."""
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    connection.request("POST" if data is not None else "GET", path, body=data, headers=headers)
    if connection.sock is not None:
        connection.sock.settimeout(left())
    response = connection.getresponse()
    declared = response.getheader("Content-Length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise _TooBig(f"Content-Length {int(declared):,}")
    body = bytearray()
    while True:
        if connection.sock is not None:
            connection.sock.settimeout(left())
        chunk = response.read1(_CHUNK)
        if not chunk:
            break
        body += chunk
        if len(body) > limit:
            raise _TooBig("and still sending")
    left()  # the timer ends a read at the deadline as if the answer had ended: it had not
    if declared is not None and declared.isdigit() and len(body) < int(declared):
        raise http.client.IncompleteRead(bytes(body), int(declared) - len(body))
    retry_after = _seconds(response.getheader("Retry-After"))
    return response.status, response.reason or "", retry_after, bytes(body)


class _Retryable(Exception):
    """A failure worth another attempt; ``server_down``: try another server first (not for 429);
    ``hung``: the server missed the deadline, so only another server is worth asking."""

    def __init__(self, reason: str, retry_after: float | None, *, server_down: bool, hung: bool = False):
        self.reason = reason
        self.retry_after = retry_after
        self.server_down = server_down
        self.hung = hung
        super().__init__(reason)


def _seconds(value: str | None) -> float | None:
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


def _error_message(body: bytes, reason: str) -> str:
    """The server's own explanation: LibreTranslate's ``error``, APy's ``explanation``, or the reason."""
    try:
        decoded = json.loads(body.decode("utf-8", "replace"))
    except json.JSONDecodeError:
        decoded = None
    if isinstance(decoded, dict):
        for key in ("error", "explanation", "message", "responseDetails"):
            if isinstance(decoded.get(key), str) and decoded[key]:
                return str(decoded[key])
    return reason


class _PoolOptions(TypedDict, total=False):
    per_server: int
    timeout: float
    max_bytes: int
    retries: int
    backoff: float
    on_request: Callable[[str, Mapping[str, Any]], None] | None


class ServerOptions(_PoolOptions, total=False):
    """What a server engine takes besides its URLs: the API key and ``ServerPool``'s settings."""

    api_key: str | None


class ServerEngine(Engine):
    """The base of the server engines: ``pool`` over ``urls``, ``api_key``, and ``call``, which makes a
    refusal the one-line error to act on. A subclass names its servers (``label``) and its defaults."""

    label: ClassVar[str]  # the servers' name in messages: "LibreTranslate"
    default_per_server: ClassVar[int] = 1
    default_timeout: ClassVar[float] = 300.0

    def __init__(self, urls: Sequence[str], *, api_key: str | None = None, **options: Unpack[_PoolOptions]):
        self.api_key = api_key
        options.setdefault("per_server", self.default_per_server)
        options.setdefault("timeout", self.default_timeout)
        self.pool = ServerPool(urls, engine=self.label, **options)

    @staticmethod
    def call(request: Callable[[], R]) -> R:
        """``request()``, a ``ServerError`` turned into EngineUnavailable or (HTTP 400) ModelMissing."""
        try:
            return request()
        except ServerError as exc:
            if exc.status in (401, 403):
                raise EngineUnavailable(
                    f"{exc.url} refused the request (HTTP {exc.status}: {exc.message}); pass a valid --api-key"
                ) from exc
            if exc.status == 400:
                raise ModelMissing(
                    f"{exc.url}: {exc.message or 'HTTP 400'}; install the pair on the server"
                ) from exc
            raise EngineUnavailable(f"{exc.url}: HTTP {exc.status} {exc.message}; check the server") from exc
