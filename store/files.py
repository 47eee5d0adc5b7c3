"""Reading a database file we trust, and keeping the last good copy of it.

A damaged file (empty, cut short, not UTF-8, not JSON, JSON of the wrong shape) must never be
taken for an empty database: the bot would tell users "I know 0 events" when the truth is "the
file is damaged", and the next write would replace what may still be recovered. So a damaged file
raises ``DamagedFile``, which names the file and says how to restore the last good copy, and it
is never written over (the store refuses to open it).

``keep_backup`` runs right before a new version replaces the file: the version being replaced was
read and checked (or written by us), so it becomes ``<name>.bak``. The backup is a hard link to
the old file's inode, renamed into place: no bytes copied, and atomic, so ``.bak`` is always a
whole file, the old one or the one before.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
from pathlib import Path

from bot.core.errors import BotError
from bot.core.json_types import JsonObject

# The largest database file read: ten thousand articles make a knowledge file of about 35 MB,
# and reading JSON costs several times its size in memory, so a file of gigabytes (a mistaken
# --db, a disk image) is refused by its size instead of exhausting the machine.
MAX_DB_BYTES = 200_000_000


class StoreFileError(BotError):
    """A database file that cannot be used; the message is one line, fit to print."""


def read_regular_file(path: Path, limit: int, what: str) -> bytes:
    """The bytes of ``path`` if it is a regular file of at most ``limit`` bytes.

    A FIFO, a device (``/dev/zero``) or a socket would block or never end: opened without
    blocking and refused by its type; a file too large is refused by its size, before a byte is
    read (a sparse 2 GB file costs nothing to refuse). Raises ``StoreFileError`` with one line;
    ``FileNotFoundError`` and ``IsADirectoryError`` pass through for the caller to word.
    """
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(21, "Is a directory", str(path))
        if not stat.S_ISREG(info.st_mode):
            raise StoreFileError(f"{path} is not a regular file (a device, a pipe or a socket),"
                                 f" not {what}")
        if info.st_size > limit:
            raise StoreFileError(f"{path} is too large for {what} ({info.st_size:,} bytes; the "
                                 f"limit is {limit:,})")
        data = handle.read(limit + 1)  # a file that grew since fstat is still cut off here
    if len(data) > limit:
        raise StoreFileError(f"{path} is too large for {what} (over {limit:,} bytes)")
    return data


class DamagedFile(StoreFileError):
    """The file exists but is not a database we wrote."""

    def __init__(self, path: Path, reason: str, hint: str | None = None) -> None:
        """``hint``: how to get going again, when the file's owner knows better than
        ``restore_hint`` (a part of the knowledge, which a manifest names)."""
        self.path = path
        self.reason = reason
        super().__init__(f"{path} is damaged ({reason}); it was left as it is. "
                         + (hint or restore_hint(path)))


def backup_path(path: Path) -> Path:
    return path.with_name(path.name + ".bak")


def restore_hint(path: Path) -> str:
    """How to get going again: restore the last good copy, or move the damaged file aside."""
    backup = backup_path(path)
    if backup.is_file():
        return (f"The last good copy is {backup}: stop the bot, then "
                f"`cp {backup} {path}` to restore it.")
    if path.parent.parent.name.endswith(".chats"):  # a shard of the chats (store/chats.py)
        return (f"There is no backup copy ({backup} does not exist): with the bot stopped, "
                "restore the chats from a backup made with `python -m bot chats export` "
                "(move the damaged file aside, then `python -m bot chats import FILE`); "
                "without one, the chats this file held (their subscriptions, settings and "
                "follows) are lost when it is moved aside.")
    return (f"There is no backup copy ({backup} does not exist): move the damaged file "
            "aside to start again from the seed articles.")


def read_tables(path: Path) -> dict[str, JsonObject] | None:
    """A TinyDB file's ``{table: {doc_id: document}}``, None if the file does not exist.

    Raises ``DamagedFile`` for anything else than what our writer produces.
    """
    try:
        raw = read_regular_file(path, MAX_DB_BYTES, "a database")
    except FileNotFoundError:
        return None
    except IsADirectoryError:
        raise StoreFileError(f"{path} is a folder, not a database file") from None
    # Our writer replaces the file whole (write, fsync, rename), so it is never empty or cut
    # short: an empty file is damage (a copy interrupted, a disk full), not a new database.
    if not raw.strip():
        raise DamagedFile(path, "the file is empty")
    try:
        # json.loads on bytes guesses UTF-16/32 from the first bytes; our files are UTF-8, and
        # a guess turns garbage into "'utf-16-be' codec can't decode" without a file name.
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise DamagedFile(path, f"not UTF-8 text at byte {error.start}") from None
    try:
        data = json.loads(text)
    except ValueError as error:
        raise DamagedFile(path, f"not valid JSON: {error}") from None
    if not isinstance(data, dict):
        kind = "JSON list" if isinstance(data, list) else f"JSON {type(data).__name__}"
        raise DamagedFile(path, f"a {kind}, not the object of tables a database holds")
    for table, docs in data.items():
        if not isinstance(docs, dict) or not all(isinstance(d, dict) for d in docs.values()):
            raise DamagedFile(path, f"table {table!r} is not a set of documents")
    return data


def keep_backup(path: Path) -> None:
    """Make the current ``path`` (about to be replaced) the last good copy, ``path.bak``."""
    if not path.is_file():
        return
    backup = backup_path(path)
    tmp = backup.with_name(f".{backup.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    try:
        os.link(path, tmp)
    except OSError:
        # A file system without hard links: copy instead (slower, same guarantee).
        shutil.copyfile(path, tmp)
        with open(tmp, "rb") as handle:
            os.fsync(handle.fileno())
    os.replace(tmp, backup)
