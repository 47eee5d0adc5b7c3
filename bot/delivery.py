"""Sending what the bot says on its own (digests, reminders, alerts, broadcasts), exactly once
as far as Telegram allows.

Each message has a ledger key ``(chat_id, item)``. The key is claimed in the ledger before the
request and settled after it. Telegram has no idempotency key, so a crash between the two leaves
one message in doubt: on restart it is sent again (at least once beats silently never). Every
other outcome is final and never repeated.

Errors: 429 waits ``retry_after`` and tries again; 403 (blocked, kicked) and "chat not found"
deactivate the chat; a group that became a supergroup moves its subscription to the new id and
the message goes there; network errors are retried with backoff, then left for the next tick.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from telegram import Bot
from telegram.constants import FloodLimit
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    NetworkError,
    RetryAfter,
    TelegramError,
    TimedOut,
)
from telegram.ext import AIORateLimiter

from bot.chat_changes import close_topic, deactivate, migrate
from bot.core.chats import Chat
from bot.core.json_types import JsonObject
from bot.core.ledger import Outcome
from bot.i18n import _, use
from bot.render import Reply
from bot.sending import send_reply
from store.base import Store

log = logging.getLogger(__name__)

NETWORK_RETRIES = 3
FIRST_RETRY_DELAY = 1.0  # seconds before the first retry after a network error; doubled after
MAX_RETRY_AFTER = 120.0
# Telegram's flood limit is "at most N messages in any second". PTB's AIORateLimiter is a leaky
# bucket that lets a whole second's worth out at once, so a broadcast starting from an idle bucket
# sends up to twice the limit in its first second, gets 429s, and PTB then holds back every
# request, the users' replies too, for the retry_after. So the deliverer spaces its own messages
# evenly at this share of the limit, leaving the rest for replies to people using the bot.
PACE_SHARE = 0.96
# At most this many messages in flight, whatever ``concurrency`` asks: two or three already keep
# the sender busy at a paid broadcast's 1000/s, and with more, PTB's single HTTP connection pool
# (httpcore hands its first idle connection to every request queued at that moment, all but one
# then retry) can starve a user's reply for seconds behind the broadcast.
MAX_IN_FLIGHT = 3


def configured_rate(bot: Bot, paid_broadcast: bool) -> float | None:
    """Messages per second the bot may send: the overall limit its ``AIORateLimiter`` was built
    with (``BOT_RATE_PER_SECOND``), at most Telegram's paid-broadcast limit when paying; None
    when there is no rate limiter to go by."""
    limiter = getattr(bot, "rate_limiter", None)
    if limiter is None:
        return None
    # AIORateLimiter keeps its overall limiter private; read it defensively.
    base = getattr(limiter, "_base_limiter", None)
    rate, period = getattr(base, "max_rate", None), getattr(base, "time_period", None)
    overall = None
    if isinstance(rate, int | float) and isinstance(period, int | float) and rate > 0 \
            and period > 0:
        overall = float(rate) / float(period)
    if paid_broadcast:
        paid = float(FloodLimit.PAID_MESSAGES_PER_SECOND)
        return min(overall, paid) if overall else paid
    return overall


class CountingRateLimiter(AIORateLimiter):
    """PTB's ``AIORateLimiter`` that also counts the messages it lets through, so a broadcast
    can see how many went to people using the bot meanwhile and leave room for them."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.messages = 0

    async def process_request(self, callback: Any, args: Any, kwargs: Any, endpoint: str,
                              data: JsonObject, rate_limit_args: Any) -> Any:
        if endpoint.startswith("send") or endpoint in {"editMessageText", "copyMessage",
                                                       "forwardMessage"}:
            self.messages += 1
        return await super().process_request(callback, args, kwargs, endpoint, data,
                                              rate_limit_args)


