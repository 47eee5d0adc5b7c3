"""The same articles read in any order give the same knowledge: news does not arrive in date
order, and a card must not depend on which article came first (articles written for this test:
an office changing hands, a holder seen before and after, an undated article, a later post)."""

from __future__ import annotations

from typing import Any

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
        "now": {office: sorted(t.official.id for t in index.holders(office).current)
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
