"""What the bot answers to each lookup command, as ``Reply`` objects: no Telegram here.

Handlers pass the command's argument and get back HTML text and buttons; the same functions serve
the live bot, ``python -m bot reply`` and the benchmarks. Callback data is short and
self-describing (``b:water-code``, ``bl:planned:2``) so a button still works after a restart.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import TypeVar

from bot.core import lookup
from bot.core.dates import parse_user_date
from bot.core.digest import ROUND_ANNIVERSARIES, Digest, Follow, Reminder, anniversary_years
from bot.core.knowledge import KnowledgeReader
from bot.core.models import (
    STATUSES,
    Bill,
    BillStage,
    Event,
    Mention,
    Official,
    PartialDate,
    Position,
)
from bot.core.schedule import ChatSettings
from bot.core.text import fold
from bot.render import STATUS_LABELS, Button, Reply, cut, esc, show_date, show_status

PAGE = 8
# A list this long or shorter is sent whole if its text fits in one message.
WHOLE_LIST_ITEMS = 40
MAX_QUERY = 200  # longer arguments are not names, titles or dates
T = TypeVar("T")


def event_link(event: Event) -> str:
    return f"/event_{event.id}"


def _too_long(query: str, what: str) -> Reply | None:
    if len(query) > MAX_QUERY:
        return Reply(f"That is {len(query):,} characters: too long for {what}. "
                     f"Try a few words, e.g. <code>/search water code</code>.")
    return None


def _pager(prefix: str, page: int, pages: int) -> tuple[Button, ...]:
    """Prev / page x of y / Next: the buttons that edit a long list in place."""
    if pages <= 1:
        return ()
    row = []
    if page > 0:
        row.append(Button("‹ Prev", f"{prefix}:{page - 1}"))
    row.append(Button(f"{page + 1} / {pages}", "noop"))
    if page < pages - 1:
        row.append(Button("Next ›", f"{prefix}:{page + 1}"))
    return tuple(row)


def _page(items: Sequence[T], page: int) -> tuple[Sequence[T], int, int]:
    pages = max(1, (len(items) + PAGE - 1) // PAGE)
    page = min(max(page, 0), pages - 1)
    return items[page * PAGE:(page + 1) * PAGE], page, pages


# --------------------------------------------------------------------------- officials

def current_title(official: Official, officials: Sequence[Official] | None = None) -> str:
    """What the official holds now; with ``officials`` (everyone known), an open term in a
    one-person office that someone else was seen taking over later counts as former."""
    current = official.current_positions
    if officials is not None:
        index = lookup.office_index(officials)
        current = tuple(p for p in current if index.is_current(official.id, p.title))
    if current:
        return ", ".join(p.title for p in current)
    if official.positions:
        return f"formerly {official.positions[-1].title}"
    return "position not reported"


def officials_list(store: KnowledgeReader, page: int = 0) -> Reply:
    officials = sorted(store.all_officials(), key=lambda o: o.name.split()[-1])
    if not officials:
        return Reply("No officials known yet.")
    shown, page, pages = _page(officials, page)
    lines = [f"<b>Who is who</b> ({len(officials)} officials)", ""]
    for official in shown:
        lines.append(f"• <b>{esc(official.name)}</b>: "
                     f"{esc(current_title(official, store.all_officials()))}")
    lines += ["", "Tap a name for the card, or send <code>/official NAME</code>."]
    buttons = [(Button(o.name, with_back(f"o:{o.id}", f"ol:{page}")),) for o in shown]
    pager = _pager("ol", page, pages)
    return Reply("\n".join(lines), (*buttons, pager) if pager else tuple(buttons))


def position_span(position: Position) -> str:
    """When the office was held, as far as the texts say: "since <date>" only for a stated
    start; otherwise "seen in office from <first> to <last>"; a stated end as "until <date>"."""
    since, until = position.since, position.until
    first, last = position.first_seen, position.last_seen
    if since is not None:
        if until is not None:
            return f"{show_date(since)} – {show_date(until)}"
        notes = []
        if first is not None and first.start() < since.start():
            notes.append(f"in office already {_on(first)}")
        if last is not None and last.end() > since.end():
            notes.append(f"last seen in office {_on(last)}")
        if position.ended_by is not None:
            notes.append(f"left by {show_date(position.ended_by)}")
        return f"since {show_date(since)}" + (f" ({'; '.join(notes)})" if notes else "")
    parts = []
    if first is not None and last is not None:
        parts.append(f"seen in office {_on(first)}" if first == last
                     else f"seen in office from {show_date(first)} to {show_date(last)}")
    if until is not None:
        parts.append(f"until {show_date(until)}")
    elif position.ended_by is not None:
        parts.append(f"a former post by {show_date(position.ended_by)}")
    return "; ".join(parts) or "dates not reported"


def _on(date: PartialDate) -> str:
    """ "on 10 March 2022", "in March 2022", "in 2022"."""
    return f"{'on' if date.precision == 'day' else 'in'} {show_date(date)}"


def _source_line(store: KnowledgeReader, event_id: str | None, label: str = "from") -> str | None:
    """ "from: <event title>, <event date> /event_<id>": where a fact was read."""
    event = store.get_event(event_id) if event_id else None
    if event is None:
        return None
    return (f"   <i>{label}: {esc(cut(event.title, 80))}, {show_date(event.date)}</i> "
            f"{event_link(event)}")


def _position_lines(store: KnowledgeReader, position: Position, title: str) -> list[str]:
    lines = [f"• {title}: {position_span(position)}"]
    start = position.event or position.last_event
    for event_id, label in ((start, "from"), (position.until_event, "ended")):
        if label == "ended" and event_id == start:
            continue
        line = _source_line(store, event_id, label)
        if line:
            lines.append(line)
    return lines


def question(store: KnowledgeReader, text: str) -> Reply:
    """Plain text in a private chat: "who is the president?" answers from the office index,
    "who is Ashimbayev?" with the card of the one official it names; anything else is a search."""
    asked = lookup.office_question(text)
    if asked is not None and len(text) <= MAX_QUERY:
        answer = office_lookup(store, text)
        if answer is not None:
            return answer
        found = lookup.find_official(asked, store.all_officials())
        if found.kind == "found":
            return official_card(store, found.items[0])
    return search(store, text)


def official_card(store: KnowledgeReader, official: Official) -> Reply:
    lines = [f"👤 <b>{esc(official.name)}</b>"]
    others = [a for a in official.aliases if a != official.name]
    if others:
        lines.append(f"<i>Also written: {esc(cut(', '.join(others), 300))}</i>")
    lines += ["", "<b>Positions</b>"]
    if not official.positions:
        lines.append("• not reported")
    for position in reversed(official.positions):
        lines += _position_lines(store, position, esc(position.title))
    events = _events_by_official(store.all_events()).get(official.id, [])
    lines += ["", f"<b>In the news</b> ({len(events)})"]
    for event in events[:15]:
        lines.append(f"• {show_date(event.date)}: {esc(cut(event.title, 90))} {event_link(event)}")
    if len(events) > 15:
        lines.append(f"… and {len(events) - 15} more: <code>/search {esc(official.name)}</code>")
    buttons = ((Button("🔔 Follow", f"f:o:{official.id}"),),)
    return Reply("\n".join(lines), buttons)


def office_card(store: KnowledgeReader, office: str) -> Reply:
    """Who holds ``office`` now and who held it before, from the office index."""
    holders = lookup.office_index(store.all_officials()).holders(office)
    lines = [f"🏛 <b>{esc(office)}</b>", ""]
    if holders.current:
        lines.append("<b>Now</b>, as far as the articles tell:")
        for term in holders.current:
            lines += _position_lines(store, term.position, f"<b>{esc(term.official.name)}</b>")
    else:
        lines.append("<b>Now:</b> not known from the articles (nobody seen in office after the "
                     "latest change).")
    if holders.before:
        lines += ["", "<b>Before</b>"]
        for term in holders.before[:10]:
            lines += _position_lines(store, term.position, esc(term.official.name))
        if len(holders.before) > 10:
            lines.append(f"… and {len(holders.before) - 10} more")
    people = [t.official for t in (*holders.current, *holders.before[:4])]
    buttons = tuple((Button(cut(o.name, 60), f"o:{o.id}"),)
                    for o in dict((o.id, o) for o in people).values())
    return Reply("\n".join(lines), buttons)


def office_lookup(store: KnowledgeReader, query: str) -> Reply | None:
    """The answer to an office ("speaker of the senate", "who is the president?"): its card,
    or, for an office nobody known holds, a plain "not known" with the nearest offices. None
    when the words do not name an office."""
    title = lookup.office_title(query)
    if title is None:
        return None
    index = lookup.office_index(store.all_officials())
    office = index.resolve(query)
    if office is not None:
        return office_card(store, office)
    nearest = index.nearest(query)
    text = f"Nobody known holds the office of {esc(title)}: no article read so far names one."
    if nearest:
        text += " Offices I know that come close: " + ", ".join(esc(o) for o in nearest) + "."
    else:
        text += " See /officials for the offices I know."
    buttons = tuple((Button(cut(o, 60), f"of:{o}"),) for o in nearest
                    if len(f"of:{o}".encode()) <= 64)
    return Reply(text, buttons)


def _events_by_official(events: Sequence[Event]) -> dict[str, list[Event]]:
    """Official id -> the events that name them, latest first (derived once per event list)."""
    def build(items: Sequence[Event]) -> dict[str, list[Event]]:
        found: dict[str, list[Event]] = {}
        for event in reversed(items):
            for official_id in dict.fromkeys(event.officials):
                found.setdefault(official_id, []).append(event)
        return found

    result: dict[str, list[Event]] = lookup.derived("events-by-official", events, build)
    return result


def official_lookup(store: KnowledgeReader, query: str) -> Reply:
    query = query.strip()
    if not query:
        return Reply("Whom are you looking for? Send a name, e.g. "
                     "<code>/official Ashimbayev</code>, or an office, e.g. "
                     "<code>/official speaker of the senate</code>; /officials for everyone.")
    if reply := _too_long(query, "a name"):
        return reply
    # An office known by that name answers with its holders ("/official prime minister").
    office = lookup.office_index(store.all_officials()).resolve(query)
    if office is not None:
        return office_card(store, office)
    found = lookup.find_official(query, store.all_officials())
    if found.kind == "found":
        return official_card(store, found.items[0])
    if found.kind == "none" and (by_office := office_lookup(store, query)) is not None:
        return by_office
    return _choices(found.kind, found.items, query, "official", "o",
                    lambda o: f"{o.name} ({current_title(o)})", "/officials")


def _choices(kind: str, items: Sequence[T], query: str, what: str, prefix: str,
             label: Callable[[T], str], see_all: str) -> Reply:
    buttons = tuple((Button(cut(label(item), 60), f"{prefix}:{item.id}"),)  # type: ignore[attr-defined]
                    for item in items)
    if kind == "choices":
        return Reply(f"Several {what}s match “{esc(cut(query, 80))}”. Which one?", buttons)
    if items:
        return Reply(f"No {what} matches “{esc(cut(query, 80))}”. Did you mean:", buttons)
    return Reply(f"No {what} matches “{esc(cut(query, 80))}”. See {see_all} for the full list, "
                 f"or try <code>/search {esc(cut(query, 40))}</code>.")


# --------------------------------------------------------------------------- bills

# What people call each stage: "/bills adopted", "/bills in force", "/bills first reading".
STATUS_WORDS: dict[str, tuple[str, ...]] = {
    "adopted": ("adopted_mazhilis", "adopted_senate"),
    "passed": ("adopted_mazhilis", "adopted_senate"),
    "adopted by the mazhilis": ("adopted_mazhilis",), "mazhilis": ("adopted_mazhilis",),
    "adopted by the senate": ("adopted_senate",), "senate": ("adopted_senate",),
    "approved": ("adopted_senate",),
    "signed": ("signed",), "signed into law": ("signed",),
    "in force": ("in_force",), "effective": ("in_force",), "enacted": ("in_force",),
    "planned": ("planned",), "plans": ("planned",), "plan": ("planned",),
    "under consideration": ("under_consideration",), "considered": ("under_consideration",),
    "pending": ("under_consideration",), "draft": ("under_consideration",),
    "first reading": ("first_reading",), "1st reading": ("first_reading",),
    "returned": ("returned",), "rejected": ("rejected",),
}


def statuses_from_text(text: str) -> tuple[str, ...]:
    """The statuses a user's words name (plain words or the export's keys); () for none."""
    folded = " ".join(fold(text).replace("_", " ").split())
    folded = folded.removeprefix("bills ").removesuffix(" bills")
    if not folded:
        return ()
    if folded in STATUS_WORDS:
        return STATUS_WORDS[folded]
    key = folded.replace(" ", "_")
    for status in STATUSES:
        if status == key or status.startswith(key):
            return (status,)
    spaced = folded.replace(" by ", " ").replace(" the ", " ")
    found = tuple(s for s in STATUSES if spaced.replace(" ", "_") in s)
    return found


def _bills_in_order(bills: Sequence[Bill]) -> list[tuple[Bill, str]]:
    """Bills with their status, furthest along first, then by title (derived once per list).

    Filtering this by status keeps the order sorting the filtered bills would give (the sort is
    stable), so every ``/bills STATUS`` shares it.
    """
    def build(items: Sequence[Bill]) -> list[tuple[Bill, str]]:
        order = {s: i for i, s in enumerate(STATUSES)}
        pairs = [(b, b.status) for b in items]
        pairs.sort(key=lambda p: (-order.get(p[1], 0), p[0].display_title))
        return pairs

    result: list[tuple[Bill, str]] = lookup.derived("bills-in-order", bills, build)
    return result


def bills_list(store: KnowledgeReader, status_query: str = "", page: int = 0) -> Reply:
    ordered = _bills_in_order(store.all_bills())
    statuses: tuple[str, ...] = ()
    query = " ".join(status_query.split())
    if query and query != "-":
        if reply := _too_long(query, "a status"):
            return reply
        statuses = statuses_from_text(query)
        if not statuses:
            return Reply(f"“{esc(cut(query, 60))}” is not a bill status. Try one of: "
                         "<code>planned</code>, <code>under consideration</code>, "
                         "<code>first reading</code>, <code>adopted</code>, <code>signed</code>, "
                         "<code>in force</code>, <code>returned</code>, <code>rejected</code>.")
    bills = [b for b, s in ordered if not statuses or s in statuses]
    named = " or ".join(STATUS_LABELS.get(s, s).lower() for s in statuses)
    if not bills:
        return Reply(f"No bills {esc(named)} yet. /bills lists every bill." if statuses
                     else "No bills known yet.")
    key = cut(fold(query), 30) if statuses else "-"

    def render(shown: Sequence[Bill], page: int, pages: int) -> Reply:
        lines = [f"<b>Bills</b> ({len(bills)}" + (f", {esc(named)}" if statuses else "") + ")"]
        current = None
        for bill in shown:
            if bill.status != current:
                current = bill.status
                lines += ["", f"<b>{show_status(bill.status)}</b>"]
            lines.append(f"• {esc(bill.display_title)} <i>({esc(bill.kind)})</i>")
        lines += ["", "Tap a bill for its history, or send <code>/bill NAME</code>."]
        back = f"bl:{key}:{page}"
        buttons = [(Button(cut(b.display_title, 60), with_back(f"b:{b.id}", back)),)
                   for b in shown]
        pager = _pager(f"bl:{key}", page, pages)
        return Reply("\n".join(lines), (*buttons, pager) if pager else tuple(buttons))

    return _whole_or_paged(bills, page, render)


def _whole_or_paged(items: Sequence[T], page: int,
                    render: Callable[[Sequence[T], int, int], Reply]) -> Reply:
    """The whole list in one message when it fits (nothing hidden behind "Next"), else pages."""
    if len(items) <= WHOLE_LIST_ITEMS:
        whole = render(items, 0, 1)
        if len(whole.messages()) == 1:
            return whole
    shown, page, pages = _page(items, page)
    return render(shown, page, pages)


def with_back(data: str, back: str) -> str:
    """An item's button that remembers its list (``b:water-code|bl:-:0``), when that fits in
    Telegram's 64 bytes: the card it opens then has a Back button to the list."""
    both = f"{data}|{back}"
    return both if len(both.encode()) <= 64 else data


