"""The live bot reads a feed by itself: the real PTB Application against the fake Bot API, its
polling job against the made-up news site, both on 127.0.0.1."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.app import BotApp
from bot.database import open_database
from bot.services import Services

from .configured import settings_of
from .conftest import ADMIN, NOW, TOKEN, live_app
from .fakebotapi import FakeBotAPI
from .newsroom import STORIES, Newsroom, Route, rss
from .offline_bot import ALMATY

POLL_MINUTES = 0.01  # a pass every 0.6 seconds (passes never overlap: the next waits)
FOLLOWER = 2004


@pytest.fixture
async def live(seeded_db: Path, monkeypatch: pytest.MonkeyPatch
               ) -> AsyncIterator[tuple[FakeBotAPI, BotApp, Newsroom]]:
    monkeypatch.setenv("BOT_ALLOW_LOCAL_SOURCES", "1")
    monkeypatch.setenv("BOT_FETCH_TIMEOUT", "2")
    with FakeBotAPI(token=TOKEN) as fake, Newsroom() as room:
        room.routes["/rss.xml"] = Route(rss([(STORIES["volleyball"], "/news/volleyball")]),
                                        "application/rss+xml")
        store = open_database(seeded_db)
        # the bot's own settings; the environment above is for its poll worker's process
        services = Services(clock=lambda: NOW, settings=settings_of(
            tz=ALMATY, admins=frozenset({ADMIN}), poll_minutes=POLL_MINUTES, allow_local=True,
            timeout=2.0))
        try:
            async with live_app(store, fake, services) as app:
                yield fake, app, room
        finally:
            store.close()


async def fetched(room: Newsroom, path: str, count: int, timeout: float = 30) -> None:
    """Wait until the site has served ``path`` ``count`` times (the bot's passes are seen
    only there)."""
    deadline = time.monotonic() + timeout
    while room.paths().count(path) < count:
        assert time.monotonic() < deadline, f"{path} fetched {room.paths().count(path)} times"
        await asyncio.sleep(0.02)


async def _say(fake: FakeBotAPI, text: str, chat_id: int) -> str:
    after = len(fake.requests)
    fake.push_update(fake.make_message(text, chat_id=chat_id, user_id=chat_id))
    [reply] = await fake.async_wait_for(
        lambda r: r.method == "sendMessage" and r.chat_id == chat_id, timeout=10, after=after)
    return str(reply.params["text"])


async def test_follower_is_alerted_once_within_a_poll_period(
        live: tuple[FakeBotAPI, BotApp, Newsroom]) -> None:
    fake, _app, room = live
    assert "for the bot's operators" in await _say(fake, "/sources", FOLLOWER)
    added = await _say(fake, f"/sources add {room.url}/", ADMIN)
    assert "Added" in added and "/rss.xml" in added
    await _say(fake, "/follow geothermal", FOLLOWER)

    # The first passes find only the volleyball final (not about the state): no alert.
    await fetched(room, "/news/volleyball", 1)

    # The story appears in the feed.
    room.routes["/rss.xml"] = Route(rss([(STORIES["volleyball"], "/news/volleyball"),
                                         (STORIES["geothermal"], "/news/geothermal")]),
                                    "application/rss+xml")
    appeared = time.monotonic()
    alerts = await fake.async_wait_for(
        lambda r: r.method == "sendMessage" and r.chat_id == FOLLOWER
        and "🔔" in r.params["text"], timeout=30)
    # one poll period, plus the child process's start and the page fetch
    assert time.monotonic() - appeared < POLL_MINUTES * 60 + 15
    assert "geothermal" in alerts[0].params["text"].lower()

    # Two more passes: the article is not taken again, the follower hears of it once. (A
    # pass has ended when the next one reads the feed: passes never overlap.)
    await fetched(room, "/rss.xml", room.paths().count("/rss.xml") + 3)
    sent = [r for r in fake.requests if r.method == "sendMessage" and r.chat_id == FOLLOWER
            and "🔔" in r.params["text"]]
    assert len(sent) == 1
    assert room.paths().count("/news/geothermal") == 1
    listing = await _say(fake, "/sources", ADMIN)
    assert "1 article taken" in listing and "Steppe Herald" in listing
