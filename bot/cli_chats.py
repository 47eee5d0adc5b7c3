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
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TextIO

from bot.core.chats import Chat, ChatError
from bot.core.follows import parse_keyword
from bot.core.lookup import office_title
from bot.core.text import counted
from bot.i18n import LANGUAGES
from store.base import Store
from store.chats import SHARDS
from store.files import MAX_DB_BYTES, StoreFileError, read_regular_file

# Chats written per step of an import: the progress line moves between steps.
WRITE_STEP = 5_000
PROGRESS_LINES = 10_000  # files shorter than this finish before a progress line would help
# Bad lines named one by one; the rest are counted (a file of junk once gave a line on stderr
# for each of its million lines).
NAMED_ERRORS = 20


def export_chats(store: Store, out: TextIO) -> int:
    """Every chat, by id, one JSON object a line; returns how many."""
    chats = sorted(store.all_chats(), key=lambda c: c.id)
    for chat in chats:
        out.write(json.dumps(chat.to_dict(), ensure_ascii=False, separators=(",", ":")) + "\n")
    return len(chats)


@dataclass(frozen=True)
class ImportedChat:
    """A line's chat, and whether the line gave its own ``alert_seq`` (without one, the chat
    starts from the stored chat's or from the present: ``with_marks``)."""

    chat: Chat
    line_has_seq: bool


# Whether the knowledge has a bill or official of this id: ``(kind, key) -> bool``.
Known = Callable[[str, str], bool]


def check_as_the_bot_takes_them(chat: Chat, known: Known | None) -> None:
    """A line's language and follows as ``/language`` and ``/follow`` would have taken them: a
    language the bot speaks, a keyword it accepts, an office it knows, a bill or official the
    knowledge has (with ``known``), so no follow is one that can never fire."""
    if chat.language is not None and chat.language not in LANGUAGES:
        raise ChatError(f"language {chat.language!r} is not one the bot speaks "
                        f"({', '.join(LANGUAGES)})")
    for number, follow in enumerate(chat.follows, 1):
        kind, key = follow.kind, follow.key
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


def read_chats(lines: Iterable[str], name: str, progress: TextIO | None = None,
               known: Known | None = None) -> tuple[list[ImportedChat], list[str]]:
    """(The chats of the lines, one message per bad line). Blank lines are skipped; a chat id
    seen on an earlier line is a bad line (which one should win?)."""
    chats: list[ImportedChat] = []
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
            chat = Chat.from_dict(data)
            check_as_the_bot_takes_them(chat, known)
            if chat.id in seen:
                raise ChatError(f"chat {chat.id} is already on line {seen[chat.id]}")
        except ChatError as error:
            errors.append(f"{name}:{number}: {error}")
            continue
        seen[chat.id] = number
        chats.append(ImportedChat(chat, "alert_seq" in data))
    if progress is not None:
        progress.write("\n")
    return chats, errors


def _steps(items: list[Chat]) -> Iterator[list[Chat]]:
    for start in range(0, len(items), WRITE_STEP):
        yield items[start:start + WRITE_STEP]


def with_marks(line: ImportedChat, stored: Chat | None, last_seq: int,
               now: dt.datetime) -> Chat:
    """The line's chat with the marks it leaves out: the stored chat's, or for a new chat the
    present (the last change, ``now``), so it is told only of what arrives after the import,
    not given alerts and a digest of everything the bot ever read."""
    chat = line.chat
    if not line.line_has_seq:
        chat = chat.alerts_seen(stored.alert_seq if stored is not None else last_seq)
    if chat.last_digest_at is None and stored is not None and stored.last_digest_at:
        chat = chat.digest_sent(stored.last_digest_at)
    if chat.subscribed and not chat.subscribed_at and not chat.last_digest_at:
        chat = replace(chat, subscribed_at=(stored.subscribed_at if stored is not None
                                            else None) or now)
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
    lines_read, errors = read_chats(lines, str(path), progress, lambda kind, key: (
        store.get_bill(key) if kind == "bill" else store.get_official(key)) is not None)
    for message in errors[:NAMED_ERRORS]:
        err.write(message + "\n")
    if len(errors) > NAMED_ERRORS:
        err.write(f"{path}: {counted(len(errors) - NAMED_ERRORS, 'more bad line')}\n")
    if errors:
        err.write(f"error: {counted(len(errors), 'bad line')} in {path}; nothing was imported\n")
        return 2
    moment = now or dt.datetime.now(dt.UTC)
    chats = [with_marks(line, store.get_chat(line.chat.id), store.last_change_seq(), moment)
             for line in lines_read]
    new = [c for c in chats if store.get_chat(c.id) is None]
    changed = [c for c in chats if (old := store.get_chat(c.id)) is not None and old != c]
    # By shard, so each step rewrites each shard it touches once.
    todo = sorted(new + changed, key=lambda c: (c.id % SHARDS, c.id))
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
