"""A fake Telegram Bot API server for tests.

``FakeBotAPI`` runs an aiohttp server on ``127.0.0.1`` in its own thread with its own
event loop, so the same instance serves a PTB ``Bot``/``Application`` running in the
test's event loop, synchronous test code, and a bot started as a subprocess.

It speaks the Bot API wire protocol closely enough that PTB cannot tell the difference
for the methods a bot normally uses, it validates what real Telegram validates (HTML /
MarkdownV2 entities, message length, callback data size, ...), records every request,
serves long polling, and can inject the failures Telegram produces in production
(flood waits, blocked users, migrated groups, 5xx, hanging or dropped connections).

Typical use::

    with FakeBotAPI() as fake:
        app = (Application.builder().token(fake.token)
               .base_url(f"{fake.url}/bot").base_file_url(f"{fake.url}/file/bot").build())
        fake.push_update(fake.make_message("/start"))
        ...
        await fake.async_wait_for("sendMessage")
        assert fake.sent_messages(chat_id=1001)[0]["text"] == "Welcome"

Everything public is thread-safe.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import itertools
import json
import math
import re
import socket
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any
from urllib.parse import parse_qsl

from aiohttp import BodyPartReader, web

__all__ = [
    "BOT_FIRST_NAME",
    "BOT_ID",
    "BOT_USERNAME",
    "DEFAULT_CHANNEL_ID",
    "DEFAULT_GROUP_ID",
    "DEFAULT_SUPERGROUP_ID",
    "DEFAULT_USER_ID",
    "FAULT_KINDS",
    "TOKEN",
    "FakeBotAPI",
    "Request",
    "UploadedFile",
    "parse_entities",
]

# ---------------------------------------------------------------------------------------
# Constants
# ---------------------------------------------------------------------------------------

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

_BOT_USER: dict[str, Any] = {
    "id": BOT_ID,
    "is_bot": True,
    "first_name": BOT_FIRST_NAME,
    "username": BOT_USERNAME,
}
_GET_ME: dict[str, Any] = {
    **_BOT_USER,
    "can_join_groups": True,
    "can_read_all_group_messages": False,
    "supports_inline_queries": False,
    "can_connect_to_business": False,
    "has_main_web_app": False,
}

# Update types Telegram leaves out unless they are asked for in ``allowed_updates``.
_OPT_IN_UPDATES = frozenset({"chat_member", "message_reaction", "message_reaction_count"})

# Form fields that are plain strings in the Bot API: never JSON-decode these, otherwise
# a message text such as "42" or "true" would come out as a number or a bool.
_STRING_PARAMS = frozenset(
    {
        "text",
        "caption",
        "parse_mode",
        "callback_query_id",
        "inline_message_id",
        "file_id",
        "url",
        "title",
        "description",
        "short_description",
        "name",
        "language_code",
        "emoji",
        "business_connection_id",
        "message_effect_id",
        "secret_token",
        "ip_address",
        "query",
        "first_name",
        "last_name",
        "username",
        "custom_title",
        "invite_link",
        "address",
        "phone_number",
        "vcard",
        "question",
        "payload",
        "currency",
        "action",
        "document",
        "photo",
        "audio",
        "video",
        "animation",
        "voice",
        "video_note",
        "sticker",
        "thumbnail",
        "from_chat_id_username",
    }
)
_INT_RE = re.compile(r"-?\d{1,19}")
_FLOAT_RE = re.compile(r"-?\d+\.\d*(?:[eE][-+]?\d+)?")

# Canonical method names; Telegram treats method names case-insensitively.
_KNOWN_METHODS = (
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
_CANONICAL = {name.lower(): name for name in _KNOWN_METHODS}

# Methods that post into a chat; these are what Telegram's flood control counts.
_SEND_METHODS = frozenset(
    name
    for name in _KNOWN_METHODS
    if (name.startswith("send") and name != "sendChatAction")
    or name in ("forwardMessage", "copyMessage")
)

_NGINX_502 = (
    "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway"
    "</h1></center><hr><center>nginx</center></body></html>"
)

_MEMBER_STATUSES = frozenset({"creator", "administrator", "member", "restricted", "left", "kicked"})
_PRESENT_STATUSES = frozenset({"creator", "administrator", "member", "restricted"})


# ---------------------------------------------------------------------------------------
# Public records
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class UploadedFile:
    """A file received in a multipart/form-data request."""

    filename: str | None
    content: bytes
    content_type: str | None = None


@dataclass
class Request:
    """One request received by the fake, with the answer it got.

    ``params`` holds the decoded parameters: JSON bodies as-is; form fields as strings,
    except JSON-looking values of non-text fields (``reply_markup``, ``chat_id``,
    ``offset``, ``true``/``false`` ...) which are decoded; uploads as ``UploadedFile``.
    ``response`` is the JSON body sent back (``None`` when the connection was dropped),
    ``status`` the HTTP status (0 when dropped). ``fault`` names the injected fault kind
    that shaped the answer, if any. ``time`` is ``time.monotonic()`` at arrival.
    File downloads are recorded with ``method == "download"``.
    """

    method: str
    params: dict[str, Any]
    time: float
    status: int = 200
    response: dict[str, Any] | None = None
    fault: str | None = None
    http_method: str = "POST"

    @property
    def ok(self) -> bool:
        """Whether the answer was a successful ``{"ok": true, ...}``."""
        return self.response is not None and self.response.get("ok") is True

    @property
    def result(self) -> Any:
        """The ``result`` of a successful answer, else ``None``."""
        return self.response.get("result") if self.response is not None else None

    @property
    def error(self) -> str | None:
        """The error ``description`` of a failed answer, else ``None``."""
        if self.response is None or self.response.get("ok"):
            return None
        return str(self.response.get("description"))

    @property
    def chat_id(self) -> int | str | None:
        """The normalised ``chat_id`` parameter (int, or ``"@username"``), if any."""
        return _norm_chat_id(self.params.get("chat_id"))


# ---------------------------------------------------------------------------------------
# Small helpers
# ---------------------------------------------------------------------------------------


class _ApiError(Exception):
    """An error answer: raising it anywhere in a method handler answers it."""

    def __init__(
        self, status: int, description: str, parameters: dict[str, Any] | None = None
    ) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.parameters = parameters

    def payload(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.status,
            "description": self.description,
        }
        if self.parameters:
            body["parameters"] = self.parameters
        return body


class _EntityError(Exception):
    """A formatting error; becomes "Bad Request: can't parse entities: <message>"."""


def _bad_request(description: str) -> _ApiError:
    return _ApiError(400, f"Bad Request: {description}")


def _chat_not_found() -> _ApiError:
    return _bad_request("chat not found")


def _norm_chat_id(value: Any) -> int | str | None:
    """Normalise a chat id the way Telegram reads it: integers, or a lowercase @username."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    text = str(value).strip()
    if _INT_RE.fullmatch(text):
        return int(text)
    return text.lower()


def _u16len(text: str) -> int:
    """Length in UTF-16 code units, the unit of Telegram entity offsets."""
    if text.isascii():
        return len(text)
    return len(text.encode("utf-16-le")) // 2


def _byte_offset(text: str, index: int) -> int:
    """UTF-8 byte offset of ``text[index]``, as Telegram reports in entity errors."""
    return len(text[:index].encode("utf-8"))


def _decode_form_value(name: str, value: str) -> Any:
    """Decode one form field the way PTB encoded it (json.dumps for non-str values)."""
    if name in _STRING_PARAMS or not value:
        return value
    first = value[0]
    if first in "{[":
        try:
            return json.loads(value)
        except ValueError:
            return value
    if value == "true":
        return True
    if value == "false":
        return False
    if (first == "-" or first.isdigit()) and _INT_RE.fullmatch(value):
        return int(value)
    if (first == "-" or first.isdigit()) and _FLOAT_RE.fullmatch(value):
        return float(value)
    return value


def _int_param(params: dict[str, Any], name: str, default: int | None = None) -> int | None:
    value = params.get(name)
    if value is None or value == "":
        return default
    if isinstance(value, bool):
        raise _bad_request(f"invalid {name} specified")
    try:
        return int(value)
    except (TypeError, ValueError):
        raise _bad_request(f"invalid {name} specified") from None


def _json_param(params: dict[str, Any], name: str) -> Any:
    """A parameter that must hold JSON; JSON bodies may carry it already decoded."""
    value = params.get(name)
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            raise _bad_request(f"can't parse {name} JSON object") from None
    return value


def _file_unique_id(file_id: str) -> str:
    return "U" + hashlib.blake2s(file_id.encode(), digest_size=8).hexdigest()


# ---------------------------------------------------------------------------------------
# Entity parsing (HTML, MarkdownV2, Markdown) — modelled on tdlib's parsers
# ---------------------------------------------------------------------------------------