class _Pacer:
    """Send slots ``1 / per_second`` apart, shared by the workers: never a burst. A worker that
    comes late takes the next free slot from now, so lost time is not caught up in a rush.

    With a ``CountingRateLimiter``, other messages the bot sent meanwhile (replies to users)
    take a slot each: the whole bot stays under the limit however busy its users are, so their
    replies do not queue behind the broadcast in the limiter or meet a 429 (which holds every
    request back for a second). While replies are rare (under one a second over the last few
    seconds) the first ``spare`` a second are free: the room pacing leaves covers them. Busy
    users get no such credit: their replies come in bursts, and the room is kept for those."""

    def __init__(self, per_second: float, limiter: CountingRateLimiter | None = None,
                 spare: float = 0.0) -> None:
        self.interval = 1.0 / per_second
        self.next = 0.0
        self.limiter = limiter
        self.seen = limiter.messages if limiter is not None else 0
        self.spare = spare
        self.free = 0.0  # replies the spare room still covers (at most one at a time)
        self.last = 0.0
        # Replies a second, averaged over about 5 s; taken as busy until seen to be quiet, as
        # a broadcast that starts among busy users would otherwise meet their first burst.
        self.reply_rate = 1.0

    async def wait(self) -> None:
        loop = asyncio.get_running_loop()
        now = loop.time()
        if self.limiter is not None:
            others = max(0, self.limiter.messages - self.seen)
            elapsed = max(0.0, now - self.last) if self.last else 0.0  # 0: the first send
            self.reply_rate = self.reply_rate * math.exp(-elapsed / 5.0) + others / 5.0
            spare = self.spare if self.reply_rate < 1.0 else 0.0
            self.free = min(1.0, self.free + elapsed * spare)
            self.last = now
            charged = max(0.0, others - self.free)
            self.free = max(0.0, self.free - others)
            self.next = max(self.next, now - self.interval) + charged * self.interval
            self.seen = self.limiter.messages + 1  # + this one, counted once it is sent
        slot = max(now, self.next)
        self.next = slot + self.interval
        if slot > now:
            await asyncio.sleep(slot - now)


@dataclass(frozen=True)
class Outgoing:
    chat_id: int
    item: str  # ledger key within the chat (bot/core/ledger.py): digest_item(day), alert_item ...
    reply: Reply
    thread_id: int | None = None  # the forum topic the chat subscribed in (None: General)


@dataclass
class DeliveryStats:
    sent: int = 0
    skipped: int = 0
    failed: int = 0
    deactivated: int = 0
    migrated: int = 0
    retry_after: int = 0


# What Telegram answers when a forum topic cannot take a message: it was closed or deleted.
TOPIC_GONE = ("message thread not found", "topic_closed", "topic_deleted", "topic closed",
              "topic deleted", "thread not found")


