"""Benchmark 3: a digest to many chats through the fake Bot API server, set to answer 429 above
the limit, while people keep using the bot.

The bot is the real ``Application`` (``build_application`` with its ``AIORateLimiter``),
long-polling the fake; the digest goes out through ``bot.scheduler.run_tick``, the path the
minute job takes (plan every subscribed chat's digest, deliver through the ledger). The fake runs
in its own process (``bench.fakeproc``), like Telegram's servers, so that its work does not share
the bot's interpreter.

While the tick runs, a user sends ``/bill water code`` every ``command_every`` seconds (one a
second at 30/s: their replies share the limit; ten a second at 1000/s); the latency
is from the moment the update is queued at the fake to the moment the reply's ``sendMessage``
arrives there (both ``time.monotonic()``, the same clock in both processes).

Baseline: the configured limit; the ratio is the achieved rate over it.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import json
import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from bench.common import PYTHON, ROOT, Section, Timer, note, percentile, say, table
from bench.gen import ArticleGenerator
from bot.app import build_application
from bot.core.chats import new_chat
from bot.database import open_database
from bot.ingest import ingest
from bot.scheduler import run_tick
from bot.services import Services
from tests.configured import settings_of

ALMATY = ZoneInfo("Asia/Almaty")
TOKEN = "123456789:AAbenchmarkBenchmarkBenchmark0123456"
# The tick's moment: the chats' digests are due at 09:00 (the default time) on this day.
NOW = dt.datetime(2025, 6, 16, 9, 0, 30, tzinfo=ALMATY)
COMMAND_CHAT = 42
COMMAND = "/bill water code"
TARGET_SHARE = 0.95
TARGET_P99_MS = 200.0


class FakeProcess:
    """``bench.fakeproc`` in a subprocess; ``call`` sends one command and reads its answer."""

    def __init__(self) -> None:
        self.process: asyncio.subprocess.Process | None = None
        self.url = ""
        self._lock = asyncio.Lock()

    async def start(self, token: str) -> None:
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        self.process = await asyncio.create_subprocess_exec(
            PYTHON, "-m", "bench.fakeproc", token, cwd=ROOT, env=env,
            stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, limit=1 << 28)
        first = await self._read()
        self.url = str(first["url"])

    async def _read(self) -> dict[str, Any]:
        assert self.process is not None and self.process.stdout is not None
        line = await asyncio.wait_for(self.process.stdout.readline(), 30)
        if not line:
            raise RuntimeError("the fake Bot API process ended")
        answer: dict[str, Any] = json.loads(line)
        return answer

    async def call(self, **command: Any) -> dict[str, Any]:
        assert self.process is not None and self.process.stdin is not None
        async with self._lock:
            self.process.stdin.write(json.dumps(command).encode() + b"\n")
            await self.process.stdin.drain()
            return await self._read()

    async def stop(self) -> None:
        if self.process is None:
            return
        with contextlib.suppress(Exception):
            await self.call(op="quit")
        try:
            await asyncio.wait_for(self.process.wait(), 10)
        except TimeoutError:
            self.process.kill()
            await self.process.wait()


@dataclass(frozen=True)
class Scenario:
    name: str
    chats: int
    rate: float
    paid: bool
    command_every: float  # seconds between two users' commands during the broadcast


def _prepare(db: Path, chats: int) -> None:
    """The seeds, three articles that arrived an hour before the tick (the digest's news), and
    ``chats`` subscribed chats (one in ten a group) whose daily digest is due at 09:00."""
    store = open_database(db)
    generator = ArticleGenerator(seed=5)
    ingest(store, generator.articles(3), now=NOW - dt.timedelta(hours=1))
    since = NOW - dt.timedelta(days=2)
    docs = []
    for i in range(chats):
        if i % 10 == 9:
            chat_id, kind = -1_000_000_000_000 - i, "supergroup"
        else:
            chat_id, kind = 10_000_000 + i, "private"
        docs.append(new_chat(chat_id, kind, f"Chat {i}", since, subscribed=True))
    store.put_chats(docs)
    store.put_meta("last_tick", (NOW - dt.timedelta(minutes=1)).isoformat())
    store.close()


async def _scenario(scenario: Scenario, folder: Path) -> dict[str, Any]:
    db = folder / scenario.name / "bot.json"
    shutil.rmtree(db.parent, ignore_errors=True)
    _prepare(db, scenario.chats)
    fake = FakeProcess()
    await fake.start(TOKEN)
    try:
        await fake.call(op="rate", overall=scenario.rate, groups=20)
        store = open_database(db)
        services = Services(clock=lambda: NOW,
            settings=settings_of(
                tz=ALMATY, rate_per_second=scenario.rate, paid_broadcast=scenario.paid))
        app = build_application(store, TOKEN, api_url=fake.url, services=services,
                                rate_limit=scenario.rate, jobs=False)
        services = app.bot_data  # the application's own copy, with the store
        await app.initialize()
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0.0, timeout=10)
        await app.start()
        # A first command before the broadcast: the reply path warmed up, its time unloaded.
        idle = await _idle_latency(fake, 5)
        pushes: list[float] = []
        done = asyncio.Event()

        async def pusher() -> None:
            while not done.is_set():
                answer = await fake.call(op="push", text=COMMAND, chat_id=COMMAND_CHAT)
                pushes.append(float(answer["t"]))
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(done.wait(), scenario.command_every)

        before = (await fake.call(op="stats"))["requests"]
        tick_start = time.monotonic()
        pushing = asyncio.create_task(pusher())
        try:
            stats = await run_tick(app.bot, services, NOW)
        finally:
            tick_end = time.monotonic()
            done.set()
            await pushing
        await asyncio.sleep(1.0)  # the last command's reply
        answer = await fake.call(op="sends", since=before)
        digest = next(s[4] for s in answer["sends"] if s[1] != COMMAND_CHAT)
        full = await fake.call(op="sends", since=before, text_chars=5000, limit=40)
        digest_text = next((s[4] for s in full["sends"] if s[1] != COMMAND_CHAT), digest)
        fake_stats = await fake.call(op="stats")
        await app.updater.stop()
        await app.stop()
        await app.shutdown()
        store.close()
    finally:
        await fake.stop()
    sends = answer["sends"]
    digests = sorted(s[0] for s in sends if s[1] != COMMAND_CHAT and s[2] == 200)
    replies = sorted(s[0] for s in sends if s[1] == COMMAND_CHAT and s[2] == 200)
    first, last = (digests[0], digests[-1]) if digests else (tick_start, tick_start)
    span = last - first
    in_window = sum(1 for s in sends if first <= s[0] <= last and s[2] == 200)
    total_rate = (in_window - 1) / span if span > 0 else float("nan")
    rate = (len(digests) - 1) / span if span > 0 else float("nan")
    latencies = [reply - push for push, reply in zip(pushes, replies, strict=False)]
    during = [lat for push, lat in zip(pushes, latencies, strict=False) if first <= push <= last]
    return {
        "chats": scenario.chats, "limit": scenario.rate, "paid": scenario.paid,
        "sent": stats.sent, "failed": stats.failed, "retry_after": stats.retry_after,
        "digests_received": len(digests), "send_seconds": span, "rate": rate,
        "share_of_limit": rate / scenario.rate, "rate_with_replies": total_rate,
        "command_every_s": scenario.command_every,
        "too_many_requests": fake_stats["too_many"],
        "planning_seconds": first - tick_start, "tick_seconds": tick_end - tick_start,
        "commands": len(pushes), "replies": len(replies),
        "latency_all_ms": _ms(latencies), "latency_during_sending_ms": _ms(during),
        "latency_idle_ms": idle,
        "fake_errors": fake_stats["errors"], "digest_text": digest_text,
    }


def _ms(values: list[float]) -> dict[str, float]:
    if not values:
        return {"n": 0, "p50": float("nan"), "p99": float("nan"), "max": float("nan")}
    return {"n": len(values), "p50": percentile(values, 50) * 1000,
            "p99": percentile(values, 99) * 1000, "max": max(values) * 1000}


async def _idle_latency(fake: FakeProcess, count: int) -> dict[str, float]:
    before = (await fake.call(op="stats"))["requests"]
    pushes = []
    for _ in range(count):
        pushes.append(float((await fake.call(op="push", text=COMMAND,
                                             chat_id=COMMAND_CHAT))["t"]))
        await asyncio.sleep(0.2)
    await asyncio.sleep(0.5)
    sends = (await fake.call(op="sends", since=before))["sends"]
    replies = sorted(s[0] for s in sends if s[1] == COMMAND_CHAT)
    return _ms([r - p for p, r in zip(pushes, replies, strict=False)][1:])


async def _raw_client(count: int, in_flight: int, text: str) -> dict[str, float]:
    """The ceiling: a bare PTB ``Bot`` (no rate limiter, ledger or pacing) sending ``count``
    messages as fast as it can, ``in_flight`` at a time, against a fresh fake (no limit)."""
    from telegram import Bot

    fake = FakeProcess()
    await fake.start(TOKEN)
    try:
        async with Bot(TOKEN, base_url=f"{fake.url}/bot") as bot:
            queue = list(range(count))

            async def worker() -> None:
                while queue:
                    chat = 10_000_000 + queue.pop()
                    await bot.send_message(chat, text, parse_mode="HTML",
                                           allow_paid_broadcast=True)

            started = time.monotonic()
            await asyncio.gather(*(worker() for _ in range(in_flight)))
            elapsed = time.monotonic() - started
            sends = (await fake.call(op="sends", since=0))["sends"]
    finally:
        await fake.stop()
    times = sorted(s[0] for s in sends if s[2] == 200)
    span = times[-1] - times[0] if len(times) > 1 else float("nan")
    return {"sent": len(times), "rate": (len(times) - 1) / span, "seconds": elapsed,
            "in_flight": in_flight}


def run(quick: bool, workdir: Path) -> Section:
    section = Section("broadcast")
    timer = Timer()
    folder = workdir / "broadcast"
    scenarios = [
        Scenario("default-30", 200 if quick else 1_000, 30.0, False, 2.0),
        Scenario("paid-1000", 2_000 if quick else 10_000, 1000.0, True, 0.1),
    ]
    rows = []
    for scenario in scenarios:
        note(f"broadcast: {scenario.chats:,} chats at {scenario.rate:.0f}/s"
             + (" (paid)" if scenario.paid else ""))
        figures = asyncio.run(_scenario(scenario, folder))
        section.figures[scenario.name] = figures
        lat, idle = figures["latency_during_sending_ms"], figures["latency_idle_ms"]
        rows.append((f"{scenario.chats:,} chats, limit {scenario.rate:.0f}/s"
                     + (" paid" if scenario.paid else ""),
                     figures["digests_received"], figures["planning_seconds"],
                     figures["send_seconds"], figures["rate"], figures["share_of_limit"] * 100,
                     figures["rate_with_replies"],
                     figures["too_many_requests"], idle["p50"], lat["n"], lat["p50"],
                     lat["p99"], lat["max"], figures["latency_all_ms"]["p99"]))
        if scenario.paid:
            note("broadcast: the bare PTB client's ceiling on this machine")
            raw = asyncio.run(_raw_client(1_000 if quick else 5_000, 3, figures["digest_text"]))
            figures["raw_client"] = raw
            figures["share_of_raw_client"] = figures["rate"] / raw["rate"]
            rows.append((f"  ceiling: bare PTB Bot, {raw['in_flight']} in flight, no limit",
                         raw["sent"], float("nan"), raw["seconds"], raw["rate"],
                         raw["rate"] / scenario.rate * 100, float("nan"), 0, float("nan"), 0,
                         float("nan"), float("nan"), float("nan"), float("nan")))
        share_ok = figures["share_of_limit"] >= TARGET_SHARE
        section.check(f"{scenario.chats:,} chats at {scenario.rate:.0f}/s: rate",
                      f">= {TARGET_SHARE:.0%} of limit", f"{figures['share_of_limit']:.1%}",
                      share_ok)
        section.check(f"{scenario.chats:,} chats at {scenario.rate:.0f}/s: 429s", "0",
                      str(figures["too_many_requests"]), figures["too_many_requests"] == 0)
        section.check(f"{scenario.chats:,} chats at {scenario.rate:.0f}/s: command p99",
                      f"< {TARGET_P99_MS:.0f} ms", f"{lat['p99']:.0f} ms (whole tick: "
                      f"{figures['latency_all_ms']['p99']:.0f} ms)",
                      lat["p99"] < TARGET_P99_MS)
    say(table("Broadcast: a digest to every subscribed chat through the fake Bot API "
              "(429 above the limit), users' commands meanwhile",
              ("scenario", "sent", "plan s", "send s", "msg/s", "% of limit", "+replies/s",
               "429s",
               "cmd idle p50", "cmds", "cmd p50", "cmd p99", "cmd max", "p99 whole tick"),
              rows))
    say("  msg/s = digests received by the fake / time from the first to the last (ratio to the "
        "limit: '% of limit'); '+replies/s' counts the replies to commands too; 'plan s' = "
        "tick start to the first digest. Commands: /bill every "
        + ", ".join(f"{s.command_every:g} s ({s.name})" for s in scenarios)
        + ". Command latencies in ms: update queued at the fake -> "
        "reply's sendMessage at the fake, for commands sent while digests were going out "
        "('p99 whole tick' also counts those sent while the tick was still planning).")
    say()
    section.seconds = timer.elapsed
    return section


