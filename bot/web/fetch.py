"""Fetching news sites as a good citizen, and safely.

* A User-Agent that names the bot and its operator's contact (``BOT_CONTACT``).
* Conditional GET: the caller passes the ETag / Last-Modified it saw; a 304 costs no body.
* Timeouts: 10 s to connect, 30 s for the whole response from the first byte sent, headers
  included (``BOT_FETCH_TIMEOUT`` shortens the total, for tests); a body over 2 MB is cut off
  and refused, counted at every layer of decompression while it is decompressed, so a gzip bomb
  (stacked too) costs no more than the cap (``bot.web.transport``).
* At most one request at a time per host, and robots.txt is obeyed (cached for an hour).
* Redirects are followed by hand, at most 5, each hop checked like the first.
* Only http(s); no loopback, private, link-local or otherwise non-public address unless
  ``BOT_ALLOW_LOCAL_SOURCES=1`` (IPv6 forms of such IPv4 addresses too). The socket connects to
  the very address that was checked, so a name that resolves differently the second time (DNS
  rebinding) gets nothing through.
"""

from __future__ import annotations

import socket
import threading
import time
import urllib.robotparser
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx

from bot.web.transport import (
    ACCEPT_ENCODING,
    DEADLINE,
    Decoder,
    GuardedBackend,
    Refused,
    TooLarge,
    UnknownCoding,
    public,
)

if TYPE_CHECKING:
    from bot.config import FetchSettings

MAX_BYTES = 2_000_000
MAX_REDIRECTS = 5
CONNECT_TIMEOUT = 10.0
TOTAL_TIMEOUT = 30.0
ROBOTS_TTL = 3600.0
BOT_NAME = "KZParliamentBot"
BOT_VERSION = "0.1"


class FetchError(Exception):
    """A URL could not be fetched; the message is one short line, safe to show."""


class NoAnswer(FetchError):
    """Nothing answered: no connection, or no reply in time (not an answer that refused)."""


@dataclass(frozen=True)
class Response:
    url: str  # after redirects
    status: int
    body: bytes = b""
    content_type: str = ""
    etag: str | None = None
    last_modified: str | None = None

    @property
    def not_modified(self) -> bool:
        return self.status == 304


def check_url(url: str) -> str:
    """The URL, stripped, if it is http(s) with a host; else ``FetchError``."""
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme.lower() not in {"http", "https"}:
        raise FetchError(f"{url}: only http:// and https:// addresses are read")
    if not parts.hostname:
        raise FetchError(f"{url}: no host in this address")
    return url


