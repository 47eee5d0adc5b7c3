"""Positions as the texts tell them: a start or an end only when stated, the rest as seen.

Each test feeds merging what extraction reports (``PositionSighting``: a title, a date, "start",
"end" or "seen", and the sentence) or small articles written for the test, and checks the
positions that come out, the office index built on them, and the export of the seeds.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from bot.core import lookup
from bot.core.extract import OfficialSighting, PositionSighting
from bot.core.knowledge import merge_official
from bot.core.models import Event, Official, PartialDate, Position
from bot.core.terms import merge_positions
from bot.ingest import ingest
from store.tiny import TinyStore

from .conftest import export_json

SENATE = "Chairman of the Senate"
AGRICULTURE = "Minister of Agriculture"

TODAY = dt.date(2026, 12, 6)  # the day the answers are asked on (the clock is an input)


def d(text: str) -> PartialDate:
    return PartialDate.from_iso(text)


def event(event_id: str, date: str) -> Event:
    return Event(event_id, d(date), f"Article {event_id}")


def sighting(*positions: PositionSighting) -> OfficialSighting:
    return OfficialSighting("maulen-ashimbayev", "Maulen Ashimbayev", ("Ashimbayev",), positions)


def fold(*steps: tuple[Event, list[PositionSighting]]) -> Official:
    official = None
    for at, sightings in steps:
        official = merge_official(official, sighting(*sightings), at)
    assert official is not None
    return official


def test_being_seen_in_office_is_not_a_start() -> None:
    official = fold(
        (event("e1", "2022-12"), [PositionSighting(SENATE, d("2022-12"), "seen", "Speaker A.")]),
        (event("e2", "2023-11-27"),
         [PositionSighting(SENATE, d("2023-11-27"), "seen", "Speaker B.")]),
    )
    (position,) = official.positions
    assert position.since is None and position.until is None
    assert (position.first_seen, position.last_seen) == (d("2022-12"), d("2023-11-27"))
    assert (position.event, position.evidence, position.last_event) == ("e1", "Speaker A.", "e2")


def test_articles_out_of_order_move_first_seen_back() -> None:
    official = fold(
        (event("late", "2023-11-27"), [PositionSighting(SENATE, d("2023-11-27"))]),
        (event("early", "2022-12"), [PositionSighting(SENATE, d("2022-12"))]),
    )
    (position,) = official.positions
    assert (position.first_seen, position.last_seen) == (d("2022-12"), d("2023-11-27"))
    assert (position.event, position.last_event) == ("early", "late")


def test_stated_start_and_end_are_kept_with_where_they_were_read() -> None:
    official = fold(
        (event("e1", "2020-05-04"),
         [PositionSighting(AGRICULTURE, d("2020-05-04"), "start", "X was appointed minister.")]),
        (event("e2", "2022-01-11"),
         [PositionSighting(AGRICULTURE, d("2022-01-11"), "end", "X was released.")]),
    )
    (position,) = official.positions
    assert (position.since, position.until) == (d("2020-05-04"), d("2022-01-11"))
    assert (position.event, position.evidence) == ("e1", "X was appointed minister.")
    assert (position.until_event, position.until_evidence) == ("e2", "X was released.")
    assert position.first_seen == position.last_seen == d("2020-05-04")


def test_re_election_after_being_seen_is_one_term_with_its_stated_start() -> None:
    official = fold(
        (event("e1", "2022-12"), [PositionSighting(SENATE, d("2022-12"))]),
        (event("e2", "2023-02-01"),
         [PositionSighting(SENATE, d("2023-02-01"), "start", "Senators elected him.")]),
    )
    (position,) = official.positions
    assert position.since == d("2023-02-01")
    assert position.first_seen == d("2022-12")
    assert position.event == "e2"  # the start is the fact worth citing
    assert position.held_on(dt.date(2022, 12, 15))


def test_seen_after_a_stated_end_is_a_new_term() -> None:
    official = fold(
        (event("e1", "2019-03-20"), [PositionSighting(SENATE, d("2019-03-20"), "end")]),
        (event("e2", "2020-05-04"), [PositionSighting(SENATE, d("2020-05-04"))]),
    )
    assert [(p.until, p.first_seen) for p in official.positions] == [
        (d("2019-03-20"), None), (None, d("2020-05-04"))]


def test_a_past_appointment_told_later_does_not_show_the_person_in_office_then() -> None:
    at = event("e1", "2024-05-02")
    past = merge_positions((), [PositionSighting(
        AGRICULTURE, d("2015"), "start", "In 2015 he was appointed Minister of Agriculture.")],
        at.id, at.date)
    assert past[0].since == d("2015") and past[0].first_seen is None
    ongoing = merge_positions((), [PositionSighting(
        AGRICULTURE, d("2019"), "start", "Since 2019 she has been working as minister.")],
        at.id, at.date)
    assert ongoing[0].since == d("2019") and ongoing[0].last_seen == d("2024-05-02")


def seen_on(position: Position, day: dt.date) -> bool:
    """Whether the evidence itself covers ``day``: between the first evidence and the last
    (the stated end, or else the last article showing the person in office)."""
    if not position.held_on(day):
        return False
    last = position.until or position.latest_evidence
    return last is not None and day <= last.end()


def test_held_on_never_reaches_before_the_evidence() -> None:
    seen = Position(SENATE, first_seen=d("2023"), last_seen=d("2023-11-27"))
    assert not seen.held_on(dt.date(2022, 6, 1))
    assert seen.held_on(dt.date(2023, 6, 1)) and seen_on(seen, dt.date(2023, 6, 1))
    assert seen.held_on(dt.date(2024, 6, 1))  # no end stated: taken to go on ...
    assert not seen_on(seen, dt.date(2024, 6, 1))  # ... but not seen then
    ended = Position(SENATE, until=d("2022-12"))
    assert ended.held_on(dt.date(2022, 12, 1)) and not ended.held_on(dt.date(2021, 1, 1))


def test_records_written_before_provenance_still_load() -> None:
    old = {"id": "x", "name": "X Y", "aliases": [],
           "positions": [{"title": SENATE, "since": "2020", "until": None}]}
    (position,) = Official.from_dict(old).positions
    assert position == Position(SENATE, d("2020"))
    assert Position.from_dict(position.to_dict()) == position


def _article_store(*articles: tuple[str, str, str]) -> TinyStore:
    from bot.core.models import Article

    store = TinyStore(None)
    ingest(store, [Article(text, title=title, date=d(date)) for text, title, date in articles])
    return store


FORUM = ("ASTANA. Minister of Agriculture Yerbol Karashukeyev spoke to farmers at a forum in "
         "Kostanai.", "Farmers meet in Kostanai", "2022-03-10")
APPOINTED = ("ASTANA. Aidar Kenzhebekov was appointed Minister of Agriculture of Kazakhstan today. "
             "He previously worked in the private sector.", "New agriculture minister", "2024-05-02")
VISIT = ("ASTANA. Minister of Agriculture Aidar Kenzhebekov visited Kostanai region and met "
         "farmers.", "Minister visits Kostanai", "2024-09-10")


def test_a_successor_ends_the_previous_term_and_the_index_knows_who_holds_it_now() -> None:
    store = _article_store(FORUM, APPOINTED, VISIT)
    before = store.get_official("yerbol-karashukeyev")
    now = store.get_official("aidar-kenzhebekov")
    assert before is not None and now is not None
    (old,) = before.positions
    assert old.since is None and old.first_seen == d("2022-03-10")
    assert old.until == d("2024-05-02") and old.until_event == now.positions[0].event
    holders = lookup.office_index(store.all_officials()).holders(AGRICULTURE, TODAY)
    assert [t.official.id for t in holders.current] == ["aidar-kenzhebekov"]
    assert [t.official.id for t in holders.before] == ["yerbol-karashukeyev"]


def test_nobody_is_current_when_the_latest_open_term_is_older_than_a_later_change() -> None:
    older = Official("a", "Askar A", (), (Position(AGRICULTURE, first_seen=d("2019"),
                                                   last_seen=d("2019")),))
    ended = Official("b", "Bolat B", (), (Position(AGRICULTURE, since=d("2021"),
                                                   until=d("2022")),))
    holders = lookup.office_index([older, ended]).holders(AGRICULTURE, TODAY)
    assert holders.current == ()
    assert [t.official.id for t in holders.before] == ["b", "a"]


def test_office_words_fold_to_the_office() -> None:
    assert lookup.office_title("speaker of the senate") == SENATE
    assert lookup.office_title("the President") == "President"
    assert lookup.office_title("who is the minister of agriculture?") == AGRICULTURE
    assert lookup.office_title("agriculture minister") == AGRICULTURE
    assert lookup.office_title("chair of the majilis") == "Chairman of the Mazhilis"
    assert lookup.office_title("Tokayev") is None


# --------------------------------------------------------------------------- the seeds

def test_seed_export_has_no_made_up_starts_and_cites_its_events(db: Path) -> None:
    data = export_json(db)
    events = {e["id"]: e for e in data["events"]}
    officials = {o["id"]: o for o in data["officials"]}
    for official in data["officials"]:
        for position in official["positions"]:
            assert {"first_seen", "last_seen", "event"} <= set(position)
            assert position["event"] is None or position["event"] in events
            if position["since"] is not None:  # stated: the sentence that states it is kept
                assert position["evidence"] and position["event"] in events
    # The December 2022 article shows Ashimbayev chairing the Senate; no text starts him then.
    senate = [p for p in officials["maulen-ashimbayev"]["positions"] if p["office"] == SENATE]
    assert senate and all(p["since"] != "2022-12" for p in senate)
    assert min(p["first_seen"] or "9" for p in senate) == "2022-12"
    # Nothing in the seeds says when Tokayev became President.
    president = [p for p in officials["kassym-jomart-tokayev"]["positions"]
                 if p["office"] == "President"]
    assert all(p["since"] is None for p in president)
    for bill in data["bills"]:
        assert all(entry["event"] in events for entry in bill["history"])


def test_an_end_before_the_first_sighting_ends_an_earlier_term() -> None:
    official = fold(
        (event("e2", "2023-06-01"), [PositionSighting(AGRICULTURE, d("2023-06-01"))]),
        (event("e1", "2023-03-01"), [PositionSighting(AGRICULTURE, d("2023-03-01"), "end")]),
    )
    assert [(p.until, p.first_seen) for p in official.positions] == [
        (d("2023-03-01"), None), (None, d("2023-06-01"))]


def test_a_former_post_is_nobody_s_current_office() -> None:
    former = Official("a", "Askar A", (), (Position(AGRICULTURE, first_seen=d("2019"),
                                                    last_seen=d("2019"), ended_by=d("2021")),))
    holders = lookup.office_index([former]).holders(AGRICULTURE, TODAY)
    assert holders.current == () and [t.official.id for t in holders.before] == ["a"]


INTERIOR = "Minister of Internal Affairs"
SEEN_AS = ("ASTANA. Interior Minister Bolat Sarsenov met police cadets in Kostanai.",
           "Cadets meet the minister", "2024-02-12")
SEEN_AGAIN = ("ASTANA. Minister of Internal Affairs Bolat Sarsenov reported on the year.",
              "Ministry reports on 2024", "2024-12-20")


def test_two_wordings_of_one_office_are_one_position_that_shows_the_articles_words() -> None:
    for order in ((SEEN_AS, SEEN_AGAIN), (SEEN_AGAIN, SEEN_AS)):
        store = _article_store(*order)
        official = store.get_official("bolat-sarsenov")
        assert official is not None
        (position,) = official.positions
        assert (position.title, position.wording) == (INTERIOR, "Interior Minister")
        assert (position.first_seen, position.last_seen) == (d("2024-02-12"), d("2024-12-20"))
        # the export: the office as the first article writes it, and its one name
        exported = position.to_dict()
        assert (exported["title"], exported["office"]) == ("Interior Minister", INTERIOR)
        assert Position.from_dict(exported) == position
        holders = lookup.office_index(store.all_officials()).holders(INTERIOR, TODAY)
        assert [t.official.id for t in holders.current] == ["bolat-sarsenov"]


def test_a_position_in_its_canonical_words_exports_them_as_both() -> None:
    position = Position(INTERIOR, first_seen=d("2024"))
    assert (position.to_dict()["title"], position.to_dict()["office"]) == (INTERIOR, INTERIOR)
    assert Position.from_dict(position.to_dict()) == position
