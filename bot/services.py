"""What every handler and job can reach: the store, the settings, the clock. No globals."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from bot.config import Settings
from bot.i18n import N_
from bot.tick_state import TickState
from store.base import Store

Clock = Callable[[], dt.datetime]


@dataclass(frozen=True)
class Command:
    name: str
    args: str  # a msgid (or ""): the placeholders are in the reader's language, the keywords
    description: str  # typed as they are ("daily", "bill") stay in every translation
    admin: bool = False

    @property
    def usage(self) -> str:
        return f"/{self.name} {self.args}".strip()


# The one list of commands: /help, the Telegram menu (setMyCommands, once per language), and the
# README come from it. Arguments and descriptions are msgids: shown translated (``bot.i18n``).
# A description fits on the one line Telegram's apps show of it in the menu (45 characters on a
# phone; tests/test_native_language.py checks each language).
COMMANDS: tuple[Command, ...] = (
    Command("start", "", N_("Welcome, and what I know")),
    Command("help", "", N_("All commands")),
    Command("officials", "", N_("Who is who: current positions")),
    Command("official", N_("NAME"), N_("An official or an office: posts and news")),
    Command("bills", N_("[STATUS]"), N_("Bills grouped by status")),
    Command("bill", N_("TITLE"), N_("A bill: kind, status and history")),
    Command("events", N_("[N]"), N_("Latest events")),
    Command("event", N_("ID"), N_("One event in full")),
    Command("on", N_("DATE"), N_("What happened on a day, month or year")),
    Command("search", N_("TEXT"), N_("Search events, officials and bills")),
    Command("upcoming", "", N_("Dated plans and events ahead")),
    Command("today", "", N_("Anniversaries of this day")),
    Command("subscribe", N_("[daily|weekly] [HH:MM] [DAY]"), N_("Get digests in this chat")),
    Command("unsubscribe", "", N_("Stop digests in this chat")),
    Command("settings", "", N_("Digest time, time zone, quiet hours")),
    Command("follow", N_("bill|official NAME, office OFFICE, or KEYWORD"),
            N_("Alerts when an article mentions it")),
    Command("following", "", N_("What this chat follows")),
    Command("unfollow", N_("bill|official NAME, office OFFICE, or KEYWORD"),
            N_("Stop following")),
    Command("calendar", N_("[reset]"), N_("Upcoming dates as a calendar file and link")),
    Command("language", N_("[en|ru|kk]"), N_("Chat language: English, Русский, Қазақша")),
    Command("ingest", "", N_("Admins: add an article (a text file or text)"), True),
    Command("broadcast", N_("TEXT"), N_("Admins: a message to every subscribed chat"), True),
    Command("stats", "", N_("Admins: chats, subscriptions, deliveries"), True),
    Command("sources", N_("[add URL | remove N]"), N_("Admins: the news feeds the bot reads"), True),
)


@dataclass
class Services:
    """``bot_data`` of the Application (typed through ``ContextTypes``)."""

    store: Store = field(default=None)  # type: ignore[assignment]  # set in build_application
    # Every setting, read once from the environment (bot/config.py); the defaults in tests.
    settings: Settings = field(default_factory=Settings)
    clock: Clock | None = None
    # Scheduler passes never overlap (the minute job, a confirmed broadcast and an ingest each
    # start one): two at once would each have a message in flight, two in doubt after a crash.
    tick_lock: asyncio.Lock = field(default_factory=asyncio.Lock, repr=False, compare=False)
    poll_lock: asyncio.Lock = field(default_factory=asyncio.Lock, repr=False, compare=False)
    # What the scheduler keeps between ticks (the due index, the day's knowledge reads).
    ticks: TickState = field(default_factory=TickState, repr=False, compare=False)
    # Offline (``reply``, ``console``): a tick only shows what it would send, each message
    # (a ``bot.delivery.Outgoing``) through this; nothing is claimed in the delivery ledger and
    # no chat's marks move, so the live bot still sends it. None: a real tick.
    preview: Callable[[Any], Awaitable[None]] | None = field(default=None, repr=False,
                                                             compare=False)
    # The running bot: how to stop it (``run`` sets it), and the damaged file that made it stop
    # (a chat shard found damaged once the chats are read, after the first getUpdates).
    stop: Callable[[], None] | None = field(default=None, repr=False, compare=False)
    fatal: Exception | None = field(default=None, repr=False, compare=False)

    # The settings handlers and jobs ask for most, by their short names.
    @property
    def tz(self) -> ZoneInfo:
        return self.settings.schedule.tz

    @property
    def admins(self) -> frozenset[int]:
        return self.settings.telegram.admins

    @property
    def operator_chat(self) -> int | None:
        return self.settings.telegram.operator_chat

    @property
    def broadcast_chats(self) -> tuple[int | str, ...]:
        return self.settings.telegram.broadcast_chats

    @property
    def rate_per_second(self) -> float:
        return self.settings.telegram.rate_per_second

    @property
    def paid_broadcast(self) -> bool:
        return self.settings.telegram.paid_broadcast

    @property
    def poll_minutes(self) -> float:
        return self.settings.schedule.poll_minutes

    @property
    def public_url(self) -> str | None:
        return self.settings.webhook.public_url

    def now(self) -> dt.datetime:
        """The current moment in the bot's time zone; tests pass a fixed clock."""
        moment = self.clock() if self.clock is not None else dt.datetime.now(self.tz)
        return moment.astimezone(self.tz)

    def halt(self, error: Exception) -> None:
        """Stop the running bot, once, for ``error`` (``run`` names it and exits 2)."""
        if self.fatal is not None:
            return
        self.fatal = error
        if self.stop is not None:
            self.stop()

    def today(self) -> dt.date:
        return self.now().date()
