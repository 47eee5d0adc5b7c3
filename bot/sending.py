"""Sending a ``Reply``: split under Telegram's 4096 characters, buttons on the last message, into
the forum topic it belongs to. Handlers (answers) and delivery (digests, alerts, broadcasts)
both send through here.

HTML and no link previews are the bot's ``DEFAULTS`` (PTB ``Defaults``, set once in
``bot/app.py``), so no call states them; the few plain-text messages say ``parse_mode=None``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest
from telegram.ext import Defaults

from bot.render import Reply

NO_PREVIEW = LinkPreviewOptions(is_disabled=True)
DEFAULTS = Defaults(parse_mode=ParseMode.HTML, link_preview_options=NO_PREVIEW)


def keyboard(reply: Reply) -> InlineKeyboardMarkup | None:
    if not reply.buttons:
        return None
    return InlineKeyboardMarkup([
        [InlineKeyboardButton(b.text, callback_data=b.data, url=b.url) for b in row]
        for row in reply.buttons
    ])


async def send_reply(bot: Bot, chat_id: int, reply: Reply, *, thread_id: int | None = None,
                     parts: Sequence[str] | None = None,
                     before_each: Callable[[], Awaitable[None]] | None = None,
                     **extra: Any) -> None:
    """Send ``reply`` as one message or several (``parts``: its messages, split already);
    ``before_each`` runs before every request (delivery's pacing)."""
    messages = reply.messages() if parts is None else parts
    for index, text in enumerate(messages):
        if before_each is not None:
            await before_each()
        last = index == len(messages) - 1
        await bot.send_message(chat_id, text, reply_markup=keyboard(reply) if last else None,
                               message_thread_id=thread_id, **extra)


def thread_of(update: Update) -> int | None:
    """The forum topic an update came from (answers and subscriptions go back there)."""
    message = update.effective_message
    # In a forum, a message in a topic has is_topic_message; the General topic has none, and
    # a reply's message_thread_id outside forums is not a topic.
    if message is not None and message.is_topic_message:
        return message.message_thread_id
    return None


async def edit_reply(bot: Bot, chat_id: int, message_id: int, reply: Reply) -> list[str]:
    """Show ``reply`` in place of a message (paging, choices); returns the messages that did
    not fit in it, for the caller to send after."""
    messages = reply.messages()
    try:
        await bot.edit_message_text(
            messages[0], chat_id=chat_id, message_id=message_id,
            reply_markup=keyboard(reply) if len(messages) == 1 else None)
    except BadRequest as error:
        if "not modified" not in str(error).lower():
            raise
    return messages[1:]
