"""Events: the latest, one event, what happened on a date, search, what is ahead, anniversaries.

Titles, summaries and mentioned phrases are the articles' own words and stay as written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from bot.core import lookup
from bot.core.dates import parse_user_date
from bot.core.digest import ROUND_ANNIVERSARIES, anniversary_years
from bot.core.errors import InputError
from bot.core.glossary import english_query
from bot.core.indexes import Indexes
from bot.core.knowledge import KnowledgeReader
from bot.core.models import Event, Mention, PartialDate
from bot.i18n import _, current, ngettext
from bot.render import Button, Reply, cut, esc, number, quoted, sentence, show_date
from bot.views.callbacks import ItemKind, ListKind, Open, Page, argument_cut
from bot.views.common import bill_title, event_link, page_of, pager, title_label, too_long


def event_line(event: Event) -> str:
    return f"• <b>{show_date(event.date)}</b>: {esc(cut(event.title, 100))} {event_link(event)}"


def events_list(store: KnowledgeReader, count_text: str = "", page: int = 0) -> Reply:
    events = list(reversed(store.all_events()))
    argument = ""  # the count as a number ("+05" is 5): what a button carries stays short
    if count_text.strip():
        try:
            count = int(count_text.strip())
        except ValueError:
            return Reply(_("Send a number of events, e.g. <code>/events 5</code>, or just "
                           "/events."))
        if not 1 <= count <= 100:
            return Reply(_("Ask for 1 to 100 events, e.g. <code>/events 5</code>."))
        events, argument = events[:count], str(count)
    if not events:
        return Reply(_("No events known yet."))
    shown, page, pages = page_of(events, page)
    lines = ["<b>" + _("Latest events") + f"</b> ({len(events)})", ""]
    lines += [event_line(e) for e in shown]
    row = pager(Page(ListKind.EVENTS, argument, page), pages)
    return Reply("\n".join(lines), (row,) if row else ())


def event_card(store: KnowledgeReader, event: Event) -> Reply:
    lines = [f"🗞 <b>{esc(event.title)}</b>", f"{show_date(event.date)}"
             + (f" · {esc(cut(event.source, 120))}" if event.source else ""), ""]
    if event.summary:
        lines += [esc(cut(event.summary, 900)), ""]
    officials = [o for o in (store.get_official(i) for i in event.officials) if o]
    if officials:
        lines.append("<b>" + _("Officials:") + "</b> " + ", ".join(esc(o.name)
                                                                   for o in officials))
    bills = [b for b in (store.get_bill(i) for i in event.bills) if b]
    if bills:
        more = (" " + _("and {count} more").format(count=len(bills) - 20)
                if len(bills) > 20 else "")
        lines.append("<b>" + _("Bills:") + "</b> "
                     + ", ".join(esc(bill_title(b)) for b in bills[:20]) + more)
    if event.mentions:
        lines += ["", "<b>" + _("Dates mentioned") + "</b>"]
        for mention in event.mentions[:10]:
            lines.append(f"• {show_date(mention.date)}: {esc(cut(mention.text, 160))}")
    buttons = [(Button(cut(o.name, 60), Open(ItemKind.OFFICIAL, o.id).pack()),)
               for o in officials[:4]]
    buttons += [(Button(cut(bill_title(b), 60), Open(ItemKind.BILL, b.id).pack()),)
                for b in bills[:4]]
    return Reply("\n".join(lines), tuple(buttons))


def event_lookup(store: KnowledgeReader, query: str) -> Reply:
    query = query.strip()
    if not query:
        return Reply(_("Which event? Send its id, e.g. <code>/event 7571c05ec6</code>; ids are "
                       "in /events."))
    if reply := too_long(query, _("an event id")):
        return reply
    event = store.get_event(query.lower().removeprefix("event_"))
    if event is not None:
        return event_card(store, event)
    hits = [h for h in lookup.search(query, store.all_events(), [], [],
                                        indexes=store.indexes()) if h.kind == "event"]
    shown = esc(cut(query, 40))
    if hits:
        return Reply(_("No event has the id “{query}”. Events that match it:").format(
            query=shown), tuple((Button(cut(h.label, 60), Open(ItemKind.EVENT, h.id).pack()),) for h in hits[:5]))
    return Reply(_("No event has the id “{query}”. See /events for the latest.").format(
        query=shown))


_PRECISION = {"year": 0, "month": 1, "day": 2}


def on_date(store: KnowledgeReader, query: str, page: int = 0) -> Reply:
    query = query.strip()
    if not query:
        return Reply(_("Which date? e.g. <code>/on 13.03.2023</code>, <code>/on March "
                       "2023</code> or <code>/on 2023</code>."))
    if reply := too_long(query, _("a date")):
        return reply
    try:
        period = parse_user_date(query)
    except InputError as error:  # the reason already lists the forms that work (in English)
        if current() == "en":
            return Reply(esc(error))
        return Reply(_("I can't read “{query}” as a date. Try 13.03.2023, 27.11.2023, "
                       "2023-03 or 2023.").format(query=esc(cut(query, 40))))
    start, end = period.start(), period.end()
    spans = _date_spans(store)
    events = [e for s, t, e in spans.events if s <= end and start <= t]
    mentions = [(e, m) for s, t, e, m in spans.mentions if s <= end and start <= t]
    if not events and not mentions:
        return Reply(_("Nothing known for {date}. See /events for what is known.").format(
            date=show_date(period)))

    def vague(date: PartialDate | None) -> bool:
        """Dated less precisely than asked: "2023" for /on 13.03.2023 may or may not be it."""
        return date is not None and _PRECISION[date.precision] < _PRECISION[period.precision]

    # Exact matches first, then, under their own heading, what is known only to a month or year.
    events = [e for e in events if not vague(e.date)] + [e for e in events if vague(e.date)]
    lines = [f"<b>{sentence(show_date(period))}</b>"]
    shown, page, pages = page_of(events, page)
    heading = None
    for event in shown:
        label = "vague" if vague(event.date) else "exact"
        if label != heading:
            heading = label
            # (the date itself is the message's heading: not said again under it)
            lines += ["", "<b>" + (_("Known only to the month or year") if label == "vague"
                                   else _("Events")) + "</b>"]
        lines.append(event_line(event))
    if mentions and page == 0:
        exact = [(e, m) for e, m in mentions if not vague(m.date)]
        loose = [(e, m) for e, m in mentions if vague(m.date)]
        # Named as asked: a year or a month is no "date" ("/on 2023": "Mentioned for 2023").
        for title, group in ((_("Mentioned for {date}").format(date=show_date(period)), exact),
                             (_("Mentioned for the month or year"), loose)):
            if group:
                lines += ["", f"<b>{title}</b>"]
                lines += [f"• {show_date(m.date)}: {esc(cut(m.text, 150))} {event_link(e)}"
                          for e, m in group[:8]]
    row = pager(Page(ListKind.ON_DATE, period.iso(), page), pages)
    return Reply("\n".join(lines), (row,) if row else ())


class _Spans:
    """Each dated event's and mention's first and last day, in the events' order."""

    def __init__(self, events: Sequence[Event], indexes: Indexes) -> None:
        self.events = [(e.date.start(), e.date.end(), e) for e in events if e.date]
        self.mentions = [entry for entries in indexes.each("mention-spans", events, lambda e: [
            (m.date.start(), m.date.end(), e, m) for m in e.mentions]) for entry in entries]


