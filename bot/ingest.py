"""Reading article files and writing what they say into the store.

Used by ``python -m bot ingest``, by the first start of a fresh database (the seeds), and by the
bot's ``/ingest`` command. Every input is checked before anything is written: one bad file in a
batch means nothing of the batch is written.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from bot.config import DEFAULT_TIMEZONE
from bot.core.articles import (
    MAX_ARTICLE_BYTES,
    MAX_PAGE_BYTES,
    ArticleError,
    check_article_bytes,
)
from bot.core.correction import plan_correction
from bot.core.extraction.identity import article_keys
from bot.core.extraction.roster import Roster
from bot.core.json_types import JsonObject
from bot.core.knowledge import KnowledgeUpdate, already_known, plan_ingest
from bot.core.models import Article, Bill, Event, Official, PartialDate
from bot.core.relevance import about_the_state
from bot.core.text import counted
from bot.database import SEEDS_DIR
from store.base import Store
from store.files import StoreFileError, read_regular_file

MANIFEST_NAME = "manifest.json"
# Articles planned per atomic write when many are ingested at once: each write re-serialises the
# knowledge file, so one write per article would make a large ingest quadratic.
CHUNK_SECONDS = 2.0
# ... and so would a write every 2 seconds once the file is large (each write takes longer as the
# file grows): a chunk also lasts at least this many times as long as the last write took, which
# keeps writing to a fixed share of the time whatever the size. At 8 that share was a ninth of a
# 10,000-article ingest, and the part of its growth that came from the file's size; at 24 it is
# a twenty-fifth (a chunk of a 34 MB base: about 10 s of planning, acknowledged when written).
CHUNK_PER_WRITE = 24.0


# Decides whether a new, planned article is stored: None keeps it, a reason skips it.
Filter = Callable[[Article, KnowledgeUpdate], str | None]
NOT_ABOUT_THE_STATE = "not about the state"


def is_about_the_state(article: Article, update: KnowledgeUpdate) -> bool:
    """Whether a planned article names a bill, an official in office or a state body: polling
    stores only those; an operator's ``ingest`` stores any, and says so of the others."""
    in_office = sum(1 for o in update.officials if o.id in update.event.officials and o.positions)
    return about_the_state(article.text, len(update.event.bills), in_office)


@dataclass(frozen=True)
class IngestResult:
    article: Article
    event_id: str
    update: KnowledgeUpdate | None  # None: the article was already known, or skipped
    skipped: str | None = None  # why a new article was not stored ("not about the state")

    def describe(self) -> str:
        name = self.article.name or "text"
        if self.skipped is not None:
            return f"skipped    {name}: {self.skipped}"
        if self.update is None:
            return f"unchanged  {name}: already known as event {self.event_id}"
        event = self.update.event
        date = event.date.iso() if event.date else "undated"
        parts = [
            counted(len(event.officials), "official"),
            counted(len(event.bills), "bill"),
            counted(len(event.mentions), "dated mention"),
        ]
        if self.update.new_officials:
            parts.append(f"new officials: {', '.join(self.update.new_officials)}")
        if self.update.changed_bills:
            parts.append(f"bills changed: {', '.join(self.update.changed_bills)}")
        return f"added      {name}: event {event.id} ({date}) “{event.title}”; " + "; ".join(parts)


def load_manifest(folder: Path) -> dict[str, JsonObject]:
    path = folder / MANIFEST_NAME
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ArticleError(f"{path}: unreadable manifest ({error})") from None
    articles = data.get("articles", {}) if isinstance(data, dict) else {}
    return articles if isinstance(articles, dict) else {}


def article_from_manifest(text: str, name: str, entry: JsonObject) -> Article:
    date = entry.get("date")
    return Article(
        text=text,
        name=name,
        title=entry.get("title") or None,
        source=entry.get("source", ""),
        date=PartialDate.from_iso(date) if date else None,
    )


