"""Benchmark: years of news (issue 19). The knowledge of 10,000, 30,000 and 100,000 events.

For each size, the corpus (``bench.years_corpus``: ``ArticleGenerator(seed=3)`` through
``bot.ingest.ingest``, cached; its generation is not timed) is measured in two layouts, side by
side in the same run:

* baseline: today's single-file layout, run by the baseline commit's own code (a source tree
  of it, ``BENCH_YEARS_BASELINE``, default the commit this work started from);
* parts: this tree's layout (``store.parts``), made by opening the same file (the migration,
  timed once).

Figures, as in the issue's table: the knowledge's size on disk; one more article through
``python -m bot ingest FILE`` (process start included); one lookup through ``python -m bot reply
/bills``; and the live bot (``python -m bot run`` against the fake Bot API in a process of its
own, ``bench.fakeproc``): spawn to the first answer, lookups while idle, lookups while another
process ingests two articles, peak memory (VmHWM).

Sizes: ``BENCH_YEARS_SIZES=10000,30000`` (``python -m bench --only years --years-sizes ...``
sets it); default 10,000, 30,000 and 100,000; ``--quick``: 2,000.

The live bot's Bot API: ``BENCH_YEARS_EMULATOR=tg-mock`` (``--years-emulator tg-mock``) runs it
against a third-party emulator instead of the project's fake (``bench.emulator``); the figures
mean the same, measured the same way.
"""

from __future__ import annotations

import contextlib
import json
import os
import resource
import shutil
import signal
import statistics
import subprocess
import time
from pathlib import Path
from typing import Any

from bench.common import PYTHON, ROOT, Section, Timer, note, say, table
from bench.emulator import TgMock
from bench.years_corpus import baseline_tree, corpus

TOKEN = "123456789:AAyearsBenchmarkYearsBenchmarkYears0"
LOOKUPS = ("/bills", "/events", "/search law", "/upcoming", "/officials", "/today")
CHAT = 4242
TARGETS = {"ingest_s": 2.0, "reply_s": 2.0, "first_answer_s": 3.0, "idle_max_ms": 300.0,
           "busy_max_ms": 1000.0, "peak_mb": 600.0}


def sizes(quick: bool) -> list[int]:
    chosen = os.environ.get("BENCH_YEARS_SIZES")
    if chosen:
        return [int(s) for s in chosen.split(",") if s.strip()]
    return [2_000] if quick else [10_000, 30_000, 100_000]


def _env(db: Path, src: Path, url: str = "") -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "BOT_"))}
    env.update({"PYTHONPATH": str(src), "BOT_DB": str(db)})
    if url:
        env.update({"TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_URL": url,
                    "BOT_RATE_PER_SECOND": "30"})
    return env


CPU_SPENT: list[float] = []  # CPU seconds of each ``_timed`` command, in order


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _timed(command: list[str], src: Path, db: Path) -> float:
    """Wall seconds of a command (process start included); its CPU seconds go to CPU_SPENT,
    which a loaded machine does not inflate as it does the wall time."""
    cpu = _children_cpu()
    started = time.perf_counter()
    done = subprocess.run(command, cwd=src, env=_env(db, src), capture_output=True, text=True,
                          check=False)
    elapsed = time.perf_counter() - started
    CPU_SPENT.append(_children_cpu() - cpu)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)}: exit {done.returncode}: {done.stderr[-500:]}")
    return elapsed


def _ingest_command(extra: dict[str, Any]) -> list[str]:
    command = [PYTHON, "-m", "bot", "ingest", extra["file"]]
    return command + (["--date", extra["date"]] if extra.get("date") else [])


def _disk_mb(db: Path) -> dict[str, float]:
    knowledge = [p for p in db.parent.glob(db.name + "*") if p.is_file()]
    parts = db.with_name(db.stem + ".knowledge")
    files = [p for p in parts.iterdir()] if parts.is_dir() else []
    return {"knowledge_mb": sum(p.stat().st_size for p in knowledge + files) / 1e6,
            "largest_file_mb": max((p.stat().st_size for p in knowledge + files), default=0)
            / 1e6, "files": len(knowledge) + len(files)}


