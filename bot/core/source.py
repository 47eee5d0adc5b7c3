"""A news source (a feed the bot polls by itself) as the store keeps it: its name, the address
given and the feed found there, the validators for a conditional GET, the entries already
seen, the last success and error, and its backoff. Pure; ``bot/sources.py`` polls.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from bot.core.json_types import JsonObject

BACKOFF_BASE = dt.timedelta(minutes=5)
BACKOFF_MAX = dt.timedelta(hours=24)


def backoff(failures: int) -> dt.timedelta:
    """5 min, 10, 20, 40 ... after each failure in a row, at most a day."""
    delay: dt.timedelta = BACKOFF_BASE * 2 ** min(20, max(0, failures - 1))
    return min(BACKOFF_MAX, delay)


@dataclass(frozen=True)
class FeedRead:
    """What one successful read of a source's feed leaves: its validators, the entries now
    seen, pages still to retry (tries so far), and how many articles it added."""

    etag: str | None = None
    last_modified: str | None = None
    seen: tuple[str, ...] | None = None  # None: not modified, the seen entries stay
    tries: Mapping[str, int] | None = None
    taken: int = 0
    page_error: str | None = None  # a page that failed while the feed answered: shown, no backoff


@dataclass(frozen=True)
class Source:
    id: str
    name: str
    url: str
    feed_url: str
    added_at: dt.datetime | None = None
    last_ok: dt.datetime | None = None
    last_error: str | None = None
    failures: int = 0  # in a row, since the last success
    next_try: dt.datetime | None = None  # backing off until then
    etag: str | None = None
    last_modified: str | None = None
    taken: int = 0  # articles added from it, ever
    seen: tuple[str, ...] = ()  # entry keys read (or given up on), bounded
    tries: Mapping[str, int] = field(default_factory=dict)  # failed pages, to retry

    def to_dict(self) -> JsonObject:
        return {
            "id": self.id, "name": self.name, "url": self.url, "feed_url": self.feed_url,
            "added_at": _iso(self.added_at), "last_ok": _iso(self.last_ok),
            "last_error": self.last_error, "failures": self.failures,
            "next_try": _iso(self.next_try), "etag": self.etag,
            "last_modified": self.last_modified, "taken": self.taken, "seen": list(self.seen),
            "tries": dict(self.tries),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Source:
        return cls(
            id=str(data["id"]), name=str(data["name"]), url=str(data.get("url") or ""),
            feed_url=str(data["feed_url"]), added_at=_moment(data.get("added_at")),
            last_ok=_moment(data.get("last_ok")), last_error=data.get("last_error"),
            failures=int(data.get("failures") or 0), next_try=_moment(data.get("next_try")),
            etag=data.get("etag"), last_modified=data.get("last_modified"),
            taken=int(data.get("taken") or 0), seen=tuple(data.get("seen") or ()),
            tries={str(k): int(n) for k, n in (data.get("tries") or {}).items()})

    def backing_off(self, now: dt.datetime) -> bool:
        return self.next_try is not None and self.next_try > now

    def failed(self, now: dt.datetime, error: str, failures: int) -> Source:
        """A read that failed (``failures`` in a row): tried again after the backoff."""
        return replace(self, failures=failures, last_error=error,
                       next_try=now + backoff(failures))

    def read(self, now: dt.datetime, feed: FeedRead) -> Source:
        """A read that succeeded: the backoff ends, the articles it added are counted."""
        return replace(self, last_ok=now, last_error=feed.page_error, failures=0, next_try=None,
                       etag=feed.etag, last_modified=feed.last_modified,
                       seen=self.seen if feed.seen is None else feed.seen,
                       tries=self.tries if feed.tries is None else feed.tries,
                       taken=self.taken + feed.taken)


def _moment(value: Any) -> dt.datetime | None:
    return dt.datetime.fromisoformat(value) if value else None


def _iso(moment: dt.datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()
