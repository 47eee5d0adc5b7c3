"""Operator commands for news sources: /sources, /sources add URL, /sources remove N."""

from __future__ import annotations

import asyncio

from telegram import Update
from telegram.ext import Application, CommandHandler

from bot.handlers.admin import _is_admin, _refuse
from bot.handlers.common import Context, argument_text, send, services
from bot.render import Reply, esc
from bot.sources import SourceError, describe, find_feed, list_sources, record_source, remove_source
from bot.web.fetch import Fetcher, FetchError, check_url

USAGE = ("<code>/sources</code> lists the news sources; <code>/sources add URL</code> adds a feed "
         "(or a page that links to one); <code>/sources remove N</code> removes the N-th.")


def _check_and_find(url: str) -> tuple[str, str, str]:
    """(URL, feed URL, feed title), fetched in a worker thread: blocking HTTP, not in the loop."""
    try:
        url = check_url(url)
    except FetchError as error:
        raise SourceError(str(error)) from None
    with Fetcher.from_environment() as fetcher:
        return (url, *find_feed(fetcher, url))


async def sources_command(update: Update, context: Context) -> None:
    """List, add or remove the news sources the bot polls."""
    if not _is_admin(update, context):
        await _refuse(update, context)
        return
    s = services(context)
    words = argument_text(update).split()
    action = words[0].lower() if words else ""
    try:
        if action == "add" and len(words) == 2:
            url, feed_url, title = await asyncio.to_thread(_check_and_find, words[1])
            source = record_source(s.store, url, feed_url, title, s.now())
            await send(update, context, Reply(f"Added <b>{esc(source['name'])}</b>: "
                                              f"{esc(source['feed_url'])}"))
            return
        if action == "remove" and len(words) == 2:
            source = remove_source(s.store, words[1])
            await send(update, context, Reply(f"Removed <b>{esc(source['name'])}</b>."))
            return
    except SourceError as error:
        await send(update, context, Reply(f"Not done: {esc(error)}"))
        return
    if action:
        await send(update, context, Reply(USAGE))
        return
    sources = list_sources(s.store)
    if not sources:
        await send(update, context, Reply("No news sources yet.\n" + USAGE))
        return
    lines = ["<b>News sources</b>", ""]
    lines += [f"{n}. {esc(describe(src, s.now()))}" for n, src in enumerate(sources, 1)]
    await send(update, context, Reply("\n".join(lines)))


def register(app: Application) -> None:  # type: ignore[type-arg]
    app.add_handler(CommandHandler("sources", sources_command))
