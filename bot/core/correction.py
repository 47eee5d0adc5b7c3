"""Correcting an article an operator got wrong at ingest: its date, title or source.

An undated article ingested without ``--date`` has undated facts; giving the date later must date
them, not add a second event. The article's own contributions (the positions and bill stages read
from it alone) are taken back and read again from its stored text with the corrected metadata;
what other articles said is left as it is. Pure: the caller writes the update.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from bot.core.extraction.roster import Roster
from bot.core.knowledge import (
    KnowledgeUpdate,
    KnowledgeView,
    close_previous_holders,
    merge_bill,
    merge_official,
)
from bot.core.models import Article, Bill, Official, PartialDate, Position


def _from_this_article_only(position: Position, event_id: str) -> bool:
    sources = {position.event, position.last_event, position.until_event} - {None}
    return sources == {event_id}


def _without_event(official: Official, event_id: str) -> Official:
    """The official as the other articles alone tell: positions read only from this one go, and
    an end this article stated (a successor's appointment) is reopened."""
    positions = []
    for position in official.positions:
        if _from_this_article_only(position, event_id):
            continue
        if position.until_event == event_id:
            position = replace(position, until=None, ended_by=None, until_event=None,
                               until_evidence="")
        positions.append(position)
    return replace(official, positions=tuple(positions))


def _bill_without_event(bill: Bill, event_id: str) -> Bill:
    return replace(
        bill,
        history=tuple(s for s in bill.history if s.event != event_id),
        scheduled=tuple(s for s in bill.scheduled if s.event != event_id),
    )


def plan_correction(
    event_id: str,
    view: KnowledgeView,
    roster: Roster,
    date: PartialDate | None = None,
    title: str | None = None,
    source: str | None = None,
    *,
    today: dt.date,
) -> KnowledgeUpdate | None:
    """What correcting the article of ``event_id`` writes; None when there is no such event or
    nothing to change. ``today`` (the caller's clock) is the day a bill's status is compared
    on."""
    old = view.get_event(event_id)
    if old is None:
        return None
    if (date in (None, old.date)) and (title in (None, old.title)) and (
        source in (None, old.source)
    ):
        return None
    text = view.event_text(old)  # the stored article: never "" for a text not held
    article = Article(text, source=source if source is not None else old.source,
                      title=title or old.title, date=date or old.date, url=old.url)
    from bot.core.extract import extract  # its patterns compile here, not for every command

    extraction = extract(article, roster)
    event = replace(extraction.event, id=event_id, text=text, url=old.url)
    extraction = replace(extraction, event=event)
    # Everyone this article touched: those it named, and those whose term it ended.
    touched = {*old.officials, *(s.id for s in extraction.officials)}
    touched |= {o.id for o in roster.by_id.values()
                if any(p.until_event == event_id for p in o.positions)}
    updated: dict[str, Official] = {}
    for official_id in touched:
        current = view.get_official(official_id)
        if current is not None:
            updated[official_id] = _without_event(current, event_id)
    for sighting in extraction.officials:
        updated[sighting.id] = merge_official(updated.get(sighting.id), sighting, event)
    close_previous_holders(roster, updated, extraction)
    bills: dict[str, Bill] = {}
    for bill_id in {*old.bills, *(b.id for b in extraction.bills)}:
        current_bill = view.get_bill(bill_id)
        if current_bill is not None:
            bills[bill_id] = _bill_without_event(current_bill, event_id)
    changed = []
    for bill_sighting in extraction.bills:
        before = view.get_bill(bill_sighting.id)
        bill = merge_bill(bills.get(bill_sighting.id), bill_sighting, event_id)
        bills[bill.id] = bill
        if before is None or before.status_on(today) != bill.status_on(today):
            changed.append(bill.id)
    return KnowledgeUpdate(
        event=event,
        officials=tuple(updated.values()),
        bills=tuple(bills.values()),
        changed_bills=tuple(changed),
    )
