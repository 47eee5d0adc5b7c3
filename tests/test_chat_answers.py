"""In chat and in the offline tools: odd input gets a clear answer, settings mean what
they say, lists and calendar entries stand alone."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot import views
from bot.core.dates import parse_user_date
from bot.core.digest import Digest, Follow, follow_matches
from bot.core.follows import STOP_WORDS, KeywordError, KeywordRule, parse_keyword
from bot.core.indexes import Indexes
from bot.core.knowledge import ChangeRecord
from bot.core.models import Bill, BillStage, Event, PartialDate
from bot.ingest import ingest, seed_articles
from store.tiny import TinyStore

from .command_line import ROOT, run_cli
from .configured import settings_of
from .offline_bot import OfflineBot

NOW = dt.datetime(2024, 3, 13, 9, 0, tzinfo=ZoneInfo("Asia/Almaty"))


@pytest.fixture(scope="module")
def seeded() -> TinyStore:
    store = TinyStore(None)
    ingest(store, seed_articles())
    return store


@pytest.fixture
async def bot(seeded: TinyStore) -> AsyncIterator[OfflineBot]:
    offline = OfflineBot(seeded, NOW)
    async with offline.app:
        yield offline


def text_of(sent: list[tuple[str, dict[str, Any]]]) -> str:
    return "\n".join(str(p.get("text", "")) for _m, p in sent)


# --------------------------------------------------------------------------- settings

async def test_new_chats_follow_bot_timezone() -> None:
    store = TinyStore(None)
    bot = OfflineBot(store, NOW)
    bot.app.bot_data.settings = settings_of(bot.app.bot_data.settings,
                                            tz=ZoneInfo("Europe/London"))
    async with bot.app:
        await bot.say("/subscribe")
    chat = store.get_chat(1000)
    assert chat is not None and chat.settings.tz == "Europe/London"


async def test_subscribe_monthly_is_refused_with_the_accepted_forms(bot: OfflineBot) -> None:
    reply = text_of(await bot.say("/subscribe monthly", chat_id=2001, user_id=2001))
    assert "monthly" in reply and "daily or weekly" in reply and "subscribed" not in reply
    ok = text_of(await bot.say("/subscribe weekly friday", chat_id=2002, user_id=2002))
    assert "weekly on Friday" in ok


async def test_settings_tz_takes_any_case(bot: OfflineBot) -> None:
    reply = text_of(await bot.say("/settings tz europe/london", chat_id=2003, user_id=2003))
    assert "Europe/London" in reply and "time zone is an IANA name" not in reply


async def test_settings_does_not_show_a_switched_off_digest(bot: OfflineBot) -> None:
    await bot.say("/subscribe weekly", chat_id=2004, user_id=2004)
    await bot.press("s:2004:k:digest", chat_id=2004)
    reply = text_of(await bot.say("/settings", chat_id=2004, user_id=2004))
    assert "Next digest" not in reply and "<b>Digest:</b> off" in reply


# --------------------------------------------------------------------------- lists

@pytest.mark.parametrize("words", ["adopted", "signed", "in force", "planned", "first reading",
                                   "Adopted by the Senate", "under_consideration"])
def test_bills_status_in_plain_words(words: str) -> None:
    assert views.statuses_from_text(words), words


def test_bills_adopted_lists_adopted_bills() -> None:
    store = TinyStore(None)
    bills = [Bill(f"b{i}", f"Code {i}", "code", (BillStage(PartialDate(2024), status, "e"),))
             for i, status in enumerate(["adopted_mazhilis", "adopted_senate", "planned"])]
    from bot.core.knowledge import KnowledgeUpdate

    store.apply([KnowledgeUpdate(Event("e", PartialDate(2024), "T"), (), tuple(bills))])
    reply = views.bills_list(store, "adopted", today=NOW.date())
    assert "Code 0" in reply.text and "Code 1" in reply.text and "Code 2" not in reply.text
    header = reply.text.split("\n")[0]
    assert "_" not in header and "(" in header and "adopted" in header.lower()


async def test_bills_are_sent_whole_with_readable_headers(bot: OfflineBot,
                                                          seeded: TinyStore) -> None:
    sent = await bot.say("/bills")
    text = text_of(sent)
    for bill in seeded.all_bills():
        assert views.esc(bill.display_title) in text
    assert "Next ›" not in str(sent[-1][1].get("reply_markup"))
    assert not re.search(r"\(\d+, \w+_\w+\)", text)


async def test_an_item_of_a_list_has_a_back_button(bot: OfflineBot) -> None:
    listed = await bot.say("/officials")
    first = listed[-1][1]["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    card = await bot.press(first)
    rows = card[-1][1]["reply_markup"]["inline_keyboard"]
    assert rows[-1][0]["text"] == "‹ Back"
    back = await bot.press(rows[-1][0]["callback_data"])
    assert "Who is who" in text_of(back)


# --------------------------------------------------------------------------- /on

@pytest.mark.parametrize(("typed", "expected"), [
    ("27/11/2023", PartialDate(2023, 11, 27)), ("27 Nov 2023", PartialDate(2023, 11, 27)),
    ("Nov 2023", PartialDate(2023, 11)), ("27-11-2023", PartialDate(2023, 11, 27)),
    ("11/2023", PartialDate(2023, 11)), ("2023/11/27", PartialDate(2023, 11, 27)),
])
def test_on_reads_the_forms_people_type(typed: str, expected: PartialDate) -> None:
    assert parse_user_date(typed) == expected


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)),
       st.sampled_from(["{d:02d}/{m:02d}/{y}", "{d}.{m}.{y}", "{d} {mon} {y}", "{y}-{m:02d}-{d:02d}",
                        "{d}-{m}-{y}", "{mon} {d}, {y}"]))
@settings(max_examples=200, deadline=None)
def test_any_date_typed_in_a_known_form_reads_back(day: dt.date, form: str) -> None:
    typed = form.format(d=day.day, m=day.month, y=day.year, mon=f"{day:%b}")
    assert parse_user_date(typed) == PartialDate(day.year, day.month, day.day)


@given(st.text(max_size=40))
@settings(max_examples=300, deadline=None)
def test_a_date_typed_is_read_or_refused_with_one_clean_reason(text: str) -> None:
    try:
        parse_user_date(text)
    except ValueError as error:
        message = re.sub(r"“.*”", "“…”", str(error), flags=re.S)  # what was typed, quoted
        assert message.count("Try ") == 1 and ".." not in message and "as a date:" not in message


async def test_on_error_text_is_clean(bot: OfflineBot) -> None:
    reply = text_of(await bot.say("/on sometime"))
    assert reply.count("Try") == 1 and ".." not in reply and "date: I can't" not in reply


def test_on_day_lists_exact_matches_first_and_vague_ones_apart() -> None:
    from bot.core.knowledge import KnowledgeUpdate

    store = TinyStore(None)
    store.apply([KnowledgeUpdate(Event("y", PartialDate(2023), "Only the year"), (), ()),
                 KnowledgeUpdate(Event("d", PartialDate(2023, 3, 13), "That very day"), (), ())])
    text = views.on_date(store, "13.03.2023").text
    assert text.index("That very day") < text.index("Known only to the month or year") \
        < text.index("Only the year")


# --------------------------------------------------------------------------- follows

@pytest.mark.parametrize("word", ["the", "a", "of the", "x", "water -the"])
def test_follow_refuses_stop_words_and_single_letters(word: str) -> None:
    with pytest.raises(ValueError):
        parse_keyword(word)


async def test_follow_the_is_refused_in_chat(bot: OfflineBot) -> None:
    reply = text_of(await bot.say("/follow the", chat_id=2005, user_id=2005))
    assert "can't follow" in reply
    stored = bot.app.bot_data.store.get_chat(2005)
    assert stored is None or not stored.follows


def test_follow_with_excluded_words() -> None:
    follow = Follow("keyword", parse_keyword("water -sport").key, "water -sport")
    water = Event("1", None, "Water Code adopted", text="The Senate adopted the Water Code.")
    sport = Event("2", None, "Water polo", text="The water sport federation met.")
    at = dt.datetime(2024, 3, 13, tzinfo=dt.UTC)
    assert follow_matches([follow], ChangeRecord(1, at, water.id), water, Indexes()) == [follow]
    assert follow_matches([follow], ChangeRecord(2, at, sport.id), sport, Indexes()) == []


async def test_follow_with_exclusions_in_chat(bot: OfflineBot) -> None:
    reply = text_of(await bot.say("/follow water -sport", chat_id=2006, user_id=2006))
    assert "water" in reply and "but not" in reply and "sport" in reply


WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=2, max_size=10).filter(
    lambda w: w not in STOP_WORDS)


@given(st.lists(WORD, min_size=1, max_size=3), st.lists(WORD, max_size=3))
@settings(max_examples=200, deadline=None)
def test_a_keyword_key_round_trips_and_matches_as_it_says(include: list[str],
                                                          exclude: list[str]) -> None:
    typed = " ".join(include + [f"-{w}" for w in exclude])
    text = f" {' '.join(include)} "
    if any(f" {w} " in text or (len(w) > 4 and w in text) for w in exclude):
        with pytest.raises(KeywordError):  # it would leave out every article it finds
            parse_keyword(typed)
        return
    rule = parse_keyword(typed)
    assert KeywordRule.from_key(rule.key) == rule
    assert parse_keyword(typed).key == rule.key
    from bot.core.follows import keyword_matches

    hidden = any(f" {w} " in text or (len(w) > 4 and w in text) for w in rule.excluded)
    assert keyword_matches(rule.key, text) == (not hidden)


# --------------------------------------------------------------------------- search

def test_search_finds_officials_by_office_and_ignores_punctuation(seeded: TinyStore) -> None:
    from bot.core import lookup

    hits = lookup.search("a&b", seeded.all_events(), seeded.all_officials(),
                         seeded.all_bills())
    assert hits == []
    assert lookup.search("&amp;", seeded.all_events(), seeded.all_officials(),
                         seeded.all_bills()) == []
    office = next(p.title for o in seeded.all_officials() for p in o.positions)
    hits = lookup.search(office.lower(), seeded.all_events(), seeded.all_officials(),
                         seeded.all_bills(), limit=40)
    holders = {o.id for o in seeded.all_officials() if any(p.title == office
                                                            for p in o.positions)}
    assert holders <= {h.id for h in hits if h.kind == "official"}


# --------------------------------------------------------------------------- digests, .ics

def test_digest_lists_each_bill_once_with_its_latest_stage_and_date() -> None:
    bill = Bill("water-code", "Water Code", "code", (
        BillStage(PartialDate(2024, 1, 10), "first_reading", "e1"),
        BillStage(PartialDate(2024, 2, 5), "adopted_mazhilis", "e2"),
        BillStage(PartialDate(2024, 3, 1), "adopted_senate", "e3")))
    event = Event("e3", PartialDate(2024, 3, 1), "T")
    digest = Digest(stages=((bill, "first_reading", event), (bill, "adopted_mazhilis", event),
                            (bill, "adopted_senate", event)))
    from bot.core.schedule import ChatSettings

    text = views.digest_message(digest, dt.date(2024, 3, 2), ChatSettings()).text
    moved = [line for line in text.split("\n") if "Water Code" in line]
    assert len(moved) == 1 and "Senate" in moved[0] and "1 March 2024" in moved[0]


def test_calendar_entries_stand_alone() -> None:
    from icalendar import Calendar

    from bot.calendar import calendar_file
    from bot.core.knowledge import KnowledgeUpdate
    from bot.core.models import Mention

    store = TinyStore(None)
    long_title = "Senate adopts the new Water Code after a long debate on irrigation " * 3
    code = Bill("water-code", "Water Code", "code")
    store.apply([KnowledgeUpdate(Event(
        "e1", PartialDate(2023, 3, 14), long_title, bills=("water-code",),
        mentions=(Mention(PartialDate(2024, 6, 1), "The Code will enter into force on "
                                                   "1 June 2024."),)), (), (code,))])
    data, _count = calendar_file(store, dt.date(2024, 3, 1), ZoneInfo("Asia/Almaty"))
    summaries = [str(c["summary"]) for c in Calendar.from_ical(data).walk("VEVENT")]
    assert any(s.startswith("Water Code: The Code will enter") for s in summaries)
    assert any(s.startswith("1 year since: ") for s in summaries)
    assert not any("…" in s or "1 years" in s for s in summaries)


# --------------------------------------------------------------------------- start, errors

async def test_an_out_of_date_start_link_says_so(bot: OfflineBot) -> None:
    reply = text_of(await bot.say("/start bill_nonexistent"))
    assert "out of date" in reply and "/bills" in reply


# --------------------------------------------------------------------------- offline tools

def test_reply_prints_buttons_and_saves_files(db: Path) -> None:
    result = run_cli("reply", "/bill code", db=db)
    assert result.returncode == 0, result.stderr
    assert re.search(r"^  \[:1\] ", result.stdout, re.M)
    calendar = run_cli("reply", "/calendar", db=db)
    match = re.search(r"\[file (.+\.ics)\]", calendar.stdout)
    assert match, calendar.stdout
    assert Path(match.group(1)).read_bytes().startswith(b"BEGIN:VCALENDAR")


def test_console_presses_follow_buttons_and_shows_files(db: Path) -> None:
    result = run_cli("console", db=db, stdin="/calendar\n:1\n/bill water code\n:1\n/following\n"
                                          ":1\n")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "[file " in out and ".ics]" in out
    assert "no such button" in out  # ':1' after a file is a press, never text to the bot
    assert "(pop-up) 🔔 Following" in out
    assert "(pop-up) Done: no more alerts" in out and "(edited) This chat follows nothing" in out


def test_readme_names_the_offline_bot() -> None:
    from bot.offline import BOT_USER

    assert f"@{BOT_USER['username']}" in (ROOT / "README.md").read_text()
