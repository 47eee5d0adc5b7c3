"""The same articles read in any order give the same knowledge: news does not arrive in date
order, and a card must not depend on which article came first (articles written for this test:
an office changing hands, a holder seen before and after, an undated article, a later post)."""

from __future__ import annotations

import datetime as dt
import itertools
import random
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core import lookup
from bot.core.models import Article, PartialDate, Position
from bot.ingest import export_knowledge, ingest, read_articles
from store.tiny import TinyStore

ARTICLES = [
    ("ASTANA. Minister of Energy Nurlan Sadykov opened a gas plant in Atyrau.",
     "Gas plant opened", PartialDate(2021, 3, 4)),
    ("ASTANA. Minister of Energy Nurlan Sadykov said gas prices will not rise this winter.",
     "Gas prices", PartialDate(2021, 11, 20)),
    ("ASTANA. Aidos Bekov was appointed Minister of Energy by a decree of the President. "
     "He replaces Nurlan Sadykov.", "New energy minister", PartialDate(2022, 1, 10)),
    ("ASTANA. Minister of Energy Aidos Bekov visited the refinery in Shymkent.",
     "Minister visits refinery", PartialDate(2022, 6, 2)),
    ("Energy Minister Nurlan Sadykov spoke about tariffs at the Mazhilis.",
     "Tariffs", None),
    ("ASTANA. Nurlan Sadykov was elected Chairman of the Mazhilis today.",
     "Mazhilis elects its speaker", PartialDate(2023, 2, 1)),
    ("ASTANA. Chairman of the Mazhilis Nurlan Sadykov opened the session; Minister of Energy "
     "Aidos Bekov presented the report.", "Session opens", PartialDate(2023, 9, 1)),
    # a successor named without the one he follows
    ("ASTANA. Minister of Finance Dana Omarova presented the budget to the Mazhilis.",
     "Budget presented", PartialDate(2021, 9, 15)),
    ("ASTANA. Yerlan Tasov has been appointed Minister of Finance.", "New finance minister",
     PartialDate(2022, 3, 1)),
]
OFFICES = ("Minister of Energy", "Chairman of the Mazhilis", "Minister of Finance")

TODAY = dt.date(2026, 12, 6)  # the day the answers are asked on (the clock is an input)


def _read(order: list[int]) -> dict[str, Any]:
    store = TinyStore(None)
    for i in order:  # one at a time, as news arrives
        text, title, date = ARTICLES[i]
        ingest(store, [Article(text, title=title, date=date)])
    officials = sorted(store.all_officials(), key=lambda o: o.id)
    index = lookup.office_index(officials)
    return {
        "officials": {o.id: sorted((p.title, str(p.since), str(p.until), str(p.first_seen),
                                    str(p.last_seen), str(p.ended_by), str(p.until_event),
                                    p.until_evidence) for p in o.positions)
                      for o in officials},
        # the Mazhilis's chair is abolished since 1 July 2026: its last holder stands for "now"
        "now": {office: sorted(t.official.id for t in (index.holders(office, TODAY).current
                                                       or index.holders(office, TODAY).last))
                for office in OFFICES},
    }


IN_ORDER = _read(list(range(len(ARTICLES))))


def test_the_cards_in_date_order() -> None:
    assert IN_ORDER["now"] == {"Minister of Energy": ["aidos-bekov"],
                               "Chairman of the Mazhilis": ["nurlan-sadykov"],
                               "Minister of Finance": ["yerlan-tasov"]}


@settings(max_examples=40, deadline=None)
@given(st.permutations(range(len(ARTICLES))))
def test_any_order_gives_the_same_cards(order: list[int]) -> None:
    assert _read(order) == IN_ORDER


SPELLINGS = [
    ("ASTANA. Senator D. Kuanyshbekova asked about school buses.", "Buses", PartialDate(2023, 4, 2)),
    ("ASTANA. Senator Dana Kuanishbekova spoke about rural roads.", "Roads", PartialDate(2023, 5, 9)),
    ("ASTANA. Senator Dana Kuanyshbekova spoke about clinics.", "Clinics", PartialDate(2023, 6, 1)),
]


@settings(max_examples=6, deadline=None)
@given(st.permutations(range(len(SPELLINGS))))
def test_a_person_has_the_same_name_whichever_spelling_came_first(order: list[int]) -> None:
    store = TinyStore(None)
    for i in order:
        text, title, date = SPELLINGS[i]
        ingest(store, [Article(text, title=title, date=date)])
    # the full name, and of two spellings the longer, whichever article came first; every
    # other spelling kept for look-ups, not only those of the first record
    [official] = store.all_officials()
    assert official.name == "Dana Kuanyshbekova"
    assert "Dana Kuanishbekova" in official.aliases


