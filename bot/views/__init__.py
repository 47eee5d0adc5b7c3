"""What the bot answers to each command, as ``Reply`` objects: no Telegram here.

Handlers pass the command's argument and get back HTML text and buttons, in the language of the
chat (``bot.i18n``); the same functions serve the live bot, ``python -m bot reply`` and the
benchmarks. Buttons carry typed presses (``callbacks``: ``Open``, ``Page``, ...) packed short and
self-describing (``b:water-code``, ``bl:planned:2``) so a button still works after a restart. One module per kind of answer: ``officials``, ``bills``,
``events`` (also dates, search, anniversaries), ``pushed`` (digests, reminders, alerts); this
module opens cards from buttons and links and turns pages.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from bot.core import lookup
from bot.core.knowledge import KnowledgeReader
from bot.i18n import _
from bot.render import Button, Reply, esc
from bot.views.bills import bill_card, bill_lookup, bills_list, statuses_from_text
from bot.views.callbacks import ItemKind, ListKind, Open, Page
from bot.views.common import event_link
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
    "position_span", "question", "reminders_message", "search",
    "statuses_from_text", "today_view", "upcoming", "upcoming_mentions",
    "years_ago",
]


def open_item(store: KnowledgeReader, kind: ItemKind, item_id: str,
              today: dt.date) -> Reply | None:
    """The card behind a button or deep link, as it stands on ``today`` (the caller's clock);
    None if it is gone."""
    if kind is ItemKind.OFFICIAL:
        official = store.get_official(item_id)
        return official_card(store, official, today) if official else None
    if kind is ItemKind.BILL:
        bill = store.get_bill(item_id)
        return bill_card(store, bill, today) if bill else None
    if kind is ItemKind.EVENT:
        event = store.get_event(item_id)
        return event_card(store, event) if event else None
    office = lookup.office_index(store.all_officials(), store.indexes()).resolve(item_id)
    return office_card(store, office, today) if office else None


def open_from_button(store: KnowledgeReader, press: Open, today: dt.date) -> Reply | None:
    """A card opened from a list's button, with a Back button to that page of the list when
    the button remembers it; None if the item is gone."""
    card = open_item(store, press.kind, press.item_id, today)
    if card is None or press.back is None:
        return card
    return Reply(card.text, (*card.buttons, (Button(_("‹ Back"), press.back.pack()),)))


def paged(store: KnowledgeReader, press: Page, today: dt.date) -> Reply:
    """The page a Prev / Next (or Back) button asks for."""
    lists: dict[ListKind, Callable[[], Reply]] = {
        ListKind.OFFICIALS: lambda: officials_list(store, press.page, today=today),
        ListKind.BILLS: lambda: bills_list(store, press.argument, press.page, today=today),
        ListKind.EVENTS: lambda: events_list(store, press.argument, press.page),
        ListKind.SEARCH: lambda: search(store, press.argument, press.page),
        ListKind.ON_DATE: lambda: on_date(store, press.argument, press.page),
        ListKind.UPCOMING: lambda: upcoming(store, today, press.page),
    }
    return lists[press.kind]()