_HTML_TAGS = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
}
_HTML_SPECIAL = re.compile(r"[<&]")
_HTML_SPACES = frozenset(" \t\r\n\v\f")
_HTML_ENTITY = re.compile(r"&(?:#([0-9]{1,8})|#[xX]([0-9a-fA-F]{1,8})|([A-Za-z][A-Za-z0-9]*));")
_NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}


def _decode_html_entity(text: str, index: int) -> tuple[str | None, int, str]:
    """Decode the entity at ``text[index] == "&"``: (char or None, end index, why not)."""
    match = _HTML_ENTITY.match(text, index)
    if match is None:
        return None, index, "Character '&' must start an HTML entity, escape it as &amp;"
    decimal, hexadecimal, name = match.groups()
    if name is not None:
        char = _NAMED_ENTITIES.get(name)
        if char is None:
            return None, index, f'Unsupported HTML entity "&{name};"'
        return char, match.end(), ""
    code = int(decimal) if decimal is not None else int(hexadecimal, 16)
    if code == 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        return None, index, f'Invalid numeric HTML entity "{match.group(0)}"'
    return chr(code), match.end(), ""


def _decode_attribute(value: str) -> str:
    """Decode entities in an attribute value; like Telegram, a stray '&' stays literal."""
    if "&" not in value:
        return value
    out: list[str] = []
    pos = 0
    while (amp := value.find("&", pos)) >= 0:
        out.append(value[pos:amp])
        char, end, _ = _decode_html_entity(value, amp)
        if char is None:
            out.append("&")
            pos = amp + 1
        else:
            out.append(char)
            pos = end
    out.append(value[pos:])
    return "".join(out)


def _parse_html(text: str) -> tuple[str, list[dict[str, Any]]]:
    """Parse Telegram HTML into (plain text, entities); raise _EntityError like Telegram.

    Deliberately stricter than Telegram in one place: a '&' that does not start one of the
    documented entities is an error (Telegram silently keeps it), because the Bot API docs
    require it to be escaped and a bot relying on the leniency is one refactor away from
    a real failure. A raw '>' is accepted, as Telegram does.
    """
    out: list[str] = []
    u16 = 0
    # Open tags: [tag, argument, utf16 start, extra] where extra is a pre's language.
    stack: list[list[Any]] = []
    entities: list[dict[str, Any]] = []
    n = len(text)
    pos = 0
    while True:
        match = _HTML_SPECIAL.search(text, pos)
        if match is None:
            chunk = text[pos:]
            out.append(chunk)
            u16 += _u16len(chunk)
            break
        i = match.start()
        if i > pos:
            chunk = text[pos:i]
            out.append(chunk)
            u16 += _u16len(chunk)
        if text[i] == "&":
            char, end, why = _decode_html_entity(text, i)
            if char is None:
                raise _EntityError(f"{why} at byte offset {_byte_offset(text, i)}")
            out.append(char)
            u16 += 2 if ord(char) > 0xFFFF else 1
            pos = end
            continue
        offset = _byte_offset(text, i)
        if i + 1 < n and text[i + 1] == "/":
            # An end tag.
            if not stack:
                raise _EntityError(f"Unexpected end tag at byte offset {offset}")
            j = i + 2
            while j < n and text[j] not in _HTML_SPACES and text[j] != ">":
                j += 1
            end_name = text[i + 2 : j].lower()
            while j < n and text[j] in _HTML_SPACES:
                j += 1
            if j >= n or text[j] != ">":
                raise _EntityError(f"Unclosed end tag at byte offset {offset}")
            tag, argument, start, extra = stack.pop()
            if end_name and end_name != tag:
                raise _EntityError(
                    f'Unmatched end tag at byte offset {offset}, expected "</{tag}>", '
                    f'found "</{end_name}>"'
                )
            pos = j + 1
            length = u16 - start
            if tag == "code" and argument and stack and stack[-1][0] == "pre":
                # <pre><code class="language-x"> is one "pre" entity with a language.
                stack[-1][3] = argument
                continue
            if length <= 0 or (tag == "a" and not argument):
                continue
            entity: dict[str, Any] = {"type": _HTML_TAGS[tag], "offset": start, "length": length}
            if tag == "a":
                entity["url"] = argument
            elif tag == "pre" and extra:
                entity["language"] = extra
            elif tag == "tg-emoji":
                entity["custom_emoji_id"] = argument
            elif tag == "blockquote" and argument:
                entity["type"] = "expandable_blockquote"
            entities.append(entity)
            continue
        # A start tag.
        j = i + 1
        while j < n and text[j] not in _HTML_SPACES and text[j] != ">":
            j += 1
        if j >= n:
            raise _EntityError(f"Unclosed start tag at byte offset {offset}")
        tag = text[i + 1 : j].lower()
        if tag not in _HTML_TAGS:
            raise _EntityError(f'Unsupported start tag "{tag}" at byte offset {offset}')
        attributes: dict[str, str] = {}
        while True:
            while j < n and text[j] in _HTML_SPACES:
                j += 1
            if j >= n:
                raise _EntityError(f"Unclosed start tag at byte offset {offset}")
            if text[j] == ">":
                j += 1
                break
            name_start = j
            while j < n and text[j] not in _HTML_SPACES and text[j] not in "=>":
                j += 1
            name = text[name_start:j].lower()
            if not name:
                raise _EntityError(
                    f'Empty attribute name in the tag "{tag}" at byte offset {offset}'
                )
            while j < n and text[j] in _HTML_SPACES:
                j += 1
            if j >= n:
                raise _EntityError(f"Unclosed start tag at byte offset {offset}")
            if text[j] != "=":
                if tag == "blockquote" and name == "expandable":
                    attributes[name] = ""
                    continue
                raise _EntityError(
                    "Expected equal sign in declaration of an attribute of the tag "
                    f'"{tag}" at byte offset {offset}'
                )
            j += 1
            while j < n and text[j] in _HTML_SPACES:
                j += 1
            if j >= n:
                raise _EntityError(f"Unclosed start tag at byte offset {offset}")
            quote = text[j]
            if quote in "'\"":
                close = text.find(quote, j + 1)
                if close < 0:
                    raise _EntityError(f"Unclosed start tag at byte offset {offset}")
                value = _decode_attribute(text[j + 1 : close])
                j = close + 1
            else:
                value_start = j
                while j < n and (text[j].isalnum() or text[j] in ".-"):
                    j += 1
                if j >= n:
                    raise _EntityError(f"Unclosed start tag at byte offset {offset}")
                if text[j] not in _HTML_SPACES and text[j] != ">":
                    raise _EntityError(
                        "Unexpected end of name token at byte offset "
                        f"{_byte_offset(text, value_start)}"
                    )
                value = text[value_start:j].lower()
            attributes[name] = value
        argument = ""
        if tag == "span":
            if attributes.get("class") != "tg-spoiler":
                raise _EntityError(
                    f'Tag "span" must have class "tg-spoiler" at byte offset {offset}'
                )
        elif tag == "a":
            argument = attributes.get("href", "")
        elif tag == "code":
            css = attributes.get("class", "")
            argument = css[len("language-") :] if css.startswith("language-") else ""
        elif tag == "tg-emoji":
            argument = attributes.get("emoji-id", "")
            if not argument.isdigit():
                raise _EntityError("Invalid custom emoji identifier specified")
        elif tag == "blockquote" and "expandable" in attributes:
            argument = "expandable"
        stack.append([tag, argument, u16, ""])
        pos = j
    if stack:
        raise _EntityError(f'Can\'t find end tag corresponding to start tag "{stack[-1][0]}"')
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return "".join(out), entities


_MDV2_RESERVED = frozenset("_*[]()~`>#+-=|{}.!")
_MDV2_NAMES = {
    "bold": "Bold",
    "italic": "Italic",
    "underline": "Underline",
    "strikethrough": "Strikethrough",
    "spoiler": "Spoiler",
    "code": "Code",
    "pre": "Pre",
    "text_link": "TextUrl",
    "custom_emoji": "CustomEmoji",
}


def _reserved(char: str) -> _EntityError:
    return _EntityError(
        f"Character '{char}' is reserved and must be escaped with the preceding '\\'"
    )


def _skip_pre_header(text: str, i: int) -> tuple[int, str]:
    """After an opening ```: read an optional language and skip one newline."""
    n = len(text)
    j = i
    while j < n and not text[j].isspace() and text[j] != "`":
        j += 1
    language = ""
    if j != i and j < n and text[j] != "`":
        language = text[i:j]
        i = j
    if i < n and text[i] in "\r\n":
        if i + 1 < n and text[i + 1] in "\r\n" and text[i] != text[i + 1]:
            i += 2
        else:
            i += 1
    return i, language


