"""Merging what one article says into what is already known. Pure: no storage here.

``plan_ingest`` takes what extraction read from an article (``extract``) and a read-only view
of the knowledge base and returns the objects to write (the new event, the officials and bills
it adds or changes), so the caller can write them in one atomic step, or print them;
``already_known`` says when there is nothing to do.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from typing import NamedTuple, Protocol

# Below, the sightings' types and the article keys from their own light modules, not through
# ``bot.core.extract``: the store imports this module, and a command that reads (``reply
# /bills``) should not compile the extraction's patterns at its start.
from bot.core import gazetteer as gz
from bot.core.extraction.identity import article_keys
from bot.core.extraction.results import (
    BillSighting,
    Extraction,
    OfficialSighting,
    PositionSighting,
)
from bot.core.extraction.roster import Roster
from bot.core.indexes import Indexes
from bot.core.json_types import JsonObject
from bot.core.models import (
    Article,
    Bill,
    BillStage,
    BillStatus,
    Event,
    Official,
    PartialDate,
    Position,
    name,
    names,
)
from bot.core.spelling import name_aliases, preferred_bill_title, preferred_name
from bot.core.terms import merge_positions


class KnowledgeView(Protocol):
    """What merging needs to read: a store satisfies it, and so does a dict-backed fake."""

    def get_event(self, event_id: str) -> Event | None: ...
    def event_text(self, event: Event) -> str:
        """The article text of a known event: its own, or read from where the store keeps it
        (an event read from part files holds none, ``Event.text``)."""
        ...

    def get_official(self, official_id: str) -> Official | None: ...
    def get_bill(self, bill_id: str) -> Bill | None: ...
    def all_officials(self) -> Sequence[Official]: ...


class Sizes(NamedTuple):
    """How much is known."""

    events: int
    officials: int
    bills: int


class KnowledgeReader(KnowledgeView, Protocol):
    """Everything a reader of the knowledge needs (the replies, the digests)."""

    def all_events(self) -> Sequence[Event]: ...
    def event_batches(self, size: int) -> Iterator[Sequence[Event]]:
        """Every event, in batches of about ``size`` whose texts are stored together, so that
        reading a batch's texts (``Indexes.fold_events``) reads each stored file once."""
        ...

    def all_bills(self) -> Sequence[Bill]: ...
    def sizes(self) -> Sizes:
        """How many events, officials and bills are known (without reading them all, where the
        store can count them otherwise)."""
        ...

    def indexes(self) -> Indexes:
        """What lookups derive from this knowledge, kept with it (``bot.core.indexes``)."""
        ...


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

    def change_record(self, seq: int, at: dt.datetime) -> ChangeRecord:
        """The entry of the change log that digests and follow alerts read."""
        return ChangeRecord(seq=seq, at=at.astimezone(dt.UTC), event=self.event.id,
                            officials=self.event.officials, bills=self.event.bills,
                            new_officials=self.new_officials,
                            appointments=self.appointments, stages=self.stages)


@dataclass(frozen=True, slots=True)
class ChangeRecord:
    """One entry of the change log: an article that changed the knowledge, numbered and stamped
    (digests read what arrived since the last one; follow alerts, what is past a chat's mark)."""

    seq: int
    at: dt.datetime
    event: str
    officials: tuple[str, ...] = ()
    bills: tuple[str, ...] = ()
    new_officials: tuple[str, ...] = ()
    appointments: tuple[tuple[str, str, str], ...] = ()  # (official id, office, "start"/"end")
    stages: tuple[tuple[str, str], ...] = ()  # (bill id, stage reached)

    def to_dict(self) -> JsonObject:
        return {"id": str(self.seq), "seq": self.seq, "at": self.at.isoformat(),
                "event": self.event, "officials": list(self.officials),
                "bills": list(self.bills), "new_officials": list(self.new_officials),
                "appointments": [list(a) for a in self.appointments],
                "stages": [list(s) for s in self.stages]}

    @classmethod
    def from_dict(cls, data: JsonObject) -> ChangeRecord:
        return cls(seq=int(data["seq"]), at=dt.datetime.fromisoformat(data["at"]),
                   event=name(str(data["event"])), officials=names(data.get("officials", ())),
                   bills=names(data.get("bills", ())),
                   new_officials=names(data.get("new_officials", ())),
                   appointments=tuple((name(o), name(t), name(w))
                                      for o, t, w in data.get("appointments", ())),
                   stages=tuple((name(b), name(s)) for b, s in data.get("stages", ())))


