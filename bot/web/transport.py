"""The sockets under ``bot.web.fetch``: what a hostile site can do to a fetch is bounded here.

* **One deadline per fetch, from the first byte.** Every connect, TLS handshake, read and write
  is given the time left until the fetch's deadline (a context variable the fetch sets), not a
  fresh per-read timeout: a server that drips its status line and headers a byte at a time is cut
  off at the deadline like one that drips its body.
* **The address checked is the address connected to.** The name is resolved once, here; every
  address it gives must be public (unless local sources are allowed), and the socket connects to
  one of exactly those. A name that resolves public for a check and private for the connection
  (DNS rebinding) never gets a request through.
* **Decoding is capped while it happens.** Each content-coding layer (gzip, deflate, stacked in
  any order) is decompressed with an output limit, so 6 KB of twice-gzipped zeros costs at most
  the cap, never the gigabytes they expand to. Codings we did not ask for (br, zstd ...) are
  refused rather than passed on undecoded.
"""

from __future__ import annotations

import contextvars
import ipaddress
import socket
import ssl
import time
import zlib
from collections.abc import Iterable
from typing import Any

import httpcore

DEADLINE: contextvars.ContextVar[float | None] = contextvars.ContextVar("fetch_deadline",
                                                                        default=None)
ACCEPT_ENCODING = "gzip, deflate"


class Refused(Exception):
    """A host whose address is not public; the message is one line, safe to show."""


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    """IPv4 addresses an IPv6 address carries and some network would route to: mapped,
    IPv4-compatible (``::7f00:1``), NAT64 (``64:ff9b::/96``, ``64:ff9b:1::/48``), 6to4 and
    Teredo."""
    found = [a for a in (ip.ipv4_mapped, ip.sixtofour) if a is not None]
    if ip.teredo is not None:
        found.extend(ip.teredo)
    value = int(ip)
    low = ipaddress.IPv4Address(value & 0xFFFFFFFF)
    if value >> 32 == 0 or ip in ipaddress.IPv6Network("64:ff9b::/96") \
            or ip in ipaddress.IPv6Network("64:ff9b:1::/48"):
        found.append(low)
    return found


def public(address: str) -> bool:
    """An address anyone on the Internet reaches the same way (not loopback, private, link-local,
    multicast, reserved), nor an IPv6 form of such an IPv4 address."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = _embedded_ipv4(ip)
        if any(not (v4.is_global and not v4.is_multicast) for v4 in embedded):
            return False
    return ip.is_global and not ip.is_multicast


def _left(timeout: float | None, error: type[Exception]) -> float | None:
    """The timeout for one socket operation: the caller's, cut to what the deadline leaves."""
    deadline = DEADLINE.get()
    if deadline is None:
        return timeout
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise error("timed out")
    return remaining if timeout is None else min(timeout, remaining)


class _Stream(httpcore.NetworkStream):
    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, _left(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, _left(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(self, ssl_context: ssl.SSLContext, server_hostname: str | None = None,
                  timeout: float | None = None) -> httpcore.NetworkStream:
        return _Stream(self._inner.start_tls(ssl_context, server_hostname,
                                             _left(timeout, httpcore.ConnectTimeout)))

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class GuardedBackend(httpcore.SyncBackend):
    """Resolves, checks and connects in one place; every socket answers to the deadline."""

    def __init__(self, allow_local: bool) -> None:
        self.allow_local = allow_local

    def connect_tcp(self, host: str, port: int, timeout: float | None = None,
                    local_address: str | None = None,
                    socket_options: Iterable[Any] | None = None) -> httpcore.NetworkStream:
        timeout = _left(timeout, httpcore.ConnectTimeout)
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (socket.gaierror, UnicodeError):
            raise httpcore.ConnectError(f"{host}: no such host") from None
        if not self.allow_local:
            for info in infos:
                if not public(str(info[4][0])):
                    raise Refused(f"{host}: refused, a private or local address "
                                  f"({info[4][0]}); set BOT_ALLOW_LOCAL_SOURCES=1 to allow")
        last: Exception | None = None
        for *_kind, address in infos:
            try:  # a literal address: nothing is resolved again
                stream = super().connect_tcp(str(address[0]), port,
                                             _left(timeout, httpcore.ConnectTimeout),
                                             local_address, socket_options)
            except httpcore.ConnectError as error:
                last = error
                continue
            return _Stream(stream)
        raise httpcore.ConnectError(str(last or f"{host}: no address"))


class TooLarge(Exception):
    """More than the cap, counted at some layer of decoding."""


class UnknownCoding(Exception):
    """A content coding this fetcher does not decode (and did not ask for)."""


class _Layer:
    """One content coding, decompressed with a cap on everything it gives out."""

    def __init__(self, coding: str, cap: int) -> None:
        self.coding, self.cap, self.produced = coding, cap, 0
        # deflate is meant to be zlib-wrapped, but servers send raw deflate too: try the
        # wrapper, fall back to raw on the first bytes (as browsers and httpx do).
        wbits = zlib.MAX_WBITS | 16 if coding in {"gzip", "x-gzip"} else zlib.MAX_WBITS
        self._zlib = zlib.decompressobj(wbits)
        self._first: bytes | None = b"" if coding == "deflate" else None

    def feed(self, data: bytes) -> bytes:
        if self._first is not None:
            self._first += data
            try:
                out = self._take(self._first)
            except zlib.error:
                self._zlib = zlib.decompressobj(-zlib.MAX_WBITS)
                out = self._take(self._first)
            self._first = None
            return out
        return self._take(data)

    def _take(self, data: bytes) -> bytes:
        if self._zlib.eof:
            return b""  # trailing bytes after the stream's end are ignored
        out = self._zlib.decompress(data, self.cap - self.produced + 1)
        self.produced += len(out)
        if self.produced > self.cap:
            raise TooLarge
        return out

    def flush(self) -> bytes:
        out = self._zlib.flush() if not self._zlib.eof else b""
        self.produced += len(out)
        if self.produced > self.cap:
            raise TooLarge
        return out


class Decoder:
    """The body's bytes through its content codings, last applied first; every layer and the
    raw bytes capped at ``cap``."""

    def __init__(self, content_encoding: str, cap: int) -> None:
        codings = [c.strip().lower() for c in content_encoding.split(",")]
        codings = [c for c in codings if c and c != "identity"]
        unknown = [c for c in codings if c not in {"gzip", "x-gzip", "deflate"}]
        if unknown:
            raise UnknownCoding(unknown[0][:20])
        self.cap = cap
        self.raw = 0
        self.layers = [_Layer(c, cap) for c in reversed(codings)]
        self.chunks: list[bytes] = []
        self.size = 0

    def feed(self, data: bytes) -> None:
        self.raw += len(data)
        if self.raw > self.cap:
            raise TooLarge
        for layer in self.layers:
            data = layer.feed(data)
        self._keep(data)

    def finish(self) -> bytes:
        for index, layer in enumerate(self.layers):
            data = layer.flush()
            for later in self.layers[index + 1:]:
                data = later.feed(data)
            self._keep(data)
        return b"".join(self.chunks)

    def _keep(self, data: bytes) -> None:
        if data:
            self.size += len(data)
            if self.size > self.cap:
                raise TooLarge
            self.chunks.append(data)
