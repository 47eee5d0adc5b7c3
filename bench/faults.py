"""The kill drill at full size: 100 SIGKILLs of writers beside 100,000 subscribed chats.

``python -m bench --only faults`` (``--quick``: 20 kills beside 10,000 chats). The drill itself
is ``tests/kill_drill.py``; the suite runs it at a small size (``tests/test_faults.py``), this
runs it at the size of a large bot. Figures: kills and rounds, the writes acknowledged and found
after the kills, temp files the kills left, seconds.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from bench.common import Section, say
from tests.kill_drill import DrillSize, run_drill

FULL = DrillSize(kills=100, background_chats=100_000, rounds_per_db=10, min_acked=50,
                 time_limit=400)
QUICK = DrillSize(kills=20, background_chats=10_000, rounds_per_db=5, min_acked=5,
                  time_limit=200)


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
    return section
