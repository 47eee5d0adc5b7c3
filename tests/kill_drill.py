"""SIGKILL writers at random moments, two at a time on one database, and check nothing is lost.

Used at two sizes: the suite's (``tests/test_faults.py``: ten kills beside a few thousand
chats, enough to land kills in every kind of write) and the benchmark's (``python -m bench
--only faults``: 100 kills beside 100,000 chats, the size of a large bot). The drill is the same
code at both sizes, so the suite proves the property and the benchmark proves it at scale.

Writers: ``python -m bot ingest`` of a folder of 500 new articles (chunked writes); a loop of one
``python -m bot ingest FILE`` per new article (``fault_writers ingest``); chats sending
/subscribe, /follow and /settings through the real handlers (``fault_writers subscribe``). After
each round the files parse, the store and ``export`` load, and every write a writer
acknowledged (printed) is there. Two writers at once also check that each reloads what the other
wrote before writing (else the other's acknowledged writes would vanish).
"""

from __future__ import annotations

import datetime as dt
import json
import random
import re
import shutil
import signal
import subprocess
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from unittest import mock

from tests.command_line import PYTHON, ROOT, cli_env, run_cli
from tests.fault_writers import write_variants

if TYPE_CHECKING:
    from bot.core.chats import Chat

PAIRS = (("ingest", "subscribe"), ("cli", "subscribe"), ("subscribe", "subscribe"),
         ("ingest", "ingest"), ("cli", "ingest"))
KILL_WINDOW = {"subscribe": (0.05, 1.0), "ingest": (0.05, 1.0), "cli": (0.2, 3.5)}
AFTER_ACK_WINDOW = (0.0, 0.3)
BACKGROUND_FIRST = 900_000_000
EVENT_ID = re.compile(r"\bevent ([0-9a-f]{6,})\b")


@dataclass(frozen=True)
class DrillSize:
    kills: int
    background_chats: int  # every database starts with this many subscribed chats
    rounds_per_db: int  # a fresh database every so many rounds: kills also land while seeding
    min_acked: int  # each kind of write (articles, subscriptions, follows, settings) at least
    time_limit: float
    # How often a kill's random delay counts from the writer's first acknowledged write rather
    # than from its start: a small drill needs most kills to land among writes.
    after_first_ack: float = 0.0


@dataclass
class DrillReport:
    kills: int = 0
    rounds: int = 0
    kinds_killed: Counter[str] = field(default_factory=Counter)
    acked: Counter[str] = field(default_factory=Counter)
    temp_files: int = 0
    seconds: float = 0.0

    def summary(self, size: DrillSize) -> str:
        return (f"{self.kills} kills in {self.rounds} rounds ({dict(self.kinds_killed)}), "
                f"acknowledged and found: {dict(self.acked)}, beside "
                f"{size.background_chats:,} chats; {self.temp_files} temp files left by kills; "
                f"{self.seconds:.0f} s")


def _follows_of(chat: Chat | None) -> tuple[Any, ...]:
    return chat.follows if chat is not None else ()


def background_chats(folder: Path, count: int) -> Path:
    """A database folder holding only ``count`` subscribed chats: its shards."""
    from bot.core.chats import new_chat
    from store.tiny import TinyStore

    now = dt.datetime.now(dt.UTC)
    # A template, copied before any kill: durability is not the point here, and 2,048 fsyncs
    # were most of a small drill's time.
    with mock.patch("os.fsync"):
        store = TinyStore(folder / "bot.json")
        store.put_chats([new_chat(BACKGROUND_FIRST + i, "private", "", now, subscribed=True)
                         for i in range(count)])
        store.close()
    return folder / "bot.chats"


