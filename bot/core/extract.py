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

from bot.core import gazetteer as gz
from bot.core.dates import DatePhrase, find_anniversary, find_date_phrases, parse_dateline
from bot.core.extraction.bills import BillHit
from bot.core.extraction.book import BillBook
from bot.core.extraction.headline import read_headline_role
from bot.core.extraction.holders import relate, relate_cabinet
from bot.core.extraction.identity import (
    article_id,
    article_keys,
    content_id,
    legacy_article_id,
    url_id,
)
from bot.core.extraction.kurultai import chamber_in_era, settled, titles_in_era
from bot.core.extraction.lists import relate_committee_heads, relate_members_listed
from bot.core.extraction.names import (
    NameHit,
    People,
    Person,
    Subjects,
    find_names,
    private_mention,
)
from bot.core.extraction.page import lead_date, summary_of, title_and_body
from bot.core.extraction.results import (
    BillSighting,
    Change,
    Extraction,
    OfficialSighting,
    PositionSighting,
)
from bot.core.extraction.roster import Roster
from bot.core.extraction.stages import chamber_of
from bot.core.extraction.succession import relate_replaced, relate_successor
from bot.core.extraction.titles import ROLE, TitleHit, canonical_title, find_titles
from bot.core.models import Article, Event, Mention, Official, PartialDate
from bot.core.text import normalize_text, shorten

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


class _Reading:
    """The state of reading one article, sentence by sentence: who was named (and whom "he"
    means), which chamber and organisations it is about, its bills, roles and mentions."""

    def __init__(self, article: Article, roster: Roster, title: str,
                 date: PartialDate | None) -> None:
        self.article, self.roster, self.date = article, roster, date
        self.people = People(roster)
        self.subjects = Subjects()  # whom "he" or "she" means
        self.chamber = chamber_in_era(chamber_of(title), title, date)  # the one last about
        # The chamber the article is about (its headline's, else its first named): who "the
        # deputies" are when a stage is read (senators, at a sitting of the Senate).
        self.home = self.chamber
        self.bill_chamber = self.chamber
        self.organisations: dict[str, str] = {}  # "commission" -> "the Central Election ..."
        self.book = BillBook()
        self.roles: set[str] = set()
        self.mentions: list[Mention] = []
        self.lead: tuple[str, list[tuple[NameHit, Person]]] | None = None  # its first sentence

    def read_headline(self, headline: str) -> None:
        if self.lead is not None:
            sentence, named = self.lead
            read_headline_role(headline, sentence, named,
                               self.people.holder_of("President") is not None, self.roster,
                               self.date)

    def read(self, sentence: str) -> None:
        named = self.read_people(sentence)
        if self.lead is None:
            self.lead = (sentence, named)
        chamber = chamber_of(sentence)
        named_chamber = chamber_in_era(chamber, sentence, self.date)
        self.chamber = named_chamber or self.chamber
        self.home = self.home or self.chamber
        if named_chamber and self.home == "senate" and chamber == "mazhilis":
            # only "deputies" or "MPs" read otherwise at a sitting of the Senate (see chamber_of)
            named_chamber = chamber_in_era(chamber_of(sentence, self.home), sentence, self.date)
        self.bill_chamber = named_chamber or self.bill_chamber
        if self.chamber in ("senate", "mazhilis", "kurultai"):
            self.organisations["chamber"] = f"the {self.chamber.capitalize()}"  # "lead the chamber"
        titles = titles_in_era(find_titles(sentence, self.chamber, self.organisations), self.date)
        phrases = find_date_phrases(sentence, self.date)
        relate(sentence, named, titles, self.subjects, self.date, phrases)
        relate_successor(sentence, named, self.date)
        relate_replaced(sentence, named, self.date, self.subjects)
        relate_committee_heads(sentence, named, self.chamber, self.date)
        # "deputies" at a sitting of the Senate are senators (see ``chamber_of``)
        relate_members_listed(sentence, named, self.bill_chamber, self.date)
        relate_cabinet(sentence, named, self.date)
        self.subjects.saw(_distinct(person for _hit, person in named))
        self.read_roles(sentence, named, titles)
        found = self.book.read(sentence, phrases, self.date, self.bill_chamber, self.home)
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


# No sentence of a news text runs this long (the longest of the real articles is under 500
# characters); a page that does (a run of titles with no full stop) is read in pieces, because the
# rules look back over the sentence from each office and would cost time quadratic in its length.
_LONGEST_SENTENCE = 1000


def _pieces(sentence: str) -> list[str]:
    """The sentence, or a run-on one cut at its last comma or space before each limit."""
    pieces = []
    while len(sentence) > _LONGEST_SENTENCE:
        head = sentence[:_LONGEST_SENTENCE]
        cut = max(head.rfind("; "), head.rfind(", "))
        if cut < _LONGEST_SENTENCE // 2:
            cut = head.rfind(" ")
        if cut <= 0:
            cut = _LONGEST_SENTENCE
        pieces.append(sentence[:cut])
        sentence = sentence[cut:].lstrip(" ,;")
    return [*pieces, sentence] if sentence else pieces


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
        for piece in _pieces(sentence):
            reading.read(piece)
    reading.read_headline(title)
    reading.book.finish()
    event = Event(
        id=article_id(article),
        date=date,
        title=title,
        source=article.source,
        summary=summary_of(sentences),
        officials=tuple(reading.officials()),
        bills=tuple(reading.book.bills),
        mentions=tuple(reading.mentions),
        text=" ".join(sentences),
        url=article.url,
    )
    bills = tuple(settled(b) for b in reading.book.bills.values())
    return Extraction(event, reading.people.sightings(), bills)
