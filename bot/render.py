"""Models -> Telegram HTML: escaped, dated the way people here read dates, split under 4096.

Every string that comes from a user or an article goes through ``esc`` before it is put into
HTML. Each line of a reply is self-contained (no tag spans a line break), so splitting between
lines never cuts a tag in half.
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass, field

from babel.numbers import format_decimal

from bot.core import kazakh
from bot.core.models import BillStatus, PartialDate
from bot.i18n import DATE_CASES, N_, _, current, date_cases, format_day, format_month

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
    # Since the 2022 reform the Senate approves the laws the Mazhilis adopts
    BillStatus.ADOPTED_SENATE: N_("Approved by the Senate"),
    BillStatus.ADOPTED_KURULTAI: N_("Adopted by the Kurultai in the third reading"),
    BillStatus.SIGNED: N_("Signed by the President"),
    BillStatus.IN_FORCE: N_("In force"),
    BillStatus.RETURNED: N_("Returned for revision"),
    BillStatus.REJECTED: N_("Rejected"),
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


# Quotation marks around a user's words: “…” in English, «…» in Russian and Kazakh.
QUOTED = N_("“{text}”")


def quoted(text: str) -> str:
    """``text`` (HTML already) between the quotation marks of the chat's language."""
    return _(QUOTED).format(text=text)


def number(n: int) -> str:
    """1,499 / «1 499»: grouped as the chat's language writes numbers (Babel)."""
    return format_decimal(n, locale=current())


def sentence(text: str) -> str:
    """A reason that starts a reply starts with a capital ("a time is HH:MM…" is also said
    mid-sentence, "I can't follow that: a keyword needs…", so the message keeps its small letter
    and the reply that opens with it raises it); so does a heading («ноябрь 2023 г.» heading a
    page: «Ноябрь 2023 г.»). Anything else first (a quote) stays as it is."""
    return text[:1].upper() + text[1:] if text[:1].islower() else text


def cut(text: str, limit: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


class ShownDate(str):
    """A date as shown (its nominative), which a template can ask for in a case: a translation
    puts it after a preposition or before a postposition as the grammar wants («с {date:gen}»,
    «{date:abl} бастап»); ``bot.i18n.date_cases`` makes the forms."""

    cases: dict[str, str]

    def __new__(cls, text: str, cases: tuple[tuple[str, str], ...] = ()) -> ShownDate:
        shown = super().__new__(cls, text)
        shown.cases = dict(cases)
        return shown

    def __format__(self, spec: str) -> str:
        if spec in DATE_CASES:
            return self.cases.get(spec, str(self))
        return format(str(self), spec)


def show_date(value: PartialDate | dt.date | None) -> ShownDate:
    """"13 March 2023", "March 2023", "2023", or "date unknown", in the chat's language
    (Babel's month names: «13 марта 2023 г.», «март 2023 г.»), with its cases."""
    if value is None:
        return ShownDate(_("date unknown"))
    language = current()
    if isinstance(value, dt.date):
        value = PartialDate(value.year, value.month, value.day)
    cases = date_cases(value.year, value.month, value.day, language)
    if value.month is None:
        return ShownDate(str(value.year), cases)
    if value.day is None:
        return ShownDate(format_month(value.year, value.month, language), cases)
    return ShownDate(format_day(dt.date(value.year, value.month, value.day), language), cases)


def declinable(text: str) -> ShownDate:
    """A time as text ("2026-12-06 14:30") a template can ask in a case: in Kazakh its last
    number takes the ending («14:30-ға дейін»); Russian and English put it as it is."""
    if current() != "kk":
        return ShownDate(text)
    return ShownDate(text, (("dat", kazakh.in_case(text, "dative")),
                            ("abl", kazakh.in_case(text, "ablative")),
                            ("loc", kazakh.in_case(text, "locative"))))


def status_label(status: str, era: bool | None = False) -> str:
    """A status in plain words; ``era`` is ``parliament.stage_era`` of the stage (True: the
    Kurultai's, False: the Parliament of two chambers, None: not known)."""
    label = _FIRST_READING.get(era) if status == "first_reading" else None
    label = label or STATUS_LABELS.get(status)
    return _(label) if label else status


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
