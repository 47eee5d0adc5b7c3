"""End to end through the fake Bot API: Russian and Kazakh users, inline mode, forum
topics, webhook mode with its calendar feed."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import urllib.error
import urllib.request
from dataclasses import replace
from pathlib import Path
from typing import Any

from icalendar import Calendar

from bot.scheduler import run_tick
from bot.webhook import SECRET_HEADER

from .conftest import OPERATOR, Harness, webhook_app
from .offline_bot import ALMATY

GROUP = -1001000000001  # the fake's default supergroup


async def test_russian_and_kazakh_users_get_their_language(harness: Harness) -> None:
    for lang, hello, office, bills in (("ru", "Парламент Казахстана", "Председатель Сената",
                                        "Законопроекты"),
                                       ("kk", "Қазақстан Парламенті", "Сенат Төрағасы",
                                        "Заң жобалары")):
        user = 5001 if lang == "ru" else 5002
        [start] = await harness.say("/start", chat_id=user, user_id=user, language_code=lang)
        [card] = await harness.say("/official Ашимбаев", chat_id=user, user_id=user,
                                   language_code=lang)
        [listing] = await harness.say("/bills", chat_id=user, user_id=user, language_code=lang)
        [helps] = await harness.say("/help", chat_id=user, user_id=user, language_code=lang)
        [error] = await harness.say("/nosuchcommand", chat_id=user, user_id=user,
                                    language_code=lang)
        assert hello in start.params["text"]
        assert office in card.params["text"] and "Maulen Ashimbayev" in card.params["text"]
        assert bills in listing.params["text"]
        assert "/language" in helps.params["text"]
        assert "/help" in error.params["text"] and "know the command" not in error.params["text"]
    [switched] = await harness.say("/language en", chat_id=5001, user_id=5001,
                                   language_code="ru")
    assert "Language: English" in switched.params["text"]
    [english] = await harness.say("/start", chat_id=5001, user_id=5001, language_code="ru")
    assert "Kazakhstan's Parliament" in english.params["text"]
    # The menu in each language (setMyCommands with language_code).
    menus = {str(c.params.get("language_code") or ""): c.params["commands"]
             for c in harness.fake.calls("setMyCommands")}
    assert {"", "ru", "kk"} <= set(menus)
    language = {m: next(c["description"] for c in menus[m] if c["command"] == "language")
                for m in menus}
    assert language[""].startswith("Chat language") and language["ru"].startswith("Язык") and \
        language["kk"].startswith("Чат тілі")
    assert harness.errors() == []


async def test_digest_in_the_chats_language_goes_to_its_topic(harness: Harness) -> None:
    fake = harness.fake
    fake.set_member(GROUP, 5003, "administrator")
    [answer] = await harness.say("/subscribe", chat_id=GROUP, user_id=5003,
                                 language_code="ru", message_thread_id=77)
    assert answer.params["message_thread_id"] == 77  # answered in the topic it came from
    assert "Тема подписана" in answer.params["text"]
    chat = harness.store.get_chat(GROUP)
    assert chat is not None and chat.thread_id == 77 and chat.language == "ru"
    # A day later, with the seeds' articles as the news since subscribing.
    now = dt.datetime.now(ALMATY).replace(hour=12, minute=0) + dt.timedelta(days=1)
    chat = replace(chat, subscribed_at=now - dt.timedelta(days=3),
                   last_digest_at=now - dt.timedelta(days=3),
                   settings=replace(chat.settings, quiet=None))
    harness.store.put_chat(chat)
    harness.store.put_meta("last_tick", None)
    stats = await run_tick(harness.app.bot, harness.app.bot_data, now=now)
    assert stats.sent >= 1
    [digest] = [m for m in fake.sent_messages(GROUP) if "📰" in m["text"]]
    assert digest["message_thread_id"] == 77
    assert "Ежедневный дайджест" in digest["text"]


async def test_a_closed_topic_stops_its_subscription_and_tells_the_operator(
        harness: Harness) -> None:
    fake = harness.fake
    fake.set_member(GROUP, 5004, "administrator")
    await harness.say("/subscribe", chat_id=GROUP, user_id=5004, message_thread_id=88)
    fake.set_topic(GROUP, 88, "closed")
    from bot.delivery import Deliverer, Outgoing
    from bot.render import Reply

    deliverer = Deliverer(harness.app.bot, harness.store, operator_chat=OPERATOR)
    outcome = await deliverer.deliver(Outgoing(GROUP, "digest:x", Reply("📰 news"), 88))
    assert outcome == "topic gone"
    chat = harness.store.get_chat(GROUP)
    assert chat is not None and not chat.subscribed and chat.thread_id is None
    assert any("topic 88" in m["text"] for m in fake.sent_messages(OPERATOR))
    assert any("/subscribe" in m["text"] and "message_thread_id" not in m
               for m in fake.sent_messages(GROUP))
    # Not tried again: the next message for that topic is not sent at all.
    assert await deliverer.deliver(Outgoing(GROUP, "digest:x", Reply("📰 news"), 88)) == \
        "skipped"


async def inline(harness: Harness, query: str, lang: str = "en") -> dict[str, Any]:
    before = len(harness.fake.inline_answers)
    harness.fake.push_update(harness.fake.make_inline_query(query, language_code=lang))
    await harness.fake.async_wait_for("answerInlineQuery", timeout=10,
                                      after=len(harness.fake.requests) - 1)
    for _ in range(50):
        if len(harness.fake.inline_answers) > before:
            break
        await asyncio.sleep(0.05)
    return harness.fake.inline_answers[-1]


async def test_inline_queries_offer_cards(harness: Harness) -> None:
    answer = await inline(harness, "ashimb")
    results = answer["results"]
    assert 1 <= len(results) <= 50 and answer["is_personal"] is True
    assert 0 < answer["cache_time"] <= 300
    [first] = [r for r in results if r["id"] == "o:maulen-ashimbayev"]
    assert first["type"] == "article" and "Ashimbayev" in first["title"]
    assert first["input_message_content"]["parse_mode"] == "HTML"
    [[button]] = first["reply_markup"]["inline_keyboard"]
    assert button["url"].startswith("https://t.me/ParliamentTestBot?start=official_")
    russian = await inline(harness, "водный кодекс", "ru")
    assert any("Water Code" in r["title"] for r in russian["results"])
    empty = await inline(harness, "")
    assert empty["results"], "an empty query offers the latest events"
    long = await inline(harness, "x" * 300)
    assert long["results"] == [] and long["button"]["start_parameter"] == "help"
    hostile = await inline(harness, "<b>&")
    assert isinstance(hostile["results"], list)
    assert harness.errors() == []


def request(url: str, data: bytes | None = None, headers: dict[str, str] | None = None
            ) -> tuple[int, bytes, dict[str, str]]:
    req = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=10) as response:
            return response.status, response.read(), {k.lower(): v for k, v in response.headers.items()}
    except urllib.error.HTTPError as error:
        return error.code, error.read(), {k.lower(): v for k, v in error.headers.items()}


async def test_webhook_mode(tmp_path: Path) -> None:
    async with webhook_app(tmp_path) as (port, fake, store):
        base = f"http://127.0.0.1:{port}"
        assert fake.webhook["url"] == "https://bot.example.org/telegram"
        assert fake.webhook["secret_token"] == "s3cret_token-1"
        assert not fake.webhook.get("drop_pending_updates")
        update = json.dumps(fake.make_message("/start", chat_id=6001, user_id=6001)).encode()
        plain = {"Content-Type": "application/json"}
        status, _body, _h = await asyncio.to_thread(
            request, f"{base}/telegram", update, {**plain, SECRET_HEADER: "wrong"})
        assert status == 403
        status, _body, _h = await asyncio.to_thread(request, f"{base}/telegram", update,
                                                     plain)
        assert status == 403
        status, _body, _h = await asyncio.to_thread(
            request, f"{base}/telegram", update, {**plain, SECRET_HEADER: "s3cret_token-1"})
        assert status == 200
        await fake.async_wait_for(lambda r: r.method == "sendMessage" and r.chat_id == 6001,
                                  timeout=10)
        # Updates are handled in order: had the refused two been, their answers came first.
        assert len(fake.sent_messages(6001)) == 1, "a refused update is not handled"
        # /calendar shows the feed's link; the feed serves an .ics, then 304.
        calendar = json.dumps(fake.make_message("/calendar", chat_id=6001,
                                                user_id=6001)).encode()
        await asyncio.to_thread(request, f"{base}/telegram", calendar,
                                {**plain, SECRET_HEADER: "s3cret_token-1"})
        [link] = await fake.async_wait_for(
            lambda r: r.method == "sendMessage" and "webcal://" in r.params.get("text", ""),
            timeout=10)
        token = link.params["text"].split("/calendar/")[1].split(".ics")[0]
        status, body, headers = await asyncio.to_thread(
            request, f"{base}/calendar/{token}.ics")
        assert status == 200 and headers["content-type"].startswith("text/calendar")
        assert Calendar.from_ical(body).walk("VEVENT")
        english = body
        status, body, _h = await asyncio.to_thread(
            request, f"{base}/calendar/{token}.ics", None, {"If-None-Match": headers["etag"]})
        assert status == 304 and body == b""
        # The feed is written in the chat's language (no update to read one from).
        assert str(Calendar.from_ical(english)["x-wr-calname"]) == "Kazakhstan Parliament"
        chat = store.get_chat(6001)
        assert chat is not None
        store.put_chat(chat.speaking("kk"))
        status, body, kk_headers = await asyncio.to_thread(
            request, f"{base}/calendar/{token}.ics", None, {"If-None-Match": headers["etag"]})
        assert status == 200 and kk_headers["etag"] != headers["etag"]
        kk_cal = Calendar.from_ical(body)
        assert str(kk_cal["x-wr-calname"]) == "Қазақстан Парламенті"
        assert not any("since:" in str(e["summary"]) for e in kk_cal.walk("VEVENT"))
        status, _b, _h = await asyncio.to_thread(request, f"{base}/calendar/"
                                                 f"{'x' * 24}.ics")
        assert status == 404
        status, _b, _h = await asyncio.to_thread(request, f"{base}/healthz")
        assert status == 200
