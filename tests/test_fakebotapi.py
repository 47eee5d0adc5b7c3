"""Tests of the fake Telegram Bot API server (tests/fakebotapi/).

They drive it with a real PTB ``Bot`` / ``Application`` so that what the bot's tests rely
on — answers PTB accepts, errors PTB maps to the right exceptions — is checked here.
All traffic stays on 127.0.0.1 and every wait is bounded.
"""

from __future__ import annotations

import asyncio
import datetime as dtm
import json
import socket
import threading
import time
import urllib.error
import urllib.request
import warnings
from collections.abc import AsyncIterator, Iterator
from typing import Any

import aiohttp
import pytest
import telegram
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Conflict,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TimedOut,
)
from telegram.ext import Application, CommandHandler, ContextTypes

from .fakebotapi import (
    BOT_ID,
    BOT_USERNAME,
    DEFAULT_GROUP_ID,
    DEFAULT_SUPERGROUP_ID,
    DEFAULT_USER_ID,
    TOKEN,
    FakeBotAPI,
    Request,
    UploadedFile,
    parse_entities,
)

pytestmark = [
    pytest.mark.timeout(30),
    # PTB 22 warns on every RetryAfter.retry_after access (int -> timedelta migration).
    pytest.mark.filterwarnings("ignore:.*retry_after.*:DeprecationWarning"),
]

GROUP = -1001234567890


@pytest.fixture
def fake() -> Iterator[FakeBotAPI]:
    with FakeBotAPI() as server:
        yield server


def make_bot(fake: FakeBotAPI, token: str = TOKEN) -> telegram.Bot:
    return telegram.Bot(token, base_url=f"{fake.url}/bot", base_file_url=f"{fake.url}/file/bot")


@pytest.fixture
async def bot(fake: FakeBotAPI) -> AsyncIterator[telegram.Bot]:
    async with make_bot(fake) as the_bot:
        yield the_bot


def seconds(value: int | float | dtm.timedelta) -> float:
    """RetryAfter.retry_after is an int or a timedelta depending on PTB_TIMEDELTA."""
    return value.total_seconds() if isinstance(value, dtm.timedelta) else float(value)


def retry_after_of(exc: RetryAfter) -> float:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # PTB's int -> timedelta deprecation notice
        return seconds(exc.retry_after)


def post_sync(fake: FakeBotAPI, method: str, params: dict[str, Any]) -> dict[str, Any]:
    """A plain JSON POST with the standard library, for sync tests."""
    request = urllib.request.Request(
        f"{fake.url}/bot{fake.token}/{method}",
        data=json.dumps(params).encode(),
        headers={"Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return dict(json.loads(response.read()))
    except urllib.error.HTTPError as error:
        return dict(json.loads(error.read()))


# --- lifecycle, identity, auth -----------------------------------------------------------


def test_lifecycle_binds_loopback_and_stops_quickly() -> None:
    fake = FakeBotAPI()
    with pytest.raises(RuntimeError):
        _ = fake.url
    fake.start()
    try:
        assert fake.url == f"http://127.0.0.1:{fake.port}"
        with pytest.raises(RuntimeError):
            fake.start()
        with socket.create_connection(("127.0.0.1", fake.port), timeout=2):
            pass
    finally:
        started = time.monotonic()
        fake.stop()
    assert time.monotonic() - started < 2
    fake.stop()  # idempotent
    with pytest.raises(OSError), socket.create_connection(("127.0.0.1", fake.port), timeout=1):
        pass


async def test_get_me_identity(bot: telegram.Bot, fake: FakeBotAPI) -> None:
    me = await bot.get_me()
    assert (me.id, me.is_bot, me.username, me.first_name) == (
        BOT_ID,
        True,
        BOT_USERNAME,
        "Parliament",
    )
    assert fake.calls("getMe")[0].ok


async def test_wrong_token_is_unauthorized(fake: FakeBotAPI) -> None:
    with pytest.raises(InvalidToken):
        await make_bot(fake, "42:wrong").get_me()
    [request] = fake.calls("getMe")
    assert request.status == 401
    assert request.response == {"ok": False, "error_code": 401, "description": "Unauthorized"}


# --- sending and recording ---------------------------------------------------------------


async def test_send_message_is_recorded_with_decoded_params(
    bot: telegram.Bot, fake: FakeBotAPI
) -> None:
    before = time.monotonic()
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("Yes", callback_data="vote:1")]])
    message = await bot.send_message(DEFAULT_USER_ID, "42", reply_markup=markup)
    assert message.text == "42"
    assert message.chat.id == DEFAULT_USER_ID
    assert message.from_user is not None and message.from_user.id == BOT_ID
    assert message.reply_markup == markup

    [request] = fake.calls("sendMessage")
    assert isinstance(request, Request)
    assert before <= request.time <= time.monotonic()
    assert request.params["chat_id"] == DEFAULT_USER_ID
    assert request.params["text"] == "42"  # text fields are never JSON-decoded
    assert request.params["reply_markup"] == {
        "inline_keyboard": [[{"text": "Yes", "callback_data": "vote:1"}]]
    }
    assert request.ok and request.result["message_id"] == message.message_id
    assert fake.sent_messages() == [request.params]
    assert fake.sent_texts(DEFAULT_USER_ID) == ["42"]


