"""The knowledge in memory, kept in step with its parts on disk (``store.parts``).

Objects are held once (``Event``, ``Official``, ``Bill``, change records, keys), not also as the
raw JSON documents and TinyDB's copy of them. Each part remembers which keys it holds, so a
write serialises only the parts it touches, and ``refresh`` (another process wrote) reads only
the parts whose file changed: one stat when nothing did, a few small files when an article came.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from bot.core.models import Bill, Event, Official
from store.files import DamagedFile
from store.locking import FileLock
from store.parts import (
    EVENTS_PER_PART,
    TABLES,
    Manifest,
    MissingPart,
    PartFiles,
    change_part,
    events_part,
    hashed_part,
    table_of,
)

_DECODE: dict[str, Callable[[dict[str, Any]], Any]] = {
    "events": Event.from_dict,
    "officials": Official.from_dict,
    "bills": Bill.from_dict,
    "changes": dict,
    "keys": lambda doc: str(doc["event"]),
}


def _encode(table: str, key: str, value: Any) -> dict[str, Any]:
    if table in ("events", "officials", "bills"):
        doc: dict[str, Any] = value.to_dict()
        return doc
    if table == "keys":
        return {"id": key, "event": value}
    return dict(value)


def _key(table: str, doc: Mapping[str, Any]) -> str:
    return str(doc["seq"] if table == "changes" else doc["id"])


Changes = dict[str, dict[str, Any]]  # table -> key -> new value (an Event, a record ...)


class Knowledge:
    """Every table as ``{key: object}``; ``path=None`` keeps it in memory only (tests)."""

    READ_ATTEMPTS = 5

    def __init__(self, path: Path | None, lock: FileLock) -> None:
        self.files = PartFiles(path) if path is not None else None
        self.lock = lock
        self.tables: dict[str, dict[str, Any]] = {t: {} for t in TABLES}
        self.version = 0  # bumped on every change in memory
        self._manifest = Manifest()
        self._members: dict[str, list[str]] = {}  # part -> its keys, in file order
        self._event_part: dict[str, str] = {}
        self._stamp: tuple[int, int, int] | None = None
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

    def changed_on_disk(self) -> bool:
        return self.files is not None and self.files.stamp() != self._stamp

    def refresh(self) -> bool:
        """Read the parts that changed since we last looked; False if nothing did."""
        if self.files is None or not self.changed_on_disk():
            return False
        for attempt in range(self.READ_ATTEMPTS + 1):
            try:
                if attempt < self.READ_ATTEMPTS:
                    self._read_changed()
                else:  # under the lock no writer removes files: a part missing now is lost
                    with self.lock.held():
                        self._read_changed()
                return True
            except MissingPart as missing:
                if attempt == self.READ_ATTEMPTS:
                    raise DamagedFile(self.files.manifest,
                                      f"the part file it names, {missing.path}, is missing"
                                      ) from None
                time.sleep(0.01 * (attempt + 1))
        return True

    def _read_changed(self) -> None:
        assert self.files is not None
        stamp = self.files.stamp()
        manifest, old = self.files.read_manifest()
        if old is not None:  # replaced by an old-layout file (a restored backup): migrate it
            with self.lock.held():
                self._forget()
                self._migrate(old)
            return
        manifest = manifest or Manifest()
        # Read every changed part first, then swap them all in: a failure half-way leaves the
        # memory as it was, never part of one generation beside part of another.
        fresh = {part: self.files.read_part(part, name)
                 for part, name in manifest.parts.items()
                 if self._manifest.parts.get(part) != name}
        for part in set(self._manifest.parts) - set(manifest.parts):
            self._drop(part)
        for part, docs in fresh.items():
            self._drop(part)
            self._place(part, {_key(table_of(part), d): _DECODE[table_of(part)](d)
                               for d in docs})
        self._manifest = manifest
        self._stamp = stamp
        self.version += 1

    def _forget(self) -> None:
        for part in list(self._members):
            self._drop(part)
        self._manifest = Manifest()

    def _drop(self, part: str) -> None:
        table = self.tables[table_of(part)]
        for key in self._members.pop(part, []):
            table.pop(key, None)
            if part.startswith("events-"):
                self._event_part.pop(key, None)

    def _place(self, part: str, values: Mapping[str, Any]) -> None:
        table = self.tables[table_of(part)]
        members = self._members.setdefault(part, [])
        for key, value in values.items():
            if key not in table:
                members.append(key)
            table[key] = value
            if part.startswith("events-"):
                self._event_part[key] = part

    # ------------------------------------------------------------------ writing
    def _parts_for(self, changes: Changes) -> dict[str, dict[str, Any]]:
        """Which part each changed key goes to. A known event stays in its part; new ones fill
        the newest events part, then open the next (nothing is moved until the write lands)."""
        touched: dict[str, dict[str, Any]] = {}
        events_parts = sum(1 for p in self._members if p.startswith("events-"))
        newest = events_part(events_parts - 1) if events_parts else None
        room = EVENTS_PER_PART - len(self._members[newest]) if newest else 0
        for table, values in changes.items():
            for key, value in values.items():
                part: str | None
                if table == "events":
                    part = self._event_part.get(key)
                    if part is None:
                        if room <= 0:
                            newest, room = events_part(events_parts), EVENTS_PER_PART
                            events_parts += 1
                        part, room = newest, room - 1
                    assert part is not None
                elif table == "changes":
                    part = change_part(int(key))
                else:
                    part = hashed_part(table, key)
                touched.setdefault(part, {})[key] = value
        return touched

    def write(self, changes: Changes) -> None:
        """Write the changes (under the caller's lock, after a ``refresh``): the touched parts
        as new files, then the manifest. Memory changes only once the manifest is replaced."""
        touched = self._parts_for(changes)
        if self.files is not None:
            self._write_files(touched)
        for part, values in touched.items():
            self._place(part, values)
        self.version += 1

    def _write_files(self, touched: Mapping[str, Mapping[str, Any]]) -> None:
        assert self.files is not None
        generation = self._manifest.generation + 1
        parts = dict(self._manifest.parts)
        for part, values in touched.items():
            table = table_of(part)
            current = self.tables[table]
            keys = [k for k in self._members.get(part, []) if k not in values] + list(values)
            docs = (_encode(table, k, values[k] if k in values else current[k]) for k in keys)
            name = f"{part}.g{generation}.json"
            self.files.write_part(name, table, docs)
            parts[part] = name
        manifest = Manifest(generation, parts)
        self.files.commit(manifest)
        self._manifest = manifest
        self._stamp = self.files.stamp()
        self.files.collect(manifest)

    def _migrate(self, old: Mapping[str, Mapping[str, Any]]) -> None:
        """A database of the single-file layout (before issue 19): its tables become parts,
        events in the order they were stored, and the manifest replaces the old file, which
        stays as ``bot.json.bak``. A kill before the manifest leaves the old file, and the next
        open migrates again (the orphan parts are collected)."""
        changes: Changes = {}
        for table in TABLES:
            docs = old.get(table, {})
            ordered = sorted(docs.items(), key=lambda item: int(item[0]) if item[0].isdigit()
                             else 0)
            changes[table] = {_key(table, d): _DECODE[table](d) for _, d in ordered}
        self.write(changes)
