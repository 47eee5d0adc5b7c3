"""``python -m bot chats export`` / ``chats import FILE``: chats as JSON Lines, for backups and for
moving a bot to another machine.

One chat per line: the stored chat as it is (id, type, title, active, subscription and its marks,
settings, follows). Import checks every line before it writes anything: a bad line is named on
stderr (``FILE:LINE: reason``), and if there is one, nothing is written and the exit status is 2.
Importing the same file again changes nothing (a chat equal to the stored one is not written).
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, TextIO

from bot.core.schedule import KINDS, ChatSettings, parse_time, parse_zone
from store.base import Store
from store.chats import SHARDS
from store.files import MAX_DB_BYTES, StoreFileError, read_regular_file

CHAT_TYPES = ("private", "group", "supergroup", "channel")
FOLLOW_KINDS = ("bill", "official", "keyword")
MOMENTS = ("subscribed_at", "created_at", "last_digest_at")
# Chats written per step of an import: the progress line moves between steps.
WRITE_STEP = 5_000
PROGRESS_LINES = 10_000  # files shorter than this finish before a progress line would help


class ChatError(ValueError):
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
        parse_time(str(settings.get("time", "09:00")))
        tz = settings.get("tz", "Asia/Almaty")
        if not isinstance(tz, str):
            raise ValueError("a time zone is an IANA name such as Asia/Almaty")
        parse_zone(tz)
        quiet = settings.get("quiet")
        if quiet is not None:
            if not (isinstance(quiet, list) and len(quiet) == 2):
                raise ValueError("quiet is null or [FROM, TO]")
            for moment in quiet:
                parse_time(str(moment))
    except ValueError as error:
        raise ChatError(f"settings: {error}") from None
    weekday = settings.get("weekday", 0)
    if not (isinstance(weekday, int) and not isinstance(weekday, bool) and 0 <= weekday <= 6):
        raise ChatError(f"settings.weekday {weekday!r} is not 0 (Monday) to 6 (Sunday)")
    kinds = settings.get("kinds", list(KINDS))
    if not (isinstance(kinds, list) and all(k in KINDS for k in kinds)):
        raise ChatError(f"settings.kinds must be a list of {', '.join(KINDS)}")


def check_chat(data: Any) -> dict[str, Any]:
    """The chat a line holds, or ``ChatError`` with the first thing wrong with it."""
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
        if not (isinstance(follow, dict) and follow.get("kind") in FOLLOW_KINDS
                and isinstance(follow.get("key"), str) and follow["key"].strip()
                and isinstance(follow.get("label", ""), str)):
            raise ChatError(f"follow {number} is not {{kind: bill|official|keyword, key, label}}")
    seq = data.get("alert_seq", 0)
    if not isinstance(seq, int) or isinstance(seq, bool) or seq < 0:
        raise ChatError("alert_seq is not a whole number >= 0")
    # What a line leaves out takes the value a new chat has, so the stored chat is whole.
    defaults: dict[str, Any] = {
        "type": "private" if chat_id > 0 else "group", "title": "", "active": True,
        "subscribed": False, "subscribed_at": None, "follows": [], "alert_seq": 0}
    settings = {**ChatSettings(chat_id).to_dict(), **data.get("settings", {})}
    chat = {"id": chat_id, **data}  # the line's own order kept: export, import, export agree
    for key, value in defaults.items():
        chat.setdefault(key, value)
    chat["settings"] = settings
    return chat


def read_chats(lines: Iterable[str], name: str, progress: TextIO | None = None
               ) -> tuple[list[dict[str, Any]], list[str]]:
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
            chat = check_chat(data)
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


def import_chats(store: Store, path: Path, err: TextIO, out: TextIO) -> int:
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
    chats, errors = read_chats(lines, str(path), progress)
    for message in errors:
        err.write(message + "\n")
    if errors:
        err.write(f"error: {len(errors)} bad line(s) in {path}; nothing was imported\n")
        return 2
    new = [c for c in chats if store.get_chat(c["id"]) is None]
    changed = [c for c in chats if (old := store.get_chat(c["id"])) is not None and old != c]
    # By shard, so each step rewrites each shard it touches once.
    todo = sorted(new + changed, key=lambda c: (c["id"] % SHARDS, c["id"]))
    written = 0
    for step in _steps(todo):
        store.put_chats(step)
        written += len(step)
        if progress is not None:
            progress.write(f"\rwriting: {written:,} / {len(todo):,} chats")
            progress.flush()
    if progress is not None and todo:
        progress.write("\n")
    out.write(f"{len(chats):,} chats: {len(new):,} new, {len(changed):,} updated, "
              f"{len(chats) - len(todo):,} unchanged\n")
    return 0


def chats_command(db: Path, action: str, file: str | None) -> int:
    from bot.ingest import open_store

    store = open_store(db)
    try:
        if action == "export":
            export_chats(store, sys.stdout)
            return 0
        assert file is not None
        return import_chats(store, Path(file), sys.stderr, sys.stdout)
    finally:
        store.close()
