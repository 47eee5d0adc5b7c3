"""Scheduled work: digests, reminders, follow alerts and broadcasts, from one minute tick.

PTB's JobQueue keeps jobs in memory only, so nothing about schedules lives in it: the store holds
each chat's settings, and a tick every minute works out, from the clock, what is due in the window
since the previous tick (persisted) and sends it through the ledger. A restart therefore resumes by
itself: the first tick looks back over the time the bot was down, at most ``CATCH_UP``, and sends
what is still due, once (the ledger keys are per chat and per day, article or broadcast).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import math
from collections.abc import Callable
from dataclasses import replace
from functools import lru_cache
from typing import Any

from telegram import Bot
from telegram.ext import Application

from bot import views
from bot.core.chats import Chat, MarksUpdate, new_chat
from bot.core.digest import (
    Digest,
    build_digest,
    digest_ahead,
    follow_matches,
    reminders_on,
)
from bot.core.due import DueIndex
from bot.core.knowledge import ChangeRecord
from bot.core.ledger import UNSETTLED, alert_item, broadcast_item, digest_item, reminder_item
from bot.core.schedule import ChatSettings, digest_due, due_days, in_quiet_hours
from bot.delivery import Deliverer, DeliveryStats, Outgoing
from bot.health import beat
from bot.i18n import DEFAULT_LANGUAGE, use
from bot.render import Reply
from bot.services import Services
from bot.tick_state import KnownToday, TickState
from store.base import Store
from store.files import StoreFileError

log = logging.getLogger(__name__)

TICK_SECONDS = 60
# A digest or reminder whose moment passed while the bot was down is still sent if the bot is
# back within this window; older ones are skipped (a 09:00 digest at 15:00 is still news, one
# from yesterday is replaced by today's).
CATCH_UP = dt.timedelta(hours=6)
JOB_KWARGS = {"misfire_grace_time": 600, "coalesce": True, "max_instances": 1}
# Chat shards read per step while loading in the background, and chats keyed per step while
# building the due index: each step is a few milliseconds, so replies go on in between.
LOAD_STEP = 4
# The first tick (and the background read of the chats) starts this long after start-up.
TICK_DELAY = 1.0
INDEX_STEP = 2_000


def language_of(chat: Chat) -> str:
    """The language a chat's digests and alerts are written in (``/language``; kept when the
    chat subscribed or followed, from the user's Telegram language)."""
    return chat.language or DEFAULT_LANGUAGE


