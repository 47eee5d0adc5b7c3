"""Article text -> one event, the officials it names, the bills it mentions, its dated mentions.

A pipeline of small stages, one module each in ``bot.core.extraction``:
page (headline, dateline, body sentences) -> names -> offices and who holds them -> bills ->
stages -> dated mentions. Rules over sentences plus the word lists in ``gazetteer``: nothing here
knows particular articles. The extractor is pure: it reads an ``Article`` and the officials already
known (to resolve a bare surname, a misspelling or "the Head of State") and returns an
``Extraction``; merging that into the knowledge base is ``knowledge.py``'s job.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace

from bot.core import gazetteer as gz
from bot.core.dates import DatePhrase, find_anniversary, find_date_phrases, parse_dateline
from bot.core.extraction.bills import BillHit, find_bills
from bot.core.extraction.holders import (
    relate,
    relate_cabinet,
    relate_committee_heads,
    relate_replaced,
)
from bot.core.extraction.identity import (
    article_id,
    article_keys,
    content_id,
    legacy_article_id,
    url_id,
)
from bot.core.extraction.kurultai import chamber_in_era, settled, titles_in_era
from bot.core.extraction.names import (
    NameHit,
    People,
    Person,
    Subjects,
    find_names,
    private_mention,
)
from bot.core.extraction.page import lead_date, title_and_body
from bot.core.extraction.results import (
    BillSighting,
    Change,
    Extraction,
    OfficialSighting,
    PositionSighting,
)
from bot.core.extraction.roster import Roster
from bot.core.extraction.stages import BILL_ANAPHORA, chamber_of, stages_of
from bot.core.extraction.titles import ROLE, TitleHit, canonical_title, find_titles
from bot.core.models import Article, Event, Mention, Official, PartialDate
from bot.core.text import normalize_text, shorten, slugify

__all__ = [
    "BillSighting",
    "Change",
    "Extraction",
    "OfficialSighting",
    "PositionSighting",
    "Roster",
    "article_id",
    "article_keys",
    "canonical_title",
    "content_id",
    "extract",
    "legacy_article_id",
    "url_id",
]


class _BillBook:
    """The bills of one article as read so far, with their stages and the sentences behind them."""

    def __init__(self) -> None:
        self.bills: dict[str, BillSighting] = {}
        self.last: list[BillSighting] = []  # the bills of the last sentence that named any
        self.mentioned: list[str] = []  # bill ids in order of mention, for "the Code" later on

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
             chamber: str | None) -> list[BillHit]:
        """The bills a sentence names and the stages it tells of them."""
        found = find_bills(sentence)
        # Stages only matter for a bill named here or referred back to ("The law will ...").
        if not found and not (self.bills and BILL_ANAPHORA.search(sentence)):
            return found
        stages = stages_of(sentence, found, phrases, date, chamber)
        for hit in found:
            self.sight(slugify(hit.title), hit.title, hit.kind)
        unplaced = any(not s.bills for s in stages)
        referents = self.referents(sentence) if unplaced and not found else []
        evidence = shorten(sentence, 300)
        if not stages:
            # "Under the amendments to the Criminal Code, ...": those the article told a stage of
            for hit in found:
                if re.match(r"the\s+amendments?\s+to\b", sentence[hit.start : hit.end], re.I):
                    self.inherit_stages(slugify(hit.title), evidence)
        for stage in stages:
            ids = [slugify(b.title) for b in stage.bills] or [
                b.id for b in referents if not (stage.by_states and b.kind == "agreement")
            ]
            for bill_id in ids:
                if stage.scheduled and stage.date is not None:
                    self.schedule(bill_id, (stage.status, stage.date, evidence))
                else:
                    bill = self.bills[bill_id]
                    self.sight(bill_id, bill.title, bill.kind,
                               ((stage.status, stage.date), evidence))
        if found:
            self.last = [self.bills[slugify(b.title)] for b in found]
            self.mentioned.extend(b.id for b in self.last)
        return found


class _Reading:
    """The state of reading one article, sentence by sentence: who was named (and whom "he"
    means), which chamber and organisations it is about, its bills, roles and mentions."""

    def __init__(self, article: Article, roster: Roster, title: str,
                 date: PartialDate | None) -> None:
        self.article, self.roster, self.date = article, roster, date
        self.people = People(roster)
        self.subjects = Subjects()  # whom "he" or "she" means
        self.chamber = chamber_in_era(chamber_of(title), title, date)  # the one last about
        self.organisations: dict[str, str] = {}  # "commission" -> "the Central Election ..."
        self.book = _BillBook()
        self.roles: set[str] = set()
        self.mentions: list[Mention] = []

    def read(self, sentence: str) -> None:
        named = self.read_people(sentence)
        self.chamber = chamber_in_era(chamber_of(sentence), sentence, self.date) or self.chamber
        if self.chamber in ("senate", "mazhilis", "kurultai"):
            self.organisations["chamber"] = f"the {self.chamber.capitalize()}"  # "lead the chamber"
        titles = titles_in_era(find_titles(sentence, self.chamber, self.organisations), self.date)
        phrases = find_date_phrases(sentence, self.date)
        relate(sentence, named, titles, self.subjects, self.date, phrases)
        relate_replaced(sentence, named, self.date, self.subjects)
        relate_committee_heads(sentence, named, self.chamber, self.date)
        relate_cabinet(sentence, named, self.date)
        self.subjects.saw(_distinct(person for _hit, person in named))
        self.read_roles(sentence, named, titles)
        found = self.book.read(sentence, phrases, self.date, self.chamber)
        self.read_mentions(sentence, phrases, found)

    def read_people(self, sentence: str) -> list[tuple[NameHit, Person]]:
        named = []
        for hit in self.people.surname_hits(sentence, find_names(sentence)):
            person = self.people.resolve(hit)
            if person is not None:
                person.private = (len(person.forms) == 1 or person.private) and private_mention(
                    sentence, hit
                )
                named.append((hit, person))
        return named

    def read_roles(self, sentence: str, named: list[tuple[NameHit, Person]],
                   titles: list[TitleHit]) -> None:
        """ "the Head of State" names nobody; "President Tokayev" is a title, not a role; "By the
        Decree of the Head of State, Aidar X has been appointed" names the decree's author
        nowhere, so it is still a role."""
        for role in ROLE.finditer(sentence):
            follows_name = any(
                h.start >= role.end()
                and (
                    re.fullmatch(r"\s*", sentence[role.end() : h.start])
                    or (
                        re.fullmatch(r"\s*,\s*", sentence[role.end() : h.start])
                        and not re.search(r"\b(?:of|by|from|to|with|for|at)\s+$",
                                          sentence[: role.start()], re.I)
                    )
                )
                for h, _ in named
            )
            if not follows_name and not any(
                t.start <= role.start(1) and role.end() < t.end for t in titles
            ):
                self.roles.add(gz.ROLE_REFERENCES[role.group(1).lower()])

    def read_mentions(self, sentence: str, phrases: list[DatePhrase],
                      found: list[BillHit]) -> None:
        date = self.date
        # "this year" in an article of that year is the article's own time; the years of a
        # title ("budget for 2025-2027") are no moment the text tells of.
        other_dates = [
            p
            for p in phrases
            if (date is None or not (p.date.start() <= date.start() and date.end() <= p.date.end()))
            and not any(b.start <= p.start < b.end for b in found)
        ]
        for phrase in other_dates:
            mention = Mention(phrase.date, shorten(sentence, 300))
            if mention not in self.mentions:
                self.mentions.append(mention)
        anniversary = find_anniversary(sentence, date)
        if anniversary and not other_dates and date is not None:
            years, _what = anniversary
            self.mentions.append(Mention(PartialDate(date.year), shorten(sentence, 300),
                                         kind="anniversary", years=years))

    def officials(self) -> list[str]:
        ids = [p.id for p in self.people.officials()]
        # Only the head of state is resolved from a role: "the Prime Minister" of a credit line or
        # a passing remark may be anyone's, and a name the text does not give is not made up.
        for office in sorted(self.roles & {"President"}):
            holder = self.people.holder_of(office) or self.roster.holder(office, self.date)
            if holder is not None and holder.id not in ids:
                ids.append(holder.id)
        return ids


def _distinct(people: Iterable[Person]) -> list[Person]:
    """Each person once, in order (people are compared by identity: one object per person)."""
    result: list[Person] = []
    for person in people:
        if all(person is not other for other in result):
            result.append(person)
    return result


def extract(article: Article, known: Roster | Sequence[Official] = ()) -> Extraction:
    """Read one article. ``known`` officials resolve bare surnames, misspellings and roles."""
    roster = known if isinstance(known, Roster) else Roster(known)
    text = normalize_text(article.text)
    date = article.date or parse_dateline(text)
    title, sentences, header = title_and_body(text, article)
    if date is None:
        date = lead_date(header, sentences)
    reading = _Reading(article, roster, title, date)
    for sentence in sentences:
        reading.read(sentence)
    event = Event(
        id=article_id(article),
        date=date,
        title=title,
        source=article.source,
        summary=shorten(" ".join(sentences[:2]), 400),
        officials=tuple(reading.officials()),
        bills=tuple(reading.book.bills),
        mentions=tuple(reading.mentions),
        text=" ".join(sentences),
        url=article.url,
    )
    bills = tuple(settled(b) for b in reading.book.bills.values())
    return Extraction(event, reading.people.sightings(), bills)
