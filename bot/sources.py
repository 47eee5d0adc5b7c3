"""News sources: feeds the bot reads by itself, and one polling pass over them.

A source is kept in the store's chat state (``sources`` table), not in the knowledge: its name,
the address given, the feed found there, validators for conditional GET, the entries already
seen, the last success and error, and its backoff. ``poll`` reads every source that is due,
fetches the pages of entries not seen before, and ingests them through the same path as
``python -m bot ingest`` (so followers and digests hear of them through the change log), keeping
only articles about the state.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

from bot.core.articles import ArticleError
from bot.core.errors import BotError
from bot.core.extraction.identity import url_id
from bot.core.knowledge import KnowledgeUpdate
from bot.core.models import Article
from bot.core.source import FeedRead, Source
from bot.core.text import counted
from bot.ingest import (
    NOT_ABOUT_THE_STATE,
    IngestResult,
    ingest_chunks,
    is_about_the_state,
)
from bot.web.clean import clean_line
from bot.web.feeds import FeedEntry, FeedError, discover_feeds, looks_like_feed, parse_feed
from bot.web.fetch import Fetcher, FetchError, check_url
from bot.web.pages import PageError, decode_html, looks_like_html, page_article
from store.base import Store

log = logging.getLogger(__name__)

MAX_SEEN = 2000  # entry keys remembered per source: more than a feed is ever read for
PAGE_TRIES = 3  # a page that fails this many passes is given up (counted as seen)
# Bounded work per source per pass, so one source (hostile, huge or slow) cannot take the pass
# from the others: at most this many pages fetched, for at most this long (or ten fetch
# deadlines, if shorter); what is left waits for the next pass. The feed's entries themselves
# are cut to the newest ``feeds.MAX_ENTRIES``, all of which fit in ``MAX_SEEN``.
MAX_PAGES = 100
SOURCE_SECONDS = 300.0
MAX_CANDIDATES = 5  # feeds tried among those a page announces (``sources add``)
STOPPED = "a pass stopped while reading this source (killed, or out of time or memory)"


class SourceError(BotError):
    """A source cannot be added or found; the message is one line, safe to show."""


Progress = Callable[[str, int, int], None]  # (source name, pages done, pages to do)


@dataclass
class PollReport:
    sources: int = 0
    results: list[IngestResult] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # a line per failing source (or page)
    notify: Callable[[str], None] | None = None
    known: int = 0  # entries whose address was already known: not fetched again
    deferred: int = 0  # entries left for the next pass by the bounds on a source's work

    def error(self, line: str) -> None:
        line = clean_line(line)  # names, URLs and messages from sites reach a terminal
        self.errors.append(line)
        if self.notify is not None:
            self.notify(line)

    @property
    def added(self) -> list[IngestResult]:
        return [r for r in self.results if r.update is not None]

    @property
    def skipped(self) -> int:
        return sum(1 for r in self.results if r.skipped)

    @property
    def unchanged(self) -> int:
        return self.known + sum(1 for r in self.results if r.update is None and not r.skipped)

    def summary(self) -> str:
        return (f"poll: {counted(self.sources, 'source')}, "
                f"{counted(len(self.added), 'new article')}, "
                f"{self.unchanged:,} already known, {self.skipped:,} skipped: "
                f"{NOT_ABOUT_THE_STATE}, {counted(len(self.errors), 'error')}"
                + (f", {self.deferred} left for the next pass" if self.deferred else ""))


def keep_if_about_the_state(article: Article, update: KnowledgeUpdate) -> str | None:
    """The ingest filter of polling: None keeps the article, else the reason to skip it."""
    return None if is_about_the_state(article, update) else NOT_ABOUT_THE_STATE


# --------------------------------------------------------------------------- pages and feeds

def read_page(fetcher: Fetcher, url: str, source: str = "",
              entry: FeedEntry | None = None) -> Article:
    """The article on a web page (``ingest URL``, and each new feed entry)."""
    response = fetcher.get(url)
    if not looks_like_html(response.body, response.content_type):
        kind = response.content_type.split(";")[0].strip() or "unknown type"
        raise PageError(f"{url}: not a web page ({kind})")
    try:
        article = page_article(response.body, url, response.content_type, response.url, source)
    except ArticleError as error:
        raise PageError(str(error)) from None
    if entry is not None and (article.title is None or article.date is None):
        article = Article(article.text, article.source, article.title or entry.title or None,
                          article.date or entry.published, article.name, article.url)
    return article


def find_feed(fetcher: Fetcher, url: str) -> tuple[str, str]:
    """(feed URL, feed title) for a feed's or a page's address; ``SourceError`` if none."""
    try:
        response = fetcher.get(url)
        if looks_like_feed(response.body) or "xml" in response.content_type:
            return response.url, parse_feed(response.body, response.url).title
        if not looks_like_html(response.body, response.content_type):
            raise SourceError(f"{url}: not a feed and not a web page")
        candidates = discover_feeds(decode_html(response.body, response.content_type),
                                    response.url)
        for candidate in candidates[:MAX_CANDIDATES]:
            try:
                found = fetcher.get(candidate)
                return found.url, parse_feed(found.body, found.url).title
            except (FetchError, FeedError):
                continue
    except (FetchError, FeedError) as error:
        raise SourceError(f"{url}: {error}") from None
    raise SourceError(f"{url}: not a feed, and the page links to no RSS or Atom feed")


# --------------------------------------------------------------------------- the list

def list_sources(store: Store) -> list[Source]:
    # In the order they were added (the ISO text, as stored), then by id.
    return sorted(store.all_sources(),
                  key=lambda s: (s.added_at.isoformat() if s.added_at else "", s.id))


def add_source(store: Store, fetcher: Fetcher, url: str, name: str | None,
               now: dt.datetime) -> Source:
    """Check that ``url`` is (or links to) a feed, then record it; nothing is written if not."""
    try:
        url = check_url(url)
    except FetchError as error:
        raise SourceError(str(error)) from None
    feed_url, title = find_feed(fetcher, url)
    return record_source(store, url, feed_url, name or title, now)


def record_source(store: Store, url: str, feed_url: str, name: str | None,
                  now: dt.datetime) -> Source:
    """Write a checked source (``find_feed`` found its feed); ``SourceError`` if a duplicate."""
    source = Source(id=url_id(feed_url), name=clean_line(name or feed_url)[:80], url=url,
                    feed_url=feed_url, added_at=now)
    with store.writing():
        for other in store.all_sources():
            if other.id == source.id:
                raise SourceError(f"{url}: already a source (“{other.name}”)")
            if other.name.casefold() == source.name.casefold():
                raise SourceError(f"a source is already named “{other.name}”: "
                                  f"pass another --name")
        store.put_source(source)
    return source


def find_source(store: Store, ref: str) -> Source:
    """A source by its URL, its feed's URL, its name, or its number in the list (1, 2 ...)."""
    ref = ref.strip()
    sources = list_sources(store)
    if ref.isdigit() and 1 <= int(ref) <= len(sources):
        return sources[int(ref) - 1]
    for source in sources:
        if ref in (source.url, source.feed_url) or ref.casefold() == source.name.casefold():
            return source
    raise SourceError(f"no source {ref!r} (see the list: python -m bot sources)")


