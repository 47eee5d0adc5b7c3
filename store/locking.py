"""The inter-process write lock every file of one database shares (``<db>.lock``)."""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Iterator
from pathlib import Path


class FileLock:
    """An exclusive ``flock`` on ``path``, re-entrant within the process.

    Re-entrant because one write often nests another (an ingest's read-modify-write holds the
    lock, and the write inside takes it again); flock on a second descriptor of the same file
    would wait for our own first one, so the depth is counted on one descriptor.
    """

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._depth = 0
        self._fd: int | None = None

    @contextlib.contextmanager
    def held(self) -> Iterator[None]:
        if self.path is None:
            yield
            return
        if self._depth == 0:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)  # the operator's alone
            fcntl.flock(fd, fcntl.LOCK_EX)
            self._fd = fd
        self._depth += 1
        try:
            yield
        finally:
            self._depth -= 1
            if self._depth == 0 and self._fd is not None:
                fcntl.flock(self._fd, fcntl.LOCK_UN)
                os.close(self._fd)
                self._fd = None
