"""Replies through the real handlers: content, escaping, limits, and any input at all."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.database import open_database
from bot.services import COMMANDS
from bot.views import callbacks

from .fakebotapi import parse_entities
from .offline_bot import ALMATY, OfflineBot

NOW = dt.datetime(2024, 3, 13, 9, 0, tzinfo=ALMATY)


@pytest.fixture
async def bot(seeded_db: Path) -> AsyncIterator[OfflineBot]:
    store = open_database(seeded_db)
    offline = OfflineBot(store, NOW, admins=frozenset({1}))
    async with offline.app:
        yield offline
    store.close()


def assert_valid(sent: list[tuple[str, dict[str, object]]]) -> None:
    assert sent, "the bot said nothing"
    for method, params in sent:
        if method not in {"sendMessage", "editMessageText"}:
            continue
        text = str(params["text"])
        plain, _ = parse_entities(text, str(params.get("parse_mode") or ""))
        assert 1 <= len(plain) <= 4096
        markup = params.get("reply_markup")
        if isinstance(markup, dict):
            for row in markup["inline_keyboard"]:
                for button in row:
                    if "callback_data" in button:
                        assert 1 <= len(button["callback_data"].encode()) <= 64


def texts(sent: list[tuple[str, dict[str, object]]]) -> str:
    return "\n".join(str(p.get("text", "")) for _, p in sent)


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("/official tokaev", "Kassym-Jomart Tokayev"),
        ("/official Ashimbaev", "Chairman of the Senate"),
        ("/official ASHIMBAYEV", "Maulen Ashimbayev"),
        ("/official Токаев", "Kassym-Jomart Tokayev"),
        ("/official azimova", "Commissioner for Human Rights: 2019 – December 2022"),
        ("/official Lastaev", "Commissioner for Human Rights: since December 2022"),
        ("/bill water code", "Water Code"),
        ("/bill Water", "🗓 Planned"),
        ("/bill mass media", "“On Mass Media”"),
        ("/bill constitutional court", "Approved by the Senate"),
        ("/bills planned", "Budget Code"),
        ("/events 2", "27 November 2023"),
        ("/on 13.03.2023", "Head of State held meeting with akims"),
        ("/on March 2023", "13 March 2023"),
        ("/on 2024-04", "international conference"),
        ("/search maslikhat", "maslikhat"),
        ("/upcoming", "April 2024"),
        ("/today", "1 year ago today"),
        ("/start bill_water-code", "Water Code"),
        ("/start", "I know 5 events"),
        ("/help", "/official NAME"),
        ("/event_7571c05ec6", "Kazakhstanskaya Pravda"),
        ("water code", "Water Code"),
    ],
)
async def test_answers(bot: OfflineBot, message: str, expected: str) -> None:
    sent = await bot.say(message)
    assert_valid(sent)
    assert expected in texts(sent)


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("/official", "Whom are you looking for?"),
        ("/bill", "Which bill?"),
        ("/on", "Which date?"),
        ("/on 32.01.2023", "There is no such date"),
        ("/on yesterday-ish", "as a date. Try 13.03.2023"),
        ("/search", "Search for what?"),
        ("/event", "Which event?"),
        ("/event nope", "No event has the id"),
        ("/events abc", "Send a number"),
        ("/bills flying", "is not a bill status"),
        ("/official zzzzqqq", "No official matches"),
        ("/bill <script>alert(1)</script>", "&lt;script&gt;"),
        ("/official " + "A" * 5000, "too long"),
        ("/frobnicate", "I don't know the command"),
    ],
)
async def test_bad_input_gets_a_clear_answer(bot: OfflineBot, message: str,
                                             expected: str) -> None:
    sent = await bot.say(message)
    assert_valid(sent)
    assert expected in texts(sent)


async def test_ambiguous_query_offers_choices_and_a_choice_opens_the_card(bot: OfflineBot) -> None:
    sent = await bot.say("/bill code")
    assert "Which one?" in texts(sent)
    keyboard = sent[-1][1]["reply_markup"]["inline_keyboard"]  # type: ignore[index]
    data = [row[0]["callback_data"] for row in keyboard]
    assert "b:water-code" in data
    opened = await bot.press("b:water-code")
    assert opened[-1][0] == "editMessageText"
    assert "Water Code" in texts(opened)


async def test_long_lists_page_in_place(bot: OfflineBot) -> None:
    sent = await bot.say("/bills")  # fits in one message: sent whole (issue 10), no pager
    keyboard = sent[-1][1]["reply_markup"]["inline_keyboard"]  # type: ignore[index]
    assert all(b["text"] != "Next ›" for row in keyboard for b in row)
    assert "Planned" in texts(sent) and "_" not in texts(sent).split("\n")[0]
    pressed = await bot.press(keyboard[0][0]["callback_data"])  # an item, then Back to the list
    back = pressed[-1][1]["reply_markup"]["inline_keyboard"][-1][0]  # type: ignore[index]
    assert back["text"] == "‹ Back"
    again = await bot.press(back["callback_data"])
    assert again[0][0] == "editMessageText" and "<b>Bills</b>" in texts(again)
    assert_valid(again)


async def test_groups_stay_quiet_on_chatter_and_other_bots(bot: OfflineBot) -> None:
    assert await bot.say("hello everyone", chat_id=-100500) == []
    assert await bot.say("/frobnicate", chat_id=-100500) == []
    assert await bot.say("/official@OtherBot tokaev", chat_id=-100500) == []
    sent = await bot.say("/official@ParliamentBot tokaev", chat_id=-100500)
    assert "Kassym-Jomart Tokayev" in texts(sent)
    assert "I don't know" in texts(await bot.say("/frobnicate@ParliamentBot", chat_id=-100500))


def test_every_command_is_in_help_and_readme() -> None:
    from bot.handlers.lookup import help_text

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text()
    for command in COMMANDS:
        assert f"/{command.name}" in help_text(is_admin=True)
        assert f"`/{command.name}" in readme, f"/{command.name} is not in the README"
    public = [c.name for c in COMMANDS if not c.admin]
    assert all(len(name) <= 32 for name in public) and len(public) <= 100


ARGUMENT = st.text(min_size=0, max_size=300) | st.sampled_from(
    ["<b>", "</i>", "&amp;", "&", "<a href='x'>", "*bold*", "_x_", "`code`", "a" * 5000,
     "\u202e", "🏛" * 2000, "2024-02-30", "29.02.2023", "\x00", "@ParliamentBot"])
COMMAND = st.sampled_from([c.name for c in COMMANDS if not c.admin] + ["event_abc", "nope"])


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(command=COMMAND, argument=ARGUMENT)
async def test_any_argument_gives_valid_html(bot: OfflineBot, command: str,
                                             argument: str) -> None:
    sent = await bot.say(f"/{command} {argument}")
    for method, params in sent:
        if method in {"sendMessage", "editMessageText"}:
            plain, _ = parse_entities(str(params["text"]), "HTML")
            assert 1 <= len(plain) <= 4096


@given(text=st.text(min_size=1, max_size=12000))
@settings(max_examples=200, deadline=None)
def test_split_message_keeps_every_part_under_the_limit(text: str) -> None:
    from bot.render import esc, split_message, telegram_length

    for part in split_message(esc(text)):
        assert 1 <= telegram_length(part) <= 4096
        parse_entities(part, "HTML")


def test_events_pager_works_past_a_hundred_events() -> None:
    from bot import views
    from bot.core.knowledge import KnowledgeUpdate
    from bot.core.models import Event, PartialDate
    from store.tiny import TinyStore

    store = TinyStore(None)
    store.apply([KnowledgeUpdate(Event(f"e{i:03d}", PartialDate(2024, 1, 1 + i % 28), f"T{i}"),
                                 (), ()) for i in range(120)])
    first = views.events_list(store, "")
    next_data = first.buttons[-1][-1].data
    assert next_data is not None
    press = callbacks.parse(next_data)
    assert isinstance(press, callbacks.Page)
    page = views.paged(store, press, NOW.date())
    assert "Latest events</b> (120)" in page.text
    assert "2 / 15" in str(page.buttons)