def load_files(db: Path) -> None:
    """The raw files parse as JSON (never torn); the ledger's complete lines parse too."""
    for path in (db, db.with_name("bot.state.json"), *db.with_name("bot.chats").glob("*/*.json")):
        if path.exists():
            json.loads(path.read_bytes())
    ledger = db.with_name("bot.ledger.jsonl")
    if ledger.exists():
        for line in ledger.read_bytes().splitlines(keepends=True):
            if line.endswith(b"\n"):
                json.loads(line)


def event_ids(output: str) -> list[str]:
    """The event of each line ``python -m bot ingest`` printed."""
    found = []
    for line in output.splitlines():
        match = EVENT_ID.search(line)
        assert line.startswith(("added", "unchanged")) and match, line
        found.append(match.group(1))
    return found


def _export_ids(db: Path) -> set[str]:
    result = run_cli("export", db=db)  # in this process: the same code as the command
    assert result.returncode == 0, result.stderr
    return {e["id"] for e in json.loads(result.stdout)["events"]}


def _wait_for_first_line(out: Path, proc: subprocess.Popen[bytes], timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while b"\n" not in out.read_bytes()[:4096] and proc.poll() is None:
        assert time.monotonic() < deadline, f"{out.name}: no write acknowledged in {timeout} s"
        time.sleep(0.01)


def _kill_all(procs: list[subprocess.Popen[bytes]]) -> None:
    for proc in procs:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=10)


@dataclass
class _Acked:
    """What the writers of the current database acknowledged."""

    events: set[str] = field(default_factory=set)
    subs: set[int] = field(default_factory=set)
    follows: dict[int, str] = field(default_factory=dict)
    quiet: set[int] = field(default_factory=set)


def run_drill(tmp: Path, size: DrillSize, seed: int = 20240313) -> DrillReport:
    """Run the drill in ``tmp``; raise AssertionError on the first write lost or file torn."""
    rng = random.Random(seed)
    started = time.monotonic()
    template = background_chats(tmp / "template", size.background_chats)
    report = DrillReport()
    next_chat = 1
    db = tmp / "db0" / "bot.json"
    acked = _Acked()
    while report.kills < size.kills:
        assert time.monotonic() - started < size.time_limit, (
            f"only {report.kills} kills in {size.time_limit:.0f} s")
        if report.rounds % size.rounds_per_db == 0:
            db = tmp / f"db{report.rounds // size.rounds_per_db}" / "bot.json"
            shutil.copytree(template, db.with_name("bot.chats"))
            acked = _Acked()
        pair = PAIRS[report.rounds % len(PAIRS)]
        procs: list[subprocess.Popen[bytes]] = []
        outputs: list[Path] = []
        plan: list[tuple[float, bool, str, subprocess.Popen[bytes]]] = []
        try:
            for index, kind in enumerate(pair):
                tag = f"r{report.rounds}p{index}"
                if kind == "subscribe":
                    argv = [PYTHON, "-m", "tests.fault_writers", "subscribe", str(db),
                            str(next_chat)]
                    next_chat += 100_000
                elif kind == "ingest":
                    argv = [PYTHON, "-m", "tests.fault_writers", "ingest", str(db),
                            str(tmp / "articles" / tag), tag]
                else:
                    folder = tmp / "articles" / tag
                    write_variants(folder, tag, 500)
                    argv = [PYTHON, "-m", "bot", "ingest", str(folder), "--db", str(db)]
                out = tmp / f"{tag}.out"
                outputs.append(out)
                with out.open("wb") as handle, out.with_suffix(".err").open("wb") as err:
                    procs.append(subprocess.Popen(argv, cwd=ROOT, env=cli_env(), stdout=handle,
                                                  stderr=err))
                after_ack = rng.random() < size.after_first_ack
                # Once writes are under way, any moment among them will do: a short window.
                window = AFTER_ACK_WINDOW if after_ack else KILL_WINDOW[kind]
                plan.append((rng.uniform(*window), after_ack, kind, procs[-1]))
            started_round = time.monotonic()
            for delay, after_ack, kind, proc in sorted(plan, key=lambda p: p[0]):
                if after_ack:  # the delay counts from the writer's first acknowledged write
                    _wait_for_first_line(outputs[procs.index(proc)], proc)
                    moment = time.monotonic() + delay
                else:  # from the round's start: kills land in start-up and seeding too
                    moment = started_round + delay
                # A random moment, not a wait for something: the kill may land anywhere.
                time.sleep(max(0.0, moment - time.monotonic()))
                if proc.poll() is None:
                    proc.send_signal(signal.SIGKILL)
                    report.kills += 1
                    report.kinds_killed[kind] += 1
                else:
                    assert proc.returncode == 0, (
                        f"a {kind} writer failed ({proc.returncode}):\n"
                        + outputs[procs.index(proc)].with_suffix(".err").read_text()[-2000:])
        finally:
            _kill_all(procs)
        report.rounds += 1
        for out in outputs:
            _read_acks(out.read_text(), acked, report.acked)
        # Every database is checked whole after its last round, the drill's last one too.
        last_round_of_db = (report.rounds % size.rounds_per_db == 0
                            or report.kills >= size.kills)
        _check_round(db, acked, report.rounds, size, last_round_of_db)
    assert min(report.acked[k] for k in ("articles", "subscriptions", "follows", "settings")
               ) >= size.min_acked, report.acked
    assert report.rounds >= size.rounds_per_db  # the full check of the background chats ran
    report.temp_files = len(list(tmp.glob("db*/.*.tmp")))
    report.seconds = time.monotonic() - started
    return report


