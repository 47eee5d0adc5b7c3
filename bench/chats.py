"""Benchmark 6: 100,000 chats on one machine (issue 12).

* Store: one chat write, opening the store, the first read of a chat, reading every chat, with
  100,000 subscribed chats in shard files (``store.chats``). Baseline in the same run: today's
  design before the shards, the same chats in one TinyDB file (``bot.state.json``) rewritten
  whole on every write.
* Tick: 100,000 chats (10,000 events), 1,000 of them due at 09:00: the time ``plan_tick`` takes to
  plan the 09:00 tick with the due index in place. Baseline: keying every chat once (parsing every
  chat's settings and its next moment), the work the tick did every minute before the index.
* Replies: the real ``Application`` on the fake Bot API (its own process), 100,000 chats; while
  the 09:00 digest goes out to 1,000 chats at 30/s, users send ``/subscribe``, ``/settings time
  08:30`` and ``/follow water``; latency from the update queued at the fake to the reply's
  ``sendMessage`` there.
* ``python -m bot chats import`` of 100,000 lines into a database, and ``chats export``.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import shutil
import subprocess
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from bench.broadcast import ALMATY, TOKEN, FakeProcess
from bench.common import PYTHON, ROOT, Section, Timer, note, percentile, say, table
from bench.gen import ArticleGenerator, make_knowledge
from bot.app import build_application
from bot.core.chats import Chat, new_chat
from bot.database import open_database
from bot.ingest import ingest
from bot.scheduler import plan_tick, run_tick
from bot.services import Services
from bot.tick_state import TickState
from store.tiny import TinyStore
from store.tinyfile import TinyFile
from tests.configured import settings_of

NOW = dt.datetime(2025, 6, 16, 9, 0, 30, tzinfo=ALMATY)
SIZES = (10_000, 2_000, 3_000)
DUE = 1_000
COMMANDS = ("/subscribe", "/settings time 08:30", "/follow water")
TARGET_REPLY_MS = 20.0
TARGET_PLAN_MS = 100.0
TARGET_IMPORT_S = 30.0


def _chats(count: int, due: int) -> list[Chat]:
    """``count`` subscribed chats: ``due`` at 09:00, ten at 08:59 (so the tick before plans too,
    as in a bot whose chats are spread over the day), the rest spread over the later hours."""
    since = NOW - dt.timedelta(days=2)
    docs = []
    for i in range(count):
        doc = new_chat(10_000_000 + i, "private", f"Chat {i}", since, subscribed=True)
        if due <= i < due + 10:
            doc = doc.with_settings(replace(doc.settings, time=dt.time(8, 59)))
        elif i >= due:
            doc = doc.with_settings(replace(doc.settings,
                                            time=dt.time(10 + i % 12, (i * 7) % 60)))
        docs.append(doc)
    return docs


def _ms(values: list[float]) -> dict[str, float]:
    return {"n": len(values), "p50": percentile(values, 50) * 1000,
            "p99": percentile(values, 99) * 1000, "max": max(values) * 1000}


def _store_figures(folder: Path, count: int) -> dict[str, Any]:
    docs = _chats(count, DUE)
    # Baseline: today's design before this change, every chat in one TinyDB file.
    old = folder / "single" / "bot.state.json"
    single = TinyFile(old, ("chats",), key="id")
    single.write({"chats": {str(d.id): d.to_dict() for d in docs}})
    single.close()
    started = time.perf_counter()
    single = TinyFile(old, ("chats",), key="id")
    old_open = time.perf_counter() - started
    old_writes = []
    for doc in docs[:20]:
        started = time.perf_counter()
        single.write({"chats": {str(doc.id): {**doc.to_dict(), "title": "x"}}})
        old_writes.append(time.perf_counter() - started)
    single.close()

    db = folder / "sharded" / "bot.json"
    store = TinyStore(db)
    started = time.perf_counter()
    store.put_chats(docs)
    fill = time.perf_counter() - started
    store.close()
    started = time.perf_counter()
    store = TinyStore(db)
    open_s = time.perf_counter() - started
    started = time.perf_counter()
    store.get_chat(docs[500].id)
    first_read = time.perf_counter() - started
    started = time.perf_counter()
    store.load_chats(None)
    load_all = time.perf_counter() - started
    writes = []
    for doc in docs[::max(1, count // 500)]:
        started = time.perf_counter()
        store.put_chat(replace(doc, title="y"))
        writes.append(time.perf_counter() - started)
    store.close()
    shard_bytes = [p.stat().st_size for p in db.with_name("bot.chats").glob("*/*.json")]
    return {
        "chats": count,
        "single_file_mb": old.stat().st_size / 1e6, "single_open_s": old_open,
        "single_write_ms": _ms(old_writes),
        "shards": len(shard_bytes), "shard_kb_mean": sum(shard_bytes) / len(shard_bytes) / 1e3,
        "fill_s": fill, "open_s": open_s, "first_read_ms": first_read * 1000,
        "load_all_s": load_all, "write_ms": _ms(writes),
    }


def _tick_figures(folder: Path, count: int) -> dict[str, Any]:
    db = folder / "tick" / "bot.json"
    store = TinyStore(db)
    store.apply(make_knowledge(*SIZES).updates(), at=NOW - dt.timedelta(days=30))
    ingest(store, ArticleGenerator(seed=5).articles(3), now=NOW - dt.timedelta(hours=1))
    store.put_chats(_chats(count, DUE))
    store.put_meta("last_tick", (NOW - dt.timedelta(minutes=2)).isoformat())
    store.close()
    store = TinyStore(db)
    started = time.perf_counter()
    # The 08:59 tick builds the index, and (10 chats due) reads what every digest of the day
    # shares from the whole knowledge base (the week ahead, reminders: kept until it changes).
    ticks = TickState()
    before, _ = plan_tick(store, NOW - dt.timedelta(minutes=1), ALMATY, ticks)
    first_tick = time.perf_counter() - started
    index = ticks.index
    assert index is not None
    started = time.perf_counter()
    index.update_many(store.all_chats())  # what the index build alone costs: every chat keyed
    build = time.perf_counter() - started
    store.put_meta("last_tick", (NOW - dt.timedelta(minutes=1)).isoformat())
    started = time.perf_counter()
    outgoing, updates = plan_tick(store, NOW, ALMATY, ticks)
    plan = time.perf_counter() - started
    store.close()
    return {"chats": count, "due": len(updates), "messages": len(outgoing),
            "plan_ms": plan * 1000, "index_build_s": build,
            "first_tick_s": first_tick, "first_tick_messages": len(before)}


async def _replies(folder: Path, count: int, quick: bool) -> dict[str, Any]:
    db = folder / "replies" / "bot.json"
    store = open_database(db)
    store.apply(make_knowledge(*SIZES).updates(), at=NOW - dt.timedelta(days=30))
    ingest(store, ArticleGenerator(seed=5).articles(3), now=NOW - dt.timedelta(hours=1))
    store.put_chats(_chats(count, DUE))
    store.put_meta("last_tick", (NOW - dt.timedelta(minutes=1)).isoformat())
    store.close()
    fake = FakeProcess()
    await fake.start(TOKEN)
    try:
        await fake.call(op="rate", overall=30, groups=20)
        store = open_database(db)
        services = Services(clock=lambda: NOW, settings=settings_of(tz=ALMATY, rate_per_second=30))
        app = build_application(store, TOKEN, api_url=fake.url, services=services,
                                rate_limit=30, jobs=False)
        services = app.bot_data
        await app.initialize()
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0.0, timeout=10)
        await app.start()
        pushes: list[tuple[str, int, float]] = []
        done = asyncio.Event()

        async def users() -> None:
            user = 500_000_000
            while not done.is_set():
                user += 1
                for text in COMMANDS:
                    answer = await fake.call(op="push", text=text, chat_id=user)
                    pushes.append((text, user, float(answer["t"])))
                    await asyncio.sleep(0.25)

        before = (await fake.call(op="stats"))["requests"]
        pushing = asyncio.create_task(users())
        tick_start = time.monotonic()
        try:
            stats = await run_tick(app.bot, services, NOW)
        finally:
            done.set()
            await pushing
        await asyncio.sleep(1.0)
        sends = (await fake.call(op="sends", since=before))["sends"]
        too_many = (await fake.call(op="stats"))["too_many"]
        await app.updater.stop()
        await app.stop()
        await app.shutdown()
        store.close()
    finally:
        await fake.stop()
    digests = sorted(s[0] for s in sends if s[1] < 500_000_000 and s[2] == 200)
    first, last = (digests[0], digests[-1]) if digests else (tick_start, tick_start)
    replies: dict[int, list[float]] = {}
    for s in sends:
        if s[1] >= 500_000_000:
            replies.setdefault(s[1], []).append(s[0])
    latency: dict[str, list[float]] = {text: [] for text in COMMANDS}
    for text, user, pushed in pushes:
        after = [t for t in replies.get(user, []) if t >= pushed]
        if after and first <= pushed <= last:
            latency[text].append(min(after) - pushed)
            replies[user].remove(min(after))
    rate = (len(digests) - 1) / (last - first) if last > first else float("nan")
    return {"chats": count, "digests": len(digests), "sent": stats.sent, "rate": rate,
            "too_many_requests": too_many, "retry_after": stats.retry_after,
            "planning_s": first - tick_start,
            "latency_ms": {t: _ms(v) for t, v in latency.items() if v}}


def _import_figures(folder: Path, count: int) -> dict[str, Any]:
    db = folder / "import" / "bot.json"
    open_database(db).close()  # a database with the seeds, as a new machine has
    lines = folder / "chats.jsonl"
    with lines.open("w") as handle:
        for doc in _chats(count, DUE):
            handle.write(json.dumps(doc.to_dict(), ensure_ascii=False) + "\n")
    runs = {}
    for label in ("import", "import again", "export"):
        command = [PYTHON, "-m", "bot", "chats", *(["export"] if label == "export" else
                                                   ["import", str(lines)]), "--db", str(db)]
        started = time.perf_counter()
        result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True)
        runs[label] = {"seconds": time.perf_counter() - started,
                       "said": result.stdout.strip()[:200] if label != "export"
                       else f"{len(result.stdout.splitlines()):,} lines"}
    return {"lines": count, "file_mb": lines.stat().st_size / 1e6, **runs}


def _hwm_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def run(quick: bool, workdir: Path) -> Section:
    section = Section("chats")
    timer = Timer()
    folder = workdir / "chats"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    count = 10_000 if quick else 100_000

    note(f"chats: store writes with {count:,} chats (and the single-file baseline)")
    store = _store_figures(folder, count)
    note(f"chats: planning a tick with {DUE:,} of {count:,} chats due")
    tick = _tick_figures(folder, count)
    note(f"chats: replies while a digest goes out, {count:,} chats")
    replies = asyncio.run(_replies(folder, count, quick))
    note(f"chats: chats import of {count:,} lines")
    imported = _import_figures(folder, count)
    section.figures = {"store": store, "tick": tick, "replies": replies, "import": imported,
                       "bench_process_peak_rss_mb": _hwm_mb()}

    old, new = store["single_write_ms"], store["write_ms"]
    say(table(f"Chat state with {count:,} subscribed chats",
              ("what", "single file (before)", "shards (now)", "ratio"),
              [("one chat write p50 ms", old["p50"], new["p50"], old["p50"] / new["p50"]),
               ("one chat write p99 ms", old["p99"], new["p99"], old["p99"] / new["p99"]),
               ("open the store s", store["single_open_s"], store["open_s"],
                store["single_open_s"] / max(store["open_s"], 1e-9)),
               ("file written per change, kB", store["single_file_mb"] * 1000,
                store["shard_kb_mean"], store["single_file_mb"] * 1000 / store["shard_kb_mean"]),
               ]))
    say(f"  Shards: {store['shards']:,}; first read of a chat after opening "
        f"{store['first_read_ms']:.1f} ms (one shard); reading all {store['load_all_s']:.2f} s "
        f"(done in the background); writing all {count:,} at once {store['fill_s']:.1f} s.")
    say(f"  Tick: {tick['due']:,} chats due of {tick['chats']:,}: planned in "
        f"{tick['plan_ms']:.0f} ms ({tick['messages']:,} messages); baseline, keying every chat "
        f"once (the per-minute work before the index): {tick['index_build_s'] * 1000:.0f} ms; the "
        f"first tick (index built, {tick['first_tick_messages']} due, the day's shared digest "
        f"part read from the knowledge): {tick['first_tick_s']:.2f} s.")
    say(table("Replies while the 09:00 digest goes out at 30/s (update queued -> sendMessage)",
              ("command", "n", "p50 ms", "p99 ms", "max ms"),
              [(text, v["n"], v["p50"], v["p99"], v["max"])
               for text, v in replies["latency_ms"].items()]))
    say(f"  Digest: {replies['digests']:,} messages at {replies['rate']:.1f}/s, {replies['too_many_requests']} 429s from the fake, planning "
        f"{replies['planning_s']:.2f} s before the first.")
    say(f"  chats import of {count:,} lines ({imported['file_mb']:.0f} MB): "
        f"{imported['import']['seconds']:.1f} s ({imported['import']['said']}); again: "
        f"{imported['import again']['seconds']:.1f} s ({imported['import again']['said']}); "
        f"export: {imported['export']['seconds']:.1f} s.")
    say(f"  Peak memory of this benchmark's process: {section.figures['bench_process_peak_rss_mb']:.0f} MB.")
    say()
    worst = max((v["p99"] for v in replies["latency_ms"].values()), default=float("nan"))
    section.check(f"/subscribe, /settings, /follow p99 during a digest, {count:,} chats",
                  f"< {TARGET_REPLY_MS:.0f} ms", f"{worst:.1f} ms", worst < TARGET_REPLY_MS)
    section.check(f"plan a tick, {DUE:,} of {count:,} chats due", f"< {TARGET_PLAN_MS:.0f} ms",
                  f"{tick['plan_ms']:.0f} ms", tick["plan_ms"] < TARGET_PLAN_MS)
    section.check(f"chats import, {count:,} lines", f"< {TARGET_IMPORT_S:.0f} s",
                  f"{imported['import']['seconds']:.1f} s",
                  imported["import"]["seconds"] < TARGET_IMPORT_S)
    section.seconds = timer.elapsed
    return section