def merge_official(
    old: Official | None, sighting: OfficialSighting, event: Event | None = None
) -> Official:
    """``sighting`` (from the article of ``event``) folded into what is known of the person."""
    event_id = event.id if event else None
    event_date = event.date if event else None
    if old is None:
        return Official(
            sighting.id,
            sighting.name,
            sighting.aliases,
            merge_positions((), sighting.positions, event_id, event_date),
        )
    # "D. Nazarbayeva" known, "Dariga Nazarbayeva" read; "Nazarbaev" known, "Nazarbayev" read:
    # the card shows the full name, and of two spellings the same one whichever article came
    # first (the record keeps its id).
    return replace(
        old,
        name=preferred_name(old.name, sighting.name),
        aliases=name_aliases(old.aliases, sighting.aliases, old.name, sighting.name),
        positions=merge_positions(_reopened(old, sighting.positions, event_date),
                                  sighting.positions, event_id, event_date),
    )


def _reopened(official: Official, sightings: Sequence[PositionSighting],
              event_date: PartialDate | None) -> tuple[Position, ...]:
    """Rule "seen after a supposed successor": a term ended only by someone else's appointment
    (``Official.end_inferred``) stays open when an article shows the holder in office after
    that day. The evidence disagrees; the office card shows both (``views.officials``), and a
    term never turns "former" because the successor's article happened to arrive first: read in
    the other order, the successor's start would not have closed it."""
    positions = list(official.positions)
    for sighting in sightings:
        date = sighting.date or event_date
        if sighting.change != "seen" or date is None:
            continue
        for i, held in enumerate(positions):
            if (held.title == sighting.title and held.until is not None
                    and date.start() > held.until.end() and official.end_inferred(held)):
                positions[i] = replace(held, until=None, until_event=None, until_evidence="")
    return tuple(positions)


_KIND_STRENGTH = {"draft law": 0, "law": 1, "code": 2, "constitutional law": 3}


def merge_bill(old: Bill | None, sighting: BillSighting, event_id: str) -> Bill:
    evidence = sighting.evidence + ("",) * (len(sighting.stages) - len(sighting.evidence))
    stages = [BillStage(date, BillStatus(status), event_id, sentence)
              for (status, date), sentence in zip(sighting.stages, evidence, strict=False)]
    if old is None:
        old = Bill(sighting.id, sighting.title, sighting.kind, ())
    kind = old.kind
    if _KIND_STRENGTH.get(sighting.kind, 0) > _KIND_STRENGTH.get(kind, 0):
        kind = sighting.kind
    # The history is kept in order: new stages are put in their places (re-sorting a long
    # history for each article made ingest slower as the base grew).
    history_list = list(old.history)
    known = set(history_list)
    for stage in stages:
        if stage not in known:
            bisect.insort(history_list, stage, key=BillStage.order_key)
            known.add(stage)
    history = tuple(history_list)
    scheduled = {*old.scheduled, *(BillStage(date, BillStatus(status), event_id, sentence)
                                   for status, date, sentence in sighting.scheduled)}
    return replace(old, title=preferred_bill_title(old.title, sighting.title), kind=kind,
                   history=history,
                   scheduled=tuple(sorted(scheduled, key=BillStage.order_key)))


