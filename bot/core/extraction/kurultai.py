"""The Kurultai, the Parliament of one chamber from 1 July 2026, as English news writes it.

Three things are read here and hooked into the other stages with a line each:

- which "Kurultai" is the Parliament: "the Kurultai", "Qurultay deputies", "Kurultay Speaker"
  are; "the National Kurultai" (Ulttyq Qurultay, the consultative body that met yearly from 2022),
  "the World Kurultai of Kazakhs" and Kyrgyzstan's "People's Kurultai" are not, and give no office
  and no stage;
- a stage's chamber by its date: before 1 July 2026 an adoption is the Mazhilis's or the Senate's,
  from that day the Kurultai's, whatever the words ("Parliament adopted", "deputies approved",
  "MPs passed", "adopted in the third reading"); the second reading is a stage of its own and the
  third (or the one that sends the law to the President) is the Kurultai's adoption;
- offices that look like the state's and are not: a company's "vice president of KazMunayGas",
  the chairman of a Kurultai that is not the Parliament.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Protocol, TypeVar

from bot.core.extraction.results import BillSighting
from bot.core.models import PartialDate
from bot.core.parliament import BICAMERAL_STAGES, in_kurultai_era


class _Titled(Protocol):
    title: str


T = TypeVar("T", bound=_Titled)

# Every spelling of the word in English text (and as machine translation leaves it in Cyrillic).
SPELLINGS = r"(?:Kurultai|Kurultay|Qurultai|Qurultay|Kuriltai|Курултай\w*|Құрылтай\w*)"

# Qualifiers that make a Kurultai some other body: "the National Kurultai", "Ulttyq Qurultay",
# "Kyrgyzstan's People's Kurultai", "the Eldik Kurultai", "the World Kurultai of Kazakhs".
_OTHER_BEFORE = (
    r"(?<!National )(?<!Ulttyq )(?<!Ulttyk )(?<!People's )(?<!People’s )"
    r"(?<!Peoples )(?<!Eldik )(?<!Kyrgyz )(?<!Kyrgyzstan's )(?<!Kyrgyzstan’s )(?<!World )"
    r"(?<!Национальный )(?<!Национального )(?<!Ұлттық )(?<!Народный )(?<!Народного )"
)
_OTHER_AFTER = r"(?!\s+(?:of|in)\s+(?:the\s+)?(?:Kyrgyz|Bishkek|Kazakhs\b|the\s+World))"

# The Parliament's Kurultai, for ``stages.chamber_of`` and ``relevance``.
# (The first letter is looked at first: the look-behinds then run only where a word could be one.)
PARLIAMENT = re.compile(rf"(?=[KQКҚ]){_OTHER_BEFORE}\b{SPELLINGS}\b{_OTHER_AFTER}", re.I)
# Any Kurultai, the Parliament's or not.
ANY = re.compile(rf"\b{SPELLINGS}", re.I)

# "Kyrgyz", "Kyrgyzstan", "Bishkek", "Japarov": an article about Kyrgyzstan (for relevance).
_KYRGYZ = re.compile(r"\b(?:Kyrgyz\w*|Kirghiz\w*|Bishkek|Japarov|Zhaparov|Jogorku\s+Kenesh)\b",
                     re.I)
# What ties an article to Kazakhstan's state all the same (a visit to Bishkek, a joint treaty).
_KAZAKH = re.compile(r"\b(?:Kazakh\w*|Astana|Akorda|Tokayev|Toqaev|Mazhilis|Majilis|Senate)\b",
                     re.I)


def may_name(text: str) -> bool:
    """A cheap test that ``text`` may name some Kurultai (substrings, no regex): most sentences
    do not, and are spared the patterns below."""
    return ("rult" in text or "RULT" in text or "rilt" in text or "рулт" in text
            or "рылт" in text or "РУЛТ" in text or "РЫЛТ" in text)


def is_parliament(text: str) -> bool:
    """Whether ``text`` names the Kurultai that is Kazakhstan's Parliament."""
    return may_name(text) and PARLIAMENT.search(text) is not None


def about_other_kurultai(text: str) -> bool:
    """An article about Kyrgyzstan's People's Kurultai (or another Kurultai that is not
    Kazakhstan's Parliament) that says nothing of Kazakhstan's state."""
    if ANY.search(text) is None or (is_parliament(text) and not _KYRGYZ.search(text)):
        return False
    return _KAZAKH.search(text) is None


# "in the second reading", "at second reading"; "third", "final": the reading that adopts a law.
_SECOND = re.compile(r"\b(?:second|2nd)\s+reading", re.I)
_LAST = re.compile(r"\b(?:third|3rd|final|last)\s+reading", re.I)
# The reading words that, with no chamber named, place an adoption in Parliament's procedure.
LATER_READING = re.compile(r"\b(?:second|third|2nd|3rd|final)\s+reading", re.I)