def _parse_markdown_v2(text: str) -> tuple[str, list[dict[str, Any]]]:
    """Parse MarkdownV2 into (plain text, entities), following tdlib's rules."""
    out: list[str] = []
    u16 = 0
    stack: list[list[Any]] = []  # [type, argument, utf16 start, text index, len(out)]
    entities: list[dict[str, Any]] = []
    quote_start: int | None = None
    quote_expandable = False
    line_start = True
    n = len(text)
    i = 0

    def close_quote(end: int) -> None:
        nonlocal quote_start, quote_expandable
        if quote_start is not None and end > quote_start:
            kind = "expandable_blockquote" if quote_expandable else "blockquote"
            entities.append({"type": kind, "offset": quote_start, "length": end - quote_start})
        quote_start = None
        quote_expandable = False

    while i < n:
        c = text[i]
        in_code = bool(stack) and stack[-1][0] in ("code", "pre")
        if line_start and not in_code:
            # Block quotes are line prefixes: ">" or "**>" (expandable).
            if c == ">" or text.startswith("**>", i):
                if quote_start is None:
                    quote_start = u16
                if c == "*":
                    quote_expandable = True
                    i += 2
                i += 1
                line_start = False
                continue
            if quote_start is not None:
                close_quote(u16 - 1)  # the quote ends before the newline
        line_start = False
        nxt = text[i + 1] if i + 1 < n else ""
        if c == "\\" and nxt and 0 < ord(nxt) <= 126:
            out.append(nxt)
            u16 += 1
            i += 2
            line_start = nxt == "\n"
            continue
        if c not in _MDV2_RESERVED or (in_code and c != "`"):
            out.append(c)
            u16 += 2 if ord(c) > 0xFFFF else 1
            i += 1
            line_start = c == "\n"
            continue
        top = stack[-1][0] if stack else None
        is_end = (
            (top == "bold" and c == "*")
            or (top == "italic" and c == "_" and nxt != "_")
            or (top == "code" and c == "`")
            or (top == "pre" and text.startswith("```", i))
            or (top in ("text_link", "custom_emoji") and c == "]")
            or (top == "underline" and text.startswith("__", i))
            or (top == "strikethrough" and c == "~")
            or (top == "spoiler" and text.startswith("||", i))
        )
        if not is_end:
            if (
                c == "|"
                and nxt == "|"
                and quote_expandable
                and top != "spoiler"
                and (i + 2 == n or text[i + 2] == "\n")
            ):
                # "||" at the end of a line closes an expandable block quote.
                i += 2
                close_quote(u16)
                continue
            start_index = i
            argument = ""
            if c == "_":
                kind = "underline" if nxt == "_" else "italic"
                i += 2 if nxt == "_" else 1
            elif c == "*":
                kind = "bold"
                i += 1
            elif c == "~":
                kind = "strikethrough"
                i += 1
            elif c == "|" and nxt == "|":
                kind = "spoiler"
                i += 2
            elif c == "[":
                kind = "text_link"
                i += 1
            elif c == "`":
                if text.startswith("```", i):
                    kind = "pre"
                    i, argument = _skip_pre_header(text, i + 3)
                else:
                    kind = "code"
                    i += 1
            elif c == "!" and nxt == "[":
                kind = "custom_emoji"
                i += 2
            else:
                raise _reserved(c)
            stack.append([kind, argument, u16, start_index, len(out)])
            continue
        kind, argument, start, _, out_index = stack.pop()
        if kind in ("underline", "spoiler"):
            i += 2
        elif kind == "pre":
            i += 3
        elif kind in ("text_link", "custom_emoji"):
            i += 1
            if i < n and text[i] == "(":
                i += 1
                url_start = i
                url: list[str] = []
                while i < n and text[i] != ")":
                    if text[i] == "\\" and i + 1 < n and 0 < ord(text[i + 1]) <= 126:
                        url.append(text[i + 1])
                        i += 2
                        continue
                    url.append(text[i])
                    i += 1
                if i >= n:
                    raise _EntityError(
                        f"Can't find end of a URL at byte offset {_byte_offset(text, url_start)}"
                    )
                i += 1
                argument = "".join(url)
            elif kind == "custom_emoji":
                raise _EntityError("Custom emoji entity must contain a tg://emoji URL")
            else:
                argument = "".join(out[out_index:])
        else:
            i += 1
        length = u16 - start
        if length <= 0:
            continue
        entity: dict[str, Any] = {"type": kind, "offset": start, "length": length}
        if kind == "text_link":
            entity["url"] = argument
        elif kind == "pre" and argument:
            entity["language"] = argument
        elif kind == "custom_emoji":
            emoji_id = argument.partition("tg://emoji?id=")[2]
            if not emoji_id.isdigit():
                raise _EntityError("Invalid custom emoji identifier specified")
            entity["custom_emoji_id"] = emoji_id
        entities.append(entity)
    if stack:
        kind, _, _, start_index, _ = stack[-1]
        name = _MDV2_NAMES[kind]
        if kind == "pre" and stack[-1][1]:
            name = "PreCode"
        raise _EntityError(
            f"Can't find end of {name} entity at byte offset {_byte_offset(text, start_index)}"
        )
    close_quote(u16)
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return "".join(out), entities


def _parse_markdown(text: str) -> tuple[str, list[dict[str, Any]]]:
    """Parse legacy Markdown (``*bold* _italic_ `code` ```pre``` [t](url)``)."""
    out: list[str] = []
    u16 = 0
    entities: list[dict[str, Any]] = []
    n = len(text)
    i = 0
    kinds = {"*": "bold", "_": "italic", "`": "code", "[": "text_link"}
    while i < n:
        c = text[i]
        if c == "\\" and i + 1 < n and text[i + 1] in "_*`[":
            out.append(text[i + 1])
            u16 += 1
            i += 2
            continue
        if c not in kinds:
            out.append(c)
            u16 += 2 if ord(c) > 0xFFFF else 1
            i += 1
            continue
        begin = i
        end_char = "]" if c == "[" else c
        i += 1
        is_pre = False
        language = ""
        if c == "`" and text.startswith("``", i):
            is_pre = True
            i, language = _skip_pre_header(text, i + 2)
        start = u16
        out_index = len(out)
        while i < n and (text[i] != end_char or (is_pre and not text.startswith("```", i))):
            out.append(text[i])
            u16 += 2 if ord(text[i]) > 0xFFFF else 1
            i += 1
        if i >= n:
            raise _EntityError(
                f"Can't find end of the entity starting at byte offset {_byte_offset(text, begin)}"
            )
        url = ""
        if c == "[":
            if text.startswith("(", i + 1):
                close = text.find(")", i + 2)
                close = n if close < 0 else close
                url = text[i + 2 : close]
                i = close
            else:
                url = "".join(out[out_index:])
        i += 3 if is_pre else 1
        length = u16 - start
        if length > 0:
            entity: dict[str, Any] = {
                "type": "pre" if is_pre else kinds[c],
                "offset": start,
                "length": length,
            }
            if c == "[":
                entity["url"] = url
            if language:
                entity["language"] = language
            entities.append(entity)
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return "".join(out), entities


def parse_entities(text: str, parse_mode: str | None) -> tuple[str, list[dict[str, Any]]]:
    """Parse ``text`` like Telegram for ``parse_mode`` (None, "HTML", "MarkdownV2", "Markdown").

    Returns ``(plain_text, entities)``; raises ``ValueError`` with Telegram's description
    ("can't parse entities: ...", "unsupported parse_mode") on invalid input.
    """
    try:
        return _parse_with_mode(text, parse_mode)
    except _ApiError as exc:
        raise ValueError(exc.description.removeprefix("Bad Request: ")) from None


def _parse_with_mode(text: str, parse_mode: Any) -> tuple[str, list[dict[str, Any]]]:
    mode = str(parse_mode).lower() if parse_mode else ""
    try:
        if not mode:
            return text, []
        if mode == "html":
            return _parse_html(text)
        if mode == "markdownv2":
            return _parse_markdown_v2(text)
        if mode == "markdown":
            return _parse_markdown(text)
    except _EntityError as exc:
        raise _bad_request(f"can't parse entities: {exc}") from None
    raise _bad_request("unsupported parse_mode")


def _trim(text: str, entities: list[dict[str, Any]]) -> tuple[str, list[dict[str, Any]]]:
    """Strip surrounding whitespace like Telegram, shifting/clipping entities to match."""
    stripped = text.strip()
    if len(stripped) == len(text):
        return text, entities
    lead = _u16len(text[: len(text) - len(text.lstrip())])
    total = _u16len(stripped)
    trimmed = []
    for entity in entities:
        start = max(entity["offset"] - lead, 0)
        end = min(entity["offset"] + entity["length"] - lead, total)
        if end > start:
            trimmed.append({**entity, "offset": start, "length": end - start})
    return stripped, trimmed


_COMMAND_RE = re.compile(r"/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?")


def _command_entities(text: str) -> list[dict[str, Any]]:
    """The bot_command entity Telegram attaches to a message starting with a command."""
    match = _COMMAND_RE.match(text)
    if match is None:
        return []
    return [{"type": "bot_command", "offset": 0, "length": _u16len(match.group(0))}]


# ---------------------------------------------------------------------------------------
# Faults
# ---------------------------------------------------------------------------------------


