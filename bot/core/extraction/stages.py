"""The stages of a bill a sentence tells, clause by clause, each with its own date."""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.core.dates import DatePhrase
from bot.core.models import PartialDate

_STATUS_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "in_force",
        re.compile(
            r"\b(?:enter\w*|came|come|comes|coming|went|go|goes)\s+into\s+"
            r"(?:force|effect)\b|\btakes?\s+effect\b|\bin\s+force\b",
            re.I,
        ),
    ),
    ("rejected", re.compile(r"\b(?:reject\w*|voted\s+down|vetoed)\b", re.I)),
    ("returned", re.compile(r"\b(?:returned|sent\s+back)\b", re.I)),
    ("signed", re.compile(r"\b(?:signed|signs)\b", re.I)),
    (
        "planned",
        re.compile(
            r"\b(?:plans?|planned|planning|(?:will|would)\s+(?:be\s+)?(?:consider\w*|adopt\w*"
            r"|develop\w*|draft\w*|submit\w*|introduc\w*|discuss\w*)|to\s+be\s+"
            r"(?:considered|adopted|developed|submitted|introduced)|intends?|"
            r"upcoming|expected\s+to\s+be)\b",
            re.I,
        ),
    ),
    ("first_reading", re.compile(r"\bfirst\s+reading\b", re.I)),
    # Which chamber adopted is worked out by ``_adoption_stage``.
    (
        "adopted",
        re.compile(
            r"\b(?:adopt(?:ed|ing|ion|s)?|pass(?:ed|es|ing)?|approv(?:ed|es|ing"
            r"|al))\b|\b(?:second|third)\s+reading\b",
            re.I,
        ),
    ),
    (
        "under_consideration",
        re.compile(
            r"\b(?:consider\w*|under\s+consideration|submitted|introduced|discuss\w*|being\s+"
            r"(?:developed|drafted)|working\s+on|initiated|review\w*)\b",
            re.I,
        ),
    ),
)
_STATUS_PATTERNS = dict(_STATUS_RULES)

_PAST_STAGES = frozenset(
    {"first_reading", "adopted_mazhilis", "adopted_senate", "signed", "returned", "rejected"}
)
_CHAMBER = re.compile(r"\b(Mazhilis|Majilis|Majlis|deputies|Senate|senators|Parliament)\b", re.I)
_BY_CHAMBER = re.compile(
    r"^\W*(?:\w+\s+){0,3}?by\s+(?:the\s+)?(Mazhilis|Majilis|Majlis|deputies"
    r"|Senate|senators|Parliament)\b",
    re.I,
)
_MAZHILIS = frozenset({"mazhilis", "majilis", "majlis", "deputies"})


def _adoption_stage(clause: str) -> str:
    """Which chamber adopted: the one named "by" after the verb, else the last one named before
    it ("the Mazhilis of the Parliament adopted" is the Mazhilis). Since 2023 the Mazhilis adopts
    laws and the Senate approves them; "adopted" with no chamber, or by Parliament, means both
    chambers have passed it."""
    clause = re.sub(
        r"\s+of\s+the\s+Parliament(?:\s+of\s+(?:the\s+Republic\s+of\s+)?"
        r"Kazakhstan)?",
        "",
        clause,
        flags=re.I,
    )
    verb = _STATUS_PATTERNS["adopted"].search(clause)
    if verb is None:
        return "adopted_senate"
    after = _BY_CHAMBER.match(clause[verb.end() :])
    before = [m.group(1).lower() for m in _CHAMBER.finditer(clause[: verb.start()])]
    if after:
        chamber = after.group(1).lower()
    elif before:
        chamber = before[-1]
    elif re.search(r"\b(?:second|third)\s+reading\b", clause, re.I):
        chamber = "mazhilis"  # readings are the Mazhilis's procedure
    else:
        return "adopted_senate"
    return "adopted_mazhilis" if chamber in _MAZHILIS else "adopted_senate"


def _stage(clause: str) -> str | None:
    for status, pattern in _STATUS_RULES:
        if pattern.search(clause):
            if (
                status == "in_force"
                and re.search(r"\bwill\b", clause, re.I)
                and not re.search(r"\d", clause)
            ):
                return None  # "will enter into force ten days after publication": no date yet
            return _adoption_stage(clause) if status == "adopted" else status
    return None


# "It was adopted by the Mazhilis in March and approved by the Senate in June" is two stages.
_CLAUSE_BREAK = re.compile(
    r";\s*|,?\s+and\s+(?=(?:was\s+|were\s+|then\s+|later\s+)?(?:adopt|approv|pass|sign|return"
    r"|reject|sent|enter|came|submit|consider)\w*)",
    re.I,
)
# "The law will enter into force ...": a sentence about the bill of the sentence before.
BILL_ANAPHORA = re.compile(
    r"\b(?:the|this|that)\s+(?:new\s+|draft\s+|adopted\s+)?(law|code|bill|document|draft)\b"
    r"|^(?:It|They)\s+"
    r"(?:was|were|will|is|are|has|have)\b",
    re.I,
)


def stages_of(
    sentence: str, phrases: Sequence[DatePhrase], date: PartialDate | None
) -> list[tuple[str, PartialDate | None]]:
    """The stages a sentence tells, each with its own date where the clause gives one."""
    stages: list[tuple[str, PartialDate | None]] = []
    position = 0
    for clause in _CLAUSE_BREAK.split(sentence):
        start = sentence.find(clause, position)
        position = max(position, start + len(clause))
        status = _stage(clause)
        if status is None:
            continue
        stage_date = date
        if status in _PAST_STAGES or status == "in_force":
            for phrase in phrases:
                in_clause = start <= phrase.start < start + len(clause)
                past = date is None or phrase.date.start() <= date.end()
                if in_clause and (status == "in_force" or past):
                    stage_date = phrase.date
                    break
        if (status, stage_date) not in stages:
            stages.append((status, stage_date))
    return stages


