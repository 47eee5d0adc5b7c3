"""What the scheduler keeps between its ticks, owned by the bot's ``Services`` (no module-level
caches keyed by store): the due index, what every tick of a day reads from the whole knowledge
base, and the background tasks it started."""

from __future__ import annotations

import asyncio
import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from bot.core.due import DueIndex


@dataclass
class KnownToday:
    """What every tick of a day reads from the whole knowledge base (each O(events)): kept until
    the knowledge changes, so a tick's cost is its due chats'."""

    version: int
    zone: dt.tzinfo
    added: dict[str, dt.date]
    reminders: dict[tuple[dt.date, frozenset[str]], tuple[Any, ...]] = field(default_factory=dict)
    ahead: dict[tuple[dt.date, frozenset[str]], tuple[Any, Any]] = field(default_factory=dict)


@dataclass
class TickState:
    index: DueIndex | None = None  # built at the first tick, kept up to date after
    known: KnownToday | None = None
    tasks: set[asyncio.Task[None]] = field(default_factory=set)  # held so they are not lost
