"""The stages of bills a sentence tells, clause by clause, each with its own date.

A sentence is cut into clauses ("The Mazhilis adopted the Tax Code; the Budget Code is still under
consideration" is two); each clause's stage goes to the bills named in it, else to the bills of
the clause before ("... adopted the law and sent it to the Head of State"), else (in
``extract``) to the bill the article was last talking about. A stage is what the text states
happened: a hypothetical ("if the Senate approves it"), a future entry into force, or a
retrospective gerund ("pointed to adopting the Social Code") is none, and an adoption whose
chamber the text does not name is none either.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.core.dates import DatePhrase
from bot.core.extraction import kurultai
from bot.core.extraction.bills import BillHit
from bot.core.models import PartialDate

# "If the upper chamber approves them, ...", "Once it takes effect, ...": not a stage reached.
_HYPOTHETICAL = re.compile(r"^\W*(?:if|once|unless|should|whether)\b", re.I)
_FUTURE = re.compile(
    r"\b(?:will|would|shall|is\s+to|are\s+to|expected\s+to|set\s+to|due\s+to|going\s+to|plans?"
    r"\s+to|intends?\s+to|so\s+that\s+it\s+can|can\s+take)\b",
    re.I,
)

_STATUS_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    # "enters into force today", "has officially come into force", "took effect on 1 July"
    (
        "in_force",
        re.compile(
            r"\b(?:enter\w*|came|come|comes|coming|went|go|goes)\s+into\s+(?:force|effect)\b"
            r"|\b(?:takes?|took|taken|take)\s+effect\b|\bin\s+force\b",
            re.I,
        ),
    ),
    ("rejected", re.compile(r"\b(?:rejected|rejects|voted\s+down|vetoed|vetoes)\b", re.I)),
    # "returned the bill to the Mazhilis with amendments", "sent back"
    ("returned", re.compile(r"\b(?:returned|returns|sent\b.{0,80}?\bback)\b", re.I)),
    # "signed into law", "the Head of State signed"; not "the agreement was signed in Aktau"
    (
        "signed",
        re.compile(
            r"\bsigned\b(?!\s+(?:in|at|on\s+behalf|by\s+the\s+leaders)\b)"
            r"|\bsigns\s+(?:the|a|an|into)\b",
            re.I,
        ),
    ),
    # "sent it to the Head of State for signature": the Senate has passed it
    (
        "sent_for_signature",
        re.compile(r"\b(?:sent|submitted|forwarded)\b.{0,30}\bfor\s+(?:his\s+)?signature\b", re.I),
    ),
    # "the Mazhilis agreed with the Senate's amendments": both chambers have now passed it, as
    # when the Senate adopts it; it goes to the President
    (
        "sent_for_signature",
        re.compile(r"\bagree[ds]?\s+(?:with|to)\s+(?:the\s+)?(?:Senate's\s+|senators'\s+)amendments", re.I),
    ),
    # "plans include", "to be drafted", "will consider", "the Government expects ... adopted"
    (
        "planned",
        re.compile(
            r"\b(?:plans?|planned|planning|(?:will|would)\s+(?:be\s+)?(?:consider\w*|adopt\w*"
            r"|develop\w*|draft\w*|submit\w*|introduc\w*|discuss\w*|complet\w*|pass\w*)"
            r"|to\s+be\s+(?:considered|adopted|developed|drafted|submitted|introduced|passed)"
            r"|intends?|upcoming|expected\s+to\s+be|scheduled|agenda|tasks?|tasked|proposed"
            r"|drafting\s+of|revising|revision\s+of|to\s+(?:develop|draft|revise"
            r"|prepare))\b",
            re.I,
        ),
    ),
    # "approved in the first reading", "backed, in the first reading, ..."
    ("first_reading", re.compile(r"\bfirst\s+reading\b", re.I)),
    # Which chamber adopted is worked out by ``_adoption_stage``.
    (
        "adopted",
        re.compile(
            r"\b(?:adopted|adopts|passed|passes|approved|approves|ratified|ratifies|endorsed"
            r"|endorses|backed|backs|voted\b.{0,40}?\b(?:for|to\s+(?:pass|adopt|approve)))\b",
            re.I,
        ),
    ),
    # "is considering", "under consideration", "started work on", "considered"
    (
        "under_consideration",
        re.compile(
            r"\b(?:consider\w*|under\s+consideration|submitted|introduced|discuss\w*|being\s+"
            r"(?:developed|drafted|agreed)|working\s+on|started\s+work|initiated|review\w*"
            r"|goes\s+to|now\s+goes|not\s+finished|still\s+working|continues?\s+(?:to\s+)?work)\b",
            re.I,
        ),
    ),
)
_STATUS_PATTERNS = dict(_STATUS_RULES)

_PAST_STAGES = frozenset(
    {"first_reading", "adopted_mazhilis", "adopted_senate", "signed", "returned", "rejected"}
)
_CHAMBER = re.compile(
    r"\b(Mazhilis|Majilis|Majlis|deputies|MPs|lower\s+(?:house|chamber)|Senate|senators"
    r"|upper\s+(?:house|chamber)|Parliament|parliament)\b",
    re.I,
)
_BY_CHAMBER = re.compile(
    r"^\W*(?:\w+\s+){0,3}?by\s+(?:the\s+)?(Mazhilis|Majilis|Majlis|deputies|MPs|lower\s+"
    r"(?:house|chamber)|Senate|senators|upper\s+(?:house|chamber)|Parliament|parliament"
    rf"|{kurultai.SPELLINGS})\b",
    re.I,
)
_PARLIAMENT_OF = re.compile(
    r"\b(?:of|in)\s+(?:the\s+)?(?:\w+'s\s+|Kazakh\s+|bicameral\s+)*(?:bicameral\s+)?parliament\b",
    re.I,
)
_MAZHILIS = re.compile(r"mazhilis|majilis|majlis|deputies|mps|lower", re.I)


def chamber_of(text: str) -> str | None:
    """The chamber a text names last: "mazhilis", "senate", "parliament" or "kurultai"."""
    # "the Mazhilis, the lower house of Kazakhstan's parliament, approved": the appositive's
    # "parliament" is not the chamber that acted.
    text = _PARLIAMENT_OF.sub(" ", text)
    found = [(m.start(), m.group(1)) for m in _CHAMBER.finditer(text)]
    if kurultai.may_name(text):  # the Kurultai, Parliament of one chamber from 2026
        found = sorted([*found, *((m.start(), "kurultai") for m in kurultai.PARLIAMENT.finditer(text))])
    if not found:
        return None
    last = found[-1][1].lower()
    if last == "kurultai":
        return "kurultai"
    if _MAZHILIS.match(last):
        return "mazhilis"
    return "parliament" if last == "parliament" else "senate"


def _adoption_stage(clause: str, sentence_before: str, chamber_hint: str | None) -> str | None:
    """Which chamber adopted: the one named "by" after the verb, else the last one named before
    it in the clause or the sentence, else the one the article is about. "Adopted by Parliament"
    means both chambers have passed it. No chamber named anywhere: no stage, none invented."""
    clause = re.sub(
        r"\s+of\s+the\s+Parliament(?:\s+of\s+(?:the\s+Republic\s+of\s+)?Kazakhstan)?",
        "", clause, flags=re.I,
    )
    verb = _STATUS_PATTERNS["adopted"].search(clause)
    if verb is None:
        return None
    after = _BY_CHAMBER.match(clause[verb.end() :])
    chamber = (
        chamber_of(after.group(1)) if after else None
    ) or chamber_of(sentence_before + " " + clause[: verb.start()])
    if chamber is None and kurultai.LATER_READING.search(clause):
        chamber = "mazhilis"  # readings are the Mazhilis's procedure
    chamber = chamber or chamber_hint
    if chamber is None:
        return None
    return "adopted_mazhilis" if chamber == "mazhilis" else "adopted_senate"


def _stage(
    clause: str, sentence_before: str, chamber_hint: str | None, future_date: bool
) -> str | None:
    if _HYPOTHETICAL.search(clause):
        return None
    future = bool(_FUTURE.search(clause))
    for status, pattern in _STATUS_RULES:
        if not pattern.search(clause):
            continue
        if status == "in_force":
            if future or future_date:
                return None  # "will enter into force on 1 January 2027": a mention, no stage
            return status
        if status == "sent_for_signature":
            return "adopted_senate"
        if future and status in _PAST_STAGES | {"adopted"}:
            return "planned"  # "the Senate will adopt", "expected to be signed"
        if status == "adopted":
            return _adoption_stage(clause, sentence_before, chamber_hint)
        return status
    return None


# "It was adopted by the Mazhilis in March and approved by the Senate in June" is two stages;
# "..., which is under consideration" is about the bill just before it.
_CLAUSE_BREAK = re.compile(
    r";\s*|,\s+(?=(?:which|while|whereas|but)\b)|,?\s+and\s+(?=(?:was\s+|were\s+|then\s+|later"
    r"\s+|also\s+|has\s+|have\s+)?(?:adopt|approv|pass|sign|return|reject|sent|enter|came|submit"
    r"|consider|ratif|endors|back)\w*)|,?\s+(?:and\s+)?(?=the\s+(?:remaining|other|rest)\b)",
    re.I,
)


_SIGNED_BY_PRESIDENT = re.compile(
    r"\b(?:President|Head\s+of\s+State|Tokayev|Toqaev)\b[\w\s'-]{0,40}?\bsign(?:ed|s)\b"
    r"|\bsigned\s+(?:into\s+law|by\s+(?:the\s+)?(?:President|Head)|the\s+law)",
    re.I,
)


@dataclass(frozen=True)
class StageFound:
    status: str
    date: PartialDate | None
    bills: tuple[BillHit, ...]  # empty: the sentence names no bill for it (see ``extract``)
    by_states: bool = False  # "signed" by countries, not by the President: no stage of a treaty
    scheduled: bool = False  # announced for ``date``, still ahead of the article


def stages_of(
    sentence: str,
    bills: Sequence[BillHit],
    phrases: Sequence[DatePhrase],
    date: PartialDate | None,
    chamber_hint: str | None = None,
) -> list[StageFound]:
    """The stages a sentence tells, each with its own date and the bills it is about."""
    found: list[StageFound] = []
    cuts = [0, *(m.end() for m in _CLAUSE_BREAK.finditer(sentence)), len(sentence)]
    previous_bills: tuple[BillHit, ...] = ()
    for start, end in itertools.pairwise(cuts):
        clause = sentence[start:end]
        in_clause = tuple(b for b in bills if start <= b.start < end)
        # "the law on the republican budget for 2025-2027": a title's years date nothing
        clause_phrases = [p for p in phrases if start <= p.start < end
                          and not any(b.start <= p.start < b.end for b in bills)]
        future_date = date is not None and any(p.date.start() > date.end() for p in clause_phrases)
        status = _stage(clause, sentence[:start], chamber_hint, future_date)
        ahead = [p for p in clause_phrases if date is not None and p.date.start() > date.end()]
        if status is None and ahead and _STATUS_PATTERNS["in_force"].search(clause) and not (
            _HYPOTHETICAL.search(clause)
        ):
            # "The law will enter into force on 1 January 2027": in force from that day.
            targets = in_clause or previous_bills
            found.append(StageFound("in_force", ahead[0].date, targets, scheduled=True))
        if status is not None:
            targets = in_clause
            if not targets and re.match(r"\W*(?:which|that)\b", clause, re.I):
                targets = tuple(b for b in bills if b.start < start)[-1:]
            targets = targets or previous_bills
            by_states = status == "signed" and not _SIGNED_BY_PRESIDENT.search(clause)
            if by_states:
                # "Kazakhstan and China signed the document": an agreement signed by states
                # is not a law signed by the President.
                targets = tuple(b for b in targets if b.kind != "agreement")
            stage_date = date
            if status in _PAST_STAGES or status == "in_force":
                for phrase in clause_phrases:
                    if date is None or phrase.date.start() <= date.end():
                        stage_date = phrase.date
                        break
            # the Mazhilis and the Senate until 1 July 2026, the Kurultai from that day
            status = kurultai.stage_by_era(status, sentence[:end], stage_date, chamber_hint)
            if status is not None:
                found.append(StageFound(status, stage_date, targets, by_states))
        if in_clause:
            previous_bills = in_clause
    return found


# "The law will enter into force ...": a sentence about the bill of the sentence before.
BILL_ANAPHORA = re.compile(
    r"\b(?:the|this|that)\s+(?:new\s+|draft\s+|adopted\s+)?(law|code|bill|document|draft"
    r"|convention|agreement|treaty|amendments)\b"
    r"|^(?:It|They)\s+(?:was|were|will|is|are|has|have)\b",
    re.I,
)
