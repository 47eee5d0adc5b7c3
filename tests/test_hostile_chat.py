"""Strangers in chats (issue 22), through the real Application against the fake Bot API: a group
member who is not an administrator cannot revoke the group's calendar link, and forged button
presses carrying only an ``inline_message_id`` are answered and dropped, without a traceback to
the operator."""

from __future__ import annotations

import pytest

from .configured import settings_of
from .conftest import OPERATOR, PROBE, Harness

GROUP = -1001000000001  # the fake's default supergroup


@pytest.fixture
def bot(harness: Harness) -> Harness:
    """The shared live app, serving calendar feeds (so /calendar offers and resets a link)."""
    harness.app.bot_data.settings = settings_of(harness.app.bot_data.settings,
                                                public_url="https://bot.example.org")
    return harness


def tokens(bot: Harness) -> dict[str, int]:
    return dict(bot.store.get_meta("calendar_tokens") or {})


async def test_a_member_cannot_reset_the_groups_calendar_link(bot: Harness) -> None:
    bot.fake.set_member(GROUP, 501, "creator")
    bot.fake.set_member(GROUP, 502, "member")
    await bot.say("/calendar", chat_id=GROUP, user_id=501, expect=2)
    before = tokens(bot)
    assert list(before.values()) == [GROUP]
    [sent] = await bot.say("/calendar reset", chat_id=GROUP, user_id=502)
    assert "Only administrators" in sent.params["text"]
    assert "webcal://" not in sent.params["text"]
    assert tokens(bot) == before
    await bot.say("/calendar reset", chat_id=GROUP, user_id=501, expect=2)
    after = tokens(bot)
    assert list(after.values()) == [GROUP] and after != before


async def test_forged_presses_without_a_message_are_dropped_quietly(bot: Harness) -> None:
    datas = ["f:b:water-code", "s:1:freq", "u:1", "lang:ru", "bc:y:1", "page:x", "x"]
    after = len(bot.fake.requests)
    for number in range(40):
        bot.fake.push_update({"update_id": 900_000 + number, "callback_query": {
            "id": str(7_000_000 + number), "from": {"id": 601, "is_bot": False,
                                                    "first_name": "Mallory"},
            "inline_message_id": "BAAAAAAAAAAAAAAA", "chat_instance": "1",
            "data": datas[number % len(datas)]}})
    await bot.fake.async_wait_for(lambda r: r.method == "answerCallbackQuery", count=40,
                                  timeout=15, after=after)
    await bot.settle()  # the presses handled, and whatever they would have sent sent
    later = bot.fake.requests[after:]
    assert not [r for r in later if r.method == "sendMessage" and r.chat_id != PROBE], \
        "nothing sent to anyone"
    assert not bot.fake.sent_messages(OPERATOR)