def bill_card(store: KnowledgeReader, bill: Bill) -> Reply:
    lines = [f"📜 <b>{esc(bill.display_title)}</b>",
             f"{esc(bill.kind.capitalize())} · {show_status(bill.status)}", "", "<b>History</b>"]
    if not bill.history:
        lines.append("• mentioned, stage not reported")
    for stage in reversed(bill.history):
        lines.append(f"• {show_date(stage.date)}: {show_status(stage.status)}.")
        source = _source_line(store, stage.event)
        if source:
            lines.append(source)
    buttons = ((Button("🔔 Follow", f"f:b:{bill.id}"),),)
    return Reply("\n".join(lines), buttons)


def bill_lookup(store: KnowledgeReader, query: str) -> Reply:
    query = query.strip()
    if not query:
        return Reply("Which bill? Send part of its name, e.g. <code>/bill water code</code>, or "
                     "see /bills for all of them.")
    if reply := _too_long(query, "a bill's name"):
        return reply
    found = lookup.find_bill(query, store.all_bills())
    if found.kind == "found":
        return bill_card(store, found.items[0])
    return _choices(found.kind, found.items, query, "bill", "b",
                    lambda b: f"{b.display_title} ({b.status.replace('_', ' ')})", "/bills")


# --------------------------------------------------------------------------- events

