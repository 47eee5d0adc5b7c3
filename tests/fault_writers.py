"""Writers that ``test_faults.py`` kills at random moments: ``python -m tests.fault_writers``.

Each prints one line per acknowledged write, flushed at once, and only after the write returned
(so a line on stdout is a write the store has acknowledged):

``subscribe DB FIRST_CHAT``
    private chats FIRST_CHAT, FIRST_CHAT + 1, ... each send ``/subscribe``, ``/follow`` a keyword
    and (every other chat) ``/settings quiet off``, through the bot's real handlers; prints
    ``sub CHAT``, ``follow CHAT KEYWORD``, ``quiet CHAT`` once the bot's confirmation was sent.
``ingest DB FOLDER TAG``
    writes new articles into FOLDER one by one and runs ``python -m bot ingest FILE --db DB``
    (``bot.__main__.main``) on each, in this process; prints the command's own lines.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import itertools
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASES = sorted((ROOT / "seeds").glob("*.txt")) + sorted(
    (ROOT / "tests" / "articles").glob("*.txt"))


def variant(tag: str, number: int) -> str:
    """A new article (its own event id): a real one with a line of its own added."""
    base = BASES[number % len(BASES)].read_text(encoding="utf-8").rstrip()
    return f"{base}\n\nArchive note {tag}-{number}: this copy was filed by the editors.\n"


def write_variants(folder: Path, tag: str, count: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number in range(count):
        path = folder / f"{tag}-{number:05d}.txt"
        path.write_text(variant(tag, number), encoding="utf-8")
        paths.append(path)
    return paths


def keyword(chat_id: int) -> str:
    return f"drillword{chat_id}"


async def subscribe(db: str, first_chat: int) -> None:
    from bot.database import open_database
    from tests.offline_bot import ALMATY, OfflineBot

    store = open_database(Path(db))
    bot = OfflineBot(store, dt.datetime.now(ALMATY))

    def said(sent: list[tuple[str, dict[str, object]]], needle: str) -> bool:
        return any(needle in str(params.get("text", "")) for _method, params in sent)

    async with bot.app:
        for chat in itertools.count(first_chat):
            if said(await bot.say("/subscribe", chat, chat), "is subscribed"):
                print(f"sub {chat}", flush=True)
            if said(await bot.say(f"/follow {keyword(chat)}", chat, chat), "Following"):
                print(f"follow {chat} {keyword(chat)}", flush=True)
            if chat % 2 == 0 and said(await bot.say("/settings quiet off", chat, chat),
                                      "Quiet hours:</b> off"):
                print(f"quiet {chat}", flush=True)


def ingest(db: str, folder: str, tag: str) -> None:
    from bot.__main__ import main

    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr]
    Path(folder).mkdir(parents=True, exist_ok=True)
    for number in itertools.count():
        path = Path(folder) / f"{tag}-{number:05d}.txt"
        path.write_text(variant(tag, number), encoding="utf-8")
        code = main(["ingest", str(path), "--db", db])
        if code != 0:
            raise SystemExit(code)


if __name__ == "__main__":
    kind, *args = sys.argv[1:]
    if kind == "subscribe":
        asyncio.run(subscribe(args[0], int(args[1])))
    elif kind == "ingest":
        ingest(*args)
    else:
        raise SystemExit(f"unknown writer {kind!r}")
