"""One polling pass for the running bot, in a child process: ``python -m bot.poll_worker DB``.

The bot talks to it in data: the worker prints one JSON line, a ``PassReport``, and the bot
(``bot/polling.py``) reads it back with ``PassReport.from_dict``, rather than reading the
human text of ``python -m bot poll``. A child keeps fetching and reading pages off the bot's
event loop and its memory; it writes through the same inter-process lock as a CLI ingest.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from bot.core.json_types import JsonObject
from bot.sources import PollReport

if TYPE_CHECKING:
    from bot.config import FetchSettings


@dataclass(frozen=True)
class PassReport:
    """What a pass did: the lines ``python -m bot poll`` prints, as data."""

    sources: int
    added: tuple[str, ...]  # one ``describe()`` line per new article
    unchanged: int
    skipped: int
    errors: tuple[str, ...]  # one line per failing source or page
    summary: str

    @classmethod
    def of(cls, report: PollReport) -> PassReport:
        return cls(sources=report.sources, added=tuple(r.describe() for r in report.added),
                   unchanged=report.unchanged, skipped=report.skipped,
                   errors=tuple(report.errors), summary=report.summary())

    def to_dict(self) -> JsonObject:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: JsonObject) -> PassReport:
        return cls(sources=int(data["sources"]), added=tuple(map(str, data["added"])),
                   unchanged=int(data["unchanged"]), skipped=int(data["skipped"]),
                   errors=tuple(map(str, data["errors"])), summary=str(data["summary"]))


def run_pass(db: Path, fetching: FetchSettings) -> PassReport:
    from bot.database import open_database
    from bot.sources import poll
    from bot.web.fetch import Fetcher

    store = open_database(db)
    try:
        with Fetcher.from_settings(fetching) as fetcher:
            return PassReport.of(poll(store, fetcher, dt.datetime.now(dt.UTC)))
    finally:
        store.close()


def main(argv: list[str]) -> int:
    from bot.config import load_environment, settings_from_environment

    load_environment()  # a process of its own: it reads the settings once for itself
    report = run_pass(Path(argv[0]), settings_from_environment().fetching)
    sys.stdout.write(json.dumps(report.to_dict(), ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
