"""Lists of people and the offices they are named to.

Rule "among the deputies are": the people a list names as a chamber's members.

"Among the deputies appointed by the President are A, B and C", "Among the new senators are ...",
"Among the newly elected Mazhilis deputies were ...": each person named after "are" is a member of
the chamber (of the article's, for a bare "deputies"); whoever appointed them stands before "are"
("by Aidar Bekov") and is no member on this sentence's word.

Rule "committee list": "The chamber approved the heads of its standing committees: A (Agrarian
Issues), B (...)": each is the chair of the committee in brackets after the name.
"""

from __future__ import annotations

import re

from bot.core.extraction.holders import APPOINT, note
from bot.core.extraction.names import NameHit, Person
from bot.core.extraction.results import Change
from bot.core.models import PartialDate

_AMONG = re.compile(
    r"^Among\s+(?:the\s+)?(?:new(?:ly\s+(?:appointed|elected))?\s+)?"
    r"(?:(?P<body>Senate|Mazhilis|Majilis|Kurultai)\s+)?"
    r"(?P<who>deputies|senators|members\s+of\s+the\s+(?P<of>Senate|Mazhilis|Majilis|Kurultai))"
    r"(?![\w'’])[^.;:]*?\s(?:are|were)\s",
    re.I,
)
# The chamber's member: the canonical office and, where it differs, the list's own words.
_MEMBER = {
    "senate": ("Senator", "Deputy of the Senate"),
    "mazhilis": ("Deputy of the Mazhilis", ""),
    "kurultai": ("Deputy of the Kurultai", ""),
}


def relate_members_listed(sentence: str, names: list[tuple[NameHit, Person]],
                          chamber: str | None, date: PartialDate | None) -> None:
    among = _AMONG.match(sentence)
    if among is None:
        return
    which = (among.group("body") or among.group("of") or "").lower()
    if not which:
        which = "senate" if among.group("who").lower() == "senators" else (chamber or "")
    title, wording = _MEMBER.get({"majilis": "mazhilis"}.get(which, which), ("", ""))
    if not title:
        return  # "Among the deputies are ..." of no chamber the article names
    if among.group("who").lower() == "senators":
        wording = ""
    for hit, person in names:
        if hit.start >= among.end():
            note(person, title, date, "seen", sentence, "among the members", wording)


# "The chamber approved the heads of its standing committees: Yerlan Barlybayev (Agrarian
# Issues), Kanat Musin (Legislation and Judicial-Legal Reform), ..."
_COMMITTEE_HEADS = re.compile(
    r"\b(?:heads|chairs|chairmen|chairpersons|chairwomen|chairs)\s+of\s+(?:its|the|their)\s+"
    r"(?:\w+\s+)?committees\b",
    re.I,
)
_CHAMBER_NAMES = {"mazhilis": "Mazhilis", "senate": "Senate", "kurultai": "Kurultai"}
_CHOSE = re.compile(r"\b(?:approved|elected|appointed|confirmed)\b", re.I)


def relate_committee_heads(
    sentence: str, names: list[tuple[NameHit, Person]], chamber: str | None,
    date: PartialDate | None,
) -> None:
    lead = _COMMITTEE_HEADS.search(sentence)
    if lead is None:
        return
    body = _CHAMBER_NAMES.get(chamber or "")
    for hit, person in names:
        if hit.start < lead.end():
            continue
        topic = re.match(r"\s*\(([^()]{3,80})\)", sentence[hit.end :])
        if topic is None:
            continue
        committee = f"the {body} Committee" if body else "the Committee"
        title = f"Chairman of {committee} on {topic.group(1).strip()}"
        told = sentence[: lead.start()]
        change: Change = "start" if APPOINT.search(told) or _CHOSE.search(told) else "seen"
        note(person, title, date, change, sentence, "committee list")