def close_previous_holders(
    roster: Roster, updated: dict[str, Official], extraction: Extraction
) -> None:
    """A new holder of a one-person office ends the previous holder's term on its stated start.

    The appointment of a successor is the text stating that end (its event is kept as
    ``until_event``). A previous holder seen in office on or after that start is left open: the
    evidence disagrees, and who holds the office is then told by the latest evidence. Of two
    stated ends within the same span ("since April 2023" and "on 3 April"), the one that sorts
    first is kept, as the successor's own start is (``terms.merge_positions``): the same end
    whichever article came first.
    """
    for sighting in extraction.officials:
        for position in sighting.positions:
            if (
                position.change != "start"
                or position.date is None
                or position.title in gz.SHARED_OFFICES
            ):
                continue
            start = position.date
            # Only those with an open term in this office can be its previous holder: the
            # roster's index of open terms, plus officials this article already changed.
            candidates = {o.id: o for o in roster.open_holders_of(position.title)}
            candidates.update((o.id, o) for o in roster.holders_of(position.title)
                              if any(_refines(p, position.title, start) for p in o.positions))
            candidates.update((i, o) for i, o in updated.items()
                              if any(p.title == position.title for p in o.positions))
            for other in list(candidates.values()):
                if other.id == sighting.id:
                    continue
                current = updated.get(other.id, other)
                positions = list(current.positions)
                for i, held in enumerate(positions):
                    latest = held.latest_evidence
                    if (
                        held.title == position.title
                        and (held.until is None or _refines(held, position.title, start))
                        and held.ended_by is None
                        and latest is not None
                        and latest.start() < start.start()
                        and latest.end() < start.end()
                    ):
                        positions[i] = replace(held, until=start,
                                               until_event=extraction.event.id,
                                               until_evidence=position.evidence)
                if tuple(positions) != current.positions:
                    updated[other.id] = replace(current, positions=tuple(positions))
    _close_before_known_successors(roster, updated, extraction)


def _refines(held: Position, office: str, start: PartialDate) -> bool:
    """``start`` is a stated end of ``held`` (a term in ``office``) that sorts before the one it
    has, within the same span ("April 2023" for "3 April 2023")."""
    until = held.until
    return (held.title == office and until is not None and held.until_event is not None
            and start.start() <= until.end() and until.start() <= start.end()
            and start.sort_key() < until.sort_key())


def _close_before_known_successors(
    roster: Roster, updated: dict[str, Official], extraction: Extraction
) -> None:
    """The same closing, the other way round: an article showing someone in office before a
    successor's stated start that the base already knows (news does not arrive in date order)
    ends that term on the earliest such start, as if the articles had come in date order."""
    for sighting in extraction.officials:
        current = updated.get(sighting.id)
        if current is None:
            continue
        positions = list(current.positions)
        for i, held in enumerate(positions):
            latest = held.latest_evidence
            if (held.title in gz.SHARED_OFFICES or held.until is not None
                    or held.ended_by is not None or latest is None):
                continue
            starts = [
                p
                for other in {o.id: o for o in (*roster.holders_of(held.title),
                                                *updated.values())}.values()
                if other.id != sighting.id
                for p in updated.get(other.id, other).positions
                if p.title == held.title and p.since is not None
                and latest.start() < p.since.start() and latest.end() < p.since.end()
            ]
            if starts:
                first = min(starts, key=lambda p: p.since.sort_key() if p.since else (0, 0, 0))
                positions[i] = replace(held, until=first.since, until_event=first.event,
                                       until_evidence=first.evidence)
        if tuple(positions) != current.positions:
            updated[sighting.id] = replace(current, positions=tuple(positions))


def already_known(article: Article, view: KnowledgeView) -> bool:
    """An event exists under one of the article's identities: ingesting it changes nothing."""
    return any(view.get_event(key) is not None for key in article_keys(article))


def plan_ingest(extraction: Extraction, view: KnowledgeView, roster: Roster,
                today: dt.date) -> KnowledgeUpdate:
    """What ingesting an article would write, from what was read from it (``extract(article,
    roster)``, by the caller): the merge alone, so extraction and merging are timed, tested and
    replaced apart. ``roster``: the officials known (the one the extraction read); when
    ingesting many articles, ``roster.add`` each update's officials so they are indexed once.
    ``today`` (the caller's clock) is the day a bill's status is compared on.
    """
    updated: dict[str, Official] = {}
    new_officials = []
    for sighting in extraction.officials:
        old = updated.get(sighting.id) or view.get_official(sighting.id)
        if old is None:
            new_officials.append(sighting.id)
        updated[sighting.id] = merge_official(old, sighting, extraction.event)
    close_previous_holders(roster, updated, extraction)
    bills = []
    changed = []
    for bill_sighting in extraction.bills:
        old_bill = view.get_bill(bill_sighting.id)
        bill = merge_bill(old_bill, bill_sighting, extraction.event.id)
        if old_bill is None or bill.status_on(today) != old_bill.status_on(today):
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
