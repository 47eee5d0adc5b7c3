"""Whatever no other handler took: unknown commands, stickers, photos. Quiet in groups."""

from __future__ import annotations

from telegram import Update
from telegram.constants import ChatType

from bot.core.matching import mistyped
from bot.handlers.common import Context, argument_text, send, services
from bot.i18n import _
from bot.render import Reply, cut, esc
from bot.services import COMMANDS


def _addressed_to_us(update: Update, context: Context) -> bool:
    """In a group only a command with our @name is ours: others may belong to other bots."""
    chat = update.effective_chat
    if chat is not None and chat.type == ChatType.PRIVATE:
        return True
    message = update.effective_message
    first = (message.text or "").split(maxsplit=1)[0] if message and message.text else ""
    return first.lower().endswith(f"@{context.bot.username}".lower())


async def unknown_command(update: Update, context: Context) -> None:
    """An unknown command gets the command it is a slip for ("/bil water": "/bill water"), or
    a pointer to /help."""
    if not _addressed_to_us(update, context):
        return
    message = update.effective_message
    word = (message.text or "").split(maxsplit=1)[0] if message and message.text else "that"
    # "/foo@ParliamentBot" is shown as "/foo": the bot's name is how it was addressed, not
    # part of the command
    command = word.split("@", 1)[0]
    user = update.effective_user
    is_admin = bool(user and user.id in services(context).admins)
    meant = mistyped(command.removeprefix("/"),
                     (c.name for c in COMMANDS if is_admin or not c.admin))
    if meant is not None:
        suggestion = " ".join(("/" + meant, argument_text(update))).strip()
        await send(update, context, Reply(
            _("I don't know the command {command}. Did you mean {suggestion}?").format(
                command=esc(cut(command, 40)),
                suggestion=f"<code>{esc(cut(suggestion, 80))}</code>")))
        return
    await send(update, context, Reply(
        _("I don't know the command {command}. Send /help to see what I can do.").format(
            command=esc(cut(command, 40)))))


async def not_text(update: Update, context: Context) -> None:
    """A sticker, photo, voice or file in a private chat: say what I understand."""
    chat = update.effective_chat
    if chat is None or chat.type != ChatType.PRIVATE:
        return
    await send(update, context, Reply(
        _("I read text: send a command such as /officials or /bills, or just type a name to "
          "search. /help lists everything.")))
