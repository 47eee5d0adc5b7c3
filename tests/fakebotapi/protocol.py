"""What the fake knows of the Bot API itself: the bot's identity, Telegram's limits, the method
names (case-insensitive, as Telegram reads them) and which of them post into a chat."""

from __future__ import annotations

from typing import Any

#: Default token accepted by the fake (any well-formed string works if passed explicitly).
TOKEN = "123456789:TEST-fake-bot-api-token"
BOT_ID = 999
BOT_USERNAME = "ParliamentTestBot"
BOT_FIRST_NAME = "Parliament"

#: Defaults used by the update builders when no ids are given.
DEFAULT_USER_ID = 1001
DEFAULT_GROUP_ID = -4001
DEFAULT_SUPERGROUP_ID = -1001000000001
DEFAULT_CHANNEL_ID = -1001000000002

MAX_MESSAGE_LENGTH = 4096
MAX_CAPTION_LENGTH = 1024
MAX_CALLBACK_DATA_BYTES = 64
MAX_CALLBACK_ANSWER_LENGTH = 200
MAX_DOWNLOAD_SIZE = 20 * 1024 * 1024  # getFile refuses bigger files, like Telegram
MAX_UPLOAD_SIZE = 50 * 1024 * 1024

#: getUpdates never holds a request longer than this, whatever ``timeout`` says, so that
#: a polling bot notices shutdown quickly in tests.
LONG_POLL_CAP = 2.0


FAULT_KINDS = frozenset(
    {
        "retry_after",
        "forbidden",
        "migrate",
        "chat_not_found",
        "bad_entities",
        "server_error",
        "timeout",
        "drop",
        "error",
    }
)


BOT_USER: dict[str, Any] = {
    "id": BOT_ID,
    "is_bot": True,
    "first_name": BOT_FIRST_NAME,
    "username": BOT_USERNAME,
}


GET_ME: dict[str, Any] = {
    **BOT_USER,
    "can_join_groups": True,
    "can_read_all_group_messages": False,
    "supports_inline_queries": False,
    "can_connect_to_business": False,
    "has_main_web_app": False,
}


# Update types Telegram leaves out unless they are asked for in ``allowed_updates``.
OPT_IN_UPDATES = frozenset({"chat_member", "message_reaction", "message_reaction_count"})


# Canonical method names; Telegram treats method names case-insensitively.
KNOWN_METHODS = (
    "getMe",
    "getUpdates",
    "sendMessage",
    "editMessageText",
    "editMessageReplyMarkup",
    "deleteMessage",
    "answerCallbackQuery",
    "setMyCommands",
    "getMyCommands",
    "deleteMyCommands",
    "deleteWebhook",
    "setWebhook",
    "getWebhookInfo",
    "getChat",
    "getChatMember",
    "getChatAdministrators",
    "getChatMemberCount",
    "sendDocument",
    "sendPhoto",
    "sendSticker",
    "sendAudio",
    "sendVideo",
    "sendAnimation",
    "sendVoice",
    "sendLocation",
    "sendContact",
    "sendPoll",
    "sendDice",
    "sendMediaGroup",
    "sendChatAction",
    "forwardMessage",
    "copyMessage",
    "getFile",
    "getMyName",
    "getMyDescription",
    "getMyShortDescription",
    "getChatMenuButton",
    "answerInlineQuery",
    "close",
    "logOut",
)


CANONICAL = {name.lower(): name for name in KNOWN_METHODS}


# Methods that post into a chat; these are what Telegram's flood control counts.
SEND_METHODS = frozenset(
    name
    for name in KNOWN_METHODS
    if (name.startswith("send") and name != "sendChatAction")
    or name in ("forwardMessage", "copyMessage")
)


MEMBER_STATUSES = frozenset({"creator", "administrator", "member", "restricted", "left", "kicked"})


PRESENT_STATUSES = frozenset({"creator", "administrator", "member", "restricted"})
