"""A chat's lifecycle applied to the store (``bot/core/chats.py`` says what changes): used by
delivery (403, chat not found, a closed topic, a migration) and by the handlers (the bot
removed from a chat, a group's migration message) alike."""

from __future__ import annotations

import logging

from store.base import Store

log = logging.getLogger(__name__)


def deactivate(store: Store, chat_id: int, reason: str) -> None:
    chat = store.get_chat(chat_id)
    changed = chat.deactivated_for(reason) if chat is not None else None
    if changed is not None:
        store.put_chat(changed)
        log.info("chat %s deactivated: %s", chat_id, reason)


def close_topic(store: Store, chat_id: int, thread_id: int, reason: str) -> bool:
    """Stop the subscription of a closed or deleted topic; True when this changed the chat."""
    chat = store.get_chat(chat_id)
    changed = chat.topic_closed(thread_id, reason) if chat is not None else None
    if changed is None:
        return False
    store.put_chat(changed)
    log.info("chat %s: topic %s gone (%s); subscription stopped", chat_id, thread_id, reason)
    return True


def migrate(store: Store, old_id: int, new_id: int) -> None:
    """A group became a supergroup: its chat moves to the new id (unless one is there)."""
    chat = store.get_chat(old_id)
    if chat is None:
        return
    with store.state_batch():
        store.delete_chat(old_id)
        if store.get_chat(new_id) is None:
            store.put_chat(chat.migrated(new_id))
    log.info("chat %s migrated to %s", old_id, new_id)
