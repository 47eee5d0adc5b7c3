"""What a digest, a reminder or a follow alert contains for a chat at a moment. Pure.

The inputs are plain: change-log entries (what ingests added, see ``KnowledgeUpdate``), the
knowledge, a local day. The outputs are dataclasses the renderer turns into messages.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from bot.core.follows import keyword_matches
from bot.core.indexes import Indexes
from bot.core.knowledge import ChangeRecord
from bot.core.models import Bill, Event, Mention, Official

ROUND_ANNIVERSARIES = frozenset({1, 5, 10, 15, 20, 25, 30, 40, 50, 60, 70, 75, 80, 90, 100})


@dataclass(frozen=True)
class Reminder:
    kind: Literal["upcoming", "anniversary", "stated"]
    event: Event
    mention: Mention | None = None
    years: int = 0
    when: str = ""  # "tomorrow", "in 7 days", "this month", "this year"

    @property
    def round(self) -> bool:
        return self.years in ROUND_ANNIVERSARIES


@dataclass(frozen=True)
class Digest:
    events: tuple[Event, ...] = ()
    stages: tuple[tuple[Bill, str, Event], ...] = ()
    appointments: tuple[tuple[Official, str, str, Event], ...] = ()
    upcoming: tuple[tuple[Event, Mention], ...] = ()
    reminders: tuple[Reminder, ...] = ()

    @property
    def empty(self) -> bool:
        return not (self.events or self.stages or self.appointments or self.upcoming
                    or self.reminders)


@dataclass(frozen=True)
class Follow:
    kind: Literal["bill", "official", "keyword", "office"]
    key: str  # bill or official id, the folded keyword, or the canonical office
    label: str

    def to_dict(self) -> dict[str, str]:
        return {"kind": self.kind, "key": self.key, "label": self.label}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Follow:
        kind: Literal["bill", "official", "keyword", "office"] = "keyword"
        if data.get("kind") == "bill":
            kind = "bill"
        elif data.get("kind") == "office":
            kind = "office"
        elif data.get("kind") == "official":
            kind = "official"
        return cls(kind, str(data["key"]), str(data.get("label", data["key"])))


def is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def anniversary_years(event_date: dt.date, day: dt.date) -> int:
    """Years since ``event_date`` if ``day`` is its anniversary (29 Feb -> 28 Feb), else 0."""
    if event_date.year >= day.year:
        return 0
    month, dom = event_date.month, event_date.day
    if (month, dom) == (2, 29) and not is_leap(day.year):
        dom = 28
    return day.year - event_date.year if (month, dom) == (day.month, day.day) else 0


def reminders_on(day: dt.date, events: Sequence[Event], kinds: frozenset[str],
                 added: Mapping[str, dt.date]) -> list[Reminder]:
    """Reminders due on a local day.

    * upcoming: 7 days and 1 day before a day-precise date; on the first of the month for a
      month-precise one; on 1 January for a year-precise one;
    * anniversary: the day an event happened, N years on;
    * stated: an anniversary an article states ("30 years since ..."), on 1 January of that year,
      or on the day the article arrived if that was later in the same year.
    """
    found: list[Reminder] = []
    for event in events:
        if "upcoming" in kinds:
            for mention in event.mentions:
                if mention.kind != "dated":
                    continue
                when = _upcoming_when(mention, day)
                if when:
                    found.append(Reminder("upcoming", event, mention, when=when))
        if "anniversary" in kinds:
            if event.date is not None and event.date.precision == "day":
                years = anniversary_years(event.date.start(), day)
                if years:
                    found.append(Reminder("anniversary", event, years=years))
            for mention in event.mentions:
                if mention.kind == "anniversary" and mention.date.year == day.year:
                    arrived = added.get(event.id)
                    first_day = max(dt.date(day.year, 1, 1), arrived or dt.date(day.year, 1, 1))
                    if day == first_day:
                        found.append(Reminder("stated", event, mention, years=mention.years or 0,
                                              when="this year"))
    return found


def _upcoming_when(mention: Mention, day: dt.date) -> str:
    date = mention.date
    if date.precision == "day":
        delta = (date.start() - day).days
        return {7: "in 7 days", 1: "tomorrow"}.get(delta, "")
    if date.precision == "month":
        return "this month" if day == date.start() else ""
    return "this year" if day == date.start() else ""


def upcoming_within(events: Sequence[Event], day: dt.date, days: int) -> list[tuple[Event, Mention]]:
    """Dated mentions that start within ``days`` after ``day`` (day-precise ones only: a vague
    "in April" is told once, at the start of April, not every day of the week before)."""
    horizon = day + dt.timedelta(days=days)
    found = [(e, m) for e in events for m in e.mentions
             if m.kind == "dated" and m.date.precision == "day" and day < m.date.start() <= horizon]
    found.sort(key=lambda pair: pair[1].date.sort_key())
    return found


def build_digest(changes: Sequence[ChangeRecord], day: dt.date, kinds: frozenset[str],
                 get_event: Callable[[str], Event | None],
                 get_official: Callable[[str], Official | None],
                 get_bill: Callable[[str], Bill | None],
                 all_events: Sequence[Event], added: Mapping[str, dt.date],
                 ahead: tuple[Sequence[tuple[Event, Mention]], Sequence[Reminder]] | None = None
                 ) -> Digest:
    """The digest for a chat: what the change log says arrived, plus what lies ahead.

    ``ahead`` is ``digest_ahead(...)`` computed once for many chats: it reads every event, and
    is the same for every chat with the same day and kinds.
    """
    events: list[Event] = []
    stages: list[tuple[Bill, str, Event]] = []
    appointments: list[tuple[Official, str, str, Event]] = []
    for change in changes:
        event = get_event(change.event)
        if event is None:
            continue
        events.append(event)
        for bill_id, status in change.stages:
            bill = get_bill(bill_id)
            if bill is not None:
                stages.append((bill, status, event))
        for official_id, title, what in change.appointments:
            official = get_official(official_id)
            if official is not None:
                appointments.append((official, title, what, event))
    upcoming, reminders = ahead or digest_ahead(day, kinds, all_events, added)
    return Digest(tuple(events), tuple(stages), tuple(appointments), tuple(upcoming),
                  tuple(reminders))


def digest_ahead(day: dt.date, kinds: frozenset[str], all_events: Sequence[Event],
                 added: Mapping[str, dt.date]
                 ) -> tuple[list[tuple[Event, Mention]], list[Reminder]]:
    """The part of a digest that does not depend on the chat's news: mentions in the week
    ahead and the day's reminders (less the day-precise upcoming ones, already listed)."""
    upcoming = upcoming_within(all_events, day, 7) if "upcoming" in kinds else []
    reminders = [r for r in reminders_on(day, all_events, kinds, added) if r.kind != "upcoming"
                 or r.mention is None or r.mention.date.precision != "day"]
    return upcoming, reminders


