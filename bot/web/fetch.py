"""Fetching news sites as a good citizen, and safely.

* A User-Agent that names the bot and its operator's contact (``BOT_CONTACT``).
* Conditional GET: the caller passes the ETag / Last-Modified it saw; a 304 costs no body.
* Timeouts: 10 s to connect, 30 s for the whole response (``BOT_FETCH_TIMEOUT`` shortens the
  total, for tests); a body over 2 MB is cut off and refused, counted after decompression, so a
  gzip bomb is refused too.
* At most one request at a time per host, and robots.txt is obeyed (cached for an hour).
* Redirects are followed by hand, at most 5, each hop checked like the first.
* Only http(s); no loopback, private, link-local or otherwise non-public address unless
  ``BOT_ALLOW_LOCAL_SOURCES=1``. The name is resolved and checked before connecting, and the
  address actually connected to is checked again before the body is read (a name that resolves
  differently the second time, DNS rebinding, is caught there).
"""

from __future__ import annotations

import ipaddress
import os
import socket
import threading
import time
import urllib.robotparser
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import httpx

MAX_BYTES = 2_000_000
MAX_REDIRECTS = 5
CONNECT_TIMEOUT = 10.0
TOTAL_TIMEOUT = 30.0
ROBOTS_TTL = 3600.0
BOT_NAME = "KZParliamentBot"
BOT_VERSION = "0.1"


class FetchError(Exception):
    """A URL could not be fetched; the message is one short line, safe to show."""


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


def env_flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in {"1", "true", "yes"}


def check_url(url: str) -> str:
    """The URL, stripped, if it is http(s) with a host; else ``FetchError``."""
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme.lower() not in {"http", "https"}:
        raise FetchError(f"{url}: only http:// and https:// addresses are read")
    if not parts.hostname:
        raise FetchError(f"{url}: no host in this address")
    return url


def _public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


@dataclass
class Fetcher:
    """One client for a poll pass (or a command): keeps connections, robots.txt and host locks."""

    contact: str = ""
    allow_local: bool = False
    connect_timeout: float = CONNECT_TIMEOUT
    total_timeout: float = TOTAL_TIMEOUT
    max_bytes: int = MAX_BYTES
    obey_robots: bool = True
    _client: httpx.Client | None = field(default=None, init=False, repr=False)
    _host_locks: dict[str, threading.Lock] = field(default_factory=dict, init=False, repr=False)
    _robots: dict[str, tuple[float, urllib.robotparser.RobotFileParser | None]] = field(
        default_factory=dict, init=False, repr=False)
    _guard: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)

    @classmethod
    def from_environment(cls) -> Fetcher:
        total = TOTAL_TIMEOUT
        raw = os.environ.get("BOT_FETCH_TIMEOUT", "").strip()
        if raw:
            try:
                total = max(0.1, float(raw))
            except ValueError:
                raise ValueError("BOT_FETCH_TIMEOUT must be a number of seconds") from None
        return cls(contact=os.environ.get("BOT_CONTACT", "").strip(),
                   allow_local=env_flag("BOT_ALLOW_LOCAL_SOURCES"),
                   connect_timeout=min(CONNECT_TIMEOUT, total), total_timeout=total)

    @property
    def user_agent(self) -> str:
        contact = f"; {self.contact}" if self.contact else ""
        return (f"{BOT_NAME}/{BOT_VERSION} (a news reader for a Telegram bot about Kazakhstan's "
                f"Parliament{contact})")

    def client(self) -> httpx.Client:
        if self._client is None:
            self._client = httpx.Client(
                follow_redirects=False, trust_env=False,
                headers={"User-Agent": self.user_agent,
                         "Accept": "application/rss+xml, application/atom+xml, "
                                   "application/xml;q=0.9, text/html;q=0.9, */*;q=0.5"},
                timeout=httpx.Timeout(self.total_timeout, connect=self.connect_timeout))
        return self._client

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

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
            if not _public(str(info[4][0])):
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
            except FetchError as error:
                # RFC 9309: an unreachable robots.txt (5xx, no answer) means "crawl nothing";
                # a missing one (4xx) means "crawl anything".
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
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise FetchError("timed out")
        timeout = httpx.Timeout(remaining, connect=min(self.connect_timeout, remaining))
        try:
            with self.client().stream("GET", url, headers=headers, timeout=timeout) as reply:
                self._check_peer(reply, url)
                if reply.status_code in {301, 302, 303, 307, 308}:
                    target = str(reply.headers.get("location") or "")
                    if not target:
                        raise FetchError(f"HTTP {reply.status_code} without a Location")
                    return urljoin(url, target)
                if reply.status_code == 304:
                    return Response(url, 304, etag=etag, last_modified=last_modified)
                if reply.status_code >= 400:
                    raise FetchError(f"HTTP {reply.status_code}")
                declared = reply.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > self.max_bytes:
                    raise FetchError(self._too_large())
                chunks, size = [], 0
                for chunk in reply.iter_bytes():
                    size += len(chunk)
                    if size > self.max_bytes:
                        raise FetchError(self._too_large())
                    if time.monotonic() > deadline:
                        raise FetchError("timed out")
                    chunks.append(chunk)
                return Response(str(reply.url), reply.status_code, b"".join(chunks),
                                reply.headers.get("content-type", ""),
                                reply.headers.get("etag"), reply.headers.get("last-modified"))
        except httpx.TimeoutException:
            raise FetchError("timed out") from None
        except (httpx.HTTPError, httpx.InvalidURL, OSError) as error:
            raise FetchError(f"no answer ({type(error).__name__})") from None

    def _too_large(self) -> str:
        return f"over {self.max_bytes / 1_000_000:g} MB, not read"

    def _check_peer(self, reply: httpx.Response, url: str) -> None:
        if self.allow_local:
            return
        stream = reply.extensions.get("network_stream")
        peer = stream.get_extra_info("server_addr") if stream is not None else None
        if peer and not _public(str(peer[0])):
            raise FetchError(f"{urlsplit(url).hostname}: refused, a private or local address "
                             f"({peer[0]})")