async def test_message_ids_increase_per_chat(bot: telegram.Bot, fake: FakeBotAPI) -> None:
    ids = [(await bot.send_message(chat, "hi")).message_id for chat in (1, 1, 2, 1, GROUP)]
    assert ids == [1, 2, 1, 3, 1]
    assert len(fake.sent_messages(chat_id=1)) == 3
    assert len(fake.sent_messages(chat_id=str(GROUP))) == 1
    stored = fake.get_message(1, 3)
    assert stored is not None and stored["text"] == "hi"


async def test_clear_forgets_requests(bot: telegram.Bot, fake: FakeBotAPI) -> None:
    await bot.send_message(1, "a")
    fake.clear()
    assert fake.requests == []
    await bot.send_message(1, "b")
    assert fake.sent_texts() == ["b"]


async def test_json_and_get_requests_are_understood(fake: FakeBotAPI) -> None:
    async with aiohttp.ClientSession() as session:
        base = f"{fake.url}/bot{fake.token}"
        async with session.post(f"{base}/sendmessage", json={"chat_id": 5, "text": "x"}) as r:
            body = await r.json()
            assert r.status == 200 and body["result"]["text"] == "x"
        async with session.get(f"{base}/getMe") as r:
            assert (await r.json())["result"]["username"] == BOT_USERNAME
        async with session.post(f"{base}/someFutureMethod", data={"flag": "true"}) as r:
            assert await r.json() == {"ok": True, "result": True}
    # Method names are case-insensitive and recorded canonically.
    assert [r.method for r in fake.requests] == ["sendMessage", "getMe", "someFutureMethod"]
    assert fake.requests[-1].params == {"flag": True}


async def test_unknown_methods_answer_true(bot: telegram.Bot, fake: FakeBotAPI) -> None:
    assert await bot.send_chat_action(1, "typing") is True
    assert await bot.delete_webhook() is True
    assert await bot.do_api_request("someFutureMethod", api_kwargs={"chat_id": 1}) is True
    assert [r.method for r in fake.requests[-3:]] == [
        "sendChatAction",
        "deleteWebhook",
        "someFutureMethod",
    ]


# --- validation --------------------------------------------------------------------------

HTML_CASES = [
    ("<b>ok</b>", True),
    ("a < b", False),
    ("<b>x", False),
    ("&amp;", True),
    ("& x", False),
    ("<script>", False),
    ('<a href="https://x">l</a>', True),
    ("a &lt; b &gt; c &quot;d&quot; &#65; &#x1F600;", True),
    ("&nbsp;", False),
    ("<b><i>nested</i></b>", True),
    ("<b><i>crossed</b></i>", False),
    ('<span class="tg-spoiler">s</span>', True),
    ("<span>s</span>", False),
    ("<tg-spoiler>s</tg-spoiler> <u>u</u> <ins>i</ins> <s>s</s> <del>d</del>", True),
    ('<pre><code class="language-python">x = 1</code></pre>', True),
    ("<blockquote expandable>q</blockquote>", True),
    ('<tg-emoji emoji-id="5368324170671202286">👍</tg-emoji>', True),
    ("</b>", False),
    ("<br>", False),
    ("x > y", True),
    ("<B>upper</B>", True),
]