def _event_line(event: Event) -> str:
    return f"• <b>{show_date(event.date)}</b>: {esc(cut(event.title, 100))} {event_link(event)}"


def events_list(store: KnowledgeReader, count_text: str = "", page: int = 0) -> Reply:
    events = list(reversed(store.all_events()))
    if count_text.strip():
        try:
            count = int(count_text.strip())
        except ValueError:
            return Reply("Send a number of events, e.g. <code>/events 5</code>, or just /events.")
        if not 1 <= count <= 100:
            return Reply("Ask for 1 to 100 events, e.g. <code>/events 5</code>.")
        events = events[:count]
    if not events:
        return Reply("No events known yet.")
    shown, page, pages = _page(events, page)
    lines = [f"<b>Latest events</b> ({len(events)})", ""] + [_event_line(e) for e in shown]
    pager = _pager(f"el:{count_text.strip() or '-'}", page, pages)
    return Reply("\n".join(lines), (pager,) if pager else ())


def event_card(store: KnowledgeReader, event: Event) -> Reply:
    lines = [f"🗞 <b>{esc(event.title)}</b>", f"{show_date(event.date)}"
             + (f" · {esc(cut(event.source, 120))}" if event.source else ""), ""]
    if event.summary:
        lines += [esc(cut(event.summary, 900)), ""]
    officials = [o for o in (store.get_official(i) for i in event.officials) if o]
    if officials:
        lines.append("<b>Officials:</b> " + ", ".join(esc(o.name) for o in officials))
    bills = [b for b in (store.get_bill(i) for i in event.bills) if b]
    if bills:
        lines.append("<b>Bills:</b> " + ", ".join(esc(b.display_title) for b in bills[:20])
                     + (f" and {len(bills) - 20} more" if len(bills) > 20 else ""))
    if event.mentions:
        lines += ["", "<b>Dates mentioned</b>"]
        for mention in event.mentions[:10]:
            lines.append(f"• {show_date(mention.date)}: {esc(cut(mention.text, 160))}")
    buttons = [(Button(cut(o.name, 60), f"o:{o.id}"),) for o in officials[:4]]
    buttons += [(Button(cut(b.display_title, 60), f"b:{b.id}"),) for b in bills[:4]]
    return Reply("\n".join(lines), tuple(buttons))


