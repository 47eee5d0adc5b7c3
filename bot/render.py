"""Models -> Telegram HTML: escaped, dated the way people here read dates, split under 4096.

Every string that comes from a user or an article goes through ``esc`` before it is put into
HTML. Each line of a reply is self-contained (no tag spans a line break), so splitting between
lines never cuts a tag in half.
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass, field

from bot.core.models import BillStatus, PartialDate
from bot.i18n import N_, _, current, format_day, format_month

# Telegram's limit is 4096 characters. Room for Telegram counting differently from us (it counts
# UTF-16 code units after parsing; we count characters before parsing, which is never less): a
# margin keeps us safely under.
SAFE_MESSAGE = 4000

# English labels (the msgids); ``status_label`` gives them in the chat's language.
STATUS_LABELS: dict[str, str] = {
    BillStatus.PLANNED: N_("Planned"),
    BillStatus.UNDER_CONSIDERATION: N_("Under consideration"),
    BillStatus.FIRST_READING: N_("Passed the first reading in the Mazhilis"),
    BillStatus.SECOND_READING: N_("Passed the second reading in the Kurultai"),
    BillStatus.ADOPTED_MAZHILIS: N_("Adopted by the Mazhilis"),
    BillStatus.ADOPTED_SENATE: N_("Adopted by Parliament (Senate)"),
    BillStatus.ADOPTED_KURULTAI: N_("Adopted by the Kurultai (third reading)"),
    BillStatus.SIGNED: N_("Signed by the President"),
    BillStatus.IN_FORCE: N_("In force"),
    BillStatus.RETURNED: N_("Returned for revision"),
    BillStatus.REJECTED: N_("Rejected"),
}
# The same inside a sentence ("/bills adopted": "1 bill, adopted by the Mazhilis"): its own
# msgids, since which first letter may fall is the language's business (Kazakh opens with the
# chamber, «Мәжіліс қабылдады», which keeps its capital).
STATUS_WORDS: dict[str, str] = {
    BillStatus.PLANNED: N_("planned"),
    BillStatus.UNDER_CONSIDERATION: N_("under consideration"),
    BillStatus.FIRST_READING: N_("passed the first reading"),
    BillStatus.SECOND_READING: N_("passed the second reading in the Kurultai"),
    BillStatus.ADOPTED_MAZHILIS: N_("adopted by the Mazhilis"),
    BillStatus.ADOPTED_SENATE: N_("adopted by Parliament (Senate)"),
    BillStatus.ADOPTED_KURULTAI: N_("adopted by the Kurultai (third reading)"),
    BillStatus.SIGNED: N_("signed by the President"),
    BillStatus.IN_FORCE: N_("in force"),
    BillStatus.RETURNED: N_("returned for revision"),
    BillStatus.REJECTED: N_("rejected"),
}
STATUS_ICONS: dict[str, str] = {
    BillStatus.PLANNED: "🗓", BillStatus.UNDER_CONSIDERATION: "📝",
    BillStatus.FIRST_READING: "1️⃣", BillStatus.SECOND_READING: "2️⃣",
    BillStatus.ADOPTED_MAZHILIS: "🏛", BillStatus.ADOPTED_SENATE: "🏛",
    BillStatus.ADOPTED_KURULTAI: "🏛", BillStatus.SIGNED: "✍️", BillStatus.IN_FORCE: "✅",
    BillStatus.RETURNED: "↩️", BillStatus.REJECTED: "⛔",
}
# The first reading is either Parliament's: the Mazhilis's until 1 July 2026, then the Kurultai's
# (``era`` True); a date that does not tell which (None) gets the plain words.
_FIRST_READING = {True: N_("Passed the first reading in the Kurultai"),
                  None: N_("Passed the first reading")}


def esc(text: object) -> str:
    """Escape for Telegram HTML text: &, < and >. (No user string ever goes into an attribute.)"""
    return html.escape(str(text), quote=False)


def sentence(text: str) -> str:
    """A reason that starts a reply starts with a capital ("a time is HH:MM…" is also said
    mid-sentence, "I can't follow that: a keyword needs…", so the message keeps its small letter
    and the reply that opens with it raises it). Anything else first (a quote) stays as it is."""
    return text[:1].upper() + text[1:] if text[:1].islower() else text


def cut(text: str, limit: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def show_date(value: PartialDate | dt.date | None) -> str:
    """"13 March 2023", "March 2023", "2023", or "date unknown", in the chat's language
    (Babel's month names: «13 марта 2023 г.», «март 2023 г.»)."""
    if value is None:
        return _("date unknown")
    language = current()
    if isinstance(value, dt.date):
        return format_day(value, language)
    if value.month is None:
        return str(value.year)
    if value.day is None:
        return format_month(value.year, value.month, language)
    return format_day(dt.date(value.year, value.month, value.day), language)


def status_label(status: str, era: bool | None = False) -> str:
    """A status in plain words; ``era`` is ``parliament.stage_era`` of the stage (True: the
    Kurultai's, False: the Parliament of two chambers, None: not known)."""
    label = _FIRST_READING.get(era) if status == "first_reading" else None
    label = label or STATUS_LABELS.get(status)
    return _(label) if label else status


def status_words(status: str) -> str:
    """A status inside a sentence, in plain words (either Parliament's first reading)."""
    words = STATUS_WORDS.get(status)
    return _(words) if words else status


def show_status(status: str, era: bool | None = False) -> str:
    return f"{STATUS_ICONS.get(status, '•')} {status_label(status, era)}"


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
