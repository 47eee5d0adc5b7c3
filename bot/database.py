"""The bot's database: a store opened by path, a new one loaded with the seed articles.

Commands and the bot open their database here, so none of them imports the ingest machinery
(reading files, extraction, planning) unless a new database needs seeding.
"""

from __future__ import annotations

from pathlib import Path

from store.base import Store
from store.opening import open_store

SEEDS_DIR = Path(__file__).resolve().parent.parent / "seeds"


def open_database(db_path: Path, seeds: Path = SEEDS_DIR) -> Store:
    """The store at ``db_path``; created and loaded with ``seeds`` if it does not exist yet."""

    def seed(store: Store) -> None:
        from bot.ingest import ingest, seed_articles  # only a new database pays for it

        ingest(store, seed_articles(seeds))

    return open_store(db_path, seed if seeds.is_dir() else None)