@pytest.mark.parametrize(("text", "accepted"), HTML_CASES)
async def test_html_validation_through_ptb(bot: telegram.Bot, text: str, accepted: bool) -> None:
    if accepted:
        message = await bot.send_message(1, text, parse_mode="HTML")
        assert message.text
    else:
        with pytest.raises(BadRequest, match=r"(?i)can't parse entities"):
            await bot.send_message(1, text, parse_mode="HTML")


def test_html_entities_and_utf16_offsets() -> None:
    text, entities = parse_entities(
        '😀 <b>bold</b> <a href="https://e.x/?a=1&amp;b=2">link</a>', "HTML"
    )
    assert text == "😀 bold link"
    assert entities == [
        {"type": "bold", "offset": 3, "length": 4},  # the emoji is 2 UTF-16 units
        {"type": "text_link", "offset": 8, "length": 4, "url": "https://e.x/?a=1&b=2"},
    ]
    _, pre = parse_entities('<pre><code class="language-py">x</code></pre>', "HTML")
    assert pre == [{"type": "pre", "offset": 0, "length": 1, "language": "py"}]
    with pytest.raises(ValueError, match=r'Unsupported start tag "" at byte offset 2'):
        parse_entities("a < b", "HTML")


def test_parse_modes_other_than_html() -> None:
    """No parse mode: the text as it is; a mode Telegram does not know: its error; Markdown,
    which the bot never sends and the fake does not parse: a loud failure, never a pass."""
    assert parse_entities("<b>not parsed</b>", None) == ("<b>not parsed</b>", [])
    with pytest.raises(ValueError, match="unsupported parse_mode"):
        parse_entities("x", "BBCode")
    for mode in ("Markdown", "MarkdownV2"):
        with pytest.raises(NotImplementedError, match="HTML only"):
            parse_entities("*bold*", mode)


async def test_markdown_sent_to_the_fake_is_an_error_it_records(bot: telegram.Bot,
                                                                fake: FakeBotAPI) -> None:
    with pytest.raises(telegram.error.TelegramError, match="FakeBotAPI"):
        await bot.send_message(1, "*bold*", parse_mode="MarkdownV2")
    assert isinstance(fake.errors[-1], NotImplementedError)


async def test_text_length_counted_after_parsing(bot: telegram.Bot) -> None:
    await bot.send_message(1, "я" * 4096)
    await bot.send_message(1, "<b>" + "a" * 4096 + "</b>", parse_mode="HTML")
    with pytest.raises(BadRequest, match=r"(?i)message is too long"):
        await bot.send_message(1, "a" * 4097)
    with pytest.raises(BadRequest, match=r"(?i)message is too long"):
        await bot.send_message(1, "&amp;" * 4097, parse_mode="HTML")
    for empty in ("   \n", "<b></b>"):
        with pytest.raises(BadRequest, match=r"(?i)message text is empty"):
            await bot.send_message(1, empty, parse_mode="HTML")


@pytest.mark.parametrize(
    ("data", "accepted"), [("x" * 64, True), ("x" * 65, False), ("я" * 33, False)]
)
async def test_callback_data_limit(bot: telegram.Bot, data: str, accepted: bool) -> None:
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("b", callback_data=data)]])
    if accepted:
        await bot.send_message(1, "pick", reply_markup=markup)
    else:
        with pytest.raises(BadRequest, match=r"(?i)button_data_invalid"):
            await bot.send_message(1, "pick", reply_markup=markup)


