"""A bill's card, the list of bills, finding a bill by any of its words, and the words the digest
and alerts use for a stage. Small articles written for these tests go through the real ingest."""

from __future__ import annotations

import datetime as dt

import pytest

from bot import views
from bot.core.digest import Digest, Follow
from bot.core.models import Article, PartialDate
from bot.core.schedule import ChatSettings
from bot.i18n import _, use
from bot.ingest import ingest
from bot.views.common import CODE_TITLES
from store.tiny import TinyStore

ARTICLES = [
    Article("ASTANA. The Mazhilis adopted the amnesty bill on the 25th anniversary of "
            "Independence.", title="Mazhilis adopts amnesty", date=PartialDate(2016, 11, 30)),
    Article("ASTANA. The Senate adopted the amnesty law to mark the 30th anniversary of "
            "Independence.", title="Senate adopts amnesty", date=PartialDate(2021, 12, 23)),
    Article('ASTANA. The Head of State signed the Law "On Countering the Legalization (Laundering) '
            'of Criminally Obtained Incomes". The law will enter into force on 1 March 2030.',
            title="Laundering law signed", date=PartialDate(2026, 5, 4)),
    Article("ASTANA. Deputies met farmers to talk about the Forest Code and the harvest.",
            title="Deputies meet farmers", date=PartialDate(2026, 6, 1)),
    Article("ASTANA. The Senate returned the Tax Code to the Mazhilis with amendments.",
            title="Senate returns the Tax Code", date=PartialDate(2026, 6, 2)),
]

TODAY = dt.date(2026, 12, 6)  # the day the answers are asked on (the clock is an input)


@pytest.fixture(scope="module")
def store() -> TinyStore:
    store = TinyStore(None)
    ingest(store, ARTICLES)
    return store


def test_a_bill_only_mentioned_is_not_said_to_be_under_consideration(store: TinyStore) -> None:
    card = views.bill_lookup(store, "forest code", TODAY).text
    assert "Mentioned, stage not reported" in card
    assert "Under consideration" not in card


def test_a_scheduled_entry_into_force_is_on_the_card(store: TinyStore) -> None:
    card = views.bill_lookup(store, "laundering", TODAY).text
    assert "Signed by the President" in card
    announced = card.split("Announced", 1)[1]
    assert "1 March 2030" in announced and "In force" in announced


def test_bills_are_grouped_by_where_they_stand_the_mentioned_apart_and_last(
    store: TinyStore,
) -> None:
    text = views.bills_list(store, today=TODAY).text
    headers = [line for line in text.split("\n") if line.startswith("<b>") and "Bills" not in line]
    assert headers[-1].endswith("Mentioned, stage not reported</b>")
    assert text.index("Forest Code") > text.index("Mentioned, stage not reported")
    assert "Under consideration" not in text


@pytest.mark.parametrize(("query", "language", "expected"), [
    ("laundering", "en", "Laundering"),
    ("amnesty 2016", "en", "25th anniversary"),
    ("amnesty 2021", "en", "30th anniversary"),
    ("амнистия 2016", "ru", "25th anniversary"),
    ("амнистия 2021", "kk", "30th anniversary"),
])
def test_a_bill_is_found_by_its_topic_words_and_year(
    store: TinyStore, query: str, language: str, expected: str,
) -> None:
    with use(language):
        card = views.bill_lookup(store, query, TODAY).text
    assert card.startswith("📜") and expected in card.split("\n")[0]


def _digest_line(store: TinyStore, title: str, language: str = "en") -> str:
    bill = next(b for b in store.all_bills() if b.title == title)
    event = next(e for e in store.all_events() if bill.id in e.bills)
    digest = Digest(stages=((bill, bill.history[-1].status, event),))
    with use(language):
        text = views.digest_message(digest, dt.date(2026, 6, 3), ChatSettings()).text
        shown = _(title) if title in CODE_TITLES else title
    return next(line for line in text.split("\n") if shown in line)


def test_the_digest_says_what_happened_in_a_readers_words(store: TinyStore) -> None:
    assert "The Senate returned the <b>Tax Code</b> to the Mazhilis" in _digest_line(
        store, "Tax Code")
    assert "The President signed the <b>Law “On Countering" in _digest_line(
        store, "On Countering the Legalization (Laundering) of Criminally Obtained Incomes")
    assert "Сенат вернул <b>Налоговый кодекс</b> в Мажилис" in _digest_line(store, "Tax Code", "ru")
    assert "<b>Салық кодексі</b>: Сенат Мәжіліске қайтарды" in _digest_line(store, "Tax Code", "kk")


def test_an_alert_says_what_the_article_told_of_the_bill(store: TinyStore) -> None:
    event = next(e for e in store.all_events() if e.title == "Senate returns the Tax Code")
    text = views.alert_message(event, [Follow("bill", "tax-code", "Tax Code")], store, TODAY).text
    assert "The Senate returned the <b>Tax Code</b> to the Mazhilis" in text