def event_lookup(store: KnowledgeReader, query: str) -> Reply:
    query = query.strip()
    if not query:
        return Reply("Which event? Send its id, e.g. <code>/event 7571c05ec6</code>; ids are in "
                     "/events.")
    if reply := _too_long(query, "an event id"):
        return reply
    event = store.get_event(query.lower().removeprefix("event_"))
    if event is not None:
        return event_card(store, event)
    hits = [h for h in lookup.search(query, store.all_events(), [], []) if h.kind == "event"]
    if hits:
        return Reply(f"No event has the id “{esc(cut(query, 40))}”. Events that match it:",
                     tuple((Button(cut(h.label, 60), f"e:{h.id}"),) for h in hits[:5]))
    return Reply(f"No event has the id “{esc(cut(query, 40))}”. See /events for the latest.")


def on_date(store: KnowledgeReader, query: str, page: int = 0) -> Reply:
    query = query.strip()
    if not query:
        return Reply("Which date? e.g. <code>/on 13.03.2023</code>, <code>/on March 2023</code> "
                     "or <code>/on 2023</code>.")
    if reply := _too_long(query, "a date"):
        return reply
    try:
        period = parse_user_date(query)
    except ValueError as error:  # the reason already lists the forms that work
        return Reply(esc(error))
    start, end = period.start(), period.end()
    spans = _date_spans(store.all_events())
    events = [e for s, t, e in spans.events if s <= end and start <= t]
    mentions = [(e, m) for s, t, e, m in spans.mentions if s <= end and start <= t]
    if not events and not mentions:
        return Reply(f"Nothing known for {show_date(period)}. See /events for what is known.")

    def vague(date: PartialDate | None) -> bool:
        """Dated less precisely than asked: "2023" for /on 13.03.2023 may or may not be it."""
        return date is not None and _PRECISION[date.precision] < _PRECISION[period.precision]

    # Exact matches first, then, under their own heading, what is known only to a month or year.
    events = [e for e in events if not vague(e.date)] + [e for e in events if vague(e.date)]
    lines = [f"<b>{show_date(period)}</b>"]
    shown, page, pages = _page(events, page)
    heading = None
    for event in shown:
        label = "vague" if vague(event.date) else "exact"
        if label != heading:
            heading = label
            lines += ["", "<b>Known only to the month or year</b>" if label == "vague"
                      else f"<b>Dated {_on(period)}</b>"]
        lines.append(_event_line(event))
    if mentions and page == 0:
        exact = [(e, m) for e, m in mentions if not vague(m.date)]
        loose = [(e, m) for e, m in mentions if vague(m.date)]
        for title, group in (("Mentioned for this date", exact),
                             ("Mentioned for the month or year", loose)):
            if group:
                lines += ["", f"<b>{title}</b>"]
                lines += [f"• {show_date(m.date)}: {esc(cut(m.text, 150))} {event_link(e)}"
                          for e, m in group[:8]]
    pager = _pager(f"on:{period.iso()}", page, pages)
    return Reply("\n".join(lines), (pager,) if pager else ())