class _Fake:
    """``bench.fakeproc`` driven over its pipes, synchronously."""

    def __init__(self) -> None:
        self.process = subprocess.Popen([PYTHON, "-m", "bench.fakeproc", TOKEN], cwd=ROOT,
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        text=True)
        self.url = str(self._read()["url"])

    def _read(self) -> dict[str, Any]:
        assert self.process.stdout is not None
        answer: dict[str, Any] = json.loads(self.process.stdout.readline())
        return answer

    def call(self, **command: Any) -> dict[str, Any]:
        assert self.process.stdin is not None
        self.process.stdin.write(json.dumps(command) + "\n")
        self.process.stdin.flush()
        return self._read()

    def ask(self, text: str, timeout: float = 120.0) -> float:
        """Push a message; seconds until the bot's first sendMessage in reply."""
        since = int(self.call(op="stats")["requests"])
        pushed = float(self.call(op="push", text=text, chat_id=CHAT)["t"])
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            sends = self.call(op="sends", since=since, limit=1)["sends"]
            if sends:
                return float(sends[0][0]) - pushed
            time.sleep(0.002)
        raise RuntimeError(f"no answer to {text!r} within {timeout:.0f} s")

    def close(self) -> None:
        with contextlib.suppress(OSError, ValueError):
            self.call(op="quit")
        self.process.wait(timeout=10)


def _api_name() -> str:
    name = os.environ.get("BENCH_YEARS_EMULATOR", "") or "fake"
    if name not in ("fake", TgMock.name):
        raise RuntimeError(f"BENCH_YEARS_EMULATOR={name!r}: known are fake and {TgMock.name}")
    return name


def _api(log: Path) -> _Fake | TgMock:
    """The Bot API the live bot talks to: the project's fake, or a third-party emulator."""
    return TgMock(TOKEN, log) if _api_name() == TgMock.name else _Fake()


def _cpu_s(pid: int) -> float:
    """CPU seconds (user + system) a process has used so far: what a loaded machine does not
    inflate, beside the wall times."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _vm_hwm_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _ready_s(log: Path, spawned: float, timeout: float = 600.0) -> float:
    """Seconds from spawn until the bot logs its knowledge read and indexed."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if b"knowledge ready" in log.read_bytes():
            return time.monotonic() - spawned
        time.sleep(0.01)
    raise RuntimeError(f"the bot did not say its knowledge was ready within {timeout:.0f} s")


def _live(src: Path, db: Path, extras: list[dict[str, Any]], rounds: int,
          baseline: bool = False) -> dict[str, Any]:
    """The live bot: first answer, idle lookups, lookups during a two-article ingest, memory."""
    fake = _api(db.parent / "api.log")
    log = (db.parent / "bot.log").open("wb")
    spawned = time.monotonic()
    bot = subprocess.Popen([PYTHON, "-m", "bot", "run"], cwd=src, env=_env(db, src, fake.url),
                           stdout=log, stderr=subprocess.STDOUT)
    try:
        # Queued at once: the bot answers it as soon as it polls, so this is spawn -> answer.
        first = (time.monotonic() - spawned) + fake.ask("/start", timeout=600)
        first_cpu = _cpu_s(bot.pid)
        # A bot that reads its knowledge after it starts (``bot.warm_start``) is not idle until
        # it says so: lookups asked meanwhile are their own figure, then the idle ones.
        warming = [fake.ask(c) * 1000 for c in LOOKUPS]
        # (the baseline reads everything before it polls: ready at its first answer)
        ready = first if baseline else _ready_s(db.parent / "bot.log", spawned)
        ready_cpu = _cpu_s(bot.pid)
        idle = [fake.ask(c) * 1000 for _ in range(rounds) for c in LOOKUPS]
        files = [e["file"] for e in extras]
        command = [PYTHON, "-m", "bot", "ingest", *files]
        started = time.perf_counter()
        ingest = subprocess.Popen(command, cwd=src, env=_env(db, src), stdout=subprocess.DEVNULL,
                                  stderr=subprocess.PIPE)
        busy: list[float] = []
        while ingest.poll() is None:
            busy.append(fake.ask(LOOKUPS[len(busy) % len(LOOKUPS)]) * 1000)
        ingest_s = time.perf_counter() - started
        # The bot notices the new parts on its next look: lookups just after count too.
        settle = time.monotonic() + 1.0
        while time.monotonic() < settle:
            busy.append(fake.ask(LOOKUPS[len(busy) % len(LOOKUPS)]) * 1000)
        if ingest.returncode != 0:
            raise RuntimeError(f"ingest beside the bot: exit {ingest.returncode}")
        peak = _vm_hwm_mb(bot.pid)
    finally:
        bot.send_signal(signal.SIGTERM)
        try:
            bot.wait(timeout=30)
        except subprocess.TimeoutExpired:
            bot.kill()
            bot.wait()
        log.close()
        fake.close()
    return {"first_answer_s": first, "first_answer_cpu_s": first_cpu,
            "warming_max_ms": max(warming), "ready_s": ready, "ready_cpu_s": ready_cpu,
            "idle_p50_ms": statistics.median(idle),
            "idle_max_ms": max(idle), "busy_p50_ms": statistics.median(busy),
            "busy_max_ms": max(busy), "busy_lookups": len(busy), "ingest_two_s": ingest_s,
            "peak_mb": peak}


