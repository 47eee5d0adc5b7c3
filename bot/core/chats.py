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


# A chat's language is two things: the one it chose with /language (every reply in the chat is
# in it), and the one digests and alerts are written in, with no user to ask (the language the
# chat was answered in when it first subscribed or followed, until /language). Only the first
# overrides each user's own language: a Kazakh user's /subscribe must not make a Russian user's
# /help Kazakh. A chat stored before the difference was kept ("language" and no
# "language_chosen") counts as chosen, so no explicit choice is lost.
def chosen_language(chat: Chat) -> str | None:
    """The language chosen with /language, or None: each user is answered in their own."""
    language = chat.get("language")
    return str(language) if language and chat.get("language_chosen", True) else None


def keeping_language(chat: Chat, language: str) -> Chat:
    """The language digests and alerts are written in, set once (not a choice for replies)."""
    if not chat.get("language"):
        chat.update(language=language, language_chosen=False)
    return chat


def choosing_language(chat: Chat, language: str) -> Chat:
    """/language: every reply in the chat, and its digests and alerts, in ``language``."""
    chat.update(language=language, language_chosen=True)
    return chat
