"""The HTTP client the server engines share: round robin, bounded concurrency, retries, one-line failure.

Public: ServerEngine, ServerOptions, ServerPool, ServerError, batches(sizes, max_items, max_chars).

``ServerPool(urls)`` sends requests to several servers of the same kind in turn (round
robin), with at most ``per_server`` requests in flight on each. A request that meets HTTP
429, a 5xx, a timeout or a refused connection is retried with exponential backoff
(``Retry-After`` honoured), on the next server when there are several. When no server
answers, EngineUnavailable says so in one line, naming each server and what it did.
Other HTTP errors (400: a pair the server lacks, 403: a bad API key) are not retried:
``ServerError`` carries the status and the server's message; ``ServerEngine.call`` explains it.
``ServerEngine`` is the base of the server engines: their pool, API key and error messages.
Standard library only (urllib + a thread pool): the servers are the heavy part.
"""

from __future__ import annotations

import json
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import FIRST_EXCEPTION, Future, ThreadPoolExecutor, wait
from typing import Any, ClassVar, TypedDict, TypeVar, Unpack

from localise.errors import EngineUnavailable, ModelMissing
from localise.mt.engines.base import Engine

__all__ = ["ServerEngine", "ServerError", "ServerOptions", "ServerPool", "batches"]

_RETRYABLE = {429, 500, 502, 503, 504}
T = TypeVar("T")
R = TypeVar("R")


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

    ``engine`` names them in messages ("LibreTranslate"); ``timeout`` is per request;
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

    def post_all(self, path: str, payloads: Sequence[Mapping[str, Any]], *, form: bool = False) -> list[Any]:
        """POST every payload, ``concurrency`` at a time, answers in order; the first failure stops the rest."""
        return self.map(lambda payload: self.request(path, payload, form=form), payloads)

    def map(self, work: Callable[[T], R], items: Sequence[T]) -> list[R]:
        """``work(item)`` for every item (each doing its own requests), ``concurrency`` at a time, in order.

        The first failure is raised once the items already running have finished; the rest are dropped.
        """
        if len(items) <= 1:
            return [work(item) for item in items]
        with ThreadPoolExecutor(max_workers=min(self.concurrency, len(items))) as pool:
            futures: list[Future[R]] = [pool.submit(work, item) for item in items]
            done, _ = wait(futures, return_when=FIRST_EXCEPTION)
            for future in futures:
                if future in done and future.exception() is not None:
                    for other in futures:
                        other.cancel()
                    raise future.exception()  # type: ignore[misc]
            return [f.result() for f in futures]

    def request(self, path: str, payload: Mapping[str, Any] | None = None, *, form: bool = False) -> Any:
        """The decoded JSON answer of the next server that answers: a GET of ``path``, or with ``payload``
        a POST (JSON, or form-encoded with ``form``)."""
        failures: dict[str, str] = {}
        delay = self.backoff
        for attempt in range(self.retries + 1):
            url = self._pick()
            try:
                return self._once(url, path, payload, form=form)
            except _Retryable as exc:
                failures[url] = exc.reason
                if exc.server_down:
                    self._mark_down(url)
                if attempt == self.retries:
                    break
                if exc.server_down and self._another_is_up(url):
                    continue  # fail over at once; backoff is for a server that asks to wait
                wait_for = exc.retry_after if exc.retry_after is not None else delay
                time.sleep(min(wait_for, self.max_backoff))
                delay = min(delay * 2, self.max_backoff)
        tried = "; ".join(f"{url}: {reason}" for url, reason in failures.items())
        raise EngineUnavailable(
            f"no {self.engine} server answered after {self.retries + 1} attempts ({tried}); "
            "start one or fix --engine-url"
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
        request = urllib.request.Request(
            url + path, data=data, headers=headers, method="POST" if data else "GET"
        )
        with self._slots[url]:
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as answer:
                    body = answer.read()
            except urllib.error.HTTPError as exc:
                message = _error_message(exc)
                if exc.code in _RETRYABLE:
                    reason = f"HTTP {exc.code} {message}".strip()
                    raise _Retryable(reason, _retry_after(exc), server_down=exc.code != 429) from exc
                raise ServerError(url, exc.code, message) from exc
            except (urllib.error.URLError, OSError) as exc:  # refused, reset, timed out, DNS
                reason = str(exc.reason if isinstance(exc, urllib.error.URLError) else exc)
                raise _Retryable(reason or exc.__class__.__name__, None, server_down=True) from exc
        try:
            return json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise _Retryable(f"answer is not JSON ({len(body)} bytes)", None, server_down=True) from exc


class _Retryable(Exception):
    """A failure worth another attempt; ``server_down``: try another server first (not for 429)."""

    def __init__(self, reason: str, retry_after: float | None, *, server_down: bool):
        self.reason = reason
        self.retry_after = retry_after
        self.server_down = server_down
        super().__init__(reason)


def _retry_after(exc: urllib.error.HTTPError) -> float | None:
    value = exc.headers.get("Retry-After") if exc.headers else None
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


def _error_message(exc: urllib.error.HTTPError) -> str:
    """The server's own explanation: LibreTranslate's ``error``, APy's ``explanation``, or the reason."""
    try:
        body = exc.read().decode("utf-8", "replace")
    except OSError:
        body = ""
    try:
        decoded = json.loads(body)
    except json.JSONDecodeError:
        decoded = None
    if isinstance(decoded, dict):
        for key in ("error", "explanation", "message", "responseDetails"):
            if isinstance(decoded.get(key), str) and decoded[key]:
                return str(decoded[key])
    return str(exc.reason or "")


class _PoolOptions(TypedDict, total=False):
    per_server: int
    timeout: float
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
