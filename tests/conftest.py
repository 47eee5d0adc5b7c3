"""Shared fixtures: stores on both backends, fresh and seeded database folders, the seed
articles, the command line in-process, and the live app against the fake Bot API."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import json
import os
import shutil
import socket
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from hypothesis import settings

from bot.app import BotApp, build_application
from bot.database import open_database
from bot.scheduler import run_tick
from bot.services import Services
from bot.webhook import serve, webhook_config
from store.base import Store
from store.tiny import TinyStore

from .command_line import ROOT, TOKEN, run_cli
from .configured import settings_of
from .fakebotapi import FakeBotAPI
from .hostile import Hostile
from .newsroom import Newsroom
from .offline_bot import ALMATY, OfflineBot

# Property tests at two sizes: a suite run tries a sample of inputs; under
# ``HYPOTHESIS_PROFILE=thorough`` the tests that leave the count to Hypothesis try ten times its
# default and those sized with ``examples()`` (the fault fuzzers: 10,000 inputs) all they name.
# For a release, or after a change to how the handlers read input.
# The suite's draws are fixed (derandomize): a run on a clean clone tries what the last run
# tried, so CI passes or fails on the code, not on the luck of the draw; the thorough profile
# draws afresh each time, to find new counterexamples (then kept as explicit cases).
settings.register_profile("suite", max_examples=100, derandomize=True)
settings.register_profile("thorough", max_examples=1000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "suite"))
THOROUGH = os.environ.get("HYPOTHESIS_PROFILE") == "thorough"


def examples(thorough: int) -> int:
    """How many examples a property test tries: ``thorough`` under the thorough profile, a
    fifth of it (at least 50) in a suite run."""
    return thorough if THOROUGH else max(50, thorough // 5)


ARTICLES = Path(__file__).resolve().parent / "articles"
SEEDS = ROOT / "seeds"


@pytest.fixture(params=["memory", "file"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[TinyStore]:
    """Every store test runs on the in-memory twin and on real files."""
    path = None if request.param == "memory" else tmp_path / "db" / "bot.json"
    tiny = TinyStore(path)
    yield tiny
    tiny.close()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """Where a database will be: the first command creates it and seeds it."""
    return tmp_path / "data" / "bot.json"


@pytest.fixture(scope="session")
def _seeded_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("seeded-template")
    open_database(folder / "bot.json").close()
    return folder


@pytest.fixture
def seeded_db(_seeded_template: Path, tmp_path: Path) -> Path:
    """A database already holding the seed articles: a copy of one seeded once per run."""
    folder = tmp_path / "seeded"
    shutil.copytree(_seeded_template, folder)
    return folder / "bot.json"


# --------------------------------------------------------------------------- the live app

ADMIN = 7
OPERATOR = 8
NOW = dt.datetime(2024, 3, 13, 12, 0, tzinfo=ALMATY)
PROBE = 999_001  # a private chat whose answer shows that earlier updates were handled


class Harness:
    def __init__(self, fake: FakeBotAPI, app: BotApp, store: TinyStore) -> None:
        self.fake, self.app, self.store = fake, app, store

    async def say(self, text: str, chat_id: int = 1001, user_id: int = 1001,
                  expect: int = 1, **kw: Any) -> list[Any]:
        """Send a message; wait for ``expect`` new requests answering it (0: wait briefly)."""
        return await self.push(self.fake.make_message(text, chat_id=chat_id, user_id=user_id,
                                                      **kw), expect)

    async def push(self, update: dict[str, Any], expect: int = 1,
                   methods: tuple[str, ...] = ("sendMessage", "editMessageText",
                                               "sendDocument")) -> list[Any]:
        after = len(self.fake.requests)
        self.fake.push_update(update)
        if expect == 0:
            await self.settle()
            return [r for r in self.fake.requests[after:] if r.method in methods
                    and r.chat_id != PROBE]
        found = await self.fake.async_wait_for(lambda r: r.method in methods, count=expect,
                                               timeout=10, after=after)
        return list(found)

    async def settle(self) -> None:
        """Wait until the updates pushed so far are handled: the bot handles updates one at
        a time, in order, so once a probe sent after them is answered, they were too."""
        after = len(self.fake.requests)
        self.fake.push_update(self.fake.make_message("/help", chat_id=PROBE, user_id=PROBE))
        await self.fake.async_wait_for(lambda r: r.method == "sendMessage"
                                       and r.chat_id == PROBE, timeout=10, after=after)

    async def tick(self) -> None:
        """One scheduler tick, as the app's minute job runs it. The clock stands still at NOW,
        and the app's own first tick (a second after start) may have ticked at NOW already,
        which would leave this one an empty window: so it comes a minute after the last."""
        self.store.refresh()
        last = self.store.get_meta("last_tick")
        at = max(NOW, dt.datetime.fromisoformat(last)) if last else NOW
        await run_tick(self.app.bot, self.app.bot_data, now=at + dt.timedelta(minutes=1))

    def errors(self) -> list[Any]:
        return [r for r in self.fake.requests if r.status >= 400]


@contextlib.asynccontextmanager
async def live_app(store: TinyStore, fake: FakeBotAPI, services: Services
                   ) -> AsyncIterator[BotApp]:
    """The real PTB Application long-polling ``fake``, its start-up (menus, jobs) run."""
    app = build_application(store, TOKEN, api_url=fake.url, services=services, rate_limit=None)
    await app.initialize()
    assert app.post_init is not None
    await app.post_init(app)
    assert app.updater is not None
    await app.updater.start_polling(poll_interval=0.0, timeout=1)
    await app.start()
    try:
        yield app
    finally:
        await app.updater.stop()
        await app.stop()
        await app.shutdown()


@pytest.fixture
async def harness(seeded_db: Path) -> AsyncIterator[Harness]:
    """A live app on a seeded database, the fake Bot API's user talking to it."""
    with FakeBotAPI(token=TOKEN) as fake:
        store = open_database(seeded_db)
        services = Services(clock=lambda: NOW,
            settings=settings_of(tz=ALMATY, admins=frozenset({ADMIN}), operator_chat=OPERATOR))
        try:
            async with live_app(store, fake, services) as app:
                yield Harness(fake, app, store)
        finally:
            store.close()




