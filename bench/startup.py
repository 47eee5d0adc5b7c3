"""Benchmark 4: start-up time and peak memory of ``python -m bot run``.

The bot runs as a subprocess against the fake Bot API server (in this process), with the
environment a deployment gives it. Start-up is from spawning the process to the arrival of its
first ``getUpdates`` at the fake (from then on it answers people); the first Bot API request of
any kind marks the end of imports and loading. After the first ``getUpdates`` the bot runs for
``SETTLE`` seconds (its first scheduler tick included), then gets SIGTERM; peak memory is the
process's ``VmHWM`` (peak resident set) read just before, and its ``ru_maxrss`` after it exits.

Baseline: a process that only imports the bot (``python -c "import bot.app"``): what the
interpreter and the libraries cost before the bot does anything.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import signal
import statistics
import subprocess
import time
from pathlib import Path
from typing import Any

from bench.common import PYTHON, ROOT, Section, Timer, note, say, table
from bench.gen import make_knowledge
from bot.core.chats import new_chat
from bot.database import open_database
from store.tiny import TinyStore
from tests.fakebotapi import FakeBotAPI

TOKEN = "123456789:AAstartupBenchmarkStartupBenchmark0"  # the shape @BotFather gives
SETTLE = 2.0
SIZES = (10_000, 2_000, 3_000)
TARGET_STARTUP_S = 2.0


def _env(db: Path, url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "BOT_"))}
    env.update({"PYTHONPATH": str(ROOT), "TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_URL": url,
                "BOT_DB": str(db), "BOT_RATE_PER_SECOND": "30"})
    return env


def _vm_hwm_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _run_once(db: Path, fake: FakeBotAPI, workdir: Path) -> dict[str, Any]:
    fake.clear()
    log = (workdir / "bot.log").open("wb")
    spawned = time.monotonic()
    process = subprocess.Popen([PYTHON, "-m", "bot", "run"], cwd=workdir, env=_env(db, fake.url),
                               stdout=log, stderr=subprocess.STDOUT)
    try:
        polls = fake.wait_for("getUpdates", timeout=120)
        first_poll = polls[0].time
        first_request = fake.requests[0].time
        time.sleep(SETTLE)
        hwm = _vm_hwm_kb(process.pid)
        process.send_signal(signal.SIGTERM)
        stopping = time.monotonic()
        _, status, usage = os.wait4(process.pid, 0)
        stopped = time.monotonic()
        process.returncode = os.waitstatus_to_exitcode(status)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        log.close()
    return {
        "startup_s": first_poll - spawned,
        "first_request_s": first_request - spawned,
        # VmHWM, not ru_maxrss: the child's ru_maxrss also counts the benchmark's own memory,
        # which the child shares between fork and exec.
        "hwm_mb": hwm / 1024,
        "cpu_s": usage.ru_utime + usage.ru_stime,
        "stop_s": stopped - stopping,
        "exit": process.returncode,
    }


_IMPORT_ONLY = """
import bot.app
from pathlib import Path
for line in Path("/proc/self/status").read_text().splitlines():
    if line.startswith("VmHWM:"):
        print(line.split()[1])
