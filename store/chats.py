"""Chat state in many small TinyDB files, by chat id.

One TinyDB file for every chat made each ``/subscribe`` re-serialise all of them: 0.6 s at
100,000 chats, with the bot frozen meanwhile. Here chats live in ``SHARDS`` files (``chat id mod
SHARDS``), each an ordinary crash-safe TinyDB file of the store (written whole to a temporary
file, fsynced, renamed), so a write costs one shard (about 100 chats at 100,000), not the lot.

Shards are read on first use: a reply reads its chat's shard only, and start-up parses no chat.
``load_some`` reads the rest a few at a time (the bot does it in the background; the first
scheduler tick waits for it).

Other processes (``python -m bot chats import`` beside the running bot) write the same shards under
the store's lock. Each writer appends the shard's number to ``changed`` *before* replacing it,
while it holds the lock; a reader that sees new numbers there takes the lock (so the rename is
done) and reloads those shards whose file changed. The file is a hint, not a record: it is not
fsynced, and a reader that finds it replaced (by an empty one when it grows past 1 MB) checks
every shard it holds.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Callable, Iterator, Mapping
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any, Protocol

from bot.core.json_types import JsonObject

# 1,024 shards: about 100 chats (30 kB) a shard at 100,000 chats, a write well under 2 ms.
SHARDS = 1024
LAYOUT = "layout.json"
HINTS = "changed"
HINTS_MAX = 1 << 20
# Changed chat ids kept for ``changes_since``; a reader further behind rebuilds from scratch.
CHANGES_KEPT = 200_000

Doc = JsonObject  # a stored chat, as ``Chat.to_dict`` wrote it


class ShardFile(Protocol):
    """What a shard needs of a TinyDB file (``store.tinyfile.TinyFile`` is one)."""

    path: Path | None
    docs: dict[str, dict[str, Doc]]

    def load(self) -> None: ...
    def changed_on_disk(self) -> bool: ...
    def write(self, changes: dict[str, dict[str, Doc | None]]) -> None: ...


class ChatShards:
    """Chats by id across shard files (or in memory, ``folder=None``)."""

    def __init__(self, folder: Path | None, open_file: Callable[[Path | None], ShardFile],
                 locked: Callable[[], AbstractContextManager[None]]) -> None:
        self.folder = folder
        self._open = open_file
        self._locked = locked
        self.count = self._read_layout()
        self._shards: dict[int, ShardFile] = {}
        self._unread: list[int] | None = None  # shard files on disk not read yet
        self._hint_inode, self._hint_offset = self._hint_stat()
        self._changed: list[int] = []
        self._changed_base = 0
        self._pending: dict[int, Doc | None] = {}
        self._depth = 0

    # ------------------------------------------------------------------ layout
    def _read_layout(self) -> int:
        if self.folder is None:
            return SHARDS
        try:
            return int(json.loads((self.folder / LAYOUT).read_text())["shards"])
        except FileNotFoundError:
            return SHARDS

    def _write_layout(self) -> None:
        """The shard count goes on disk with the first shard, so a later release may choose
        another count for new databases and still read this one."""
        assert self.folder is not None
        path = self.folder / LAYOUT
        if path.exists():
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{LAYOUT}.{os.getpid()}.tmp")
        with open(tmp, "w") as handle:
            json.dump({"shards": self.count}, handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)

    def shard_of(self, chat_id: int) -> int:
        return chat_id % self.count

    def file_of(self, chat_id: int) -> Path | None:
        """The shard file holding a chat (None in memory)."""
        return self._path(self.shard_of(chat_id))

    def _path(self, number: int) -> Path | None:
        # 64 folders of 16: each shard's storage sweeps its folder for stale temporary files
        # when opened, which would be quadratic in one folder of 1,024.
        if self.folder is None:
            return None
        return self.folder / f"{number >> 4:02x}" / f"{number:03x}.json"

    def _path_exists(self, number: int) -> bool:
        path = self._path(number)
        return path is not None and path.exists()

    def _shard(self, number: int) -> ShardFile:
        shard = self._shards.get(number)
        if shard is None:
            shard = self._shards[number] = self._open(self._path(number))
        return shard

    # ------------------------------------------------------------------ reads
    def get(self, chat_id: int) -> Doc | None:
        if chat_id in self._pending:
            return self._pending[chat_id]
        return self._shard(self.shard_of(chat_id)).docs["chats"].get(str(chat_id))

    def load_some(self, limit: int | None = None) -> bool:
        """Read up to ``limit`` shards not read yet (all with None); True once all are read."""
        if self.folder is None:
            return True
        if self._unread is None:
            found: list[int] = []
            if self.folder.is_dir():
                for sub in os.scandir(self.folder):
                    if sub.is_dir() and len(sub.name) == 2:
                        found.extend(int(f.name[:-5], 16) for f in os.scandir(sub.path)
                                     if f.name.endswith(".json") and not f.name.startswith("."))
            self._unread = sorted(n for n in found if n not in self._shards)
        while self._unread and (limit is None or limit > 0):
            self._shard(self._unread[-1])  # a damaged shard stays unread: it raises every time
            self._unread.pop()
            limit = None if limit is None else limit - 1
        return not self._unread

    def all(self) -> Iterator[Doc]:
        """Every chat (reads every shard first)."""
        self.load_some(None)
        for shard in self._shards.values():
            for key, doc in shard.docs["chats"].items():
                if int(key) not in self._pending:
                    yield doc
        yield from (doc for doc in self._pending.values() if doc is not None)

    # ------------------------------------------------------------------ writes
    def write(self, docs: Mapping[int, Doc | None]) -> None:
        """Upsert (doc) or delete (None) chats: one atomic write per shard touched.

        Shards with new or changed chats are written before shards with deletions only, so a
        chat moved to a new id (a group that became a supergroup) exists twice after a crash
        between the two, never zero times.
        """
        if self._depth:
            self._pending.update(docs)
            return
        by_shard: dict[int, dict[str, Doc | None]] = {}
        for chat_id, doc in docs.items():
            by_shard.setdefault(self.shard_of(chat_id), {})[str(chat_id)] = doc
        order = sorted(by_shard, key=lambda n: (all(d is None for d in by_shard[n].values()), n))
        for number in order:
            self._write_shard(number, by_shard[number])

    def _write_shard(self, number: int, changes: dict[str, Doc | None]) -> None:
        shard = self._shard(number)
        with self._locked():
            if shard.changed_on_disk():
                self._reload(number)  # another process wrote it: build on its data
            if self.folder is not None:
                self._write_layout()
                self._hint(number)
            shard.write({"chats": changes})
        self._note(int(key) for key in changes)

    def _hint(self, number: int) -> None:
        """Tell other processes this shard is about to change (held under the lock)."""
        assert self.folder is not None
        path = self.folder / HINTS
        try:
            if path.stat().st_size > HINTS_MAX:
                # Replaced, not truncated: a reader compares inodes, so however much is written
                # to the new file before it looks, it knows it missed the old file's tail.
                tmp = path.with_name(f".{HINTS}.{os.getpid()}.tmp")
                tmp.write_bytes(b"")
                os.replace(tmp, path)
        except FileNotFoundError:
            pass
        with open(path, "ab") as handle:
            handle.write(b"%d\n" % number)

    def migrate(self, docs: Mapping[str, Doc]) -> None:
        """Chats of the old single state file: copied into shards, a shard's own copy winning
        (a crash after some shards were written leaves both; the next open copies again)."""
        missing = {int(key): dict(doc) for key, doc in docs.items()
                   if self.get(int(key)) is None}
        self.write(missing)

    @contextlib.contextmanager
    def batch(self) -> Iterator[None]:
        """Changes held in memory and written at the end (one write per shard touched)."""
        self._depth += 1
        try:
            yield
        except BaseException:
            self._depth -= 1
            if not self._depth:
                self._pending = {}
            raise
        self._depth -= 1
        if not self._depth and self._pending:
            pending, self._pending = self._pending, {}
            self.write(pending)

    # ------------------------------------------------------------------ other processes
    def _hint_stat(self) -> tuple[int, int]:
        """(inode, size) of the hints file; (0, 0) if there is none."""
        if self.folder is None:
            return 0, 0
        try:
            st = (self.folder / HINTS).stat()
        except FileNotFoundError:
            return 0, 0
        return st.st_ino, st.st_size

    def refresh(self) -> bool:
        """Reload the shards other processes changed; True if any chat changed."""
        inode, size = self._hint_stat()
        if inode == self._hint_inode and size == self._hint_offset:
            return False
        numbers: set[int] = set()
        if inode != self._hint_inode or size < self._hint_offset:
            numbers = set(self._shards)  # a new hints file: any shard may have changed
            self._hint_inode, self._hint_offset = inode, 0
        assert self.folder is not None
        try:
            with open(self.folder / HINTS, "rb") as handle:
                handle.seek(self._hint_offset)
                data = handle.read(max(0, size - self._hint_offset))
        except FileNotFoundError:
            data = b""
        whole = data.rfind(b"\n") + 1
        numbers |= {int(n) for n in data[:whole].split()}
        self._hint_offset += whole
        before = len(self._changed)
        if self._unread is not None:
            # Once every chat is wanted (``load_some`` listed the folder), a shard file another
            # process created since is read now, or ``all`` would never see its chats.
            for number in numbers - set(self._shards):
                if number in self._unread:
                    continue  # still to be read: it will be read fresh
                if self._path_exists(number):
                    self._note(int(k) for k in self._shard(number).docs["chats"])
        numbers &= set(self._shards)  # a shard not read yet will be read fresh
        if numbers:
            with self._locked():  # the writer that left the hint has renamed its file by now
                for number in numbers:
                    if self._shards[number].changed_on_disk():
                        self._reload(number)
        return len(self._changed) > before

    def _reload(self, number: int) -> None:
        shard = self._shards[number]
        old = dict(shard.docs["chats"])
        shard.load()
        new = shard.docs["chats"]
        self._note(int(k) for k in old.keys() | new.keys() if old.get(k) != new.get(k))

    # ------------------------------------------------------------------ change feed
    def _note(self, chat_ids: Iterator[int] | Any) -> None:
        self._changed.extend(chat_ids)
        if len(self._changed) > CHANGES_KEPT:
            drop = len(self._changed) // 2
            del self._changed[:drop]
            self._changed_base += drop

    def changes_since(self, cursor: int) -> tuple[int, list[int] | None]:
        """Chat ids changed since ``cursor`` (None: too far behind, read them all), and the
        cursor to pass next time."""
        end = self._changed_base + len(self._changed)
        if cursor < self._changed_base:
            return end, None
        return end, self._changed[cursor - self._changed_base:]