# One bill written three ways (the same id): its card shows the same title in any order.
BILL_TITLES = [
    ("ASTANA. The Mazhilis approved the draft law “On Mass-media” in the first reading.",
     "Media law", PartialDate(2024, 2, 7)),
    ("ASTANA. Senators discussed the draft law “On Mass Media” at a committee meeting.",
     "Senate committee", PartialDate(2024, 3, 1)),
    ("ASTANA. The Mazhilis adopted the draft law “On mass media” in the second reading.",
     "Second reading", PartialDate(2024, 2, 21)),
]


@settings(max_examples=6, deadline=None)
@given(st.permutations(range(len(BILL_TITLES))))
def test_a_bill_has_the_same_title_whichever_spelling_came_first(order: list[int]) -> None:
    store = TinyStore(None)
    for i in order:
        text, title, date = BILL_TITLES[i]
        ingest(store, [Article(text, title=title, date=date)])
    assert [b.title for b in store.all_bills()] == ["On Mass Media"]


REAL = Path(__file__).resolve().parents[2] / "shared" / "real-articles" / "articles"
OWN = [Path(__file__).resolve().parent / "articles", Path(__file__).resolve().parents[1] / "seeds"]


def _cards(files: list[Path]) -> dict[str, Any]:
    """The export after reading ``files`` one by one, as the command line does (its manifest,
    its title and date rules), keyed so that nothing order may legitimately change is compared:
    an official's id is made from the first spelling read (follows point at it, so it is never
    renamed), and an event lists the people it names by those ids."""
    store = TinyStore(None)
    for path in files:
        ingest(store, read_articles([path]))
    export = export_knowledge(store, TODAY)
    index = lookup.office_index(store.all_officials())
    name_of = {o["id"]: o["name"] for o in export["officials"]}
    return {
        # the card lists the terms in this order: compared as listed
        "officials": {o["name"]: (o["aliases"], o["positions"]) for o in export["officials"]},
        "bills": {b["id"]: b for b in export["bills"]},
        # An article names the people the roster knew when it was read ("the Head of State" is
        # linked only once someone is known to hold that office): not compared here.
        "events": {e["id"]: {k: v for k, v in e.items() if k != "officials"}
                   for e in export["events"]},
        "names": sorted(name_of.values()),
        "now": {t: sorted(h.official.name for h in index.holders(t, TODAY).current)
                for t in index.offices},
    }


@pytest.mark.skipif(not REAL.is_dir(), reason="the shared real articles are not here")
def test_real_articles_read_in_shuffled_orders_give_the_same_cards() -> None:
    # read at test time from outside the project, never copied into it
    files = sorted(REAL.glob("*.txt"))
    expected = _cards(files)
    for seed in (1, 2, 3):
        order = files[:]
        random.Random(seed).shuffle(order)
        assert _cards(order) == expected


OWN_FILES = sorted(p for folder in OWN for p in folder.glob("*.txt"))
OWN_CARDS = _cards(OWN_FILES)


@settings(max_examples=25, deadline=None)
@given(st.permutations(OWN_FILES))
def test_the_projects_own_articles_in_any_order_give_the_same_cards(order: list[Path]) -> None:
    assert _cards(order) == OWN_CARDS


