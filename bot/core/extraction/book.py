"""The bills of one article as it is read, sentence by sentence: which bills it names, the stages
it tells of them (with the sentence behind each), and what "the law" or "These include ..." refer to.
At the end (``finish``) the article's own names for one bill become one record, and a stage is
kept only if it is news of the bill on the article's day."""

from __future__ import annotations

import functools
import re
from dataclasses import replace

from bot.core.dates import DatePhrase
from bot.core.extraction.bill_forms import bill_id, cited_in_passing
from bot.core.extraction.bills import BillHit, find_bills
from bot.core.extraction.results import BillSighting
from bot.core.extraction.stages import BILL_ANAPHORA, FUTURE, stages_of
from bot.core.models import PartialDate
from bot.core.text import shorten

# "During the session the Mazhilis passed 100 laws." then "These include the Law on X and the Y
# Code.": the bills are listed in one sentence, their stage told in the one before.
_COUNTED_LAWS = re.compile(
    r"\b(?:\d+|two|three|four|five|six|seven|eight|nine|ten|several|many|a\s+number\s+of|dozens"
    r"\s+of)\s+(?:new\s+|important\s+|key\s+)?(?:draft\s+)?(?:laws|bills|codes|documents)\b",
    re.I,
)
_LIST_OF_THEM = re.compile(
    r"^\W*(?:(?:These|They|Those)\s+(?:include[sd]?|are|were)|Among\s+(?:them|these|those)"
    r"|(?:This|That|It)\s+includes|They\s+included|The\s+list\s+includes)\b",
    re.I,
)
# An item of such a list starts with its bill ("Draft Law ... «On ...»", "The draft law on ...")
_ITEM = re.compile(
    r"^\W*(?:the\s+)?(?:new\s+)?(?:draft\s+)?(?:constitutional\s+)?(?:laws?|bills?|codes?|agreement"
    r"|protocol|convention|treaty|amendments|on\b)|^\W*(?:[A-Z]\w+\s+){1,3}Code\b",
    re.I,
)
# What only names a bill: the article's news is a later stage of the same bill.
_BEFORE_NEWS = frozenset({"planned", "under_consideration"})
_ID_STOP = frozenset({"law", "laws", "bill", "bills", "draft", "the", "on", "of", "a", "an", "and",
                      "to", "for", "in", "with", "republic", "kazakhstan", "s", "new"})
_YEAR = re.compile(r"^\d{4}")
_PERIOD = re.compile(r"\bfor\s+\d{4}(?:\s*[-/–]\s*\d{2,4})?$")


def _counts_or_lists(sentence: str) -> bool:
    """ "passed 100 laws", "the agenda": a sentence whose stage the next one's bills may take
    ("The Bureau approved the agenda. It includes the draft law on ...": planned). The words
    are looked for first: most sentences have none of them."""
    low = sentence.lower()
    if "agenda" in low:
        return True
    return ("laws" in low or "bills" in low or "codes" in low or "documents" in low) and bool(
        _COUNTED_LAWS.search(sentence))


@functools.lru_cache(maxsize=4096)
def _words(title: str) -> frozenset[str]:
    return frozenset(w for w in re.findall(r"[a-z0-9/]+", title.lower().replace("-", " "))
                     if w not in _ID_STOP)


def _same_family(short: str, long: str) -> bool:
    laws = {"law", "draft law", "constitutional law", "agreement"}
    return short == long or (short in laws and long in laws)