_PRECISION = {"year": 0, "month": 1, "day": 2}


class _Spans:
    """Each dated event's and mention's first and last day, in the events' order."""

    def __init__(self, events: Sequence[Event]) -> None:
        self.events = [(e.date.start(), e.date.end(), e) for e in events if e.date]
        self.mentions = [(m.date.start(), m.date.end(), e, m) for e in events for m in e.mentions]


def _date_spans(events: Sequence[Event]) -> _Spans:
    spans: _Spans = lookup.derived("date-spans", events, _Spans)
    return spans


def search(store: KnowledgeReader, query: str, page: int = 0) -> Reply:
    query = query.strip()
    if not query:
        return Reply("Search for what? e.g. <code>/search maslikhat</code> or "
                     "<code>/search water</code>.")
    if reply := _too_long(query, "a search"):
        return reply
    hits = lookup.search(query, store.all_events(), store.all_officials(), store.all_bills(),
                         limit=40)
    if not hits:
        return Reply(f"Nothing found for “{esc(cut(query, 80))}”. Try fewer or other words, or "
                     "browse /officials, /bills and /events.")
    shown, page, pages = _page(hits, page)
    icons = {"official": "👤", "bill": "📜", "event": "🗞"}
    lines = [f"<b>Search:</b> “{esc(cut(query, 80))}” ({len(hits)} found)", ""]
    for hit in shown:
        lines.append(f"{icons[hit.kind]} {esc(cut(hit.label, 100))}")
    encoded = query.encode()[:40].decode(errors="ignore")
    paged_here = len(query.encode()) <= 40 and ":" not in query
    back = f"sr:{encoded}:{page}"
    buttons = [(Button(f"{icons[h.kind]} {cut(h.label, 56)}",
                       with_back(f"{h.kind[0]}:{h.id}", back) if paged_here
                       else f"{h.kind[0]}:{h.id}"),)
               for h in shown]
    pager = _pager(f"sr:{encoded}", page, pages) if paged_here else ()
    return Reply("\n".join(lines), (*buttons, pager) if pager else tuple(buttons))