async def test_edit_message_text(bot: telegram.Bot, fake: FakeBotAPI) -> None:
    sent = await bot.send_message(7, "<b>v1</b>", parse_mode="HTML")
    with pytest.raises(BadRequest, match=r"(?i)message is not modified"):
        await bot.edit_message_text("<b>v1</b>", 7, sent.message_id, parse_mode="HTML")
    # Same characters, different formatting: modified.
    edited = await bot.edit_message_text("v1", 7, sent.message_id)
    assert isinstance(edited, telegram.Message)
    assert edited.text == "v1" and edited.edit_date is not None
    with pytest.raises(BadRequest, match=r"(?i)message to edit not found"):
        await bot.edit_message_text("x", 7, 999)
    with pytest.raises(BadRequest, match=r"(?i)message is too long"):
        await bot.edit_message_text("x" * 5000, 7, sent.message_id)
    stored = fake.get_message(7, sent.message_id)
    assert stored is not None and stored["text"] == "v1"


async def test_commands_round_trip(bot: telegram.Bot, fake: FakeBotAPI) -> None:
    await bot.set_my_commands([("start", "Start"), ("help", "Help")])
    commands = await bot.get_my_commands()
    assert [c.command for c in commands] == ["start", "help"]
    assert fake.commands()[1] == {"command": "help", "description": "Help"}
    with pytest.raises(BadRequest, match=r"(?i)bot_command_invalid"):
        await bot.set_my_commands([("Bad Command!", "x")])
    await bot.delete_my_commands()
    assert await bot.get_my_commands() == ()


async def test_answer_callback_query(bot: telegram.Bot) -> None:
    assert await bot.answer_callback_query("123", text="done") is True
    with pytest.raises(BadRequest):
        await bot.answer_callback_query("123", text="x" * 201)


# --- chats and members -------------------------------------------------------------------


async def test_chats_and_members(bot: telegram.Bot, fake: FakeBotAPI) -> None:
    fake.set_chat(-1002000, "channel", title="Mazhilis news", username="mazhilis_news")
    chat = await bot.get_chat("@mazhilis_news")
    assert (chat.id, chat.type, chat.title) == (-1002000, "channel", "Mazhilis news")
    with pytest.raises(BadRequest, match=r"(?i)chat not found"):
        await bot.get_chat(-555)
    with pytest.raises(BadRequest, match=r"(?i)chat not found"):
        await bot.get_chat("@nobody_here")

    fake.set_chat(GROUP, "supergroup", title="Deputies")
    fake.set_member(GROUP, 10, "creator", username="owner")
    fake.set_member(GROUP, 11, "member")
    assert (await bot.get_chat_member(GROUP, BOT_ID)).status == "member"
    assert await bot.get_chat_administrators(GROUP) == (await bot.get_chat_member(GROUP, 10),)
    fake.set_member(GROUP, BOT_ID, "administrator")
    admins = await bot.get_chat_administrators(GROUP)
    assert [(a.user.id, a.status) for a in admins] == [(10, "creator"), (BOT_ID, "administrator")]
    assert (await bot.get_chat_member(GROUP, 11)).status == "member"
    assert (await bot.get_chat_member(GROUP, 12)).status == "left"
    fake.set_member(GROUP, 11, "kicked")
    assert (await bot.get_chat_member(GROUP, 11)).status == "kicked"


async def test_bot_removed_or_blocked_cannot_send(bot: telegram.Bot, fake: FakeBotAPI) -> None:
    fake.push_update(fake.make_my_chat_member(DEFAULT_USER_ID, "private", "member", "kicked"))
    with pytest.raises(Forbidden, match=r"(?i)blocked by the user"):
        await bot.send_message(DEFAULT_USER_ID, "hi")
    fake.set_member(GROUP, BOT_ID, "left")
    with pytest.raises(Forbidden, match=r"(?i)not a member"):
        await bot.send_message(GROUP, "hi")


async def test_strict_chats() -> None:
    with FakeBotAPI(strict_chats=True) as fake:
        async with make_bot(fake) as strict_bot:
            with pytest.raises(BadRequest, match=r"(?i)chat not found"):
                await strict_bot.send_message(123, "hi")
            fake.push_update(fake.make_message("hello", user_id=123))
            await strict_bot.send_message(123, "hi")


