"""Hostile sources beside benign ones (issue 22): each source read within its own bounds, its
failure recorded and backed off, the others read; bounded work per source per pass; control
characters dropped from what sites send. On 127.0.0.1, each test a few seconds."""

from __future__ import annotations

import datetime as dt
import subprocess
import time
from pathlib import Path

import pytest

from bot import sources
from bot.core.source import Source
from bot.sources import SourceError, add_source, describe, poll, read_page, record_source
from bot.web.feeds import parse_feed
from bot.web.fetch import Fetcher
from store.tiny import TinyStore

from .command_line import PYTHON, ROOT, cli_env, run_cli
from .hostile import Hostile, Reply
from .newsroom import STORIES, Newsroom, article_page

NOW = dt.datetime(2024, 3, 14, 12, 0, tzinfo=dt.UTC)


def feed(links: list[str], title: str = "Hostile Herald") -> bytes:
    items = "".join(f"<item><title>Item {n}</title><link>{link}</link><guid>{link}</guid></item>"
                    for n, link in enumerate(links))
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>{title}</title>'
            f"<link>http://x/</link>{items}</channel></rss>").encode()


def sh(*args: str, db: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """The command line in this process (the pass killed below is a process of its own)."""
    return run_cli(*args, db=db, **{"BOT_ALLOW_LOCAL_SOURCES": "1", **env})


def test_a_hostile_source_does_not_stop_the_others(site: Hostile, room: Newsroom,
                                                   tmp_path: Path) -> None:
    """A feed of 300 pages that each drip their headers for 3 s, listed before a benign feed:
    the pass stays within the hostile source's bounds (ten fetch deadlines), reads the benign
    one, records the hostile pages' failures and says how much is left for the next pass."""
    db = tmp_path / "bot.json"
    pages = [f"/p/{n}" for n in range(300)]
    site.routes["/rss.xml"] = Reply(feed([site.url(p) for p in pages]),
                                    headers={"Content-Type": "application/rss+xml"})
    for path in pages:
        site.routes[path] = Reply(b"x", drip=0.05, drip_for=3.0)
    assert sh("sources", "add", site.url("/rss.xml"), db=db).returncode == 0
    assert sh("sources", "add", room.url + "/rss.xml", db=db).returncode == 0
    started = time.monotonic()
    result = sh("poll", db=db, BOT_FETCH_TIMEOUT="0.4")
    elapsed = time.monotonic() - started
    assert result.returncode == 0, result.stderr
    assert elapsed < 25, elapsed
    assert "added" in result.stdout  # the benign source's articles
    assert "left for the next pass" in result.stdout
    assert sum(site.hits[p] for p in pages) <= 15  # ten deadlines' worth of pages
    listed = sh("sources", db=db).stdout
    assert "Steppe Herald" in listed and "last ok never" not in listed.splitlines()[1]


def test_a_pass_killed_inside_a_source_leaves_it_backed_off(site: Hostile, room: Newsroom,
                                                            tmp_path: Path) -> None:
    """The bot kills a pass that runs too long (and the kernel kills one out of memory): the
    source it was reading is recorded as failed and backed off, so the next pass reads the
    others instead of dying on it again."""
    db = tmp_path / "bot.json"
    site.routes["/rss.xml"] = Reply(feed([site.url("/p/1")]),
                                    headers={"Content-Type": "application/rss+xml"})
    assert sh("sources", "add", site.url("/rss.xml"), db=db).returncode == 0
    assert sh("sources", "add", room.url + "/rss.xml", db=db).returncode == 0
    site.routes["/rss.xml"] = Reply(b"x", drip=0.2, drip_for=20.0)
    process = subprocess.Popen([PYTHON, "-m", "bot", "poll", "--db", str(db)], cwd=ROOT,
                               env=cli_env(BOT_ALLOW_LOCAL_SOURCES="1", BOT_FETCH_TIMEOUT="60"),
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 20
        while site.hits["/rss.xml"] < 2 and time.monotonic() < deadline:  # add's, then poll's
            time.sleep(0.05)
        time.sleep(0.3)
    finally:
        process.kill()
        process.wait()
    listed = sh("sources", db=db).stdout
    assert "a pass stopped while reading this source" in listed
    assert "backing off" in listed
    result = sh("poll", db=db, BOT_FETCH_TIMEOUT="2")
    assert "added" in result.stdout
    assert "Hostile Herald: backing off" in result.stderr


def test_a_huge_feed_is_read_in_bounded_passes_and_remembered(
        site: Hostile, monkeypatch: pytest.MonkeyPatch) -> None:
    """3,000 entries whose pages fail: a pass fetches at most MAX_PAGES (250 here) of the
    newest 500, and once each was given up it is remembered: a later pass fetches nothing."""
    monkeypatch.setattr(sources, "PAGE_TRIES", 1)
    monkeypatch.setattr(sources, "MAX_PAGES", 250, raising=False)
    links = [site.url(f"/gone/{n}") for n in range(3000)]
    site.routes["/rss.xml"] = Reply(feed(links), headers={"Content-Type": "application/rss+xml"})
    store = TinyStore(None)
    with Fetcher(allow_local=True, total_timeout=2.0, obey_robots=False) as fetcher:
        add_source(store, fetcher, site.url("/rss.xml"), None, NOW)
        counts = []
        for number in range(3):
            before = sum(site.hits.values())
            report = poll(store, fetcher, NOW + dt.timedelta(minutes=number))
            counts.append(sum(site.hits.values()) - before - 1)  # the feed itself
        assert max(counts) <= 250
        assert sum(counts) == 500 and counts[-1] == 0
        assert "left for the next pass" not in report.summary()


def test_a_page_announcing_thousands_of_feeds_costs_a_few_fetches(site: Hostile) -> None:
    links = "".join(f'<link rel="alternate" type="application/rss+xml" href="/f/{n}">'
                    for n in range(3000))
    site.routes["/"] = Reply(f"<html><head>{links}</head><body>hi</body></html>".encode())
    with Fetcher(allow_local=True, total_timeout=2.0, obey_robots=False) as fetcher, \
            pytest.raises(SourceError, match="links to no RSS"):
        add_source(TinyStore(None), fetcher, site.url("/"), None, NOW)
    assert sum(n for path, n in site.hits.items() if path.startswith("/f/")) <= 5


ESC_TITLE = "Senate\x1b]0;pwned\x07 adopts\x00 the \u202ecode\x1b[2J"


def test_control_characters_are_dropped_from_feeds_and_pages(site: Hostile) -> None:
    body = feed([site.url("/a")], title=ESC_TITLE)
    parsed = parse_feed(body, site.url("/rss.xml"))
    assert parsed.title == "Senate]0;pwned adopts the code[2J"
    assert all(ch.isprintable() for ch in parsed.entries[0].title)
    page = article_page(STORIES["orchards"]).replace(
        b"Senate approves law on apple orchard subsidies", ESC_TITLE.encode()).replace(
        b"The law now goes", "The law\x1b[31m now\x07 goes\u202e".encode())
    site.routes["/a"] = Reply(page)
    with Fetcher(allow_local=True, total_timeout=2.0, obey_robots=False) as fetcher:
        article = read_page(fetcher, site.url("/a"))
    assert article.title is not None
    for text in (article.title, article.text):
        assert not any(ch in text for ch in "\x1b\x07\x00\u202e"), text
    assert "The law[31m now goes" in article.text


def test_a_page_gets_the_limits_of_an_article_file(site: Hostile) -> None:
    line = " ".join(["word"] * 6000)  # 30,000 characters in one paragraph
    site.routes["/long"] = Reply(f"<html><body><article><p>{line}</p></article></body></html>"
                                 .encode())
    with Fetcher(allow_local=True, total_timeout=2.0, obey_robots=False) as fetcher, \
            pytest.raises(ValueError, match="a line of 29,999 characters"):
        read_page(fetcher, site.url("/long"))



def test_source_names_and_errors_are_printed_clean() -> None:
    store = TinyStore(None)
    source = record_source(store, "http://a.example/rss", "http://a.example/rss", ESC_TITLE, NOW)
    assert source.name == "Senate]0;pwned adopts the code[2J"
    old = Source.from_dict({**source.to_dict(), "name": "Old\x1b[2J name",
                            "last_error": "HTTP 500 \x07\u202e"})
    line = describe(old)
    assert not any(ch in line for ch in "\x1b\x07\u202e"), line