def _parse(moment: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(moment) if moment else None


def added_dates(store: Store, zone: dt.tzinfo) -> dict[str, dt.date]:
    """The local day each event arrived, from the change log."""
    return {c.event: c.at.astimezone(zone).date() for c in store.changes_after(0)}


def _knowledge_cache(store: Store, zone: dt.tzinfo, state: TickState) -> KnownToday:
    known = state.known
    if known is None or known.version != store.knowledge_version() or known.zone != zone:
        known = state.known = KnownToday(store.knowledge_version(), zone,
                                         added_dates(store, zone))
    if len(known.ahead) > 64:  # a long-running bot: forget past days
        known.ahead.clear()
        known.reminders.clear()
    return known


def tick_window(store: Store, now: dt.datetime) -> dt.datetime:
    """The start of the window (last tick, now] this tick plans, at most ``CATCH_UP`` back."""
    last_tick = _parse(store.get_meta("last_tick"))
    return now - CATCH_UP if last_tick is None else max(last_tick, now - CATCH_UP)


async def load_chats(store: Store, delay: float = 0.0) -> None:
    """Read every chat shard, a few at a time, letting replies run in between (after ``delay``
    seconds: at start-up the first ``getUpdates`` goes out first)."""
    await asyncio.sleep(delay)
    while not store.load_chats(LOAD_STEP):
        await asyncio.sleep(0)


async def _load_chats_or_stop(services: Services) -> None:
    """``load_chats`` at start-up; a damaged chat file stops the bot (``run`` names it and
    exits 2), as a damaged knowledge file keeps it from starting: never serve without it."""
    try:
        await load_chats(services.store, delay=TICK_DELAY)
    except StoreFileError as error:
        services.halt(error)


async def prepare_index(store: Store, window_start: dt.datetime, state: TickState) -> DueIndex:
    """The due index, built (in slices) if there is none yet or time went backwards."""
    index = state.index
    if index is not None and index.horizon <= window_start:
        return index
    await load_chats(store)
    index = DueIndex(window_start)
    index.cursor, _ = store.chat_changes(0)
    index.change_seq = store.last_change_seq()
    chats = store.all_chats()
    for start in range(0, len(chats), INDEX_STEP):
        index.update_many(chats[start:start + INDEX_STEP])
        await asyncio.sleep(0)
    state.index = index
    return index


def sync_index(store: Store, index: DueIndex) -> None:
    """Rekey the chats written since the index last looked, and every follower when the change
    log grew (each may have an alert due)."""
    index.cursor, changed = store.chat_changes(index.cursor)
    if changed is None:  # too far behind: key every chat again
        index.update_many(store.all_chats())
    else:
        for chat_id in dict.fromkeys(changed):
            index.update(chat_id, store.get_chat(chat_id))
    seq = store.last_change_seq()
    if seq > index.change_seq:
        index.change_seq = seq
        for chat_id in list(index.followers):
            index.update(chat_id, store.get_chat(chat_id))


def plan_tick(store: Store, now: dt.datetime, zone: dt.tzinfo, state: TickState | None = None
              ) -> tuple[list[Outgoing], dict[int, MarksUpdate]]:
    """Everything due in (last tick, now]: the messages, and the chats' marks to save after.

    Only the chats the due index says are due are looked at; the rest have no delivery moment
    in the window and no alert waiting (``bot.core.due``). ``state``: what the previous ticks
    kept (the bot's ``Services.ticks``); none, a fresh one.
    """
    state = state if state is not None else TickState()
    window_start = tick_window(store, now)
    if window_start >= now:
        return [], {}
    index = state.index
    if index is None or index.horizon > window_start:
        store.load_chats(None)
        index = DueIndex(window_start)
        index.cursor, _ = store.chat_changes(0)
        index.change_seq = store.last_change_seq()
        index.update_many(store.all_chats())
        state.index = index
    sync_index(store, index)
    due_ids = index.pop_due(now)
    index.horizon = now
    if not due_ids:
        return [], {}
    events = store.all_events()
    known = _knowledge_cache(store, zone, state)
    added = known.added

    def reminders(day: dt.date, kinds: frozenset[str]) -> tuple[Any, ...]:
        if (day, kinds) not in known.reminders:
            known.reminders[day, kinds] = tuple(reminders_on(day, events, kinds, added))
        return known.reminders[day, kinds]

    def ahead(day: dt.date, kinds: frozenset[str]) -> tuple[Any, Any]:
        if (day, kinds) not in known.ahead:
            known.ahead[day, kinds] = digest_ahead(day, kinds, events, added)
        return known.ahead[day, kinds]

    @lru_cache(maxsize=64)
    def changes(start: dt.datetime | None, end: dt.datetime) -> tuple[ChangeRecord, ...]:
        begin = start or (end - dt.timedelta(days=1))
        return tuple(store.changes_between(begin, end))

    outgoing: list[Outgoing] = []
    updates: dict[int, MarksUpdate] = {}
    digests: dict[tuple[Any, ...], Reply | None] = {}
    for due_id in due_ids:
        chat = store.get_chat(due_id)
        if chat is None or not chat.active:
            continue
        chat_id = chat.id
        settings = chat.settings
        if chat.subscribed:
            subscribed_at = chat.subscribed_at or window_start
            start = max(window_start, subscribed_at)
            for day in due_days(settings, start, now):
                if digest_due(settings, day):
                    since = chat.last_digest_at or chat.subscribed_at
                    # Chats with the same news, day, kinds, frequency and language get the same
                    # text: it is built and rendered once (about 1 ms each on a large base).
                    key = (since, day, settings.kinds, settings.frequency, chat.language)
                    if key not in digests:
                        digest = build_digest(
                            changes(since, now), day, settings.kinds, store.get_event,
                            store.get_official, store.get_bill, events, added,
                            ahead(day, settings.kinds))
                        digest = Digest(digest.events, digest.stages, digest.appointments,
                                        digest.upcoming, reminders(day, settings.kinds)
                                        if not digest.reminders else digest.reminders)
                        with use(language_of(chat)):  # each chat reads its own language
                            digests[key] = (None if digest.empty
                                            else views.digest_message(digest, day, settings))
                    updates[chat_id] = replace(updates.get(chat_id, MarksUpdate()),
                                              last_digest_at=now)
                    message = digests[key]
                    if message is not None:
                        outgoing.append(Outgoing(chat_id, digest_item(day), message,
                                                 chat.thread_id))
                else:
                    due = reminders(day, settings.kinds)
                    if due:
                        rkey = ("rem", day, settings.kinds, chat.language)
                        if rkey not in digests:
                            with use(language_of(chat)):
                                digests[rkey] = views.reminders_message(due, day)
                        message = digests[rkey]
                        assert message is not None
                        outgoing.append(Outgoing(chat_id, reminder_item(day), message,
                                                 chat.thread_id))
        outgoing.extend(_alerts(store, chat, settings, now, updates))
    for due_id in due_ids:  # their next wake, after ``now``, as the saved marks will leave them
        chat = store.get_chat(due_id)
        marks = updates.get(due_id)
        index.update(due_id, marks.applied_to(chat) if chat and marks else chat)
    return outgoing, updates


def _alerts(store: Store, chat: Chat, settings: ChatSettings, now: dt.datetime,
            updates: dict[int, MarksUpdate]) -> list[Outgoing]:
    """Follow alerts: one message per article per chat, held back during quiet hours."""
    follows = chat.follows
    if not follows or "follow" not in settings.kinds:
        return []
    if in_quiet_hours(now.astimezone(settings.zone).time(), settings.quiet):
        return []
    new = store.changes_after(chat.alert_seq)
    if not new:
        return []
    chat_id = chat.id
    updates[chat_id] = replace(updates.get(chat_id, MarksUpdate()), alert_seq=new[-1].seq)
    found = []
    for change in new:
        event = store.get_event(change.event)
        if event is None:
            continue
        matched = follow_matches(follows, change, event, store.indexes())
        if matched:
            with use(language_of(chat)):
                alert = views.alert_message(event, matched, store,
                                            now.astimezone(settings.zone).date(), change)
            found.append(Outgoing(chat_id, alert_item(event.id), alert, chat.thread_id))
    return found


def broadcast_messages(store: Store, now: dt.datetime) -> tuple[list[Outgoing], list[str]]:
    """Messages of confirmed broadcasts still going out (chats in quiet hours get them later)."""
    outgoing: list[Outgoing] = []
    finished: list[str] = []
    for broadcast in store.get_meta("broadcasts") or []:
        if broadcast.get("status") != "sending":
            continue
        waiting = False
        reply = views.broadcast_message(broadcast["text"])
        for chat in store.all_chats():
            if not chat.active or not chat.subscribed:
                continue
            chat_id = chat.id
            item = broadcast_item(broadcast["id"])
            state = store.ledger_get(chat_id, item)
            if state is not None and state not in UNSETTLED:
                continue
            settings = chat.settings
            if in_quiet_hours(now.astimezone(settings.zone).time(), settings.quiet):
                waiting = True
                continue
            outgoing.append(Outgoing(chat_id, item, reply, chat.thread_id))
        if not waiting:
            finished.append(broadcast["id"])
    return outgoing, finished


async def _save(store: Store, updates: dict[int, MarksUpdate]) -> None:
    """Write the chats' new marks (re-read first: delivery may have moved some), a slice at a
    time: each slice touches up to ``SAVE_STEP`` shards, and replies run between slices."""
    ids = list(updates)
    for start in range(0, len(ids), SAVE_STEP):
        chats = []
        for chat_id in ids[start:start + SAVE_STEP]:
            chat = store.get_chat(chat_id)
            if chat is not None:
                chats.append(updates[chat_id].applied_to(chat))
        if chats:
            store.put_chats(chats)
        await asyncio.sleep(0)


SAVE_STEP = 8


async def run_tick(bot: Bot, services: Services, now: dt.datetime | None = None,
                   deliverer_factory: Callable[[Bot, Store], Deliverer] | None = None
                   ) -> DeliveryStats:
    """One pass: plan what is due, send it, then record the marks and the tick."""
    async with services.tick_lock:
        store = services.store
        store.refresh()
        now = now or services.now()
        window_start = tick_window(store, now)
        if window_start < now:
            await prepare_index(store, window_start, services.ticks)
        outgoing, updates = plan_tick(store, now, services.tz, services.ticks)
        broadcasts, finished = broadcast_messages(store, now)
        if services.preview is not None:  # offline: shown, left for the live bot
            for message in [*outgoing, *broadcasts]:
                await services.preview(message)
            return DeliveryStats()
        deliverer = (deliverer_factory or make_deliverer(services))(bot, store)
        stats = await deliverer.deliver_all([*outgoing, *broadcasts])
        store.ledger_sync()
        await _save(store, updates)
        if finished:
            store.put_meta("broadcasts", [
                {**b, "status": "done"} if b["id"] in finished else b
                for b in store.get_meta("broadcasts") or []])
        store.put_meta("last_tick", now.isoformat())
        if stats.sent or stats.failed:
            log.info("tick %s: %s", now.isoformat(timespec="minutes"), stats)
        return stats


def make_deliverer(services: Services) -> Callable[[Bot, Store], Deliverer]:
    rate, paid = services.rate_per_second, services.paid_broadcast
    # One request in flight keeps "one message in doubt per crash"; a paid broadcast at
    # hundreds a second needs a few in flight to reach its rate (that many may be in doubt).
    concurrency = 1 if rate <= 50 else math.ceil(rate / 150)
    return lambda bot, store: Deliverer(bot, store, paid_broadcast=paid, concurrency=concurrency,
                                        rate=rate, operator_chat=services.operator_chat)


async def _tick_job(context: Any) -> None:
    await run_tick(context.bot, context.bot_data)
    beat(context.bot_data.store.path)  # a tick that raised leaves no beat: ``bot health``


def subscribe_broadcast_chats(services: Services, now: dt.datetime) -> None:
    """Chats in ``BOT_BROADCAST_CHATS`` are subscribed by the operator."""
    store = services.store
    for chat_id in services.broadcast_chats:
        if isinstance(chat_id, str):
            continue  # @names are resolved at start (needs the Bot API)
        if store.get_chat(chat_id) is None:
            store.put_chat(new_chat(chat_id, "channel" if chat_id < 0 else "private", "", now,
                                    subscribed=True))


async def start(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Rebuild the scheduled work at start: resolve operator chats, then tick every minute."""
    services: Services = app.bot_data
    now = services.now()
    for name in services.broadcast_chats:
        if isinstance(name, str):
            try:
                chat = await app.bot.get_chat(name)
            except Exception as error:
                log.warning("BOT_BROADCAST_CHATS: cannot use %s: %s", name, error)
                continue
            if services.store.get_chat(chat.id) is None:
                services.store.put_chat(new_chat(chat.id, chat.type, chat.title or name, now,
                                                 subscribed=True))
    subscribe_broadcast_chats(services, now)
    # Chats are read in the background: replies need only their own chat's shard.
    # (A plain task: post_init runs before the Application does, and PTB would warn.)
    task = asyncio.get_running_loop().create_task(_load_chats_or_stop(services),
                                                 name="load-chats")
    services.ticks.tasks.add(task)
    task.add_done_callback(services.ticks.tasks.discard)
    if app.job_queue is not None:
        app.job_queue.run_repeating(_tick_job, interval=TICK_SECONDS, first=TICK_DELAY, name="tick",
                                    job_kwargs=JOB_KWARGS)
