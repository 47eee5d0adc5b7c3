"""The indexes the answers use, built ahead of the first question that needs them.

Each view derives what it needs from the knowledge the first time it is asked (bills in order,
the office index, the calendar, the dated mentions, names and folded texts for search) and the
store's ``Indexes`` keep it. The running bot builds them all once the knowledge is read, a step
at a time (``warm_up`` yields between steps, the caller answers updates in between), so the
first ``/search`` after a start waits for no index, and a question asked meanwhile waits for at
most one step.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from bot.core import lookup
from bot.core.knowledge import KnowledgeReader
from bot.views.bills import _bills_in_order
from bot.views.events import _calendar, _date_spans, _dated_mentions
from bot.views.officials import _events_by_official

FOLD_STEP = 1_000  # events' texts folded per step: about 30 ms


def warm_up(store: KnowledgeReader, today: dt.date) -> Iterator[str]:
    """Build every index the answers use (those of a day, ``today``'s by the caller's clock);
    yields the name of each step done."""
    indexes = store.indexes()
    events = store.all_events()
    yield "events in order"
    # by the parts their texts are stored in: each step reads its parts' texts, folds them and
    # lets them go (the raw texts are not kept: ``Event.text``)
    for batch in store.event_batches(FOLD_STEP):
        indexes.fold_events(batch)
        yield "texts folded"
    indexes.event_texts(events)
    yield "search texts"
    officials, bills = store.all_officials(), store.all_bills()
    lookup.prepare_names(officials, bills, indexes)
    yield "names"
    lookup.office_index(officials, indexes)
    yield "offices"
    _bills_in_order(store, today)
    yield "bills in order"
    for build in (_calendar, _date_spans, _dated_mentions, _events_by_official):
        build(store)
        yield build.__name__.strip("_")
