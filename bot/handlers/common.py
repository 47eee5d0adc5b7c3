"""Helpers every handler uses: typed context, sending a ``Reply``, argument text."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, LinkPreviewOptions, Message, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest
from telegram.ext import CallbackContext, ContextTypes, ExtBot

from bot.i18n import LANGUAGES, language_for
from bot.render import Reply
from bot.services import Services

Context = CallbackContext[ExtBot[None], dict[object, object], dict[object, object], Services]
CONTEXT_TYPES = ContextTypes(bot_data=Services)
NO_PREVIEW = LinkPreviewOptions(is_disabled=True)


def services(context: Context) -> Services:
    return context.bot_data


def chat_language(update: Update, context: Context) -> str:
    """The language this update is answered in: the chat's choice (``/language``), else the
    user's Telegram ``language_code`` (ru, kk; anything else English)."""
    chat = update.effective_chat
    if chat is not None:
        doc = services(context).store.get_chat(chat.id)
        if doc is not None and doc.get("language") in LANGUAGES:
            return str(doc["language"])
    user = update.effective_user
    return language_for(user.language_code if user is not None else None)


def keyboard(reply: Reply) -> InlineKeyboardMarkup | None:
    if not reply.buttons:
        return None
    return InlineKeyboardMarkup([
        [InlineKeyboardButton(b.text, callback_data=b.data, url=b.url) for b in row]
        for row in reply.buttons
    ])


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
    messages = reply.messages()
    for index, text in enumerate(messages):
        last = index == len(messages) - 1
        await context.bot.send_message(
            chat.id,
            text,
            parse_mode=ParseMode.HTML,
            reply_markup=keyboard(reply) if last else None,
            link_preview_options=NO_PREVIEW,
            message_thread_id=_thread(update.effective_message),
        )


def thread_of(update: Update) -> int | None:
    """The forum topic the update came from (answers and subscriptions go back there)."""
    return _thread(update.effective_message)


def _thread(message: Message | None) -> int | None:
    # In a forum, a message in a topic has is_topic_message; the General topic has none, and
    # a reply's message_thread_id outside forums is not a topic.
    if message is not None and message.is_topic_message:
        return message.message_thread_id
    return None


async def edit(update: Update, context: Context, reply: Reply) -> None:
    """Show a reply in place of the message whose button was pressed (paging, choices)."""
    query = update.callback_query
    if query is None or query.message is None:
        return
    messages = reply.messages()
    try:
        await context.bot.edit_message_text(
            messages[0],
            chat_id=query.message.chat.id,
            message_id=query.message.message_id,
            parse_mode=ParseMode.HTML,
            reply_markup=keyboard(reply) if len(messages) == 1 else None,
            link_preview_options=NO_PREVIEW,
        )
    except BadRequest as error:
        if "not modified" not in str(error).lower():
            raise
    if len(messages) > 1:
        await send(update, context, Reply("\n".join(messages[1:]), reply.buttons))
