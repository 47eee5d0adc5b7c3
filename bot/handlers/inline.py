"""Inline mode: ``@bot ashimb`` in any chat offers official, bill and event cards to post there.

Enabled for the bot in @BotFather (``/setinline``). Results are the same cards as in the bot's
own chat (escaped HTML, one message each), with a button that opens the card in the bot; they
are in the asker's language, so they are personal (``is_personal``): Telegram caches them
briefly for that user only, never hands a Russian card to a Kazakh reader.
"""

from __future__ import annotations

import datetime as dt
import re

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InlineQueryResultsButton,
    InputTextMessageContent,
    Update,
)
from telegram.constants import InlineQueryLimit

from bot import views
from bot.core import lookup
from bot.core.glossary import english_query
from bot.core.knowledge import KnowledgeReader
from bot.handlers.common import Context, services
from bot.i18n import _
from bot.render import cut
from bot.views.callbacks import ITEM_BY_NAME
from bot.views.common import MAX_QUERY

MAX_RESULTS = 20  # Telegram allows 50; twenty cards are more than a phone shows
CACHE_SECONDS = 30  # short: a new article should show up within the minute
KINDS = {"official": "official", "bill": "bill", "event": "event"}
ICONS = {"official": "👤", "bill": "📜", "event": "🗞"}


def results(store: KnowledgeReader, query: str, bot_name: str, today: dt.date
            ) -> list[InlineQueryResultArticle]:
    """The cards for ``query`` (the latest events for an empty one), at most ``MAX_RESULTS``."""
    query = " ".join(query.split())
    if not query:
        hits = [(e.id, "event", e.title) for e in reversed(store.all_events()[-MAX_RESULTS:])]
    else:
        found = lookup.search(english_query(query), store.all_events(), store.all_officials(),
                              store.all_bills(), limit=MAX_RESULTS, indexes=store.indexes())
        hits = [(h.id, h.kind, h.label) for h in found]
    articles = []
    for item_id, kind, label in hits[:InlineQueryLimit.RESULTS]:
        card = views.open_item(store, ITEM_BY_NAME[kind], item_id, today)
        result_id = f"{kind[0]}:{item_id}"
        if card is None or len(result_id.encode()) > 64:  # result ids are 1-64 bytes
            continue
        payload = f"{KINDS[kind]}_{item_id}"
        markup = None
        if re.fullmatch(r"[A-Za-z0-9_-]{1,64}", payload) and bot_name:
            markup = InlineKeyboardMarkup([[InlineKeyboardButton(
                _("Open in @{bot}").format(bot=bot_name),
                url=f"https://t.me/{bot_name}?start={payload}")]])
        first_line = re.sub(r"<[^>]+>", "", card.text.split("\n", 2)[1]) \
            if card.text.count("\n") >= 1 else ""
        articles.append(InlineQueryResultArticle(
            id=result_id,
            title=f"{ICONS[kind]} {cut(label, 100)}",
            description=cut(first_line, 120) or None,
            # HTML, no preview: the bot's Defaults (bot/sending.py) fill these in too.
            input_message_content=InputTextMessageContent(card.messages()[0]),
            reply_markup=markup,
        ))
    return articles


async def inline_query(update: Update, context: Context) -> None:
    """Answer an inline query with cards; a query too long to be a name gets none and a hint."""
    query = update.inline_query
    if query is None:
        return
    text = query.query or ""
    bot_name = context.bot.username or ""
    if len(text) > MAX_QUERY:
        await query.answer([], cache_time=CACHE_SECONDS, is_personal=True,
                           button=InlineQueryResultsButton(_("Too long: type a name or a few "
                                                             "words"), start_parameter="help"))
        return
    s = services(context)
    found = results(s.store, text, bot_name, s.today())
    button = None if found else InlineQueryResultsButton(
        _("Nothing found: search in the bot"), start_parameter="help")
    await query.answer(found, cache_time=CACHE_SECONDS, is_personal=True, button=button)
