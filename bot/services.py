"""What every handler and job can reach: the store, the settings, the clock. No globals."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from bot.config import DEFAULT_TIMEZONE
from store.base import Store

Clock = Callable[[], dt.datetime]


@dataclass(frozen=True)
class Command:
    name: str
    args: str
    description: str
    admin: bool = False

    @property
    def usage(self) -> str:
        return f"/{self.name} {self.args}".strip()


# The one list of commands: /help, the Telegram menu (setMyCommands), and the README come from it.
COMMANDS: tuple[Command, ...] = (
    Command("start", "", "Welcome, and what I know"),
    Command("help", "", "All commands"),
    Command("officials", "", "Who is who: current positions"),
    Command("official", "NAME", "An official (or an office: who holds it): positions and news"),
    Command("bills", "[STATUS]", "Bills grouped by status"),
    Command("bill", "NAME", "A bill: kind, status and history"),
    Command("events", "[N]", "Latest events"),
    Command("event", "ID", "One event in full"),
    Command("on", "DATE", "What happened on a day, month or year"),
    Command("search", "TEXT", "Search events, officials and bills"),
    Command("upcoming", "", "Dated plans and events ahead"),
    Command("today", "", "Anniversaries of this day"),
    Command("subscribe", "[daily|weekly] [HH:MM] [DAY]", "Get digests in this chat"),
    Command("unsubscribe", "", "Stop digests in this chat"),
    Command("settings", "", "Digest frequency, time, zone, reminders, quiet hours"),
    Command("follow", "bill|official NAME, or KEYWORD", "Alerts when an article mentions it"),
    Command("following", "", "What this chat follows"),
    Command("unfollow", "bill|official NAME, or KEYWORD", "Stop following"),
    Command("calendar", "", "Upcoming dates and anniversaries as an .ics file"),
    Command("ingest", "", "Admins: add an article (reply to a text file or paste text)", True),
    Command("broadcast", "TEXT", "Admins: send a message to every subscribed chat", True),
    Command("stats", "", "Admins: chats, subscriptions, deliveries", True),
    Command("sources", "[add URL | remove N]", "Admins: the news feeds the bot reads", True),
)


@dataclass
class Services:
    """``bot_data`` of the Application (typed through ``ContextTypes``)."""

    store: Store = field(default=None)  # type: ignore[assignment]  # set in build_application
    tz: ZoneInfo = field(default_factory=lambda: ZoneInfo(DEFAULT_TIMEZONE))
    clock: Clock | None = None
    admins: frozenset[int] = frozenset()
    operator_chat: int | None = None
    broadcast_chats: tuple[int | str, ...] = ()
    rate_per_second: float = 30.0  # overall sending rate (BOT_RATE_PER_SECOND)
    paid_broadcast: bool = False  # send with allow_paid_broadcast (BOT_PAID_BROADCAST)
    # Scheduler passes never overlap (the minute job, a confirmed broadcast and an ingest each
    # start one): two at once would each have a message in flight, two in doubt after a crash.
    tick_lock: asyncio.Lock = field(default_factory=asyncio.Lock, repr=False, compare=False)
    poll_minutes: float = 0.0  # read the news sources this often (BOT_POLL_MINUTES); 0: never
    poll_lock: asyncio.Lock = field(default_factory=asyncio.Lock, repr=False, compare=False)

    def now(self) -> dt.datetime:
        """The current moment in the bot's time zone; tests pass a fixed clock."""
        moment = self.clock() if self.clock is not None else dt.datetime.now(self.tz)
        return moment.astimezone(self.tz)

    def today(self) -> dt.date:
        return self.now().date()
