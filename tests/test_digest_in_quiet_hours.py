"""A digest time inside the quiet hours (issue 18, item 5): ``/subscribe daily 7`` must not
confirm "daily at 07:00" and then arrive at 08:00 without a word. The live app against the fake
Bot API, at fixed clock moments."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

from bot.scheduler import run_tick

from .conftest import NOW, Harness

CHAT = 1001
# The digest carries what was recorded since its last one: the seed articles, recorded when the
# test database was made (today), are the news of the mornings after.
NEXT_MORNING = dt.datetime.now(NOW.tzinfo).date() + dt.timedelta(days=1)


def buttons(message: Any) -> dict[str, str]:
    rows = message.params.get("reply_markup", {}).get("inline_keyboard", [])
    return {b["text"]: b["callback_data"] for row in rows for b in row}


def at(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=NOW.tzinfo)


async def digests_at(harness: Harness, moment: dt.datetime) -> list[dict[str, Any]]:
    """Run the minute tick at ``moment`` (the seeds' articles as news since three days before);
    the digests the chat got."""
    chat = harness.store.get_chat(CHAT)
    assert chat is not None
    back = moment - dt.timedelta(days=3)
    harness.store.put_chat(replace(chat, subscribed_at=back, last_digest_at=back))
    harness.store.put_meta("last_tick", (moment - dt.timedelta(hours=1)).isoformat())
    before = len(harness.fake.sent_messages(CHAT))
    await run_tick(harness.app.bot, harness.app.bot_data, now=moment)
    return [m for m in harness.fake.sent_messages(CHAT)[before:] if "📰" in m["text"]]


async def test_subscribe_says_a_time_in_quiet_hours_waits_and_offers_to_move_it(
        harness: Harness) -> None:
    [confirmed] = await harness.say("/subscribe daily 7", chat_id=CHAT, user_id=CHAT)
    text = confirmed.params["text"]
    assert "daily at 07:00" in text
    assert "quiet hours (22:00–08:00), so digests come at 08:00" in text
    offered = buttons(confirmed)
    assert {"Digest at 08:00", "Quiet hours 22:00–07:00"} <= set(offered)
    # What it said is what happens: nothing at 07:00, the digest at 08:00.
    assert await digests_at(harness, at(NEXT_MORNING, 7)) == []
    assert len(await digests_at(harness, at(NEXT_MORNING, 8))) == 1
    # The quiet-hours button ends them at the digest's time: the next one comes at 07:00.
    message_id = confirmed.response["result"]["message_id"]
    [edited] = await harness.push(harness.fake.make_callback_query(
        offered["Quiet hours 22:00–07:00"], chat_id=CHAT, user_id=CHAT, message_id=message_id))
    assert "<b>Quiet hours:</b> 22:00–07:00" in edited.params["text"]
    assert "so digests come at" not in edited.params["text"]
    assert "Digest at 08:00" not in buttons(edited)
    day_after = NEXT_MORNING + dt.timedelta(days=1)
    assert len(await digests_at(harness, at(day_after, 7))) == 1


async def test_settings_says_it_too_and_its_button_moves_the_digest(harness: Harness) -> None:
    await harness.say("/subscribe daily 23:30", chat_id=CHAT, user_id=CHAT)
    [shown] = await harness.say("/settings", chat_id=CHAT, user_id=CHAT)
    assert "23:30 is inside your quiet hours (22:00–08:00), so digests come at 08:00" in \
        shown.params["text"]
    offered = buttons(shown)
    assert "Quiet hours 00:00–08:00" in offered  # late in the evening: they start after it
    [edited] = await harness.push(harness.fake.make_callback_query(
        offered["Digest at 08:00"], chat_id=CHAT, user_id=CHAT,
        message_id=shown.response["result"]["message_id"]))
    assert "daily at 08:00" in edited.params["text"]
    assert "quiet hours (" not in edited.params["text"]
    chat = harness.store.get_chat(CHAT)
    assert chat is not None and chat.settings.time == dt.time(8, 0)
    # A time outside the quiet hours is confirmed plainly, with no buttons to move it.
    [plain] = await harness.say("/subscribe daily 9", chat_id=CHAT, user_id=CHAT)
    assert "quiet hours (" not in plain.params["text"] and buttons(plain) == {}
