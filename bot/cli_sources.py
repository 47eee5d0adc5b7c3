"""``python -m bot sources [add URL | remove URL|NAME]``, ``python -m bot poll`` and the web
pages of ``python -m bot ingest URL``: the command-line face of ``bot.sources``."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Sequence
from pathlib import Path

from bot.config import FetchSettings
from bot.core.articles import ArticleError
from bot.core.models import Article, PartialDate
from bot.database import open_database
from bot.ingest import IngestResult
from bot.sources import (
    SourceError,
    add_source,
    describe,
    list_sources,
    poll,
    read_page,
    remove_source,
)
from bot.web.fetch import Fetcher, FetchError
from bot.web.pages import PageError


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def read_pages(urls: Sequence[str], fetching: FetchSettings, source: str = "",
               date: PartialDate | None = None, title: str | None = None) -> list[Article]:
    """The articles of web pages, all read before anything is written (``ArticleError``)."""
    articles = []
    with Fetcher.from_settings(fetching) as fetcher:
        for url in urls:
            try:
                article = read_page(fetcher, url, source)
            except (FetchError, PageError) as error:
                message = str(error)
                raise ArticleError(message if message.startswith(url) else f"{url}: {message}"
                                   ) from None
            articles.append(Article(article.text, source or article.source,
                                    title or article.title, date or article.date, url,
                                    article.url))
    return articles


def sources_command(db: Path, fetching: FetchSettings, action: str | None, url: str | None,
                    name: str | None, ref: str | None) -> int:
    if action == "add":
        assert url is not None
        # The check fetches before the database is opened: a refused source writes nothing.
        with Fetcher.from_settings(fetching) as fetcher:
            store = open_database(db)
            try:
                source = add_source(store, fetcher, url, name, _now())
            except SourceError as error:
                print(f"error: {error}", file=sys.stderr)
                return 2
            finally:
                store.close()
        print(f"added      {source.name}: {source.feed_url}")
        return 0
    store = open_database(db)
    try:
        if action == "remove":
            assert ref is not None
            try:
                source = remove_source(store, ref)
            except SourceError as error:
                print(f"error: {error}", file=sys.stderr)
                return 2
            print(f"removed    {source.name}: {source.feed_url}")
            return 0
        sources = list_sources(store)
        if not sources:
            print("no sources yet: python -m bot sources add URL")
        now = _now()
        for number, source in enumerate(sources, 1):
            print(f"{number}. {describe(source, now)}")
        return 0
    finally:
        store.close()


def poll_command(db: Path, fetching: FetchSettings) -> int:
    """One pass: a line per new article on stdout, a line per failing source on stderr."""
    tty = sys.stderr.isatty()
    shown = False

    def progress(name: str, done: int, total: int) -> None:
        nonlocal shown
        if tty and total >= 10:  # a long first poll: a counter on the terminal, not in logs
            print(f"\r{name}: {done}/{total} pages", end="", file=sys.stderr, flush=True)
            shown = done < total

    def clear() -> None:
        nonlocal shown
        if shown:
            print("\r\033[K", end="", file=sys.stderr, flush=True)
            shown = False

    def on_result(result: IngestResult) -> None:
        if result.update is not None:
            clear()
            print(result.describe(), flush=True)

    def on_error(line: str) -> None:
        clear()
        print(f"error: {line}", file=sys.stderr, flush=True)

    store = open_database(db)
    try:
        with Fetcher.from_settings(fetching) as fetcher:
            report = poll(store, fetcher, _now(), on_result, progress, on_error)
    finally:
        store.close()
    clear()
    print(report.summary(), flush=True)
    return 0
