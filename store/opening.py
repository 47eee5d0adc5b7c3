"""Opening a database by its path: the one way every command and the bot open one.

A database that does not exist yet is created and handed to ``seed`` (the bot loads the
articles in ``seeds/``: ``bot/database.py``); a path that cannot hold a database (a folder,
/proc, a read-only place) or a damaged file raises ``StoreFileError`` with one line that names
the file.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from store.base import Store
from store.files import StoreFileError
from store.tiny import TinyStore


def open_store(db_path: Path, seed: Callable[[Store], None] | None = None) -> Store:
    if db_path.is_dir():
        raise StoreFileError(f"--db {db_path} is a folder; give a file path such as "
                             f"{db_path / 'bot.json'}")
    fresh = not db_path.exists()
    try:
        store = TinyStore(db_path)
        if fresh and seed is not None:
            with store.writing():
                if not store.all_events():  # another process may have seeded it meanwhile
                    seed(store)
    except OSError as error:
        raise StoreFileError(file_error(error, db_path)) from None
    return store


def file_error(error: OSError, db_path: Path) -> str:
    """One line for a file system error on the database: which file, and what went wrong."""
    where = error.filename or db_path
    reason = error.strerror or type(error).__name__
    return f"cannot use the database {db_path}: {where}: {reason}"
