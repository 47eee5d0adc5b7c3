"""Merging what one article says into what is already known. Pure: no storage here.

``plan_ingest`` takes an article and a read-only view of the knowledge base and returns the
objects to write (the new event, the officials and bills it adds or changes), so the caller can
write them in one atomic step, or print them, or do nothing when the article is already known.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Protocol

from bot.core import gazetteer as gz
from bot.core.extract import (
    BillSighting,
    Extraction,
    OfficialSighting,
    PositionSighting,
    Roster,
    article_keys,
    extract,
)
from bot.core.models import Article, Bill, BillStage, Event, Official, Position


class KnowledgeView(Protocol):
    """What merging needs to read: a store satisfies it, and so does a dict-backed fake."""

    def get_event(self, event_id: str) -> Event | None: ...
    def get_official(self, official_id: str) -> Official | None: ...
    def get_bill(self, bill_id: str) -> Bill | None: ...
    def all_officials(self) -> Sequence[Official]: ...


class KnowledgeReader(KnowledgeView, Protocol):
    """Everything a reader of the knowledge needs (the replies, the digests)."""

    def all_events(self) -> Sequence[Event]: ...
    def all_bills(self) -> Sequence[Bill]: ...


@dataclass(frozen=True)
class KnowledgeUpdate:
    """Everything one article changes; written together or not at all."""

    event: Event
    officials: tuple[Official, ...]
    bills: tuple[Bill, ...]
    new_officials: tuple[str, ...] = ()
    changed_bills: tuple[str, ...] = ()  # bills whose status moved
    # What a digest reports: (official id, office, "start"/"end") and (bill id, stage reached).
    appointments: tuple[tuple[str, str, str], ...] = ()
    stages: tuple[tuple[str, str], ...] = ()

    def change_record(self) -> dict[str, object]:
        """The entry of the change log that digests and follow alerts read."""
        return {
            "event": self.event.id,
            "officials": list(self.event.officials),
            "bills": list(self.event.bills),
            "new_officials": list(self.new_officials),
            "appointments": [list(a) for a in self.appointments],
            "stages": [list(s) for s in self.stages],
        }


def merge_positions(
    positions: tuple[Position, ...], sightings: Sequence[PositionSighting]
) -> tuple[Position, ...]:
    """Fold position sightings (from ``extract``) into a position history."""
    result = list(positions)
    for sighting in sightings:
        title, date, change = sighting.title, sighting.date, sighting.change
        open_index = next(
            (i for i, p in enumerate(result) if p.title == title and p.until is None), None
        )
        if change == "end":
            if open_index is not None:
                result[open_index] = replace(result[open_index], until=date)
            elif not any(p.title == title and p.until == date for p in result):
                result.append(Position(title, None, date))
            continue
        covering = [
            p
            for p in result
            if p.title == title
            and date is not None
            and (p.since is None or p.since.start() <= date.start())
            and (p.until is None or date.start() <= p.until.end())
        ]
        if covering and change == "seen":
            continue
        if open_index is not None:
            current = result[open_index]
            if date is not None and (
                current.since is None or date.sort_key() < current.since.sort_key()
            ):
                result[open_index] = replace(current, since=date)
            continue
        if covering:
            continue
        result.append(Position(title, date, None))
    result.sort(key=lambda p: p.since.sort_key() if p.since else (0, 0, 0))
    return tuple(result)


def merge_official(old: Official | None, sighting: OfficialSighting) -> Official:
    if old is None:
        return Official(
            sighting.id, sighting.name, sighting.aliases, merge_positions((), sighting.positions)
        )
    aliases = tuple(sorted({*old.aliases, *sighting.aliases} - {old.name}))
    return replace(
        old, aliases=aliases, positions=merge_positions(old.positions, sighting.positions)
    )


_KIND_STRENGTH = {"draft law": 0, "law": 1, "code": 2, "constitutional law": 3}


def merge_bill(old: Bill | None, sighting: BillSighting, event_id: str) -> Bill:
    stages = [BillStage(date, status, event_id) for status, date in sighting.stages]
    if old is None:
        old = Bill(sighting.id, sighting.title, sighting.kind, ())
    kind = old.kind
    if _KIND_STRENGTH.get(sighting.kind, 0) > _KIND_STRENGTH.get(kind, 0):
        kind = sighting.kind
    history = tuple(sorted({*old.history, *stages}, key=BillStage.order_key))
    return replace(old, kind=kind, history=history)


def _close_previous_holders(
    roster: Roster, updated: dict[str, Official], extraction: Extraction
) -> None:
    """A new holder of a one-person office ends the previous holder's term on that date."""
    for sighting in extraction.officials:
        for position in sighting.positions:
            if (
                position.change != "start"
                or position.date is None
                or position.title in gz.SHARED_OFFICES
            ):
                continue
            # Only those ever seen in this office can hold it: the roster's office index, plus
            # officials this article already changed.
            candidates = {o.id: o for o in roster.holders_of(position.title)}
            candidates.update((i, o) for i, o in updated.items()
                              if any(p.title == position.title for p in o.positions))
            for other in list(candidates.values()):
                if other.id == sighting.id:
                    continue
                current = updated.get(other.id, other)
                positions = list(current.positions)
                for i, held in enumerate(positions):
                    if (
                        held.title == position.title
                        and held.until is None
                        and held.since is not None
                        and held.since.end() < position.date.start()
                    ):
                        positions[i] = replace(held, until=position.date)
                if tuple(positions) != current.positions:
                    updated[other.id] = replace(current, positions=tuple(positions))


def plan_ingest(
    article: Article, view: KnowledgeView, roster: Roster | None = None
) -> KnowledgeUpdate | None:
    """What ingesting ``article`` would write; None when the article is already known.

    Pass a ``roster`` when ingesting many articles, and ``roster.add`` each update's officials,
    so the officials are indexed once rather than once per article.
    """
    if any(view.get_event(key) is not None for key in article_keys(article)):
        return None
    if roster is None:
        roster = Roster(view.all_officials())
    extraction = extract(article, roster)
    updated: dict[str, Official] = {}
    new_officials = []
    for sighting in extraction.officials:
        old = updated.get(sighting.id) or view.get_official(sighting.id)
        if old is None:
            new_officials.append(sighting.id)
        updated[sighting.id] = merge_official(old, sighting)
    _close_previous_holders(roster, updated, extraction)
    bills = []
    changed = []
    for bill_sighting in extraction.bills:
        old_bill = view.get_bill(bill_sighting.id)
        bill = merge_bill(old_bill, bill_sighting, extraction.event.id)
        if old_bill is None or bill.status != old_bill.status:
            changed.append(bill.id)
        bills.append(bill)
    appointments = tuple(
        (sighting.id, position.title, position.change)
        for sighting in extraction.officials
        for position in sighting.positions
        if position.change != "seen" and position.date == extraction.event.date
    )
    stages = tuple(dict.fromkeys(
        (sighting.id, status) for sighting in extraction.bills for status, _ in sighting.stages
    ))
    return KnowledgeUpdate(
        event=extraction.event,
        officials=tuple(updated.values()),
        bills=tuple(bills),
        new_officials=tuple(new_officials),
        changed_bills=tuple(changed),
        appointments=appointments,
        stages=stages,
    )
