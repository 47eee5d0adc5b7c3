"""Models -> Telegram HTML: escaped, dated the way people here read dates, split under 4096.

Every string that comes from a user or an article goes through ``esc`` before it is put into
HTML. Each line of a reply is self-contained (no tag spans a line break), so splitting between
lines never cuts a tag in half.
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass, field

from bot.core.models import PartialDate

MAX_MESSAGE = 4096
# Room for Telegram counting differently from us (it counts UTF-16 code units after parsing; we
# count characters before parsing, which is never less): a margin keeps us safely under.
SAFE_MESSAGE = 4000
MAX_LINE = 1500

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")

STATUS_LABELS = {
    "planned": "Planned",
    "under_consideration": "Under consideration",
    "first_reading": "Passed the first reading in the Mazhilis",
    "adopted_mazhilis": "Adopted by the Mazhilis",
    "adopted_senate": "Adopted by Parliament (Senate)",
    "signed": "Signed by the President",
    "in_force": "In force",
    "returned": "Returned for revision",
    "rejected": "Rejected",
}
STATUS_ICONS = {
    "planned": "🗓", "under_consideration": "📝", "first_reading": "1️⃣",
    "adopted_mazhilis": "🏛", "adopted_senate": "🏛", "signed": "✍️", "in_force": "✅",
    "returned": "↩️", "rejected": "⛔",
}


def esc(text: object) -> str:
    """Escape for Telegram HTML text: &, < and >. (No user string ever goes into an attribute.)"""
    return html.escape(str(text), quote=False)


def cut(text: str, limit: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def show_date(value: PartialDate | dt.date | None) -> str:
    """"13 March 2023", "March 2023", "2023", or "date unknown"."""
    if value is None:
        return "date unknown"
    if isinstance(value, dt.date):
        return f"{value.day} {MONTHS[value.month - 1]} {value.year}"
    if value.month is None:
        return str(value.year)
    if value.day is None:
        return f"{MONTHS[value.month - 1]} {value.year}"
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def show_status(status: str) -> str:
    return f"{STATUS_ICONS.get(status, '•')} {STATUS_LABELS.get(status, status)}"


@dataclass(frozen=True)
class Button:
    text: str
    data: str | None = None  # callback data, at most 64 bytes
    url: str | None = None


@dataclass(frozen=True)
class Reply:
    """One answer: HTML text (maybe longer than a message: ``messages`` splits it) and buttons."""

    text: str
    buttons: tuple[tuple[Button, ...], ...] = field(default=())

    def messages(self) -> list[str]:
        return split_message(self.text)


def telegram_length(text: str) -> int:
    """Length as Telegram counts it: UTF-16 code units (an emoji such as 🏛 counts 2)."""
    return len(text.encode("utf-16-le")) // 2


def split_message(text: str, limit: int = SAFE_MESSAGE) -> list[str]:
    """Split between lines into messages under ``limit``; a paragraph is kept whole if it fits."""
    chunks: list[str] = []
    current = ""
    lines: list[str] = []
    for line in text.split("\n"):
        lines.extend(_pieces(line, limit) if telegram_length(line) > limit else [line])
    for line in lines:
        candidate = f"{current}\n{line}" if current else line
        if telegram_length(candidate) > limit:
            chunks.append(current.rstrip("\n"))
            current = line
        else:
            current = candidate
    if current.strip() or not chunks:
        chunks.append(current.rstrip("\n"))
    return [c for c in chunks if c.strip()] or ["…"]


def _pieces(line: str, limit: int) -> list[str]:
    """A line too long for one message, in pieces that fit, cut between words.

    Only plain text gets this long (the lines we build with tags are short), so the tags are
    dropped and the text re-escaped piece by piece: a cut never lands inside a tag or an entity.
    """
    step = max(1, limit // 12)  # a chunk of a long word: under limit/2 units even escaped
    words: list[str] = []
    for word in html.unescape(_strip_tags(line)).split(" "):
        words.extend(word[i:i + step] for i in range(0, len(word), step))
    pieces: list[str] = []
    current = ""
    for word in words:
        candidate = f"{current} {word}" if current else word
        if current and telegram_length(html.escape(candidate, quote=False)) > limit:
            pieces.append(current)
            current = word
        else:
            current = candidate
    if current:
        pieces.append(current)
    return [html.escape(piece, quote=False) for piece in pieces]


def _strip_tags(line: str) -> str:
    out, depth = [], 0
    for ch in line:
        if ch == "<":
            depth += 1
        elif ch == ">" and depth:
            depth -= 1
        elif not depth:
            out.append(ch)
    return "".join(out)