def office_changes(office: str, change: ChangeRecord) -> list[tuple[str, str]]:
    """(official id, "start" or "end") for each term in ``office`` an ingested article states
    to begin or end on its own date."""
    return [(official, what) for official, title, what in change.appointments
            if title == office and what in ("start", "end")]


def follow_matches(follows: Sequence[Follow], change: ChangeRecord,
                   event: Event, indexes: Indexes) -> list[Follow]:
    """Which of a chat's follows an ingested article touches. A keyword is looked for in the
    event's title and text as search folds them (``indexes``): folded once for every chat, and
    read from the store only if search has not folded it yet."""
    matched = []
    haystack: str | None = None
    for follow in follows:
        if (follow.kind == "bill" and follow.key in change.bills) or (follow.kind == "official" and follow.key in change.officials):
            matched.append(follow)
        elif follow.kind == "office":
            # the office changes hands, or its holder's term is stated to end
            if office_changes(follow.key, change):
                matched.append(follow)
        elif follow.kind == "keyword":
            if haystack is None:
                title, body = indexes.fold_event(event)  # " title ", " text "
                haystack = title + body[1:]  # f" {fold(title)} {fold(text)} "
            if keyword_matches(follow.key, haystack):  # a phrase, less excluded words
                matched.append(follow)
    return matched