def _date_spans(store: KnowledgeReader) -> _Spans:
    indexes = store.indexes()
    spans: _Spans = indexes.derived("date-spans", store.all_events(),
                                    lambda events: _Spans(events, indexes))
    return spans


ICONS = {"official": "👤", "bill": "📜", "event": "🗞"}


def search(store: KnowledgeReader, query: str, page: int = 0) -> Reply:
    query = query.strip()
    if not query:
        return Reply(_("Search for what? e.g. <code>/search maslikhat</code> or "
                       "<code>/search water</code>."))
    if reply := too_long(query, _("a search")):
        return reply
    # the knowledge is English: «водный кодекс» is searched as "water code" (as in /bill)
    hits = lookup.search(english_query(query), store.all_events(), store.all_officials(),
                         store.all_bills(), limit=40, indexes=store.indexes())
    if not hits:
        return Reply(_("Nothing found for “{query}”. Try fewer or other words, or browse "
                       "/officials, /bills and /events.").format(query=esc(cut(query, 80))))
    shown, page, pages = page_of(hits, page)
    found = ngettext("{n} found", "{n} found", len(hits)).format(n=number(len(hits)))
    lines = ["<b>" + _("Search:") + f"</b> {quoted(esc(cut(query, 80)))} ({found})", ""]
    for hit in shown:
        lines.append(f"{ICONS[hit.kind]} {esc(cut(title_label(hit.label), 100))}")
    # a query a button cannot carry whole is not paged (its buttons open cards without Back)
    back = (Page(ListKind.SEARCH, query, page)
            if query == argument_cut(query) and ":" not in query else None)
    buttons = [(Button(f"{ICONS[h.kind]} {cut(title_label(h.label), 56)}",
                       Open(ItemKind(h.kind[0]), h.id, back).pack()),)
               for h in shown]
    row = pager(back, pages) if back else ()
    return Reply("\n".join(lines), (*buttons, row) if row else tuple(buttons))