@dataclass
class _Fault:
    method: str  # canonical method name, or "*" for any method
    kind: str
    chat_id: int | str | None
    remaining: int | None  # None: forever
    options: dict[str, Any] = field(default_factory=dict)


@dataclass
class _Waiter:
    """Incremental matching state of one wait_for call (avoids rescanning 10k requests)."""

    predicate: Callable[[Request], bool]
    after: int
    generation: int
    scanned: int = 0
    matches: list[Request] = field(default_factory=list)


# ---------------------------------------------------------------------------------------
# The server
# ---------------------------------------------------------------------------------------


class FakeBotAPI:
    """A fake Telegram Bot API server running in a background thread on 127.0.0.1.

    Args:
        token: the only token accepted; other tokens get 401 Unauthorized.
        port: TCP port, 0 (default) for a free one.
        strict_chats: when True, sending to a chat the fake has never seen (via
            ``set_chat``, ``set_member`` or a pushed update) answers "chat not found";
            by default such chats are created on the fly (positive id: private chat,
            ``-100...``: supergroup, other negative ids: group).
        latency: seconds added to every answer (see the ``latency`` attribute).
        long_poll_cap: upper bound for getUpdates' ``timeout``.
    """

    def __init__(
        self,
        token: str = TOKEN,
        *,
        port: int = 0,
        strict_chats: bool = False,
        latency: float = 0.0,
        long_poll_cap: float = LONG_POLL_CAP,
    ) -> None:
        self.token = token
        self.strict_chats = strict_chats
        #: Artificial per-request latency in seconds; may be changed at any time.
        self.latency = latency
        self.long_poll_cap = long_poll_cap
        self._requested_port = port
        self._port: int | None = None

        # One re-entrant lock guards all state; the condition wakes sync waiters.
        self._lock = threading.RLock()
        self._cond = threading.Condition(self._lock)

        self._requests: list[Request] = []
        self._generation = 0  # bumped by clear() so waiters restart their scan
        self._async_waiters: list[tuple[asyncio.AbstractEventLoop, asyncio.Event]] = []
        #: Exceptions raised inside the fake while handling requests (bugs or odd input).
        self.errors: list[BaseException] = []
        self._too_many_requests = 0

        self._updates: list[dict[str, Any]] = []
        self._next_update_id = 1
        self._allowed_updates: frozenset[str] | None = None
        self._poll_generation = 0
        self._polls_waiting = 0

        self._chats: dict[int, dict[str, Any]] = {}
        self._usernames: dict[str, int] = {}
        self._users: dict[int, dict[str, Any]] = {}
        self._members: dict[int, dict[int, str]] = {}
        self._messages: dict[tuple[int, int], dict[str, Any]] = {}
        self._last_message_id: dict[int, int] = {}
        self._files: dict[str, dict[str, Any]] = {}
        self._file_paths: dict[str, str] = {}
        self._commands: dict[str, list[dict[str, Any]]] = {}
        # Forum topics: (chat id, thread id) -> "open" | "closed" | "deleted" (set_topic).
        self._topics: dict[tuple[int, int], str] = {}
        self._webhook: dict[str, Any] = {}
        #: Every answerInlineQuery, as sent (results decoded).
        self.inline_answers: list[dict[str, Any]] = []
        self._ids = itertools.count(1)

        self._faults: list[_Fault] = []
        self._rate_overall: float | None = None
        self._rate_group_minute: int | None = None
        self._rate_chat_second: float | None = None
        self._rate_window: deque[float] = deque()
        self._rate_chats: dict[int | str, deque[float]] = {}

        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._runner: web.AppRunner | None = None
        self._updates_event: asyncio.Event | None = None
        self._stopping = False
        self._startup_error: BaseException | None = None

        self._handlers: dict[str, Callable[[dict[str, Any]], Any]] = {
            "getMe": lambda p: dict(_GET_ME),
            "sendMessage": self._send_message,
            "editMessageText": self._edit_message_text,
            "editMessageReplyMarkup": self._edit_message_reply_markup,
            "deleteMessage": self._delete_message,
            "answerCallbackQuery": self._answer_callback_query,
            "setMyCommands": self._set_my_commands,
            "getMyCommands": self._get_my_commands,
            "deleteMyCommands": self._delete_my_commands,
            "getWebhookInfo": self._get_webhook_info,
            "getChat": self._get_chat,
            "getChatMember": self._get_chat_member,
            "getChatAdministrators": self._get_chat_administrators,
            "getChatMemberCount": self._get_chat_member_count,
            "sendDocument": self._send_document,
            "sendMediaGroup": self._send_media_group,
            "copyMessage": self._copy_message,
            "getFile": self._get_file,
            "getMyName": lambda p: {"name": BOT_FIRST_NAME},
            "getMyDescription": lambda p: {"description": ""},
            "getMyShortDescription": lambda p: {"short_description": ""},
            "getChatMenuButton": lambda p: {"type": "default"},
            "answerInlineQuery": self._answer_inline_query,
            "setWebhook": self._set_webhook,
            "deleteWebhook": self._delete_webhook,
        }

    # -- lifecycle -----------------------------------------------------------------------

    @property
    def url(self) -> str:
        """Base URL, ``http://127.0.0.1:PORT``; the Bot API lives under ``/bot<token>/``."""
        if self._port is None:
            raise RuntimeError("FakeBotAPI is not started")
        return f"http://127.0.0.1:{self._port}"

    @property
    def port(self) -> int:
        """The bound TCP port (after ``start()``)."""
        if self._port is None:
            raise RuntimeError("FakeBotAPI is not started")
        return self._port

    def start(self) -> FakeBotAPI:
        """Start serving in a background thread; returns once the port accepts connections."""
        if self._thread is not None:
            raise RuntimeError("FakeBotAPI already started")
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", self._requested_port))
        # A deep backlog: a benchmark may open many connections at once.
        sock.listen(1024)
        sock.setblocking(False)
        self._port = sock.getsockname()[1]
        self._stopping = False
        ready = threading.Event()
        self._thread = threading.Thread(
            target=self._serve, args=(sock, ready), name=f"FakeBotAPI:{self._port}", daemon=True
        )
        self._thread.start()
        if not ready.wait(10.0) or self._startup_error is not None:
            error = self._startup_error
            self._thread = None
            self._port = None
            raise RuntimeError("FakeBotAPI failed to start") from error
        return self

    def stop(self) -> None:
        """Stop the server (pending long polls answer at once); idempotent."""
        thread, loop = self._thread, self._loop
        if thread is None or loop is None:
            return
        self._stopping = True
        with contextlib.suppress(RuntimeError):  # loop already closed
            future = asyncio.run_coroutine_threadsafe(self._shutdown(), loop)
            with contextlib.suppress(Exception):
                future.result(timeout=10.0)
            loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=10.0)
        self._thread = None
        self._loop = None

    def __enter__(self) -> FakeBotAPI:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    async def __aenter__(self) -> FakeBotAPI:
        return await asyncio.to_thread(self.start)

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await asyncio.to_thread(self.stop)

    def __repr__(self) -> str:
        where = self.url if self._port is not None else "stopped"
        return f"<FakeBotAPI {where} requests={len(self._requests)}>"

    def _serve(self, sock: socket.socket, ready: threading.Event) -> None:
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        try:
            loop.run_until_complete(self._start_app(sock))
        except BaseException as exc:
            self._startup_error = exc
            ready.set()
            loop.close()
            sock.close()
            return
        self._loop = loop
        ready.set()
        try:
            loop.run_forever()
        finally:
            # Handlers still sleeping (timeout faults, long polls) outlive the runner's
            # shutdown timeout; cancel them so the loop closes without warnings.
            pending = asyncio.all_tasks(loop)
            for task in pending:
                task.cancel()
            with contextlib.suppress(Exception):
                loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
                loop.run_until_complete(loop.shutdown_asyncgens())
            loop.close()

    async def _start_app(self, sock: socket.socket) -> None:
        self._updates_event = asyncio.Event()
        app = web.Application(client_max_size=MAX_UPLOAD_SIZE + 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_api)
        app.router.add_route("GET", "/file/bot{token}/{path:.+}", self._handle_download)
        # No access log: formatting a log line per request costs throughput.
        # A short shutdown timeout: handlers sleeping for "timeout" faults must not
        # delay stop().
        runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.25)
        await runner.setup()
        await web.SockSite(runner, sock).start()
        self._runner = runner

    async def _shutdown(self) -> None:
        if self._updates_event is not None:
            self._updates_event.set()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    # -- recording -----------------------------------------------------------------------

    @property
    def requests(self) -> list[Request]:
        """A snapshot of every request recorded so far (since the last ``clear()``)."""
        with self._lock:
            return list(self._requests)

    @property
    def polls_waiting(self) -> int:
        """How many getUpdates requests the server is holding open right now."""
        with self._lock:
            return self._polls_waiting

    @property
    def too_many_requests(self) -> int:
        """How many 429 answers were given (rate limiting and ``retry_after`` faults)."""
        with self._lock:
            return self._too_many_requests

    def calls(self, method: str) -> list[Request]:
        """Recorded requests to ``method`` (case-insensitive), in arrival order."""
        name = _CANONICAL.get(method.lower(), method)
        with self._lock:
            return [r for r in self._requests if r.method == name]

    def sent_messages(self, chat_id: int | str | None = None) -> list[dict[str, Any]]:
        """Params of successful sendMessage calls, optionally only those to ``chat_id``."""
        wanted = self._resolve_key(_norm_chat_id(chat_id)) if chat_id is not None else None
        with self._lock:
            return [
                r.params
                for r in self._requests
                if r.method == "sendMessage"
                and r.ok
                and (wanted is None or self._resolve_key(r.chat_id) == wanted)
            ]

    def sent_texts(self, chat_id: int | str | None = None) -> list[str]:
        """Texts (as sent, before entity parsing) of successful sendMessage calls."""
        return [str(p.get("text", "")) for p in self.sent_messages(chat_id)]

    def clear(self) -> None:
        """Forget recorded requests, the 429 counter and recorded errors (not chats/faults)."""
        with self._lock:
            self._requests = []
            self._generation += 1
            self._too_many_requests = 0
            self.errors = []

    def _record(self, request: Request) -> None:
        with self._cond:
            self._requests.append(request)
            self._cond.notify_all()
            for loop, event in self._async_waiters:
                with contextlib.suppress(RuntimeError):  # the waiter's loop is gone
                    loop.call_soon_threadsafe(event.set)

    @staticmethod
    def _predicate(
        predicate_or_method: str | Callable[[Request], bool],
    ) -> Callable[[Request], bool]:
        if isinstance(predicate_or_method, str):
            name = _CANONICAL.get(predicate_or_method.lower(), predicate_or_method)
            return lambda r: r.method == name
        return predicate_or_method

    def _scan(self, waiter: _Waiter) -> list[Request]:
        """Advance ``waiter`` over requests recorded since its last scan (lock held)."""
        if waiter.generation != self._generation:
            waiter.generation = self._generation
            waiter.after = 0
            waiter.scanned = 0
            waiter.matches = []
        start = max(waiter.scanned, waiter.after)
        for request in itertools.islice(self._requests, start, None):
            if waiter.predicate(request):
                waiter.matches.append(request)
        waiter.scanned = len(self._requests)
        return waiter.matches

    def wait_for(
        self,
        predicate_or_method: str | Callable[[Request], bool],
        count: int = 1,
        timeout: float = 5.0,
        *,
        after: int = 0,
    ) -> list[Request]:
        """Block until ``count`` recorded requests match; return all matches.

        ``predicate_or_method`` is a method name or a ``Request -> bool`` callable. Only
        requests at index ``>= after`` in ``requests`` count (pass ``len(fake.requests)``
        to wait for new ones). Raises ``TimeoutError`` after ``timeout`` seconds.
        Blocks the calling thread: from a coroutine whose loop also runs the bot, use
        ``async_wait_for`` instead.
        """
        waiter = _Waiter(self._predicate(predicate_or_method), after, self._generation)
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                matches = self._scan(waiter)
                if len(matches) >= count:
                    return list(matches)
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError(self._timeout_message(predicate_or_method, count, matches))
                self._cond.wait(remaining)

    async def async_wait_for(
        self,
        predicate_or_method: str | Callable[[Request], bool],
        count: int = 1,
        timeout: float = 5.0,
        *,
        after: int = 0,
    ) -> list[Request]:
        """Async ``wait_for``: awaits without blocking the caller's event loop."""
        loop = asyncio.get_running_loop()
        event = asyncio.Event()
        entry = (loop, event)
        waiter = _Waiter(self._predicate(predicate_or_method), after, self._generation)
        deadline = loop.time() + timeout
        with self._lock:
            self._async_waiters.append(entry)
        try:
            while True:
                # Clear before scanning: a request recorded after the scan sets it again.
                event.clear()
                with self._lock:
                    matches = list(self._scan(waiter))
                if len(matches) >= count:
                    return matches
                remaining = deadline - loop.time()
                if remaining <= 0:
                    raise TimeoutError(self._timeout_message(predicate_or_method, count, matches))
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(event.wait(), remaining)
        finally:
            with self._lock:
                self._async_waiters.remove(entry)

    def _timeout_message(self, what: object, count: int, matches: list[Request]) -> str:
        recent = ", ".join(f"{r.method}:{r.status}" for r in self._requests[-10:])
        return (
            f"FakeBotAPI: waited for {count} request(s) matching {what!r}, got "
            f"{len(matches)}; last requests: [{recent}]"
        )

    # -- faults and rate limiting ----------------------------------------------------------

    def fail(
        self,
        method: str,
        kind: str,
        chat_id: int | str | None = None,
        times: int | None = 1,
        **options: Any,
    ) -> None:
        """Make the next ``times`` calls (``None``: all) of ``method`` fail as ``kind``.

        ``method`` is a Bot API method name or ``"*"`` for any; ``chat_id`` restricts the
        fault to requests for that chat. Kinds and options:

        - ``retry_after`` (``retry_after=1``): 429 "Too Many Requests: retry after N".
        - ``forbidden`` (``description=...``): 403 "Forbidden: bot was blocked by the user".
        - ``migrate`` (``migrate_to_chat_id=...``, default ``-100<abs(chat_id)>``): 400
          "Bad Request: group chat was upgraded to a supergroup chat".
        - ``chat_not_found``: 400 "Bad Request: chat not found".
        - ``bad_entities`` (``description=...``): 400 "Bad Request: can't parse entities: ...".
        - ``server_error`` (``status=500`` or ``502``): 500 JSON error / 502 HTML page.
        - ``timeout`` (``delay=6.0``, ``process=True``): answer only after ``delay``
          seconds (PTB's default read timeout is 5 s); with ``process`` the request takes
          effect (the message is sent) although the client gave up, as happens for real.
        - ``drop`` (``process=False``): close the connection without answering.
        - ``error`` (``status=400``, ``description=...``, ``parameters=None``): any answer.
        """
        if kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault kind {kind!r}; expected one of {sorted(FAULT_KINDS)}")
        if times is not None and times < 1:
            raise ValueError("times must be >= 1 or None")
        name = "*" if method == "*" else _CANONICAL.get(method.lower(), method)
        key = _norm_chat_id(chat_id)
        if kind == "migrate" and "migrate_to_chat_id" not in options:
            if not isinstance(key, int):
                raise ValueError("migrate needs migrate_to_chat_id= or an integer chat_id")
            options["migrate_to_chat_id"] = int(f"-100{abs(key)}")
        with self._lock:
            self._faults.append(_Fault(name, kind, key, times, options))

    def clear_faults(self) -> None:
        """Remove every pending fault."""
        with self._lock:
            self._faults.clear()

    def rate_limit(
        self,
        overall_per_second: float | None = None,
        per_chat_per_minute_groups: int | None = None,
        per_chat_per_second: float | None = None,
    ) -> None:
        """Answer 429 like Telegram's flood control for sending methods (send*, copy, forward).

        ``overall_per_second``: across all chats, in a sliding 1 s window (Telegram: ~30).
        ``per_chat_per_minute_groups``: per group/supergroup/channel (negative ids), in a
        sliding 60 s window (Telegram: 20). ``per_chat_per_second``: per chat of any type.
        ``None`` disables a limit; ``rate_limit()`` disables all. ``retry_after`` is the
        whole number of seconds until the window has room again (at least 1).
        """
        with self._lock:
            self._rate_overall = overall_per_second
            self._rate_group_minute = per_chat_per_minute_groups
            self._rate_chat_second = per_chat_per_second
            self._rate_window.clear()
            self._rate_chats.clear()

    def _take_fault(self, method: str, params: dict[str, Any]) -> _Fault | None:
        if not self._faults:
            return None
        chat = self._resolve_key(_norm_chat_id(params.get("chat_id")))
        for fault in self._faults:
            if fault.method not in ("*", method):
                continue
            if fault.chat_id is not None and self._resolve_key(fault.chat_id) != chat:
                continue
            if fault.remaining is not None:
                fault.remaining -= 1
                if fault.remaining <= 0:
                    self._faults.remove(fault)
            return fault
        return None

    def _check_rate(self, params: dict[str, Any], now: float) -> int | None:
        """Return retry_after if the send would exceed a limit, else count it (lock held)."""
        if (
            self._rate_overall is None
            and self._rate_group_minute is None
            and self._rate_chat_second is None
        ):
            return None
        window = self._rate_window
        while window and window[0] <= now - 1.0:
            window.popleft()
        chat = self._resolve_key(_norm_chat_id(params.get("chat_id")))
        history = self._rate_chats.setdefault(chat if chat is not None else "", deque())
        while history and history[0] <= now - 60.0:
            history.popleft()
        waits: list[float] = []
        if self._rate_overall is not None and len(window) >= self._rate_overall:
            waits.append(window[0] + 1.0 - now)
        group_limit = self._rate_group_minute
        if group_limit is not None and self._is_group_chat(chat) and len(history) >= group_limit:
            waits.append(history[-group_limit] + 60.0 - now)
        if self._rate_chat_second is not None:
            recent = 0
            for sent_at in reversed(history):
                if sent_at <= now - 1.0:
                    break
                recent += 1
            if recent and recent >= self._rate_chat_second:
                # Room appears when the oldest send of the last second leaves the window.
                waits.append(history[-recent] + 1.0 - now)
        if waits:
            return max(1, math.ceil(max(waits)))
        window.append(now)
        history.append(now)
        return None

    def _is_group_chat(self, chat: int | str | None) -> bool:
        if isinstance(chat, int):
            known = self._chats.get(chat)
            if known is not None:
                return bool(known["type"] != "private")
            return chat < 0
        return isinstance(chat, str) and chat.startswith("@")

    # -- world state: chats, members, files, updates --------------------------------------

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
        if status not in _MEMBER_STATUSES:
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

    def add_file(self, file_id: str, content: bytes, file_path: str | None = None) -> str:
        """Make ``file_id`` known to getFile and downloadable; returns its file_path."""
        path = file_path or f"documents/file_{next(self._ids)}"
        with self._lock:
            old = self._files.get(file_id)
            if old is not None:
                self._file_paths.pop(old["file_path"], None)
            self._files[file_id] = {
                "file_id": file_id,
                "file_unique_id": _file_unique_id(file_id),
                "file_path": path,
                "content": bytes(content),
            }
            self._file_paths[path] = file_id
        return path

    def get_message(self, chat_id: int, message_id: int) -> dict[str, Any] | None:
        """The current state of a message the fake knows (sent, edited or pushed)."""
        with self._lock:
            message = self._messages.get((int(chat_id), int(message_id)))
            return dict(message) if message is not None else None

    def commands(
        self, scope: dict[str, Any] | None = None, language_code: str = ""
    ) -> list[dict[str, Any]]:
        """Commands currently set with setMyCommands for ``scope``/``language_code``."""
        with self._lock:
            return list(self._commands.get(self._commands_key(scope, language_code), []))

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

    def _resolve_key(self, key: int | str | None) -> int | str | None:
        """Map "@username" to the chat id when known, so faults match either spelling."""
        if isinstance(key, str) and key.startswith("@"):
            return self._usernames.get(key[1:], key)
        return key

    def _resolve_chat(self, raw: Any, *, create: bool = True) -> dict[str, Any]:
        key = _norm_chat_id(raw)
        if key is None or key == "":
            raise _bad_request("chat_id is empty")
        if isinstance(key, str):
            if not key.startswith("@") or key[1:] not in self._usernames:
                raise _chat_not_found()
            return self._chats[self._usernames[key[1:]]]
        chat = self._chats.get(key)
        if chat is None:
            if not create or self.strict_chats or key == 0:
                raise _chat_not_found()
            chat = self._ensure_chat(key)
        return chat

    def _user(self, user_id: int) -> dict[str, Any]:
        if user_id == BOT_ID:
            return dict(_BOT_USER)
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

    # -- update builders -------------------------------------------------------------------

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
                entities = _command_entities(text)
                if entities:
                    message["caption_entities"] = entities
        else:
            message["text"] = text
            entities = _command_entities(text)
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

    def set_topic(self, chat_id: int, thread_id: int, state: str) -> None:
        """A forum topic's state: "open", "closed" (sending answers TOPIC_CLOSED) or
        "deleted" (sending answers "message thread not found")."""
        with self._lock:
            self._topics[(int(chat_id), int(thread_id))] = state

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

    @property
    def webhook(self) -> dict[str, Any]:
        """What setWebhook registered (url, secret_token, drop_pending_updates ...)."""
        with self._lock:
            return dict(self._webhook)

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
            "file_unique_id": _file_unique_id(file_id),
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
            "file_unique_id": _file_unique_id(file_id),
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
                    "from": dict(_BOT_USER),
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
        if old_status not in _MEMBER_STATUSES or new_status not in _MEMBER_STATUSES:
            raise ValueError("bad member status")
        user = self._builder_user(user_id, username, None)
        chat = self._chat_for_builder(chat_id, chat_type, user)
        bot = dict(_BOT_USER)
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

    # -- HTTP layer ------------------------------------------------------------------------

    async def _read_params(self, request: web.Request) -> dict[str, Any]:
        params: dict[str, Any] = {}
        if request.query_string:
            params.update((k, _decode_form_value(k, v)) for k, v in request.query.items())
        if request.method not in ("POST", "PUT"):
            return params
        content_type = request.content_type
        if content_type == "multipart/form-data":
            reader = await request.multipart()
            while True:
                part = await reader.next()
                if part is None:
                    break
                if not isinstance(part, BodyPartReader) or part.name is None:
                    continue
                if part.filename is not None:
                    params[part.name] = UploadedFile(
                        part.filename,
                        bytes(await part.read()),
                        part.headers.get("Content-Type"),
                    )
                else:
                    params[part.name] = _decode_form_value(part.name, await part.text())
            return params
        body = await request.read()
        if not body:
            return params
        if content_type == "application/json":
            try:
                decoded = json.loads(body)
            except ValueError:
                raise _bad_request("can't parse JSON request body") from None
            if not isinstance(decoded, dict):
                raise _bad_request("request body must be a JSON object")
            params.update(decoded)
            return params
        # PTB (httpx) sends application/x-www-form-urlencoded when there is no file.
        for key, value in parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True):
            params[key] = _decode_form_value(key, value)
        return params

    @staticmethod
    def _json_response(status: int, payload: dict[str, Any]) -> web.Response:
        return web.Response(
            status=status,
            body=json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode(),
            content_type="application/json",
        )

    async def _handle_api(self, request: web.Request) -> web.StreamResponse:
        arrived = time.monotonic()
        raw_method = request.match_info["method"]
        method = _CANONICAL.get(raw_method.lower(), raw_method)
        record = Request(method, {}, arrived, http_method=request.method)
        try:
            record.params = await self._read_params(request)
            if request.match_info["token"] != self.token:
                raise _ApiError(401, "Unauthorized")
            if method == "getUpdates":
                return await self._get_updates(request, record)
            with self._lock:
                fault = self._take_fault(method, record.params)
            if fault is not None:
                record.fault = fault.kind
                return await self._answer_fault(request, record, fault)
            payload = self._process(method, record.params, arrived)
            status = 200
        except _ApiError as exc:
            payload, status = exc.payload(), exc.status
        return await self._finish(record, status, payload)

    def _process(self, method: str, params: dict[str, Any], now: float) -> dict[str, Any]:
        """Run a method under the lock; returns the success payload or raises _ApiError."""
        with self._lock:
            if method in _SEND_METHODS:
                retry_after = self._check_rate(params, now)
                if retry_after is not None:
                    raise _ApiError(
                        429,
                        f"Too Many Requests: retry after {retry_after}",
                        {"retry_after": retry_after},
                    )
            handler = self._handlers.get(method)
            if handler is None:
                if method in _SEND_METHODS:
                    handler = self._send_other
                else:
                    return {"ok": True, "result": True}
            try:
                result = handler(params)
            except _ApiError:
                raise
            except Exception as exc:
                # A bug in the fake or input it does not model: make it loud, not a hang.
                self.errors.append(exc)
                raise _ApiError(500, f"Internal Server Error: FakeBotAPI: {exc!r}") from exc
        return {"ok": True, "result": result}

    async def _finish(
        self, record: Request, status: int, payload: dict[str, Any]
    ) -> web.StreamResponse:
        record.status = status
        record.response = payload
        if status == 429:
            with self._lock:
                self._too_many_requests += 1
        # Record before the latency sleep so the recording never lags the client's view.
        self._record(record)
        if self.latency > 0:
            await asyncio.sleep(self.latency)
        return self._json_response(status, payload)

    async def _answer_fault(
        self, request: web.Request, record: Request, fault: _Fault
    ) -> web.StreamResponse:
        options = fault.options
        kind = fault.kind
        if kind in ("timeout", "drop"):
            if record.method == "getUpdates":
                # A poll that hangs or dies delivers nothing.
                payload, status = {"ok": True, "result": []}, 200
            elif options.get("process", kind == "timeout"):
                try:
                    payload, status = self._process(record.method, record.params, record.time), 200
                except _ApiError as exc:
                    payload, status = exc.payload(), exc.status
            else:
                payload, status = {"ok": True, "result": True}, 200
            if kind == "drop":
                record.status = 0
                self._record(record)
                if request.transport is not None:
                    request.transport.abort()
                # aiohttp discards this response: the transport is already gone.
                return web.Response(status=204)
            record.status, record.response = status, payload
            self._record(record)
            await asyncio.sleep(float(options.get("delay", 6.0)))
            return self._json_response(status, payload)
        if kind == "server_error" and int(options.get("status", 500)) == 502:
            # Telegram's frontend answers 502 with an nginx HTML page, not JSON.
            record.status = 502
            record.response = {"ok": False, "error_code": 502, "description": "Bad Gateway"}
            self._record(record)
            return web.Response(status=502, text=_NGINX_502, content_type="text/html")
        error = self._fault_error(fault)
        return await self._finish(record, error.status, error.payload())

    @staticmethod
    def _fault_error(fault: _Fault) -> _ApiError:
        """The error answer of a fault kind that answers with JSON."""
        options = fault.options
        kind = fault.kind
        if kind == "retry_after":
            seconds = int(options.get("retry_after", 1))
            return _ApiError(
                429, f"Too Many Requests: retry after {seconds}", {"retry_after": seconds}
            )
        if kind == "forbidden":
            return _ApiError(
                403, options.get("description", "Forbidden: bot was blocked by the user")
            )
        if kind == "migrate":
            return _ApiError(
                400,
                "Bad Request: group chat was upgraded to a supergroup chat",
                {"migrate_to_chat_id": int(options["migrate_to_chat_id"])},
            )
        if kind == "chat_not_found":
            return _chat_not_found()
        if kind == "bad_entities":
            return _ApiError(
                400,
                options.get(
                    "description",
                    'Bad Request: can\'t parse entities: Unsupported start tag "x" at byte '
                    "offset 0",
                ),
            )
        if kind == "server_error":
            return _ApiError(
                int(options.get("status", 500)),
                options.get("description", "Internal Server Error"),
            )
        return _ApiError(  # "error"
            int(options.get("status", 400)),
            options.get("description", "Bad Request: injected error"),
            options.get("parameters"),
        )

    async def _get_updates(self, request: web.Request, record: Request) -> web.StreamResponse:
        """Long polling: answer at once if updates are pending, else wait for one."""
        params = record.params
        try:
            offset = _int_param(params, "offset")
            limit = min(max(_int_param(params, "limit", 100) or 100, 1), 100)
            timeout = max(_int_param(params, "timeout", 0) or 0, 0)
            allowed = _json_param(params, "allowed_updates")
        except _ApiError as exc:
            return await self._finish(record, exc.status, exc.payload())
        event = self._updates_event
        assert event is not None
        with self._lock:
            fault = self._take_fault("getUpdates", params)
            if fault is None:
                if isinstance(allowed, list):
                    # Sticky like Telegram; an empty list restores the default set.
                    self._allowed_updates = frozenset(allowed) if allowed else None
                self._confirm_updates(offset)
                self._poll_generation += 1
                generation = self._poll_generation
        if fault is not None:
            record.fault = fault.kind
            return await self._answer_fault(request, record, fault)
        event.set()  # wake an older poll so that it notices it was superseded
        deadline = time.monotonic() + min(float(timeout), self.long_poll_cap)
        waiting = False
        try:
            while True:
                event.clear()
                with self._lock:
                    if generation != self._poll_generation:
                        error = _ApiError(
                            409,
                            "Conflict: terminated by other getUpdates request; make sure "
                            "that only one bot instance is running",
                        )
                        return await self._finish(record, 409, error.payload())
                    updates = self._select_updates(offset, limit)
                remaining = deadline - time.monotonic()
                if updates or remaining <= 0 or self._stopping:
                    return await self._finish(record, 200, {"ok": True, "result": updates})
                if not waiting:
                    waiting = True
                    with self._lock:
                        self._polls_waiting += 1
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(event.wait(), remaining)
        finally:
            if waiting:
                with self._lock:
                    self._polls_waiting -= 1

    def _confirm_updates(self, offset: int | None) -> None:
        if offset is None:
            return
        if offset < 0:
            # Negative offset: keep only the last -offset updates, forget the rest.
            self._updates = self._updates[offset:]
        elif self._updates and self._updates[0]["update_id"] < offset:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]

    def _select_updates(self, offset: int | None, limit: int) -> list[dict[str, Any]]:
        allowed = self._allowed_updates
        selected = []
        for update in self._updates:
            if offset is not None and offset > 0 and update["update_id"] < offset:
                continue
            kinds = update.keys() - {"update_id"}
            if allowed is None:
                if kinds & _OPT_IN_UPDATES:
                    continue
            elif not kinds & allowed:
                continue
            selected.append(update)
            if len(selected) >= limit:
                break
        return selected

    async def _handle_download(self, request: web.Request) -> web.StreamResponse:
        path = request.match_info["path"]
        record = Request("download", {"file_path": path}, time.monotonic(), http_method="GET")
        if request.match_info["token"] != self.token:
            return await self._finish(record, 401, _ApiError(401, "Unauthorized").payload())
        with self._lock:
            file_id = self._file_paths.get(path)
            content = self._files[file_id]["content"] if file_id is not None else None
        if content is None:
            return await self._finish(record, 404, _ApiError(404, "Not Found").payload())
        record.response = {"ok": True, "result": {"file_id": file_id, "size": len(content)}}
        self._record(record)
        if self.latency > 0:
            await asyncio.sleep(self.latency)
        return web.Response(body=content, content_type="application/octet-stream")

    # -- Bot API methods (called with the lock held) ----------------------------------------

    def _message(
        self, chat: dict[str, Any], params: dict[str, Any], **content: Any
    ) -> dict[str, Any]:
        """Create and store a new bot message in ``chat``; checks the bot may post there."""
        self._check_can_post(chat)
        message: dict[str, Any] = {
            "message_id": self._next_message_id(chat["id"]),
            "from": dict(_BOT_USER),
            "chat": chat,
            "date": int(time.time()),
        }
        if chat["type"] == "channel":
            message["sender_chat"] = chat
        thread = _int_param(params, "message_thread_id")
        if thread is not None and chat["type"] == "supergroup":
            state = self._topics.get((chat["id"], thread))
            if state == "closed":
                raise _bad_request("TOPIC_CLOSED")
            if state in ("deleted", None):
                raise _bad_request("message thread not found")
            message["message_thread_id"] = thread
            message["is_topic_message"] = True
        reply_to = _int_param(params, "reply_to_message_id")
        reply_parameters = _json_param(params, "reply_parameters")
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
                raise _ApiError(403, "Forbidden: bot was blocked by the user")
            return
        if status == "kicked":
            raise _ApiError(403, f"Forbidden: bot was kicked from the {chat['type']} chat")
        if status == "left":
            raise _ApiError(403, f"Forbidden: bot is not a member of the {chat['type']} chat")
        if chat["type"] == "channel" and status in ("member", "restricted"):
            raise _bad_request("need administrator rights in the channel chat")

    def _check_reply_markup(self, params: dict[str, Any]) -> dict[str, Any] | None:
        if params.get("reply_markup") in (None, ""):
            return None
        try:
            markup = _json_param(params, "reply_markup")
        except _ApiError:
            raise _bad_request("can't parse reply keyboard markup JSON object") from None
        if not isinstance(markup, dict):
            raise _bad_request("can't parse reply keyboard markup JSON object")
        keyboard = markup.get("inline_keyboard")
        if keyboard is None:
            return markup
        if not isinstance(keyboard, list) or not all(isinstance(row, list) for row in keyboard):
            raise _bad_request(
                'field "inline_keyboard" of the InlineKeyboardMarkup must be an Array of Arrays'
            )
        for row in keyboard:
            for button in row:
                if not isinstance(button, dict) or not isinstance(button.get("text"), str):
                    raise _bad_request("can't parse inline keyboard button: Text must be a String")
                if not button["text"].strip():
                    raise _bad_request("can't parse inline keyboard button: Text must be non-empty")
                if "callback_data" in button:
                    data = button["callback_data"]
                    size = len(data.encode("utf-8")) if isinstance(data, str) else 0
                    if not 1 <= size <= MAX_CALLBACK_DATA_BYTES:
                        raise _bad_request("BUTTON_DATA_INVALID")
                elif "url" in button:
                    url = button["url"]
                    if not isinstance(url, str) or not url or any(c.isspace() for c in url):
                        raise _bad_request("BUTTON_URL_INVALID")
                elif len(button) == 1:
                    raise _bad_request(
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
            entities = _json_param(params, f"{key}_entities" if caption else "entities")
            if not isinstance(entities, list):
                raise _bad_request("can't parse entities JSON object")
            text = raw
        else:
            text, entities = _parse_with_mode(raw, params.get("parse_mode"))
        text, entities = _trim(text, entities)
        if not text and not caption:
            raise _bad_request("message text is empty")
        if len(text) > limit:
            raise _bad_request("message caption is too long" if caption else "message is too long")
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
        message_id = _int_param(params, "message_id")
        if message_id is None:
            raise _bad_request("message identifier is not specified")
        message = self._messages.get((chat["id"], message_id))
        if message is None:
            raise _bad_request("message to edit not found")
        if message.get("from", {}).get("id") != BOT_ID:
            raise _bad_request("message can't be edited")
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
            raise _bad_request(
                "message is not modified: specified new message content and reply markup are "
                "exactly the same as a current content and reply markup of the message"
            )
        if "text" not in message:
            raise _bad_request("there is no text in the message to edit")
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
            raise _bad_request(
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
        message_id = _int_param(params, "message_id")
        if self._messages.pop((chat["id"], message_id or 0), None) is None:
            raise _bad_request("message to delete not found")
        return True

    def _answer_callback_query(self, params: dict[str, Any]) -> bool:
        if not params.get("callback_query_id"):
            raise _bad_request(
                "query is too old and response timeout expired or query ID is invalid"
            )
        if len(str(params.get("text") or "")) > MAX_CALLBACK_ANSWER_LENGTH:
            raise _bad_request("MESSAGE_TOO_LONG")
        return True

    @staticmethod
    def _commands_key(scope: Any, language_code: Any) -> str:
        if isinstance(scope, str):
            scope = json.loads(scope) if scope else None
        scope = scope or {"type": "default"}
        return json.dumps(scope, sort_keys=True) + "|" + str(language_code or "")

    def _set_my_commands(self, params: dict[str, Any]) -> bool:
        commands = _json_param(params, "commands")
        if not isinstance(commands, list):
            raise _bad_request("can't parse commands JSON object")
        if len(commands) > 100:
            raise _bad_request("BOT_COMMANDS_TOO_MUCH")
        cleaned = []
        for command in commands:
            if not isinstance(command, dict):
                raise _bad_request("can't parse BotCommand")
            name = str(command.get("command", ""))
            description = str(command.get("description", ""))
            if not re.fullmatch(r"[a-z0-9_]{1,32}", name.lower()):
                raise _bad_request("BOT_COMMAND_INVALID")
            if not 1 <= len(description.strip()) <= 256:
                raise _bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
            cleaned.append({"command": name.lower(), "description": description})
        key = self._commands_key(_json_param(params, "scope"), params.get("language_code"))
        self._commands[key] = cleaned
        return True

    def _get_my_commands(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        key = self._commands_key(_json_param(params, "scope"), params.get("language_code"))
        return list(self._commands.get(key, []))

    def _delete_my_commands(self, params: dict[str, Any]) -> bool:
        key = self._commands_key(_json_param(params, "scope"), params.get("language_code"))
        self._commands.pop(key, None)
        return True

    def _answer_inline_query(self, params: dict[str, Any]) -> bool:
        """Checked as Telegram does: at most 50 results, ids 1-64 bytes and unique, each
        article's message text valid (parsed like sendMessage), cache_time a number."""
        if not params.get("inline_query_id"):
            raise _bad_request("query is too old and response timeout expired or query ID is "
                               "invalid")
        results = _json_param(params, "results")
        if not isinstance(results, list):
            raise _bad_request("can't parse inline query results JSON object")
        if len(results) > 50:
            raise _bad_request("RESULTS_TOO_MUCH")
        seen = set()
        for result in results:
            result_id = str(result.get("id", "")) if isinstance(result, dict) else ""
            if not 1 <= len(result_id.encode()) <= 64:
                raise _bad_request("RESULT_ID_INVALID")
            if result_id in seen:
                raise _bad_request("RESULT_ID_DUPLICATE")
            seen.add(result_id)
            if result.get("type") == "article":
                if not str(result.get("title", "")).strip():
                    raise _bad_request("RESULT_TITLE_EMPTY")
                content = result.get("input_message_content")
                if not isinstance(content, dict) or "message_text" not in content:
                    raise _bad_request("MESSAGE_EMPTY")
                try:
                    text, _entities = _parse_with_mode(content["message_text"],
                                                       content.get("parse_mode"))
                except _EntityError as error:
                    raise _bad_request(f"can't parse entities: {error}") from None
                if not text.strip() or len(text) > MAX_MESSAGE_LENGTH:
                    raise _bad_request("MESSAGE_TOO_LONG" if text.strip() else "MESSAGE_EMPTY")
                if "reply_markup" in result:
                    self._check_reply_markup({"reply_markup": result["reply_markup"]})
        cache = params.get("cache_time")
        if cache is not None and not isinstance(cache, int):
            raise _bad_request("invalid cache_time specified")
        self.inline_answers.append({**params, "results": results})
        return True

    def _set_webhook(self, params: dict[str, Any]) -> bool:
        url = str(params.get("url") or "")
        if not url.startswith("https://") and url:
            raise _bad_request("bad webhook: An HTTPS URL must be provided for webhook")
        secret = params.get("secret_token")
        if secret is not None and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", str(secret)):
            raise _bad_request("secret token contains unallowed characters")
        self._webhook = dict(params)
        return True

    def _delete_webhook(self, params: dict[str, Any]) -> bool:
        self._webhook = {}
        return True

    def _get_webhook_info(self, params: dict[str, Any]) -> dict[str, Any]:
        return {
            "url": str(self._webhook.get("url", "")),
            "has_custom_certificate": False,
            "pending_update_count": len(self._updates),
        }

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
        user_id = _int_param(params, "user_id")
        if user_id is None:
            raise _bad_request("user not found")
        return self._member_dict(self._user(user_id), self._status(chat, user_id), chat["type"])

    def _get_chat_administrators(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        chat = self._resolve_chat(params.get("chat_id"), create=False)
        if chat["type"] == "private":
            raise _bad_request("there are no administrators in the private chat")
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
        return max(1, sum(1 for status in members.values() if status in _PRESENT_STATUSES))

    def _store_upload(self, upload: UploadedFile) -> dict[str, Any]:
        number = next(self._ids)
        file_id = f"BQACAgIAAxkDAAI{number:08d}"
        suffix = ""
        if upload.filename and "." in upload.filename:
            suffix = "." + upload.filename.rsplit(".", 1)[1]
        path = f"documents/file_{number}{suffix}"
        self._files[file_id] = {
            "file_id": file_id,
            "file_unique_id": _file_unique_id(file_id),
            "file_path": path,
            "content": upload.content,
        }
        self._file_paths[path] = file_id
        return self._files[file_id]

    def _send_document(self, params: dict[str, Any]) -> dict[str, Any]:
        chat = self._resolve_chat(params.get("chat_id"))
        document = params.get("document")
        caption, entities = self._formatted(
            params, "caption", limit=MAX_CAPTION_LENGTH, caption=True
        )
        if isinstance(document, UploadedFile):
            stored = self._store_upload(document)
            info: dict[str, Any] = {
                "file_id": stored["file_id"],
                "file_unique_id": stored["file_unique_id"],
                "file_name": document.filename or "document",
                "mime_type": document.content_type or "application/octet-stream",
                "file_size": len(document.content),
            }
        elif isinstance(document, str) and document:
            if document.startswith("attach://"):
                raise _bad_request("wrong file identifier/HTTP URL specified")
            known = self._files.get(document)
            if known is None and not document.startswith(("http://", "https://")):
                raise _bad_request("wrong file identifier/HTTP URL specified")
            info = {
                "file_id": document,
                "file_unique_id": _file_unique_id(document),
                "file_name": document.rsplit("/", 1)[-1] if known is None else "document",
            }
            if known is not None:
                info["file_size"] = len(known["content"])
        else:
            raise _bad_request("there is no document in the request")
        return self._message(
            chat, params, document=info, caption=caption, caption_entities=entities
        )

    def _send_other(self, params: dict[str, Any]) -> dict[str, Any]:
        """Any other send* method: a message carrying the caption, if any."""
        chat = self._resolve_chat(params.get("chat_id"))
        caption, entities = self._formatted(
            params, "caption", limit=MAX_CAPTION_LENGTH, caption=True
        )
        return self._message(chat, params, caption=caption, caption_entities=entities)

    def _send_media_group(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        chat = self._resolve_chat(params.get("chat_id"))
        media = _json_param(params, "media")
        if not isinstance(media, list) or not 2 <= len(media) <= 10:
            raise _bad_request("wrong number of messages in the media group")
        return [self._message(chat, {}, caption=str(m.get("caption") or "")) for m in media]

    def _copy_message(self, params: dict[str, Any]) -> dict[str, Any]:
        chat = self._resolve_chat(params.get("chat_id"))
        return {"message_id": self._message(chat, params)["message_id"]}

    def _get_file(self, params: dict[str, Any]) -> dict[str, Any]:
        file_id = params.get("file_id")
        known = self._files.get(str(file_id)) if file_id else None
        if known is None:
            raise _bad_request("invalid file_id")
        if len(known["content"]) > MAX_DOWNLOAD_SIZE:
            raise _bad_request("file is too big")
        return {
            "file_id": known["file_id"],
            "file_unique_id": known["file_unique_id"],
            "file_size": len(known["content"]),
            "file_path": known["file_path"],
        }
