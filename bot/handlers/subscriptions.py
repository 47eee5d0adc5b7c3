"""Subscribing a chat (or a channel) to digests and reminders, and stopping them. A chat's
settings are ``settings``, its follows ``follows``, its membership ``membership`` and its
calendar ``calendars``; who may act is ``access``; all are registered in ``__init__``."""

from __future__ import annotations

import re

from telegram import Update
from telegram.constants import ChatType

from bot.core.errors import InputError
from bot.core.schedule import ChatSettings, parse_time, parse_weekday, with_changes
from bot.handlers.access import Refused, target, target_chat
from bot.handlers.common import Context, argument_text, send, services, thread_of
from bot.handlers.settings import describe
from bot.i18n import _, reason
from bot.render import Reply, cut, esc, sentence
from bot.views.quiet import quiet_buttons

# --------------------------------------------------------------------------- subscribe

def parse_subscribe_args(words: list[str], settings: ChatSettings) -> ChatSettings:
    """``daily|weekly``, ``HH:MM`` and a weekday, in any order; InputError says what is wrong."""
    for word in words:
        low = word.lower()
        if low in {"daily", "weekly"}:
            settings = with_changes(settings, frequency=low)
        elif re.fullmatch(r"\d{1,2}([:.]\d{2})?", word):
            settings = with_changes(settings, time=parse_time(word))
        else:
            try:  # "monthly" starts like "mon" but is no weekday: parse_weekday knows
                weekday = parse_weekday(word)
            except InputError:
                raise InputError(_(
                    "I don't understand “{word}”. Digests are daily or weekly (no other "
                    "frequency); add a time like 08:30, and for weekly a day like Mon or "
                    "Monday").format(word=cut(word, 30))) from None
            settings = with_changes(settings, weekday=weekday, frequency="weekly")
    return settings


async def subscribe(update: Update, context: Context) -> None:
    """Subscribe this chat (or ``@channel``) to digests and reminders."""
    words = argument_text(update).split()
    try:
        where = await target(update, context, words)
        chat = target_chat(context, where).reached(where.type, where.title, where.username)
        settings = parse_subscribe_args(words, chat.settings)
    except Refused as refused:
        await send(update, context, Reply(str(refused)))
        return
    except InputError as error:
        said = esc(sentence(reason(error)))
        await send(update, context, Reply(_("{error}. Example: <code>/subscribe weekly 09:00 "
                                            "Mon</code>.").format(error=said)))
        return
    now = services(context).now()
    # In a forum, the topic /subscribe came from is where digests and alerts go.
    thread = thread_of(update) if where.chat_id == update.effective_chat.id else None  # type: ignore[union-attr]
    chat = chat.subscribed_now(settings, now, thread)
    services(context).store.put_chat(chat)
    done = (_("✅ This channel is subscribed.") if where.type == ChatType.CHANNEL
            else _("✅ This topic is subscribed.") if thread is not None
            else _("✅ This chat is subscribed."))
    moves = quiet_buttons(where.chat_id, chat.settings)
    await send(update, context, Reply(f"{done}\n\n{describe(chat, now)}\n\n"
                                      + _("Change it with /settings; stop with /unsubscribe."),
                                      (moves,) if moves else ()))


async def unsubscribe(update: Update, context: Context) -> None:
    """Stop digests and reminders (follows stay until /unfollow)."""
    words = argument_text(update).split()
    try:
        chat_id = (await target(update, context, words)).chat_id
    except Refused as refused:
        await send(update, context, Reply(str(refused)))
        return
    store = services(context).store
    chat = store.get_chat(chat_id)
    if chat is None or not chat.subscribed:
        await send(update, context, Reply(_("This chat is not subscribed. /subscribe to "
                                            "start.")))
        return
    store.put_chat(chat.unsubscribed())
    await send(update, context, Reply(_("🔕 Unsubscribed: no more digests or reminders here. "
                                        "Follow alerts stay until you /unfollow.")))

