"""The kill drills at full size: 100 SIGKILLs of writers beside 100,000 subscribed chats, and
10 SIGKILLs of the running bot while it broadcasts to 1,000 chats.

``python -m bench --only faults`` (``--quick``: 20 kills beside 10,000 chats; 5 kills of a
broadcast to 300). The drills themselves are ``tests/kill_drill.py`` and
``tests/broadcast_drill.py``; the suite runs them at a small size (``tests/test_faults.py``),
this runs them at the size of a large bot. Figures: kills and rounds, the writes acknowledged
and found after the kills, temp files the kills left, the broadcast's messages and duplicates,
seconds.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from bench.common import Section, say
from tests.broadcast_drill import BroadcastDrillSize, run_broadcast_drill
from tests.kill_drill import DrillSize, run_drill

FULL = DrillSize(kills=100, background_chats=100_000, rounds_per_db=10, min_acked=50,
                 time_limit=400)
QUICK = DrillSize(kills=20, background_chats=10_000, rounds_per_db=5, min_acked=5,
                  time_limit=200)
BROADCAST_FULL = BroadcastDrillSize(kills=10, private_chats=900, groups=100,
                                    first_kill_after=60, time_limit=300)
BROADCAST_QUICK = BroadcastDrillSize(kills=5, private_chats=250, groups=50, first_kill_after=60,
                                     time_limit=120)


def run(quick: bool, workdir: Path) -> Section:
    section = Section("faults")
    size = QUICK if quick else FULL
    folder = workdir / "faults"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    try:
        report = run_drill(folder, size)
    except AssertionError as error:
        section.check("acknowledged writes lost", "0", f"failed: {error}", False)
        return section
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    say(f"faults: {report.summary(size)}")
    section.figures = {"kills": report.kills, "rounds": report.rounds,
                       "kinds_killed": dict(report.kinds_killed),
                       "acknowledged": dict(report.acked),
                       "background_chats": size.background_chats,
                       "temp_files_left": report.temp_files,
                       "seconds": round(report.seconds, 1)}
    section.seconds = report.seconds
    section.check("acknowledged writes lost after kills", "0", "0", True)
    section.check("kills", f">= {size.kills}", str(report.kills), report.kills >= size.kills)
    _broadcast(section, BROADCAST_QUICK if quick else BROADCAST_FULL, workdir / "faults-broadcast")
    return section


def _broadcast(section: Section, size: BroadcastDrillSize, folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    try:
        report = run_broadcast_drill(folder, size)
    except AssertionError as error:
        section.check("broadcast after kills: every chat once, one duplicate per kill at most",
                      "yes", f"failed: {error}", False)
        return
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    say(f"faults, broadcast: {report.summary(size)}")
    section.figures["broadcast"] = {"kills": size.kills, "chats": report.chats,
                                    "sent_before_kills": report.sent_before_kills,
                                    "messages": report.messages,
                                    "duplicates": report.duplicates,
                                    "seconds": round(report.seconds, 1)}
    section.seconds += report.seconds
    section.check("broadcast after kills: every chat once, one duplicate per kill at most",
                  f"<= {size.kills} duplicates", str(report.duplicates), True)