"""


def _import_only(workdir: Path) -> dict[str, Any]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    spawned = time.monotonic()
    result = subprocess.run([PYTHON, "-c", _IMPORT_ONLY], cwd=workdir, env=env,
                            capture_output=True, text=True, check=True)
    elapsed = time.monotonic() - spawned
    hwm = int(result.stdout.split()[0]) if result.stdout.strip() else 0
    return {"startup_s": elapsed, "hwm_mb": hwm / 1024}


def _prepare_generated(db: Path, chats: int) -> dict[str, Any]:
    store = TinyStore(db)
    store.apply(make_knowledge(*SIZES).updates(), at=dt.datetime(2025, 6, 1, tzinfo=dt.UTC))
    now = dt.datetime.now(dt.UTC)
    store.put_chats([new_chat(10_000_000 + i, "private", "", now - dt.timedelta(days=1),
                              subscribed=True) for i in range(chats)])
    # The minute tick's window starts now: nothing is due while we measure.
    store.put_meta("last_tick", now.isoformat())
    figures: dict[str, Any] = {"events": len(store.all_events()),
               "officials": len(store.all_officials()),
               "bills": len(store.all_bills()), "chats": len(store.all_chats())}
    store.close()
    figures["files_mb"] = sum(p.stat().st_size for p in db.parent.iterdir()) / 1e6
    return figures


def _median(runs: list[dict[str, Any]], key: str) -> float:
    if key not in runs[0]:
        return float("nan")
    return float(statistics.median(float(r[key]) for r in runs))


def run(quick: bool, workdir: Path) -> Section:
    section = Section("startup")
    timer = Timer()
    folder = workdir / "startup"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    repeats = 1 if quick else 3
    chats = 1_000 if quick else 100_000  # issue 12: start-up with 100,000 chats

    seeds_db = folder / "seeds" / "bot.json"
    gen_db = folder / "generated" / "bot.json"
    note(f"startup: a generated base of {SIZES[0]:,} events with {chats:,} subscribed chats")
    gen_db.parent.mkdir(parents=True)
    size = _prepare_generated(gen_db, chats)

    results: dict[str, list[dict[str, Any]]] = {"import only": [], "seeds, first start": [],
                                                "seeds, restart": [], "generated": []}
    with FakeBotAPI(token=TOKEN) as fake:
        for i in range(repeats):
            note(f"startup: round {i + 1} of {repeats}")
            results["import only"].append(_import_only(folder))
            shutil.rmtree(seeds_db.parent, ignore_errors=True)
            results["seeds, first start"].append(_run_once(seeds_db, fake, folder))
            results["seeds, restart"].append(_run_once(seeds_db, fake, folder))
            results["generated"].append(_run_once(gen_db, fake, folder))
    base = results["import only"]
    base_time, base_rss = _median(base, "startup_s"), _median(base, "hwm_mb")
    seeded = open_database(seeds_db)
    seed_size = (len(seeded.all_events()), len(seeded.all_officials()), len(seeded.all_bills()))
    seeded.close()
    labels = {
        "import only": "baseline: python -c 'import bot.app'",
        "seeds, first start": f"seeds, first start (ingests the {seed_size[0]} seed articles)",
        "seeds, restart": f"seeds, restart ({seed_size[0]} events, no chats)",
        "generated": (f"generated: {size['events']:,} events, {size['officials']:,} officials, "
                      f"{size['bills']:,} bills, {size['chats']:,} chats "
                      f"({size['files_mb']:.0f} MB)"),
    }
    rows = []
    for key, runs in results.items():
        startup = _median(runs, "startup_s")
        rss = max(float(r["hwm_mb"]) for r in runs)
        rows.append((labels[key], len(runs), startup, _median(runs, "first_request_s"),
                     startup / base_time, rss, rss / base_rss, _median(runs, "cpu_s"),
                     _median(runs, "stop_s")))
        section.figures[key] = {"runs": runs, "startup_s_median": startup, "peak_rss_mb": rss,
                                "x_startup_vs_import": startup / base_time,
                                "x_rss_vs_import": rss / base_rss}
    section.figures["generated_size"] = size
    say(table("Start-up (spawn -> first getUpdates at the fake, median) and peak memory "
              "(VmHWM, max)",
              ("process", "runs", "to getUpdates s", "to 1st request s", "x import",
               "peak RSS MB", "x import", "CPU s", "SIGTERM->exit s"), rows))
    say(f"  Each bot ran {SETTLE:.0f} s after its first getUpdates (the first scheduler tick "
        "included) before SIGTERM; CPU s is the whole process's. '1st request' = first Bot "
        "API call (getMe): imports and loading the store done.")
    exits = {r["exit"] for key in ("seeds, first start", "seeds, restart", "generated")
             for r in results[key]}
    if exits != {0}:
        say(f"  NOTE: exit statuses after SIGTERM: {sorted(exits)} (see bot.log)")
    say()
    generated = section.figures["generated"]["startup_s_median"]
    section.check(f"start-up with {size['chats']:,} chats and {size['events']:,} events",
                  f"< {TARGET_STARTUP_S:.0f} s to first getUpdates",
                  f"{generated:.2f} s, peak RSS {section.figures['generated']['peak_rss_mb']:.0f} MB",
                  generated < TARGET_STARTUP_S)
    section.seconds = timer.elapsed
    return section
