"""What the bot answers to each command, as ``Reply`` objects: no Telegram here.

Handlers pass the command's argument and get back HTML text and buttons, in the language of the
chat (``bot.i18n``); the same functions serve the live bot, ``python -m bot reply`` and the
benchmarks. Callback data is short and self-describing (``b:water-code``, ``bl:planned:2``) so a
button still works after a restart. One module per kind of answer: ``officials``, ``bills``,
``events`` (also dates, search, anniversaries), ``pushed`` (digests, reminders, alerts); this
module opens cards from buttons and links and turns pages.
"""

from __future__ import annotations

import datetime as dt

from bot.core import lookup
from bot.core.knowledge import KnowledgeReader
from bot.i18n import _
from bot.render import Button, Reply, esc
from bot.views.bills import bill_card, bill_lookup, bills_list, statuses_from_text
from bot.views.common import event_link, with_back
from bot.views.events import (
    anniversaries,
    event_card,
    event_lookup,
    events_list,
    on_date,
    search,
    today_view,
    upcoming,
    upcoming_mentions,
    years_ago,
)
from bot.views.officials import (
    current_title,
    office_card,
    office_lookup,
    official_card,
    official_lookup,
    officials_list,
    position_span,
    question,
)
from bot.views.pushed import (
    alert_message,
    bills_moved,
    broadcast_message,
    digest_message,
    reminders_message,
)

__all__ = [
    "alert_message", "anniversaries", "bill_card", "bill_lookup", "bills_list", "bills_moved",
    "broadcast_message", "current_title", "digest_message", "esc", "event_card", "event_link",
    "event_lookup", "events_list", "office_card", "office_lookup", "official_card",
    "official_lookup", "officials_list", "on_date", "open_from_button", "open_item", "paged",
    "parse_page", "position_span", "question", "reminders_message", "search",
    "statuses_from_text", "today_view", "upcoming", "upcoming_mentions", "with_back",
    "years_ago",
]


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
        office = lookup.office_index(store.all_officials(), store.indexes()).resolve(item_id)
        return office_card(store, office) if office else None
    return None


def open_from_button(store: KnowledgeReader, kind: str, rest: str) -> Reply | None:
    """A card opened from a list's button (``b:water-code|bl:-:0``), with a Back button to that
    page of the list; None if the item is gone."""
    item_id, _sep, back = rest.partition("|")
    card = open_item(store, kind, item_id)
    if card is None or not back:
        return card
    return Reply(card.text, (*card.buttons, (Button(_("‹ Back"), back),)))


def parse_page(data: str) -> tuple[str, int]:
    """``bl:planned:2`` -> (``bl:planned``, 2)."""
    prefix, _sep, page = data.rpartition(":")
    return prefix, int(page) if page.isascii() and page.isdigit() else 0  # not "²"


def paged(store: KnowledgeReader, data: str, today: dt.date) -> Reply | None:
    """The page a Prev / Next button asks for; None if the data is not a pager's."""
    prefix, page = parse_page(data)
    kind, _sep, argument = prefix.partition(":")
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
