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

import functools
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.core.dates import DatePhrase
from bot.core.extraction import kurultai
from bot.core.extraction.bill_forms import BillHit, cited_in_passing
from bot.core.models import PartialDate

# "If the upper chamber approves them, ...", "Once it takes effect, ...": not a stage reached.
_HYPOTHETICAL = re.compile(r"^\W*(?:if|once|unless|should|whether)\b", re.I)
FUTURE = re.compile(
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
    # "the Senate rejected the bill", "the draft was rejected", "vetoed"; not "the ministry has
    # rejected the criticism": a rejection of something that is no bill is none of the bill
    (
        "rejected",
        re.compile(
            r"\b(?:was|were|been|is|are|being)\s+(?:\w+\s+)?rejected\b|\brejected\s+by\b"
            r"|\breject(?:ed|s)\s+(?:it|them|the\s+(?:\w+\s+){0,3}?(?:bill|law|draft|code|document"
            r"|amendments?|agreement|treaty|convention)s?)\b|\bvoted\s+down|\bveto(?:ed|es)\b",
            re.I,
        ),
    ),
    # "returned the bill to the Mazhilis with amendments", "sent back", "decided to send it back"
    ("returned", re.compile(r"\b(?:returned|returns|(?:sent|send|sends|sending)\b.{0,80}?\bback)\b",
                            re.I)),
    # "signed into law", "the Head of State signed"; not "the agreement was signed in Aktau"
    (
        "signed",
        re.compile(
            r"\bsigned\b(?!\s+(?:in|at|on\s+behalf|by\s+the\s+leaders)\b)"
            r"|\bsigns\s+(?:the|a|an|into)\b|\binked\b",
            re.I,
        ),
    ),
    # "sent it to the Head of State for signature": the Senate has passed it
    (
        "sent_for_signature",
        re.compile(
            r"\b(?:sent|submitted|forwarded|goes|went|go)\b.{0,40}\bfor\s+(?:his\s+|the\s+President's\s+"
            r"|the\s+Head\s+of\s+State's\s+)?signature\b|\bsent\s+(?:it\s+|them\s+)?for\s+signature",
            re.I,
        ),
    ),
    # "the Mazhilis agreed with the Senate's amendments": both chambers have now passed it, as
    # when the Senate adopts it; it goes to the President
    (
        "sent_for_signature",
        re.compile(
            r"\b(?:agree[ds]?\s+(?:with|to)|accepted|passed|backed|supported|approved)\s+(?:the\s+)?"
            r"(?:(?:Senate's\s+|senators'\s+)amendments|amendments\s+(?:put\s+forward|proposed|made"
            r"|introduced)\s+by\s+(?:the\s+)?(?:Senate|senators))",
            re.I,
        ),
    ),
    # "plans include", "to be drafted", "will consider", "the Government expects ... adopted"
    (
        "planned",
        re.compile(
            # "senators will focus on the Tax Code", "the Government is expected to submit it"
            r"\b(?:plans?|planned|planning|(?:will|would|expected\s+to|set\s+to|going\s+to)\s+"
            r"(?:be\s+)?(?:consider\w*|adopt\w*|develop\w*|draft\w*|submit\w*|introduc\w*"
            r"|discuss\w*|complet\w*|pass\w*|review\w*|examin\w*|focus\w*\s+on|take\s+up"
            r"|taken\s+up|work\s+on)"
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
            r"|goes\s+to|now\s+goes|not\s+finished|still\s+working|continues?\s+(?:to\s+)?work"
            r"|work\s+(?:is|was)\s+(?:ongoing|under\s+way|underway|continuing)"
            # "sent to the Government for conclusion": a deputies' draft before it is introduced
            r"|sent\b.{0,80}?\bfor\s+(?:an?\s+)?(?:conclusion|opinion))\b",
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


# A pure function of its text, asked of each sentence up to twice (again with ``home``) and of
# each adoption's clause: remembered, since the same sentences recur (credit lines, boilerplate).
@functools.lru_cache(maxsize=4096)
def chamber_of(text: str, home: str | None = None) -> str | None:
    """The chamber a text names last: "mazhilis", "senate", "parliament" or "kurultai". Senators
    are "deputies" too: in an article about a sitting of the Senate (``home``), "the deputies
    adopted" are senators."""
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
    if home == "senate" and last in ("deputies", "mps"):
        return "senate"
    if _MAZHILIS.match(last):
        return "mazhilis"
    return "parliament" if last == "parliament" else "senate"


def _adoption_stage(clause: str, sentence_before: str, chamber_hint: str | None,
                    home: str | None = None) -> str | None:
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
    ) or chamber_of(sentence_before + " " + clause[: verb.start()], home)
    if chamber is None and kurultai.LATER_READING.search(clause):
        chamber = "mazhilis"  # readings are the Mazhilis's procedure
    chamber = chamber or chamber_hint
    if chamber is None:
        return None
    return "adopted_mazhilis" if chamber == "mazhilis" else "adopted_senate"


# "the Speaker earlier said the bill had been discussed": what was under way before is no stage
# of the article's day (an adoption or a signing told in the past still is one, with its date).
_RETROSPECTIVE = re.compile(
    r"\b(?:earlier|previously|had\s+(?:been|already)|before\s+that|at\s+the\s+time)\b", re.I
)
# "the Mazhilis Committee on Ecology endorsed the draft": a committee's approval is work on the
# bill, not the chamber's vote.
_COMMITTEE_SUBJECT = re.compile(
    r"\b(?:committee|commission|working\s+group)(?:\s+(?:on|for)(?:\s+[\w'’-]+){1,6}?)?\s*(?:has\s+"
    r"|have\s+|had\s+)?(?:\w+ly\s+)?$",
    re.I,
)


_NOT_THE_BILL = re.compile(
    r"\b(?:objections?|criticism|claims?|calls?|appeals?|demands?|complaints?|requests?|concerns?"
    r"|petitions?|proposals?|suggestions?|allegations?|accusations?|candidacy|nomination)\b",
    re.I,
)


_EXECUTIVE_SUBJECT = re.compile(
    r"\b(?:Government|Cabinet|Ministry|ministry|[Mm]inisters?|akimat)\b(?:\s+of\s+(?:the\s+)?"
    r"[A-Z][\w-]*(?:\s+(?:and\s+)?[A-Z][\w-]*){0,4})?\s*(?:has\s+|have\s+|had\s+)?(?:\w+ly\s+)?$"
)


_AFTER_PUBLICATION = re.compile(
    r"\b(?:days?|weeks?|months?)\s+after\b|\bafter\s+(?:the\s+(?:day\s+of\s+)?|its\s+)?(?:first\s+)?"
    r"(?:official\s+)?publication|\bupon\s+(?:the\s+)?expiry",
    re.I,
)


def _future_verb(clause: str, verb_start: int) -> bool:
    """ "the Senate will adopt", "is expected to be signed": a future said of this verb, not of
    another clause ("Under the law approved in April, lawyers will join a chamber")."""
    return bool(FUTURE.search(clause[max(0, verb_start - 60) : verb_start]))


def _stage(
    clause: str, sentence_before: str, chamber_hint: str | None, future_date: bool,
    home: str | None = None,
) -> str | None:
    if _HYPOTHETICAL.search(clause):
        return None
    future = bool(FUTURE.search(clause))
    for status, pattern in _STATUS_RULES:
        verb = pattern.search(clause)
        if verb is None:
            continue
        if status == "rejected" and _NOT_THE_BILL.search(clause[: verb.start()]):
            continue  # "objections to the code were rejected": what was rejected is no bill
        if status == "in_force":
            if future or future_date or _AFTER_PUBLICATION.search(clause):
                # "will enter into force on 1 January 2027", "comes into force ten days after its
                # official publication": a mention, no stage reached
                return None
            return status
        if status in _PAST_STAGES | {"adopted", "sent_for_signature"} and _future_verb(
            clause, verb.start()
        ):
            return "planned"  # "the Senate will adopt", "expected to be signed"
        if status == "sent_for_signature":
            return "adopted_senate"
        if status in ("planned", "under_consideration") and _RETROSPECTIVE.search(clause):
            return None
        if status == "adopted":
            if _COMMITTEE_SUBJECT.search(clause[: verb.start()]):
                return "under_consideration"
            if _EXECUTIVE_SUBJECT.search(clause[: verb.start()]):
                # "the Government approved the draft law and sent it to the Mazhilis": a draft
                # on its way to Parliament
                return "under_consideration"
            return _adoption_stage(clause, sentence_before, chamber_hint, home)
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
    home: str | None = None,
) -> list[StageFound]:
    """The stages a sentence tells, each with its own date and the bills it is about."""
    found: list[StageFound] = []
    cuts = [0, *(m.end() for m in _CLAUSE_BREAK.finditer(sentence)), len(sentence)]
    previous_bills: tuple[BillHit, ...] = ()
    for start, end in itertools.pairwise(cuts):
        clause = sentence[start:end]
        # a law cited ("under the Law on X", "declaring the Law on X invalid") takes no stage
        in_clause = tuple(b for b in bills if start <= b.start < end and not b.cited
                          and not cited_in_passing(sentence, b))
        # "the law on the republican budget for 2025-2027": a title's years date nothing
        clause_phrases = [p for p in phrases if start <= p.start < end
                          and not any(b.start <= p.start < b.end for b in bills)]
        future_date = date is not None and any(p.date.start() > date.end() for p in clause_phrases)
        status = _stage(clause, sentence[:start], chamber_hint, future_date, home)
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
                if _RETROSPECTIVE.search(clause):
                    stage_date = None  # "Earlier, the Mazhilis adopted it": not on this day
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