def stage_by_era(status: str, clause: str, date: PartialDate | None,
                 chamber_hint: str | None) -> str | None:
    """An adoption's stage in the Parliament of its date (None: no stage of Parliament).

    Before 1 July 2026 the Mazhilis and the Senate adopted bills; from then on "adopted by the
    Mazhilis" (read from "deputies", "MPs", a reading) or "adopted by Parliament" is the Kurultai:
    its second reading, or its adoption (the third reading, or "sent for signature"). A date that
    does not tell (none, or "2026" alone) is the Kurultai's only when the text names it. Before
    that day no Kurultai adopted a bill: "the Kurultai backed ..." then is the National Kurultai.
    """
    if status not in BICAMERAL_STAGES:
        return status
    era = in_kurultai_era(date)
    if era is False and is_parliament(clause):
        return None
    if era is None:
        era = chamber_hint == "kurultai" or is_parliament(clause)
    if not era:
        return status
    if _SECOND.search(clause) and not _LAST.search(clause):
        return "second_reading"
    return "adopted_kurultai"


# What makes an adoption the Kurultai's last word on a bill, not a reading before it.
_FINAL = re.compile(
    r"\b(?:third|3rd|final|last)\s+reading|\bas\s+a\s+whole\b|\bin\s+full\b"
    r"|\bsignature\b|\bto\s+the\s+(?:President|Head\s+of\s+State)\b",
    re.I,
)


def settled(bill: BillSighting) -> BillSighting:
    """One article's stages of a bill, with a loose "Kurultai backs law" (a headline, a lead)
    left out when the same article tells which reading it was that day: "Qurultay backs law on
    seed banks" over "... approved the law in the second reading" is the second reading."""
    readings = {date for status, date in bill.stages
                if status in {"first_reading", "second_reading"}}
    if not readings:
        return bill
    kept = [(stage, evidence) for stage, evidence in zip(bill.stages, bill.evidence, strict=False)
            if not (stage[0] == "adopted_kurultai" and stage[1] in readings
                    and not _FINAL.search(evidence))]
    if len(kept) == len(bill.stages):
        return bill
    return replace(bill, stages=tuple(s for s, _ in kept), evidence=tuple(e for _, e in kept))


# "Vice President of KazMunayGas", "vice president at Air Astana": a company's, not the state's.
_COMPANY_VICE = re.compile(
    r"^\s*(?:of|at)\s+(?!(?:the\s+)?(?:Republic\b|Kazakhstan\b|RK\b|the\s+country\b))", re.I
)


# "Chairman of the Committee on Finance of the Kurultai" is "... of the Kurultai Committee on
# Finance", as "chaired the Kurultai Committee on Finance" and committee lists give it.
_COMMITTEE_OF = re.compile(r"^(.*\bof\s+the\s+)(Committee\s+(?:on|for)\s+.+?)\s+of\s+the\s+Kurultai$")
# "MP Askar Sadykov", "Deputies A and B": the words that name a deputy of whichever chamber
# the article is about
_MEMBER_WORDS = re.compile(r"(?i)^(?:MPs?|deput(?:y|ies))$")


def state_title(title: str, sentence: str, start: int, end: int,
                chamber: str | None) -> str | None:
    """A title read by ``titles`` (from ``sentence[start:end]``) as an office of Kazakhstan's
    state, or None when it is none: the chairman of a Kurultai that is not the Parliament
    ("Chairman of the People's Kurultai", "of the National Kurultai", "Kyrgyz Kurultai
    Speaker"), a company's vice president ("vice president of KazMunayGas"). ``chamber`` is
    the one the article is about: in an article about the Kurultai "MP X" is its deputy."""
    if ANY.search(title):
        # the qualifier may stand just before the title's words ("Kyrgyz Kurultai Speaker")
        written = sentence[max(0, start - 20) : end]
        if not is_parliament(title) or (ANY.search(written) and not is_parliament(written)):
            return None
        committee = _COMMITTEE_OF.match(title)
        if committee:
            return f"{committee.group(1)}Kurultai {committee.group(2)}"
    if title == "Vice President" and _COMPANY_VICE.match(sentence[end:]):
        return None
    if (chamber == "kurultai" and title == "Deputy of the Mazhilis"
            and _MEMBER_WORDS.match(sentence[start:end])):
        return "Deputy of the Kurultai"
    return title


# What names the lower chamber by name, not by its members' words ("deputies", "MPs").
_NAMED_LOWER = re.compile(r"\b(?:Mazhilis|Majilis|Majlis|lower\s+(?:house|chamber))\b", re.I)


def chamber_in_era(chamber: str | None, sentence: str, date: PartialDate | None) -> str | None:
    """The chamber a sentence is about (``stages.chamber_of``), in the Parliament of the
    article's date: from 1 July 2026 "deputies", "MPs" and "Parliament" are the Kurultai's,
    while a Mazhilis or a Senate named by name stays what it was (a look back); before that
    day a "Kurultai" is no chamber (the National Kurultai)."""
    if chamber is None:
        return None
    era = in_kurultai_era(date)
    if era is False and chamber == "kurultai":
        return None
    if era and (
        chamber == "parliament" or (chamber == "mazhilis" and not _NAMED_LOWER.search(sentence))
    ):
        return "kurultai"
    return chamber


def titles_in_era(titles: list[T], date: PartialDate | None) -> list[T]:
    """Offices of the Kurultai only from 1 July 2026: before it nobody held one, and "Kurultai
    member X" of an article of 2023 is a delegate of the National Kurultai."""
    if not titles or in_kurultai_era(date) is not False:
        return titles
    return [t for t in titles if "Kurultai" not in t.title]
