"""``python -m bot chats export`` / ``chats import FILE``: chats as JSON Lines, for backups and for
moving a bot to another machine.

One chat per line: the stored chat as it is (id, type, title, active, subscription and its marks,
settings, follows). Import checks every line before it writes anything, its values as the bot
will read them: the first bad lines are named on stderr (``FILE:LINE: reason``, the rest
counted), and if there is one, nothing is written and the exit status is 2.
Importing the same file again changes nothing (a chat equal to the stored one is not written).
A chat's marks (``alert_seq``, ``subscribed_at``, ``last_digest_at``) its line leaves out are the
stored chat's, or for a new chat the present: it is told only of what arrives after the import.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, TextIO

from bot.core.errors import BotError
from bot.core.follows import parse_keyword
from bot.core.lookup import office_title
from bot.core.schedule import DEFAULT_TZ, KINDS, ChatSettings, parse_time, parse_zone
from bot.core.text import counted
from bot.i18n import LANGUAGES
from store.base import Store
from store.chats import SHARDS
from store.files import MAX_DB_BYTES, StoreFileError, read_regular_file

CHAT_TYPES = ("private", "group", "supergroup", "channel")
FOLLOW_KINDS = ("bill", "official", "keyword", "office")
MOMENTS = ("subscribed_at", "created_at", "last_digest_at")
# Chats written per step of an import: the progress line moves between steps.
WRITE_STEP = 5_000
PROGRESS_LINES = 10_000  # files shorter than this finish before a progress line would help
# Bad lines named one by one; the rest are counted (a file of junk once gave a line on stderr
# for each of its million lines).
NAMED_ERRORS = 20


class ChatError(BotError):
    """A line that is not a chat we can store; the message says why."""


def export_chats(store: Store, out: TextIO) -> int:
    """Every chat, by id, one JSON object a line; returns how many."""
    chats = sorted(store.all_chats(), key=lambda c: int(c["id"]))
    for chat in chats:
        out.write(json.dumps(chat, ensure_ascii=False, separators=(",", ":")) + "\n")
    return len(chats)


def _check_moment(chat: dict[str, Any], key: str) -> None:
    value = chat.get(key)
    if value is None:
        return
    if not isinstance(value, str):
        raise ChatError(f"{key} is not a date and time")
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        raise ChatError(f"{key} {value!r} is not an ISO date and time") from None
    if moment.tzinfo is None:
        raise ChatError(f"{key} {value!r} has no time zone offset")


def _check_settings(settings: Any) -> None:
    if not isinstance(settings, dict):
        raise ChatError("settings is not an object")
    if settings.get("frequency", "daily") not in ("daily", "weekly"):
        raise ChatError(f"settings.frequency {settings['frequency']!r} is not daily or weekly")
    try:
        # Text, as the bot reads it: ``"time": 9`` once passed here and then failed every tick.
        parse_time(_text(settings.get("time", "09:00"), "a time is text such as \"09:00\""))
        tz = settings.get("tz", DEFAULT_TZ)
        if not isinstance(tz, str):
            raise ValueError("a time zone is an IANA name such as Asia/Almaty")
        parse_zone(tz)
        quiet = settings.get("quiet")
        if quiet is not None:
            if not (isinstance(quiet, list) and len(quiet) == 2):
                raise ValueError("quiet is null or [FROM, TO]")
            for moment in quiet:
                parse_time(_text(moment, "quiet hours are text such as [\"22:00\", \"08:00\"]"))
    except ValueError as error:
        raise ChatError(f"settings: {error}") from None
    weekday = settings.get("weekday", 0)
    if not (isinstance(weekday, int) and not isinstance(weekday, bool) and 0 <= weekday <= 6):
        raise ChatError(f"settings.weekday {weekday!r} is not 0 (Monday) to 6 (Sunday)")
    kinds = settings.get("kinds", list(KINDS))
    if not (isinstance(kinds, list) and all(k in KINDS for k in kinds)):
        raise ChatError(f"settings.kinds must be a list of {', '.join(KINDS)}")


def _text(value: Any, what: str) -> str:
    if not isinstance(value, str):
        raise ValueError(what)
    return value


def _check_optional(data: dict[str, Any]) -> None:
    """Fields the bot sets itself and reads back as it set them."""
    language = data.get("language")
    if language is not None and language not in LANGUAGES:
        raise ChatError(f"language {language!r} is not one the bot speaks "
                        f"({', '.join(LANGUAGES)})")
    thread = data.get("thread_id")
    if thread is not None and not (isinstance(thread, int) and not isinstance(thread, bool)
                                   and thread > 0):
        raise ChatError("thread_id is not a forum topic id (a whole number > 0)")
    for key in ("username", "calendar_token"):
        if data.get(key) is not None and not isinstance(data[key], str):
            raise ChatError(f"{key} is not text")


def _read_as_the_bot_does(chat_id: int, settings: dict[str, Any]) -> None:
    """The scheduler's own reading of the settings (``ChatSettings.from_dict`` and its zone):
    what it cannot read, import refuses, rather than every tick failing on it later."""
    try:
        ChatSettings.from_dict(chat_id, settings).zone  # noqa: B018  (reading it is the check)
    except (TypeError, ValueError, KeyError, LookupError) as error:
        raise ChatError(f"settings: the bot cannot read them ({error})") from None


# Whether the knowledge has a bill or official of this id: ``(kind, key) -> bool``.
Known = Callable[[str, str], bool]


def _check_follow(number: int, follow: Any, known: Known | None) -> None:
    """A follow as ``/follow`` would have taken it: a keyword it accepts, an office it knows, a
    bill or official the knowledge has (with ``known``), so no follow can never fire."""
    if not (isinstance(follow, dict) and follow.get("kind") in FOLLOW_KINDS
            and isinstance(follow.get("key"), str) and follow["key"].strip()
            and isinstance(follow.get("label", ""), str)):
        raise ChatError(f"follow {number} is not {{kind: {'|'.join(FOLLOW_KINDS)}, key, label}}")
    kind, key = follow["kind"], follow["key"]
    if kind == "keyword":
        try:
            parse_keyword(key)
        except ValueError as error:
            raise ChatError(f"follow {number}: keyword {key!r}: {error}") from None
    elif kind == "office" and office_title(key) is None:
        raise ChatError(f"follow {number}: {key!r} is no office the bot knows")
    elif kind in {"bill", "official"} and known is not None and not known(kind, key):
        raise ChatError(f"follow {number}: no {kind} has the id {key!r} (ids as `export` "
                        f"prints them)")


def check_chat(data: Any, known: Known | None = None) -> dict[str, Any]:
    """The chat a line holds, or ``ChatError`` with the first thing wrong with it (``known``
    checks that a followed bill or official exists)."""
    if not isinstance(data, dict):
        raise ChatError("not a JSON object")
    chat_id = data.get("id")
    if not isinstance(chat_id, int) or isinstance(chat_id, bool) or chat_id == 0:
        raise ChatError("id is missing or not a Telegram chat id (a non-zero integer)")
    if data.get("type", "private") not in CHAT_TYPES:
        raise ChatError(f"type {data['type']!r} is not one of {', '.join(CHAT_TYPES)}")
    if not isinstance(data.get("title", ""), str):
        raise ChatError("title is not text")
    for flag in ("active", "subscribed"):
        if not isinstance(data.get(flag, False), bool):
            raise ChatError(f"{flag} is not true or false")
    for key in MOMENTS:
        _check_moment(data, key)
    _check_settings(data.get("settings", {}))
    follows = data.get("follows", [])
    if not isinstance(follows, list):
        raise ChatError("follows is not a list")
    for number, follow in enumerate(follows, 1):
        _check_follow(number, follow, known)
    _check_optional(data)
    seq = data.get("alert_seq", 0)
    if not isinstance(seq, int) or isinstance(seq, bool) or seq < 0:
        raise ChatError("alert_seq is not a whole number >= 0")
    # What a line leaves out takes the value a new chat has, so the stored chat is whole.
    defaults: dict[str, Any] = {
        "type": "private" if chat_id > 0 else "group", "title": "", "active": True,
        "subscribed": False, "subscribed_at": None, "follows": []}
    # alert_seq is left out when the line has none: import gives the chat the present one
    # (``with_marks``), so it is not told of every article ever read.
    settings = {**ChatSettings(chat_id).to_dict(), **data.get("settings", {})}
    chat = {"id": chat_id, **data}  # the line's own order kept: export, import, export agree
    for key, value in defaults.items():
        chat.setdefault(key, value)
    chat["settings"] = settings
    _read_as_the_bot_does(chat_id, settings)
    return chat


def read_chats(lines: Iterable[str], name: str, progress: TextIO | None = None,
               known: Known | None = None) -> tuple[list[dict[str, Any]], list[str]]:
    """(The chats of the lines, one message per bad line). Blank lines are skipped; a chat id
    seen on an earlier line is a bad line (which one should win?)."""
    chats: list[dict[str, Any]] = []
    errors: list[str] = []
    seen: dict[int, int] = {}
    for number, line in enumerate(lines, 1):
        if progress is not None and number % 10_000 == 0:
            progress.write(f"\rchecking: {number:,} lines")
            progress.flush()
        if not line.strip():
            continue
        try:
            try:
                data = json.loads(line)
            except ValueError as error:
                raise ChatError(f"not JSON ({error})") from None
            chat = check_chat(data, known)
            if chat["id"] in seen:
                raise ChatError(f"chat {chat['id']} is already on line {seen[chat['id']]}")
        except ChatError as error:
            errors.append(f"{name}:{number}: {error}")
            continue
        seen[chat["id"]] = number
        chats.append(chat)
    if progress is not None:
        progress.write("\n")
    return chats, errors


def _steps(items: list[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    for start in range(0, len(items), WRITE_STEP):
        yield items[start:start + WRITE_STEP]


def with_marks(chat: dict[str, Any], stored: dict[str, Any] | None, last_seq: int,
               now: str) -> dict[str, Any]:
    """``chat`` with the marks its line leaves out: the stored chat's, or for a new chat the
    present (the last change, ``now``), so it is told only of what arrives after the import,
    not given alerts and a digest of everything the bot ever read."""
    stored = stored or {}
    if "alert_seq" not in chat:
        chat["alert_seq"] = int(stored.get("alert_seq", last_seq))
    if not chat.get("last_digest_at") and stored.get("last_digest_at"):
        chat["last_digest_at"] = stored["last_digest_at"]
    if chat.get("subscribed") and not chat.get("subscribed_at") \
            and not chat.get("last_digest_at"):
        chat["subscribed_at"] = stored.get("subscribed_at") or now
    return chat


def import_chats(store: Store, path: Path, err: TextIO, out: TextIO,
                 now: dt.datetime | None = None) -> int:
    """Check every line, then write the chats that differ from the stored ones; exit status."""
    try:
        # A FIFO or /dev/zero would hang or never end, a huge file exhaust memory: refused by
        # type and size before reading (a chat is a line of a few hundred bytes).
        text = read_regular_file(path, MAX_DB_BYTES, "a chats file").decode("utf-8")
    except StoreFileError as error:
        err.write(f"error: {error}\n")
        return 2
    except FileNotFoundError:
        err.write(f"error: {path}: no such file\n")
        return 2
    except (OSError, UnicodeDecodeError) as error:
        err.write(f"error: {path}: cannot read it as UTF-8 text ({error})\n")
        return 2
    lines = text.splitlines()
    progress = err if err.isatty() and len(lines) >= PROGRESS_LINES else None
    chats, errors = read_chats(lines, str(path), progress, lambda kind, key: (
        store.get_bill(key) if kind == "bill" else store.get_official(key)) is not None)
    for message in errors[:NAMED_ERRORS]:
        err.write(message + "\n")
    if len(errors) > NAMED_ERRORS:
        err.write(f"{path}: {counted(len(errors) - NAMED_ERRORS, 'more bad line')}\n")
    if errors:
        err.write(f"error: {counted(len(errors), 'bad line')} in {path}; nothing was imported\n")
        return 2
    moment = (now or dt.datetime.now(dt.UTC)).isoformat()
    chats = [with_marks(c, store.get_chat(c["id"]), store.last_change_seq(), moment)
             for c in chats]
    new = [c for c in chats if store.get_chat(c["id"]) is None]
    changed = [c for c in chats if (old := store.get_chat(c["id"])) is not None and old != c]
    # By shard, so each step rewrites each shard it touches once.
    todo = sorted(new + changed, key=lambda c: (c["id"] % SHARDS, c["id"]))
    written = 0
    for step in _steps(todo):
        store.put_chats(step)
        written += len(step)
        if progress is not None:
            progress.write(f"\rwriting: {written:,} / {counted(len(todo), 'chat')}")
            progress.flush()
    if progress is not None and todo:
        progress.write("\n")
    out.write(f"{counted(len(chats), 'chat')}: {len(new):,} new, {len(changed):,} updated, "
              f"{len(chats) - len(todo):,} unchanged\n")
    return 0


def chats_command(db: Path, action: str, file: str | None) -> int:
    from bot.database import open_database

    store = open_database(db)
    try:
        if action == "export":
            export_chats(store, sys.stdout)
            return 0
        assert file is not None
        return import_chats(store, Path(file), sys.stderr, sys.stdout)
    finally:
        store.close()