D = PartialDate
# Rule "held before, end not stated" (``former``) must end the same term whichever article came
# first. Each group is one person's articles (written for this test), read in every order.
FORMER_GROUPS = [
    # re-elected, and the same article says the person led the chamber before: still in office
    [("ASTANA. Speaker of the Senate Aidar Kemelov opened the spring session.", D(2020, 5, 4)),
     ("ASTANA. Aidar Kemelov was re-elected Speaker of the Senate at the first sitting of the new "
      "convocation today. Kemelov also led the chamber in the previous convocation.",
      D(2021, 2, 3))],
    [("ASTANA. Chairperson of the Mazhilis Saule Tanatova met students from Kostanay.",
      D(2020, 9, 2)),
     ("ASTANA. The deputies elected Saule Tanatova Chairperson of the Mazhilis again today. "
      "Tanatova also headed the chamber in the previous convocation.", D(2021, 1, 15))],
    [("ASTANA. Chairman of the Senate Berik Oraluly received the Speaker of the Latvian Saeima.",
      D(2019, 11, 20)),
     ("ASTANA. Berik Oraluly has been re-elected Chairman of the Senate. Oraluly also chaired "
      "the Senate in the previous convocation.", D(2020, 1, 10))],
    # relieved of a post by decree, and years later the post told as a former one
    [("ASTANA. By a separate decree Bolat Zhunusov has been relieved of his post of Deputy "
      "Minister of Finance.", D(2020, 9, 11)),
     ("ASTANA. Bolat Zhunusov was appointed Minister of Energy today. Before that he was deputy "
      "finance minister.", D(2023, 6, 10))],
    [("ASTANA. Dana Ermekova has been relieved of her post of Vice Minister of Justice.",
      D(2021, 4, 2)),
     ("ASTANA. Dana Ermekova was appointed Minister of Culture today. Previously she was vice "
      "minister of justice.", D(2024, 3, 1))],
    # in office in one article, a former holder in a later one
    [("ASTANA. Minister of Health Aigul Sarina visited a hospital in Taraz.", D(2022, 3, 9)),
     ("ASTANA. Aigul Sarina, formerly health minister, was appointed akim of Zhambyl region.",
      D(2024, 1, 20))],
]


@pytest.mark.parametrize("group", FORMER_GROUPS, ids=lambda g: g[0][1].iso())
def test_a_former_post_ends_the_same_term_in_any_order(group: list[tuple[str, D]]) -> None:
    def positions(order: tuple[int, ...]) -> list[Position]:
        store = TinyStore(None)
        for i in order:
            text, date = group[i]
            ingest(store, [Article(text, title=f"Article {i}", date=date)])
        [official] = store.all_officials()
        return list(official.positions)

    orders = list(itertools.permutations(range(len(group))))
    first = positions(orders[0])
    for order in orders[1:]:
        assert positions(order) == first


@pytest.mark.parametrize("group", FORMER_GROUPS[:3], ids=lambda g: g[0][1].iso())
def test_re_elected_with_a_former_term_is_still_in_office(group: list[tuple[str, D]]) -> None:
    for order in ((0, 1), (1, 0)):
        store = TinyStore(None)
        for i in order:
            text, date = group[i]
            ingest(store, [Article(text, title=f"Article {i}", date=date)])
        [official] = store.all_officials()
        [term] = official.positions
        assert term.is_open, (order, term)


# Rule "a successor's stated start ends the term": two articles state the successor's start to
# different precisions; the predecessor's term ends on the same date in any order.
SUCCESSOR_GROUPS = [
    [("ASTANA. Minister of Foreign Affairs Kanat Ospanov met the ambassador of Japan.",
      D(2022, 10, 5)),
     ("ASTANA. Yerbol Temirov was appointed Minister of Foreign Affairs today.", D(2023, 4, 3)),
     ("ASTANA. Yerbol Temirov has served as Minister of Foreign Affairs since April 2023.",
      D(2023, 9, 1))],
    [("ASTANA. Minister of Agriculture Serik Zhanuzakov spoke at the grain forum.", D(2021, 6, 1)),
     ("ASTANA. Askar Nurbekov has been appointed Minister of Agriculture.", D(2022, 1, 11)),
     ("ASTANA. Askar Nurbekov has served as Minister of Agriculture since January 2022.",
      D(2022, 8, 30))],
    [("ASTANA. Akim of Pavlodar Region Marat Saginov opened a school.", D(2020, 3, 2)),
     ("ASTANA. Nurlan Abenov was appointed akim of Pavlodar region today.", D(2020, 11, 17)),
     ("ASTANA. Nurlan Abenov has been akim of Pavlodar region since November 2020.",
      D(2021, 5, 5))],
]


@pytest.mark.parametrize("group", SUCCESSOR_GROUPS, ids=lambda g: g[1][1].iso())
def test_a_successors_start_ends_the_same_term_in_any_order(group: list[tuple[str, D]]) -> None:
    def terms(order: tuple[int, ...]) -> dict[str, list[Position]]:
        store = TinyStore(None)
        for i in order:
            text, date = group[i]
            ingest(store, [Article(text, title=f"Article {i}", date=date)])
        return {o.name: list(o.positions) for o in store.all_officials()}

    orders = list(itertools.permutations(range(len(group))))
    first = terms(orders[0])
    assert len(first) == 2 and all(len(held) == 1 for held in first.values())
    for order in orders[1:]:
        assert terms(order) == first
