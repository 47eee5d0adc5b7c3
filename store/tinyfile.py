"""One crash-safe TinyDB file: atomic writes, batched writes, an in-memory mirror, a shared lock.

The knowledge file, the state file and every chat shard (``store.chats``) of ``store.tiny``'s
``TinyStore`` is one ``TinyFile``.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from tinydb import TinyDB
from tinydb.middlewares import Middleware
from tinydb.storages import MemoryStorage, Storage
from tinydb.table import Document

from bot.core.json_types import JsonObject
from store.files import keep_backup, read_tables
from store.locking import FileLock


def fsync_directory(path: Path) -> None:
    """Make a rename durable: the directory entry must reach the disk too."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def remove_stale_temp_files(path: Path) -> None:
    """A process killed mid-write leaves its temporary file behind; once that process is gone
    the file is garbage (the rename never happened), so it is removed on the next open."""
    for tmp in path.parent.glob(f".{path.name}.*.tmp"):
        try:
            pid = int(tmp.name.rsplit(".", 2)[-2])
            if pid == os.getpid():
                continue
            os.kill(pid, 0)  # still running: it may be writing right now
        except ProcessLookupError:
            tmp.unlink(missing_ok=True)
        except (ValueError, PermissionError, OSError):
            continue


class AtomicJSONStorage(Storage):
    """TinyDB's JSONStorage rewrites the file in place, so a kill mid-write leaves half a file.

    This one writes a temporary file in the same folder, fsyncs it and renames it over the old one
    (``os.replace`` is atomic on POSIX), then fsyncs the folder: a reader sees the old file or the
    new one, never a torn one.
    """

    def __init__(self, path: str | Path, **_: Any) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        remove_stale_temp_files(self.path)

    def read(self) -> dict[str, JsonObject] | None:
        # Checked: a damaged file raises DamagedFile naming it, never reads as empty.
        return read_tables(self.path)

    def write(self, data: dict[str, JsonObject]) -> None:
        tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
        # 0600: the chat state holds calendar tokens and chat ids, the operator's alone.
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        keep_backup(self.path)  # the version being replaced was read whole: the last good copy
        os.replace(tmp, self.path)
        fsync_directory(self.path.parent)

    def close(self) -> None:
        pass


class BatchingMiddleware(Middleware):
    """Keeps the data in memory and, inside ``batch()``, holds writes back until the end.

    Every TinyDB operation writes the whole database; a batch of a hundred inserts would write it a
    hundred times. Inside a batch the writes land in memory and one write goes to disk at the end.
    If the batch fails, the memory copy is dropped and re-read, so a failed batch writes nothing.
    """

    def __init__(self, storage_cls: type[Storage] = MemoryStorage) -> None:
        super().__init__(storage_cls)
        self._cache: dict[str, JsonObject] | None = None
        self._depth = 0
        self._dirty = False

    def read(self) -> dict[str, JsonObject] | None:
        if self._cache is None:
            self._cache = self.storage.read()
        return self._cache

    def write(self, data: dict[str, JsonObject]) -> None:
        self._cache = data
        if self._depth:
            self._dirty = True
        else:
            self.storage.write(data)

    def invalidate(self) -> None:
        self._cache = None

    @contextlib.contextmanager
    def batch(self) -> Iterator[None]:
        self._depth += 1
        try:
            yield
        except BaseException:
            self._depth -= 1
            if self._depth == 0:
                self._dirty = False
                self._cache = None
            raise
        self._depth -= 1
        if self._depth == 0 and self._dirty:
            self._dirty = False
            assert self._cache is not None
            self.storage.write(self._cache)


class TinyFile:
    """One TinyDB file with its tables mirrored in memory as ``{key: document}`` dicts."""

    def __init__(self, path: Path | None, tables: Sequence[str], key: str) -> None:
        self.path = path
        self.key = key
        self.tables = tuple(tables)
        self.middleware: BatchingMiddleware
        if path is None:
            self.db = TinyDB(storage=BatchingMiddleware(MemoryStorage))
        else:
            self.db = TinyDB(str(path), storage=BatchingMiddleware(AtomicJSONStorage))
        assert isinstance(self.db.storage, BatchingMiddleware)
        self.middleware = self.db.storage
        self.lock_path = path.with_name(path.name + ".lock") if path else None
        self.docs: dict[str, dict[str, JsonObject]] = {}
        self._doc_ids: dict[str, dict[str, int]] = {}
        self._stamp: tuple[int, int, int] | None = None
        self.lock = FileLock(self.lock_path)
        self.load()

    def _disk_stamp(self) -> tuple[int, int, int] | None:
        if self.path is None:
            return None
        try:
            st = self.path.stat()
        except FileNotFoundError:
            return None
        return (st.st_ino, st.st_mtime_ns, st.st_size)

    def load(self) -> None:
        self.middleware.invalidate()
        self.db.clear_cache()
        self.db._tables.clear()  # Table objects cache their next id; a reload must forget it
        self._stamp = self._disk_stamp()
        for name in self.tables:
            table = self.db.table(name)
            docs: dict[str, JsonObject] = {}
            ids: dict[str, int] = {}
            for doc in table.all():
                docs[str(doc[self.key])] = dict(doc)
                ids[str(doc[self.key])] = doc.doc_id
            self.docs[name] = docs
            self._doc_ids[name] = ids

    def changed_on_disk(self) -> bool:
        return self.path is not None and self._disk_stamp() != self._stamp

    def locked(self) -> contextlib.AbstractContextManager[None]:
        """An exclusive ``flock``: a CLI ingest and the running bot never write at once."""
        return self.lock.held()

    def write(self, changes: dict[str, dict[str, JsonObject | None]]) -> None:
        """Upsert (doc) or delete (None) documents by key, as one atomic write of the file."""
        with self.locked():
            if self.changed_on_disk():
                self.load()  # another process wrote: build on its data, not on a stale copy
            try:
                with self.middleware.batch():
                    for name, docs in changes.items():
                        if docs:
                            self._write_table(name, docs)
            except BaseException:
                self.load()  # the memory mirror may be half-changed: take the disk's word
                raise
            self._stamp = self._disk_stamp()

    def _write_table(self, name: str, docs: dict[str, JsonObject | None]) -> None:
        table = self.db.table(name)
        ids = self._doc_ids[name]
        # Two TinyDB operations per table, whatever the number of documents: each operation
        # rebuilds the whole table in memory, so one per document would make batches quadratic.
        replaced = [ids[key] for key in docs if key in ids]
        if replaced:
            table.remove(doc_ids=replaced)
        next_id = max(ids.values(), default=0) + 1
        inserts = []
        for key, doc in docs.items():
            if doc is None:
                ids.pop(key, None)
                self.docs[name].pop(key, None)
                continue
            doc_id = ids.get(key)
            if doc_id is None:
                doc_id = ids[key] = next_id
                next_id += 1
            inserts.append(Document(doc, doc_id=doc_id))
            self.docs[name][key] = doc
        if inserts:
            table.insert_multiple(inserts)

    def close(self) -> None:
        self.db.close()
