"""A heartbeat the running bot leaves after every minute tick, and ``python -m bot health``,
which reads its age: the container's health check, the same in polling and webhook modes (a
process that is alive but whose ticks stopped, or hang, is unhealthy; no port is needed).

The heartbeat is a small file beside the database (``data/bot.heartbeat``); its modification
time is the beat."""

from __future__ import annotations

import os
import time
from pathlib import Path

# Ticks come every minute; three missed in a row (a hung tick, a stalled loop) is unhealthy.
MAX_AGE_SECONDS = 180


def heartbeat_path(db: Path) -> Path:
    return db.with_suffix(".heartbeat")


def beat(db: Path | None) -> None:
    """After a tick: the heartbeat's time is now (a database in memory has none)."""
    if db is None:
        return
    path = heartbeat_path(db)
    try:
        path.write_text(f"{os.getpid()}\n")
        os.utime(path)
    except OSError:
        pass  # a full or read-only disk: the health check will say the beats stopped


def health(db: Path, max_age: float = MAX_AGE_SECONDS, now: float | None = None
           ) -> tuple[bool, str]:
    """(healthy?, one line saying why)."""
    path = heartbeat_path(db)
    try:
        age = (time.time() if now is None else now) - path.stat().st_mtime
    except FileNotFoundError:
        return False, f"unhealthy: no heartbeat yet ({path}): the bot has not ticked"
    if age > max_age:
        return False, (f"unhealthy: the last tick was {age:,.0f} s ago (more than {max_age:,.0f}"
                       f" s): {path}")
    return True, f"healthy: the last tick was {age:,.0f} s ago"