# --- fault injection ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "options", "exception"),
    [
        ("retry_after", {"retry_after": 7}, RetryAfter),
        ("forbidden", {}, Forbidden),
        ("migrate", {"migrate_to_chat_id": -1009876}, ChatMigrated),
        ("chat_not_found", {}, BadRequest),
        ("bad_entities", {}, BadRequest),
        ("server_error", {}, NetworkError),
        ("server_error", {"status": 502}, NetworkError),
        ("drop", {}, NetworkError),
        ("timeout", {"delay": 1.0}, TimedOut),
        ("error", {"status": 409, "description": "Conflict: x"}, Conflict),
    ],
)
async def test_fault_kinds_surface_as_ptb_exceptions(
    bot: telegram.Bot,
    fake: FakeBotAPI,
    kind: str,
    options: dict[str, Any],
    exception: type[Exception],
) -> None:
    fake.fail("sendMessage", kind, **options)
    with pytest.raises(exception) as caught:
        await bot.send_message(1, "hi", read_timeout=0.3)
    if kind == "retry_after":
        assert isinstance(caught.value, RetryAfter) and retry_after_of(caught.value) == 7
        assert fake.too_many_requests == 1
    if kind == "migrate":
        assert isinstance(caught.value, ChatMigrated) and caught.value.new_chat_id == -1009876
    if kind == "drop":
        assert not isinstance(caught.value, TimedOut)
    assert fake.calls("sendMessage")[0].fault == kind
    # times=1: the next call goes through.
    assert (await bot.send_message(1, "again")).text == "again"


async def test_fault_scoping_by_chat_and_times(bot: telegram.Bot, fake: FakeBotAPI) -> None:
    fake.fail("sendMessage", "forbidden", chat_id=2, times=2)
    await bot.send_message(1, "ok")
    for _ in range(2):
        with pytest.raises(Forbidden):
            await bot.send_message(2, "no")
    await bot.send_message(2, "ok now")

    fake.fail("*", "chat_not_found", chat_id=3, times=None)
    for _ in range(3):
        with pytest.raises(BadRequest, match=r"(?i)chat not found"):
            await bot.send_message(3, "x")
    with pytest.raises(BadRequest):
        await bot.get_chat(3)
    fake.clear_faults()
    await bot.send_message(3, "x")

    fake.fail("sendMessage", "migrate", chat_id=-4001)
    with pytest.raises(ChatMigrated) as caught:
        await bot.send_message(-4001, "x")
    assert caught.value.new_chat_id == -1004001  # default: -100 prefix, like Telegram


async def test_timeout_fault_still_delivers_by_default(bot: telegram.Bot, fake: FakeBotAPI) -> None:
    fake.fail("sendMessage", "timeout", delay=1.0)
    fake.fail("sendMessage", "drop")  # not processed by default
    with pytest.raises(TimedOut):
        await bot.send_message(1, "maybe delivered", read_timeout=0.2)
    with pytest.raises(NetworkError):
        await bot.send_message(1, "lost")
    assert fake.sent_texts() == ["maybe delivered"]
    dropped = fake.calls("sendMessage")[1]
    assert dropped.status == 0 and dropped.response is None


def test_fail_rejects_unknown_kind(fake: FakeBotAPI) -> None:
    with pytest.raises(ValueError):
        fake.fail("sendMessage", "explode")
    with pytest.raises(ValueError):
        fake.fail("sendMessage", "migrate", chat_id="@x")


async def test_rate_limit_overall(bot: telegram.Bot, fake: FakeBotAPI) -> None:
    fake.rate_limit(overall_per_second=5)
    results: list[Any] = await asyncio.gather(
        *(bot.send_message(100 + i, "x") for i in range(8)), return_exceptions=True
    )
    limited = [r for r in results if isinstance(r, RetryAfter)]
    assert len(limited) == 3 and fake.too_many_requests == 3
    assert all(retry_after_of(r) == 1 for r in limited)
    assert len(fake.sent_messages()) == 5
    fake.rate_limit()  # off
    await bot.send_message(1, "free")