def _measure(layout: str, size: int, folder: Path, info: dict[str, Any], workdir: Path,
             quick: bool) -> dict[str, Any]:
    src = baseline_tree() if layout == "baseline" else ROOT
    db = workdir / f"years-{size}-{layout}" / "bot.json"
    shutil.rmtree(db.parent, ignore_errors=True)
    db.parent.mkdir(parents=True)
    shutil.copyfile(folder / "bot.json", db)
    figures: dict[str, Any] = {}
    if layout == "parts":
        opening = f"from store.tiny import TinyStore; TinyStore({str(db)!r}).close()"
        figures["migration_s"] = _timed([PYTHON, "-c", opening], src, db)
    extras: list[dict[str, Any]] = info["extra"]
    repeats = 2 if quick else 3
    note(f"years: {size:,} events, {layout}: ingest one article x{repeats}")
    figures["ingest_runs_s"] = [_timed(_ingest_command(extras[i]), src, db)
                                for i in range(repeats)]
    figures["ingest_cpu_s"] = statistics.median(CPU_SPENT[-repeats:])
    note(f"years: {size:,} events, {layout}: reply /bills x{repeats}")
    figures["reply_runs_s"] = [_timed([PYTHON, "-m", "bot", "reply", "/bills"], src, db)
                               for _ in range(repeats)]
    figures["reply_cpu_s"] = statistics.median(CPU_SPENT[-repeats:])
    figures.update(_disk_mb(db))
    note(f"years: {size:,} events, {layout}: the live bot")
    figures.update(_live(src, db, extras[repeats:repeats + 2], 2 if quick else 5,
                         baseline=layout == "baseline"))
    figures["ingest_s"] = statistics.median(figures["ingest_runs_s"])
    figures["reply_s"] = statistics.median(figures["reply_runs_s"])
    return figures


ROWS = (("knowledge on disk, MB (files)", "knowledge_mb"),
        ("largest file, MB", "largest_file_mb"),
        ("first open of the old file (migration), s", "migration_s"),
        ("one more article, `ingest FILE`, s (median)", "ingest_s"),
        ("  its CPU time (user + system), s", "ingest_cpu_s"),
        ("one lookup, `reply /bills`, s (median)", "reply_s"),
        ("  its CPU time (user + system), s", "reply_cpu_s"),
        ("live: spawn -> first answer, s", "first_answer_s"),
        ("  the bot's CPU time by then, s", "first_answer_cpu_s"),
        ("live: lookups right after it (still reading), max ms", "warming_max_ms"),
        ("live: spawn -> knowledge read and indexed, s", "ready_s"),
        ("  the bot's CPU time by then, s", "ready_cpu_s"),
        ("live: lookups idle, p50 ms", "idle_p50_ms"),
        ("live: lookups idle, max ms", "idle_max_ms"),
        ("live: lookups during a 2-article ingest, p50 ms", "busy_p50_ms"),
        ("live: lookups during a 2-article ingest, max ms", "busy_max_ms"),
        ("live: that ingest, s", "ingest_two_s"),
        ("live: peak memory (VmHWM), MiB", "peak_mb"))


def run(quick: bool, workdir: Path) -> Section:
    section = Section("years")
    timer = Timer()
    for size in sizes(quick):
        folder, info = corpus(size)
        results = {layout: _measure(layout, size, folder, info, workdir, quick)
                   for layout in ("baseline", "parts")}
        section.figures[str(size)] = {"corpus": {k: v for k, v in info.items() if k != "extra"},
                                      "bot_api": _api_name(), **results}
        rows = []
        for label, key in ROWS:
            old, new = results["baseline"].get(key), results["parts"].get(key)
            ratio = (new / old) if isinstance(old, float) and isinstance(new, float) and old \
                else None
            rows.append((label, "" if old is None else old, new, "" if ratio is None else ratio))
        say(table(f"Years of news: {size:,} events ({info['officials']:,} officials, "
                  f"{info['bills']:,} bills): parts vs today's single file, same run; "
                  f"live bot against {_api_name()}",
                  ("figure", "baseline (single file)", "parts", "parts / baseline"), rows))
        say()
        new = results["parts"]
        for key, label, unit in (("ingest_s", "one more article (CLI)", "s"),
                                 ("reply_s", "`reply /bills` (CLI)", "s"),
                                 ("first_answer_s", "live: start to first answer", "s"),
                                 ("idle_max_ms", "live: lookups idle, max", "ms"),
                                 ("busy_max_ms", "live: lookups during an ingest, max", "ms"),
                                 ("peak_mb", "live: peak memory", "MiB")):
            target = TARGETS[key] if not (key == "ingest_s" and size <= 10_000) else 1.0
            section.check(f"{size:,} events: {label}", f"< {target:g} {unit}",
                          f"{new[key]:.2f} {unit}", new[key] < target)
    section.seconds = timer.elapsed
    return section
