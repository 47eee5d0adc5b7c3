"""The knowledge in memory, read part by part as it is needed, kept in step with the disk.

Objects are held once (``Event``, ``Official``, ``Bill``, change records, keys), not also as the
raw JSON documents and TinyDB's copy of them. A part is read the first time a key of it is asked
for (``ensure``): ``python -m bot reply /bills`` reads the bills, an ingest the officials and the
few parts its article touches, the running bot everything. Each loaded part remembers its keys,
so a write serialises only the parts it touches, and ``refresh`` (another process wrote) rereads
only the loaded parts whose file changed: one stat when nothing did.

Every loaded part comes from one manifest, the last one read: a part read later is read under
that manifest, and if its file is gone (two writes happened since) everything loaded is brought
up to the newest manifest first, so memory never mixes two versions of the knowledge.

Events read from part files are held without their article text (``Event.text`` is None): the
texts are most of the knowledge (33 MB at 30,000 events) and only search (which keeps them
folded), corrections and writes need them. ``stored_texts`` reads them from the part files when
asked, each file once; a write takes each text it does not hold from the part file it replaces,
so rewriting a part never loses one. The text stays where it always was, in the event's stored
document: only memory changed.
"""

from __future__ import annotations

import gc
import itertools
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any, cast

from bot.core.json_types import JsonObject
from bot.core.knowledge import ChangeRecord
from bot.core.models import Bill, Event, Official, name
from store.files import DamagedFile
from store.locking import FileLock
from store.parts import TABLES, Manifest, MissingPart, PartFiles, part_of, table_of

# What a knowledge table holds, by table: events, officials, bills, change records, and the
# event each article identity ("keys") was read into.
Stored = Event | Official | Bill | ChangeRecord | str

# An event read from a part file is held without its text (see above).
_DECODE: dict[str, Callable[[JsonObject], Stored]] = {
    "events": lambda doc: Event.from_dict(doc, with_text=False),
    "officials": Official.from_dict,
    "bills": Bill.from_dict,
    "changes": ChangeRecord.from_dict,
    "keys": lambda doc: name(str(doc["event"])),
}


def _encode(table: str, key: str, value: Stored,
            stored_texts: Mapping[str, str] | None = None) -> JsonObject:
    if isinstance(value, str):
        return {"id": key, "event": value}
    if isinstance(value, Event) and value.text is None:
        # the same document ``to_dict`` makes, its text the one the part file holds
        if stored_texts is None or key not in stored_texts:
            raise ValueError(f"event {key}: its text is not held, and none was read for it")
        return {**value.to_dict(with_text=False), "text": stored_texts[key]}
    return value.to_dict()


def _key(table: str, doc: Mapping[str, Any]) -> str:
    return name(str(doc["seq"] if table == "changes" else doc["id"]))


