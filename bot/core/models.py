"""The domain: plain frozen dataclasses, no Telegram and no TinyDB.

Everything the bot knows is one of these. They convert to and from plain dicts (``to_dict`` /
``from_dict``) so the store can keep them as JSON and ``export`` can print them as the
command-line contract says.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal

from bot.core.json_types import JsonObject

Precision = Literal["day", "month", "year"]


# Statuses in order of progress (CONTRACT.md). "returned" and "rejected" are off the main line:
# they rank by date only, so a later "returned" beats an earlier "adopted_mazhilis".
# "adopted_mazhilis" and "adopted_senate" are stages of the Parliament of two chambers (until
# 1 July 2026), "second_reading" and "adopted_kurultai" (its third reading) of the Kurultai.
class BillStatus(StrEnum):
    PLANNED = "planned"
    UNDER_CONSIDERATION = "under_consideration"
    FIRST_READING = "first_reading"
    SECOND_READING = "second_reading"
    ADOPTED_MAZHILIS = "adopted_mazhilis"
    ADOPTED_SENATE = "adopted_senate"
    ADOPTED_KURULTAI = "adopted_kurultai"
    SIGNED = "signed"
    IN_FORCE = "in_force"
    RETURNED = "returned"
    REJECTED = "rejected"


STATUSES = tuple(BillStatus)
STATUS_RANK: dict[str, int] = {status: rank for rank, status in enumerate(STATUSES)}
# A stage's status by its stored name: a dict lookup, where ``BillStatus(name)`` goes through
# Enum's machinery (175,000 stages are read at 30,000 events).
_STATUS_OF: dict[str, BillStatus] = {status.value: status for status in BillStatus}


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date known to a day, a month or only a year ("in April 2024", "by 2029")."""

    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        if not 1 <= self.year <= 9999:
            raise ValueError(f"year out of range: {self.year}")
        if self.month is None and self.day is not None:
            raise ValueError("a day needs a month")
        if self.month is not None and not 1 <= self.month <= 12:
            raise ValueError(f"month out of range: {self.month}")
        if self.day is not None:
            assert self.month is not None
            dt.date(self.year, self.month, self.day)  # raises ValueError on 30 February

    @property
    def precision(self) -> Precision:
        if self.day is not None:
            return "day"
        if self.month is not None:
            return "month"
        return "year"

    def iso(self) -> str:
        """ISO text cut to the precision: ``2024``, ``2024-04`` or ``2024-04-19``."""
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    @classmethod
    def from_iso(cls, text: str) -> PartialDate:
        parts = text.strip().split("-")
        if not 1 <= len(parts) <= 3 or not all(p.isdigit() for p in parts) or len(parts[0]) != 4:
            raise ValueError(f"not an ISO date: {text!r}")
        numbers = [int(p) for p in parts]
        return cls(*numbers)

    @classmethod
    def from_date(cls, day: dt.date) -> PartialDate:
        return cls(day.year, day.month, day.day)

    # start, end and sort_key are computed once per date: sorting 30,000 events and 75,000
    # mentions asks them hundreds of thousands of times, of dates shared by many (read once,
    # ``date_or_none``), and a frozen date never changes.
    def start(self) -> dt.date:
        """First day of the period this date covers."""
        return self._start

    @functools.cached_property
    def _start(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    def end(self) -> dt.date:
        """Last day of the period this date covers."""
        return self._end

    @functools.cached_property
    def _end(self) -> dt.date:
        if self.day is not None:
            assert self.month is not None
            return dt.date(self.year, self.month, self.day)
        if self.month is not None:
            return dt.date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])
        return dt.date(self.year, 12, 31)

    def sort_key(self) -> tuple[int, int, int]:
        """Orders by start, and a vaguer date before a precise one that starts the same day."""
        return self._sort_key

    @functools.cached_property
    def _sort_key(self) -> tuple[int, int, int]:
        return (
            self.start().toordinal(),
            0 if self.precision == "year" else 1,
            2 if self.precision == "day" else 0,
        )


def name(value: str) -> str:
    """One shared copy of a name that recurs across the knowledge (ids of events, officials and
    bills, offices, sources, stages): decoded from JSON, each occurrence would be a string of
    its own, and at 30,000 events they were a third of the memory the knowledge took. Only a
    plain ``str`` can be shared so; anything else (a ``BillStatus``) is returned as it is."""
    return sys.intern(value) if type(value) is str else value