class Deliverer:
    """Sends ``Outgoing`` messages through the bot: evenly paced under its rate limit (the bot's
    rate limiter still applies), at most ``MAX_IN_FLIGHT`` at a time."""

    def __init__(self, bot: Bot, store: Store, *, paid_broadcast: bool = False,
                 concurrency: int = 1, rate: float | None = None,
                 operator_chat: int | None = None) -> None:
        self.bot = bot
        self.operator_chat = operator_chat
        self.store = store
        self.paid_broadcast = paid_broadcast
        self.concurrency = min(max(1, concurrency), MAX_IN_FLIGHT)
        self.stats = DeliveryStats()
        # ``rate``: the limit to pace under (default: what the bot's rate limiter allows).
        limit = rate if rate is not None else configured_rate(bot, paid_broadcast)
        # One message in flight at a time: then every message counted that is not ours is a
        # reply (with several in flight, our own would be counted as others').
        counting = getattr(bot, "rate_limiter", None)
        if not isinstance(counting, CountingRateLimiter) or self.concurrency > 1:
            counting = None
        self._pacer = _Pacer(limit * PACE_SHARE, counting, limit * (1 - PACE_SHARE) / 2
                             ) if limit else None
        self._parts: dict[str, list[str]] = {}

    async def deliver_all(self, messages: Iterable[Outgoing]) -> DeliveryStats:
        """Deliver many; ``concurrency`` workers share the rate limiter."""
        queue: asyncio.Queue[Outgoing] = asyncio.Queue()
        for message in messages:
            queue.put_nowait(message)

        async def worker() -> None:
            while True:
                try:
                    message = queue.get_nowait()
                except asyncio.QueueEmpty:
                    return
                await self.deliver(message)

        await asyncio.gather(*(worker() for _ in range(min(self.concurrency, queue.qsize() or 1))))
        return self.stats

    async def deliver(self, message: Outgoing) -> Outcome:
        """Send one message unless the ledger says it was; returns the outcome."""
        chat_id = message.chat_id
        if not self.store.ledger_claim(chat_id, message.item):
            self.stats.skipped += 1
            return Outcome.SKIPPED
        outcome = await self._send(chat_id, message)
        self.store.ledger_settle(chat_id, message.item, outcome)
        return outcome

    async def _send(self, chat_id: int, message: Outgoing) -> Outcome:
        delay = FIRST_RETRY_DELAY
        attempts = 0
        while True:
            attempts += 1
            try:
                await self._send_parts(chat_id, message.reply, message.thread_id)
            except RetryAfter as error:
                self.stats.retry_after += 1
                wait = error.retry_after
                seconds = wait.total_seconds() if isinstance(wait, dt.timedelta) else float(wait)
                await asyncio.sleep(min(seconds, MAX_RETRY_AFTER))
                continue
            except Forbidden:
                deactivate(self.store, chat_id, "blocked or removed (403)")
                self.stats.deactivated += 1
                return Outcome.FORBIDDEN
            except ChatMigrated as error:
                new_id = int(error.new_chat_id)
                migrate(self.store, chat_id, new_id)
                self.stats.migrated += 1
                moved = Outgoing(new_id, message.item, message.reply)
                if self.store.ledger_claim(new_id, message.item):
                    outcome = await self._send(new_id, moved)
                    self.store.ledger_settle(new_id, message.item, outcome)
                return Outcome.MIGRATED
            except BadRequest as error:
                text = str(error).lower()
                if message.thread_id is not None and any(t in text for t in TOPIC_GONE):
                    await self._topic_gone(chat_id, message.thread_id, str(error))
                    self.stats.deactivated += 1
                    return Outcome.TOPIC_GONE
                if "chat not found" in text or "deactivated" in text:
                    deactivate(self.store, chat_id, f"gone ({error})")
                    self.stats.deactivated += 1
                    return Outcome.GONE
                log.error("message to %s refused: %s", chat_id, error)
                self.stats.failed += 1
                return Outcome.REFUSED
            except TimedOut:
                # Ambiguous: Telegram may have delivered it. Sending again risks a duplicate;
                # we accept that risk once, then give up on the message.
                if attempts > 1:
                    self.stats.failed += 1
                    return Outcome.DOUBT
                await asyncio.sleep(delay)
                continue
            except NetworkError as error:
                if attempts > NETWORK_RETRIES:
                    log.warning("message to %s failed after %d tries: %s", chat_id, attempts,
                                error)
                    self.stats.failed += 1
                    return Outcome.RETRY
                await asyncio.sleep(delay)
                delay *= 2
                continue
            self.stats.sent += 1
            return Outcome.SENT

    def _messages(self, reply: Reply) -> list[str]:
        """``reply.messages()``, split once for the many chats that get the same text."""
        parts = self._parts.get(reply.text)
        if parts is None:
            if len(self._parts) > 64:
                self._parts.clear()
            parts = self._parts[reply.text] = reply.messages()
        return parts

    async def _topic_gone(self, chat_id: int, thread_id: int, reason: str) -> None:
        """Stop the topic's subscription, tell the operator, and say so in the group's General
        topic (best effort: the group may not let us post there either)."""
        if not close_topic(self.store, chat_id, thread_id, reason):
            return
        chat = self.store.get_chat(chat_id)
        with use(chat.language if chat is not None and chat.language else "en"):
            note = _("The topic where I posted digests was closed or deleted, so I stopped "
                     "them. Send /subscribe in an open topic (or here) to get them again.")
        for target, text, thread in (
                (self.operator_chat, f"Chat {chat_id}: topic {thread_id} is closed or deleted "
                                     f"({reason}); its subscription was stopped.", None),
                (chat_id, note, None)):
            if target is None:
                continue
            try:
                # Plain text (not the Defaults' HTML): an operator's note names a raw reason.
                await self.bot.send_message(target, text, message_thread_id=thread,
                                            parse_mode=None, link_preview_options=None)
            except TelegramError as error:
                log.info("could not tell %s about the closed topic: %s", target, error)

    async def _send_parts(self, chat_id: int, reply: Reply, thread_id: int | None = None
                          ) -> None:
        # Only when paid: the parameter is left out of every other request, as before it existed.
        paid = {"allow_paid_broadcast": True} if self.paid_broadcast else {}
        await send_reply(self.bot, chat_id, reply, thread_id=thread_id,
                         parts=self._messages(reply),
                         before_each=self._pacer.wait if self._pacer is not None else None,
                         **paid)


def active_subscribers(store: Store) -> Sequence[Chat]:
    return [c for c in store.all_chats() if c.active and c.subscribed]
