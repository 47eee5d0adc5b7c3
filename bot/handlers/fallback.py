"""Whatever no other handler took: unknown commands, stickers, photos. Quiet in groups."""

from __future__ import annotations

from telegram import Update
from telegram.constants import ChatType

from bot.handlers.common import Context, send
from bot.i18n import _
from bot.render import Reply, cut, esc


def _addressed_to_us(update: Update, context: Context) -> bool:
    """In a group only a command with our @name is ours: others may belong to other bots."""
    chat = update.effective_chat
    if chat is not None and chat.type == ChatType.PRIVATE:
        return True
    message = update.effective_message
    first = (message.text or "").split(maxsplit=1)[0] if message and message.text else ""
    return first.lower().endswith(f"@{context.bot.username}".lower())


async def unknown_command(update: Update, context: Context) -> None:
    """An unknown command gets a pointer to /help."""
    if not _addressed_to_us(update, context):
        return
    message = update.effective_message
    word = (message.text or "").split(maxsplit=1)[0] if message and message.text else "that"
    await send(update, context, Reply(
        _("I don't know the command {command}. Send /help to see what I can do.").format(
            command=esc(cut(word, 40)))))


async def not_text(update: Update, context: Context) -> None:
    """A sticker, photo, voice or file in a private chat: say what I understand."""
    chat = update.effective_chat
    if chat is None or chat.type != ChatType.PRIVATE:
        return
    await send(update, context, Reply(
        _("I read text: send a command such as /officials or /bills, or just type a name to "
          "search. /help lists everything.")))