async def test_rate_limit_groups_per_minute(bot: telegram.Bot, fake: FakeBotAPI) -> None:
    fake.rate_limit(per_chat_per_minute_groups=20)
    for _ in range(20):
        await bot.send_message(GROUP, "x")
    with pytest.raises(RetryAfter) as caught:
        await bot.send_message(GROUP, "x")
    assert 55 <= retry_after_of(caught.value) <= 60
    for _ in range(25):  # private chats are not limited by this rule
        await bot.send_message(DEFAULT_USER_ID, "x")
    await bot.send_message(GROUP - 1, "another group still has room")
    assert fake.too_many_requests == 1


async def test_latency(bot: telegram.Bot, fake: FakeBotAPI) -> None:
    fake.latency = 0.2
    started = time.monotonic()
    await bot.send_message(1, "slow")
    assert time.monotonic() - started >= 0.2


# --- long polling ------------------------------------------------------------------------


async def test_get_updates_offset_and_limit(bot: telegram.Bot, fake: FakeBotAPI) -> None:
    ids = [fake.push_update(fake.make_message(f"m{i}")) for i in range(5)]
    assert ids == sorted(ids) and len(set(ids)) == 5
    first = await bot.get_updates(limit=2)
    assert [u.update_id for u in first] == ids[:2]
    assert first[0].message is not None and first[0].message.text == "m0"
    # Not confirmed yet: asking again returns the same updates.
    assert [u.update_id for u in await bot.get_updates()] == ids
    rest = await bot.get_updates(offset=ids[2] + 1)
    assert [u.update_id for u in rest] == ids[3:]
    assert len(fake.pending_updates()) == 2
    assert await bot.get_updates(offset=ids[-1] + 1) == ()
    assert fake.pending_updates() == []
    assert fake.push_update({**fake.make_message("explicit"), "update_id": 500}) == 500
    assert fake.push_update(fake.make_message("next")) == 501
    last = await bot.get_updates(offset=-1)
    assert [u.update_id for u in last] == [501]


async def test_long_poll_waits_for_update_and_times_out(
    bot: telegram.Bot, fake: FakeBotAPI
) -> None:
    started = time.monotonic()
    assert await bot.get_updates(timeout=1) == ()
    assert 0.9 <= time.monotonic() - started < 2.5

    async def push_later() -> None:
        await asyncio.sleep(0.2)
        fake.push_update(fake.make_message("late"))

    started = time.monotonic()
    pusher = asyncio.create_task(push_later())
    updates = await bot.get_updates(timeout=10)
    await pusher
    assert [u.message.text for u in updates if u.message] == ["late"]
    assert time.monotonic() - started < 1.5  # woken by the push, well before the cap


async def test_second_poller_conflicts_first(bot: telegram.Bot, fake: FakeBotAPI) -> None:
    """Like Telegram, a new getUpdates ends a pending one with 409 (two bot instances)."""
    first = asyncio.create_task(bot.get_updates(timeout=2))
    for _ in range(200):  # let the first poll reach the server and start waiting
        if fake.polls_waiting:
            break
        await asyncio.sleep(0.01)
    assert fake.polls_waiting == 1
    async with make_bot(fake) as second_instance:
        assert await second_instance.get_updates(timeout=0) == ()
    with pytest.raises(Conflict, match="terminated by other getUpdates"):
        await asyncio.wait_for(first, 5)


async def test_opt_in_update_types(bot: telegram.Bot, fake: FakeBotAPI) -> None:
    fake.push_update({"chat_member": {"chat": {"id": 1, "type": "private"}}})
    fake.push_update(fake.make_message("visible"))
    assert [u.effective_message.text for u in await bot.get_updates() if u.effective_message] == [
        "visible"
    ]
    updates = await bot.get_updates(allowed_updates=["message", "chat_member"])
    assert len(updates) == 2


