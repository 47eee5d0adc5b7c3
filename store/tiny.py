"""The TinyDB store: crash-safe JSON files, in-memory indexes, an inter-process lock.

Three files sit side by side (for ``--db data/bot.json``):

* ``bot.json``: the knowledge (events, officials, bills). Read-mostly, written by ingest.
* ``bot.state.json``: chats, their subscriptions and follows, scheduler marks. Written often.
* ``bot.ledger.jsonl``: the delivery ledger, an append-only journal (see ``Ledger``).

Keeping them apart means a subscription change does not re-serialise every article, and the
delivery ledger, written twice per message sent, never re-serialises anything.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import json
import os
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from tinydb import TinyDB
from tinydb.middlewares import Middleware
from tinydb.storages import MemoryStorage, Storage
from tinydb.table import Document

from bot.core.knowledge import KnowledgeUpdate
from bot.core.models import Bill, Event, Official
from store.chats import ChatShards
from store.files import keep_backup, read_tables

# "keys": every identity an article is known by (its URL, canonical link, content) -> event id.
KNOWLEDGE_TABLES = ("events", "officials", "bills", "changes", "keys")
# "chats" is read only to move an old database's chats into their shards (``store.chats``).
STATE_TABLES = ("chats", "meta", "sources")


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

    def read(self) -> dict[str, dict[str, Any]] | None:
        # Checked: a damaged file raises DamagedFile naming it, never reads as empty.
        return read_tables(self.path)

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
        with open(tmp, "wb") as handle:
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
        self._cache: dict[str, dict[str, Any]] | None = None
        self._depth = 0
        self._dirty = False

    def read(self) -> dict[str, dict[str, Any]] | None:
        if self._cache is None:
            self._cache = self.storage.read()
        return self._cache

    def write(self, data: dict[str, dict[str, Any]]) -> None:
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


class _TinyFile:
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
        self.docs: dict[str, dict[str, dict[str, Any]]] = {}
        self._doc_ids: dict[str, dict[str, int]] = {}
        self._stamp: tuple[int, int, int] | None = None
        self._lock_depth = 0
        self._lock_fd: int | None = None
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
            docs: dict[str, dict[str, Any]] = {}
            ids: dict[str, int] = {}
            for doc in table.all():
                docs[str(doc[self.key])] = dict(doc)
                ids[str(doc[self.key])] = doc.doc_id
            self.docs[name] = docs
            self._doc_ids[name] = ids

    def changed_on_disk(self) -> bool:
        return self.path is not None and self._disk_stamp() != self._stamp

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        """An exclusive ``flock``: a CLI ingest and the running bot never write at once."""
        if self.lock_path is None:
            yield
            return
        if self._lock_depth == 0:
            self.lock_path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT, 0o644)
            fcntl.flock(fd, fcntl.LOCK_EX)
            self._lock_fd = fd
        self._lock_depth += 1
        try:
            yield
        finally:
            self._lock_depth -= 1
            if self._lock_depth == 0 and self._lock_fd is not None:
                fcntl.flock(self._lock_fd, fcntl.LOCK_UN)
                os.close(self._lock_fd)
                self._lock_fd = None

    def write(self, changes: dict[str, dict[str, dict[str, Any] | None]]) -> None:
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

    def _write_table(self, name: str, docs: dict[str, dict[str, Any] | None]) -> None:
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


def sibling(path: Path, suffix: str) -> Path:
    """``data/bot.json`` -> ``data/bot.state.json``."""
    stem = path.name[: -len(path.suffix)] if path.suffix else path.name
    return path.with_name(stem + suffix)


class TinyStore:
    """The ``Store`` on TinyDB files, or wholly in memory with ``path=None`` (for tests)."""

    def __init__(self, path: str | Path | None, durable_ledger: bool = False) -> None:
        self.path = Path(path) if path is not None else None
        self._knowledge = _TinyFile(self.path, KNOWLEDGE_TABLES, key="id")
        self._state = _TinyFile(
            sibling(self.path, ".state.json") if self.path else None, STATE_TABLES, key="id"
        )
        # Both files share one lock, so a writer of either sees the other's latest data. One lock
        # object too (one descriptor, one depth), not just one path: flock on a second descriptor
        # of the same file waits for our own first one, so ``writing()`` -> ``refresh()`` taking
        # the state's lock after another process wrote the state file would hang for ever.
        self._state.lock_path = self._knowledge.lock_path
        self._state.locked = self._knowledge.locked  # type: ignore[method-assign]
        self._ledger = Ledger(
            sibling(self.path, ".ledger.jsonl") if self.path else None, durable=durable_ledger
        )
        self._chats = ChatShards(sibling(self.path, ".chats") if self.path else None,
                                 self._open_shard, self._knowledge.locked)
        if self._state.docs["chats"]:
            self._migrate_chats()
        self._claimed_here: set[tuple[int, str]] = set()
        self._version = 0
        self._build_knowledge()

    def _open_shard(self, path: Path | None) -> _TinyFile:
        shard = _TinyFile(path, ("chats",), key="id")
        shard.lock_path = self._knowledge.lock_path
        shard.locked = self._knowledge.locked  # type: ignore[method-assign]
        return shard

    def _migrate_chats(self) -> None:
        """A database from before the shards kept its chats in ``bot.state.json``: they move
        into shards, then leave the state file, each step one atomic write (a crash between
        them leaves the chats in both, and the next open moves them again)."""
        with self._knowledge.locked():
            if self._state.changed_on_disk():
                self._state.load()
            old = self._state.docs["chats"]
            if old:
                self._chats.migrate(old)
                self._state.write({"chats": dict.fromkeys(old)})

    # ------------------------------------------------------------------ knowledge
    def _build_knowledge(self) -> None:
        docs = self._knowledge.docs
        self._events = {k: Event.from_dict(v) for k, v in docs["events"].items()}
        self._officials = {k: Official.from_dict(v) for k, v in docs["officials"].items()}
        self._bills = {k: Bill.from_dict(v) for k, v in docs["bills"].items()}
        self._changes = sorted(docs["changes"].values(), key=lambda c: int(c["seq"]))
        self._keys = {k: str(v["event"]) for k, v in docs["keys"].items()}
        self._sorted_events: list[Event] | None = None
        self._version += 1

    def refresh(self) -> bool:
        """Pick up what another process (``python -m bot ingest``) wrote. Cheap: one stat."""
        changed = False
        if self._knowledge.changed_on_disk():
            with self._knowledge.locked():
                self._knowledge.load()
            self._build_knowledge()
            changed = True
        if self._state.changed_on_disk():
            with self._state.locked():
                self._state.load()
            changed = True
        if self._chats.refresh():
            changed = True
        self._ledger.load()
        return changed

    def knowledge_version(self) -> int:
        return self._version

    def get_event(self, event_id: str) -> Event | None:
        return self._events.get(event_id)

    def event_for_key(self, key: str) -> str | None:
        """The event known under this identity (URL, canonical link, content), if any."""
        found = self._keys.get(key)
        if found is not None:
            return found
        return key if key in self._events else None

    def last_change_seq(self) -> int:
        return int(self._changes[-1]["seq"]) if self._changes else 0

    def changes_after(self, seq: int) -> list[dict[str, Any]]:
        """Change-log entries numbered above ``seq``, oldest first."""
        if not self._changes or int(self._changes[-1]["seq"]) <= seq:
            return []
        return [c for c in self._changes if int(c["seq"]) > seq]

    def changes_between(self, start: dt.datetime, end: dt.datetime) -> list[dict[str, Any]]:
        """Change-log entries stamped in (start, end]."""
        return [c for c in self._changes
                if start < dt.datetime.fromisoformat(c["at"]) <= end]

    def get_official(self, official_id: str) -> Official | None:
        return self._officials.get(official_id)

    def get_bill(self, bill_id: str) -> Bill | None:
        return self._bills.get(bill_id)

    def all_events(self) -> Sequence[Event]:
        if self._sorted_events is None:
            self._sorted_events = sorted(self._events.values(), key=Event.sort_key)
        return self._sorted_events

    def all_officials(self) -> Sequence[Official]:
        return list(self._officials.values())

    def all_bills(self) -> Sequence[Bill]:
        return list(self._bills.values())

    def apply(self, updates: Sequence[KnowledgeUpdate], at: dt.datetime | None = None,
              keys: Mapping[str, str] | None = None) -> None:
        """Write the updates of one or more articles in one atomic write.

        Each update also appends an entry to the change log (``changes``), numbered in order and
        stamped ``at`` (UTC), which digests and follow alerts read. ``keys`` maps identities of
        the articles (URL, canonical link, content id) to their event ids, written alongside.
        """
        if not updates:
            return
        at = at or dt.datetime.now(dt.UTC)
        changes: dict[str, dict[str, dict[str, Any] | None]] = {t: {} for t in KNOWLEDGE_TABLES}
        with self._knowledge.locked():
            if self._knowledge.changed_on_disk():
                self._knowledge.load()  # another process wrote: number our changes after its
                self._build_knowledge()
            seq = self.last_change_seq()
            records = []
            # An official or bill named by many articles of the batch is written once, as the
            # last update leaves it (serialising every intermediate version costs time that
            # grows with its history, for nothing: the last one wins the key anyway).
            officials: dict[str, Official] = {}
            bills: dict[str, Bill] = {}
            for update in updates:
                seq += 1
                record = {"id": str(seq), "seq": seq, "at": at.astimezone(dt.UTC).isoformat(),
                          **update.change_record()}
                changes["changes"][str(seq)] = record
                records.append(record)
                changes["events"][update.event.id] = update.event.to_dict()
                for official in update.officials:
                    officials[official.id] = official
                for bill in update.bills:
                    bills[bill.id] = bill
            changes["officials"] = {key: o.to_dict() for key, o in officials.items()}
            changes["bills"] = {key: b.to_dict() for key, b in bills.items()}
            changes["keys"] = {k: {"id": k, "event": e} for k, e in (keys or {}).items()}
            try:
                self._knowledge.write(changes)
            except BaseException:
                self._build_knowledge()  # the file mirror was reloaded from disk
                raise
        self._changes.extend(records)
        self._keys.update(keys or {})
        for update in updates:
            self._events[update.event.id] = update.event
            for official in update.officials:
                self._officials[official.id] = official
            for bill in update.bills:
                self._bills[bill.id] = bill
        self._sorted_events = None
        self._version += 1

    @contextlib.contextmanager
    def writing(self) -> Iterator[None]:
        """Hold the write lock across a read-modify-write (plan an ingest, then apply it)."""
        with self._knowledge.locked():
            self.refresh()
            yield

    # ------------------------------------------------------------------ chat state
    def get_chat(self, chat_id: int) -> dict[str, Any] | None:
        doc = self._chats.get(chat_id)
        return dict(doc) if doc is not None else None

    def all_chats(self) -> Sequence[dict[str, Any]]:
        return [dict(doc) for doc in self._chats.all()]

    def put_chat(self, chat: dict[str, Any]) -> None:
        self._chats.write({int(chat["id"]): dict(chat)})

    def put_chats(self, chats: Sequence[dict[str, Any]]) -> None:
        self._chats.write({int(c["id"]): dict(c) for c in chats})

    def delete_chat(self, chat_id: int) -> None:
        self._chats.write({chat_id: None})

    def load_chats(self, limit: int | None = None) -> bool:
        """Read up to ``limit`` more chat shards (None: all); True once every chat is in memory.
        """
        return self._chats.load_some(limit)

    def chat_changes(self, cursor: int) -> tuple[int, list[int] | None]:
        """Chats written (here or by another process, seen by ``refresh``) since ``cursor``."""
        return self._chats.changes_since(cursor)

    def get_meta(self, key: str) -> Any:
        doc = self._state.docs["meta"].get(key)
        return doc["value"] if doc is not None else None

    def put_meta(self, key: str, value: Any) -> None:
        self._state.write({"meta": {key: {"id": key, "value": value}}})

    @contextlib.contextmanager
    def state_batch(self) -> Iterator[None]:
        with self._state.locked():
            with self._state.middleware.batch(), self._chats.batch():
                yield
            self._state._stamp = self._state._disk_stamp()

    # ------------------------------------------------------------------ news sources
    def all_sources(self) -> Sequence[dict[str, Any]]:
        return [dict(doc) for doc in self._state.docs["sources"].values()]

    def put_source(self, source: dict[str, Any]) -> None:
        self._state.write({"sources": {str(source["id"]): dict(source)}})

    def delete_source(self, source_id: str) -> None:
        self._state.write({"sources": {source_id: None}})

    # ------------------------------------------------------------------ delivery ledger
    def ledger_get(self, chat_id: int, item: str) -> str | None:
        return self._ledger.entries.get((chat_id, item))

    def ledger_claim(self, chat_id: int, item: str) -> bool:
        """Claim (chat, item) before sending; False if it was settled or is being sent.

        A claim left by an earlier process (killed between claim and settle) may be claimed
        again: that message is the one in doubt, and we resend it rather than lose it. A "retry"
        outcome (network trouble) may be claimed again too.
        """
        key = (chat_id, item)
        state = self._ledger.entries.get(key)
        if state is not None and state != "retry" and not (
                state == "claimed" and key not in self._claimed_here):
            return False
        self._claimed_here.add(key)
        self._ledger.append(chat_id, item, "claimed")
        return True

    def ledger_settle(self, chat_id: int, item: str, outcome: str) -> None:
        self._claimed_here.discard((chat_id, item))
        self._ledger.append(chat_id, item, outcome)

    def ledger_sync(self) -> None:
        """fsync the ledger. Appends survive a killed process without it (they are in the OS's
        page cache); this is for power loss, so once per batch is enough."""
        self._ledger.sync()

    def ledger_items(self) -> Iterator[tuple[int, str, str]]:
        for (chat_id, item), state in self._ledger.entries.items():
            yield chat_id, item, state

    def close(self) -> None:
        self._knowledge.close()
        self._state.close()
        self._ledger.close()
