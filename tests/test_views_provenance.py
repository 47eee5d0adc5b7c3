"""Cards say where each fact comes from, dates as stated or as seen, and offices answer by holder.

Small articles written for these tests go through the real ingest, then the replies are read
through the real handlers (``OfflineBot``) or ``python -m bot reply`` on the seeds.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot import views
from bot.core.models import Article, PartialDate
from bot.ingest import ingest
from store.tiny import TinyStore

from .command_line import run_cli
from .offline_bot import ALMATY, OfflineBot
from .test_replies import assert_valid, texts

ARTICLES = [
    Article("ASTANA. Minister of Agriculture Yerbol Karashukeyev spoke to farmers at a forum in "
            "Kostanai.", title="Farmers <meet> & talk in Kostanai",
            date=PartialDate(2022, 3, 10)),
    Article("ASTANA. Aidar Kenzhebekov was appointed Minister of Agriculture of Kazakhstan today. "
            "He previously worked in the private sector.", title="New agriculture minister",
            date=PartialDate(2024, 5, 2)),
    Article("ASTANA. Minister of Agriculture Aidar Kenzhebekov visited Kostanai region and met "
            "farmers.", title="Minister visits Kostanai", date=PartialDate(2024, 9, 10)),
    Article("ASTANA. Chairman of the Senate Maulen Ashimbayev opened the plenary session of the "
            "chamber. The Senate adopted the Water Code at the session.",
            title="Senate adopts new Water Code", date=PartialDate(2025, 3, 20)),
]

TODAY = dt.date(2026, 12, 6)  # the day the answers are asked on (the clock is an input)


@pytest.fixture
def store() -> TinyStore:
    store = TinyStore(None)
    ingest(store, ARTICLES)
    return store


@pytest.fixture
async def bot(store: TinyStore) -> AsyncIterator[OfflineBot]:
    offline = OfflineBot(store, dt.datetime(2025, 4, 1, 9, 0, tzinfo=ALMATY))
    async with offline.app:
        yield offline


def _event_id(store: TinyStore, title: str) -> str:
    return next(e.id for e in store.all_events() if e.title == title)


def test_card_shows_since_only_for_a_stated_start_and_cites_the_event(store: TinyStore) -> None:
    card = views.official_lookup(store, "Kenzhebekov", TODAY).text
    appointed = _event_id(store, "New agriculture minister")
    assert ("• Minister of Agriculture: since 2 May 2024 (last seen in office on 10 September "
            "2024)") in card
    assert f"from: New agriculture minister, 2 May 2024</i> /event_{appointed}" in card


def test_card_shows_a_term_only_seen_as_seen_and_its_end(store: TinyStore) -> None:
    card = views.official_lookup(store, "Karashukeyev", TODAY).text
    assert "since" not in card
    # the end is inferred from the successor's appointment (its sentence does not name him):
    # shown as inferred, never as a stated end or a range
    assert ("• Minister of Agriculture: seen in office on 10 March 2022; a former post by "
            "2 May 2024") in card
    # every string from an article is escaped
    assert "from: Farmers &lt;meet&gt; &amp; talk in Kostanai, 10 March 2022" in card
    assert "ended: New agriculture minister, 2 May 2024" in card


def test_bill_stage_cites_its_event(store: TinyStore) -> None:
    card = views.bill_lookup(store, "water code", TODAY).text
    event_id = _event_id(store, "Senate adopts new Water Code")
    assert f"from: Senate adopts new Water Code, 20 March 2025</i> /event_{event_id}" in card
    (stage,) = [s for b in store.all_bills() if b.id == "water-code" for s in b.history]
    assert "adopted the Water Code" in stage.evidence


@pytest.mark.parametrize("message", [
    "/official minister of agriculture",
    "/official agriculture minister",
    "who is the minister of agriculture?",
    "Who's the Minister of Agriculture",
])
async def test_office_answers_with_the_holder_now_and_before(bot: OfflineBot,
                                                             message: str) -> None:
    sent = await bot.say(message)
    assert_valid(sent)
    text = texts(sent)
    now, _, before = text.partition("<b>Before</b>")
    assert "🏛 <b>Minister of Agriculture</b>" in now
    assert "<b>Aidar Kenzhebekov</b>: since 2 May 2024" in now
    assert ("Yerbol Karashukeyev: seen in office on 10 March 2022; a former post by 2 May "
            "2024") in before


async def test_speaker_of_the_senate_by_any_name(store: TinyStore) -> None:
    # the bot's clock after 1 July 2026 (the day is the bot's, not the machine's)
    after = OfflineBot(store, dt.datetime(2026, 12, 6, 9, 0, tzinfo=ALMATY))
    async with after.app:
        replies = [texts(await after.say(message)) for message in (
            "/official speaker of the senate", "/official Senate Speaker",
            "who is the chairman of the senate?")]
    for text in replies:
        assert "🏛 <b>Chairman of the Senate</b>" in text
        # the Senate ceased its work on 1 July 2026: nobody now, its last Chairman named
        assert "<b>Now:</b> nobody. The post was abolished on 1 July 2026" in text
        assert "The last holder, as far as the articles tell:" in text
        assert "<b>Maulen Ashimbayev</b>: seen in office on 20 March 2025" in text


async def test_an_office_nobody_known_holds_says_so_and_suggests(bot: OfflineBot) -> None:
    text = texts(await bot.say("/official prime minister"))
    assert "Nobody known holds the office of Prime Minister" in text
    text = texts(await bot.say("who is the minister of agricultre?"))
    assert "Nobody known holds the office of Minister of Agricultre" in text
    assert "come close: Minister of Agriculture" in text


async def test_suggested_office_button_opens_its_card(bot: OfflineBot) -> None:
    sent = await bot.say("/official minister of agricultre")
    keyboard = sent[-1][1]["reply_markup"]["inline_keyboard"]
    assert keyboard[0][0]["callback_data"] == "of:Minister of Agriculture"
    opened = await bot.press("of:Minister of Agriculture")
    assert "<b>Aidar Kenzhebekov</b>" in texts(opened)


async def test_names_and_other_questions_still_work(bot: OfflineBot) -> None:
    assert "👤 <b>Aidar Kenzhebekov</b>" in texts(await bot.say("/official kenzhebekov"))
    assert "👤 <b>Aidar Kenzhebekov</b>" in texts(await bot.say("Who is Kenzhebekov?"))
    text = texts(await bot.say("who met farmers"))  # not an office: a search, as before
    assert "“who met farmers”" in text and "office" not in text


def _reply(db: Path, message: str) -> str:
    result = run_cli("reply", message, db=db)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_seed_cards_do_not_make_up_starts(db: Path) -> None:
    tokayev = _reply(db, "/official Tokayev")
    assert "President: since" not in tokayev  # no seed says when he took office
    assert "President: seen in office" in tokayev
    ashimbayev = _reply(db, "/official Ashimbayev")
    assert "since December 2022" not in ashimbayev
    assert "December 2022" in ashimbayev.split("In the news")[0]  # first seen then
    assert "from: " in ashimbayev.split("In the news")[0]
    office = _reply(db, "/official president")
    assert "🏛 <b>President</b>" in office and "Kassym-Jomart Tokayev" in office
