"""The TinyDB store: crash-safe JSON files, in-memory indexes, an inter-process lock.

Side by side (for ``--db data/bot.json``):

* ``bot.json`` and ``bot.knowledge/``: the knowledge (events, officials, bills, the change log),
  a small manifest naming many small part files (``store.parts``). Read-mostly, written by
  ingest; a write costs the parts it touches, whatever the size of the knowledge.
* ``bot.state.json``: scheduler marks, broadcasts, news sources.
* ``bot.chats/``: chats, their subscriptions and follows, in small shard files (``store.chats``).
  Written often; a write costs one shard, whatever the number of chats.
* ``bot.ledger.jsonl``: the delivery ledger, an append-only journal (``store.ledger``).

Keeping them apart means a subscription change does not re-serialise every article or every
chat, and the delivery ledger, written twice per message sent, never re-serialises anything.
Each file is TinyDB's JSON, written atomically (``store.tinyfile``).
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, cast

from bot.core.chats import Chat, ChatError
from bot.core.indexes import Indexes
from bot.core.knowledge import ChangeRecord, KnowledgeUpdate, Sizes
from bot.core.ledger import Outcome
from bot.core.models import Bill, Event, Official
from bot.core.source import Source
from store.chats import ChatShards
from store.files import StoreFileError
from store.knowledge import Knowledge, Stored
from store.ledger import Ledger
from store.locking import FileLock
from store.parts import part_of
from store.tinyfile import AtomicJSONStorage as AtomicJSONStorage  # re-exported for callers
from store.tinyfile import TinyFile as _TinyFile

# "chats" is read only to move an old database's chats into their shards (``store.chats``).
STATE_TABLES = ("chats", "meta", "sources")


def sibling(path: Path, suffix: str) -> Path:
    """``data/bot.json`` -> ``data/bot.state.json``."""
    stem = path.name[: -len(path.suffix)] if path.suffix else path.name
    return path.with_name(stem + suffix)


class TinyStore:
    """The ``Store`` on TinyDB files, or wholly in memory with ``path=None`` (for tests)."""

    def __init__(self, path: str | Path | None, durable_ledger: bool = False) -> None:
        self.path = Path(path) if path is not None else None
        # Every file of the database shares one lock (one object, one descriptor, one depth:
        # flock on a second descriptor of the same file waits for our own first one, so
        # ``writing()`` -> ``refresh()`` taking a second lock would hang for ever).
        self._lock = FileLock(self.path.with_name(self.path.name + ".lock")
                              if self.path else None)
        self._claimed_here: set[tuple[int, str]] = set()
        self._sorted_events: list[Event] | None = None
        self._changes: list[ChangeRecord] = []
        self._seen_version = -1
        self._knowledge = Knowledge(self.path, self._lock)
        self._indexes = Indexes(self._stored_texts)
        self._state = _TinyFile(
            sibling(self.path, ".state.json") if self.path else None, STATE_TABLES, key="id"
        )
        self._state.lock_path = self._lock.path
        self._state.lock = self._lock
        self._ledger = Ledger(
            sibling(self.path, ".ledger.jsonl") if self.path else None, durable=durable_ledger
        )
        self._chats = ChatShards(sibling(self.path, ".chats") if self.path else None,
                                 self._open_shard, self._lock.held)
        # Each stored chat read once: (its stored document, the Chat read from it). A write or
        # a reload replaces the document, so a Chat whose document is not the stored one is
        # stale and read again.
        self._read_chats: dict[int, tuple[Mapping[str, Any], Chat]] = {}
        if self._state.docs["chats"]:
            self._migrate_chats()

    def _open_shard(self, path: Path | None) -> _TinyFile:
        shard = _TinyFile(path, ("chats",), key="id")
        shard.lock_path = self._lock.path
        shard.lock = self._lock
        # Every chat read as the shard is: one the bot cannot read makes the shard damaged
        # (named, and read again each time), so the bot's background read stops it at start,
        # not at the chat's first digest; what is read here is what replies and ticks reuse.
        for doc in shard.docs["chats"].values():
            self._read_chat(doc)
        return shard

    def _migrate_chats(self) -> None:
        """A database from before the shards kept its chats in ``bot.state.json``: they move
        into shards, then leave the state file, each step one atomic write (a crash between
        them leaves the chats in both, and the next open moves them again)."""
        with self._lock.held():
            if self._state.changed_on_disk():
                self._state.load()
            old = self._state.docs["chats"]
            if old:
                self._chats.migrate(old)
                self._state.write({"chats": dict.fromkeys(old)})

    # ------------------------------------------------------------------ knowledge
    # The tables live in ``self._knowledge`` (``store.knowledge``); what is derived from them
    # here (events in date order, the change log in order) is redone when its version moves.
    # A reader asks only for what it needs, and only those parts are read (``ensure``).
    # Each table holds one kind of value (``store.knowledge._DECODE`` reads it): the casts
    # below name it.
    def _table(self, table: str) -> dict[str, Stored]:
        self._knowledge.ensure_table(table)
        return self._knowledge.tables[table]

    def _get(self, table: str, key: str) -> Any:
        self._knowledge.ensure_key(table, key)
        return self._knowledge.tables[table].get(key)

    def _derived(self) -> None:
        if self._seen_version != self._knowledge.version:
            self._seen_version = self._knowledge.version
            self._sorted_events = None
            records = cast("Iterable[ChangeRecord]", self._knowledge.tables["changes"].values())
            self._changes = sorted(records, key=lambda c: c.seq)

    def _changes_from(self, seq: int) -> None:
        """Load the parts of the change log from the one holding ``seq`` on."""
        self._knowledge.ensure(p for p in self._knowledge.parts("changes")
                               if p >= part_of("changes", str(max(seq, 0))))

    def refresh(self) -> bool:
        """Pick up what another process (``python -m bot ingest``) wrote. Cheap: one stat per
        file when nothing changed, and only the changed parts of the knowledge are read."""
        changed = self._knowledge.refresh()
        if self._state.changed_on_disk():
            with self._state.locked():
                self._state.load()
            changed = True
        if self._chats.refresh():
            changed = True
        self._ledger.load()
        return changed

    def indexes(self) -> Indexes:
        return self._indexes

    def sizes(self) -> Sizes:
        count = self._knowledge.count
        return Sizes(count("events"), count("officials"), count("bills"))

    def load_knowledge(self, limit: int) -> bool:
        """Read up to ``limit`` more parts of what the running bot answers from (events,
        officials, bills, the change log); True once all of it is in memory. A damaged part
        raises ``DamagedFile`` here, as it would on first use."""
        return self._knowledge.load_some(("events", "officials", "bills", "changes"), limit,
                                         self._indexes.fold_read)

    def knowledge_version(self) -> int:
        return self._knowledge.version

    def knowledge_revision(self) -> int:
        return self._knowledge.revision

    def get_event(self, event_id: str) -> Event | None:
        found: Event | None = self._get("events", event_id)
        return found

    def event_for_key(self, key: str) -> str | None:
        """The event known under this identity (URL, canonical link, content), if any."""
        found: str | None = self._get("keys", key)
        if found is not None:
            return found
        return key if self.get_event(key) is not None else None

    def last_change_seq(self) -> int:
        self._knowledge.ensure(sorted(self._knowledge.parts("changes"))[-1:])
        self._derived()
        return self._changes[-1].seq if self._changes else 0

    def changes_after(self, seq: int) -> list[ChangeRecord]:
        """Change-log entries numbered above ``seq``, oldest first."""
        self._changes_from(seq + 1)
        self._derived()
        if not self._changes or self._changes[-1].seq <= seq:
            return []
        return [c for c in self._changes if c.seq > seq]

    def changes_between(self, start: dt.datetime, end: dt.datetime) -> list[ChangeRecord]:
        """Change-log entries stamped in (start, end]."""
        self._changes_from(0)
        self._derived()
        return [c for c in self._changes if start < c.at <= end]

    def event_text(self, event: Event) -> str:
        if event.text is not None:
            return event.text
        text = dict(self._stored_texts((event,))).get(event.id)
        if text is None:
            raise StoreFileError(f"event {event.id} is known but no part file of "
                                 f"{self.path} holds its text")
        return text

    def _stored_texts(self, events: Sequence[Event]) -> Iterator[tuple[str, str]]:
        return self._knowledge.stored_texts(e.id for e in events)

    def event_batches(self, size: int) -> Iterator[Sequence[Event]]:
        self._table("events")
        batch: list[Event] = []
        for part in self._knowledge.loaded_groups("events"):
            batch.extend(cast("list[Event]", part))
            if len(batch) >= size:
                yield batch
                batch = []
        if batch:
            yield batch

    def get_official(self, official_id: str) -> Official | None:
        found: Official | None = self._get("officials", official_id)
        return found

    def get_bill(self, bill_id: str) -> Bill | None:
        found: Bill | None = self._get("bills", bill_id)
        return found

    def all_events(self) -> Sequence[Event]:
        events = self._table("events")
        self._derived()
        if self._sorted_events is None:
            self._sorted_events = sorted(cast("Iterable[Event]", events.values()),
                                         key=Event.sort_key)
        return self._sorted_events

    def all_officials(self) -> Sequence[Official]:
        return list(cast("Iterable[Official]", self._table("officials").values()))

    def all_bills(self) -> Sequence[Bill]:
        return list(cast("Iterable[Bill]", self._table("bills").values()))

    def apply(self, updates: Sequence[KnowledgeUpdate], at: dt.datetime | None = None,
              keys: Mapping[str, str] | None = None) -> None:
        """Write the updates of one or more articles in one atomic write.

        Each update also appends an entry to the change log (``changes``), numbered in order and
        stamped ``at`` (UTC), which digests and follow alerts read. ``keys`` maps identities of
        the articles (URL, canonical link, content id) to their event ids, written alongside.
        Only the parts of the knowledge these touch are written (``store.parts``).
        """
        if not updates:
            return
        at = at or dt.datetime.now(dt.UTC)
        with self._lock.held():
            self._knowledge.refresh()  # another process wrote: number our changes after its
            seq = self.last_change_seq()
            records: dict[str, ChangeRecord] = {}
            events: dict[str, Event] = {}
            # An official or bill named by many articles of the batch is written once, as the
            # last update leaves it (the last one wins the key anyway).
            officials: dict[str, Official] = {}
            bills: dict[str, Bill] = {}
            for update in updates:
                seq += 1
                records[str(seq)] = update.change_record(seq, at)
                events[update.event.id] = update.event
                officials.update((o.id, o) for o in update.officials)
                bills.update((b.id, b) for b in update.bills)
            self._knowledge.write({"changes": records, "events": events,
                                   "officials": officials, "bills": bills,
                                   "keys": dict(keys or {})})

    @contextlib.contextmanager
    def writing(self) -> Iterator[None]:
        """Hold the write lock across a read-modify-write (plan an ingest, then apply it)."""
        with self._lock.held():
            self.refresh()
            yield

    # ------------------------------------------------------------------ chat state
    def get_chat(self, chat_id: int) -> Chat | None:
        doc = self._chats.get(chat_id)
        if doc is None:
            self._read_chats.pop(chat_id, None)
            return None
        return self._read_chat(doc)

    def all_chats(self) -> Sequence[Chat]:
        return [self._read_chat(doc) for doc in self._chats.all()]

    def _read_chat(self, doc: Mapping[str, Any]) -> Chat:
        """A stored chat the bot cannot read is a damaged file, named, never skipped."""
        known = self._read_chats.get(doc.get("id"))  # type: ignore[arg-type]
        if known is not None and known[0] is doc:
            return known[1]
        try:
            chat = Chat.from_dict(doc)
        except ChatError as error:
            chat_id = doc.get("id")
            where = self._chats.file_of(chat_id) if isinstance(chat_id, int) else None
            raise StoreFileError(
                f"{where or self._chats.folder or 'the chats'} is damaged: chat {chat_id!r}"
                f" cannot be read ({error}); restore it from a `chats export` backup") from None
        self._read_chats[chat.id] = (doc, chat)
        return chat

    def put_chat(self, chat: Chat) -> None:
        self._chats.write({chat.id: chat.to_dict()})

    def put_chats(self, chats: Sequence[Chat]) -> None:
        self._chats.write({c.id: c.to_dict() for c in chats})

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
    def all_sources(self) -> Sequence[Source]:
        return [Source.from_dict(doc) for doc in self._state.docs["sources"].values()]

    def put_source(self, source: Source) -> None:
        self._state.write({"sources": {source.id: source.to_dict()}})

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
        if state is not None and state != Outcome.RETRY and not (
                state == Outcome.CLAIMED and key not in self._claimed_here):
            return False
        self._claimed_here.add(key)
        self._ledger.append(chat_id, item, Outcome.CLAIMED)
        return True

    def ledger_settle(self, chat_id: int, item: str, outcome: Outcome) -> None:
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
        self._state.close()
        self._ledger.close()
