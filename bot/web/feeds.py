"""RSS 2.0 and Atom feeds (read by feedparser from bytes we fetched ourselves, so our timeouts,
size cap and conditional GET apply), and finding a site's feed from a page's ``<link>``."""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urljoin

import feedparser

from bot.core.models import PartialDate
from bot.web.clean import clean_line

MAX_ENTRIES = 500  # the newest entries of a feed read; a feed of 60,000 is cut to these
FEED_TYPES = {"application/rss+xml", "application/atom+xml", "application/feed+json",
              "application/rdf+xml"}


class FeedError(ValueError):
    """Bytes that are not a feed; the message is one line."""


@dataclass(frozen=True)
class FeedEntry:
    key: str  # the entry's guid / Atom id, else its link: what "seen before" is checked against
    link: str
    title: str
    published: PartialDate | None


@dataclass(frozen=True)
class Feed:
    title: str
    entries: tuple[FeedEntry, ...]  # oldest first


def _date(struct: time.struct_time | None) -> PartialDate | None:
    if not struct:
        return None
    try:
        return PartialDate.from_date(dt.date(struct.tm_year, struct.tm_mon, struct.tm_mday))
    except ValueError:
        return None


def parse_feed(body: bytes, url: str) -> Feed:
    """The feed's entries with a link, oldest first; ``FeedError`` if it is not a feed."""
    parsed = feedparser.parse(body, response_headers={"content-location": url})
    linked = [e for e in parsed.entries if e.get("link")]
    # A feed with an XML error is still read if the error cost nothing (feedparser recovers
    # from many), not if it left no usable entry.
    if not parsed.get("version") or (parsed.get("bozo") and not linked):
        reason = parsed.get("bozo_exception")
        detail = f" ({str(reason).splitlines()[0][:80]})" if reason else ""
        raise FeedError(f"not an RSS or Atom feed{detail}")
    entries = []
    # Feeds list the newest first: a feed of tens of thousands of entries is read for its
    # newest, and a poll never plans tens of thousands of page fetches.
    for entry in linked[:MAX_ENTRIES]:
        link = clean_line(urljoin(url, entry.get("link")))
        published = _date(entry.get("published_parsed") or entry.get("updated_parsed"))
        entries.append(FeedEntry(clean_line(str(entry.get("id") or link)), link,
                                 clean_line(str(entry.get("title") or "")), published))
    # Feeds list the newest first, usually; ingesting oldest first lets a later article refer
    # back to an earlier one (and keeps the change log in the order things happened).
    entries.sort(key=lambda e: e.published.sort_key() if e.published else (0, 0, 0))
    return Feed(clean_line(str(parsed.feed.get("title") or "")), tuple(entries))


def looks_like_feed(body: bytes) -> bool:
    head = body[:1000].lstrip().lower()
    return head.startswith(b"<?xml") or b"<rss" in head or b"<feed" in head or b"<rdf" in head


class _LinkFinder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag != "link":
            return
        values = {k.lower(): (v or "") for k, v in attrs}
        rels = values.get("rel", "").lower().split()
        if "alternate" in rels and values.get("type", "").lower() in FEED_TYPES \
                and values.get("href"):
            self.links.append(values["href"])


def discover_feeds(html: str, url: str) -> list[str]:
    """Feed URLs a page announces with ``<link rel="alternate" type="application/rss+xml">``."""
    finder = _LinkFinder()
    finder.feed(html)
    finder.close()
    return list(dict.fromkeys(urljoin(url, link) for link in finder.links))
