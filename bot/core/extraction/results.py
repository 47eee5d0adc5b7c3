"""What extraction returns: sightings of officials and bills in one article, and its event."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from bot.core.models import Event, PartialDate

# What a sentence says of an office: held then ("seen"), taken up ("start"), left ("end"), or held
# at some earlier time it does not date ("former": "previously served as finance minister").
Change = Literal["seen", "start", "end", "former"]


@dataclass(frozen=True)
class PositionSighting:
    """What one article says about an office: held ("seen"), taken up ("start") or left ("end")."""

    title: str
    date: PartialDate | None
    change: Change = "seen"
    evidence: str = field(default="", compare=False)  # the sentence it was read from
    frame: str = field(default="", compare=False)  # the rule that tied the person to it
    # The office as the sentence writes it ("Interior Minister"), if not its canonical name.
    wording: str = field(default="", compare=False)


@dataclass(frozen=True)
class OfficialSighting:
    id: str
    name: str
    aliases: tuple[str, ...]
    positions: tuple[PositionSighting, ...] = ()


@dataclass(frozen=True)
class BillSighting:
    """A bill as one article mentions it, with the stages it says the bill reached (maybe none)."""

    id: str
    title: str
    kind: str
    stages: tuple[tuple[str, PartialDate | None], ...] = ()
    # The sentence each stage was read from, in the order of ``stages``.
    evidence: tuple[str, ...] = field(default=(), compare=False)
    # Stages announced for a later date ("will enter into force on 1 January 2027"), with the
    # sentence: a stage once that date comes, not before.
    scheduled: tuple[tuple[str, PartialDate, str], ...] = ()


@dataclass(frozen=True)
class Extraction:
    event: Event
    officials: tuple[OfficialSighting, ...]
    bills: tuple[BillSighting, ...]


# Times of day, view counters after a date and the scraped "date 2023-11-27" line change when a
# site corrects a timestamp (11:20 -> 11:25); they must not make the same article a new event.