@dataclass
class Fetcher:
    """One client for a poll pass (or a command): keeps connections, robots.txt and host locks."""

    contact: str = ""
    allow_local: bool = False
    connect_timeout: float = CONNECT_TIMEOUT
    total_timeout: float = TOTAL_TIMEOUT
    max_bytes: int = MAX_BYTES
    obey_robots: bool = True
    _pool: httpcore.ConnectionPool | None = field(default=None, init=False, repr=False)
    _host_locks: dict[str, threading.Lock] = field(default_factory=dict, init=False, repr=False)
    _robots: dict[str, tuple[float, urllib.robotparser.RobotFileParser | None]] = field(
        default_factory=dict, init=False, repr=False)
    _guard: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)

    @classmethod
    def from_settings(cls, fetching: FetchSettings) -> Fetcher:
        """A client as the settings (BOT_CONTACT, BOT_ALLOW_LOCAL_SOURCES, BOT_FETCH_TIMEOUT)
        say."""
        total = fetching.timeout or TOTAL_TIMEOUT
        return cls(contact=fetching.contact, allow_local=fetching.allow_local,
                   connect_timeout=min(CONNECT_TIMEOUT, total), total_timeout=total)

    @property
    def user_agent(self) -> str:
        contact = f"; {self.contact}" if self.contact else ""
        return (f"{BOT_NAME}/{BOT_VERSION} (a news reader for a Telegram bot about Kazakhstan's "
                f"Parliament{contact})")

    def pool(self) -> httpcore.ConnectionPool:
        if self._pool is None:
            self._pool = httpcore.ConnectionPool(
                network_backend=GuardedBackend(self.allow_local), keepalive_expiry=5.0,
                max_connections=10)
        return self._pool

    def close(self) -> None:
        if self._pool is not None:
            self._pool.close()
            self._pool = None

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    # ------------------------------------------------------------------ checks
    def _check_host(self, url: str) -> None:
        parts = urlsplit(url)
        host = parts.hostname or ""
        if self.allow_local:
            return
        try:
            infos = socket.getaddrinfo(host, parts.port or (443 if parts.scheme == "https"
                                                            else 80), type=socket.SOCK_STREAM)
        except (socket.gaierror, UnicodeError):
            raise FetchError(f"{host}: no such host") from None
        for info in infos:
            if not public(str(info[4][0])):
                raise FetchError(f"{host}: refused, a private or local address "
                                 f"({info[4][0]}); set BOT_ALLOW_LOCAL_SOURCES=1 to allow")

    def _lock_for(self, url: str) -> threading.Lock:
        host = (urlsplit(url).hostname or "").lower()
        with self._guard:
            return self._host_locks.setdefault(host, threading.Lock())

    def allowed_by_robots(self, url: str) -> bool:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        cached = self._robots.get(origin)
        if cached is None or time.monotonic() - cached[0] > ROBOTS_TTL:
            parser: urllib.robotparser.RobotFileParser | None = None
            try:
                response = self._get(origin + "/robots.txt", None, None, robots=False)
                if response.status < 300:
                    parser = urllib.robotparser.RobotFileParser()
                    parser.parse(response.body.decode("utf-8", "replace").splitlines())
            except NoAnswer as error:
                # robots.txt is only the first thing asked: a site that answers nothing is
                # down, whatever page was wanted, and is named so.
                raise NoAnswer(f"the site {parts.netloc} does not answer: {error}") from None
            except FetchError as error:
                # RFC 9309: an unreachable robots.txt (5xx) means "crawl nothing"; a missing
                # one (4xx) means "crawl anything".
                if not str(error).startswith("HTTP 4"):
                    raise FetchError(f"robots.txt of {parts.netloc}: {error}") from None
            cached = (time.monotonic(), parser)
            self._robots[origin] = cached
        return cached[1] is None or cached[1].can_fetch(BOT_NAME, url)

    # ------------------------------------------------------------------ fetching
    def get(self, url: str, etag: str | None = None, last_modified: str | None = None
            ) -> Response:
        """GET with every rule above; raises ``FetchError`` (HTTP errors included)."""
        return self._get(check_url(url), etag, last_modified, robots=self.obey_robots)

    def _get(self, url: str, etag: str | None, last_modified: str | None, robots: bool
             ) -> Response:
        deadline = time.monotonic() + self.total_timeout
        for _hop in range(MAX_REDIRECTS + 1):
            check_url(url)
            self._check_host(url)
            if robots and not self.allowed_by_robots(url):
                raise FetchError(f"{url}: disallowed by the site's robots.txt")
            with self._lock_for(url):
                response = self._request(url, etag, last_modified, deadline)
            if isinstance(response, Response):
                return response
            url = response
            etag = last_modified = None  # validators belong to the first URL
        raise FetchError(f"more than {MAX_REDIRECTS} redirects")

    def _request(self, url: str, etag: str | None, last_modified: str | None,
                 deadline: float) -> Response | str:
        """One request: the response, or the URL it redirects to."""
        headers = [("User-Agent", self.user_agent),
                   ("Accept", "application/rss+xml, application/atom+xml, "
                              "application/xml;q=0.9, text/html;q=0.9, */*;q=0.5"),
                   ("Accept-Encoding", ACCEPT_ENCODING)]
        if etag:
            headers.append(("If-None-Match", etag))
        if last_modified:
            headers.append(("If-Modified-Since", last_modified))
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise NoAnswer("timed out")
        connect = min(self.connect_timeout, remaining)
        token = DEADLINE.set(deadline)  # every socket operation of this request answers to it
        try:
            target = httpx.URL(url)  # IDN hosts and non-ASCII paths, encoded as httpx does
            core_url = httpcore.URL(scheme=target.raw_scheme, host=target.raw_host,
                                    port=target.port, target=target.raw_path)
            with self.pool().stream("GET", core_url, headers=headers, extensions={
                    "timeout": {"connect": connect, "read": remaining, "write": remaining,
                                "pool": remaining}}) as reply:
                return self._read(reply, str(target), etag, last_modified, deadline)
        except httpcore.TimeoutException:
            raise NoAnswer("timed out") from None
        except Refused as error:
            raise FetchError(str(error)) from None
        except (httpcore.NetworkError, httpcore.ProtocolError, httpcore.UnsupportedProtocol,
                httpx.InvalidURL, OSError, ValueError) as error:
            raise NoAnswer(f"no connection ({type(error).__name__})") from None
        finally:
            DEADLINE.reset(token)

    def _read(self, reply: httpcore.Response, url: str, etag: str | None,
              last_modified: str | None, deadline: float) -> Response | str:
        def header(name: bytes) -> str:
            values = [v.decode("latin-1") for k, v in reply.headers if k.lower() == name]
            return values[0] if name == b"location" and values else ", ".join(values)

        if reply.status in {301, 302, 303, 307, 308}:
            location = header(b"location")
            if not location:
                raise FetchError(f"HTTP {reply.status} without a Location")
            return urljoin(url, location)
        if reply.status == 304:
            return Response(url, 304, etag=etag, last_modified=last_modified)
        if reply.status >= 400:
            raise FetchError(f"HTTP {reply.status}")
        declared = header(b"content-length")
        if declared.isdigit() and int(declared) > self.max_bytes:
            raise FetchError(self._too_large())
        try:
            decoder = Decoder(header(b"content-encoding"), self.max_bytes)
            stream = reply.stream
            assert isinstance(stream, Iterable)  # a sync pool's stream
            for chunk in stream:
                decoder.feed(chunk)
                if time.monotonic() > deadline:
                    raise FetchError("timed out")
            body = decoder.finish()
        except TooLarge:
            raise FetchError(self._too_large()) from None
        except UnknownCoding as error:
            raise FetchError(f"content encoding {error} not read") from None
        except zlib.error:
            raise FetchError("a damaged compressed body") from None
        return Response(url, reply.status, body, header(b"content-type"),
                        header(b"etag") or None, header(b"last-modified") or None)

    def _too_large(self) -> str:
        return f"over {self.max_bytes / 1_000_000:g} MB, not read"
