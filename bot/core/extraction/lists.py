"""Rule "among the deputies are": the people a list names as a chamber's members.

"Among the deputies appointed by the President are A, B and C", "Among the new senators are ...",
"Among the newly elected Mazhilis deputies were ...": each person named after "are" is a member of
the chamber (of the article's, for a bare "deputies"); whoever appointed them stands before "are"
("by Aidar Bekov") and is no member on this sentence's word.
"""

from __future__ import annotations

import re

from bot.core.extraction.holders import note
from bot.core.extraction.names import NameHit, Person
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
