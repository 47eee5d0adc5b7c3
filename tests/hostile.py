"""A hostile web site on 127.0.0.1 for the tests: raw sockets, so it can do what a polite server
never does (drip its status line a byte at a time, stack gzip on gzip, hold a request open).
Every behaviour is bounded in bytes and time, so a test that fails still ends.

``Hostile`` maps paths to ``Reply`` values (or to functions writing to the socket themselves) and
counts the requests each path received.
"""

from __future__ import annotations

import contextlib
import gzip
import socket
import threading
import time
import zlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Reply:
    body: bytes = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    drip: float = 0.0  # seconds between bytes of the status line and headers
    drip_for: float = 0.0  # stop dripping (and close) after this long


Writer = Callable[[socket.socket], None]


def zeros_gzipped(size: int, layers: int = 2) -> bytes:
    """``size`` zero bytes gzipped ``layers`` times, made chunk by chunk (never held whole)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    block = bytes(1 << 20)
    parts = [packer.compress(block) for _ in range(size // len(block))]
    data = b"".join(parts) + packer.flush()
    for _ in range(layers - 1):
        data = gzip.compress(data, 9)
    return data


class Hostile:
    def __init__(self) -> None:
        self.routes: dict[str, Reply | Writer] = {}
        self.hits: Counter[str] = Counter()
        self._sock = socket.create_server(("127.0.0.1", 0))
        self._sock.settimeout(0.2)
        self.port = self._sock.getsockname()[1]
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def __enter__(self) -> Hostile:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join(5)
        self._sock.close()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            threading.Thread(target=self._handle, args=(conn,), daemon=True).start()

    def _handle(self, conn: socket.socket) -> None:
        with contextlib.closing(conn):
            conn.settimeout(5)
            data = b""
            with contextlib.suppress(OSError):
                while b"\r\n\r\n" not in data and len(data) < 65536:
                    chunk = conn.recv(4096)
                    if not chunk:
                        return
                    data += chunk
            parts = data.split(b" ", 2)
            path = parts[1].decode("latin-1") if len(parts) > 2 else "/"
            self.hits[path] += 1
            route = self.routes.get(path, Reply(b"not here", 404))
            with contextlib.suppress(OSError):
                if callable(route):
                    route(conn)
                else:
                    self._reply(conn, route)

    def _reply(self, conn: socket.socket, reply: Reply) -> None:
        head = f"HTTP/1.1 {reply.status} X\r\n"
        headers = {"Content-Length": str(len(reply.body)), "Connection": "close",
                   "Content-Type": "text/html; charset=utf-8", **reply.headers}
        head += "".join(f"{k}: {v}\r\n" for k, v in headers.items()) + "\r\n"
        if reply.drip:
            started = time.monotonic()
            for byte in head.encode():
                if self._stop.is_set() or time.monotonic() - started > reply.drip_for:
                    return
                conn.sendall(bytes([byte]))
                time.sleep(reply.drip)
        else:
            conn.sendall(head.encode())
        conn.sendall(reply.body)


# ``python -m bot ARGS`` that writes its own peak resident memory (VmHWM, KiB) to $PEAK_FILE as
# it exits. wait4's ru_maxrss would not do: Linux carries the parent's peak across fork and
# exec, so a child of a large test process would report the test's memory, not its own.
PEAK_WRAPPER = """
import atexit, os, runpy, sys
def _peak():
    with open("/proc/self/status") as status, open(os.environ["PEAK_FILE"], "w") as out:
        out.write(next(l for l in status if l.startswith("VmHWM:")).split()[1])
atexit.register(_peak)
sys.argv = ["bot", *sys.argv[1:]]
runpy.run_module("bot", run_name="__main__", alter_sys=True)
"""
