"""Helpers every handler uses: typed context, answering an update with a ``Reply`` (through
``bot/sending.py``), argument text, the topic an update came from."""

from __future__ import annotations

from telegram import Update

from bot.context import Context
from bot.i18n import LANGUAGES, language_for
from bot.render import Reply
from bot.sending import edit_reply, send_reply, thread_of
from bot.services import Services

__all__ = ["Context", "argument_text", "chat_language", "edit", "send", "services", "thread_of"]


def services(context: Context) -> Services:
    return context.bot_data


def chat_language(update: Update, context: Context) -> str:
    """The language this update is answered in: the chat's choice (``/language``), else the
    user's Telegram ``language_code`` (ru, kk; anything else English)."""
    chat = update.effective_chat
    if chat is not None:
        stored = services(context).store.get_chat(chat.id)
        chosen = stored.chosen_language if stored is not None else None
        if chosen in LANGUAGES:
            return str(chosen)
    user = update.effective_user
    return language_for(user.language_code if user is not None else None)


def argument_text(update: Update) -> str:
    """Everything after the command word (not split on spaces: names have spaces)."""
    message = update.effective_message
    text = (message.text or message.caption or "") if message else ""
    parts = text.split(maxsplit=1)
    return parts[1] if len(parts) > 1 and parts[0].startswith("/") else ""


async def send(update: Update, context: Context, reply: Reply) -> None:
    """Send a reply to the chat of the update, split into messages; buttons on the last."""
    chat = update.effective_chat
    if chat is None:
        return
    await send_reply(context.bot, chat.id, reply, thread_id=thread_of(update))


async def edit(update: Update, context: Context, reply: Reply) -> None:
    """Show a reply in place of the message whose button was pressed (paging, choices)."""
    query = update.callback_query
    if query is None or query.message is None:
        return
    rest = await edit_reply(context.bot, query.message.chat.id, query.message.message_id, reply)
    if rest:
        await send(update, context, Reply("\n".join(rest), reply.buttons))
