"""The ``/calendar`` file: upcoming dated mentions and anniversaries as iCalendar (RFC 5545).

Written in the current language (``bot.i18n``): what the bot says itself (the calendar's name,
"From:", "N years since:") and dates are translated; mentions and titles stay as the articles
give them."""

from __future__ import annotations

import datetime as dt
import hashlib
from zoneinfo import ZoneInfo

from bot.core.digest import anniversary_years
from bot.core.knowledge import KnowledgeReader
from bot.core.models import Event, Mention
from bot.core.text import fold
from bot.i18n import _, current, ngettext
from bot.render import show_date
from bot.views import upcoming_mentions

HORIZON_DAYS = 366  # each event's next anniversary falls within it


def calendar_file(store: KnowledgeReader, today: dt.date, tz: ZoneInfo) -> tuple[bytes, int]:
    """The .ics bytes and how many entries it has (all-day entries: no time zone surprises)."""
    # imported here: every command builds the handlers, few of them ask for a calendar
    from icalendar import Calendar
    from icalendar import Event as IcsEvent

    cal = Calendar()
    cal.add("prodid", "-//kz-parliament-bot//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", _("Kazakhstan Parliament"))
    cal.add("x-wr-language", current())
    cal.add("x-wr-timezone", str(tz))
    count = 0
    # Every date /upcoming lists, however far ahead ("by 2029"): the calendar is the same list.
    for event, mention in upcoming_mentions(store, today):
        start = max(mention.date.start(), today)
        entry = IcsEvent()
        entry.add("uid", _uid("m", event.id, mention.date.iso(), mention.text))
        entry.add("summary", mention_summary(store, event, mention))
        entry.add("description", mention.text + "\n\n" + _("From: {title}, {date}").format(
            title=event.title, date=show_date(event.date))
            + (f" ({event.source})" if event.source else ""))
        entry.add("dtstart", start)
        entry.add("dtend", mention.date.end() + dt.timedelta(days=1))
        entry.add("dtstamp", dt.datetime.now(dt.UTC))
        cal.add_component(entry)
        count += 1
    for event in store.all_events():
        if event.date is None or event.date.precision != "day":
            continue
        for offset in range(HORIZON_DAYS):
            day = today + dt.timedelta(days=offset)
            years = anniversary_years(event.date.start(), day)
            if years:
                entry = IcsEvent()
                entry.add("uid", _uid("a", event.id, day.isoformat(), ""))
                entry.add("summary", ngettext("{n} year since: {title}", "{n} years since: {title}",
                                              years).format(n=years,
                                                            title=" ".join(event.title.split())))
                entry.add("description", f"{event.title}, {show_date(event.date)}"
                                         + (f" ({event.source})" if event.source else ""))
                entry.add("dtstart", day)
                entry.add("dtend", day + dt.timedelta(days=1))
                entry.add("dtstamp", dt.datetime.now(dt.UTC))
                cal.add_component(entry)
                count += 1
                break
    return cal.to_ical(), count


def mention_summary(store: KnowledgeReader, event: Event, mention: Mention) -> str:
    """An entry that stands alone in a calendar, uncut: "The Code will enter into force on ..."
    says which code when the article's bills are not named in the sentence itself."""
    text = " ".join(mention.text.split())
    bills = [b for b in (store.get_bill(i) for i in event.bills) if b is not None]
    folded = fold(text)
    if bills and not any(fold(b.display_title) in folded for b in bills):
        if len(bills) <= 2:
            return " / ".join(b.display_title for b in bills) + f": {text}"
        return f"{text} ({' '.join(event.title.split())})"
    return text


def _uid(kind: str, event_id: str, date: str, text: str) -> str:
    digest = hashlib.sha256(f"{kind}|{event_id}|{date}|{text}".encode()).hexdigest()[:16]
    return f"{digest}@kz-parliament-bot"
