"""The one place where handlers are registered (every ``add_handler`` is here), in explicit
groups.

Group -2 drops button presses that carry no message (only an ``inline_message_id``): the cards
posted through inline mode have link buttons only, so such a press is forged, and every button
handler needs the chat the message is in. Group -1 refreshes the store (a cheap stat) so
articles ingested by another process are seen.
Group 0 holds every command and button, then the catch-alls: PTB runs the first matching handler
of a group, so the catch-alls at the end answer only what nothing before them took.
"""

from __future__ import annotations

import contextlib

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import (
    Application,
    ApplicationHandlerStop,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    InlineQueryHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.handlers import fallback, inline, language, lookup
from bot.handlers.common import Context, chat_language, services
from bot.i18n import activate
from bot.views import callbacks
from bot.views.callbacks import pattern

LOOKUP_COMMANDS = {
    "start": lookup.start,
    "help": lookup.help_command,
    "officials": lookup.officials,
    "official": lookup.official,
    "bills": lookup.bills,
    "bill": lookup.bill,
    "events": lookup.events,
    "event": lookup.event,
    "on": lookup.on,
    "search": lookup.search,
    "upcoming": lookup.upcoming,
    "today": lookup.today,
}


async def refresh_store(update: Update, context: Context) -> None:
    """Pick up what ``python -m bot ingest`` wrote while the bot runs; then say in which language
    this update is answered (every handler after this one writes in it)."""
    services(context).store.refresh()
    activate(chat_language(update, context))


async def drop_messageless_press(update: Update, _context: Context) -> None:
    """Answer a press without a message (so the client stops its spinner) and stop there."""
    query = update.callback_query
    if query is not None and query.message is None:
        with contextlib.suppress(TelegramError):
            await query.answer()
        raise ApplicationHandlerStop


def register(app: Application) -> None:  # type: ignore[type-arg]
    from bot.handlers import (
        admin,
        calendars,
        follows,
        membership,
        settings,
        sources,
        subscriptions,
    )

    app.add_handler(CallbackQueryHandler(drop_messageless_press), group=-2)
    app.add_handler(TypeHandler(Update, refresh_store), group=-1)

    for name, callback in LOOKUP_COMMANDS.items():
        app.add_handler(CommandHandler(name, callback))
    app.add_handler(CommandHandler("language", language.language))
    app.add_handler(CallbackQueryHandler(language.language_button,
                                         pattern=pattern(callbacks.Language)))
    app.add_handler(InlineQueryHandler(inline.inline_query))
    # digests, settings, follows, membership, /calendar
    app.add_handler(CommandHandler("subscribe", subscriptions.subscribe))
    app.add_handler(CommandHandler("unsubscribe", subscriptions.unsubscribe))
    app.add_handler(CommandHandler("settings", settings.settings_command))
    app.add_handler(CommandHandler("follow", follows.follow))
    app.add_handler(CommandHandler("following", follows.following))
    app.add_handler(CommandHandler("unfollow", follows.unfollow))
    app.add_handler(CommandHandler("calendar", calendars.calendar))
    app.add_handler(CallbackQueryHandler(settings.settings_button,
                                         pattern=pattern(callbacks.Setting)))
    app.add_handler(CallbackQueryHandler(follows.follow_button,
                                         pattern=pattern(callbacks.FollowItem)))
    app.add_handler(CallbackQueryHandler(follows.unfollow_button,
                                         pattern=pattern(callbacks.Unfollow)))
    app.add_handler(ChatMemberHandler(membership.membership,
                                      ChatMemberHandler.MY_CHAT_MEMBER))
    app.add_handler(MessageHandler(filters.StatusUpdate.MIGRATE, membership.migrated))
    # the operators'
    app.add_handler(CommandHandler("broadcast", admin.broadcast))
    app.add_handler(CommandHandler("stats", admin.stats))
    app.add_handler(CommandHandler("ingest", admin.ingest_command))
    app.add_handler(MessageHandler(filters.Document.ALL & filters.CaptionRegex(r"^/ingest\b"),
                                   admin.ingest_command))
    app.add_handler(CallbackQueryHandler(admin.broadcast_button,
                                         pattern=pattern(callbacks.BroadcastAnswer)))
    app.add_handler(CommandHandler("sources", sources.sources_command))
    app.add_handler(MessageHandler(filters.Regex(r"^/event_[0-9a-f]{6,20}(@\w+)?\b"),
                                   lookup.event_shortcut))
    app.add_handler(CallbackQueryHandler(lookup.button))

    private = filters.ChatType.PRIVATE
    app.add_handler(MessageHandler(filters.COMMAND, fallback.unknown_command))
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND & private,
                                   lookup.plain_text_search))
    app.add_handler(MessageHandler(~filters.TEXT & ~filters.COMMAND & private &
                                   ~filters.StatusUpdate.ALL, fallback.not_text))