def remove_source(store: Store, ref: str) -> Source:
    with store.writing():
        source = find_source(store, ref)
        store.delete_source(source.id)
    return source


def describe(source: Source, now: dt.datetime | None = None) -> str:
    """One line: name, URL, last successful poll, last error, articles taken, backoff."""
    # Cleaned again as printed: a record written before names were cleaned, or an error
    # message quoting a site, must not drive the operator's terminal.
    parts = [f"{clean_line(source.name)}  {clean_line(source.feed_url)}",
             f"last ok {short_moment(source.last_ok) or 'never'}",
             f"{counted(source.taken, 'article')} taken"]
    if source.last_error:
        parts.append(f"last error: {clean_line(source.last_error)}")
    if source.next_try is not None and (now is None or source.backing_off(now)):
        parts.append(f"{counted(source.failures, 'failure')}, backing off until "
                     f"{short_moment(source.next_try)}")
    return "; ".join(parts)


def short_moment(moment: dt.datetime | None) -> str:
    """A moment as stored, to the minute, in the offset it was stored with."""
    return f"{moment:%Y-%m-%d %H:%M}" if moment else ""


# --------------------------------------------------------------------------- polling

def poll(store: Store, fetcher: Fetcher, now: dt.datetime,
         on_result: Callable[[IngestResult], None] | None = None,
         progress: Progress | None = None, on_error: Callable[[str], None] | None = None
         ) -> PollReport:
    """One pass over every source that is due; results are printed (``on_result``) as soon as
    they are on disk, errors (``on_error``) as they happen."""
    report = PollReport(notify=on_error)
    store.refresh()
    for source in list_sources(store):
        report.sources += 1
        if source.backing_off(now):
            report.error(f"{source.name}: backing off until {short_moment(source.next_try)} "
                         f"after {source.failures} failures (last: {source.last_error})")
            continue
        # Recorded as failed before it is read: a pass killed while reading it (the bot's pass
        # timeout, the OOM killer) leaves this source backed off, and the next pass reads the
        # others first. Reading it overwrites this with what happened.
        failures = source.failures + 1
        _update_source(store, source.id,
                       partial(Source.failed, now=now, error=STOPPED, failures=failures))
        try:
            feed = _poll_source(store, fetcher, source, now, report, on_result, progress)
        except (FetchError, FeedError) as error:
            reason = str(error)[:200]
            report.error(f"{source.name}: {error}")
        except Exception as error:  # one source's surprise must not end the others' pass
            log.debug("source %s", source.id, exc_info=True)
            reason = f"could not be read ({type(error).__name__})"
            report.error(f"{source.name}: {reason}")
        else:
            _update_source(store, source.id, partial(Source.read, now=now, feed=feed))
            continue
        _update_source(store, source.id,
                       partial(Source.failed, now=now, error=reason, failures=failures))
    return report


