"""Rule "headline role, lead name": whom a headline's "the President" means.

Press services and agencies write the head of state's news one way: the headline gives the office
("Head of State briefed on the Senate's work", "The President took part in the meeting of the
Senate"), the lead sentence the name ("Aidar Bekov was briefed on ...", "... held with the
participation of Aidar Bekov"), and the rest "the Head of State". The person the lead names is the
President then, on conditions that keep a wrong fact out: the lead names one person in full
with no office of their own there or anywhere in the article (others it names have one: "received
Minister of Energy X"); the lead does not speak of the President as someone else ("Senate Speaker X
said the President ..."); the article names no President itself; nobody else is known to hold the
presidency that day, nor does the person hold another one-person office then.
"""

from __future__ import annotations

import re

from bot.core import gazetteer as gz
from bot.core.extraction.holders import note
from bot.core.extraction.names import NameHit, Person
from bot.core.extraction.roster import Roster
from bot.core.extraction.titles import ROLE
from bot.core.models import PartialDate

PRESIDENT = "President"
FRAME = "headline role, lead name"


def _speaks_of_president(text: str) -> bool:
    """ "The President took part ...", "Head of State briefed ...": the office as a role, not a
    title before a name ("President Tokayev: ...")."""
    text = text if text.lower().startswith("the ") else f"the {text}"
    return any(
        gz.ROLE_REFERENCES[role.group(1).lower()] == PRESIDENT
        and not re.match(r"\s+[A-Z][a-z]", text[role.end():])
        for role in ROLE.finditer(text)
    )


def _holds_another_office(person: Person, date: PartialDate | None) -> bool:
    if person.known is None or date is None:
        return False
    return any(
        p.title != PRESIDENT and p.title not in gz.SHARED_OFFICES and p.held_on(date.start())
        for p in person.known.positions
    )


def read_headline_role(headline: str, lead: str, named: list[tuple[NameHit, Person]],
                       president_named: bool, roster: Roster,
                       date: PartialDate | None) -> None:
    """Give the President's office to the person the lead names, when the rule holds
    (``president_named``: the article names someone as President itself)."""
    if president_named or not _speaks_of_president(headline) or _speaks_of_president(lead):
        return
    # the one named in full with no office here: "Aidar Bekov received Minister of Energy X"
    people = {id(person): person for hit, person in named
              if hit.given is not None and not person.positions and not person.private}
    if len(people) != 1:
        return
    (person,) = people.values()
    if _holds_another_office(person, date):
        return
    known = roster.holder(PRESIDENT, date)
    if known is not None and known.id != person.id:
        return
    note(person, PRESIDENT, date, "seen", lead, FRAME)
