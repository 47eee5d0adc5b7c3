"""The bot's database: a store opened by path, a new one loaded with the seed articles.

Commands and the bot open their database here, so none of them imports the ingest machinery
(reading files, extraction, planning) unless a new database needs seeding.
"""

from __future__ import annotations

import importlib.metadata
import site
import sys
from pathlib import Path

from store.base import Store
from store.opening import open_store

DISTRIBUTION = "kz-parliament-bot"
INSTALLED_SEEDS = Path("share", "kz-parliament-bot", "seeds")  # pyproject.toml's data-files


def seeds_dir() -> Path:
    """The seed articles: the checkout's ``seeds/`` beside ``bot/`` (a clone, an editable
    install), else the copy an install made of them (``data-files`` in pyproject.toml): where
    the installed distribution's file list puts it, else under the install's prefix (a venv,
    the system, ``--user``) or beside the packages (``pip install --target``, whose file list
    counts from a prefix it does not have)."""
    package_parent = Path(__file__).resolve().parent.parent
    checkout = package_parent / "seeds"
    if checkout.is_dir():
        return checkout
    candidates = [Path(sys.prefix) / INSTALLED_SEEDS, Path(site.USER_BASE or "") / INSTALLED_SEEDS,
                  package_parent / INSTALLED_SEEDS]
    try:
        files = importlib.metadata.distribution(DISTRIBUTION).files or []
    except importlib.metadata.PackageNotFoundError:
        files = []
    candidates[:0] = [Path(str(f.locate())).parent for f in files
                      if f.name == "manifest.json" and f.parent.name == "seeds"]
    return next((c for c in candidates if (c / "manifest.json").is_file()), checkout)


SEEDS_DIR = seeds_dir()


def open_database(db_path: Path, seeds: Path = SEEDS_DIR) -> Store:
    """The store at ``db_path``; created and loaded with ``seeds`` if it does not exist yet."""

    def seed(store: Store) -> None:
        from bot.ingest import ingest, seed_articles  # only a new database pays for it

        ingest(store, seed_articles(seeds))

    return open_store(db_path, seed if seeds.is_dir() else None)