async def test_application_polling_end_to_end(fake: FakeBotAPI) -> None:
    async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_chat is not None
        await context.bot.send_message(update.effective_chat.id, "<b>Welcome</b>", "HTML")

    app = (
        Application.builder()
        .token(fake.token)
        .base_url(f"{fake.url}/bot")
        .base_file_url(f"{fake.url}/file/bot")
        .build()
    )
    app.add_handler(CommandHandler("start", start))
    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0, timeout=1)
        fake.push_update(fake.make_message("/start"))
        fake.push_update(fake.make_message(f"/start@{BOT_USERNAME}", chat_type="group"))
        [first, second] = await fake.async_wait_for("sendMessage", count=2, timeout=10)
        await app.updater.stop()
        await app.stop()
    assert first.result["text"] == "Welcome"
    assert {first.params["chat_id"], second.params["chat_id"]} == {
        DEFAULT_USER_ID,
        DEFAULT_GROUP_ID,
    }


# --- builders ----------------------------------------------------------------------------


async def test_builders_parse_as_ptb_updates(bot: telegram.Bot, fake: FakeBotAPI) -> None:
    command = Update.de_json(fake.make_message(f"/digest@{BOT_USERNAME} today"), bot)
    assert command.message is not None
    [entity] = command.message.entities
    assert entity.type == "bot_command" and entity.offset == 0
    assert entity.length == len(f"/digest@{BOT_USERNAME}")
    assert command.message.chat.type == "private"

    group = Update.de_json(fake.make_message("hello", chat_type="supergroup"), bot)
    assert group.message is not None and group.message.chat.id == DEFAULT_SUPERGROUP_ID
    assert group.message.entities == ()

    channel = Update.de_json(fake.make_message("news", chat_type="channel"), bot)
    assert channel.channel_post is not None and channel.channel_post.sender_chat is not None

    fake.add_file("DOC1", b"%PDF-1.4")
    document = Update.de_json(
        fake.make_document_message(5, 5, "DOC1", "bill.pdf", "application/pdf", "/import"),
        bot,
    )
    assert document.message is not None and document.message.document is not None
    assert document.message.document.file_size == 8
    assert document.message.caption_entities[0].type == "bot_command"

    sticker = Update.de_json(fake.make_sticker_message(5, 5, emoji="🔥"), bot)
    assert sticker.message is not None and sticker.message.sticker is not None
    assert sticker.message.sticker.emoji == "🔥"

    member = Update.de_json(
        fake.make_my_chat_member(GROUP, "supergroup", "left", "administrator"), bot
    )
    assert member.my_chat_member is not None
    assert member.my_chat_member.new_chat_member.status == "administrator"
    assert member.my_chat_member.new_chat_member.user.id == BOT_ID


async def test_callback_query_refers_to_bot_message(bot: telegram.Bot, fake: FakeBotAPI) -> None:
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("More", callback_data="more")]])
    sent = await bot.send_message(DEFAULT_USER_ID, "Bill 12", reply_markup=markup)
    update = Update.de_json(fake.make_callback_query("more", DEFAULT_USER_ID), bot)
    query = update.callback_query
    assert query is not None and query.data == "more"
    assert query.message is not None and query.message.message_id == sent.message_id
    assert isinstance(query.message, telegram.Message)
    assert query.message.reply_markup == markup
    # A placeholder message for an id the bot never sent is editable afterwards.
    placeholder = fake.make_callback_query("x", 77, 77, message_id=5)
    assert placeholder["callback_query"]["message"]["message_id"] == 5
    await bot.edit_message_text("edited", 77, 5)


# --- files -------------------------------------------------------------------------------


async def test_get_file_and_download(bot: telegram.Bot, fake: FakeBotAPI) -> None:
    fake.add_file("FILE1", b"\x00binary\xff", "documents/bill.docx")
    file = await bot.get_file("FILE1")
    assert file.file_path is not None and file.file_size == 8
    assert bytes(await file.download_as_bytearray()) == b"\x00binary\xff"
    assert fake.calls("download")[0].params == {"file_path": "documents/bill.docx"}
    with pytest.raises(BadRequest, match=r"(?i)invalid file_id"):
        await bot.get_file("nope")