# --------------------------------------------------------------------------- dates ahead

def upcoming_mentions(store: KnowledgeReader, today: dt.date,
                      horizon: dt.date | None = None) -> list[tuple[Event, Mention]]:
    """Dated mentions whose period has not ended by ``today``, soonest first."""
    return [(event, mention) for start, end, event, mention in _dated_mentions(store.all_events())
            if end >= today and (horizon is None or start <= horizon)]


def _dated_mentions(events: Sequence[Event]) -> list[tuple[dt.date, dt.date, Event, Mention]]:
    """Every dated mention, soonest first (ties in the events' order); derived once per list.

    Filtering this keeps the order that sorting the filtered mentions would give.
    """
    def build(items: Sequence[Event]) -> list[tuple[dt.date, dt.date, Event, Mention]]:
        found = [(m.date.start(), m.date.end(), e, m) for e in items for m in e.mentions
                 if m.kind == "dated"]
        found.sort(key=lambda entry: entry[3].date.sort_key())
        return found

    result: list[tuple[dt.date, dt.date, Event, Mention]] = lookup.derived(
        "dated-mentions", events, build)
    return result


def upcoming(store: KnowledgeReader, today: dt.date, page: int = 0) -> Reply:
    found = upcoming_mentions(store, today)
    if not found:
        return Reply(f"Nothing dated ahead of {show_date(today)} in the articles so far.")
    shown, page, pages = _page(found, page)
    lines = [f"<b>Coming up</b> (from {show_date(today)})", ""]
    for event, mention in shown:
        lines.append(f"• <b>{show_date(mention.date)}</b>: {esc(cut(mention.text, 200))} "
                     f"{event_link(event)}")
    pager = _pager("up", page, pages)
    return Reply("\n".join(lines), (pager,) if pager else ())