class BillBook:
    """The bills of one article as read so far, with their stages and the sentences behind them."""

    def __init__(self) -> None:
        self.bills: dict[str, BillSighting] = {}
        self.last: list[BillSighting] = []  # the bills of the last sentence that named any
        self.mentioned: list[str] = []  # bill ids in order of mention, for "the Code" later on
        # laws only cited ("under the Law on X", or inside another's title), with the sentence
        self.cited: dict[str, str] = {}
        self.nested: set[str] = set()  # those named inside another bill's title
        # the stage of the last sentence that counted laws without naming them ("passed 100 laws")
        self.summary: tuple[str, PartialDate | None] | None = None
        self.listing = False  # that sentence ended with a colon: a list of bills follows

    def sight(self, bill_id: str, title: str, kind: str,
              stage: tuple[tuple[str, PartialDate | None], str] | None = None) -> None:
        """Record a bill (and a stage of it, with its sentence) once per article."""
        previous = self.bills.get(bill_id)
        stages = previous.stages if previous else ()
        evidence = previous.evidence if previous else ()
        if stage is not None and stage[0] not in stages:
            stages, evidence = (*stages, stage[0]), (*evidence, stage[1])
        scheduled = previous.scheduled if previous else ()
        self.bills[bill_id] = BillSighting(bill_id, title, kind, stages, evidence, scheduled)

    def schedule(self, bill_id: str, stage: tuple[str, PartialDate, str]) -> None:
        bill = self.bills[bill_id]
        if stage[:2] not in [s[:2] for s in bill.scheduled]:
            self.bills[bill_id] = replace(bill, scheduled=(*bill.scheduled, stage))

    def inherit_stages(self, bill_id: str, evidence: str) -> None:
        """ "the amendments to the Criminal Code" are the amendments the article told a stage
        of."""
        donors = [b for b in self.bills.values()
                  if b.id != bill_id and b.title.lower().startswith("amendments") and b.stages]
        if donors and bill_id in self.bills and not self.bills[bill_id].stages:
            self.bills[bill_id] = replace(self.bills[bill_id], stages=donors[-1].stages,
                                          evidence=(evidence,) * len(donors[-1].stages))

    def referents(self, sentence: str) -> list[BillSighting]:
        """What "The law will ...", "the new Code" or "It was adopted ..." refers to: the code
        (or law) named last in the article, else the bills of the sentence before."""
        anaphora = BILL_ANAPHORA.search(sentence)
        if anaphora is None:
            return []
        wanted = {
            "code": {"code"},
            "law": {"law", "draft law", "constitutional law"},
            "convention": {"agreement"}, "agreement": {"agreement"}, "treaty": {"agreement"},
        }.get((anaphora.group(1) or "").lower())
        if wanted is None:
            return self.last
        latest = next((self.bills[b] for b in reversed(self.mentioned)
                       if self.bills[b].kind in wanted), None)
        return [latest] if latest else []

    def read(self, sentence: str, phrases: list[DatePhrase], date: PartialDate | None,
             chamber: str | None, home: str | None = None) -> list[BillHit]:
        """The bills a sentence names and the stages it tells of them."""
        found = find_bills(sentence)
        summary, self.summary = self.summary, None
        if not found and _counts_or_lists(sentence):
            told = [s for s in stages_of(sentence, found, phrases, date, chamber, home)
                    if not s.scheduled]
            self.summary = (told[0].status, told[0].date) if told else None
            # "The following drafts were included in the agenda:" and then one item a line
            self.listing = sentence.rstrip().endswith(":")
            return found
        # Stages only matter for a bill named here or referred back to ("The law will ...").
        if not found and not (self.bills and BILL_ANAPHORA.search(sentence)):
            return found
        stages = stages_of(sentence, found, phrases, date, chamber, home)
        for hit in found:
            self.sight(bill_id(hit.title), hit.title, hit.kind)
            if hit.cited:
                self.nested.add(bill_id(hit.title))
            # ("... will be punished under the Code of Administrative Offences": a change the
            # news is about, not a law cited as it stands)
            if hit.cited or (cited_in_passing(sentence, hit) and not FUTURE.search(sentence)):
                self.cited.setdefault(bill_id(hit.title), shorten(sentence, 300))
        listed = self.listing and bool(found) and bool(_ITEM.match(sentence))
        if summary is not None and not stages and (listed or _LIST_OF_THEM.match(sentence)):
            for hit in found:
                if not hit.cited:
                    self.sight(bill_id(hit.title), hit.title, hit.kind,
                               (summary, shorten(sentence, 300)))
            if listed:
                self.summary = summary  # the next item of the list
        self.listing = listed and self.summary is not None
        unplaced = any(not s.bills for s in stages)
        referents = self.referents(sentence) if unplaced and not found else []
        evidence = shorten(sentence, 300)
        if not stages:
            # "Under the amendments to the Criminal Code, ...": those the article told a stage of
            for hit in found:
                if re.match(r"the\s+amendments?\s+to\b", sentence[hit.start : hit.end], re.I):
                    self.inherit_stages(bill_id(hit.title), evidence)
        for stage in stages:
            ids = [bill_id(b.title) for b in stage.bills] or [
                b.id for b in referents if not (stage.by_states and b.kind == "agreement")
            ]
            for target in ids:
                if stage.scheduled and stage.date is not None:
                    self.schedule(target, (stage.status, stage.date, evidence))
                else:
                    bill = self.bills[target]
                    self.sight(target, bill.title, bill.kind,
                               ((stage.status, stage.date), evidence))
        if found:
            self.last = [self.bills[bill_id(b.title)] for b in found]
            self.mentioned.extend(b.id for b in self.last)
        return found

    def finish(self) -> None:
        """The article read: its names of one bill made one record; a bill only mentioned in
        another's title is in force; a bill's "planned" or "under consideration" dropped when the
        article tells a later stage of it (what it says was planned is history, not the news)."""
        self._merge_names()
        for cited, sentence in self.cited.items():
            bill = self.bills.get(cited)
            if bill is not None and not bill.stages:
                self.sight(cited, bill.title, bill.kind, (("in_force", None), sentence))
        for bill in list(self.bills.values()):
            if not any(s not in _BEFORE_NEWS for s, _ in bill.stages) or not any(
                    s in _BEFORE_NEWS for s, _ in bill.stages):
                continue  # nothing to drop, or nothing later than what would be dropped
            kept = [(stage, sentence) for stage, sentence in zip(bill.stages, bill.evidence,
                                                                   strict=False)
                    if stage[0] not in _BEFORE_NEWS]
            self.bills[bill.id] = replace(bill, stages=tuple(k[0] for k in kept),
                                          evidence=tuple(k[1] for k in kept))

    def _merge_names(self) -> None:
        """ "the agreement on military cooperation with Turkey" and "the Law on Ratification of the
        Agreement between the Governments of Kazakhstan and Turkey on Military Cooperation" in one
        article are one bill: a name whose words are all in a longer name of the same family is
        that bill. Not for a law named inside another's title, nor across years ("the budget
        for 2025" is not "the budget for 2026-2028")."""
        if len(self.bills) < 2:
            return
        words_of = {b.title: _words(b.title) for b in self.bills.values()}
        for short in list(self.bills.values()):
            words = words_of[short.title]
            plain = {w for w in words if not _YEAR.match(w)}
            # one word is too little to tell a bill by, unless its years go with it
            if len(plain) < (1 if words - plain else 2) or short.id in self.nested:
                continue
            for long in self.bills.values():
                other = words_of.get(long.title) or _words(long.title)
                if long.id == short.id or len(other) <= len(words) or not plain <= other:
                    continue
                years, long_years = words - plain, {w for w in other if _YEAR.match(w)}
                # "Amendments to the Criminal Code" ... "The Criminal Code also gets two new
                # articles": the code of the amendments is that bill
                amended = long.title.startswith(f"Amendments to the {short.title}")
                if (long.id in self.nested or (years and long_years and not years <= long_years)
                        or (not amended and (
                            not _same_family(short.kind, long.kind)
                            or re.search(r".\b(?:Law|Code)\b|\bamendments\b", long.title)))):
                    continue
                stages = list(zip(long.stages, long.evidence, strict=False))
                stages += [s for s in zip(short.stages, short.evidence, strict=False)
                           if s[0] not in long.stages]
                merged = replace(
                    long, stages=tuple(s[0] for s in stages), evidence=tuple(s[1] for s in stages),
                    scheduled=(*long.scheduled, *(s for s in short.scheduled
                                                   if s not in long.scheduled)))
                period = _PERIOD.search(short.title)
                if years and not long_years and period:
                    # "the law on transfers for 2026-2028" and "the law on volumes of transfers
                    # between budgets": the years are the law's (a budget law is one per period)
                    title = f"{long.title} {period.group()}"
                    merged = replace(merged, id=bill_id(title), title=title)
                self.bills = {(merged.id if key == long.id else key): (merged if key == long.id
                                                                        else bill)
                              for key, bill in self.bills.items() if key != short.id}
                break
