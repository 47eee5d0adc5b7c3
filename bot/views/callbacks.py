"""Every button's ``callback_data``, typed: one small frozen dataclass per kind of press.

Views build buttons with ``Kind(...).pack()`` and handlers read a press with ``parse(data)``
(and register with ``pattern(Kind)``), so no module builds or splits these strings by hand. The
strings stay short and self-describing (``b:water-code|bl:-:0``) so a button still works after a
restart, and the wire format is the one earlier versions sent: buttons already in chats keep
working. Telegram refuses ``callback_data`` over 64 bytes, so each kind bounds its fields and
``pack`` never returns more (an ``Open`` drops its Back page rather than grow past it).

It lives under ``bot/views`` because views build most buttons; handlers sit above views and
import it from here.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

MAX_BYTES = 64  # the Bot API's limit on callback_data
MAX_ID_BYTES = 60  # ids are slugs or hashes cut to 60 (bot/core/text.py slugify, bill_id)
MAX_ARGUMENT_BYTES = 40  # a list's argument (a search query, a status, a period)


def _fits(text: str, limit: int) -> bool:
    return 0 < len(text.encode()) <= limit


class Malformed(Exception):
    """A field out of what a button may carry: a bug when packing, not ours when parsing."""


def argument_cut(text: str) -> str:
    """``text`` cut on a character's boundary to what a list's argument may hold."""
    return text.encode()[:MAX_ARGUMENT_BYTES].decode(errors="ignore")


class ItemKind(StrEnum):
    """What a card button opens."""
    OFFICIAL = "o"
    BILL = "b"
    EVENT = "e"
    OFFICE = "of"


# Deep links and inline results name the kind in full (``/start bill_water-code``).
ITEM_BY_NAME = {"official": ItemKind.OFFICIAL, "bill": ItemKind.BILL, "event": ItemKind.EVENT}


class ListKind(StrEnum):
    """Which long list a pager turns."""
    OFFICIALS = "ol"
    BILLS = "bl"
    EVENTS = "el"
    SEARCH = "sr"
    ON_DATE = "on"
    UPCOMING = "up"


_NO_ARGUMENT = {ListKind.OFFICIALS, ListKind.UPCOMING}
# Lists whose argument may be empty; "-" stands for empty so the page number stays last.
_OPTIONAL_ARGUMENT = {ListKind.BILLS, ListKind.EVENTS}


@dataclass(frozen=True)
class Noop:
    """A button that does nothing when pressed (the "2 / 5" between Prev and Next)."""

    def pack(self) -> str:
        return "noop"


@dataclass(frozen=True)
class Page:
    """A page of a long list: ``bl:planned:2``, ``ol:1``."""
    kind: ListKind
    argument: str = ""
    page: int = 0

    def __post_init__(self) -> None:
        if self.page < 0 or self.page > 9999:
            raise Malformed(f"page {self.page} out of range")
        if self.kind in _NO_ARGUMENT and self.argument:
            raise Malformed(f"the list {self.kind} takes no argument")
        if self.kind not in _NO_ARGUMENT | _OPTIONAL_ARGUMENT and not self.argument:
            raise Malformed(f"the list {self.kind} needs an argument")
        if self.argument and not _fits(self.argument, MAX_ARGUMENT_BYTES):
            raise Malformed("a list's argument is at most 40 bytes")
        if self.argument == "-" and self.kind in _OPTIONAL_ARGUMENT:
            raise Malformed("'-' stands for no argument")

    def at(self, page: int) -> Page:
        return Page(self.kind, self.argument, page)

    def pack(self) -> str:
        if self.kind in _NO_ARGUMENT:
            return f"{self.kind}:{self.page}"
        return f"{self.kind}:{self.argument or '-'}:{self.page}"


@dataclass(frozen=True)
class Open:
    """A card opened from a button (``o:``, ``b:``, ``e:``, ``of:``), remembering the page of
    the list it was tapped in, when that fits, for a Back button."""
    kind: ItemKind
    item_id: str
    back: Page | None = None

    def __post_init__(self) -> None:
        if not self.fits(self.kind, self.item_id):
            raise Malformed("an item id is 1 to 62 bytes (with its kind at most 64), no '|'")

    @staticmethod
    def fits(kind: ItemKind, item_id: str) -> bool:
        """Whether a button can open this item (an office's title may be too long)."""
        return _fits(item_id, MAX_BYTES - len(kind) - 1) and "|" not in item_id

    def pack(self) -> str:
        alone = f"{self.kind}:{self.item_id}"
        if self.back is None:
            return alone
        both = f"{alone}|{self.back.pack()}"
        return both if len(both.encode()) <= MAX_BYTES else alone


@dataclass(frozen=True)
class Language:
    """A /language button."""
    code: str

    def __post_init__(self) -> None:
        if not re.fullmatch(r"[a-z]{2,8}", self.code):
            raise Malformed(f"not a language code: {self.code!r}")

    def pack(self) -> str:
        return f"lang:{self.code}"


# What a /settings button does: f frequency, w weekday, t+ / t- the hour, z zone, q quiet hours,
# qt the digest to the end of its quiet hours, qa quiet hours around it, k:<kind> a kind of
# message on or off.
SETTING_ACTION = re.compile(r"[fwzq]|q[ta]|t[+-]|k:[a-z]{1,20}")


@dataclass(frozen=True)
class Setting:
    """A /settings button of one chat (a channel's settings are pressed in a private chat)."""
    chat_id: int
    action: str

    def __post_init__(self) -> None:
        if not SETTING_ACTION.fullmatch(self.action):
            raise Malformed(f"not a settings action: {self.action!r}")
        if abs(self.chat_id) >= 10 ** 16:
            raise Malformed("not a Telegram chat id")

    def pack(self) -> str:
        return f"s:{self.chat_id}:{self.action}"


class FollowKind(StrEnum):
    BILL = "b"
    OFFICIAL = "o"


@dataclass(frozen=True)
class FollowItem:
    """🔔 Follow on a card, or a choice after an ambiguous /follow."""
    kind: FollowKind
    item_id: str

    def __post_init__(self) -> None:
        if not _fits(self.item_id, MAX_ID_BYTES):
            raise Malformed("an item id is 1 to 60 bytes")

    def pack(self) -> str:
        return f"f:{self.kind}:{self.item_id}"


@dataclass(frozen=True)
class Unfollow:
    """✖ on the /following list: the follow at that place in the list."""
    index: int

    def __post_init__(self) -> None:
        if not 0 <= self.index <= 9999:
            raise Malformed(f"follow index {self.index} out of range")

    def pack(self) -> str:
        return f"u:{self.index}"


@dataclass(frozen=True)
class BroadcastAnswer:
    """Send or Cancel under a broadcast's preview."""
    broadcast_id: str
    send: bool

    def __post_init__(self) -> None:
        if not re.fullmatch(r"[0-9a-f]{1,32}", self.broadcast_id):
            raise Malformed("a broadcast id is hex")

    def pack(self) -> str:
        return f"bc:{'y' if self.send else 'n'}:{self.broadcast_id}"


Callback = Noop | Page | Open | Language | Setting | FollowItem | Unfollow | BroadcastAnswer

_NUMBER = re.compile(r"0|[1-9][0-9]{0,3}")  # ASCII digits only: not "²"


def _page(data: str) -> Page | None:
    head, _sep, number = data.rpartition(":")
    kind_text, _sep, argument = head.partition(":")
    if not _NUMBER.fullmatch(number) or kind_text not in ListKind.__members__.values():
        return None
    kind = ListKind(kind_text)
    if kind in _OPTIONAL_ARGUMENT and argument == "-":
        argument = ""
    try:
        page = Page(kind, argument, int(number))
    except Malformed:
        return None
    return page if page.pack() == data else None


def _open(data: str) -> Open | None:
    head, bar, back_text = data.partition("|")
    kind_text, _sep, item_id = head.partition(":")
    back = _page(back_text) if bar else None
    if kind_text not in ItemKind.__members__.values() or (bar and back is None):
        return None
    try:
        return Open(ItemKind(kind_text), item_id, back)
    except Malformed:
        return None


def _parse(data: str) -> Callback | None:
    kind, _sep, rest = data.partition(":")
    if data == "noop":
        return Noop()
    if kind == "lang":
        return Language(rest)
    if kind == "s":
        chat_text, _sep, action = rest.partition(":")
        if not re.fullmatch(r"-?[0-9]{1,16}", chat_text):
            return None
        return Setting(int(chat_text), action)
    if kind == "f":
        follow_kind, _sep, item_id = rest.partition(":")
        if follow_kind not in FollowKind.__members__.values():
            return None
        return FollowItem(FollowKind(follow_kind), item_id)
    if kind == "u":
        return Unfollow(int(rest)) if _NUMBER.fullmatch(rest) else None
    if kind == "bc":
        answer, _sep, broadcast_id = rest.partition(":")
        return BroadcastAnswer(broadcast_id, answer == "y") if answer in {"y", "n"} else None
    if kind in ItemKind.__members__.values():
        return _open(data)
    return _page(data)


def parse(data: object) -> Callback | None:
    """The press behind ``callback_data``; None for anything no button of ours sends."""
    if not isinstance(data, str) or len(data.encode()) > MAX_BYTES:
        return None
    try:
        return _parse(data)
    except Malformed:  # a field out of its bounds: not ours
        return None


def pattern(*kinds: type) -> Callable[[object], bool]:
    """A CallbackQueryHandler pattern: the presses of these kinds."""
    return lambda data: isinstance(parse(data), kinds)
