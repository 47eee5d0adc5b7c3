"""When a chat is due a digest or reminders: pure functions of its settings and the clock.

Every moment is computed in the chat's own time zone with ``zoneinfo`` (so Kazakhstan's move to
UTC+5 on 2024-03-01 is the tz database's business, not ours), and a moment inside the chat's quiet
hours moves to the end of them: nobody gets a digest at 3 a.m. local time.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import zoneinfo
from dataclasses import dataclass, field, replace
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.core.errors import InputError
from bot.core.json_types import JsonObject

DEFAULT_TIME = dt.time(9, 0)
# Nothing arrives at night unless a chat asks for it: alerts and broadcasts wait until 08:00.
DEFAULT_QUIET = (dt.time(22, 0), dt.time(8, 0))
DEFAULT_TZ = "Asia/Almaty"
KINDS = ("digest", "follow", "upcoming", "anniversary")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

Frequency = Literal["daily", "weekly"]


@dataclass(frozen=True)
class ChatSettings:
    """When and what a chat hears from the bot, as stored (``to_dict``) with its chat
    (``bot.core.chats`` reads it back, checking every value)."""

    frequency: Frequency = "daily"
    time: dt.time = DEFAULT_TIME
    weekday: int = 0  # 0 = Monday, as ``date.weekday()``
    tz: str = DEFAULT_TZ
    kinds: frozenset[str] = field(default_factory=lambda: frozenset(KINDS))
    quiet: tuple[dt.time, dt.time] | None = DEFAULT_QUIET  # (from, to), may wrap midnight

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.tz)

    def to_dict(self) -> JsonObject:
        return {
            "frequency": self.frequency,
            "time": self.time.strftime("%H:%M"),
            "weekday": self.weekday,
            "tz": self.tz,
            "kinds": sorted(self.kinds),
            "quiet": [t.strftime("%H:%M") for t in self.quiet] if self.quiet else None,
        }


def parse_time(text: str) -> dt.time:
    """"9:00", "09:30", "21.15", "9" -> time; InputError with a short message otherwise."""
    match = re.fullmatch(r"\s*([01]?\d|2[0-3])(?:[:.]([0-5]\d))?\s*", text)
    if not match:
        raise InputError("a time is HH:MM, e.g. 09:00 or 18:30")
    return dt.time(int(match.group(1)), int(match.group(2) or 0))


def parse_weekday(text: str) -> int:
    """ "fri", "Friday", "thurs" -> 4; a word that merely starts like a day ("monthly") is no day."""
    word = text.strip().lower().rstrip(".")
    key = word[:3]
    if key not in WEEKDAYS or word not in _WEEKDAY_FORMS[key]:
        raise InputError("a day is Mon, Tue, Wed, Thu, Fri, Sat or Sun (or the full name)")
    return WEEKDAYS.index(key)


_WEEKDAY_FORMS = {key: {key, name.lower()} for key, name in zip(WEEKDAYS, WEEKDAY_NAMES,
                                                                 strict=True)}
_WEEKDAY_FORMS["tue"].add("tues")
_WEEKDAY_FORMS["thu"].update({"thur", "thurs"})


def parse_zone(text: str) -> str:
    """An IANA zone name in its proper case: people type "europe/london" or "asia/almaty"."""
    wanted = text.strip()
    if wanted.lower() == "utc":
        return "UTC"
    name = _zone_names().get(wanted.lower().replace(" ", "_"))
    try:
        if name is None:
            raise ValueError(wanted)
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise InputError("a time zone is an IANA name such as Asia/Almaty or Europe/Berlin") from None
    return name


@functools.cache
def _zone_names() -> dict[str, str]:
    return {name.lower(): name for name in zoneinfo.available_timezones()}


def in_quiet_hours(moment: dt.time, quiet: tuple[dt.time, dt.time] | None) -> bool:
    if quiet is None:
        return False
    start, end = quiet
    if start <= end:
        return start <= moment < end
    return moment >= start or moment < end  # wraps midnight: 22:00-07:00


def _local(day: dt.date, at: dt.time, zone: ZoneInfo) -> dt.datetime:
    """A wall-clock time on a local day; a time skipped by a clock change moves forward."""
    aware = dt.datetime.combine(day, at).replace(tzinfo=zone)
    # A wall time skipped by spring-forward (02:30 in Berlin on the last Sunday of March) is read
    # with the offset before the gap, which lands just after it (03:30): normalising through UTC
    # makes the wall time say so. An ambiguous time (autumn) takes its first occurrence.
    return aware.astimezone(dt.UTC).astimezone(zone)


def delivery_moment(settings: ChatSettings, day: dt.date) -> dt.datetime:
    """When this chat hears from us on a local day: its time, moved out of quiet hours."""
    at = settings.time
    if in_quiet_hours(at, settings.quiet):
        assert settings.quiet is not None
        at = settings.quiet[1]
    return _local(day, at, settings.zone)


def held_until(settings: ChatSettings) -> dt.time | None:
    """The time the chat's digest really comes when its own time falls in its quiet hours (the
    end of them), or None when it comes at its own time: a chat must be told, not surprised."""
    if settings.quiet is None or not in_quiet_hours(settings.time, settings.quiet):
        return None
    return settings.quiet[1]


def quiet_around(settings: ChatSettings) -> tuple[dt.time, dt.time] | None:
    """Quiet hours that let the digest come at its own time, cut from the chat's: a time late
    in them ends them there (07:00 in 22:00-08:00: 22:00-07:00); one early in them starts them
    at the next full hour (22:30: 23:00-08:00). None when there is nothing to cut."""
    if held_until(settings) is None:
        return None
    assert settings.quiet is not None
    start, end = settings.quiet
    minutes = _minute_of_day
    since_start = (minutes(settings.time) - minutes(start)) % 1440
    until_end = (minutes(end) - minutes(settings.time)) % 1440
    if until_end <= since_start:
        return (start, settings.time)
    return (dt.time((settings.time.hour + 1) % 24), end)


def _minute_of_day(at: dt.time) -> int:
    return at.hour * 60 + at.minute


def digest_due(settings: ChatSettings, day: dt.date) -> bool:
    if "digest" not in settings.kinds:
        return False
    return settings.frequency == "daily" or day.weekday() == settings.weekday


def due_days(settings: ChatSettings, after: dt.datetime, until: dt.datetime) -> list[dt.date]:
    """Local days whose delivery moment falls in (after, until]."""
    zone = settings.zone
    first = after.astimezone(zone).date() - dt.timedelta(days=1)
    last = until.astimezone(zone).date()
    days = []
    day = first
    while day <= last:
        moment = delivery_moment(settings, day)
        if after < moment <= until:
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def next_delivery(settings: ChatSettings, after: dt.datetime) -> dt.datetime:
    """The first delivery moment of any day (a digest day or not: reminders come on the others)
    strictly after ``after``: when the scheduler next has to look at this chat."""
    day = after.astimezone(settings.zone).date()
    # From the day before: a quiet-hours end or a clock change can move a moment across midnight.
    moments = (delivery_moment(settings, day + dt.timedelta(days=offset))
               for offset in range(-1, 3))
    return min(m for m in moments if m > after)


def quiet_end(settings: ChatSettings, moment: dt.datetime) -> dt.datetime:
    """When the quiet hours that ``moment`` falls in end (``moment`` itself if it does not)."""
    if settings.quiet is None or not in_quiet_hours(
            moment.astimezone(settings.zone).time(), settings.quiet):
        return moment
    day = moment.astimezone(settings.zone).date()
    ends = (_local(day + dt.timedelta(days=offset), settings.quiet[1], settings.zone)
            for offset in range(0, 3))
    return min(e for e in ends if e > moment)


def next_moment(settings: ChatSettings, after: dt.datetime) -> dt.datetime:
    """The next delivery moment strictly after ``after`` (for /settings and /subscribe)."""
    zone = settings.zone
    day = after.astimezone(zone).date()
    for offset in range(0, 9):
        candidate = delivery_moment(settings, day + dt.timedelta(days=offset))
        if candidate > after and (settings.frequency == "daily" or
                                  candidate.date().weekday() == settings.weekday):
            return candidate
    raise AssertionError("a week always has a delivery moment")


def with_changes(settings: ChatSettings, **changes: Any) -> ChatSettings:
    return replace(settings, **changes)
