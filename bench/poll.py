"""Benchmark 5: one polling pass over news feeds on a local site.

20 RSS feeds of 50 items each (all new), every item an article page in the usual clutter
(``tests/newsroom.py``), served on 127.0.0.1: the first pass fetches each feed and each page,
reduces the pages to their articles (trafilatura), keeps those about the state and ingests
them; figures are articles per second, seconds for the pass, and the process's peak memory.
A second pass, with nothing new (the feeds answer 304), must take under a second.

Baseline, in the same run: the same articles ingested as plain text (``bot.ingest.ingest``,
no network, no HTML): what fetching and reading the pages adds on top.
"""

from __future__ import annotations

import datetime as dt
import html
import resource
import shutil
import time
from pathlib import Path

from bench.common import Section, Timer, say, table
from bench.gen import ArticleGenerator
from bot.core.models import Article
from bot.ingest import ingest
from bot.sources import list_sources, poll, record_source
from bot.web.fetch import Fetcher
from store.tiny import TinyStore
from tests.newsroom import Newsroom, Route, Story, article_page

NOW = dt.datetime(2026, 11, 30, 12, 0, tzinfo=dt.UTC)


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _feed(items: list[tuple[str, str, str]], title: str) -> bytes:
    entries = "\n".join(
        f"<item><title>{html.escape(t)}</title><link>{{base}}{path}</link>"
        f"<guid>{path}</guid><pubDate>{day}</pubDate></item>" for t, path, day in items)
    return (f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
            f"<title>{title}</title><link>{{base}}/</link>{entries}</channel></rss>").encode()


def _site(room: Newsroom, articles: list[Article], feeds: int, per_feed: int) -> None:
    for f in range(feeds):
        items = []
        for i in range(per_feed):
            article = articles[f * per_feed + i]
            path = f"/news/{f}/{i}"
            paragraphs = tuple(p for p in article.text.split("\n") if p.strip())
            date = article.date.iso() if article.date and article.date.day else "2024-03-14"
            story = Story(f"{f}-{i}", article.title or paragraphs[0][:60], date, paragraphs)
            room.routes[path] = Route(article_page(story, feed=f"/feed{f}.xml"))
            rfc = dt.date.fromisoformat(date).strftime("%a, %d %b %Y 10:00:00 GMT")
            items.append((story.title, path, rfc))
        room.routes[f"/feed{f}.xml"] = Route(_feed(items, f"Feed {f}"), "application/rss+xml",
                                             etag=f'"feed{f}-v1"')


def run(quick: bool, workdir: Path) -> Section:
    section = Section("poll")
    timer = Timer()
    feeds, per_feed = (5, 10) if quick else (20, 50)
    folder = workdir / "poll"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    articles = ArticleGenerator(seed=11).articles(feeds * per_feed)
    start_mb = _peak_mb()

    with Newsroom() as room, Fetcher(allow_local=True) as fetcher:
        _site(room, articles, feeds, per_feed)
        store = TinyStore(folder / "bot.json")
        for f in range(feeds):
            record_source(store, f"{room.url}/feed{f}.xml", f"{room.url}/feed{f}.xml",
                          f"Feed {f}", NOW + dt.timedelta(seconds=f))
        started = time.perf_counter()
        first = poll(store, fetcher, NOW)
        first_s = time.perf_counter() - started
        peak_mb = _peak_mb()
        started = time.perf_counter()
        second = poll(store, fetcher, NOW + dt.timedelta(minutes=15))
        second_s = time.perf_counter() - started
        requests = len(room.requests)
        taken = sum(s.taken for s in list_sources(store))
        store.close()

    base_store = TinyStore(folder / "baseline.json")
    started = time.perf_counter()
    baseline = ingest(base_store, articles, now=NOW)
    base_s = time.perf_counter() - started
    base_store.close()

    items = feeds * per_feed
    rate = items / first_s
    base_rate = len(baseline) / base_s
    section.figures.update({
        "feeds": feeds, "items": items, "first_pass_s": round(first_s, 2),
        "articles_per_s": round(rate, 1), "added": len(first.added), "taken": taken,
        "skipped_not_state": first.skipped, "errors": len(first.errors),
        "requests": requests, "peak_rss_mb": round(peak_mb, 1),
        "rss_before_mb": round(start_mb, 1), "nothing_new_pass_s": round(second_s, 3),
        "nothing_new_added": len(second.added),
        "baseline_text_ingest_s": round(base_s, 2),
        "baseline_articles_per_s": round(base_rate, 1),
    })
    say(table(f"Polling: {feeds} feeds x {per_feed} new items on 127.0.0.1",
              ("pass", "seconds", "articles/s", "added", "skipped", "errors", "peak RSS MB"),
              [("first (all new)", f"{first_s:.2f}", f"{rate:.0f}", str(len(first.added)),
                str(first.skipped), str(len(first.errors)), f"{peak_mb:.0f}"),
               ("second (nothing new, 304)", f"{second_s:.3f}", "", str(len(second.added)),
                "", str(len(second.errors)), ""),
               ("baseline: same articles as text", f"{base_s:.2f}", f"{base_rate:.0f}",
                str(sum(r.update is not None for r in baseline)), "", "", "")]))
    say(f"  Fetching and reading the pages: {first_s / base_s:.1f}x the plain-text ingest of "
        f"the same articles; {requests} HTTP requests (robots.txt, feeds, pages).")
    say()
    section.check("nothing-new pass", "< 1 s", f"{second_s:.3f} s", second_s < 1.0)
    section.check("first pass takes every item", f"{items} articles",
                  f"{len(first.added) + first.skipped}",
                  len(first.added) + first.skipped + first.unchanged == items)
    section.seconds = timer.elapsed
    return section