def anniversaries(store: KnowledgeReader, today: dt.date) -> list[tuple[Event, int]]:
    """Events of this day in earlier years; 29 February is remembered on 28 February."""
    by_day = _calendar(store.all_events()).by_day
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


def _calendar(events: Sequence[Event]) -> _Calendar:
    result: _Calendar = lookup.derived("calendar", events, _Calendar)
    return result


def years_ago(years: int) -> str:
    text = "1 year ago today" if years == 1 else f"{years} years ago today"
    return f"🎉 {text}" if years in ROUND_ANNIVERSARIES else text


def today_view(store: KnowledgeReader, today: dt.date) -> Reply:
    found = anniversaries(store, today)
    stated = _calendar(store.all_events()).stated.get(today.year, [])
    if not found and not stated:
        return Reply(f"No anniversaries on {show_date(today)}. See /upcoming for what is ahead.")
    lines = [f"<b>On this day</b>, {show_date(today)}", ""]
    for event, years in found:
        lines.append(f"• {years_ago(years)}: {esc(cut(event.title, 120))} {event_link(event)}")
    if stated:
        lines += ["", f"<b>Anniversaries of {today.year}</b>"]
        for event, mention in stated:
            lines.append(f"• {esc(cut(mention.text, 200))} {event_link(event)}")
    return Reply("\n".join(lines))


def open_item(store: KnowledgeReader, kind: str, item_id: str) -> Reply | None:
    """The card behind a button or deep link (``o:``, ``b:``, ``e:``); None if it is gone."""
    if kind in {"o", "official"}:
        official = store.get_official(item_id)
        return official_card(store, official) if official else None
    if kind in {"b", "bill"}:
        bill = store.get_bill(item_id)
        return bill_card(store, bill) if bill else None
    if kind in {"e", "event"}:
        event = store.get_event(item_id)
        return event_card(store, event) if event else None
    if kind == "of":
        office = lookup.office_index(store.all_officials()).resolve(item_id)
        return office_card(store, office) if office else None
    return None


def open_from_button(store: KnowledgeReader, kind: str, rest: str) -> Reply | None:
    """A card opened from a list's button (``b:water-code|bl:-:0``), with a Back button to that
    page of the list; None if the item is gone."""
    item_id, _, back = rest.partition("|")
    card = open_item(store, kind, item_id)
    if card is None or not back:
        return card
    return Reply(card.text, (*card.buttons, (Button("‹ Back", back),)))


def parse_page(data: str) -> tuple[str, int]:
    """``bl:planned:2`` -> (``bl:planned``, 2)."""
    prefix, _, page = data.rpartition(":")
    return prefix, int(page) if page.isascii() and page.isdigit() else 0  # not "²"


def paged(store: KnowledgeReader, data: str, today: dt.date) -> Reply | None:
    """The page a Prev / Next button asks for; None if the data is not a pager's."""
    prefix, page = parse_page(data)
    kind, _, argument = prefix.partition(":")
    if kind == "ol":
        return officials_list(store, page)
    if kind == "bl":
        return bills_list(store, "" if argument == "-" else argument, page)
    if kind == "el":
        return events_list(store, "" if argument == "-" else argument, page)
    if kind == "sr":
        return search(store, argument, page)
    if kind == "on":
        return on_date(store, argument, page)
    if kind == "up":
        return upcoming(store, today, page)
    return None


