"""A bill's status and an office's holders are answers of a day, and the day is the caller's
clock: the same knowledge answers differently on either side of a scheduled entry into force
(1 January 2027 here) and of the abolition of the Senate's posts (1 July 2026)."""

from __future__ import annotations

import datetime as dt

from bot import views
from bot.core.knowledge import KnowledgeUpdate
from bot.core.models import Bill, BillStage, BillStatus, Event, Official, PartialDate, Position
from bot.ingest import export_knowledge
from store.tiny import TinyStore

EVE = dt.date(2026, 12, 31)
NEW_YEAR = dt.date(2027, 1, 1)
SIGNED = BillStage(PartialDate(2026, 11, 20), BillStatus.SIGNED, "e1")
IN_FORCE = BillStage(PartialDate(2027, 1, 1), BillStatus.IN_FORCE, "e1")
BEES = Bill("law-on-bees", "Law on bees", "law", (SIGNED,), (IN_FORCE,))
SPEAKER = Official("asel-bekova", "Asel Bekova", (), (
    Position("Chairman of the Senate", since=PartialDate(2024, 2, 1), event="e0"),))


def _store() -> TinyStore:
    store = TinyStore(None)
    store.apply([KnowledgeUpdate(Event("e0", PartialDate(2024, 2, 1), "Senate elects chair"),
                                 (SPEAKER,), ()),
                 KnowledgeUpdate(Event("e1", PartialDate(2026, 11, 20), "Bees law signed"),
                                 (), (BEES,))])
    return store


def test_a_bills_status_is_the_days_and_is_not_stored() -> None:
    assert BEES.status_on(EVE) == BillStatus.SIGNED
    assert BEES.status_on(NEW_YEAR) == BillStatus.IN_FORCE
    assert not hasattr(BEES, "status")  # no status of "today" behind the caller's back
    assert "status" not in BEES.to_dict()
    assert Bill.from_dict(BEES.to_dict()) == BEES
    assert BEES.exported(NEW_YEAR)["status"] == "in_force"


def test_a_mentioned_bill_has_no_reported_status() -> None:
    mentioned = Bill("b", "Law on wasps", "law")
    assert mentioned.reported_on(NEW_YEAR) is None
    assert mentioned.status_on(NEW_YEAR) == BillStatus.UNDER_CONSIDERATION


def test_export_states_each_bill_on_the_day_given() -> None:
    store = _store()
    [before] = export_knowledge(store, EVE)["bills"]
    [after] = export_knowledge(store, NEW_YEAR)["bills"]
    assert (before["status"], after["status"]) == ("signed", "in_force")


def test_cards_and_lists_answer_for_the_day_given() -> None:
    store = _store()
    assert "Signed" in views.bill_card(store, BEES, EVE).text.split("\n")[1]
    assert "In force" in views.bill_card(store, BEES, NEW_YEAR).text.split("\n")[1]
    assert "In force" not in views.bills_list(store, today=EVE).text
    assert "In force" in views.bills_list(store, today=NEW_YEAR).text
    assert "(In force" not in views.bill_lookup(store, "bees", EVE).text


def test_an_abolished_post_is_the_days() -> None:
    store = _store()
    before = views.office_card(store, "Chairman of the Senate", dt.date(2026, 6, 30)).text
    after = views.office_card(store, "Chairman of the Senate", dt.date(2026, 7, 2)).text
    assert "abolished" not in before and "Asel Bekova" in before.split("Before")[0]
    assert "abolished on 1 July 2026" in after
    card = views.official_card(store, SPEAKER, dt.date(2026, 6, 30)).text
    assert "abolished" not in card
    assert "abolished" in views.official_card(store, SPEAKER, dt.date(2026, 7, 2)).text
