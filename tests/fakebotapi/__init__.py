"""A fake Telegram Bot API server for tests.

``FakeBotAPI`` runs an aiohttp server on ``127.0.0.1`` in its own thread with its own
event loop, so the same instance serves a PTB ``Bot``/``Application`` running in the
test's event loop, synchronous test code, and a bot started as a subprocess.

It speaks the Bot API wire protocol closely enough that PTB cannot tell the difference
for the methods a bot normally uses, it validates what real Telegram validates (HTML
entities, message length, callback data size, ...), records every request,
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

One module a concern, each layer of ``FakeBotAPI`` built on the one before: ``protocol``
(identity, limits, method names), ``wire`` (requests, error answers, parameters), ``entities``
(HTML as Telegram parses it), ``state``, ``recording`` (requests and waits), ``chats`` (chats and
members), ``faults`` (injected failures, flood control), ``messages`` (send, edit, buttons,
commands), ``files``, ``inline_and_webhook``, ``updates`` (builders, the queue) and ``server``
(HTTP, routing, long polling).
"""

from .entities import parse_entities
from .protocol import (
    BOT_FIRST_NAME,
    BOT_ID,
    BOT_USERNAME,
    DEFAULT_CHANNEL_ID,
    DEFAULT_GROUP_ID,
    DEFAULT_SUPERGROUP_ID,
    DEFAULT_USER_ID,
    FAULT_KINDS,
    TOKEN,
)
from .server import FakeBotAPI
from .wire import Request, UploadedFile

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