# --------------------------------------------------------------------------- pushed messages

def digest_message(digest: Digest, day: dt.date, settings: ChatSettings) -> Reply:
    title = "Weekly digest" if settings.frequency == "weekly" else "Daily digest"
    lines = [f"📰 <b>{title}</b>, {show_date(day)}"]
    if digest.events:
        lines += ["", f"<b>New</b> ({len(digest.events)})"]
        lines += [_event_line(e) for e in digest.events[:15]]
        if len(digest.events) > 15:
            lines.append(f"… and {len(digest.events) - 15} more: /events")
    if digest.stages:
        lines += ["", "<b>Bills moved</b>"]
        for bill, status, date in bills_moved(digest)[:15]:
            lines.append(f"• {esc(bill.display_title)}: {show_status(status)}"
                         + (f", {show_date(date)}" if date else ""))
    if digest.appointments:
        lines += ["", "<b>Appointments</b>"]
        for official, title_, what, _event in digest.appointments[:15]:
            verb = "appointed" if what == "start" else "leaves the post of"
            lines.append(f"• {esc(official.name)} {verb} {esc(title_)}")
    if digest.upcoming:
        lines += ["", "<b>In the next 7 days</b>"]
        for event, mention in digest.upcoming[:10]:
            lines.append(f"• <b>{show_date(mention.date)}</b>: {esc(cut(mention.text, 160))} "
                         f"{event_link(event)}")
    if digest.reminders:
        lines += ["", "<b>Today</b>"] + [_reminder_line(r) for r in digest.reminders[:10]]
    lines += ["", "<i>/settings to change what you get and when.</i>"]
    return Reply("\n".join(lines))


def bills_moved(digest: Digest) -> list[tuple[Bill, str, PartialDate | None]]:
    """Each bill that moved once, at its latest stage as the bill now tells it (with its date),
    furthest along first: several articles on one bill are one line, not three."""
    latest: dict[str, tuple[Bill, str, PartialDate | None]] = {}
    for bill, status, event in digest.stages:
        stage = max(bill.history, key=BillStage.order_key) if bill.history else None
        if stage is not None:
            latest[bill.id] = (bill, stage.status, stage.date)
        elif bill.id not in latest:
            latest[bill.id] = (bill, status, event.date)
    order = {s: i for i, s in enumerate(STATUSES)}
    return sorted(latest.values(), key=lambda item: (-order.get(item[1], 0),
                                                     item[0].display_title))


def _reminder_line(reminder: Reminder) -> str:
    event = reminder.event
    if reminder.kind == "anniversary":
        return f"• {years_ago(reminder.years)}: {esc(cut(event.title, 120))} {event_link(event)}"
    if reminder.kind == "stated":
        text = reminder.mention.text if reminder.mention else event.title
        mark = "🎉 " if reminder.round else ""
        return f"• {mark}{reminder.years} years, this year: {esc(cut(text, 180))} " \
               f"{event_link(event)}"
    mention = reminder.mention
    assert mention is not None
    return (f"• {esc(reminder.when.capitalize())} ({show_date(mention.date)}): "
            f"{esc(cut(mention.text, 180))} {event_link(event)}")


def reminders_message(reminders: Sequence[Reminder], day: dt.date) -> Reply:
    lines = [f"⏰ <b>Reminders</b>, {show_date(day)}", ""]
    lines += [_reminder_line(r) for r in reminders[:20]]
    return Reply("\n".join(lines))


def alert_message(event: Event, matched: Sequence[Follow], store: KnowledgeReader) -> Reply:
    what = ", ".join(esc(f.label) for f in matched)
    lines = [f"🔔 <b>New on what you follow</b>: {what}", "",
             f"<b>{esc(cut(event.title, 200))}</b>", show_date(event.date)]
    if event.summary:
        lines += ["", esc(cut(event.summary, 600))]
    for follow in matched:
        if follow.kind == "bill":
            bill = store.get_bill(follow.key)
            if bill is not None:
                lines.append(f"📜 {esc(bill.display_title)}: {show_status(bill.status)}")
    lines += ["", f"More: {event_link(event)} · /following to manage"]
    return Reply("\n".join(lines))


def broadcast_message(text: str) -> Reply:
    return Reply(f"📣 {esc(text)}")


