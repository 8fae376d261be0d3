"""The HTTP client under the OpenAI SDK: every request bounded in total time and reply size.

httpx's timeouts bound each socket operation, not a request: a server that sends one byte every
5 s never trips a 30 s read timeout and kept a request alive for 900 s. So every request here
gets a wall-clock deadline — ``min(timeout, the time left of the run)`` from when it is sent —
and every socket read, write and connect is given at most the time left until it, the status
line and headers included. A reply is refused as soon as it is known to be larger than
``max_reply_bytes`` (by its content-length, else while it arrives), so it is never buffered
whole; replies are asked for uncompressed (``Accept-Encoding: identity``) and a compressed one is
refused, since its size on the wire says nothing of its size in memory.

The client keeps httpx's own transports (so ``HTTPS_PROXY`` and the rest of the environment still
apply); the socket clamp is a wrapper around the network backend of their connection pools. That
backend is not public httpx API: if a future httpx2 moves it, ``clamp_sockets`` wraps nothing and
the body check still bounds a trickled body (to the deadline plus one read timeout).

Errors come out as the SDK expects them: ``httpx2.ReadTimeout`` (the SDK's ``APITimeoutError``),
``ReplyTooLarge`` and ``ReplyCompressed`` (``openai.OpenAIError``: the SDK re-raises them as they
are, and the retry policy does not retry them).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator

import httpcore2
import httpx2
import openai

Clock = Callable[[], float]


class ReplyTooLarge(openai.OpenAIError):
    def __init__(self, limit: int):
        super().__init__(f"the reply was larger than {describe_bytes(limit)}")
        self.limit = limit


class ReplyCompressed(openai.OpenAIError):
    def __init__(self, encoding: str):
        super().__init__(f"the reply was compressed ({encoding}) although none was asked for")
        self.encoding = encoding


def describe_bytes(count: int) -> str:
    """1000000 → "1 MB", 2500 → "2.5 kB", 512 → "512 bytes" (decimal units)."""
    for size, unit in ((1_000_000_000, "GB"), (1_000_000, "MB"), (1_000, "kB")):
        if count >= size:
            return f"{count / size:.3g} {unit}"
    return f"{count} byte{'' if count == 1 else 's'}"


class RequestClock:
    """The deadline of the request in flight on this thread (set when a request is sent)."""

    def __init__(self, clock: Clock = time.monotonic):
        self.clock = clock
        self._local = threading.local()

    def start(self, seconds: float) -> None:
        self._local.deadline = self.clock() + max(seconds, 0.0)

    def left(self, timeout: float | None) -> float | None:
        """``timeout`` shortened to the time left; raises ReadTimeout once none is left."""
        deadline = getattr(self._local, "deadline", None)
        if deadline is None:
            return timeout
        left = deadline - self.clock()
        if left <= 0:
            raise httpcore2.ReadTimeout("the request's total deadline has passed")
        return left if timeout is None else min(timeout, left)


class _ClampedStream(httpcore2.NetworkStream):
    def __init__(self, inner: httpcore2.NetworkStream, clock: RequestClock):
        self._inner = inner
        self._clock = clock

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, self._clock.left(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, self._clock.left(timeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(self, ssl_context, server_hostname=None, timeout=None):
        inner = self._inner.start_tls(ssl_context, server_hostname, self._clock.left(timeout))
        return _ClampedStream(inner, self._clock)

    def get_extra_info(self, info: str):
        return self._inner.get_extra_info(info)


class _ClampedBackend(httpcore2.NetworkBackend):
    def __init__(self, inner: httpcore2.NetworkBackend, clock: RequestClock):
        self._inner = inner
        self._clock = clock

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        stream = self._inner.connect_tcp(
            host, port, self._clock.left(timeout), local_address, socket_options
        )
        return _ClampedStream(stream, self._clock)

    def connect_unix_socket(self, path, timeout=None, socket_options=None):
        stream = self._inner.connect_unix_socket(path, self._clock.left(timeout), socket_options)
        return _ClampedStream(stream, self._clock)

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


def clamp_sockets(client: httpx2.Client, clock: RequestClock) -> int:
    """Wrap the network backend of every connection pool of ``client``; returns how many."""
    transports = [client._transport, *client._mounts.values()]  # noqa: SLF001 (see module doc)
    wrapped = 0
    for transport in transports:
        pool = getattr(transport, "_pool", None)
        backend = getattr(pool, "_network_backend", None)
        if isinstance(backend, httpcore2.NetworkBackend):
            pool._network_backend = _ClampedBackend(backend, clock)
            wrapped += 1
    return wrapped


class _BoundedBody(httpx2.SyncByteStream):
    """The reply body, refused past ``limit`` bytes or past the request's deadline."""

    def __init__(self, inner, limit: int, clock: RequestClock):
        self._inner = inner
        self._limit = limit
        self._clock = clock

    def __iter__(self) -> Iterator[bytes]:
        received = 0
        for chunk in self._inner:
            received += len(chunk)
            if received > self._limit:
                raise ReplyTooLarge(self._limit)
            try:
                self._clock.left(None)
            except httpcore2.ReadTimeout as exc:
                raise httpx2.ReadTimeout(str(exc)) from exc
            yield chunk

    def close(self) -> None:
        close = getattr(self._inner, "close", None)
        if close is not None:
            close()


def bounded_client(
    timeout: float,
    max_reply_bytes: int,
    time_left: Callable[[], float],
    auth: httpx2.Auth | None = None,
    clock: Clock = time.monotonic,
) -> httpx2.Client:
    """An ``httpx2.Client`` for the SDK (``OpenAI(http_client=...)``): each request ends within
    ``min(timeout, time_left())`` seconds of being sent and its reply within
    ``max_reply_bytes``."""
    request_clock = RequestClock(clock)

    def on_request(request: httpx2.Request) -> None:
        seconds = min(timeout, time_left())
        request_clock.start(seconds)
        request.extensions["timeout"] = {
            name: seconds for name in ("connect", "read", "write", "pool")
        }
        request.headers["accept-encoding"] = "identity"

    def on_response(response: httpx2.Response) -> None:
        encoding = response.headers.get("content-encoding", "identity").strip().lower()
        if encoding not in ("", "identity"):
            response.close()
            raise ReplyCompressed(encoding)
        length = response.headers.get("content-length", "")
        if length.isdigit() and int(length) > max_reply_bytes:
            response.close()
            raise ReplyTooLarge(max_reply_bytes)
        response.stream = _BoundedBody(response.stream, max_reply_bytes, request_clock)

    client = httpx2.Client(
        timeout=timeout,
        auth=auth,
        follow_redirects=True,
        event_hooks={"request": [on_request], "response": [on_response]},
    )
    clamp_sockets(client, request_clock)
    return client
