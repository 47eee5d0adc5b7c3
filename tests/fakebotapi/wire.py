"""The wire: a request as the fake records it, error answers in Telegram's words, and
parameters decoded the way PTB encoded them (form fields, JSON bodies, uploads)."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

from aiohttp import BodyPartReader, web

# Form fields that are plain strings in the Bot API: never JSON-decode these, otherwise
# a message text such as "42" or "true" would come out as a number or a bool.
STRING_PARAMS = frozenset(
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


INT_RE = re.compile(r"-?\d{1,19}")


FLOAT_RE = re.compile(r"-?\d+\.\d*(?:[eE][-+]?\d+)?")


NGINX_502 = (
    "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway"
    "</h1></center><hr><center>nginx</center></body></html>"
)


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
        return norm_chat_id(self.params.get("chat_id"))


class ApiError(Exception):
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


class EntityError(Exception):
    """A formatting error; becomes "Bad Request: can't parse entities: <message>"."""


def bad_request(description: str) -> ApiError:
    return ApiError(400, f"Bad Request: {description}")


def chat_not_found() -> ApiError:
    return bad_request("chat not found")


def norm_chat_id(value: Any) -> int | str | None:
    """Normalise a chat id the way Telegram reads it: integers, or a lowercase @username."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    text = str(value).strip()
    if INT_RE.fullmatch(text):
        return int(text)
    return text.lower()


def u16len(text: str) -> int:
    """Length in UTF-16 code units, the unit of Telegram entity offsets."""
    if text.isascii():
        return len(text)
    return len(text.encode("utf-16-le")) // 2


def decode_form_value(name: str, value: str) -> Any:
    """Decode one form field the way PTB encoded it (json.dumps for non-str values)."""
    if name in STRING_PARAMS or not value:
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
    if (first == "-" or first.isdigit()) and INT_RE.fullmatch(value):
        return int(value)
    if (first == "-" or first.isdigit()) and FLOAT_RE.fullmatch(value):
        return float(value)
    return value


def int_param(params: dict[str, Any], name: str, default: int | None = None) -> int | None:
    value = params.get(name)
    if value is None or value == "":
        return default
    if isinstance(value, bool):
        raise bad_request(f"invalid {name} specified")
    try:
        return int(value)
    except (TypeError, ValueError):
        raise bad_request(f"invalid {name} specified") from None


def json_param(params: dict[str, Any], name: str) -> Any:
    """A parameter that must hold JSON; JSON bodies may carry it already decoded."""
    value = params.get(name)
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            raise bad_request(f"can't parse {name} JSON object") from None
    return value


def file_unique_id(file_id: str) -> str:
    return "U" + hashlib.blake2s(file_id.encode(), digest_size=8).hexdigest()


async def read_params(request: web.Request) -> dict[str, Any]:
    params: dict[str, Any] = {}
    if request.query_string:
        params.update((k, decode_form_value(k, v)) for k, v in request.query.items())
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
                params[part.name] = decode_form_value(part.name, await part.text())
        return params
    body = await request.read()
    if not body:
        return params
    if content_type == "application/json":
        try:
            decoded = json.loads(body)
        except ValueError:
            raise bad_request("can't parse JSON request body") from None
        if not isinstance(decoded, dict):
            raise bad_request("request body must be a JSON object")
        params.update(decoded)
        return params
    # PTB (httpx) sends application/x-www-form-urlencoded when there is no file.
    for key, value in parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True):
        params[key] = decode_form_value(key, value)
    return params


def json_response(status: int, payload: dict[str, Any]) -> web.Response:
    return web.Response(
        status=status,
        body=json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode(),
        content_type="application/json",
    )
