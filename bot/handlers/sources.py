"""Operator commands for news sources: /sources, /sources add URL, /sources remove N."""

from __future__ import annotations

import asyncio
import datetime as dt

from telegram import Update

from bot.config import FetchSettings
from bot.core.source import Source
from bot.handlers.access import is_operator
from bot.handlers.admin import refuse_non_operator
from bot.handlers.common import Context, argument_text, send, services
from bot.i18n import _, ngettext
from bot.render import Reply, declinable, esc, number
from bot.sources import (
    SourceError,
    find_feed,
    list_sources,
    record_source,
    remove_source,
    short_moment,
)
from bot.web.fetch import Fetcher, FetchError, check_url


def usage() -> str:
    return _("<code>/sources</code> lists the news sources; <code>/sources add URL</code> adds a "
             "feed (or a page that links to one); <code>/sources remove N</code> removes the "
             "N-th.")


def source_line(source: Source, now: dt.datetime) -> str:
    """``bot.sources.describe`` in the chat's language (HTML): name, URL, last poll, errors."""
    taken = source.taken
    parts = [f"{esc(source.name)}  {esc(source.feed_url)}",
             _("last ok {when}").format(when=esc(short_moment(source.last_ok))
                                        if source.last_ok else _("never")),
             ngettext("{n} article taken", "{n} articles taken", taken).format(n=number(taken))]
    if source.last_error:
        parts.append(_("last error: {error}").format(error=esc(source.last_error)))
    if source.backing_off(now):
        failures = source.failures
        parts.append(ngettext("{n} failure, backing off until {retry}",
                              "{n} failures, backing off until {retry}", failures).format(
            n=number(failures), retry=declinable(esc(short_moment(source.next_try)))))
    return "; ".join(parts)


def _check_and_find(url: str, fetching: FetchSettings) -> tuple[str, str, str]:
    """(URL, feed URL, feed title), fetched in a worker thread: blocking HTTP, not in the loop."""
    try:
        url = check_url(url)
    except FetchError as error:
        raise SourceError(str(error)) from None
    with Fetcher.from_settings(fetching) as fetcher:
        return (url, *find_feed(fetcher, url))


async def sources_command(update: Update, context: Context) -> None:
    """List, add or remove the news sources the bot polls."""
    if not is_operator(update, context):
        await refuse_non_operator(update, context)
        return
    s = services(context)
    words = argument_text(update).split()
    action = words[0].lower() if words else ""
    try:
        if action == "add" and len(words) == 2:
            url, feed_url, title = await asyncio.to_thread(
                _check_and_find, words[1], services(context).settings.fetching)
            source = record_source(s.store, url, feed_url, title, s.now())
            await send(update, context, Reply(_("Added <b>{name}</b>: {url}").format(
                name=esc(source.name), url=esc(source.feed_url))))
            return
        if action == "remove" and len(words) == 2:
            source = remove_source(s.store, words[1])
            await send(update, context, Reply(_("Removed <b>{name}</b>.").format(name=esc(source.name))))
            return
    except SourceError as error:
        await send(update, context, Reply(_("Not done: {reason}").format(reason=esc(error))))
        return
    if action:
        await send(update, context, Reply(usage()))
        return
    sources = list_sources(s.store)
    if not sources:
        await send(update, context, Reply(_("No news sources yet.") + "\n" + usage()))
        return
    lines = ["<b>" + _("News sources") + "</b>", ""]
    lines += [f"{n}. {source_line(src, s.now())}" for n, src in enumerate(sources, 1)]
    await send(update, context, Reply("\n".join(lines)))

