"""Shared fixtures: stores on both backends, fresh and seeded database folders, the seed
articles, the command line in-process, and the live app against the fake Bot API."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import os
import shutil
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any
from unittest import mock

import pytest

from bot.app import BotApp, build_application
from bot.database import open_database
from bot.services import Services
from store.tiny import TinyStore

from .configured import settings_of
from .fakebotapi import FakeBotAPI
from .offline_bot import ALMATY

ROOT = Path(__file__).resolve().parent.parent
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


def cli_env(**extra: str) -> dict[str, str]:
    """Environment for running ``python -m bot`` in a subprocess: no token leaks in from outside."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "BOT_"))}
    env["PYTHONPATH"] = str(ROOT)
    env.update(extra)
    return env


PYTHON = sys.executable


def run_cli(*args: str | Path, db: Path | None = None, stdin: str | None = None,
            **env: str) -> subprocess.CompletedProcess[str]:
    """``python -m bot ARGS --db DB`` in this process (``bot.__main__.main``), with the
    environment ``cli_env`` gives a child: what a subprocess would print and return, without
    its 0.2-1 s of imports. Tests where the process is the point (a kill, a pipe, ``run``)
    start ``python -m bot`` as a child instead."""
    from bot.__main__ import main

    argv = [*map(str, args), *(["--db", str(db)] if db is not None else [])]
    if argv[:1] == ["run"]:  # the running bot: its own process (signals, logging, the loop)
        return subprocess.run([PYTHON, "-m", "bot", *argv], cwd=ROOT, env=cli_env(**env),
                              input=stdin, capture_output=True, text=True, timeout=120)
    out, err = io.StringIO(), io.StringIO()
    saved = dict(os.environ)
    os.environ.clear()
    os.environ.update(cli_env(**env))
    try:
        with (contextlib.redirect_stdout(out), contextlib.redirect_stderr(err),
              mock.patch("sys.stdin", io.StringIO(stdin or ""))):
            try:
                code = main(argv)
            except SystemExit as exit_:  # argparse's usage errors
                code = exit_.code if isinstance(exit_.code, int) else 2
    finally:
        os.environ.clear()
        os.environ.update(saved)
    return subprocess.CompletedProcess(["python", "-m", "bot", *argv], code, out.getvalue(),
                                       err.getvalue())


# --------------------------------------------------------------------------- the live app

TOKEN = "123456789:AAHfakeTokenForTests_0123456789abcdef"
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
