"""End to end: the real PTB Application polling a fake Bot API server on 127.0.0.1.

A scripted user sends updates; the tests assert on the requests the server received.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import subprocess
from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path

import pytest
from icalendar import Calendar

from bot import delivery
from bot.app import build_application
from bot.core.chats import new_chat
from bot.core.knowledge import KnowledgeUpdate
from bot.core.models import Bill, BillStage, Event, PartialDate
from bot.delivery import Deliverer, Outgoing
from bot.render import Reply
from bot.services import COMMANDS
from store.tiny import TinyStore

from .command_line import PYTHON, ROOT, cli_env
from .conftest import ADMIN, ARTICLES, NOW, OPERATOR, TOKEN, Harness
from .fakebotapi import BOT_ID, FakeBotAPI
from .newsroom import STORIES, article_page


async def test_menu_is_registered(harness: Harness) -> None:
    """One menu per language: the default (English) and one for each language_code."""
    calls = harness.fake.calls("setMyCommands")
    assert sorted(str(c.params.get("language_code") or "") for c in calls) == ["", "kk", "ru"]
    for call in calls:
        names = [c["command"] for c in call.params["commands"]]
        assert names == [c.name for c in COMMANDS if not c.admin]
        assert all(1 <= len(c["description"]) <= 256 for c in call.params["commands"])


async def test_card_with_html_and_buttons(harness: Harness) -> None:
    [sent] = await harness.say("/bill water code")
    assert sent.method == "sendMessage" and sent.params["parse_mode"] == "HTML"
    assert sent.params["text"].startswith("📜 <b>Water Code</b>")
    keyboard = sent.params["reply_markup"]["inline_keyboard"]
    assert keyboard == [[{"text": "🔔 Follow", "callback_data": "f:b:water-code"}]]
    assert harness.errors() == []


async def test_choice_buttons_edit_in_place(harness: Harness) -> None:
    [choices] = await harness.say("/bill code")  # matches several
    buttons = [row[0] for row in choices.params["reply_markup"]["inline_keyboard"]]
    assert len(buttons) >= 2
    message_id = choices.response["result"]["message_id"]
    query = harness.fake.make_callback_query(buttons[0]["callback_data"], chat_id=1001,
                                             user_id=1001, message_id=message_id)
    [edited] = await harness.push(query)
    assert edited.method == "editMessageText"
    assert edited.params["message_id"] == message_id
    assert "<b>History</b>" in edited.params["text"]
    await harness.fake.async_wait_for("answerCallbackQuery", timeout=5)
    assert harness.errors() == []


async def test_paging_with_prev_next(harness: Harness) -> None:
    [whole] = await harness.say("/bills")  # fits one message: sent whole, no pager
    assert "Next ›" not in str(whole.params["reply_markup"])
    for number in range(30):  # more bills than fit one message
        harness.store.apply([_bill_update(number)])
    [first] = await harness.say("/bills")
    pager = first.params["reply_markup"]["inline_keyboard"][-1]
    assert [b["text"] for b in pager][1] == "Next ›"
    message_id = first.response["result"]["message_id"]
    [second] = await harness.push(harness.fake.make_callback_query(
        pager[-1]["callback_data"], chat_id=1001, user_id=1001, message_id=message_id))
    pager2 = second.params["reply_markup"]["inline_keyboard"][-1]
    assert [b["text"] for b in pager2][:2] == ["‹ Prev", "2 / 6"]
    assert harness.errors() == []


def _bill_update(number: int) -> KnowledgeUpdate:
    """An article about one more bill with a long title, so the list outgrows a message."""
    title = f"Law on the regulation of trade and commerce in region number {number} " * 3
    bill = Bill(f"law-{number}", title.strip(), "law", (BillStage(PartialDate(2024), "planned",
                                                                   f"ev{number}"),))
    return KnowledgeUpdate(Event(f"ev{number}", PartialDate(2024), f"T{number}"), (), (bill,))


@pytest.mark.parametrize("text", ["/search <b>&amp;</b> <script>", "/official " + "x" * 5000,
                                  "/bill *bold* _it_ `code`", "/on 31.02.2024", "/events -1"])
async def test_hostile_input_is_escaped(harness: Harness, text: str) -> None:
    [sent] = await harness.say(text)
    assert sent.status == 200, sent.response  # the fake validates HTML like Telegram
    assert "<script>" not in sent.params["text"]


async def test_stickers_and_chatter(harness: Harness) -> None:
    [sent] = await harness.push(harness.fake.make_sticker_message(chat_id=1001, user_id=1001))
    assert "I read text" in sent.params["text"]
    assert await harness.push(harness.fake.make_sticker_message(chat_id=-4001, user_id=1001),
                              expect=0) == []
    assert await harness.say("good morning all", chat_id=-4001, expect=0) == []
    [sent] = await harness.say("/official@ParliamentTestBot tokaev", chat_id=-4001)
    assert "Tokayev" in sent.params["text"]


async def test_group_subscription_needs_an_administrator(harness: Harness) -> None:
    fake = harness.fake
    fake.set_chat(-4001, "group", title="Analysts")
    fake.set_member(-4001, 1001, "member")
    fake.set_member(-4001, 1002, "administrator")
    [refused] = await harness.say("/subscribe daily 08:00", chat_id=-4001, user_id=1001)
    assert "Only administrators" in refused.params["text"]
    assert harness.store.get_chat(-4001) is None
    [ok] = await harness.say("/subscribe daily 08:00", chat_id=-4001, user_id=1002)
    assert "subscribed" in ok.params["text"]
    chat = harness.store.get_chat(-4001)
    assert chat is not None and chat.subscribed and chat.settings.time == dt.time(8, 0)
    # The member check went to the Bot API, for the sender, in this chat.
    asked = [(c.params["chat_id"], c.params["user_id"]) for c in fake.calls("getChatMember")]
    assert (-4001, 1001) in asked and (-4001, 1002) in asked


async def test_channel_registration_checks(harness: Harness) -> None:
    fake = harness.fake
    [missing] = await harness.say("/subscribe @parlnews")
    assert "can't find @parlnews" in missing.params["text"]
    fake.set_chat(-100900, "channel", title="Parl News", username="parlnews")
    fake.set_member(-100900, 1001, "member")
    [not_admin] = await harness.say("/subscribe @parlnews")
    assert "Only administrators of @parlnews" in not_admin.params["text"]
    fake.set_member(-100900, 1001, "creator")
    fake.set_member(-100900, BOT_ID, "member")
    [bot_not_admin] = await harness.say("/subscribe @parlnews")
    assert "I need to be an administrator of @parlnews" in bot_not_admin.params["text"]
    fake.set_member(-100900, BOT_ID, "administrator")
    [ok] = await harness.say("/subscribe @parlnews weekly 10:00 mon")
    assert "This channel is subscribed" in ok.params["text"]
    chat = harness.store.get_chat(-100900)
    assert chat is not None and chat.type == "channel" and chat.settings.weekday == 0


async def test_settings_buttons(harness: Harness) -> None:
    await harness.say("/subscribe")
    [shown] = await harness.say("/settings")
    rows = shown.params["reply_markup"]["inline_keyboard"]
    data = {b["text"]: b["callback_data"] for row in rows for b in row}
    message_id = shown.response["result"]["message_id"]
    [edited] = await harness.push(harness.fake.make_callback_query(
        data["+ 1 h"], chat_id=1001, user_id=1001, message_id=message_id))
    assert "daily at 10:00" in edited.params["text"]
    [edited] = await harness.push(harness.fake.make_callback_query(
        data["✅ Anniversaries"], chat_id=1001, user_id=1001, message_id=message_id))
    chat = harness.store.get_chat(1001)
    assert chat is not None and "anniversary" not in chat.settings.kinds
    [bad] = await harness.say("/settings quiet late")
    assert "Quiet hours are FROM-TO" in bad.params["text"]


async def test_removed_and_migrated_chats(harness: Harness) -> None:
    store = harness.store
    store.put_chat(new_chat(-4005, "group", "G", NOW, subscribed=True))
    harness.fake.push_update(harness.fake.make_my_chat_member(-4005, "group", "member", "left"))
    await harness.settle()
    chat = store.get_chat(-4005)
    assert chat is not None and chat.active is False
    store.put_chat(new_chat(-4006, "group", "G", NOW, subscribed=True))
    migrate = harness.fake.make_message("", chat_id=-4006, user_id=1001)
    migrate["message"].pop("text", None)
    migrate["message"]["migrate_to_chat_id"] = -1004006
    harness.fake.push_update(migrate)
    await harness.settle()
    assert store.get_chat(-4006) is None
    moved = store.get_chat(-1004006)
    assert moved is not None and moved.subscribed and moved.type == "supergroup"


async def test_calendar_is_an_ics_file(harness: Harness) -> None:
    [sent] = await harness.say("/calendar")
    assert sent.method == "sendDocument"
    upload = sent.params["document"]
    assert upload.filename == "kz-parliament.ics"
    calendar = Calendar.from_ical(upload.content)
    summaries = [str(c.get("summary")) for c in calendar.walk("VEVENT")]
    assert any("international conference" in s for s in summaries)  # April 2024, ahead of NOW


async def test_admin_ingest_sends_follow_alerts(harness: Harness) -> None:
    fake = harness.fake
    await harness.say("/follow bill water code", chat_id=2002, user_id=2002)
    [refused] = await harness.say("/ingest some text here for the bot", user_id=1001)
    assert "for the bot's operators" in refused.params["text"]
    content = (ARTICLES / "water_minister.txt").read_bytes()
    fake.add_file("doc1", content, "documents/water.txt")
    document = fake.make_document_message(ADMIN, ADMIN, "doc1", "water.txt", "text/plain",
                                          caption="/ingest")
    after = len(fake.requests)
    fake.push_update(document)
    await fake.async_wait_for(lambda r: r.method == "sendMessage" and r.chat_id == ADMIN,
                              timeout=10, after=after)
    [alert] = await fake.async_wait_for(
        lambda r: r.method == "sendMessage" and r.chat_id == 2002 and "🔔" in r.params["text"],
        timeout=10, after=after)
    assert "Water Code" in alert.params["text"]
    assert harness.store.get_official("nurzhan-nurzhigitov") is not None
    binary = fake.add_file("doc2", bytes(range(256)) * 4, "documents/x.bin")
    assert binary
    [bad] = await harness.push(fake.make_document_message(ADMIN, ADMIN, "doc2", "x.bin",
                                                          "application/octet-stream",
                                                          caption="/ingest"))
    assert "Not ingested" in bad.params["text"] and "binary" in bad.params["text"]


async def test_admin_ingest_of_a_saved_web_page_reads_its_article(harness: Harness) -> None:
    """An .html document sent to /ingest is read as ``ingest URL`` and an .html file are (one
    entry point, bot/web/pages.py): its article, not its markup, menus and scripts."""
    fake, story = harness.fake, STORIES["orchards"]
    fake.add_file("page1", article_page(story), "documents/orchards.html")
    [reply] = await harness.push(fake.make_document_message(
        ADMIN, ADMIN, "page1", "orchards.html", "text/html", caption="/ingest"))
    assert "Not ingested" not in reply.params["text"], reply.params["text"]
    [event] = [e for e in harness.store.all_events() if e.title == story.title]
    text = harness.store.event_text(event)
    assert story.paragraphs[1] in text
    for chrome in ("<p>", "Share on Facebook", "Related news", "trackingPixel", "newsletter"):
        assert chrome not in text


async def test_broadcast_preview_confirm_deliver(harness: Harness) -> None:
    store = harness.store
    for chat_id in (3001, 3002, -4003):
        chat = new_chat(chat_id, "private" if chat_id > 0 else "group", "", NOW, subscribed=True)
        store.put_chat(chat.with_settings(replace(chat.settings, quiet=None)))
    [refused] = await harness.say("/broadcast hi", user_id=1001)
    assert "operators" in refused.params["text"]
    [preview] = await harness.say("/broadcast Session at <10:00> & more", chat_id=ADMIN,
                                  user_id=ADMIN)
    assert "Preview" in preview.params["text"] and "&lt;10:00&gt; &amp; more" in \
        preview.params["text"]
    confirm = preview.params["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    await harness.push(harness.fake.make_callback_query(
        confirm, chat_id=ADMIN, user_id=ADMIN,
        message_id=preview.response["result"]["message_id"]))
    delivered = await harness.fake.async_wait_for(
        lambda r: r.method == "sendMessage" and "📣" in r.params["text"]
        and r.chat_id in {3001, 3002, -4003}, count=3, timeout=10)
    assert sorted(r.chat_id for r in delivered) == [-4003, 3001, 3002]
    # Pressing confirm again sends nothing more.
    await harness.push(harness.fake.make_callback_query(
        confirm, chat_id=ADMIN, user_id=ADMIN,
        message_id=preview.response["result"]["message_id"]), expect=0)
    assert len([r for r in harness.fake.sent_messages() if "📣" in r["text"]
                and r["chat_id"] != ADMIN]) == 3


async def test_errors_reach_the_operator_without_the_token(harness: Harness) -> None:
    harness.fake.fail("sendMessage", "bad_entities", chat_id=1001, times=1)
    harness.fake.push_update(harness.fake.make_message("/officials", chat_id=1001))
    [told] = await harness.fake.async_wait_for(
        lambda r: r.method == "sendMessage" and r.chat_id == OPERATOR, timeout=10)
    assert "Error" in told.params["text"]
    assert TOKEN not in told.params["text"] and TOKEN.split(":")[1] not in told.params["text"]


# --------------------------------------------------------------------------- delivery faults

@pytest.fixture
async def deliverer(tmp_path: Path) -> AsyncIterator[tuple[FakeBotAPI, Deliverer, TinyStore]]:
    with FakeBotAPI(token=TOKEN) as fake:
        store = TinyStore(tmp_path / "bot.json")
        app = build_application(store, TOKEN, api_url=fake.url, rate_limit=None, jobs=False)
        await app.initialize()
        try:
            yield fake, Deliverer(app.bot, store), store
        finally:
            await app.shutdown()
            store.close()


async def test_retry_after_waits_and_delivers(
        deliverer: tuple[FakeBotAPI, Deliverer, TinyStore]) -> None:
    fake, sender, _store = deliverer
    fake.fail("sendMessage", "retry_after", chat_id=1, retry_after=1)
    started = asyncio.get_running_loop().time()
    assert await sender.deliver(Outgoing(1, "x", Reply("hello"))) == "sent"
    assert asyncio.get_running_loop().time() - started >= 1.0
    assert fake.sent_texts(1) == ["hello"]


async def test_blocked_chat_is_deactivated_and_never_retried(
        deliverer: tuple[FakeBotAPI, Deliverer, TinyStore]) -> None:
    fake, sender, store = deliverer
    store.put_chat(new_chat(2, "private", "", NOW, subscribed=True))
    fake.fail("sendMessage", "forbidden", chat_id=2, times=None)
    assert await sender.deliver(Outgoing(2, "x", Reply("hello"))) == "forbidden"
    chat = store.get_chat(2)
    assert chat is not None and chat.active is False
    assert await sender.deliver(Outgoing(2, "x", Reply("hello"))) == "skipped"
    assert len(fake.calls("sendMessage")) == 1


async def test_migrated_group_moves_and_receives(
        deliverer: tuple[FakeBotAPI, Deliverer, TinyStore]) -> None:
    fake, sender, store = deliverer
    store.put_chat(new_chat(-300, "group", "G", NOW, subscribed=True))
    fake.fail("sendMessage", "migrate", chat_id=-300, migrate_to_chat_id=-100300)
    assert await sender.deliver(Outgoing(-300, "d", Reply("digest"))) == "migrated"
    assert fake.sent_texts(-100300) == ["digest"]
    assert store.get_chat(-300) is None and store.get_chat(-100300) is not None
    assert store.ledger_get(-100300, "d") == "sent"


async def test_network_errors_are_retried_with_backoff(
        deliverer: tuple[FakeBotAPI, Deliverer, TinyStore],
        monkeypatch: pytest.MonkeyPatch) -> None:
    fake, sender, store = deliverer
    monkeypatch.setattr(delivery, "FIRST_RETRY_DELAY", 0.1)  # 1 s in the bot
    fake.fail("sendMessage", "server_error", chat_id=4, times=2)
    assert await sender.deliver(Outgoing(4, "x", Reply("hello"))) == "sent"
    assert fake.sent_texts(4) == ["hello"]
    tries = [r.time for r in fake.calls("sendMessage") if r.chat_id == 4]
    assert len(tries) == 3
    assert tries[1] - tries[0] >= 0.1 and tries[2] - tries[1] >= 0.2  # backing off, doubled
    fake.fail("sendMessage", "chat_not_found", chat_id=5)
    store.put_chat(new_chat(5, "private", "", NOW, subscribed=True))
    assert await sender.deliver(Outgoing(5, "x", Reply("hello"))) == "gone"
    chat = store.get_chat(5)
    assert chat is not None and chat.active is False


async def test_rate_limited_fake_sees_no_429_from_group_sends(tmp_path: Path) -> None:
    """Twenty-two messages to one group: the rate limiter holds the last two back a minute
    rather than drawing 429s; here we only check the first twenty go out with none refused."""
    with FakeBotAPI(token=TOKEN) as fake:
        fake.rate_limit(overall_per_second=30, per_chat_per_minute_groups=20)
        store = TinyStore(tmp_path / "bot.json")
        app = build_application(store, TOKEN, api_url=fake.url, rate_limit=30, jobs=False)
        await app.initialize()
        sender = Deliverer(app.bot, store)
        task = asyncio.ensure_future(sender.deliver_all(
            [Outgoing(-500, f"m{i}", Reply(f"message {i}")) for i in range(22)]))
        await fake.async_wait_for("sendMessage", count=20, timeout=15)
        await asyncio.sleep(0.5)
        assert len(fake.calls("sendMessage")) == 20
        assert fake.too_many_requests == 0
        task.cancel()
        await app.shutdown()
        store.close()


def test_run_without_token_or_with_a_bad_one_exits_2(tmp_path: Path) -> None:
    for env in ({}, {"TELEGRAM_BOT_TOKEN": "not-a-token"}):
        result = subprocess.run([PYTHON, "-m", "bot", "run", "--db", str(tmp_path / "b.json")],
                                cwd=ROOT, env=cli_env(**env), capture_output=True, text=True,
                                timeout=60)
        assert result.returncode == 2
        assert result.stderr.count("\n") == 1 and "TELEGRAM_BOT_TOKEN" in result.stderr
        assert "Traceback" not in result.stderr


async def test_cli_ingest_while_the_bot_runs_reaches_followers(harness: Harness) -> None:
    """``python -m bot ingest`` in another process: the running bot sees it and alerts."""

    await harness.say("/follow official Koshanov", chat_id=2003, user_id=2003)  # unknown yet
    await harness.say("/follow tax code", chat_id=2003, user_id=2003)
    assert harness.store.path is not None
    result = await asyncio.to_thread(
        subprocess.run, [PYTHON, "-m", "bot", "ingest", str(ARTICLES / "mazhilis_first_reading.txt"),
                         "--db", str(harness.store.path)],
        cwd=ROOT, env=cli_env(), capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    after = len(harness.fake.requests)
    await harness.tick()
    [alert] = await harness.fake.async_wait_for(
        lambda r: r.method == "sendMessage" and r.chat_id == 2003, timeout=10, after=after)
    assert "🔔" in alert.params["text"] and "Tax Code" in alert.params["text"]
    [card] = await harness.say("/bill tax code", chat_id=2003, user_id=2003)
    assert "first reading" in card.params["text"]