# --------------------------------------------------------------------------- dates ahead

def upcoming_mentions(store: KnowledgeReader, today: dt.date,
                      horizon: dt.date | None = None) -> list[tuple[Event, Mention]]:
    """Dated mentions whose period has not ended by ``today``, soonest first."""
    return [(event, mention) for start, end, event, mention in _dated_mentions(store)
            if end >= today and (horizon is None or start <= horizon)]


def _dated_mentions(store: KnowledgeReader) -> list[tuple[dt.date, dt.date, Event, Mention]]:
    """Every dated mention, soonest first (ties in the events' order); derived once per list.

    Filtering this keeps the order that sorting the filtered mentions would give.
    """
    indexes = store.indexes()

    def build(items: Sequence[Event]) -> list[tuple[dt.date, dt.date, Event, Mention]]:
        found = [entry for entries in indexes.each("dated-mentions", items, lambda e: [
            (m.date.start(), m.date.end(), e, m) for m in e.mentions if m.kind == "dated"])
            for entry in entries]
        found.sort(key=lambda entry: entry[3].date.sort_key())
        return found

    result: list[tuple[dt.date, dt.date, Event, Mention]] = indexes.derived(
        "dated-mentions", store.all_events(), build)
    return result


def upcoming(store: KnowledgeReader, today: dt.date, page: int = 0) -> Reply:
    found = upcoming_mentions(store, today)
    if not found:
        return Reply(_("Nothing dated ahead of {date} in the articles so far.").format(
            date=show_date(today)))
    shown, page, pages = page_of(found, page)
    lines = [_("<b>Coming up</b> (from {date})").format(date=show_date(today)), ""]
    for event, mention in shown:
        lines.append(f"• <b>{show_date(mention.date)}</b>: {esc(cut(mention.text, 200))} "
                     f"{event_link(event)}")
    row = pager(Page(ListKind.UPCOMING, page=page), pages)
    return Reply("\n".join(lines), (row,) if row else ())


def anniversaries(store: KnowledgeReader, today: dt.date) -> list[tuple[Event, int]]:
    """Events of this day in earlier years; 29 February is remembered on 28 February."""
    by_day = _calendar(store).by_day
    # Only events of this month and day can be its anniversary (and 29 February's, on 28
    # February of a common year): ``anniversary_years`` decides, as for every event.
    candidates = [*by_day.get((today.month, today.day), ()), *by_day.get((2, 29), ())] \
        if (today.month, today.day) == (2, 28) else by_day.get((today.month, today.day), [])
    found = []
    for _at, event in sorted(candidates, key=lambda c: c[0]):
        assert event.date is not None
        years = anniversary_years(event.date.start(), today)
        if years:
            found.append((event, years))
    return found


class _Calendar:
    """Day-precise events by (month, day), and stated anniversaries by year, in events' order."""

    def __init__(self, events: Sequence[Event]) -> None:
        self.by_day: dict[tuple[int, int], list[tuple[int, Event]]] = {}
        self.stated: dict[int, list[tuple[Event, Mention]]] = {}
        for at, event in enumerate(events):
            date = event.date
            if date is not None and date.precision == "day":
                assert date.month is not None and date.day is not None
                self.by_day.setdefault((date.month, date.day), []).append((at, event))
            for mention in event.mentions:
                if mention.kind == "anniversary":
                    self.stated.setdefault(mention.date.year, []).append((event, mention))


def _calendar(store: KnowledgeReader) -> _Calendar:
    result: _Calendar = store.indexes().derived("calendar", store.all_events(), _Calendar)
    return result


def years_ago(years: int) -> str:
    text = ngettext("{n} year ago today", "{n} years ago today", years).format(n=years)
    return f"🎉 {text}" if years in ROUND_ANNIVERSARIES else text


def today_view(store: KnowledgeReader, today: dt.date) -> Reply:
    found = anniversaries(store, today)
    stated = _calendar(store).stated.get(today.year, [])
    if not found and not stated:
        return Reply(_("No anniversaries on {date}. See /upcoming for what is ahead.").format(
            date=show_date(today)))
    lines = [_("<b>On this day</b>, {date}").format(date=show_date(today)), ""]
    for event, years in found:
        lines.append(f"• {years_ago(years)}: {esc(cut(event.title, 120))} {event_link(event)}")
    if stated:
        lines += ["", "<b>" + _("Anniversaries of {year}").format(year=today.year) + "</b>"]
        for event, mention in stated:
            lines.append(f"• {esc(cut(mention.text, 200))} {event_link(event)}")
    return Reply("\n".join(lines))