def names(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(map(name, values))


def name_or_none(value: str | None) -> str | None:
    return name(value) if value is not None else None


def iso_or_none(value: PartialDate | None) -> str | None:
    return value.iso() if value is not None else None


def date_or_none(value: str | None) -> PartialDate | None:
    return _date_from_iso(value) if value else None


@functools.lru_cache(maxsize=1 << 16)
def _date_from_iso(value: str) -> PartialDate:
    """Dates repeat across a knowledge base of years (every position, stage and mention has
    some): parsed once each, and one frozen object shared, not one per mention."""
    return PartialDate.from_iso(value)


@dataclass(frozen=True, slots=True)
class Article:
    """One news article as it arrives, with what a manifest may add to its text."""

    text: str
    source: str = ""
    title: str | None = None
    date: PartialDate | None = None
    name: str = ""  # file name or other origin, for messages only
    url: str | None = None  # where a web page came from: its identity (see ``extract.article_id``)


@dataclass(frozen=True, slots=True)
class Mention:
    """A dated phrase about another moment: "an international conference ... in April 2024".

    ``kind`` is "anniversary" when the article itself states one ("30 years since the beginning of
    the work of maslikhats"); then ``years`` is how many and ``date`` the year it is reached.
    """

    date: PartialDate
    text: str
    kind: Literal["dated", "anniversary"] = "dated"
    years: int | None = None

    def to_dict(self) -> JsonObject:
        data: JsonObject = {
            "date": self.date.iso(),
            "date_precision": self.date.precision,
            "text": self.text,
        }
        if self.kind != "dated":
            data["kind"] = self.kind
            data["years"] = self.years
        return data

    @classmethod
    def from_dict(cls, data: JsonObject) -> Mention:
        return cls(
            date=_date_from_iso(data["date"]),
            text=data["text"],
            kind=data.get("kind", "dated"),
            years=data.get("years"),
        )


@dataclass(frozen=True, slots=True)
class Position:
    """An office held, as far as the articles tell, and where each fact was read.

    ``since`` / ``until`` are set only when a text states the start or the end (appointed,
    elected, released, "since 2019"). ``first_seen`` / ``last_seen`` are the dates of the first
    and last articles that show the person in the office. ``event`` (with the sentence,
    ``evidence``) is the article the start was read from, else the first that showed the person
    in office; ``until_event`` the one that ended it; ``last_event`` the one of ``last_seen``.
    """

    title: str
    since: PartialDate | None = None
    until: PartialDate | None = None
    first_seen: PartialDate | None = None
    last_seen: PartialDate | None = None
    event: str | None = None
    evidence: str = ""
    until_event: str | None = None
    until_evidence: str = ""
    last_event: str | None = None
    # Left office by this date, when exactly not stated: "former Prime Minister X" in an article
    # of that date ("previously served as ..."). The end is not made up: ``until`` stays unset.
    ended_by: PartialDate | None = None
    # The office as the sentence of ``evidence`` writes it ("Interior Minister"), when that is
    # not ``title``, its canonical name: the export gives it as the position's "title" (what the
    # article states) and the canonical name as "office" (one name per post, what cards show).
    wording: str = ""

    def to_dict(self) -> JsonObject:
        return {
            "title": self.wording or self.title,
            "office": self.title,
            "since": iso_or_none(self.since),
            "until": iso_or_none(self.until),
            "first_seen": iso_or_none(self.first_seen),
            "last_seen": iso_or_none(self.last_seen),
            "event": self.event,
            "evidence": self.evidence,
            "until_event": self.until_event,
            "until_evidence": self.until_evidence,
            "last_event": self.last_event,
            "ended_by": iso_or_none(self.ended_by),
        }

    @classmethod
    def from_dict(cls, data: JsonObject) -> Position:
        office = name(data.get("office") or data["title"])  # a record of before it: the title
        return cls(
            office,
            date_or_none(data.get("since")),
            date_or_none(data.get("until")),
            date_or_none(data.get("first_seen")),
            date_or_none(data.get("last_seen")),
            name_or_none(data.get("event")),
            data.get("evidence") or "",
            name_or_none(data.get("until_event")),
            data.get("until_evidence") or "",
            name_or_none(data.get("last_event")),
            date_or_none(data.get("ended_by")),
            data["title"] if data["title"] != office else "",
        )

    @property
    def begins(self) -> PartialDate | None:
        """The earliest evidence of holding the office: the stated start or the first article
        showing it, whichever is earlier (a re-election after years in office has both)."""
        known = [d for d in (self.since, self.first_seen) if d is not None]
        return min(known, key=PartialDate.sort_key) if known else None

    @property
    def latest_evidence(self) -> PartialDate | None:
        """The latest date the articles place the person in (or entering) the office."""
        known = [d for d in (self.since, self.last_seen) if d is not None]
        return max(known, key=PartialDate.sort_key) if known else None

    def sort_key(self) -> tuple[int, int, int]:
        when = self.begins or self.until or self.ended_by
        return when.sort_key() if when else (0, 0, 0)

    @property
    def is_open(self) -> bool:
        """No end known: neither stated nor inferred, nor told by an undated article ("former
        Supreme Court chair X" with no date: ``until_event`` alone)."""
        return self.until is None and self.ended_by is None and self.until_event is None

    def held_on(self, day: dt.date) -> bool:
        """Whether the articles place the person in office on ``day``, taking a term to go on
        from its earliest evidence until a stated end (never before the evidence starts).

        A position known only by its end ("previously served as") was held on its last day.
        """
        first = self.begins or self.until
        if first is None or day < first.start():
            return False
        if self.ended_by is not None and day >= self.ended_by.start():
            return False
        return not (self.until is not None and day > self.until.end())


@dataclass(frozen=True, slots=True)
class Official:
    id: str
    name: str
    aliases: tuple[str, ...] = ()
    positions: tuple[Position, ...] = ()

    def to_dict(self) -> JsonObject:
        return {
            "id": self.id,
            "name": self.name,
            "aliases": list(self.aliases),
            "positions": [p.to_dict() for p in self.positions],
        }

    @classmethod
    def from_dict(cls, data: JsonObject) -> Official:
        return cls(
            name(data["id"]),
            data["name"],
            tuple(data.get("aliases", ())),
            tuple(Position.from_dict(p) for p in data.get("positions", ())),
        )

    @property
    def current_positions(self) -> tuple[Position, ...]:
        return tuple(p for p in self.positions if p.is_open)

    def end_inferred(self, position: Position) -> bool:
        """Whether the term's end was read from a sentence that does not name the official: a
        successor's appointment ("X was appointed minister"), not "Y was relieved of his post"."""
        if position.until is None or not position.until_evidence:
            return False
        words = {w.casefold() for n in (self.name, *self.aliases) for w in n.split()
                 if len(w) > 3 and not w.endswith(".")}
        said = {w.casefold().strip(".,;:!?\"'«»()’") for w in position.until_evidence.split()}
        return not words & said


@dataclass(frozen=True, slots=True)
class BillStage:
    date: PartialDate | None
    status: BillStatus
    event: str
    # The sentence the stage was read from; not part of a stage's identity.
    evidence: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        # a status read from a file or written as its name is checked here, once
        if type(self.status) is not BillStatus:
            object.__setattr__(self, "status", _STATUS_OF.get(self.status)
                               or BillStatus(self.status))

    def to_dict(self) -> JsonObject:
        data: JsonObject = {
            "date": iso_or_none(self.date), "status": self.status, "event": self.event}
        if self.evidence:
            data["evidence"] = self.evidence
        return data

    @classmethod
    def from_dict(cls, data: JsonObject) -> BillStage:
        return cls(date_or_none(data.get("date")), data["status"], name(data["event"]),
                   data.get("evidence") or "")

    def order_key(self) -> tuple[tuple[int, int, int], int, str]:
        """By date, then progress; the event id breaks ties so the order never depends on
        set iteration (hash seeds)."""
        date_key = self.date.sort_key() if self.date else (0, 0, 0)
        return (date_key, STATUS_RANK.get(self.status, -1), self.event)


@dataclass(frozen=True)
class Bill:
    id: str
    title: str
    kind: str
    history: tuple[BillStage, ...] = ()
    # Stages announced for a date still ahead when read ("will enter into force on 1 January
    # 2027"): a stage from that date on, not before.
    scheduled: tuple[BillStage, ...] = ()

    @functools.cached_property
    def _latest(self) -> BillStage | None:
        """The furthest stage of the history (computed once per Bill: it is immutable)."""
        return max(self.history, key=BillStage.order_key) if self.history else None

    def reported_on(self, day: dt.date) -> BillStatus | None:
        """The latest stage the articles report reached by ``day``: latest by date, and the
        furthest along on the same date; a scheduled stage counts from its date. None for a
        bill only mentioned (no article says where it stands)."""
        reached = [s for s in self.scheduled if s.date and s.date.start() <= day]
        if self._latest is not None:
            reached.append(self._latest)
        if not reached:
            return None
        return max(reached, key=BillStage.order_key).status

    def status_on(self, day: dt.date) -> BillStatus:
        """``reported_on``, with a bill only mentioned counted as under consideration (the
        contract's statuses have no "mentioned")."""
        return self.reported_on(day) or BillStatus.UNDER_CONSIDERATION

    @property
    def display_title(self) -> str:
        """ "Water Code" as it is; a law named by its quoted title gets its kind in front."""
        if self.title.startswith("On "):
            return f"{self.kind.capitalize()} “{self.title}”"
        return self.title

    def to_dict(self) -> JsonObject:
        """What is stored: no status, which depends on the day it is asked (``exported``)."""
        return {
            "id": self.id,
            "title": self.title,
            "kind": self.kind,
            "history": [s.to_dict() for s in self.history],
            **({"scheduled": [s.to_dict() for s in self.scheduled]} if self.scheduled else {}),
        }

    def exported(self, day: dt.date) -> JsonObject:
        """The shape of ``export`` (CONTRACT.md): the stored fields and the status on ``day``."""
        stored = self.to_dict()
        return {"id": self.id, "title": self.title, "kind": self.kind,
                "status": self.status_on(day), **stored}

    @classmethod
    def from_dict(cls, data: JsonObject) -> Bill:
        return cls(
            name(data["id"]),
            data["title"],
            name(data["kind"]),
            tuple(BillStage.from_dict(s) for s in data.get("history", ())),
            tuple(BillStage.from_dict(s) for s in data.get("scheduled", ())),
        )


@dataclass(frozen=True, slots=True)
class Event:
    id: str
    date: PartialDate | None
    title: str
    source: str = ""
    summary: str = ""
    officials: tuple[str, ...] = ()
    bills: tuple[str, ...] = ()
    mentions: tuple[Mention, ...] = ()
    # The article's text; None when it is not held in memory: the store that reads part files
    # keeps it only on disk (110 MB at 100,000 events) and reads it when it is needed
    # (``KnowledgeView.event_text``). Never "" in its place: "" is an empty article, and
    # correcting or writing it would replace the stored text.
    text: str | None = field(default="", repr=False)
    url: str | None = None

    def to_dict(self, with_text: bool = True) -> JsonObject:
        data: JsonObject = {
            "id": self.id,
            "date": iso_or_none(self.date),
            "date_precision": self.date.precision if self.date else None,
            "title": self.title,
            "source": self.source,
            "summary": self.summary,
            "officials": list(self.officials),
            "bills": list(self.bills),
            "mentions": [m.to_dict() for m in self.mentions],
        }
        if self.url:
            data["url"] = self.url
        if with_text:
            if self.text is None:
                raise ValueError(f"event {self.id}: its text is not held here, and writing it "
                                 "without would lose the article")
            data["text"] = self.text
        return data

    @classmethod
    def from_dict(cls, data: JsonObject, with_text: bool = True) -> Event:
        """The event a stored document holds; without its text (None) if not ``with_text``."""
        return cls(
            id=name(data["id"]),
            date=date_or_none(data.get("date")),
            title=data["title"],
            source=name(data.get("source", "")),
            summary=data.get("summary", ""),
            officials=names(data.get("officials", ())),
            bills=names(data.get("bills", ())),
            mentions=tuple(Mention.from_dict(m) for m in data.get("mentions", ())),
            text=data.get("text", "") if with_text else None,
            url=data.get("url"),
        )

    def sort_key(self) -> tuple[tuple[int, int, int], str]:
        return (self.date.sort_key() if self.date else (0, 0, 0), self.id)
