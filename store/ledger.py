"""The delivery ledger: an append-only JSON-lines journal of (chat, item) -> state."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any


class Ledger:
    """The delivery ledger as an append-only JSON-lines journal.

    Each line is ``[chat_id, item, state]``; the last line for a key wins. A kill mid-append
    leaves at most one torn last line, which ``load`` skips (that entry was never acknowledged).
    Each append is written straight to the OS (survives a killed process); ``durable=True`` also
    fsyncs each line (survives power loss, at a few milliseconds a line), otherwise ``sync`` is
    called once per batch. A TinyDB table would re-serialise the whole ledger twice per message.
    """

    def __init__(self, path: Path | None, durable: bool = False) -> None:
        self.path = path
        self.durable = durable
        self.entries: dict[tuple[int, str], str] = {}
        self._handle: Any = None
        self._offset = 0
        self.load()

    def load(self) -> None:
        if self.path is None or not self.path.exists():
            return
        with open(self.path, "rb") as handle:
            handle.seek(self._offset)
            data = handle.read()
        good = data.rfind(b"\n") + 1  # a torn last line has no newline yet: leave it for later
        for line in data[:good].splitlines():
            try:
                chat_id, item, state = json.loads(line)
            except (ValueError, TypeError):
                continue
            self.entries[(int(chat_id), str(item))] = str(state)
        self._offset += good

    def append(self, chat_id: int, item: str, state: str) -> None:
        self.entries[(chat_id, item)] = state
        if self.path is None:
            return
        if self._handle is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._handle = open(self.path, "ab")  # noqa: SIM115 - kept open for the process
        line = json.dumps([chat_id, item, state], ensure_ascii=False).encode() + b"\n"
        self._handle.write(line)
        self._handle.flush()
        if self.durable:
            os.fsync(self._handle.fileno())
        self._offset += len(line)

    def sync(self) -> None:
        if self._handle is not None:
            os.fsync(self._handle.fileno())

    def close(self) -> None:
        if self._handle is not None:
            self.sync()
            self._handle.close()
            self._handle = None
