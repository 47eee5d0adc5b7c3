"""Follows for a channel, like its subscription (issue 18): ``/follow @channel …`` from a private
chat by the channel's administrator, checked with getChatMember; confirmations that name what is
followed and who is told; refusals in a group that say it is about follows."""

from __future__ import annotations

from .conftest import ADMIN, ARTICLES, Harness
from .fakebotapi import BOT_ID

CHANNEL = -100900
PRIVATE = 1001


def channel_with_admins(harness: Harness, user_status: str) -> None:
    fake = harness.fake
    fake.set_chat(CHANNEL, "channel", title="Parl News", username="parlnews")
    fake.set_member(CHANNEL, PRIVATE, user_status)
    fake.set_member(CHANNEL, BOT_ID, "administrator")


def follows(harness: Harness, chat_id: int) -> list[str]:
    chat = harness.store.get_chat(chat_id)
    return [f.label for f in chat.follows] if chat else []


async def test_a_channel_follows_by_its_administrator_and_gets_the_alert(
        harness: Harness) -> None:
    channel_with_admins(harness, "member")
    [refused] = await harness.say("/follow @parlnews water", chat_id=PRIVATE, user_id=PRIVATE)
    assert "Only administrators of @parlnews" in refused.params["text"]
    assert follows(harness, CHANNEL) == [] and follows(harness, PRIVATE) == []
    harness.fake.set_member(CHANNEL, PRIVATE, "administrator")
    [ok] = await harness.say("/follow @parlnews water", chat_id=PRIVATE, user_id=PRIVATE)
    assert "I'll tell @parlnews when a new article mentions “water”" in ok.params["text"]
    assert follows(harness, CHANNEL) == ["water"]
    assert follows(harness, PRIVATE) == []  # not "parlnews water" in the private chat
    asked = [(c.params["chat_id"], c.params["user_id"])
             for c in harness.fake.calls("getChatMember")]
    assert (CHANNEL, PRIVATE) in asked
    [listed] = await harness.say("/following @parlnews", chat_id=PRIVATE, user_id=PRIVATE)
    assert "“water”" in listed.params["text"] and "reply_markup" not in listed.params
    # An article about water reaches the channel, not the private chat.
    fake = harness.fake
    fake.add_file("doc1", (ARTICLES / "water_minister.txt").read_bytes(), "documents/w.txt")
    after = len(fake.requests)
    fake.push_update(fake.make_document_message(ADMIN, ADMIN, "doc1", "water.txt",
                                                "text/plain", caption="/ingest"))
    [alert] = await fake.async_wait_for(
        lambda r: r.method == "sendMessage" and r.chat_id == CHANNEL, timeout=10, after=after)
    assert "🔔" in alert.params["text"]
    [gone] = await harness.say("/unfollow @parlnews water", chat_id=PRIVATE, user_id=PRIVATE)
    assert "no more alerts" in gone.params["text"] and follows(harness, CHANNEL) == []


async def test_a_channel_choice_is_given_in_words_not_buttons_for_this_chat(
        harness: Harness) -> None:
    channel_with_admins(harness, "creator")
    [choice] = await harness.say("/follow @parlnews bill code", chat_id=PRIVATE,
                                 user_id=PRIVATE)
    assert "Which bill?" in choice.params["text"] and "• " in choice.params["text"]
    assert "reply_markup" not in choice.params  # a button would follow in the private chat
    [official] = await harness.say("/follow @parlnews official Ashimbayev", chat_id=PRIVATE,
                                   user_id=PRIVATE)
    assert "when a new article mentions Maulen Ashimbayev" in official.params["text"]
    [office] = await harness.say("/follow @parlnews office prime minister", chat_id=PRIVATE,
                                 user_id=PRIVATE)
    assert "when an article says that this office changes hands" in office.params["text"]
    assert follows(harness, CHANNEL) == ["Maulen Ashimbayev", "Prime Minister"]


async def test_follow_confirmation_names_what_is_followed(harness: Harness) -> None:
    [person] = await harness.say("/follow official Ashimbayev", chat_id=PRIVATE,
                                 user_id=PRIVATE)
    assert "I'll tell this chat when a new article mentions Maulen Ashimbayev" in \
        person.params["text"]
    assert "mentions it" not in person.params["text"]


async def test_a_group_member_is_told_follows_are_for_administrators(harness: Harness) -> None:
    harness.fake.set_chat(-4001, "group", title="Analysts")
    harness.fake.set_member(-4001, 1005, "member")
    [refused] = await harness.say("/follow water", chat_id=-4001, user_id=1005)
    assert "Only administrators of this group can change what it follows" in \
        refused.params["text"]
    assert "subscription" not in refused.params["text"]
    assert harness.store.get_chat(-4001) is None
