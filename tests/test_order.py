"""The same articles read in any order give the same knowledge: news does not arrive in date
order, and a card must not depend on which article came first (articles written for this test:
an office changing hands, a holder seen before and after, an undated article, a later post)."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core import lookup
from bot.core.models import Article, PartialDate
from bot.ingest import ingest
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
    # the full name, and of two spellings the longer, whichever article came first
    assert [o.name for o in store.all_officials()] == ["Dana Kuanyshbekova"]


REAL = Path(__file__).resolve().parents[2] / "shared" / "real-articles" / "articles"


@pytest.mark.skipif(not REAL.is_dir(), reason="the shared real articles are not here")
def test_real_articles_read_in_shuffled_orders_give_the_same_cards() -> None:
    # read at test time from outside the project, never copied into it
    files = sorted(REAL.glob("*.txt"))

    def cards(order: list[Path]) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
        store = TinyStore(None)
        for path in order:
            ingest(store, [Article(path.read_text(encoding="utf-8"))])
        officials = store.all_officials()
        index = lookup.office_index(officials)
        return ({o.name: sorted(f"{p.title} {p.since} {p.until} {p.first_seen} {p.last_seen} "
                                f"{p.ended_by}" for p in o.positions) for o in officials},
                {t: sorted(h.official.name for h in index.holders(t, TODAY).current)
                 for t in index.offices})

    expected = cards(files)
    for seed in range(3):
        order = files[:]
        random.Random(seed).shuffle(order)
        assert cards(order) == expected
