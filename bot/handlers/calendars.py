"""``/calendar``: upcoming dates and anniversaries as an .ics file, and a private feed link
(its token kept with the chat, revoked by ``/calendar reset``)."""

from __future__ import annotations

import re
import secrets

from telegram import Update
from telegram.constants import ChatType

from bot.calendar import calendar_file
from bot.core.chats import Chat, new_chat
from bot.handlers.access import may_manage
from bot.handlers.common import Context, argument_text, send, services, thread_of
from bot.i18n import _, current, ngettext
from bot.render import Reply, esc, number
from store.base import Store


def calendar_token(store: Store, chat: Chat, reset: bool = False) -> str:
    """The chat's calendar feed token (made on first use; ``reset`` revokes the old one). The
    store's meta maps tokens to chats, so the feed is found without reading every chat."""
    tokens = dict(store.get_meta("calendar_tokens") or {})
    old = chat.calendar_token
    if old and not reset:
        return old
    tokens.pop(old, None)
    token = secrets.token_urlsafe(18)
    tokens[token] = chat.id
    # The feed is written in the chat's language, as digests are.
    store.put_chat(chat.with_calendar_token(token).keeping_language(current()))
    store.put_meta("calendar_tokens", tokens)
    return token


async def calendar(update: Update, context: Context) -> None:
    """Upcoming dates and anniversaries as an .ics file, and (with a public address) a link to
    subscribe to them; ``/calendar reset`` makes a new link and stops the old one."""
    s = services(context)
    chat = update.effective_chat
    if chat is None:
        return
    reset = argument_text(update).strip().lower() == "reset"
    if reset and chat.type != ChatType.PRIVATE and not await may_manage(update, context):
        await send(update, context, Reply(_("Only administrators of this group can make a "
                                            "new calendar link.")))  # members only use it
        return
    link = ""
    if s.public_url:
        stored = s.store.get_chat(chat.id) or new_chat(chat.id, chat.type, chat.title or "",
                                                        s.now())
        token = calendar_token(s.store, stored, reset)
        feed = f"{s.public_url}/calendar/{token}.ics"
        link = "\n" + _("Subscribe in your calendar app: {link} (private to this chat: "
                        "<code>/calendar reset</code> makes a new one and stops this).").format(
            link=esc(re.sub(r"^https?://", "webcal://", feed)))
    data, count = calendar_file(s.store, s.today(), s.tz)
    if not count:
        await send(update, context, Reply(_("Nothing dated ahead to put in a calendar yet.")
                                          + link))
        return
    await context.bot.send_document(
        chat.id, document=data, filename="kz-parliament.ics",
        message_thread_id=thread_of(update),
        caption=ngettext("📅 {n} upcoming date or anniversary. Open the file to add it to your "
                         "calendar.", "📅 {n} upcoming dates and anniversaries. Open the file to "
                         "add them to your calendar.", count).format(n=number(count)),
        parse_mode=None)  # a plain caption, as before the Defaults made HTML the rule
    if link:
        await send(update, context, Reply(link.strip()))