def _poll_source(store: Store, fetcher: Fetcher, source: Source, now: dt.datetime,
                 report: PollReport, on_result: Callable[[IngestResult], None] | None,
                 progress: Progress | None) -> FeedRead:
    """Poll one source; what the read leaves in its record."""
    response = fetcher.get(source.feed_url, source.etag, source.last_modified)
    if response.not_modified:
        return FeedRead(response.etag, response.last_modified)
    feed = parse_feed(response.body, response.url)
    seen = set(source.seen)
    tries: dict[str, int] = dict(source.tries)
    fresh = [e for e in feed.entries if e.key not in seen and e.link not in seen]
    articles: list[Article] = []
    newly_seen: list[str] = []
    page_error: str | None = None
    fetched, budget = 0, time.monotonic() + min(SOURCE_SECONDS, 10 * fetcher.total_timeout)
    for number, entry in enumerate(fresh, 1):
        if fetched >= MAX_PAGES or time.monotonic() > budget:
            report.deferred += len(fresh) - number + 1
            break  # the rest next pass: not seen, so fetched then
        if store.event_for_key(url_id(entry.link)) is not None:
            newly_seen.append(entry.key)  # already known through another feed or ingest URL
            report.known += 1
        else:
            fetched += 1
            try:
                articles.append(read_page(fetcher, entry.link, source.name, entry))
                newly_seen.append(entry.key)
            except (FetchError, PageError) as error:
                tries[entry.key] = tries.get(entry.key, 0) + 1
                if tries[entry.key] >= PAGE_TRIES:
                    newly_seen.append(entry.key)  # given up: a page that never answers
                report.error(f"{source.name}: {entry.link}: {error}")
                # The feed answered, so no backoff; but `sources` says what went wrong since.
                page_error = f"{entry.link}: {error}"[:200]
        if progress:
            progress(source.name, number, len(fresh))
    taken = 0
    for chunk in ingest_chunks(store, articles, now, accept=keep_if_about_the_state):
        for result in chunk:
            report.results.append(result)
            taken += result.update is not None
            if on_result:
                on_result(result)
    # Seen: what the feed lists now and was read (a page that failed is tried again next
    # pass), after older keys no longer listed (bounded).
    current = [e.key for e in feed.entries]
    listed, read = set(current), seen | set(newly_seen)
    older = [k for k in source.seen if k not in listed]
    return FeedRead(
        response.etag, response.last_modified,
        seen=(*older, *(k for k in current if k in read))[-MAX_SEEN:],
        tries={k: n for k, n in tries.items() if k not in read and k in listed}, taken=taken,
        page_error=page_error)


def _update_source(store: Store, source_id: str, change: Callable[[Source], Source]) -> None:
    """Change a source's record under the lock, on fresh data: another process may have
    removed it (then it stays removed) or changed it meanwhile."""
    with store.writing():
        current = next((s for s in store.all_sources() if s.id == source_id), None)
        if current is not None:
            store.put_source(change(current))