async def test_send_document_upload(bot: telegram.Bot, fake: FakeBotAPI) -> None:
    message = await bot.send_document(
        GROUP,
        b"a,b\n1,2\n",
        filename="votes.csv",
        caption="<i>Votes</i>",
        parse_mode="HTML",
    )
    assert message.document is not None and message.document.file_name == "votes.csv"
    assert message.caption == "Votes" and message.caption_entities[0].type == "italic"
    [request] = fake.calls("sendDocument")
    upload = request.params["document"]
    assert isinstance(upload, UploadedFile)
    assert (upload.filename, upload.content) == ("votes.csv", b"a,b\n1,2\n")
    assert request.params["chat_id"] == GROUP
    # The upload can be fetched back, and re-sent by file_id.
    file = await bot.get_file(message.document.file_id)
    assert bytes(await file.download_as_bytearray()) == b"a,b\n1,2\n"
    again = await bot.send_document(1, message.document.file_id)
    assert again.document is not None
    with pytest.raises(BadRequest, match=r"(?i)caption is too long"):
        await bot.send_document(1, b"x", filename="x.txt", caption="c" * 1025)


# --- waiting -----------------------------------------------------------------------------


def test_sync_wait_for_from_another_thread(fake: FakeBotAPI) -> None:
    def send_later() -> None:
        time.sleep(0.1)
        for i in range(3):
            post_sync(fake, "sendMessage", {"chat_id": 9, "text": f"t{i}"})

    sender = threading.Thread(target=send_later)
    sender.start()
    matches = fake.wait_for(lambda r: r.method == "sendMessage" and r.ok, count=3, timeout=5)
    sender.join(5)
    assert [m.params["text"] for m in matches] == ["t0", "t1", "t2"]
    mark = len(fake.requests)
    with pytest.raises(TimeoutError):
        fake.wait_for("sendMessage", after=mark, timeout=0.1)
    started = time.monotonic()
    with pytest.raises(TimeoutError):
        fake.wait_for("getChat", timeout=0.2)
    assert time.monotonic() - started < 1


async def test_async_wait_for(bot: telegram.Bot, fake: FakeBotAPI) -> None:
    async def send_later() -> None:
        await asyncio.sleep(0.1)
        await bot.send_message(1, "later")

    task = asyncio.create_task(send_later())
    [request] = await fake.async_wait_for("sendMessage", timeout=5)
    await task
    assert request.params["text"] == "later"
    with pytest.raises(TimeoutError):
        await fake.async_wait_for("sendMessage", count=2, timeout=0.1)


def test_error_answers_from_sync_client(fake: FakeBotAPI) -> None:
    assert post_sync(fake, "sendMessage", {"chat_id": 1, "text": "<b>x", "parse_mode": "HTML"}) == {
        "ok": False,
        "error_code": 400,
        "description": "Bad Request: can't parse entities: Can't find end tag corresponding "
        'to start tag "b"',
    }
    fake.fail("sendMessage", "retry_after", retry_after=3)
    assert post_sync(fake, "sendMessage", {"chat_id": 1, "text": "x"}) == {
        "ok": False,
        "error_code": 429,
        "description": "Too Many Requests: retry after 3",
        "parameters": {"retry_after": 3},
    }
    assert fake.errors == []


# --- throughput --------------------------------------------------------------------------


async def test_throughput_sanity(fake: FakeBotAPI) -> None:
    """2000 sendMessage calls over 10 connections; the fake alone does several thousand/s.

    The bound is deliberately loose (CI machines vary); it catches pathological slowness,
    not regressions of a few percent.
    """
    url = f"{fake.url}/bot{fake.token}/sendMessage"
    total = 2000

    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=10)) as session:

        async def worker(offset: int) -> None:
            for i in range(offset, total, 10):
                form = {"chat_id": str(1000 + i % 7), "text": f"<b>n</b> {i}", "parse_mode": "HTML"}
                async with session.post(url, data=form) as response:
                    assert response.status == 200
                    await response.read()

        started = time.monotonic()
        await asyncio.gather(*(worker(k) for k in range(10)))
        elapsed = time.monotonic() - started
    assert len(fake.sent_messages()) == total
    assert elapsed < 6, f"{total / elapsed:.0f} requests/s"
