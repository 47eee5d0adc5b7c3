"""A chat as the store keeps it, and what happens to one: created, its settings and follows
read, deactivated, its topic closed, moved to a supergroup. Pure: each change returns the new
chat (or None when nothing changes); ``bot/chat_changes.py`` reads and writes the store.

The chat itself is still the stored mapping (id, type, title, active, subscription and its
marks, settings, follows); this module is the one place that builds and changes it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from bot.core.digest import Follow
from bot.core.schedule import DEFAULT_TZ, ChatSettings

Chat = dict[str, Any]


def new_chat(chat_id: int, chat_type: str, title: str, now: dt.datetime,
             subscribed: bool = False) -> Chat:
    return {
        "id": chat_id, "type": chat_type, "title": title, "active": True,
        "subscribed": subscribed, "subscribed_at": now.isoformat() if subscribed else None,
        # ``now`` is in the bot's zone (BOT_TIMEZONE): a new chat starts on the bot's clock.
        "settings": ChatSettings(chat_id, tz=getattr(now.tzinfo, "key", None) or DEFAULT_TZ
                                 ).to_dict(), "follows": [], "alert_seq": 0,
        "created_at": now.isoformat(),
    }


def settings_of(chat: Chat) -> ChatSettings:
    return ChatSettings.from_dict(int(chat["id"]), chat.get("settings") or {})


def follows_of(chat: Chat) -> list[Follow]:
    return [Follow.from_dict(f) for f in chat.get("follows") or ()]


def deactivated(chat: Chat, reason: str) -> Chat | None:
    """The bot was blocked or removed, or the chat is gone: nothing more is sent to it."""
    if not chat.get("active", True):
        return None
    return {**chat, "active": False, "deactivated": reason}


def topic_closed(chat: Chat, thread_id: int, reason: str) -> Chat | None:
    """A subscription's topic was closed or deleted: its digests and reminders stop (follows
    stay, and go nowhere until someone subscribes again), so a dead topic is tried once."""
    if chat.get("thread_id") != thread_id:
        return None
    changed = {**chat, "subscribed": False,
               "thread_closed": {"thread_id": thread_id, "reason": reason}}
    changed.pop("thread_id", None)
    return changed


def migrated(chat: Chat, new_id: int) -> Chat:
    """A group became a supergroup: its subscription, follows and settings under the new id."""
    return {**chat, "id": new_id, "type": "supergroup"}
