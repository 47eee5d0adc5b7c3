"""The knowledge on disk: many small TinyDB files ("parts") and one small manifest naming them.

For ``--db data/bot.json``::

    data/bot.json                       the manifest: which file holds each part, now
    data/bot.json.bak                   the manifest before the last write (its parts are kept)
    data/bot.knowledge/events-0117.g5203.json     the events whose id hashes to 117 (of 1,024)
    data/bot.knowledge/officials-07.g5203.json    the officials whose id hashes to 7 (of 64)
    data/bot.knowledge/bills-..., keys-...        the same for bills and article identities
    data/bot.knowledge/changes-0029.g5203.json    1,024 entries of the change log

Why: with every table in one file, one more article rewrote (and fsynced, and every reader
reparsed) the whole knowledge, 141 MB at 30,000 events. Here an article writes the parts it
changes: one events part (about 30 events at 30,000), a few officials and bills parts, the last
part of the change log, a few parts of keys. A reader reads only the parts it needs (``reply
/bills`` reads the bills; an ingest the officials, and the parts its article's keys and event
fall in), found by the key's hash without any index to keep.

Parts are copy-on-write: a write never changes a file, it writes new files named with the new
generation (``.g<N>.json``), fsyncs them, and then replaces the manifest (temporary file, fsync,
rename: ``store.tinyfile.AtomicJSONStorage``). The rename is the moment of the write: killed
before it, the old manifest still names the old files, all there; after it, the new. A reader
never sees half of a write. Files named by neither the manifest nor its ``.bak`` are garbage
(a killed writer's, or two generations old) and are removed under the lock.

Each part is a TinyDB file in TinyDB's own format (``{table: {doc_id: document}}``), read with
the same checks as every database file (``store.files.read_tables``: a damaged part is named).
"""

from __future__ import annotations

import json
import os
import re
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tinydb import TinyDB
from tinydb.storages import MemoryStorage

from bot.core.json_types import JsonObject
from store.files import DamagedFile, backup_path, read_tables
from store.tinyfile import AtomicJSONStorage, fsync_directory

FORMAT = 2  # the single-file layout before parts is format 1 (it has no manifest)
EVENT_PARTS = 1024  # by id: ~100 events (0.5 MB) a part at 100,000 events
CHANGES_PER_PART = 1024
HASH_PARTS = 64  # officials, bills, keys
TABLES = ("events", "officials", "bills", "changes", "keys")
_PART_FILE = re.compile(r"^(?P<part>[a-z]+-\d+)\.g(?P<gen>\d+)\.json$")


def table_of(part: str) -> str:
    return part.rsplit("-", 1)[0]


def part_of(table: str, key: str) -> str:
    """The part a key lives in: the change log by number, the rest by a stable hash of the key
    (crc32, not Python's hash, which is salted per process)."""
    if table == "changes":
        return f"changes-{int(key) // CHANGES_PER_PART:04d}"
    if table == "events":
        return f"events-{zlib.crc32(key.encode()) % EVENT_PARTS:04d}"
    return f"{table}-{zlib.crc32(key.encode()) % HASH_PARTS:02d}"


@dataclass
class Manifest:
    """Which file holds each part, at which generation, and how many records each holds.

    The counts let the bot say how much it knows (``/start``) before it has read the parts;
    a manifest without them (written by a bot before them) is read as having none, and the
    table is counted by reading it."""

    generation: int = 0
    parts: dict[str, str] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)

    def count(self, table: str) -> int | None:
        """The records of a table, if the manifest counts every part of it."""
        total = 0
        for part in self.parts:
            if table_of(part) == table:
                if part not in self.counts:
                    return None
                total += self.counts[part]
        return total

    def as_tables(self) -> dict[str, JsonObject]:
        return {"layout": {"1": {"id": "knowledge", "format": FORMAT,
                                 "generation": self.generation, "parts": self.parts,
                                 "counts": self.counts,
                                 "event_parts": EVENT_PARTS,
                                 "changes_per_part": CHANGES_PER_PART,
                                 "hash_parts": HASH_PARTS}}}


def parse_manifest(path: Path, tables: Mapping[str, Mapping[str, Any]]) -> Manifest | None:
    """The manifest a file holds; None when it is a database of the single-file layout."""
    if "layout" not in tables:
        return None
    docs = list(tables["layout"].values())
    if len(docs) != 1 or not isinstance(docs[0].get("parts"), dict):
        raise DamagedFile(path, "its layout record is not a manifest of knowledge parts")
    doc = docs[0]
    if doc.get("format") != FORMAT:
        raise DamagedFile(path, f"knowledge layout format {doc.get('format')!r}, this bot "
                                f"reads {FORMAT}: a newer version of the bot wrote it")
    layout = (doc.get("event_parts"), doc.get("changes_per_part"), doc.get("hash_parts"))
    if layout != (EVENT_PARTS, CHANGES_PER_PART, HASH_PARTS):
        raise DamagedFile(path, f"its parts are cut {layout}, this bot cuts them "
                                f"{(EVENT_PARTS, CHANGES_PER_PART, HASH_PARTS)}")
    parts = {str(k): str(v) for k, v in doc["parts"].items()}
    for name in parts.values():
        if not _PART_FILE.match(name):
            raise DamagedFile(path, f"it names a part file {name!r} this bot never writes")
    counts = doc.get("counts")
    counted = ({str(k): v for k, v in counts.items() if str(k) in parts and isinstance(v, int)}
               if isinstance(counts, dict) else {})
    return Manifest(int(doc.get("generation", 0)), parts, counted)