# --------------------------------------------------------------------------- news sites

@pytest.fixture
def room() -> Iterator[Newsroom]:
    """A made-up news site on 127.0.0.1: a feed and article pages (tests/newsroom.py)."""
    with Newsroom() as newsroom:
        yield newsroom


@pytest.fixture
def site() -> Iterator[Hostile]:
    """A hostile site on 127.0.0.1: slow, huge or lying answers (tests/hostile.py)."""
    with Hostile() as hostile:
        yield hostile


# --------------------------------------------------------------------------- webhook servers

def free_port() -> int:
    """A TCP port on 127.0.0.1 nothing listens on (for a webhook server to take)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until_listening(port: int, timeout: float = 10.0) -> None:
    """Wait until a server accepts connections on 127.0.0.1:``port`` (it registers its webhook
    with Telegram a moment before its socket listens)."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            assert time.monotonic() < deadline, f"nothing listens on port {port} after {timeout} s"
            time.sleep(0.01)


def export_json(db: Path) -> dict[str, Any]:
    """``python -m bot export`` (in-process), parsed; it must succeed."""
    result = run_cli("export", db=db)
    assert result.returncode == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


@pytest.fixture
def no_fsync() -> Iterator[None]:
    """For tests about what is written where, not about surviving a power cut: thousands of
    shard writes without an fsync each (the kill tests, in their own processes, keep them)."""
    with mock.patch("os.fsync"):
        yield


@pytest.fixture
async def offline_bot(seeded_db: Path) -> AsyncIterator[OfflineBot]:
    """The bot's handlers on a seeded database through the in-process Bot API (``bot.offline``)
    at NOW: what ``reply`` runs, without a subprocess."""
    store = TinyStore(seeded_db)
    offline = OfflineBot(store, NOW)
    async with offline.app:
        yield offline
    store.close()


WEBHOOK_SECRET = "s3cret_token-1"


@contextlib.asynccontextmanager
async def webhook_app(tmp_path: Path) -> AsyncIterator[tuple[int, FakeBotAPI, Store]]:
    """The real app in webhook mode on a free local port (secret ``WEBHOOK_SECRET``), its
    webhook set on the fake Bot API: (port, fake, store)."""
    with FakeBotAPI(token=TOKEN) as fake:
        store = open_database(tmp_path / "bot.json")
        port = free_port()
        hook = webhook_config("https://bot.example.org/telegram", WEBHOOK_SECRET, "127.0.0.1",
                              port)
        services = Services(clock=lambda: NOW,
                            settings=settings_of(tz=ALMATY, public_url=hook.public_base))
        app = build_application(store, TOKEN, api_url=fake.url, services=services,
                                rate_limit=None)
        stop = asyncio.Event()
        server = asyncio.create_task(serve(app, hook, stop))
        await fake.async_wait_for("setWebhook", timeout=10)
        await asyncio.to_thread(wait_until_listening, port)
        try:
            yield port, fake, store
        finally:
            stop.set()
            await asyncio.wait_for(server, 10)