def _read_acks(output: str, acked: _Acked, counts: Counter[str]) -> None:
    for line in output.splitlines():
        word, _, rest = line.partition(" ")
        if word in {"added", "unchanged"}:
            acked.events.update(event_ids(line))
            counts["articles"] += 1
        elif word == "sub":
            acked.subs.add(int(rest))
            counts["subscriptions"] += 1
        elif word == "follow":
            chat, _, key = rest.partition(" ")
            acked.follows[int(chat)] = key
            counts["follows"] += 1
        elif word == "quiet":
            acked.quiet.add(int(rest))
            counts["settings"] += 1


def _check_round(db: Path, acked: _Acked, rounds: int, size: DrillSize, full: bool) -> None:
    from bot.ingest import export_knowledge
    from store.tiny import TinyStore

    load_files(db)
    if not db.exists():
        assert not acked.events and not acked.subs, "acknowledged writes but no database"
        return
    store = TinyStore(db)
    try:
        known = {e["id"] for e in export_knowledge(store, dt.date(2026, 12, 6))["events"]}
        missing = acked.events - known
        assert not missing, f"round {rounds}: acknowledged articles lost: {sorted(missing)}"
        # Only the chats written: each read loads one shard, as the bot's replies do.
        chats: dict[int, Chat | None] = {
            c: store.get_chat(c) for c in acked.subs | set(acked.follows) | acked.quiet}
        if full:  # the database's last round: every chat
            background = sum(1 for c in store.all_chats()
                             if c.id >= BACKGROUND_FIRST and c.subscribed)
            assert background == size.background_chats, f"round {rounds}: {background} chats"
    finally:
        store.close()
    lost = [c for c in acked.subs if not ((chat := chats.get(c)) and chat.subscribed)]
    assert not lost, f"round {rounds}: acknowledged subscriptions lost: {lost[:10]}"
    lost = [c for c, key in acked.follows.items()
            if key not in {f.key for f in _follows_of(chats.get(c))}]
    assert not lost, f"round {rounds}: acknowledged follows lost: {lost[:10]}"
    lost = [c for c in acked.quiet
            if not (chat := chats.get(c)) or chat.settings.quiet is not None]
    assert not lost, f"round {rounds}: acknowledged settings lost: {lost[:10]}"
    if full:  # the command line loads it too
        assert _export_ids(db) >= acked.events
