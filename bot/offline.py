"""A Bot API that answers in-process: ``python -m bot reply`` and ``console`` run the real
handlers through it and print what would have been sent, with no network and no token.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
from typing import Any

from telegram import Bot, Update
from telegram._utils.types import ODVInput
from telegram.request import BaseRequest, RequestData

from bot.core.json_types import JsonObject

OFFLINE_TOKEN = "1:offline-token-for-local-replies-0000000"
BOT_USER = {"id": 1, "is_bot": True, "first_name": "Parliament", "username": "ParliamentBot"}
ADMIN_RIGHTS = ("can_manage_chat", "can_delete_messages", "can_manage_video_chats",
                "can_restrict_members", "can_promote_members", "can_change_info",
                "can_invite_users", "can_post_stories", "can_edit_stories", "can_delete_stories")


OFFLINE_CHANNEL = -1001  # the id every ``@channel`` has offline


class OfflineRequest(BaseRequest):
    """Records sendMessage / editMessageText / sendDocument and answers like Telegram would."""

    def __init__(self, admin_chats: frozenset[int] = frozenset()) -> None:
        self.sent: list[tuple[str, JsonObject]] = []
        # (file name, bytes) of each sendDocument, in the order sent; ``sent`` names the file
        # in its params as ``_file`` (an index into this list).
        self.files: list[tuple[str, bytes]] = []
        self.answers: list[str] = []
        self._ids = itertools.count(1)
        self.admin_chats = admin_chats

    @property
    def read_timeout(self) -> float | None:
        return 1.0

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        write_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        connect_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        pool_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        endpoint = url.rsplit("/", 1)[-1]
        params = request_data.json_parameters if request_data else {}
        if endpoint in {"getChat", "getChatMember"} and OFFLINE_CHANNEL not in self.admin_chats \
                and str(params.get("chat_id", "")).startswith("@"):
            # Offline there are no channels to look up (``reply --admin``: one, as any @name).
            return 400, json.dumps({"ok": False, "error_code": 400,
                                    "description": "Bad Request: chat not found"}).encode()
        decoded = {k: _decode(v) for k, v in params.items()}
        if endpoint == "sendDocument" and request_data is not None:
            for name, part in (request_data.multipart_data or {}).items():
                filename, content = str(part[0] or name), part[1]
                data = content if isinstance(content, bytes) else bytes(content.read())
                decoded["_file"] = len(self.files)
                self.files.append((filename, data))
        result = self._answer(endpoint, decoded)
        return 200, json.dumps({"ok": True, "result": result}).encode()

    def _answer(self, endpoint: str, params: JsonObject) -> Any:
        if endpoint == "getMe":
            return BOT_USER
        if endpoint == "getUpdates":
            return []
        if endpoint == "answerCallbackQuery":
            self.answers.append(str(params.get("text") or ""))  # a button's pop-up text
            return True
        if endpoint in {"sendMessage", "editMessageText", "sendDocument"}:
            self.sent.append((endpoint, params))
            chat_id = params.get("chat_id", 0)
            return {
                "message_id": params.get("message_id") or next(self._ids),
                "date": int(dt.datetime.now(dt.UTC).timestamp()),
                "chat": _chat(chat_id),
                "text": params.get("text", ""),
            }
        if endpoint == "getChatMember":
            status = "administrator" if int(params.get("chat_id", 0)) in self.admin_chats or \
                int(params.get("chat_id", 0)) > 0 else "member"
            member: JsonObject = {"status": status, "user": {
                "id": int(params.get("user_id", 0)), "is_bot": False, "first_name": "User"}}
            if status == "administrator":  # the rights Telegram always lists for an admin
                member.update(dict.fromkeys(ADMIN_RIGHTS, True), can_be_edited=False,
                              is_anonymous=False)
                if int(params.get("chat_id", 0)) == OFFLINE_CHANNEL:  # and a channel's
                    member.update(can_post_messages=True, can_edit_messages=True)
            return member
        if endpoint == "getChat":
            return {**_chat(params.get("chat_id", 0)), "accent_color_id": 0,
                    "max_reaction_count": 11}
        return True


def _decode(value: Any) -> Any:
    if isinstance(value, str) and value[:1] in "[{":
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def _chat(chat_id: Any) -> JsonObject:
    try:
        number = int(chat_id)
    except (TypeError, ValueError):
        return {"id": OFFLINE_CHANNEL, "type": "channel", "title": str(chat_id),
                "username": str(chat_id)}
    if number > 0:
        return {"id": number, "type": "private", "first_name": "User"}
    return {"id": number, "type": "supergroup", "title": "Group"}


_update_ids = itertools.count(1)


def message_update(text: str, chat_id: int, user_id: int, bot: Bot | None = None,
                   language_code: str | None = None) -> Update:
    """An incoming text message as Telegram would deliver it (commands get their entity);
    ``language_code`` is the sender's Telegram language."""
    entities = []
    if text.startswith("/"):
        command = text.split(maxsplit=1)[0]
        entities.append({"type": "bot_command", "offset": 0,
                         "length": len(command.encode("utf-16-le")) // 2})
    chat = _chat(chat_id)
    data = {
        "update_id": next(_update_ids),
        "message": {
            "message_id": next(_update_ids),
            "date": int(dt.datetime.now(dt.UTC).timestamp()),
            "chat": chat,
            "from": {"id": user_id, "is_bot": False, "first_name": "User",
                     **({"language_code": language_code} if language_code else {})},
            "text": text,
            "entities": entities,
        },
    }
    return Update.de_json(data, bot)


def callback_update(data: str, chat_id: int, user_id: int, message_id: int, text: str,
                    bot: Bot | None = None, language_code: str | None = None) -> Update:
    """A button press on a message the bot sent."""
    payload = {
        "update_id": next(_update_ids),
        "callback_query": {
            "id": str(next(_update_ids)),
            "from": {"id": user_id, "is_bot": False, "first_name": "User",
                     **({"language_code": language_code} if language_code else {})},
            "chat_instance": "offline",
            "data": data,
            "message": {
                "message_id": message_id,
                "date": int(dt.datetime.now(dt.UTC).timestamp()),
                "chat": _chat(chat_id),
                "from": BOT_USER,
                "text": text,
            },
        },
    }
    return Update.de_json(payload, bot)
