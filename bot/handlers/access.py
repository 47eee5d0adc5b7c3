"""Who may change a chat's subscription, settings and follows: this chat's administrators, or a
channel's (named ``@channel`` from a private chat), checked with the Bot API, not the message."""

from __future__ import annotations

import re
from dataclasses import dataclass

from telegram import Update
from telegram.constants import ChatMemberStatus, ChatType
from telegram.error import BadRequest, Forbidden, TelegramError

from bot.core.chats import Chat, new_chat
from bot.handlers.common import Context, services
from bot.i18n import _, current
from bot.render import cut, esc

ADMIN_STATUSES = {ChatMemberStatus.ADMINISTRATOR, ChatMemberStatus.OWNER}


class Refused(Exception):
    """The user may not do this here; the message says why (already HTML-safe)."""


# --------------------------------------------------------------------------- who may act

@dataclass(frozen=True)
class Target:
    """The chat a command acts on, as Telegram describes it."""

    chat_id: int
    type: str
    title: str
    username: str = ""  # a channel's @name without the @ (named from a private chat)


async def target(update: Update, context: Context, words: list[str],
                 follows: bool = False) -> Target:
    """The chat to act on: this chat, or a channel named ``@channel`` (from a private chat).

    Checks with the Bot API, not the message, that the user may manage it; raises ``Refused``
    (saying what is refused: its subscription, or with ``follows`` what it follows).
    """
    chat, user = update.effective_chat, update.effective_user
    assert chat is not None
    if words and words[0].startswith("@"):
        return await _channel(update, context, words.pop(0))
    if chat.type == ChatType.PRIVATE:
        return Target(chat.id, chat.type, chat.full_name or "")
    if chat.type == ChatType.CHANNEL:
        raise Refused(_("Register a channel from a private chat with me: "
                        "<code>/subscribe @channel</code>."))
    message = update.effective_message
    if message is not None and message.sender_chat is not None and \
            message.sender_chat.id == chat.id:
        return Target(chat.id, chat.type, chat.title or "")  # an anonymous admin of this group
    if user is None:
        raise Refused(_("I can't tell who is asking."))
    member = await context.bot.get_chat_member(chat.id, user.id)
    if member.status not in ADMIN_STATUSES:
        raise Refused(_("Only administrators of this group can change what it follows.")
                      if follows else
                      _("Only administrators of this group can change its subscription."))
    return Target(chat.id, chat.type, chat.title or "")


async def may_manage(update: Update, context: Context) -> bool:
    """Whether the sender may manage this chat, as ``target`` decides."""
    try:
        await target(update, context, [])
    except Refused:
        return False
    return True


async def _channel(update: Update, context: Context, name: str) -> Target:
    chat, user = update.effective_chat, update.effective_user
    if chat is None or chat.type != ChatType.PRIVATE or user is None:
        raise Refused(_("Manage a channel from a private chat with me."))
    if not re.fullmatch(r"@[A-Za-z][A-Za-z0-9_]{3,31}", name):
        raise Refused(_("{name} is not a channel name (like @my_channel).").format(
            name=esc(cut(name, 40))))
    try:
        target = await context.bot.get_chat(name)
    except (BadRequest, Forbidden):
        raise Refused(_("I can't find {name}. Add me to the channel as an administrator "
                        "first, then try again.").format(name=esc(name))) from None
    if target.type != ChatType.CHANNEL:
        raise Refused(_("{name} is not a channel. For a group, send the command in the "
                        "group itself.").format(name=esc(name)))
    try:
        member = await context.bot.get_chat_member(target.id, user.id)
    except TelegramError:
        member = None
    if member is None or member.status not in ADMIN_STATUSES:
        raise Refused(_("Only administrators of {name} can do this, and you are not "
                        "one.").format(name=esc(name)))
    me = await context.bot.get_chat_member(target.id, context.bot.id)
    can_post = getattr(me, "can_post_messages", False)
    if me.status not in ADMIN_STATUSES or not (me.status == ChatMemberStatus.OWNER or can_post):
        raise Refused(_("I need to be an administrator of {name} with the right to post "
                        "messages. Add me in the channel's settings, then try again.").format(
            name=esc(name)))
    return Target(target.id, target.type, target.title or name, name.lstrip("@"))


def is_operator(update: Update, context: Context) -> bool:
    """A bot operator (``BOT_ADMINS``): /broadcast, /stats, /sources, /ingest."""
    user = update.effective_user
    return user is not None and user.id in services(context).admins


def target_chat(context: Context, where: Target) -> Chat:
    """The chat a command changes, as stored (a new one if it is not), active again, and
    speaking the language of this answer unless it chose one."""
    s = services(context)
    chat = s.store.get_chat(where.chat_id)
    if chat is None:
        chat = new_chat(where.chat_id, where.type, where.title, s.now())
    return chat.reached(where.type, where.title).keeping_language(current())
