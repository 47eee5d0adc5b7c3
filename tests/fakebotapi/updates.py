"""Updates a test sends the bot: built as complete Update dicts, queued for getUpdates."""

from __future__ import annotations

import contextlib
import time
from typing import Any

from .entities import command_entities
from .inline_and_webhook import InlineAndWebhook
from .protocol import (
    BOT_ID,
    BOT_USER,
    DEFAULT_CHANNEL_ID,
    DEFAULT_GROUP_ID,
    DEFAULT_SUPERGROUP_ID,
    DEFAULT_USER_ID,
    MEMBER_STATUSES,
)
from .wire import file_unique_id


class Updates(InlineAndWebhook):
    """``make_*`` builders and ``push_update``."""

    def push_update(self, update: dict[str, Any]) -> int:
        """Queue an update for getUpdates; assigns ``update_id`` if missing; returns it.

        The chats and users in the update become known to the fake (getChat works, the
        sender is a member, ``my_chat_member`` sets the bot's status), as on Telegram.
        """
        update = dict(update)
        with self._lock:
            if "update_id" not in update:
                update["update_id"] = self._next_update_id
            self._next_update_id = max(self._next_update_id, int(update["update_id"]) + 1)
            self._learn_from_update(update)
            self._updates.append(update)
        self._wake_pollers()
        return int(update["update_id"])

    def pending_updates(self) -> list[dict[str, Any]]:
        """Updates queued and not yet confirmed by a getUpdates offset."""
        with self._lock:
            return list(self._updates)

    def _wake_pollers(self) -> None:
        loop, event = self._loop, self._updates_event
        if loop is not None and event is not None:
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(event.set)

    def _chat_for_builder(
        self, chat_id: int | None, chat_type: str | None, user: dict[str, Any]
    ) -> dict[str, Any]:
        if chat_id is None:
            chat_id = {
                None: user["id"],
                "private": user["id"],
                "group": DEFAULT_GROUP_ID,
                "supergroup": DEFAULT_SUPERGROUP_ID,
                "channel": DEFAULT_CHANNEL_ID,
            }[chat_type]
        with self._lock:
            known = self._chats.get(chat_id)
        if known is not None and chat_type in (None, known["type"]):
            return dict(known)
        if chat_type is None:
            chat_type = (
                "private"
                if chat_id > 0
                else ("supergroup" if chat_id <= -1000000000000 else "group")
            )
        if chat_type == "private":
            chat = {"id": chat_id, "type": "private", "first_name": user["first_name"]}
            if user.get("username"):
                chat["username"] = user["username"]
            return chat
        return {"id": chat_id, "type": chat_type, "title": f"Test {chat_type} {chat_id}"}

    def _builder_user(
        self, user_id: int, username: str | None, first_name: str | None
    ) -> dict[str, Any]:
        with self._lock:
            known = self._users.get(user_id)
        user: dict[str, Any] = dict(known) if known else {"id": user_id, "is_bot": False}
        user["first_name"] = first_name or user.get("first_name") or f"User{user_id}"
        if username is not None:
            user["username"] = username
        # English unless a test says otherwise: the bot answers in the user's language_code.
        user.setdefault("language_code", "en")
        return user

    def _base_message(
        self,
        chat_id: int | None,
        user_id: int,
        chat_type: str | None,
        username: str | None,
        first_name: str | None,
    ) -> tuple[str, dict[str, Any]]:
        user = self._builder_user(user_id, username, first_name)
        chat = self._chat_for_builder(chat_id, chat_type, user)
        with self._lock:
            message_id = self._next_message_id(chat["id"])
        message: dict[str, Any] = {"message_id": message_id, "date": int(time.time())}
        if chat["type"] == "channel":
            message["sender_chat"] = chat
            key = "channel_post"
        else:
            message["from"] = user
            key = "message"
        message["chat"] = chat
        return key, message

    def _new_update_id(self) -> int:
        # Builders reserve an id so that their dicts are complete Updates on their own.
        with self._lock:
            update_id = self._next_update_id
            self._next_update_id += 1
            return update_id

    def make_message(
        self,
        text: str = "",
        *,
        chat_id: int | None = None,
        user_id: int = DEFAULT_USER_ID,
        chat_type: str | None = None,
        username: str | None = "tester",
        first_name: str | None = None,
        document: dict[str, Any] | None = None,
        sticker: bool | dict[str, Any] = False,
        reply_to: dict[str, Any] | None = None,
        language_code: str | None = None,
        message_thread_id: int | None = None,
    ) -> dict[str, Any]:
        """Build a ``message`` update (``channel_post`` for channels); does not queue it.

        Like every builder, it reserves a fresh ``update_id``, so the dict is a complete
        Update (``Update.de_json`` works) and ``push_update`` keeps that id.

        Defaults: a private chat with user 1001; ``chat_type`` alone picks the default
        group/supergroup/channel id; ``chat_id`` alone infers the type from the id. Text
        starting with a command gets a ``bot_command`` entity ("/cmd@BotName" included).
        ``document`` (a Document dict) turns ``text`` into its caption; ``sticker`` (True or
        a Sticker dict) sends a sticker instead of text; ``reply_to`` is a Message dict.
        """
        key, message = self._base_message(chat_id, user_id, chat_type, username, first_name)
        if sticker:
            message["sticker"] = sticker if isinstance(sticker, dict) else self._sticker()
        elif document is not None:
            message["document"] = document
            if text:
                message["caption"] = text
                entities = command_entities(text)
                if entities:
                    message["caption_entities"] = entities
        else:
            message["text"] = text
            entities = command_entities(text)
            if entities:
                message["entities"] = entities
        if reply_to is not None:
            message["reply_to_message"] = reply_to
        if language_code is not None and "from" in message:
            message["from"] = {**message["from"], "language_code": language_code}
        if message_thread_id is not None:  # a message in a forum topic
            message["message_thread_id"] = message_thread_id
            message["is_topic_message"] = True
            message["chat"] = {**message["chat"], "is_forum": True}
            with self._lock:
                self._topics.setdefault((message["chat"]["id"], message_thread_id), "open")
        return {"update_id": self._new_update_id(), key: message}

    def make_inline_query(
        self,
        query: str,
        user_id: int = DEFAULT_USER_ID,
        *,
        language_code: str | None = None,
    ) -> dict[str, Any]:
        """Build an ``inline_query`` update (``@bot query`` typed in any chat)."""
        user = self._builder_user(user_id, "tester", None)
        if language_code is not None:
            user = {**user, "language_code": language_code}
        query_id = str(5_000_000_000_000_000 + next(self._ids))
        return {"update_id": self._new_update_id(), "inline_query": {
            "id": query_id, "from": user, "query": query, "offset": "", "chat_type": "sender"}}

    def make_document_message(
        self,
        chat_id: int | None = None,
        user_id: int = DEFAULT_USER_ID,
        file_id: str = "BQACAgIAAxkBAAIBdocument",
        file_name: str = "document.pdf",
        mime_type: str = "application/pdf",
        caption: str | None = None,
        *,
        chat_type: str | None = None,
        username: str | None = "tester",
    ) -> dict[str, Any]:
        """Build a message update carrying a document (file size taken from ``add_file``)."""
        document: dict[str, Any] = {
            "file_id": file_id,
            "file_unique_id": file_unique_id(file_id),
            "file_name": file_name,
            "mime_type": mime_type,
        }
        with self._lock:
            known = self._files.get(file_id)
        if known is not None:
            document["file_size"] = len(known["content"])
        return self.make_message(
            caption or "",
            chat_id=chat_id,
            user_id=user_id,
            chat_type=chat_type,
            username=username,
            document=document,
        )

    @staticmethod
    def _sticker(
        emoji: str = "👍", file_id: str = "CAACAgIAAxkBAAIBsticker", set_name: str | None = None
    ) -> dict[str, Any]:
        sticker: dict[str, Any] = {
            "file_id": file_id,
            "file_unique_id": file_unique_id(file_id),
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "emoji": emoji,
            "file_size": 12345,
        }
        if set_name:
            sticker["set_name"] = set_name
        return sticker

    def make_sticker_message(
        self,
        chat_id: int | None = None,
        user_id: int = DEFAULT_USER_ID,
        emoji: str = "👍",
        file_id: str = "CAACAgIAAxkBAAIBsticker",
        set_name: str | None = None,
        *,
        chat_type: str | None = None,
        username: str | None = "tester",
    ) -> dict[str, Any]:
        """Build a message update carrying a sticker."""
        return self.make_message(
            chat_id=chat_id,
            user_id=user_id,
            chat_type=chat_type,
            username=username,
            sticker=self._sticker(emoji, file_id, set_name),
        )

    def make_callback_query(
        self,
        data: str,
        chat_id: int | None = None,
        user_id: int = DEFAULT_USER_ID,
        message_id: int | None = None,
        *,
        username: str | None = "tester",
    ) -> dict[str, Any]:
        """Build a ``callback_query`` update for a button on a bot message.

        The attached message is the one the fake holds for (chat_id, message_id) — e.g.
        one the bot sent — or a placeholder bot message, which the fake then knows (so it
        can be edited). ``message_id=None``: the bot's latest message in the chat.
        """
        user = self._builder_user(user_id, username, None)
        chat = self._chat_for_builder(chat_id, None, user)
        with self._lock:
            message: dict[str, Any] | None = None
            if message_id is None:
                for (cid, mid), candidate in reversed(self._messages.items()):
                    if cid == chat["id"] and candidate.get("from", {}).get("id") == BOT_ID:
                        message_id = mid
                        break
            if message_id is not None:
                message = self._messages.get((chat["id"], message_id))
            if message is None:
                if message_id is None:
                    message_id = self._next_message_id(chat["id"])
                message = {
                    "message_id": message_id,
                    "from": dict(BOT_USER),
                    "chat": chat,
                    "date": int(time.time()),
                    "text": "…",
                }
                self._messages[(chat["id"], message_id)] = message
                self._chats.setdefault(chat["id"], chat)
            message = dict(message)
            query_id = str(4_000_000_000_000_000 + next(self._ids))
        return {
            "update_id": self._new_update_id(),
            "callback_query": {
                "id": query_id,
                "from": user,
                "message": message,
                "chat_instance": str(abs(hash(chat["id"])) % 10**18),
                "data": data,
            },
        }

    def make_my_chat_member(
        self,
        chat_id: int | None = None,
        chat_type: str | None = None,
        old_status: str = "left",
        new_status: str = "member",
        user_id: int = DEFAULT_USER_ID,
        *,
        username: str | None = "tester",
    ) -> dict[str, Any]:
        """Build a ``my_chat_member`` update: the bot's status changed, by ``user_id``.

        E.g. a user blocking the bot: ``(user_id, "private", "member", "kicked")``; the bot
        added to a group: ``(group_id, "group", "left", "member")``. Pushing it updates the
        bot's status in the fake.
        """
        if old_status not in MEMBER_STATUSES or new_status not in MEMBER_STATUSES:
            raise ValueError("bad member status")
        user = self._builder_user(user_id, username, None)
        chat = self._chat_for_builder(chat_id, chat_type, user)
        bot = dict(BOT_USER)
        return {
            "update_id": self._new_update_id(),
            "my_chat_member": {
                "chat": chat,
                "from": user,
                "date": int(time.time()),
                "old_chat_member": self._member_dict(bot, old_status, chat["type"]),
                "new_chat_member": self._member_dict(bot, new_status, chat["type"]),
            },
        }
