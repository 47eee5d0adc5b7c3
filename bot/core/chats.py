"""A chat as the bot keeps it, and what happens to one: created, subscribed, following, its
settings or language changed, deactivated, its topic closed, moved to a supergroup. Pure: each
change returns a new ``Chat`` (or None when nothing changes); ``bot/chat_changes.py`` and the
handlers read and write the store.

``Chat.from_dict`` is the one reading of a stored chat or a ``chats import`` line: it checks
every value as the bot will use it and raises ``ChatError`` with the first thing wrong, so a
value the scheduler could not read (``"time": 9``) is refused once, not failed on every tick.
``to_dict`` is the stored shape and the ``chats export`` line (docs/CONTRACT.md).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from bot.core.digest import Follow
from bot.core.errors import BotError
from bot.core.json_types import JsonObject
from bot.core.schedule import (
    DEFAULT_TZ,
    KINDS,
    ChatSettings,
    parse_time,
    parse_zone,
)

CHAT_TYPES = ("private", "group", "supergroup", "channel")
FOLLOW_KINDS = ("bill", "official", "keyword", "office")


class ChatError(BotError):
    """A stored chat or an imported line that is not a chat the bot can use; says why."""


@dataclass(frozen=True)
class ClosedTopic:
    """The forum topic a subscription went to, closed or deleted, and what Telegram said."""

    thread_id: int
    reason: str


@dataclass(frozen=True)
class Chat:
    """A private chat, group or channel the bot knows, with its subscription and follows.

    The marks say what the chat was already told: ``subscribed_at`` / ``last_digest_at`` bound
    the changes its next digest covers, ``alert_seq`` is the last change-log entry its follow
    alerts have looked at.
    """

    id: int
    type: str
    settings: ChatSettings
    title: str = ""
    active: bool = True
    subscribed: bool = False
    subscribed_at: dt.datetime | None = None
    last_digest_at: dt.datetime | None = None
    created_at: dt.datetime | None = None
    alert_seq: int = 0
    follows: tuple[Follow, ...] = ()
    thread_id: int | None = None  # the forum topic digests and alerts go to
    thread_closed: ClosedTopic | None = None
    username: str | None = None  # a channel's @name, without the @
    calendar_token: str | None = None
    language: str | None = None  # digests and alerts are written in it (None: English)
    # Chosen with /language: then every reply in the chat is in it too. Not chosen (kept from
    # the first /subscribe or /follow), each user is answered in their own language.
    language_chosen: bool = False
    deactivated: str | None = None  # why nothing more is sent (with ``active`` False)

    # ------------------------------------------------------------------ stored shape
    def to_dict(self) -> JsonObject:
        data: JsonObject = {
            "id": self.id, "type": self.type, "title": self.title, "active": self.active,
            "subscribed": self.subscribed, "subscribed_at": _iso(self.subscribed_at),
            "settings": self.settings.to_dict(),
            "follows": [f.to_dict() for f in self.follows], "alert_seq": self.alert_seq,
        }
        # Set only in some chats: left out when unset, as the bot always stored them.
        optional: JsonObject = {
            "created_at": _iso(self.created_at), "last_digest_at": _iso(self.last_digest_at),
            "thread_id": self.thread_id, "username": self.username,
            "calendar_token": self.calendar_token, "language": self.language,
            # stored with the language, either way: a chat stored before the two were told
            # apart has no flag, and its language counts as chosen (no choice is lost)
            "language_chosen": None if self.language is None else self.language_chosen,
            "deactivated": self.deactivated,
            "thread_closed": None if self.thread_closed is None else {
                "thread_id": self.thread_closed.thread_id,
                "reason": self.thread_closed.reason},
        }
        data.update((key, value) for key, value in optional.items() if value is not None)
        return data

    @classmethod
    def from_dict(cls, data: Any) -> Chat:
        """The chat ``data`` describes; what it leaves out takes a new chat's value. Keys the
        bot does not know are dropped (no release ever stored one that a chat needs)."""
        if not isinstance(data, Mapping):
            raise ChatError("not a JSON object")
        chat_id = data.get("id")
        if not isinstance(chat_id, int) or isinstance(chat_id, bool) or chat_id == 0:
            raise ChatError("id is missing or not a Telegram chat id (a non-zero integer)")
        chat_type = data.get("type", "private" if chat_id > 0 else "group")
        if chat_type not in CHAT_TYPES:
            raise ChatError(f"type {chat_type!r} is not one of {', '.join(CHAT_TYPES)}")
        seq = data.get("alert_seq", 0)
        if not _whole(seq) or seq < 0:
            raise ChatError("alert_seq is not a whole number >= 0")
        thread = data.get("thread_id")
        if thread is not None and not (_whole(thread) and thread > 0):
            raise ChatError("thread_id is not a forum topic id (a whole number > 0)")
        return cls(
            id=chat_id, type=str(chat_type), title=_text(data, "title") or "",
            active=_flag(data, "active", True), subscribed=_flag(data, "subscribed", False),
            subscribed_at=_moment(data, "subscribed_at"),
            last_digest_at=_moment(data, "last_digest_at"),
            created_at=_moment(data, "created_at"), alert_seq=seq,
            settings=settings_from_dict(data.get("settings", {})),
            follows=_follows(data.get("follows", [])), thread_id=thread,
            thread_closed=_closed_topic(data.get("thread_closed")),
            username=_text(data, "username"), calendar_token=_text(data, "calendar_token"),
            language=_text(data, "language", "a language code such as \"ru\""),
            language_chosen=_flag(data, "language_chosen", data.get("language") is not None),
            deactivated=_text(data, "deactivated"),
        )

    # ------------------------------------------------------------------ lifecycle
    def reached(self, chat_type: str, title: str, username: str = "") -> Chat:
        """The bot was added to the chat, or someone there used it: active again, with the
        type and title Telegram gives now (a title it leaves out keeps the old one)."""
        return replace(self, active=True, deactivated=None, type=chat_type,
                       title=title or self.title, username=username or self.username)

    def speaking(self, language: str) -> Chat:
        """/language: every reply in the chat, and its digests and alerts, in ``language``."""
        return replace(self, language=language, language_chosen=True)

    def keeping_language(self, language: str) -> Chat:
        """The language the chat was answered in when it first subscribed or followed: digests
        and alerts, written with no user to ask, keep it (until /language changes it). Not a
        choice for replies: a Kazakh user's /subscribe must not make a Russian user's /help
        Kazakh (``chosen_language``)."""
        return self if self.language else replace(self, language=language,
                                                   language_chosen=False)

    @property
    def chosen_language(self) -> str | None:
        """The language chosen with /language, or None: each user is answered in their own."""
        return self.language if self.language_chosen else None

    def subscribed_now(self, settings: ChatSettings, now: dt.datetime,
                       thread_id: int | None) -> Chat:
        """Digests from now on, in ``thread_id`` (a forum topic) or the chat itself; a chat
        already subscribed keeps its marks, so nothing is told twice or skipped."""
        if "digest" not in settings.kinds:
            settings = replace(settings, kinds=settings.kinds | {"digest"})
        since = (self.subscribed_at, self.last_digest_at) if self.subscribed else (now, now)
        return replace(self, subscribed=True, thread_id=thread_id, thread_closed=None,
                       settings=settings, subscribed_at=since[0], last_digest_at=since[1])

    def unsubscribed(self) -> Chat:
        """No more digests or reminders (follows stay until /unfollow)."""
        return replace(self, subscribed=False)

    def with_settings(self, settings: ChatSettings) -> Chat:
        return replace(self, settings=settings)

    def following(self, follow: Follow, last_seq: int) -> Chat:
        """``follow`` added; a chat that followed nothing starts its alerts at ``last_seq``
        (the change log's end now), so it is not told of every article ever read."""
        seq = self.alert_seq if self.follows else last_seq
        return replace(self, follows=(*self.follows, follow), alert_seq=seq)

    def unfollowing(self, kind: str, key: str) -> Chat | None:
        kept = tuple(f for f in self.follows if not (f.kind == kind and f.key == key))
        return None if len(kept) == len(self.follows) else replace(self, follows=kept)

    def with_calendar_token(self, token: str) -> Chat:
        return replace(self, calendar_token=token)

    def digest_sent(self, now: dt.datetime) -> Chat:
        return replace(self, last_digest_at=now)

    def alerts_seen(self, seq: int) -> Chat:
        return replace(self, alert_seq=seq)

    def deactivated_for(self, reason: str) -> Chat | None:
        """The bot was blocked or removed, or the chat is gone: nothing more is sent to it."""
        if not self.active:
            return None
        return replace(self, active=False, deactivated=reason)

    def topic_closed(self, thread_id: int, reason: str) -> Chat | None:
        """A subscription's topic was closed or deleted: its digests and reminders stop
        (follows stay, and go nowhere until someone subscribes again), so a dead topic is tried
        once."""
        if self.thread_id != thread_id:
            return None
        return replace(self, subscribed=False, thread_id=None,
                       thread_closed=ClosedTopic(thread_id, reason))

    def migrated(self, new_id: int) -> Chat:
        """A group became a supergroup: its subscription, follows and settings under the new
        id."""
        return replace(self, id=new_id, type="supergroup")


@dataclass(frozen=True)
class MarksUpdate:
    """The marks a scheduler tick moves for a chat, saved once its messages went out (on the
    chat as it is then: a handler may have changed it meanwhile)."""

    last_digest_at: dt.datetime | None = None
    alert_seq: int | None = None

    def applied_to(self, chat: Chat) -> Chat:
        if self.last_digest_at is not None:
            chat = chat.digest_sent(self.last_digest_at)
        if self.alert_seq is not None:
            chat = chat.alerts_seen(self.alert_seq)
        return chat


def new_chat(chat_id: int, chat_type: str, title: str, now: dt.datetime,
             subscribed: bool = False) -> Chat:
    # ``now`` is in the bot's zone (BOT_TIMEZONE): a new chat starts on the bot's clock.
    zone = getattr(now.tzinfo, "key", None) or DEFAULT_TZ
    return Chat(id=chat_id, type=chat_type, title=title, subscribed=subscribed,
                subscribed_at=now if subscribed else None, created_at=now,
                settings=ChatSettings(tz=zone))


# ---------------------------------------------------------------------- reading stored values

def settings_from_dict(data: Any) -> ChatSettings:
    """A chat's settings, each value checked as the scheduler reads it; what ``data`` leaves
    out takes the default."""
    if not isinstance(data, Mapping):
        raise ChatError("settings is not an object")
    values = [data.get(key, default) for key, default in SETTINGS_DEFAULTS]
    # Most chats share a few settings: 100,000 chats are read with a few hundred parses, and
    # share the (frozen) result. The key keeps each value's type, so ``1.0`` or ``True`` is
    # not taken for the weekday ``1``; a list's items need not be typed: only text is valid.
    key = tuple((type(v), tuple(v) if type(v) is list else v) for v in values)
    try:
        return _settings_cached(key)
    except TypeError:  # unhashable: a value no setting can have (an object in a list)
        return _settings(key)


# What a stored settings object leaves out, in the order ``_settings`` reads them.
SETTINGS_DEFAULTS = (("frequency", "daily"), ("weekday", 0), ("kinds", list(KINDS)),
                     ("time", "09:00"), ("tz", DEFAULT_TZ), ("quiet", ["22:00", "08:00"]))


@functools.lru_cache(maxsize=4096)
def _settings_cached(key: tuple[tuple[type, Any], ...]) -> ChatSettings:
    return _settings(key)


def _settings(key: tuple[tuple[type, Any], ...]) -> ChatSettings:
    values: list[Any] = [list(value) if kind is list else value for kind, value in key]
    frequency, weekday, kinds, at, tz, quiet = values
    if frequency not in ("daily", "weekly"):
        raise ChatError(f"settings.frequency {frequency!r} is not daily or weekly")
    if not (_whole(weekday) and 0 <= weekday <= 6):
        raise ChatError(f"settings.weekday {weekday!r} is not 0 (Monday) to 6 (Sunday)")
    if not (isinstance(kinds, list) and all(k in KINDS for k in kinds)):
        raise ChatError(f"settings.kinds must be a list of {', '.join(KINDS)}")
    try:
        # Text, as the bot reads it: ``"time": 9`` once passed a check and then failed every
        # tick.
        time = parse_time(_checked_text(at, "a time is text such as \"09:00\""))
        if not isinstance(tz, str):
            raise ValueError("a time zone is an IANA name such as Asia/Almaty")
        zone = parse_zone(tz)
        if quiet is not None and not (isinstance(quiet, list) and len(quiet) == 2):
            raise ValueError("quiet is null or [FROM, TO]")
        hours = None if quiet is None else tuple(
            parse_time(_checked_text(t, "quiet hours are text such as [\"22:00\", \"08:00\"]"))
            for t in quiet)
    except ValueError as error:
        raise ChatError(f"settings: {error}") from None
    return ChatSettings(frequency=frequency, time=time, weekday=weekday, tz=zone,
                        kinds=frozenset(kinds),
                        quiet=None if hours is None else (hours[0], hours[1]))


def _follows(data: Any) -> tuple[Follow, ...]:
    if not isinstance(data, list):
        raise ChatError("follows is not a list")
    follows = []
    for number, follow in enumerate(data, 1):
        if not (isinstance(follow, Mapping) and follow.get("kind") in FOLLOW_KINDS
                and isinstance(follow.get("key"), str) and follow["key"].strip()
                and isinstance(follow.get("label", ""), str)):
            raise ChatError(f"follow {number} is not "
                            f"{{kind: {'|'.join(FOLLOW_KINDS)}, key, label}}")
        follows.append(Follow.from_dict(follow))
    return tuple(follows)


def _closed_topic(data: Any) -> ClosedTopic | None:
    if data is None:
        return None
    if not (isinstance(data, Mapping) and _whole(data.get("thread_id"))
            and isinstance(data.get("reason", ""), str)):
        raise ChatError("thread_closed is not {thread_id, reason}")
    return ClosedTopic(data["thread_id"], data.get("reason", ""))


def _whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _flag(data: Mapping[str, Any], key: str, default: bool) -> bool:
    value = data.get(key, default)
    if not isinstance(value, bool):
        raise ChatError(f"{key} is not true or false")
    return value


def _text(data: Mapping[str, Any], key: str, what: str = "text") -> str | None:
    value = data.get(key)
    if value is not None and not isinstance(value, str):
        raise ChatError(f"{key} is not {what}")
    return value


def _checked_text(value: Any, what: str) -> str:
    if not isinstance(value, str):
        raise ValueError(what)
    return value


def _moment(data: Mapping[str, Any], key: str) -> dt.datetime | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise ChatError(f"{key} is not a date and time")
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        raise ChatError(f"{key} {value!r} is not an ISO date and time") from None
    if moment.tzinfo is None:
        raise ChatError(f"{key} {value!r} has no time zone offset")
    return moment


def _iso(moment: dt.datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()