def read_articles(
    paths: Sequence[Path],
    source: str = "",
    date: PartialDate | None = None,
    title: str | None = None,
    errors: list[str] | None = None,
) -> list[Article]:
    """Read files and folders of articles (checked, not yet ingested).

    A folder is read with its sub-folders; each folder's ``manifest.json`` supplies titles,
    sources and dates its articles' text lacks. With ``errors``, a bad file inside a folder is
    named there with its reason and the folder's good files are still read; files named one by
    one stay all or nothing (the first bad one raises ``ArticleError``).
    """
    files: list[tuple[Path, JsonObject, bool]] = []
    for path in paths:
        if path.is_dir():
            children = sorted(
                p for p in path.rglob("*")
                if (p.is_file() or p.is_symlink()) and p.name != MANIFEST_NAME
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
            children, outside = _inside(path, children)
            for link in outside:
                # A link in a folder may point anywhere (/etc/passwd, a .env with the bot's
                # token): its target would become a public event. Named, never followed.
                message = f"{link}: a link to a file outside {path}, not followed"
                if errors is None:
                    raise ArticleError(message)
                errors.append(message)
            if not children and not outside:
                raise ArticleError(f"{path}: no article files in this folder")
            manifests: dict[Path, dict[str, JsonObject]] = {}
            for child in children:
                if child.parent not in manifests:
                    try:
                        manifests[child.parent] = load_manifest(child.parent)
                    except ArticleError as error:
                        if errors is None:
                            raise
                        errors.append(str(error))
                        manifests[child.parent] = {}
                files.append((child, manifests[child.parent].get(child.name, {}), True))
        elif path.is_file():
            files.append((path, load_manifest(path.parent).get(path.name, {}), False))
        elif path.exists():
            raise ArticleError(f"{path}: not a regular file (a device, a pipe or a socket)")
        else:
            raise ArticleError(f"{path}: no such file or folder")
    articles = []
    for path, entry, in_folder in files:
        try:
            article = _read_one(path, entry)
        except ArticleError as error:
            if errors is None or not in_folder:
                raise
            errors.append(str(error))
            continue
        if source:
            article = Article(article.text, source, article.title, article.date, article.name,
                              article.url)
        if date or title:
            article = Article(article.text, article.source, title or article.title,
                              date or article.date, article.name, article.url)
        articles.append(article)
    return articles


def _inside(folder: Path, children: list[Path]) -> tuple[list[Path], list[Path]]:
    """The files of a folder whose real place is inside it, and the links that lead out."""
    root = folder.resolve()
    inside, outside = [], []
    for child in children:
        target = child.resolve()
        if target.is_relative_to(root) and target.is_file():
            inside.append(child)
        elif child.is_symlink():
            outside.append(child)
    return inside, outside


def _read_one(path: Path, entry: JsonObject) -> Article:
    """One article file, checked; ``ArticleError`` with a one-line reason otherwise."""
    try:
        # By its size before a byte is read (a sparse 2 GB file costs nothing), and never a
        # FIFO or a device, which would hang or never end.
        raw = read_regular_file(path, max(MAX_PAGE_BYTES, MAX_ARTICLE_BYTES), "an article")
    except StoreFileError as error:
        raise ArticleError(str(error).replace(f"{path} is", f"{path}:", 1)) from None
    except OSError as error:
        raise ArticleError(f"{path}: cannot read ({error.strerror})") from None
    if _is_html_file(path, raw):
        return _html_article(raw, path, entry)
    return article_from_manifest(check_article_bytes(raw, str(path)), str(path), entry)


def _is_html_file(path: Path, raw: bytes) -> bool:
    from bot.web.pages import is_page_name, looks_like_html

    return is_page_name(path.name) or looks_like_html(raw)


def _html_article(raw: bytes, path: Path, entry: JsonObject) -> Article:
    """A saved web page: its article, read as ``ingest URL`` reads a page (not its markup)."""
    from bot.web.pages import PageError, page_article

    if b"\x00" in raw:  # a file's bytes say what it is; a site's page has its NULs cleaned
        raise ArticleError(f"{path}: binary data, not a web page")
    try:
        article = page_article(raw, str(path))
    except PageError as error:
        raise ArticleError(str(error)) from None
    extra = article_from_manifest(article.text, str(path), entry)
    return Article(article.text, extra.source or article.source, extra.title or article.title,
                   extra.date or article.date, str(path), article.url)


def ingest_chunks(store: Store, articles: Iterable[Article],
                  now: dt.datetime | None = None, accept: Filter | None = None
                  ) -> Iterator[list[IngestResult]]:
    """Plan and write articles chunk by chunk; yield each chunk's results once it is on disk.

    A chunk is planned for ``CHUNK_SECONDS`` (or ``CHUNK_PER_WRITE`` times the last write's
    duration, if longer, so that writing stays a fixed share of the time as the file grows) and
    written in one atomic write. Planning runs without the write lock, on the store as last read;
    the lock is held only for the write, so a running bot waits at most one write, never a whole
    ingest. If another process wrote the knowledge meanwhile, the chunk is planned again under the
    lock, on the fresh data.
    """
    queue = list(articles)
    today = local_day(now)
    interval = CHUNK_SECONDS
    position = 0
    while position < len(queue):
        store.refresh()
        revision = store.knowledge_revision()  # parts read while planning do not move it
        results, updates, keys = _plan(store, queue[position:], interval, today, accept)
        chunk = [r.article for r in results]
        with store.writing():
            if store.knowledge_revision() != revision:
                results, updates, keys = _plan(store, chunk, None, today, accept)
            writing = time.monotonic()
            store.apply(updates, at=now, keys=keys)
            interval = max(CHUNK_SECONDS, CHUNK_PER_WRITE * (time.monotonic() - writing))
        position += len(chunk)
        yield results


def ingest(store: Store, articles: Iterable[Article],
           now: dt.datetime | None = None, accept: Filter | None = None) -> list[IngestResult]:
    """``ingest_chunks``, all at once."""
    return [result for chunk in ingest_chunks(store, articles, now, accept) for result in chunk]


def _plan(store: Store, articles: Sequence[Article], seconds: float | None, today: dt.date,
          accept: Filter | None = None
          ) -> tuple[list[IngestResult], list[KnowledgeUpdate], dict[str, str]]:
    """Plan articles in order (each sees the ones before it) until ``seconds`` have passed.

    An article known under any of its identities (its URL or canonical link, its content, the
    id older versions gave it) is not planned again: the same story through two feeds, through
    a feed and ``ingest URL``, or republished with a new time stamp is one event.
    """
    from bot.core.extract import extract  # its patterns compile here, not for every command
    roster = Roster(store.all_officials())
    view = _PendingView(store)
    results: list[IngestResult] = []
    updates: list[KnowledgeUpdate] = []
    keys: dict[str, str] = {}
    started = time.monotonic()
    for article in articles:
        identities = article_keys(article)
        known = next((e for e in map(view.event_for_key, identities) if e is not None), None)
        update = None
        if known is None and not already_known(article, view):
            update = plan_ingest(extract(article, roster), view, roster, today)
        skipped = accept(article, update) if update is not None and accept else None
        if update is not None and skipped is None:
            event_id = update.event.id
            updates.append(update)
            view.add(update, identities)
            keys.update((k, event_id) for k in identities)
            for official in update.officials:
                roster.add(official)
        else:
            event_id = known or identities[0]
            update = None
        results.append(IngestResult(article, event_id, update, skipped))
        if seconds is not None and time.monotonic() - started > seconds:
            break
    return results, updates, keys


class _PendingView:
    """The store as it will be once the pending (planned, unwritten) updates are written."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._events: dict[str, Event] = {}
        self._officials: dict[str, Official] = {}
        self._bills: dict[str, Bill] = {}
        self._keys: dict[str, str] = {}

    def add(self, update: KnowledgeUpdate, keys: Iterable[str] = ()) -> None:
        self._events[update.event.id] = update.event
        self._keys.update((k, update.event.id) for k in keys)
        self._officials.update({o.id: o for o in update.officials})
        self._bills.update({b.id: b for b in update.bills})

    def get_event(self, event_id: str) -> Any:
        return self._events.get(event_id) or self.store.get_event(event_id)

    def event_text(self, event: Event) -> str:
        return event.text if event.text is not None else self.store.event_text(event)

    def event_for_key(self, key: str) -> str | None:
        """The event (written or pending) known under this identity, if any."""
        if key in self._keys:
            return self._keys[key]
        if key in self._events:
            return key
        return self.store.event_for_key(key)

    def get_official(self, official_id: str) -> Any:
        return self._officials.get(official_id) or self.store.get_official(official_id)

    def get_bill(self, bill_id: str) -> Any:
        return self._bills.get(bill_id) or self.store.get_bill(bill_id)

    def all_officials(self) -> Any:
        merged = {o.id: o for o in self.store.all_officials()}
        merged.update(self._officials)
        return list(merged.values())


def correct(store: Store, event_id: str, date: PartialDate | None = None,
            title: str | None = None, source: str | None = None,
            now: dt.datetime | None = None) -> KnowledgeUpdate | None:
    """Correct a known article's date, title or source (``python -m bot ingest FILE --date ...``
    on an article already ingested): its facts are read again with them. None: nothing to do."""
    with store.writing():
        store.refresh()
        update = plan_correction(event_id, store, Roster(store.all_officials()), date, title,
                                 source, today=local_day(now))
        if update is not None:
            store.apply([update], at=now)
    return update


def seed_articles(folder: Path = SEEDS_DIR) -> list[Article]:
    """The seed articles, oldest first, so later articles can refer back to earlier ones."""
    articles = read_articles([folder])
    return sorted(articles, key=lambda a: (a.date.sort_key() if a.date else (0, 0, 0), a.name))


def export_knowledge(store: Store, today: dt.date) -> JsonObject:
    """The knowledge base in the shape CONTRACT.md fixes (plus a summary per event), each bill
    with its status on ``today``."""
    return {
        "events": [e.to_dict(with_text=False) for e in store.all_events()],
        "officials": [o.to_dict() for o in sorted(store.all_officials(), key=lambda o: o.id)],
        "bills": [b.exported(today) for b in sorted(store.all_bills(), key=lambda b: b.id)],
    }


def local_day(now: dt.datetime | None) -> dt.date:
    """The day it is at ``now`` (the caller's clock; None: the present) in the bot's zone."""
    return (now or dt.datetime.now(dt.UTC)).astimezone(ZoneInfo(DEFAULT_TIMEZONE)).date()