class MissingPart(Exception):
    """A part the manifest names is not there: a writer removed it after we read the manifest
    (we read again), or it is lost (damage, named once the lock rules out a writer)."""

    def __init__(self, path: Path) -> None:
        super().__init__(str(path))
        self.path = path


class PartFiles:
    """The parts folder and the manifest: reading and writing whole parts, nothing in memory."""

    def __init__(self, manifest: Path) -> None:
        self.manifest = manifest
        stem = manifest.name[: -len(manifest.suffix)] if manifest.suffix else manifest.name
        self.folder = manifest.with_name(stem + ".knowledge")
        self._storage = AtomicJSONStorage(manifest)

    def read_manifest(self) -> tuple[Manifest | None, dict[str, JsonObject] | None]:
        """(the manifest, None), or (None, the old single-file tables), or (None, None) if
        there is no file yet."""
        tables = read_tables(self.manifest)
        if tables is None:
            return None, None
        manifest = parse_manifest(self.manifest, tables)
        return (manifest, None) if manifest is not None else (None, tables)

    def read_part(self, part: str, name: str) -> list[JsonObject]:
        """The documents of one part file, in the order they were written."""
        path = self.folder / name
        try:
            tables = read_tables(path)
        except DamagedFile as error:
            raise DamagedFile(path, error.reason, self._part_hint(name)) from None
        if tables is None:
            raise MissingPart(path)
        docs = tables.get(table_of(part))
        if docs is None:
            raise DamagedFile(path, f"it has no table {table_of(part)!r}")
        return list(docs.values())

    def _part_hint(self, name: str) -> str:
        backup = backup_path(self.manifest)
        try:
            earlier = parse_manifest(backup, read_tables(backup) or {})
        except DamagedFile:
            earlier = None
        if earlier is not None and name not in earlier.parts.values():
            return (f"The knowledge before the last write does not use this file: stop the "
                    f"bot, then `cp {backup} {self.manifest}` to go back to it.")
        # Moving the part aside would not help: the manifest names it, and a missing part is
        # an error too. What a part holds is read from articles, so it can be read again.
        return (f"No earlier version of the knowledge does without this file. The knowledge "
                f"is read from articles: stop the bot, move {self.manifest} and "
                f"{self.folder} aside, and ingest the articles again (`python -m bot ingest "
                "FOLDER`). The chats, their subscriptions and follows are kept elsewhere and "
                "are not touched.")

    def write_part(self, name: str, table: str, docs: Iterable[JsonObject]) -> None:
        """A new part file, fsynced. Nobody reads it before a manifest names it, so it needs no
        temporary name; a writer killed here leaves garbage that ``collect`` removes."""
        self.folder.mkdir(parents=True, exist_ok=True)
        # Through TinyDB (one insert_multiple into memory), so the file is TinyDB's own format.
        db = TinyDB(storage=MemoryStorage)
        db.table(table).insert_multiple(docs)
        data = db.storage.read()
        payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
        # 0600, as every file of the database (store.tinyfile): the operator's alone.
        fd = os.open(self.folder / name, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())

    def commit(self, manifest: Manifest) -> None:
        """Make the new part files the knowledge: fsync their folder (their names), then
        replace the manifest atomically (the old one becomes ``.bak``)."""
        if self.folder.exists():
            fsync_directory(self.folder)
        self._storage.write(manifest.as_tables())

    def collect(self, current: Manifest) -> None:
        """Remove part files that neither the manifest nor its ``.bak`` names. Only under the
        lock: otherwise another writer's new parts, not yet named, would go."""
        keep = set(current.parts.values())
        backup = backup_path(self.manifest)
        try:
            earlier = parse_manifest(backup, read_tables(backup) or {})
        except DamagedFile:
            earlier = None
        if earlier is not None:
            keep |= set(earlier.parts.values())
        try:
            names = os.listdir(self.folder)
        except FileNotFoundError:
            return
        for name in names:
            if _PART_FILE.match(name) and name not in keep:
                (self.folder / name).unlink(missing_ok=True)

    def stamp(self) -> tuple[int, int, int] | None:
        try:
            st = self.manifest.stat()
        except FileNotFoundError:
            return None
        return (st.st_ino, st.st_mtime_ns, st.st_size)
