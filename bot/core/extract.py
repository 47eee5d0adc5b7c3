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
from collections.abc import Sequence
from dataclasses import replace

from bot.core import gazetteer as gz
from bot.core.dates import find_anniversary, find_date_phrases, parse_dateline
from bot.core.extraction.bills import find_bills
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
from bot.core.extraction.titles import ROLE, canonical_title, find_titles
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


def _sight_bill(
    bills: dict[str, BillSighting],
    bill_id: str,
    title: str,
    kind: str,
    stage: tuple[tuple[str, PartialDate | None], str] | None = None,
) -> None:
    """Record a bill (and a stage of it, with the sentence it was read from) once per article."""
    previous = bills.get(bill_id)
    stages = previous.stages if previous else ()
    evidence = previous.evidence if previous else ()
    if stage is not None and stage[0] not in stages:
        stages, evidence = (*stages, stage[0]), (*evidence, stage[1])
    scheduled = previous.scheduled if previous else ()
    bills[bill_id] = BillSighting(bill_id, title, kind, stages, evidence, scheduled)


def _inherit_stages(bills: dict[str, BillSighting], bill_id: str, evidence: str) -> None:
    """ "the amendments to the Criminal Code" are the amendments the article told a stage of."""
    donors = [b for b in bills.values()
              if b.id != bill_id and b.title.lower().startswith("amendments") and b.stages]
    if donors and bill_id in bills and not bills[bill_id].stages:
        bill = bills[bill_id]
        bills[bill_id] = replace(bill, stages=donors[-1].stages,
                                 evidence=(evidence,) * len(donors[-1].stages))


def _schedule_bill(
    bills: dict[str, BillSighting], bill_id: str, stage: tuple[str, PartialDate, str]
) -> None:
    bill = bills[bill_id]
    if stage[:2] not in [s[:2] for s in bill.scheduled]:
        bills[bill_id] = replace(bill, scheduled=(*bill.scheduled, stage))