@contextmanager
def _collector_paused() -> Iterator[None]:
    """No cyclic garbage collection while parts are parsed and decoded: they are hundreds of
    thousands of new objects without cycles (dicts, strings, frozen records), and the collector,
    run every 700 allocations, would walk them again and again (about a third of the time of
    reading the bills at 30,000 events). Nested or concurrent pauses leave it enabled at the end
    if it was enabled before the first."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


# Given the events of a part just read with their stored texts (which the events do not hold).
TextsRead = Callable[[Sequence[tuple[Event, str]]], None]

Changes = Mapping[str, Mapping[str, Stored]]  # table -> key -> new value (an Event ...)


class Knowledge:
    """Every table as ``{key: object}`` for the parts loaded; ``path=None`` keeps it in memory
    only (tests), where everything is always loaded."""

    READ_ATTEMPTS = 5

    def __init__(self, path: Path | None, lock: FileLock) -> None:
        self.files = PartFiles(path) if path is not None else None
        self.lock = lock
        self.tables: dict[str, dict[str, Stored]] = {t: {} for t in TABLES}
        self.version = 0  # bumped whenever what is in memory changes (loads included)
        # Bumped when the knowledge itself changes (a write here, another process's write read
        # in), not when a part of the same version is read: what was planned on it still holds.
        self.revision = 0
        self._manifest = Manifest()
        self._members: dict[str, list[str]] = {}  # loaded part -> its keys, in file order
        self._stamp: tuple[int, int, int] | None = None
        # (the tables and the manifest they were listed from, the parts not read yet)
        self._to_load: tuple[tuple[tuple[str, ...], Manifest], deque[str]] | None = None
        if self.files is not None:
            self._open()

    # ------------------------------------------------------------------ reading
    def _open(self) -> None:
        assert self.files is not None
        _, old = self.files.read_manifest()
        if old is not None:
            with self.lock.held():  # another process may be migrating it right now
                _, old = self.files.read_manifest()
                if old is not None:
                    self._migrate(old)
                    return
        self.refresh()

    def parts(self, table: str) -> list[str]:
        """The parts of a table that exist now (per the manifest last read)."""
        return [p for p in self._manifest.parts if table_of(p) == table]

    def ensure(self, parts: Iterable[str], texts_read: TextsRead | None = None) -> None:
        """Load these parts if they exist and are not in memory yet; ``texts_read`` is given
        the texts of the events read, which are not kept (see ``load_some``)."""
        if self.files is None:
            return
        wanted = [p for p in parts if p not in self._members and p in self._manifest.parts]
        if not wanted:
            return
        self._with_retries(lambda: self._load(self._manifest, wanted, texts_read))

    def ensure_table(self, table: str) -> None:
        self.ensure(self.parts(table))

    def load_some(self, tables: Iterable[str], limit: int,
                  texts_read: TextsRead | None = None) -> bool:
        """Read up to ``limit`` more parts of these tables; True once all of them are in memory.
        The running bot reads its knowledge this way after it starts, between replies, and
        folds the events' texts for search as they are read (``texts_read``): otherwise each
        events part would be read a second time for them."""
        if self.files is None:
            return True
        # Called part by part by the running bot: the parts left are listed once per manifest
        # (listing them at each call cost more than reading a part, 1,350 parts at 100,000
        # events), and those read meanwhile (by a reply) are skipped.
        tables = tuple(tables)
        if (self._to_load is None or self._to_load[0][1] is not self._manifest
                or self._to_load[0][0] != tables):
            self._to_load = ((tables, self._manifest),
                             deque(p for t in tables for p in self.parts(t)))
        left = self._to_load[1]
        while left and left[0] in self._members:
            left.popleft()
        batch = [p for p in itertools.islice(left, limit) if p not in self._members]
        self.ensure(batch, texts_read)
        while left and left[0] in self._members:
            left.popleft()
        return not left

    def count(self, table: str) -> int:
        """How many records the table holds, without reading it when the manifest counts it."""
        counted = self._manifest.count(table) if self.files is not None else None
        if counted is None:
            self.ensure_table(table)
            return len(self.tables[table])
        return counted

    def ensure_key(self, table: str, key: str) -> None:
        self.ensure((part_of(table, key),))

    def changed_on_disk(self) -> bool:
        return self.files is not None and self.files.stamp() != self._stamp

    def refresh(self) -> bool:
        """Take the newest manifest and reread the loaded parts that changed; False if nothing
        did."""
        if self.files is None or not self.changed_on_disk():
            return False
        self._with_retries(self._read_changed)
        return True

    def _with_retries(self, read: Callable[[], None]) -> None:
        """A part missing means a writer replaced it after we read the manifest: catch up with
        the newest manifest and try again; under the lock (no writer), a missing part is lost."""
        assert self.files is not None
        for attempt in range(self.READ_ATTEMPTS + 1):
            try:
                if attempt < self.READ_ATTEMPTS:
                    read()
                else:
                    with self.lock.held():
                        read()
                return
            except MissingPart as missing:
                if attempt == self.READ_ATTEMPTS:
                    raise DamagedFile(self.files.manifest,
                                      f"the part file it names, {missing.path}, is missing"
                                      ) from None
                time.sleep(0.01 * (attempt + 1))
                if self.changed_on_disk():
                    self._read_changed()

    def _read_changed(self) -> None:
        assert self.files is not None
        stamp = self.files.stamp()
        manifest, old = self.files.read_manifest()
        if old is not None:  # replaced by an old-layout file (a restored backup): migrate it
            with self.lock.held():
                self._forget()
                self._migrate(old)  # a write: the revision moves
            return
        manifest = manifest or Manifest()
        stale = [p for p in self._members if self._manifest.parts.get(p) != manifest.parts.get(p)]
        self._load(manifest, stale)
        self._stamp = stamp
        self.revision += 1

    def _load(self, manifest: Manifest, parts: list[str],
              texts_read: TextsRead | None = None) -> None:
        """Read these parts as ``manifest`` names them, then swap them in together with it: a
        failure half-way leaves memory as it was, never part of one version beside another."""
        assert self.files is not None
        with _collector_paused():
            fresh = {part: self.files.read_part(part, manifest.parts[part])
                     for part in parts if part in manifest.parts}
            for part in parts:
                self._drop(part)
            for part, docs in fresh.items():
                table = table_of(part)
                decoded = [(_key(table, d), _DECODE[table](d), d) for d in docs]
                self._place(part, {key: value for key, value, _doc in decoded})
                if texts_read is not None and table == "events":
                    texts_read([(cast(Event, value), str(doc.get("text", "")))
                                for _key_, value, doc in decoded])
        self._manifest = manifest
        self.version += 1

    def loaded_groups(self, table: str) -> Iterator[list[Stored]]:
        """The loaded records of a table, part by part."""
        for part, keys in list(self._members.items()):
            if table_of(part) == table:
                yield [self.tables[table][key] for key in keys]

    def stored_texts(self, keys: Iterable[str]) -> Iterator[tuple[str, str]]:
        """(event id, stored text) of these events, read a part file at a time (each once) as
        the manifest last read names it: the one the events in memory were read from."""
        if self.files is None:
            return
        wanted: dict[str, set[str]] = {}
        for key in keys:
            wanted.setdefault(part_of("events", key), set()).add(key)
        for part, ids in wanted.items():
            yield from self._read_texts(part, ids).items()

    def _read_texts(self, part: str, ids: set[str]) -> dict[str, str]:
        texts: dict[str, str] = {}

        def read() -> None:
            texts.clear()
            texts.update(self._part_texts(part, ids))

        self._with_retries(read)
        return texts

    def _part_texts(self, part: str, ids: Iterable[str] | None = None) -> dict[str, str]:
        """The texts an events part file holds (of ``ids`` only, if given), as the manifest
        last read names it."""
        assert self.files is not None
        file = self._manifest.parts.get(part)
        if file is None:
            return {}
        wanted = set(ids) if ids is not None else None
        return {str(doc["id"]): str(doc.get("text", ""))
                for doc in self.files.read_part(part, file)
                if wanted is None or doc["id"] in wanted}

    def _forget(self) -> None:
        for part in list(self._members):
            self._drop(part)
        self._manifest = Manifest()

    def _drop(self, part: str) -> None:
        table = self.tables[table_of(part)]
        for key in self._members.pop(part, []):
            table.pop(key, None)

    def _place(self, part: str, values: Mapping[str, Any]) -> None:
        table = self.tables[table_of(part)]
        members = self._members.setdefault(part, [])
        for key, value in values.items():
            if key not in table:
                members.append(key)
            table[key] = value

    # ------------------------------------------------------------------ writing
    def write(self, changes: Changes) -> None:
        """Write the changes (under the caller's lock, after a ``refresh``): each touched part
        whole as a new file, then the manifest. Memory changes only once the manifest is
        replaced."""
        touched: dict[str, dict[str, Stored]] = {}
        for table, values in changes.items():
            for key, value in values.items():
                touched.setdefault(part_of(table, key), {})[key] = value
        if self.files is not None:
            self.ensure(touched)  # a part is rewritten whole: what it holds must be known
            self._write_files(touched)
            # held as the events read from the files are: the new texts are on disk now
            touched = {part: {key: replace(value, text=None) if isinstance(value, Event)
                              else value for key, value in values.items()}
                       for part, values in touched.items()}
        for part, values in touched.items():
            self._place(part, values)
        self.version += 1
        self.revision += 1

    def _write_files(self, touched: Mapping[str, Mapping[str, Any]]) -> None:
        assert self.files is not None
        generation = self._manifest.generation + 1
        parts = dict(self._manifest.parts)
        # every part in memory is counted (a manifest from before the counts gets them as its
        # parts are read), the ones written as written
        counts = {**{p: len(keys) for p, keys in self._members.items()}, **self._manifest.counts}
        for part, values in touched.items():
            table = table_of(part)
            current = self.tables[table]
            keys = [k for k in self._members.get(part, []) if k not in values] + list(values)
            counts[part] = len(keys)
            records = [values[k] if k in values else current[k] for k in keys]
            # The texts not held come from the part file this one replaces: the write holds
            # the lock after a refresh, so the manifest last read names the current file.
            not_held = [k for k, r in zip(keys, records, strict=True)
                        if isinstance(r, Event) and r.text is None]
            stored = self._stored_texts_of(part) if not_held else {}
            if any(k not in stored for k in not_held):
                lacking = next(k for k in not_held if k not in stored)
                raise DamagedFile(self.files.folder / self._manifest.parts.get(part, part),
                                  f"it holds no text for event {lacking}, which was read "
                                  "from it: nothing was written")
            docs = (_encode(table, k, r, stored) for k, r in zip(keys, records, strict=True))
            name = f"{part}.g{generation}.json"
            self.files.write_part(name, table, docs)
            parts[part] = name
        manifest = Manifest(generation, parts, counts)
        self.files.commit(manifest)
        self._manifest = manifest
        self._stamp = self.files.stamp()
        self.files.collect(manifest)

    def _stored_texts_of(self, part: str) -> dict[str, str]:
        """Every text a part's current file holds; under the lock, a missing file is lost."""
        assert self.files is not None
        try:
            return self._part_texts(part)
        except MissingPart as missing:
            raise DamagedFile(self.files.manifest, f"the part file it names, {missing.path}, "
                                                   "is missing") from None

    def _migrate(self, old: Mapping[str, Mapping[str, Any]]) -> None:
        """A database of the single-file layout (before issue 19): its tables become parts and
        the manifest replaces the old file, which stays as ``bot.json.bak``. A kill before the
        manifest leaves the old file, and the next open migrates again (the orphan parts are
        collected)."""
        changes: dict[str, Mapping[str, Stored]] = {}
        for table in TABLES:
            docs = old.get(table, {})
            ordered = sorted(docs.items(), key=lambda item: int(item[0]) if item[0].isdigit()
                             else 0)
            # events with their texts: the old file is not there to read them from later
            decode = Event.from_dict if table == "events" else _DECODE[table]
            changes[table] = {_key(table, d): decode(d) for _, d in ordered}
        self.write(changes)
