"""Hostile sites against the fetcher (issue 22): stacked compression bombs, dripped headers, DNS
rebinding, IPv6 forms of loopback. All on 127.0.0.1, each bounded to a few seconds."""

from __future__ import annotations

import gzip
import socket
import subprocess
import time
import zlib
from pathlib import Path
from typing import Any

import pytest

from bot.web.fetch import Fetcher, FetchError
from bot.web.transport import public

from .command_line import PYTHON, ROOT, cli_env
from .hostile import PEAK_WRAPPER, Hostile, Reply, zeros_gzipped
from .newsroom import STORIES, article_page


def local(timeout: float = 2.0) -> Fetcher:
    return Fetcher(allow_local=True, total_timeout=timeout, obey_robots=False)


def test_stacked_gzip_bomb_costs_no_memory(site: Hostile, tmp_path: Path) -> None:
    """512 MiB of zeros gzipped twice (a few KB on the wire): ``ingest URL`` refuses it as over
    2 MB while decoding, and the process never holds the expansion (its own peak RSS)."""
    bomb = zeros_gzipped(512 << 20, layers=2)
    assert len(bomb) < 20_000
    site.routes["/bomb"] = Reply(bomb, headers={"Content-Encoding": "gzip, gzip"})
    peak_file = tmp_path / "peak"
    result = subprocess.run(
        [PYTHON, "-c", PEAK_WRAPPER, "ingest", site.url("/bomb"), "--db",
         str(tmp_path / "bot.json")], cwd=ROOT, capture_output=True, text=True, timeout=60,
        env=cli_env(BOT_ALLOW_LOCAL_SOURCES="1", BOT_FETCH_TIMEOUT="10",
                    PEAK_FILE=str(peak_file)))
    assert result.returncode == 2, result.stderr
    assert "over 2 MB" in result.stderr
    peak = int(peak_file.read_text()) * 1024
    print(f"peak {peak >> 20} MiB")
    assert peak < 300 << 20, f"peak {peak >> 20} MiB"


@pytest.mark.parametrize("codings", ["gzip, gzip", "deflate, gzip", "gzip, deflate, gzip",
                                     "x-gzip, gzip"])
def test_every_layer_is_capped(site: Hostile, codings: str) -> None:
    data = bytes(8 << 20)
    for coding in [c.strip() for c in codings.split(",")]:
        data = zlib.compress(data) if coding == "deflate" else gzip.compress(data)
    site.routes["/b"] = Reply(data, headers={"Content-Encoding": codings})
    with local() as fetcher, pytest.raises(FetchError, match="over 2 MB"):
        fetcher.get(site.url("/b"))


def test_compressed_pages_still_read_and_unknown_codings_refused(site: Hostile) -> None:
    page = article_page(STORIES["steppe"])
    site.routes["/gz"] = Reply(gzip.compress(gzip.compress(page)),
                               headers={"Content-Encoding": "gzip, gzip"})
    site.routes["/raw-deflate"] = Reply(zlib.compress(page)[2:-4],
                                        headers={"Content-Encoding": "deflate"})
    site.routes["/br"] = Reply(b"\x1b\x03", headers={"Content-Encoding": "br"})
    with local() as fetcher:
        assert fetcher.get(site.url("/gz")).body == page
        assert fetcher.get(site.url("/raw-deflate")).body == page
        with pytest.raises(FetchError, match="content encoding br not read"):
            fetcher.get(site.url("/br"))


def test_dripped_headers_end_at_the_deadline(site: Hostile) -> None:
    """A byte of status line and headers every 0.1 s: the 1 s deadline holds from the first
    byte (a per-read timeout would restart with each byte and wait out the whole drip)."""
    site.routes["/drip"] = Reply(b"x" * 100, drip=0.1, drip_for=6.0)
    with local(timeout=1.0) as fetcher:
        started = time.monotonic()
        with pytest.raises(FetchError, match="timed out"):
            fetcher.get(site.url("/drip"))
        assert time.monotonic() - started < 2.0


def test_dns_rebinding_gets_no_request_through(site: Hostile,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """A name that resolves public the first time and 127.0.0.1 afterwards: the address checked
    is the address connected to, so the site on 127.0.0.1 never sees a request."""
    real = socket.getaddrinfo
    answers = iter(["93.184.216.34"] + ["127.0.0.1"] * 10)

    def rebinding(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        if host == "rebind.example":
            return real(next(answers), port, *args, **kwargs)
        return real(host, port, *args, **kwargs)

    def loopback_only(address: Any, *args: Any, **kwargs: Any) -> Any:
        if address[0] != "127.0.0.1":  # this test never reaches past loopback
            raise OSError("no network in tests")
        return real_connect(address, *args, **kwargs)

    real_connect = socket.create_connection
    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    monkeypatch.setattr(socket, "create_connection", loopback_only)
    site.routes["/"] = Reply(b"secret")
    with Fetcher(total_timeout=2.0, obey_robots=False) as fetcher, \
            pytest.raises(FetchError, match="private or local"):
        fetcher.get(f"http://rebind.example:{site.port}/")
    assert site.hits["/"] == 0


@pytest.mark.parametrize("address", ["::7f00:1", "64:ff9b::7f00:1", "2002:7f00:1::",
                                     "64:ff9b:1::a00:1", "::a9fe:a9fe",
                                     "2001:0:4136:e378:8000:63bf:80ff:fffe"])
def test_ipv6_forms_of_local_addresses_are_refused(address: str) -> None:
    assert not public(address)


def test_public_ipv6_and_ipv4_still_pass() -> None:
    assert public("2a00:1450:4001:80b::200e")
    assert public("64:ff9b::5db8:d822")  # NAT64 of 93.184.216.34
    assert public("93.184.216.34")
