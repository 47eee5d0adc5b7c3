"""Officials: who is who, an official's card, an office's holders, questions about offices.

Names stay as the articles write them; offices are shown in the chat's language (``office``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace

from bot.core import lookup
from bot.core.knowledge import KnowledgeReader
from bot.core.models import Event, Official, Position
from bot.core.parliament import abolished_on
from bot.i18n import _, ngettext
from bot.render import Button, Reply, cut, esc, number, show_date
from bot.views.callbacks import FollowItem, FollowKind, ItemKind, ListKind, Open, Page
from bot.views.common import (
    MAX_QUERY,
    choices,
    event_link,
    office,
    on,
    page_of,
    pager,
    too_long,
)
from bot.views.events import search
from bot.views.offices import english_office


def current_title(official: Official, store: KnowledgeReader | None = None,
                  today: dt.date | None = None) -> str:
    """What the official holds now; with the ``store`` (everyone known) and ``today`` (the
    caller's clock), an open term in a one-person office that someone else was seen taking over
    later counts as former."""
    current = official.current_positions
    if store is not None and today is not None:
        index = lookup.office_index(store.all_officials(), store.indexes())
        current = tuple(p for p in current if index.is_current(official.id, p.title, today))
    if current:
        return ", ".join(office(p.title) for p in current)
    if official.positions:
        return _("formerly {office}").format(office=office(official.positions[-1].title))
    return _("position not reported")


def officials_list(store: KnowledgeReader, page: int = 0, *, today: dt.date) -> Reply:
    officials = sorted(store.all_officials(), key=lambda o: o.name.split()[-1])
    if not officials:
        return Reply(_("No officials known yet."))
    shown, page, pages = page_of(officials, page)
    count = ngettext("{n} official", "{n} officials", len(officials)).format(n=number(len(officials)))
    lines = [_("<b>Who is who</b> ({count})").format(count=count), ""]
    for official in shown:
        lines.append(f"• <b>{esc(official.name)}</b>: "
                     f"{esc(current_title(official, store, today))}")
    lines += ["", _("Tap a name for the card, or send <code>/official NAME</code>.")]
    back = Page(ListKind.OFFICIALS, page=page)
    buttons = [(Button(o.name, Open(ItemKind.OFFICIAL, o.id, back).pack()),) for o in shown]
    row = pager(back, pages)
    return Reply("\n".join(lines), (*buttons, row) if row else tuple(buttons))


def position_span(position: Position, end_inferred: bool = False) -> str:
    """When the office was held, as far as the texts say: "since <date>" only for a stated
    start; otherwise "seen in office from <first> to <last>"; a stated end as "until <date>";
    an end inferred from a successor's start as "left by <date>", never as a range."""
    since, until = position.since, position.until
    first, last = position.first_seen, position.last_seen
    if end_inferred and until is not None:
        position = replace(position, until=None, ended_by=until)
        until = None
    if since is not None:
        if until is not None:
            return f"{show_date(since)} – {show_date(until)}"
        notes = []
        if first is not None and first.start() < since.start():
            notes.append(_("in office already {when}").format(when=on(first)))
        if last is not None and last.end() > since.end():
            notes.append(_("last seen in office {when}").format(when=on(last)))
        if position.ended_by is not None:
            notes.append(_("left by {date}").format(date=show_date(position.ended_by)))
        text = _("since {date}").format(date=show_date(since))
        return text + (f" ({'; '.join(notes)})" if notes else "")
    parts = []
    if first is not None and last is not None:
        parts.append(_("seen in office {when}").format(when=on(first)) if first == last
                     else _("seen in office from {first} to {last}").format(
                         first=show_date(first), last=show_date(last)))
    if until is not None:
        parts.append(_("until {date}").format(date=show_date(until)))
    elif position.ended_by is not None:
        parts.append(_("a former post by {date}").format(date=show_date(position.ended_by)))
    elif position.until_event is not None:
        parts.append(_("a former post, date unknown"))  # told by an undated article
    return "; ".join(parts) or _("dates not reported")


def source_line(store: KnowledgeReader, event_id: str | None, ended: bool = False) -> str | None:
    """ "from: <event title>, <event date> /event_<id>": where a fact was read."""
    event = store.get_event(event_id) if event_id else None
    if event is None:
        return None
    label = _("ended") if ended else _("from")
    return (f"   <i>{label}: {esc(cut(event.title, 80))}, {show_date(event.date)}</i> "
            f"{event_link(event)}")


def end_inferred(official: Official, position: Position) -> bool:
    """Whether the term's end was read from a successor's appointment (see
    ``Official.end_inferred``)."""
    return official.end_inferred(position)


def _position_lines(store: KnowledgeReader, position: Position, title: str,
                    official: Official, today: dt.date) -> list[str]:
    span = position_span(position, end_inferred(official, position))
    abolished = abolished_on(position.title, today)
    if abolished is not None and position.is_open:
        # an open term in a post the Constitution of 2026 did away with ended with the post
        span += "; " + _("the post abolished on {date}").format(date=show_date(abolished))
    lines = [f"• {title}: {span}"]
    start = position.event or position.last_event
    for event_id, ended in ((start, False), (position.until_event, True)):
        if ended and event_id == start:
            continue
        line = source_line(store, event_id, ended)
        if line:
            lines.append(line)
    return lines


def question(store: KnowledgeReader, text: str, today: dt.date) -> Reply:
    """Plain text in a private chat: "who is the president?" answers from the office index,
    "who is Ashimbayev?" with the card of the one official it names; anything else is a search."""
    asked = lookup.office_question(text)
    if asked is not None and len(text) <= MAX_QUERY:
        answer = office_lookup(store, text, today)
        if answer is not None:
            return answer
        found = lookup.find_official(asked, store.all_officials(), store.indexes())
        if found.kind == "found":
            return official_card(store, found.items[0], today)
    return search(store, text)


def official_card(store: KnowledgeReader, official: Official, today: dt.date) -> Reply:
    """An official's card: positions (a post abolished by ``today`` said so) and events."""
    lines = [f"👤 <b>{esc(official.name)}</b>"]
    others = [a for a in official.aliases if a != official.name]
    if others:
        lines.append("<i>" + _("Also written: {names}").format(
            names=esc(cut(", ".join(others), 300))) + "</i>")
    lines += ["", "<b>" + _("Positions") + "</b>"]
    if not official.positions:
        lines.append("• " + _("not reported"))
    for position in reversed(official.positions):
        lines += _position_lines(store, position, esc(office(position.title)), official, today)
    events = _events_by_official(store).get(official.id, [])
    lines += ["", "<b>" + _("In the news") + f"</b> ({len(events)})"]
    for event in events[:15]:
        lines.append(f"• {show_date(event.date)}: {esc(cut(event.title, 90))} {event_link(event)}")
    if len(events) > 15:
        lines.append(_("… and {count} more: <code>/search {name}</code>").format(
            count=len(events) - 15, name=esc(official.name)))
    buttons = ((Button(_("🔔 Follow"), FollowItem(FollowKind.OFFICIAL, official.id).pack()),),)
    return Reply("\n".join(lines), buttons)


def office_card(store: KnowledgeReader, title: str, today: dt.date) -> Reply:
    """Who holds office ``title`` on ``today`` (the caller's clock) and who held it before."""
    holders = lookup.office_index(store.all_officials(), store.indexes()).holders(title, today)
    disputed = _disputed(holders)
    lines = [f"🏛 <b>{esc(office(title))}</b>", ""]
    abolished = abolished_on(title, today)
    if abolished is not None:
        lines.append(_("<b>Now:</b> nobody. The post was abolished on {date} (the Constitution "
                       "of 2026).").format(date=show_date(abolished)))
        if holders.last:
            # who held it when it went: what a reader asking for the post wants next
            lines.append(_("The last holder, as far as the articles tell:"))
            for term in holders.last:
                lines += _position_lines(store, term.position,
                                         f"<b>{esc(term.official.name)}</b>", term.official,
                                         today)
    elif holders.current:
        lines.append(_("<b>Now</b>, as far as the articles tell:"))
        for term in holders.current:
            lines += _position_lines(store, term.position, f"<b>{esc(term.official.name)}</b>",
                                     term.official, today)
        for term in disputed:
            assert term.position.since is not None  # ``_disputed`` keeps stated starts only
            lines.append("⚠ " + _("The articles disagree: {name} was reported taking up this "
                                  "office {when}, and {holder} was seen in it after that.").format(
                name=esc(term.official.name), when=on(term.position.since),
                holder=esc(holders.current[0].official.name)))
            seen = source_line(store, holders.current[0].position.last_event)
            lines += [seen] if seen else []
            lines += _position_lines(store, term.position, esc(term.official.name),
                                     term.official, today)
    else:
        lines.append(_("<b>Now:</b> not known from the articles (nobody seen in office after "
                       "the latest change)."))
    before = [t for t in holders.before if all(t is not d for d in disputed)]
    if before:
        lines += ["", "<b>" + _("Before") + "</b>"]
        for term in before[:10]:
            lines += _position_lines(store, term.position, esc(term.official.name),
                                     term.official, today)
        if len(before) > 10:
            lines.append(_("… and {count} more").format(count=len(before) - 10))
    people = [t.official for t in (*holders.current, *holders.last, *holders.before[:4])]
    buttons = tuple((Button(cut(o.name, 60), Open(ItemKind.OFFICIAL, o.id).pack()),)
                    for o in dict((o.id, o) for o in people).values())
    return Reply("\n".join(lines), buttons)


def _disputed(holders: lookup.OfficeHolders) -> list[lookup.Tenure]:
    """Others' open terms in a one-person office that began while the one holding it now was
    still seen in it, after that holder's own start: the articles disagree, and both are shown
    with their sources rather than either called former."""
    if len(holders.current) != 1:
        return []
    now = holders.current[0].position
    began, last = now.begins, now.latest_evidence
    return [
        t for t in holders.before
        if t.position.until is None and t.position.ended_by is None
        and t.position.since is not None and last is not None
        and t.position.since.sort_key() <= last.sort_key()
        and (began is None or began.sort_key() < t.position.since.sort_key())
        and t.official.id != holders.current[0].official.id
    ]


def office_lookup(store: KnowledgeReader, query: str, today: dt.date) -> Reply | None:
    """The answer to an office ("speaker of the senate", "who is the president?"): its card,
    or, for an office nobody known holds, a plain "not known" with the nearest offices. None
    when the words do not name an office."""
    title = lookup.office_title(query)
    if title is None:
        return None
    index = lookup.office_index(store.all_officials(), store.indexes())
    found = index.resolve(query)
    if found is not None:
        return office_card(store, found, today)
    if abolished_on(title, today) is not None:
        return office_card(store, title, today)  # "state secretary": no holder known, and no post
    nearest = index.nearest(query)
    text = _("Nobody known holds the office of {office}: no article read so far names "
             "one.").format(office=esc(office(title)))
    if nearest:
        text += " " + _("Offices I know that come close: {offices}.").format(
            offices=", ".join(esc(office(o)) for o in nearest))
    else:
        text += " " + _("See /officials for the offices I know.")
    buttons = tuple((Button(cut(office(o), 60), Open(ItemKind.OFFICE, o).pack()),)
                    for o in nearest if Open.fits(ItemKind.OFFICE, o))
    return Reply(text, buttons)


def _events_by_official(store: KnowledgeReader) -> dict[str, list[Event]]:
    """Official id -> the events that name them, latest first (derived once per event list)."""
    def build(items: Sequence[Event]) -> dict[str, list[Event]]:
        found: dict[str, list[Event]] = {}
        for event in reversed(items):
            for official_id in dict.fromkeys(event.officials):
                found.setdefault(official_id, []).append(event)
        return found

    result: dict[str, list[Event]] = store.indexes().derived(
        "events-by-official", store.all_events(), build)
    return result


def official_lookup(store: KnowledgeReader, query: str, today: dt.date) -> Reply:
    query = query.strip()
    if not query:
        return Reply(_("Whom are you looking for? Send a name, e.g. "
                       "<code>/official Ashimbayev</code>, or an office, e.g. "
                       "<code>/official speaker of the senate</code>; /officials for everyone."))
    if reply := too_long(query, _("a name")):
        return reply
    # An office known by that name answers with its holders ("/official prime minister"), in
    # any of the three languages («/official председатель сената»).
    query = english_office(query) or query
    found_office = lookup.office_index(store.all_officials(),
                                       store.indexes()).resolve(query)
    if found_office is not None:
        return office_card(store, found_office, today)
    found = lookup.find_official(query, store.all_officials(), store.indexes())
    if found.kind == "found":
        return official_card(store, found.items[0], today)
    if found.kind == "none" and (by_office := office_lookup(store, query, today)) is not None:
        return by_office
    return choices(found.kind, found.items, query, "official", ItemKind.OFFICIAL,
                   lambda o: f"{o.name} ({current_title(o)})", "/officials")
