"""Messages the bot sends and edits, their text and buttons checked as Telegram checks them;
forum topics; callback answers; the command menu."""

from __future__ import annotations

import json
import re
import time
from typing import Any

from .entities import parse_with_mode, trim_entities
from .faults import Faults
from .protocol import (
    BOT_ID,
    BOT_USER,
    MAX_CALLBACK_ANSWER_LENGTH,
    MAX_CALLBACK_DATA_BYTES,
    MAX_MESSAGE_LENGTH,
)
from .wire import ApiError, bad_request, int_param, json_param


class Messages(Faults):
    """sendMessage, editMessageText, editMessageReplyMarkup, deleteMessage, answerCallbackQuery
    and the setMyCommands family."""

    def get_message(self, chat_id: int, message_id: int) -> dict[str, Any] | None:
        """The current state of a message the fake knows (sent, edited or pushed)."""
        with self._lock:
            message = self._messages.get((int(chat_id), int(message_id)))
            return dict(message) if message is not None else None

    def set_topic(self, chat_id: int, thread_id: int, state: str) -> None:
        """A forum topic's state: "open", "closed" (sending answers TOPIC_CLOSED) or
        "deleted" (sending answers "message thread not found")."""
        with self._lock:
            self._topics[(int(chat_id), int(thread_id))] = state

    def _message(
        self, chat: dict[str, Any], params: dict[str, Any], **content: Any
    ) -> dict[str, Any]:
        """Create and store a new bot message in ``chat``; checks the bot may post there."""
        self._check_can_post(chat)
        message: dict[str, Any] = {
            "message_id": self._next_message_id(chat["id"]),
            "from": dict(BOT_USER),
            "chat": chat,
            "date": int(time.time()),
        }
        if chat["type"] == "channel":
            message["sender_chat"] = chat
        thread = int_param(params, "message_thread_id")
        if thread is not None and chat["type"] == "supergroup":
            state = self._topics.get((chat["id"], thread))
            if state == "closed":
                raise bad_request("TOPIC_CLOSED")
            if state in ("deleted", None):
                raise bad_request("message thread not found")
            message["message_thread_id"] = thread
            message["is_topic_message"] = True
        reply_to = int_param(params, "reply_to_message_id")
        reply_parameters = json_param(params, "reply_parameters")
        if isinstance(reply_parameters, dict) and "message_id" in reply_parameters:
            reply_to = int(reply_parameters["message_id"])
        if reply_to is not None:
            original = self._messages.get((chat["id"], reply_to))
            if original is not None:
                message["reply_to_message"] = original
        message.update({k: v for k, v in content.items() if v})
        markup = self._check_reply_markup(params)
        if markup is not None and "inline_keyboard" in markup:
            message["reply_markup"] = markup
        self._messages[(chat["id"], message["message_id"])] = message
        return message

    def _check_can_post(self, chat: dict[str, Any]) -> None:
        status = self._members.get(chat["id"], {}).get(BOT_ID)
        if chat["type"] == "private":
            user_status = self._members.get(chat["id"], {}).get(chat["id"])
            if user_status == "kicked" or status == "kicked":
                raise ApiError(403, "Forbidden: bot was blocked by the user")
            return
        if status == "kicked":
            raise ApiError(403, f"Forbidden: bot was kicked from the {chat['type']} chat")
        if status == "left":
            raise ApiError(403, f"Forbidden: bot is not a member of the {chat['type']} chat")
        if chat["type"] == "channel" and status in ("member", "restricted"):
            raise bad_request("need administrator rights in the channel chat")

    def _check_reply_markup(self, params: dict[str, Any]) -> dict[str, Any] | None:
        if params.get("reply_markup") in (None, ""):
            return None
        try:
            markup = json_param(params, "reply_markup")
        except ApiError:
            raise bad_request("can't parse reply keyboard markup JSON object") from None
        if not isinstance(markup, dict):
            raise bad_request("can't parse reply keyboard markup JSON object")
        keyboard = markup.get("inline_keyboard")
        if keyboard is None:
            return markup
        if not isinstance(keyboard, list) or not all(isinstance(row, list) for row in keyboard):
            raise bad_request(
                'field "inline_keyboard" of the InlineKeyboardMarkup must be an Array of Arrays'
            )
        for row in keyboard:
            for button in row:
                if not isinstance(button, dict) or not isinstance(button.get("text"), str):
                    raise bad_request("can't parse inline keyboard button: Text must be a String")
                if not button["text"].strip():
                    raise bad_request("can't parse inline keyboard button: Text must be non-empty")
                if "callback_data" in button:
                    data = button["callback_data"]
                    size = len(data.encode("utf-8")) if isinstance(data, str) else 0
                    if not 1 <= size <= MAX_CALLBACK_DATA_BYTES:
                        raise bad_request("BUTTON_DATA_INVALID")
                elif "url" in button:
                    url = button["url"]
                    if not isinstance(url, str) or not url or any(c.isspace() for c in url):
                        raise bad_request("BUTTON_URL_INVALID")
                elif len(button) == 1:
                    raise bad_request(
                        "can't parse inline keyboard button: Text buttons are unallowed in the "
                        "inline keyboard"
                    )
        return markup

    @staticmethod
    def _formatted(
        params: dict[str, Any], key: str, *, limit: int, caption: bool
    ) -> tuple[str, list[dict[str, Any]]]:
        """Validate and parse a text/caption like Telegram: (plain text, entities)."""
        raw = params.get(key)
        if raw is None:
            raw = ""
        if not isinstance(raw, str):
            raw = json.dumps(raw)
        entities_param = params.get(f"{key}_entities" if caption else "entities")
        if entities_param not in (None, ""):
            entities = json_param(params, f"{key}_entities" if caption else "entities")
            if not isinstance(entities, list):
                raise bad_request("can't parse entities JSON object")
            text = raw
        else:
            text, entities = parse_with_mode(raw, params.get("parse_mode"))
        text, entities = trim_entities(text, entities)
        if not text and not caption:
            raise bad_request("message text is empty")
        if len(text) > limit:
            raise bad_request("message caption is too long" if caption else "message is too long")
        return text, entities

    def _send_message(self, params: dict[str, Any]) -> dict[str, Any]:
        chat = self._resolve_chat(params.get("chat_id"))
        text, entities = self._formatted(params, "text", limit=MAX_MESSAGE_LENGTH, caption=False)
        return self._message(chat, params, text=text, entities=entities)

    def _edited_message(self, params: dict[str, Any]) -> dict[str, Any] | None:
        """The stored message an edit targets, or None for inline messages."""
        if params.get("inline_message_id"):
            return None
        chat = self._resolve_chat(params.get("chat_id"), create=False)
        message_id = int_param(params, "message_id")
        if message_id is None:
            raise bad_request("message identifier is not specified")
        message = self._messages.get((chat["id"], message_id))
        if message is None:
            raise bad_request("message to edit not found")
        if message.get("from", {}).get("id") != BOT_ID:
            raise bad_request("message can't be edited")
        return message

    def _edit_message_text(self, params: dict[str, Any]) -> Any:
        text, entities = self._formatted(params, "text", limit=MAX_MESSAGE_LENGTH, caption=False)
        markup = self._check_reply_markup(params)
        message = self._edited_message(params)
        if message is None:
            return True
        new_markup = markup if markup is not None and "inline_keyboard" in markup else None
        if (
            message.get("text") == text
            and message.get("entities", []) == entities
            and message.get("reply_markup") == new_markup
        ):
            raise bad_request(
                "message is not modified: specified new message content and reply markup are "
                "exactly the same as a current content and reply markup of the message"
            )
        if "text" not in message:
            raise bad_request("there is no text in the message to edit")
        edited = {k: v for k, v in message.items() if k not in ("entities", "reply_markup")}
        edited.update(text=text, edit_date=int(time.time()))
        if entities:
            edited["entities"] = entities
        if new_markup is not None:
            edited["reply_markup"] = new_markup
        self._messages[(edited["chat"]["id"], edited["message_id"])] = edited
        return edited

    def _edit_message_reply_markup(self, params: dict[str, Any]) -> Any:
        markup = self._check_reply_markup(params)
        message = self._edited_message(params)
        if message is None:
            return True
        new_markup = markup if markup is not None and "inline_keyboard" in markup else None
        if message.get("reply_markup") == new_markup:
            raise bad_request(
                "message is not modified: specified new message content and reply markup are "
                "exactly the same as a current content and reply markup of the message"
            )
        edited = {k: v for k, v in message.items() if k != "reply_markup"}
        edited["edit_date"] = int(time.time())
        if new_markup is not None:
            edited["reply_markup"] = new_markup
        self._messages[(edited["chat"]["id"], edited["message_id"])] = edited
        return edited

    def _delete_message(self, params: dict[str, Any]) -> bool:
        chat = self._resolve_chat(params.get("chat_id"), create=False)
        message_id = int_param(params, "message_id")
        if self._messages.pop((chat["id"], message_id or 0), None) is None:
            raise bad_request("message to delete not found")
        return True

    def _answer_callback_query(self, params: dict[str, Any]) -> bool:
        if not params.get("callback_query_id"):
            raise bad_request(
                "query is too old and response timeout expired or query ID is invalid"
            )
        if len(str(params.get("text") or "")) > MAX_CALLBACK_ANSWER_LENGTH:
            raise bad_request("MESSAGE_TOO_LONG")
        return True

    def commands(
        self, scope: dict[str, Any] | None = None, language_code: str = ""
    ) -> list[dict[str, Any]]:
        """Commands currently set with setMyCommands for ``scope``/``language_code``."""
        with self._lock:
            return list(self._commands.get(self._commands_key(scope, language_code), []))

    @staticmethod
    def _commands_key(scope: Any, language_code: Any) -> str:
        if isinstance(scope, str):
            scope = json.loads(scope) if scope else None
        scope = scope or {"type": "default"}
        return json.dumps(scope, sort_keys=True) + "|" + str(language_code or "")

    def _set_my_commands(self, params: dict[str, Any]) -> bool:
        commands = json_param(params, "commands")
        if not isinstance(commands, list):
            raise bad_request("can't parse commands JSON object")
        if len(commands) > 100:
            raise bad_request("BOT_COMMANDS_TOO_MUCH")
        cleaned = []
        for command in commands:
            if not isinstance(command, dict):
                raise bad_request("can't parse BotCommand")
            name = str(command.get("command", ""))
            description = str(command.get("description", ""))
            if not re.fullmatch(r"[a-z0-9_]{1,32}", name.lower()):
                raise bad_request("BOT_COMMAND_INVALID")
            if not 1 <= len(description.strip()) <= 256:
                raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
            cleaned.append({"command": name.lower(), "description": description})
        key = self._commands_key(json_param(params, "scope"), params.get("language_code"))
        self._commands[key] = cleaned
        return True

    def _get_my_commands(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        key = self._commands_key(json_param(params, "scope"), params.get("language_code"))
        return list(self._commands.get(key, []))

    def _delete_my_commands(self, params: dict[str, Any]) -> bool:
        key = self._commands_key(json_param(params, "scope"), params.get("language_code"))
        self._commands.pop(key, None)
        return True
