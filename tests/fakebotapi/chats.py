"""Chats and their members as Telegram keeps them: known from updates or set by a test, with
getChat, getChatMember, getChatAdministrators and getChatMemberCount."""

from __future__ import annotations

from typing import Any

from .protocol import BOT_ID, BOT_USER, MEMBER_STATUSES, PRESENT_STATUSES
from .recording import Recording
from .wire import bad_request, chat_not_found, int_param, norm_chat_id


class Chats(Recording):
    """Chats, users and members; a chat never seen is made up from its id unless ``strict_chats``."""

    def set_chat(
        self,
        chat_id: int,
        type: str,
        title: str | None = None,
        username: str | None = None,
        *,
        first_name: str | None = None,
    ) -> dict[str, Any]:
        """Register (or replace) a chat; ``type`` is private/group/supergroup/channel."""
        if type not in ("private", "group", "supergroup", "channel"):
            raise ValueError(f"bad chat type {type!r}")
        chat: dict[str, Any] = {"id": int(chat_id), "type": type}
        if type == "private":
            chat["first_name"] = first_name or f"User{chat_id}"
        else:
            chat["title"] = title or f"Test {type} {chat_id}"
        if username:
            chat["username"] = username.lstrip("@")
        with self._lock:
            old = self._chats.get(chat["id"])
            if old is not None and old.get("username"):
                self._usernames.pop(str(old["username"]).lower(), None)
            self._chats[chat["id"]] = chat
            if username:
                self._usernames[username.lstrip("@").lower()] = chat["id"]
        return dict(chat)

    def set_member(
        self,
        chat_id: int,
        user_id: int,
        status: str,
        *,
        username: str | None = None,
        first_name: str | None = None,
    ) -> None:
        """Set a user's status in a chat: creator/administrator/member/restricted/left/kicked.

        Use ``user_id=BOT_ID`` for the bot itself (it is a plain member unless set).
        Setting the bot to left/kicked makes sends to that chat fail with 403.
        """
        if status not in MEMBER_STATUSES:
            raise ValueError(f"bad member status {status!r}")
        with self._lock:
            self._ensure_chat(int(chat_id))
            self._members.setdefault(int(chat_id), {})[int(user_id)] = status
            if user_id != BOT_ID and (username or first_name or user_id not in self._users):
                user: dict[str, Any] = {
                    "id": int(user_id),
                    "is_bot": False,
                    "first_name": first_name or f"User{user_id}",
                }
                if username:
                    user["username"] = username.lstrip("@")
                self._users[int(user_id)] = user

    def _learn_from_update(self, update: dict[str, Any]) -> None:
        for key, payload in update.items():
            if not isinstance(payload, dict):
                continue
            message = payload.get("message") if key == "callback_query" else payload
            chat = message.get("chat") if isinstance(message, dict) else None
            if isinstance(chat, dict) and "id" in chat:
                chat_id = int(chat["id"])
                # The latest info about a chat wins, as on Telegram.
                self._chats[chat_id] = {
                    k: chat[k]
                    for k in ("id", "type", "title", "username", "first_name", "last_name")
                    if k in chat
                }
                if chat.get("username"):
                    self._usernames[str(chat["username"]).lower()] = chat_id
                if key in ("message", "channel_post", "edited_message", "edited_channel_post"):
                    assert isinstance(message, dict)
                    self._messages[(chat_id, int(message["message_id"]))] = message
            sender = payload.get("from")
            if isinstance(sender, dict) and "id" in sender and not sender.get("is_bot"):
                self._users[int(sender["id"])] = sender
                if isinstance(chat, dict) and key != "my_chat_member":
                    members = self._members.setdefault(int(chat["id"]), {})
                    if members.get(int(sender["id"])) in (None, "left"):
                        members[int(sender["id"])] = "member"
            if key in ("my_chat_member", "chat_member") and isinstance(chat, dict):
                new = payload.get("new_chat_member", {})
                user = new.get("user", {})
                if "status" in new and "id" in user:
                    self._members.setdefault(int(chat["id"]), {})[int(user["id"])] = new["status"]

    def _ensure_chat(self, chat_id: int) -> dict[str, Any]:
        chat = self._chats.get(chat_id)
        if chat is None:
            if chat_id > 0:
                user = self._users.get(chat_id)
                first = user["first_name"] if user else f"User{chat_id}"
                chat = {"id": chat_id, "type": "private", "first_name": first}
            elif chat_id <= -1000000000000:
                chat = {"id": chat_id, "type": "supergroup", "title": f"Test supergroup {chat_id}"}
            else:
                chat = {"id": chat_id, "type": "group", "title": f"Test group {chat_id}"}
            self._chats[chat_id] = chat
        return chat

    def _resolve_chat(self, raw: Any, *, create: bool = True) -> dict[str, Any]:
        key = norm_chat_id(raw)
        if key is None or key == "":
            raise bad_request("chat_id is empty")
        if isinstance(key, str):
            if not key.startswith("@") or key[1:] not in self._usernames:
                raise chat_not_found()
            return self._chats[self._usernames[key[1:]]]
        chat = self._chats.get(key)
        if chat is None:
            if not create or self.strict_chats or key == 0:
                raise chat_not_found()
            chat = self._ensure_chat(key)
        return chat

    def _user(self, user_id: int) -> dict[str, Any]:
        if user_id == BOT_ID:
            return dict(BOT_USER)
        user = self._users.get(user_id)
        if user is None:
            return {"id": user_id, "is_bot": False, "first_name": f"User{user_id}"}
        return dict(user)

    def _status(self, chat: dict[str, Any], user_id: int) -> str:
        status = self._members.get(chat["id"], {}).get(user_id)
        if status is not None:
            return status
        if user_id == BOT_ID or (chat["type"] == "private" and chat["id"] == user_id):
            return "member"
        return "left"

    def _next_message_id(self, chat_id: int) -> int:
        message_id = self._last_message_id.get(chat_id, 0) + 1
        self._last_message_id[chat_id] = message_id
        return message_id

    def _is_group_chat(self, chat: int | str | None) -> bool:
        if isinstance(chat, int):
            known = self._chats.get(chat)
            if known is not None:
                return bool(known["type"] != "private")
            return chat < 0
        return isinstance(chat, str) and chat.startswith("@")

    def _member_dict(self, user: dict[str, Any], status: str, chat_type: str) -> dict[str, Any]:
        member: dict[str, Any] = {"status": status, "user": user}
        if status == "creator":
            member["is_anonymous"] = False
        elif status == "administrator":
            member.update(
                can_be_edited=False,
                is_anonymous=False,
                can_manage_chat=True,
                can_delete_messages=True,
                can_manage_video_chats=True,
                can_restrict_members=True,
                can_promote_members=False,
                can_change_info=True,
                can_invite_users=True,
                can_post_stories=True,
                can_edit_stories=True,
                can_delete_stories=True,
            )
            if chat_type == "channel":
                member.update(can_post_messages=True, can_edit_messages=True)
            else:
                member["can_pin_messages"] = True
        elif status == "restricted":
            member.update(
                {
                    "is_member": True,
                    "until_date": 0,
                    **{
                        perm: False
                        for perm in (
                            "can_change_info",
                            "can_invite_users",
                            "can_pin_messages",
                            "can_manage_topics",
                            "can_edit_tag",
                        )
                    },
                    **{
                        perm: True
                        for perm in (
                            "can_send_messages",
                            "can_send_polls",
                            "can_send_other_messages",
                            "can_add_web_page_previews",
                            "can_send_audios",
                            "can_send_documents",
                            "can_send_photos",
                            "can_send_videos",
                            "can_send_video_notes",
                            "can_send_voice_notes",
                            "can_react_to_messages",
                        )
                    },
                }
            )
        elif status == "kicked":
            member["until_date"] = 0
        return member

    def _get_chat(self, params: dict[str, Any]) -> dict[str, Any]:
        chat = self._resolve_chat(params.get("chat_id"), create=False)
        info: dict[str, Any] = {
            **chat,
            "accent_color_id": abs(chat["id"]) % 7,
            "max_reaction_count": 11,
            "accepted_gift_types": {
                "unlimited_gifts": False,
                "limited_gifts": False,
                "unique_gifts": False,
                "premium_subscription": False,
                "gifts_from_channels": False,
            },
        }
        if chat["type"] != "private":
            info.setdefault("description", "")
        return info

    def _get_chat_member(self, params: dict[str, Any]) -> dict[str, Any]:
        chat = self._resolve_chat(params.get("chat_id"), create=False)
        user_id = int_param(params, "user_id")
        if user_id is None:
            raise bad_request("user not found")
        return self._member_dict(self._user(user_id), self._status(chat, user_id), chat["type"])

    def _get_chat_administrators(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        chat = self._resolve_chat(params.get("chat_id"), create=False)
        if chat["type"] == "private":
            raise bad_request("there are no administrators in the private chat")
        members = self._members.get(chat["id"], {})
        # The creator first, as Telegram lists it.
        ordered = sorted(members.items(), key=lambda item: item[1] != "creator")
        return [
            self._member_dict(self._user(user_id), status, chat["type"])
            for user_id, status in ordered
            if status in ("creator", "administrator")
        ]

    def _get_chat_member_count(self, params: dict[str, Any]) -> int:
        chat = self._resolve_chat(params.get("chat_id"), create=False)
        if chat["type"] == "private":
            return 2
        members = self._members.get(chat["id"], {})
        return max(1, sum(1 for status in members.values() if status in PRESENT_STATUSES))
