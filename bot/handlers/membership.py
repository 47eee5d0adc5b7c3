"""The bot added to a chat, removed or blocked there, and a group that became a supergroup: the
stored chat kept in step."""

from __future__ import annotations

from telegram import Chat, ChatMember, ChatMemberUpdated, Update

from bot.chat_changes import deactivate, migrate
from bot.core.chats import new_chat
from bot.handlers.common import Context, services


async def membership(update: Update, context: Context) -> None:
    """The bot was added, removed or blocked: keep the chat's state in step."""
    change: ChatMemberUpdated | None = update.my_chat_member
    if change is None:
        return
    store = services(context).store
    chat: Chat = change.chat
    status = change.new_chat_member.status
    if status in {ChatMember.LEFT, ChatMember.BANNED}:
        deactivate(store, chat.id, f"bot {status}")
        return
    stored = store.get_chat(chat.id) or new_chat(chat.id, chat.type, chat.title or "",
                                                 services(context).now())
    store.put_chat(stored.reached(chat.type, chat.title or "", chat.username or ""))


async def migrated(update: Update, context: Context) -> None:
    """A group became a supergroup: move its subscription to the new id."""
    message = update.effective_message
    if message is not None and message.migrate_to_chat_id:
        migrate(services(context).store, message.chat.id, message.migrate_to_chat_id)
