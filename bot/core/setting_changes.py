"""What a setting does to a chat's schedule: ``/settings time 08:30`` and the settings buttons,
as pure functions of ``ChatSettings`` (the handlers check who may, and save). Their InputErrors
are English msgids the handlers translate (``bot.i18n.reason``)."""

from __future__ import annotations

import re

from bot.core.errors import InputError
from bot.core.schedule import (
    DEFAULT_TZ,
    KINDS,
    ChatSettings,
    held_until,
    parse_time,
    parse_weekday,
    parse_zone,
    quiet_around,
    with_changes,
)

ZONES = (DEFAULT_TZ, "Asia/Aqtobe", "Europe/Moscow", "UTC", "Europe/Berlin",
         "America/New_York")
QUIET_PRESETS: tuple[tuple[str, str] | None, ...] = (
    ("22:00", "08:00"), ("23:00", "07:00"), ("21:00", "09:00"), None)


def apply_setting(settings: ChatSettings, key: str, value: str) -> ChatSettings:
    """A text setting (``/settings time 08:30``); InputError with a short reason."""
    key = key.lower()
    if key in {"time", "at"}:
        return with_changes(settings, time=parse_time(value))
    if key in {"day", "weekday"}:
        return with_changes(settings, weekday=parse_weekday(value))
    if key in {"freq", "frequency"}:
        if value.lower() not in {"daily", "weekly"}:
            raise InputError("frequency is daily or weekly")
        return with_changes(settings, frequency=value.lower())
    if key in {"tz", "zone", "timezone"}:
        return with_changes(settings, tz=parse_zone(value))
    if key == "quiet":
        if value.lower() in {"off", "none", "no"}:
            return with_changes(settings, quiet=None)
        match = re.fullmatch(r"(\d{1,2}(?:[:.]\d{2})?)\s*[-–]\s*(\d{1,2}(?:[:.]\d{2})?)", value)
        if not match:
            raise InputError("quiet hours are FROM-TO, e.g. 22:00-08:00, or off")
        return with_changes(settings, quiet=(parse_time(match.group(1)),
                                             parse_time(match.group(2))))
    raise InputError("settings are time, day, freq, tz and quiet")


def toggle(settings: ChatSettings, action: str) -> ChatSettings:
    """What a settings button does."""
    if action == "f":
        return with_changes(settings, frequency="weekly" if settings.frequency == "daily"
                            else "daily")
    if action == "w":
        return with_changes(settings, weekday=(settings.weekday + 1) % 7)
    if action in {"t+", "t-"}:
        hour = (settings.time.hour + (1 if action == "t+" else -1)) % 24
        return with_changes(settings, time=settings.time.replace(hour=hour))
    if action == "z":
        index = ZONES.index(settings.tz) + 1 if settings.tz in ZONES else 0
        return with_changes(settings, tz=ZONES[index % len(ZONES)])
    if action == "q":
        current = (tuple(f"{t:%H:%M}" for t in settings.quiet) if settings.quiet else None)
        index = QUIET_PRESETS.index(current) + 1 if current in QUIET_PRESETS else 0
        preset = QUIET_PRESETS[index % len(QUIET_PRESETS)]
        return with_changes(settings, quiet=(parse_time(preset[0]), parse_time(preset[1]))
                            if preset else None)
    if action == "qt":  # the digest at the end of the quiet hours it fell in
        return with_changes(settings, time=held_until(settings) or settings.time)
    if action == "qa":  # quiet hours that leave the digest's own time out
        return with_changes(settings, quiet=quiet_around(settings) or settings.quiet)
    if action.startswith("k:") and action[2:] in KINDS:
        return with_changes(settings, kinds=settings.kinds ^ {action[2:]})
    raise InputError("unknown setting")