def extract(article: Article, known: Roster | Sequence[Official] = ()) -> Extraction:
    """Read one article. ``known`` officials resolve bare surnames, misspellings and roles."""
    roster = known if isinstance(known, Roster) else Roster(known)
    text = normalize_text(article.text)
    date = article.date or parse_dateline(text)
    title, sentences, header = title_and_body(text, article)
    if date is None:
        date = lead_date(header, sentences)
    event_id = article_id(article)
    people = People(roster)
    roles: set[str] = set()
    bills: dict[str, BillSighting] = {}
    mentions: list[Mention] = []
    chamber = chamber_of(title)  # the chamber the article was last about, for "adopted"
    organisations: dict[str, str] = {}  # "commission" -> "the Central Election Commission"
    subjects = Subjects()  # whom "he" or "she" means
    last_bills: list[BillSighting] = []
    mentioned: list[str] = []  # bill ids in order of mention, for "the Code" later on

    for sentence in sentences:
        named: list[tuple[NameHit, Person]] = []
        for hit in people.surname_hits(sentence, find_names(sentence)):
            person = people.resolve(hit)
            if person is not None:
                person.private = (len(person.forms) == 1 or person.private) and private_mention(
                    sentence, hit
                )
                named.append((hit, person))
        chamber = chamber_of(sentence) or chamber
        if chamber in ("senate", "mazhilis"):
            organisations["chamber"] = f"the {chamber.capitalize()}"  # "to lead the chamber"
        titles = find_titles(sentence, chamber, organisations)
        phrases = find_date_phrases(sentence, date)
        relate(sentence, named, titles, subjects, date, phrases)
        relate_replaced(sentence, named, date, subjects)
        relate_committee_heads(sentence, named, chamber, date)
        relate_cabinet(sentence, named, date)
        people_here: list[Person] = []
        for _hit, person in named:
            if all(person is not other for other in people_here):
                people_here.append(person)
        subjects.saw(people_here)
        title_spans = [(t.start, t.end) for t in titles]
        for role in ROLE.finditer(sentence):
            # "the Head of State" names nobody; "President Tokayev" is a title, not a role; "By the
            # Decree of the Head of State, Aidar X has been appointed" names the decree's author
            # nowhere, so it is still a role.
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
                a <= role.start(1) and role.end() < b for a, b in title_spans
            ):
                roles.add(gz.ROLE_REFERENCES[role.group(1).lower()])

        found = find_bills(sentence)
        # Stages only matter for a bill named here or referred back to ("The law will ...").
        maybe_about_bill = bool(found) or bool(bills and BILL_ANAPHORA.search(sentence))
        stages = stages_of(sentence, found, phrases, date, chamber) if maybe_about_bill else []
        for bill_hit in found:
            _sight_bill(bills, slugify(bill_hit.title), bill_hit.title, bill_hit.kind)
        unplaced = [s for s in stages if not s.bills]
        referents: list[BillSighting] = []
        anaphora = BILL_ANAPHORA.search(sentence) if unplaced and not found else None
        if anaphora:
            noun = (anaphora.group(1) or "").lower()
            # "the new Code" is the code named last in the article, "the law" the law; "it" and
            # "the document" are what the previous sentence was about.
            wanted = {
                "code": {"code"},
                "law": {"law", "draft law", "constitutional law"},
                "convention": {"agreement"}, "agreement": {"agreement"}, "treaty": {"agreement"},
            }.get(noun)
            if wanted:
                latest = next(
                    (bills[b] for b in reversed(mentioned) if bills[b].kind in wanted), None
                )
                referents = [latest] if latest else []
            else:
                referents = last_bills
        evidence = shorten(sentence, 300)
        if not stages:
            # "Under the amendments to the Criminal Code, ...": "the amendments" are those the
            # article has told a stage of.
            for bill_hit in found:
                written = sentence[bill_hit.start : bill_hit.end]
                if re.match(r"the\s+amendments?\s+to\b", written, re.I):
                    _inherit_stages(bills, slugify(bill_hit.title), evidence)
        for stage in stages:
            if stage.scheduled and stage.date is not None:
                ids = [slugify(b.title) for b in stage.bills] or [b.id for b in referents]
                for bill_id in ids:
                    _schedule_bill(bills, bill_id, (stage.status, stage.date, evidence))
                continue
            ids = [slugify(b.title) for b in stage.bills] or [
                b.id for b in referents if not (stage.by_states and b.kind == "agreement")
            ]
            for bill_id in ids:
                bill = bills[bill_id]
                _sight_bill(bills, bill_id, bill.title, bill.kind,
                            ((stage.status, stage.date), evidence))
        if found:
            last_bills = [bills[slugify(b.title)] for b in found]
            mentioned.extend(b.id for b in last_bills)

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
            if mention not in mentions:
                mentions.append(mention)
        anniversary = find_anniversary(sentence, date)
        if anniversary and not other_dates and date is not None:
            years, _what = anniversary
            mentions.append(
                Mention(
                    PartialDate(date.year), shorten(sentence, 300), kind="anniversary", years=years
                )
            )

    official_ids = [p.id for p in people.officials()]
    # Only the head of state is resolved from a role: "the Prime Minister" of a credit line or a
    # passing remark may be anyone's, and a name the text does not give is not made up.
    for office in sorted(roles & {"President"}):
        holder = people.holder_of(office) or roster.holder(office, date)
        if holder is not None and holder.id not in official_ids:
            official_ids.append(holder.id)

    body = " ".join(sentences)
    event = Event(
        id=event_id,
        date=date,
        title=title,
        source=article.source,
        summary=shorten(" ".join(sentences[:2]), 400),
        officials=tuple(official_ids),
        bills=tuple(bills),
        mentions=tuple(mentions),
        text=body,
        url=article.url,
    )
    return Extraction(event, people.sightings(), tuple(bills.values()))

