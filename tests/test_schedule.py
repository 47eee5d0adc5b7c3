"""Time travel: digests, reminders and alerts at fixed moments across 2024 (a leap year, and the
year Kazakhstan moved from UTC+6 to UTC+5 on 1 March)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.core.chats import Chat, new_chat
from bot.core.digest import Follow, anniversary_years, reminders_on
from bot.core.models import Article, Event, Mention, PartialDate
from bot.core.schedule import ChatSettings, delivery_moment, due_days, in_quiet_hours, next_moment
from bot.delivery import DeliveryStats, Outgoing
from bot.ingest import ingest, seed_articles
from bot.scheduler import run_tick
from bot.services import Services
from store.tiny import TinyStore

from .configured import settings_of

ALMATY = ZoneInfo("Asia/Almaty")
UTC = dt.UTC


@dataclass
class Sent:
    chat_id: int
    item: str
    at: dt.datetime
    text: str


@dataclass
class RecordingDeliverer:
    """Stands in for Telegram: records what would be sent, through the real ledger."""

    store: TinyStore
    log: list[Sent]
    now: list[dt.datetime]
    stats: DeliveryStats = field(default_factory=DeliveryStats)

    async def deliver_all(self, messages: Iterable[Outgoing]) -> DeliveryStats:
        for message in messages:
            if self.store.ledger_claim(message.chat_id, message.item):
                self.log.append(Sent(message.chat_id, message.item, self.now[0],
                                     message.reply.text))
                self.store.ledger_settle(message.chat_id, message.item, "sent")
                self.stats.sent += 1
        return self.stats


class Clock:
    """Runs ticks at chosen moments, as the JobQueue would, and records deliveries."""

    def __init__(self, store: TinyStore) -> None:
        self.store = store
        self.log: list[Sent] = []
        self.now = [dt.datetime(2024, 1, 1, tzinfo=ALMATY)]
        self.services = Services(store=store, clock=lambda: self.now[0],
            settings=settings_of(tz=ALMATY))

    async def tick(self, at: dt.datetime) -> None:
        self.now[0] = at
        await run_tick(None, self.services, at,  # type: ignore[arg-type]
                       lambda _bot, store: RecordingDeliverer(store, self.log, self.now))  # type: ignore[arg-type,return-value]

    async def run(self, start: dt.datetime, end: dt.datetime, step: dt.timedelta,
                  hook: Any = None) -> None:
        at = start
        while at <= end:
            if hook is not None:
                hook(at)
            await self.tick(at)
            at += step

    def sent_to(self, chat_id: int, prefix: str = "") -> list[Sent]:
        return [s for s in self.log if s.chat_id == chat_id and s.item.startswith(prefix)]


def chat(chat_id: int, chat_type: str, subscribed_at: dt.datetime, **settings: Any) -> Chat:
    doc = new_chat(chat_id, chat_type, "", subscribed_at, subscribed=True)
    stored = {**doc.to_dict(), "last_digest_at": subscribed_at.isoformat()}
    stored["settings"].update(settings)
    return Chat.from_dict(stored)


def daily_article(day: dt.date) -> Article:
    return Article(
        f"Senate news of {day.isoformat()}\n\n{day.day} {day:%B} {day.year}, 06:00\n\n"
        f"The Senate met on {day:%A} and discussed the regions (session {day.toordinal()}).",
        source="test")


PRIVATE, GROUP, CHANNEL = 1001, -4001, -100777


@pytest.fixture
def year_store() -> TinyStore:
    store = TinyStore(None)
    start = dt.datetime(2024, 1, 1, tzinfo=ALMATY)
    ingest(store, seed_articles(), now=start)
    ingest(store, [Article(
        "Mazhilis news\n\n2 January 2024, 10:00\n\nThe Mazhilis adopted the Water Code. The "
        "Senate will consider it on 15 October 2024. A forum of deputies is planned for "
        "June 2024. An old decision dated 29 February 2020 was recalled.")], now=start)
    ingest(store, [Article("A leap-day session\n\n29 February 2020, 10:00\n\nThe Senate met "
                           "on a leap day and adopted the Tax Code.")], now=start)
    store.put_chats([
        chat(PRIVATE, "private", start),
        chat(GROUP, "supergroup", start, frequency="weekly", weekday=4, time="18:00"),
        chat(CHANNEL, "channel", start, time="07:30", quiet=["22:00", "08:00"]),
    ])
    return store


async def test_a_year_of_digests_at_local_times(year_store: TinyStore) -> None:
    clock = Clock(year_store)

    def new_article_each_morning(at: dt.datetime) -> None:
        local = at.astimezone(ALMATY)
        if (local.hour, local.minute) == (6, 0):
            ingest(year_store, [daily_article(local.date())], now=at)

    await clock.run(dt.datetime(2024, 1, 1, 0, 0, tzinfo=ALMATY),
                    dt.datetime(2024, 12, 31, 23, 30, tzinfo=ALMATY),
                    dt.timedelta(minutes=30), new_article_each_morning)

    private = clock.sent_to(PRIVATE, "digest:")
    assert len(private) == 366  # every day of the leap year, once
    assert len({s.item for s in private}) == 366
    for sent in private:
        local = sent.at.astimezone(ALMATY)
        assert (local.hour, local.minute) == (9, 0), sent
    # The same 09:00 local is 03:00 UTC before 1 March 2024 and 04:00 UTC after.
    by_day = {s.at.astimezone(ALMATY).date(): s.at.astimezone(UTC) for s in private}
    assert by_day[dt.date(2024, 2, 29)].hour == 3
    assert by_day[dt.date(2024, 3, 1)].hour == 4

    group = clock.sent_to(GROUP, "digest:")
    assert len(group) == 52  # Fridays of 2024
    assert all(s.at.astimezone(ALMATY).weekday() == 4 for s in group)
    assert all(s.at.astimezone(ALMATY).hour == 18 for s in group)
    assert "Weekly digest" in group[0].text

    channel = clock.sent_to(CHANNEL, "digest:")
    assert len(channel) == 366
    # 07:30 falls in the channel's quiet hours (22:00-08:00): it hears from us at 08:00.
    assert all((s.at.astimezone(ALMATY).hour, s.at.astimezone(ALMATY).minute) == (8, 0)
               for s in channel)
    for sent in clock.log:
        local = sent.at.astimezone(ALMATY).time()
        assert not in_quiet_hours(local, (dt.time(22), dt.time(8))), sent

    # Reminders for the weekly group, on days without its digest.
    reminders = {s.item: s.text for s in clock.sent_to(GROUP, "rem:")}
    assert "In 7 days (15 October 2024)" in reminders["rem:2024-10-08"]
    assert "Tomorrow (15 October 2024)" in reminders["rem:2024-10-14"]
    assert "This month (June 2024)" in reminders["rem:2024-06-01"]
    assert "1 year ago today" in reminders["rem:2024-03-13"]  # seed 003 was 13 March 2023
    assert "🎉 4 years ago today" not in str(reminders)  # 4 is not a round anniversary
    assert "4 years ago today" in reminders["rem:2024-02-29"]  # the leap-day session
    stated = [t for t in reminders.values() if "30 years, this year" in t]
    assert len(stated) == 1  # the maslikhats' 30th anniversary, stated in a seed, once
    # The daily digest carries the same day's reminders.
    digest_march_13 = next(s.text for s in private if s.item == "digest:2024-03-13")
    assert "1 year ago today" in digest_march_13
    digest_oct_10 = next(s.text for s in private if s.item == "digest:2024-10-10")
    assert "In the next 7 days" in digest_oct_10 and "15 October 2024" in digest_oct_10


async def test_missed_digest_is_caught_up_once_and_stale_ones_are_skipped(
        year_store: TinyStore) -> None:
    clock = Clock(year_store)
    await clock.tick(dt.datetime(2024, 5, 6, 8, 0, tzinfo=ALMATY))
    ingest(year_store, [daily_article(dt.date(2024, 5, 6))],
           now=dt.datetime(2024, 5, 6, 8, 10, tzinfo=ALMATY))
    # The bot is down from 08:00 to 12:30: the 09:00 digest is sent at 12:30, once.
    await clock.tick(dt.datetime(2024, 5, 6, 12, 30, tzinfo=ALMATY))
    await clock.tick(dt.datetime(2024, 5, 6, 12, 31, tzinfo=ALMATY))
    sent = clock.sent_to(PRIVATE, "digest:")
    assert [s.item for s in sent] == ["digest:2024-05-06"]
    # Down from 12:31 until the next day 21:00: the next day's 09:00 digest is more than
    # six hours old by then, so it is skipped rather than sent in the evening.
    ingest(year_store, [daily_article(dt.date(2024, 5, 7))],
           now=dt.datetime(2024, 5, 7, 6, 0, tzinfo=ALMATY))
    await clock.tick(dt.datetime(2024, 5, 7, 21, 0, tzinfo=ALMATY))
    assert [s.item for s in clock.sent_to(PRIVATE, "digest:")] == ["digest:2024-05-06"]
    # The day after, the digest reports the two days' news together.
    await clock.tick(dt.datetime(2024, 5, 8, 9, 0, tzinfo=ALMATY))
    latest = clock.sent_to(PRIVATE, "digest:")[-1]
    assert latest.item == "digest:2024-05-08" and "2024-05-07" in latest.text


async def test_empty_digest_is_not_sent() -> None:
    store = TinyStore(None)
    start = dt.datetime(2024, 7, 1, tzinfo=ALMATY)
    store.put_chat(chat(PRIVATE, "private", start))
    clock = Clock(store)
    await clock.run(start, start + dt.timedelta(days=3), dt.timedelta(hours=1))
    assert clock.log == []


async def test_follow_alerts_once_per_article_and_not_at_night(year_store: TinyStore) -> None:
    doc = year_store.get_chat(PRIVATE)
    assert doc is not None
    doc = replace(doc, follows=(Follow("bill", "budget-code", "Budget Code"),
                                Follow("keyword", "budget", "budget")),
                  alert_seq=year_store.last_change_seq())
    year_store.put_chat(doc)
    clock = Clock(year_store)
    await clock.tick(dt.datetime(2024, 4, 2, 13, 0, tzinfo=ALMATY))
    ingest(year_store, [Article("Mazhilis adopts Budget Code\n\n2 April 2024, 14:00\n\nThe "
                                "Mazhilis adopted the Budget Code in the first reading.")],
           now=dt.datetime(2024, 4, 2, 14, 0, tzinfo=ALMATY))
    await clock.tick(dt.datetime(2024, 4, 2, 14, 1, tzinfo=ALMATY))
    await clock.tick(dt.datetime(2024, 4, 2, 14, 2, tzinfo=ALMATY))
    alerts = clock.sent_to(PRIVATE, "alert:")
    assert len(alerts) == 1  # one message though two follows match
    assert "Budget Code" in alerts[0].text and "budget" in alerts[0].text
    # An article at 23:00 reaches the chat at the end of its quiet hours, 08:00.
    ingest(year_store, [Article("Late session\n\n2 April 2024, 23:00\n\nThe Senate approved "
                                "the Budget Code late at night.")],
           now=dt.datetime(2024, 4, 2, 23, 0, tzinfo=ALMATY))
    await clock.run(dt.datetime(2024, 4, 2, 23, 1, tzinfo=ALMATY),
                    dt.datetime(2024, 4, 3, 8, 30, tzinfo=ALMATY), dt.timedelta(minutes=30))
    alerts = clock.sent_to(PRIVATE, "alert:")
    assert len(alerts) == 2
    assert alerts[1].at.astimezone(ALMATY).time() == dt.time(8, 1)


@pytest.mark.parametrize(
    ("settings", "after", "expected"),
    [
        (ChatSettings(), dt.datetime(2024, 2, 29, 10, tzinfo=ALMATY),
         dt.datetime(2024, 3, 1, 9, tzinfo=ALMATY)),
        (ChatSettings(frequency="weekly", weekday=0),
         dt.datetime(2024, 12, 31, 12, tzinfo=ALMATY), dt.datetime(2025, 1, 6, 9, tzinfo=ALMATY)),
        (ChatSettings(time=dt.time(2, 30), quiet=None, tz="Europe/Berlin"),
         dt.datetime(2024, 3, 30, 12, tzinfo=UTC),
         # 02:30 does not exist in Berlin on 31 March 2024 (clocks jump 02:00 -> 03:00)
         dt.datetime(2024, 3, 31, 3, 30, tzinfo=ZoneInfo("Europe/Berlin"))),
    ],
)
def test_next_moment(settings: ChatSettings, after: dt.datetime, expected: dt.datetime) -> None:
    assert next_moment(settings, after) == expected


def test_due_days_window_is_half_open() -> None:
    settings = ChatSettings()
    nine = delivery_moment(settings, dt.date(2024, 6, 3))
    assert due_days(settings, nine - dt.timedelta(minutes=1), nine) == [dt.date(2024, 6, 3)]
    assert due_days(settings, nine, nine + dt.timedelta(hours=1)) == []


def test_leap_day_anniversary_in_common_years() -> None:
    leap = dt.date(2020, 2, 29)
    assert anniversary_years(leap, dt.date(2023, 2, 28)) == 3
    assert anniversary_years(leap, dt.date(2024, 2, 28)) == 0
    assert anniversary_years(leap, dt.date(2024, 2, 29)) == 4


def test_reminders_by_precision() -> None:
    event = Event("e1", PartialDate(2024, 1, 10), "T", mentions=(
        Mention(PartialDate(2024, 5, 20), "day"),
        Mention(PartialDate(2024, 6), "month"),
        Mention(PartialDate(2025), "year"),
    ))
    kinds = frozenset({"upcoming", "anniversary"})

    def whens(day: dt.date) -> list[str]:
        return [r.when for r in reminders_on(day, [event], kinds, {})]

    assert whens(dt.date(2024, 5, 13)) == ["in 7 days"]
    assert whens(dt.date(2024, 5, 19)) == ["tomorrow"]
    assert whens(dt.date(2024, 5, 20)) == []
    assert whens(dt.date(2024, 6, 1)) == ["this month"]
    assert whens(dt.date(2025, 1, 1)) == ["this year"]
    assert [r.years for r in reminders_on(dt.date(2029, 1, 10), [event], kinds, {})] == [5]
    assert reminders_on(dt.date(2024, 5, 13), [event], frozenset({"anniversary"}), {}) == []
