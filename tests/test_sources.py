"""News sources and polling against a made-up news site on 127.0.0.1 (``tests/newsroom.py``).

Every network call here goes to 127.0.0.1 and is bounded by a one-second total timeout.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from bot.core.relevance import names_state_body
from bot.database import open_database
from bot.sources import SourceError, add_source, list_sources, poll, read_page, remove_source
from bot.web.feeds import FeedError, discover_feeds, parse_feed
from bot.web.fetch import Fetcher, FetchError
from bot.web.pages import PageError
from bot.web.transport import public as _public
from store.tiny import TinyStore

from .command_line import cli_env, run_cli
from .newsroom import STORIES, Newsroom, Route, article_page, rss

NOW = dt.datetime(2024, 3, 14, 12, 0, tzinfo=dt.UTC)


@pytest.fixture
def fetcher() -> Iterator[Fetcher]:
    with Fetcher(contact="ops@example.org", allow_local=True, total_timeout=1.0) as client:
        yield client


def sh(*args: str, db: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return run_cli(*args, db=db, **{"BOT_ALLOW_LOCAL_SOURCES": "1", "BOT_FETCH_TIMEOUT": "1",
                                     "BOT_CONTACT": "ops@example.org", **env})


# ------------------------------------------------------------------ pages

def test_page_is_reduced_to_its_article(room: Newsroom, fetcher: Fetcher) -> None:
    article = read_page(fetcher, room.url + "/news/steppe")
    assert article.title == STORIES["steppe"].title
    assert article.date is not None and article.date.iso() == "2024-03-13"
    for paragraph in STORIES["steppe"].paragraphs:
        assert paragraph in article.text
    for clutter in ("Politics", "Share on", "Related news", "Snowfall", "newsletter",
                    "Subscribe", "All rights reserved", "Advertising", "gtag", "counter"):
        assert clutter not in article.text, clutter
    assert article.url == room.url + "/news/steppe"


def test_page_identity_is_its_canonical_link(room: Newsroom, fetcher: Fetcher) -> None:
    assert read_page(fetcher, room.url + "/mirror/geo").url == room.url + "/news/geothermal"
    # no date in the markup: the extractor reads the dateline later
    assert read_page(fetcher, room.url + "/news/orchards").date is None


@pytest.mark.parametrize(("path", "reason"), [
    ("/missing", "HTTP 404"), ("/broken", "HTTP 500"), ("/slow", "timed out"),
    ("/huge", "over 2 MB"), ("/logo.png", "not a web page"), ("/loop0", "redirects"),
    ("/private/memo", "robots.txt"),
])
def test_pages_that_cannot_be_read(room: Newsroom, fetcher: Fetcher, path: str,
                                   reason: str) -> None:
    with pytest.raises((FetchError, PageError), match=reason):
        read_page(fetcher, room.url + path)


def test_redirects_are_followed(room: Newsroom, fetcher: Fetcher) -> None:
    article = read_page(fetcher, room.url + "/old")
    assert article.title == STORIES["steppe"].title
    assert article.url == room.url + "/news/steppe"
    room.routes["/loop3"] = Route(b"", status=302, headers={"Location": "/news/steppe"})
    assert read_page(fetcher, room.url + "/loop0").url == room.url + "/news/steppe"  # 4 hops


def test_only_public_http_addresses(room: Newsroom) -> None:
    with Fetcher(total_timeout=1.0) as strict:
        with pytest.raises(FetchError, match="private or local"):
            strict.get(room.url + "/")
        with pytest.raises(FetchError, match="only http"):
            strict.get("file:///etc/passwd")
        port = room.url.rsplit(":", 1)[1]
        with pytest.raises(FetchError, match="private or local"):  # checked after resolving
            strict.get(f"http://localhost:{port}/")
    assert not any(_public(a) for a in ("10.1.2.3", "192.168.0.1", "169.254.169.254",
                                        "::1", "::ffff:127.0.0.1", "fd00::1", "0.0.0.0"))
    assert _public("93.184.216.34")


def test_user_agent_names_the_bot_and_contact(room: Newsroom, fetcher: Fetcher) -> None:
    fetcher.get(room.url + "/news/steppe")
    agent = room.requests[-1][1]["User-Agent"]
    assert "KZParliamentBot" in agent and "ops@example.org" in agent


# ------------------------------------------------------------------ feeds

def test_rss_atom_invalid_and_discovery(room: Newsroom, fetcher: Fetcher) -> None:
    feed = parse_feed(fetcher.get(room.url + "/rss.xml").body, room.url + "/rss.xml")
    assert [e.link for e in feed.entries] == [room.url + "/news/geothermal",
                                             room.url + "/news/volleyball"]
    atom = parse_feed(fetcher.get(room.url + "/atom.xml").body, room.url + "/atom.xml")
    assert atom.title == "Capital Courier" and len(atom.entries) == 2
    with pytest.raises(FeedError):
        parse_feed(fetcher.get(room.url + "/bad.xml").body, room.url + "/bad.xml")
    with pytest.raises(FeedError):
        parse_feed(fetcher.get(room.url + "/news/steppe").body, room.url + "/news/steppe")
    page = fetcher.get(room.url + "/").body.decode()
    assert discover_feeds(page, room.url + "/") == [room.url + "/rss.xml"]


def test_conditional_get(room: Newsroom, fetcher: Fetcher) -> None:
    first = fetcher.get(room.url + "/rss.xml")
    again = fetcher.get(room.url + "/rss.xml", etag=first.etag)
    assert first.etag == '"rss-v1"' and again.not_modified and again.body == b""
    assert room.requests[-1][1]["If-None-Match"] == '"rss-v1"'


# ------------------------------------------------------------------ sources and polling

def test_add_sources_checks_them(room: Newsroom, fetcher: Fetcher) -> None:
    store = TinyStore(None)
    found = add_source(store, fetcher, room.url + "/", None, NOW)  # the page's <link>
    assert found.feed_url == room.url + "/rss.xml"
    assert found.name == "Steppe Herald: all news"
    add_source(store, fetcher, room.url + "/atom.xml", "Courier", NOW + dt.timedelta(seconds=1))
    for bad in ("/news/steppe", "/bad.xml", "/missing", "/logo.png", "/slow"):
        with pytest.raises(SourceError):
            add_source(store, fetcher, room.url + bad, None, NOW)
    with pytest.raises(SourceError, match="already"):
        add_source(store, fetcher, room.url + "/rss.xml", "Other", NOW)
    with pytest.raises(SourceError, match="only http"):
        add_source(store, fetcher, "ftp://example.org/feed", None, NOW)
    assert [s.name for s in list_sources(store)] == ["Steppe Herald: all news", "Courier"]
    remove_source(store, "courier")
    remove_source(store, "1")
    assert list_sources(store) == []


def test_poll_takes_each_article_once_and_only_about_the_state(
        room: Newsroom, fetcher: Fetcher) -> None:
    store = TinyStore(None)
    add_source(store, fetcher, room.url + "/rss.xml", "Herald", NOW)
    add_source(store, fetcher, room.url + "/atom.xml", "Courier", NOW + dt.timedelta(seconds=1))
    report = poll(store, fetcher, NOW)
    titles = sorted(e.title for e in store.all_events())
    # geothermal is in both feeds (once through a mirror naming the original): one event
    assert titles == sorted([STORIES["geothermal"].title, STORIES["steppe"].title])
    assert report.skipped == 1 and report.errors == []  # the volleyball final
    assert {e.url for e in store.all_events()} == {room.url + "/news/geothermal",
                                                   room.url + "/news/steppe"}

    # Nothing new: the RSS feed answers 304, no page is fetched again.
    before = len(room.requests)
    report = poll(store, fetcher, NOW + dt.timedelta(minutes=15))
    assert report.added == [] and report.errors == []
    assert sorted(room.paths()[before:]) == ["/atom.xml", "/rss.xml"]
    assert room.requests[-1][1].get("If-None-Match") == '"rss-v1"' or \
        room.requests[-2][1].get("If-None-Match") == '"rss-v1"'

    # The feed is updated: one new story, and the steppe story republished at a new address
    # with a corrected time stamp (same words): only the new story is taken.
    steppe = STORIES["steppe"]
    corrected = replace(steppe, slug="steppe-2", paragraphs=(
        steppe.paragraphs[0].replace("11:20", "11:25"), *steppe.paragraphs[1:]))
    room.routes["/news/steppe-updated"] = Route(article_page(corrected))
    room.routes["/rss.xml"] = Route(rss([(STORIES["geothermal"], "/news/geothermal"),
                                         (STORIES["volleyball"], "/news/volleyball"),
                                         (STORIES["orchards"], "/news/orchards"),
                                         (corrected, "/news/steppe-updated")]),
                                    "application/rss+xml", etag='"rss-v2"')
    report = poll(store, fetcher, NOW + dt.timedelta(minutes=30))
    assert [r.article.title for r in report.added] == [STORIES["orchards"].title]
    assert report.unchanged >= 1
    assert len(store.all_events()) == 3
    orchards = next(e for e in store.all_events() if e.title == STORIES["orchards"].title)
    assert orchards.date is not None and orchards.date.iso() == "2024-03-14"  # from the dateline
    herald = next(s for s in list_sources(store) if s.name == "Herald")
    assert herald.taken == 2 and herald.last_error is None  # geothermal, orchards


def test_failing_source_backs_off(room: Newsroom, fetcher: Fetcher) -> None:
    store = TinyStore(None)
    add_source(store, fetcher, room.url + "/rss.xml", "Herald", NOW)
    room.routes["/rss.xml"] = Route(b"down", "text/plain", 500)
    report = poll(store, fetcher, NOW)
    assert report.errors == ["Herald: HTTP 500"]
    source = list_sources(store)[0]
    assert source.failures == 1 and source.next_try == NOW + dt.timedelta(minutes=5)
    before = len(room.requests)
    report = poll(store, fetcher, NOW + dt.timedelta(minutes=1))
    assert "backing off" in report.errors[0] and len(room.requests) == before
    poll(store, fetcher, NOW + dt.timedelta(minutes=6))
    assert list_sources(store)[0].failures == 2  # 10 minutes next time


def test_relevance() -> None:
    assert names_state_body("The Mazhilis adopted it.")
    assert names_state_body("regional akimats will report")
    assert not names_state_body("The student parliament of the school met; the club won.")
    assert not names_state_body(" ".join(STORIES["volleyball"].paragraphs))


# ------------------------------------------------------------------ command line

def test_cli_sources_poll_and_ingest_url(room: Newsroom, db: Path, tmp_path: Path) -> None:
    assert sh("sources", db=db).stdout.startswith("no sources yet")
    for bad in ("/missing", "/bad.xml", "/logo.png"):
        result = sh("sources", "add", room.url + bad, db=db)
        assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1, bad
    refused = sh("sources", "add", room.url + "/rss.xml", db=db, BOT_ALLOW_LOCAL_SOURCES="0")
    assert refused.returncode == 2 and "private or local" in refused.stderr
    assert sh("sources", "add", "file:///etc/hosts", db=db).returncode == 2
    assert sh("sources", db=db).stdout.startswith("no sources yet")  # nothing written

    # ingest URL first: the feed then knows the page
    ingested = sh("ingest", room.url + "/news/geothermal?utm_source=tg", db=db)
    assert ingested.returncode == 0 and ingested.stdout.startswith("added"), ingested.stderr
    assert sh("ingest", room.url + "/missing", db=db).returncode == 2

    assert sh("sources", "add", room.url + "/", "--name", "Herald", db=db).returncode == 0
    assert sh("sources", "add", room.url + "/atom.xml", db=db).returncode == 0
    room.routes["/broken.xml"] = Route(b"", "application/rss+xml", 200)
    polled = sh("poll", db=db)
    assert polled.returncode == 0
    lines = polled.stdout.strip().splitlines()
    assert [line.split()[0] for line in lines[:-1]] == ["added"]  # the steppe story
    assert "1 skipped: not about the state" in lines[-1]
    assert polled.stderr == ""
    listing = sh("sources", db=db).stdout
    assert "1. Herald" in listing and "2. Capital Courier" in listing
    assert "1 article taken" in listing

    room.routes["/atom.xml"] = Route(b"nope", "text/plain", 500)
    polled = sh("poll", db=db)
    assert polled.returncode == 0 and polled.stderr.strip() == "error: Capital Courier: HTTP 500"
    assert "backing off until" in sh("sources", db=db).stdout
    assert sh("sources", "remove", "Capital Courier", db=db).returncode == 0
    assert sh("sources", "remove", "nothing", db=db).returncode == 2

    exported = json.loads(sh("export", db=db).stdout)
    urls = [e.get("url") for e in exported["events"] if e.get("url")]
    assert sorted(urls) == [room.url + "/news/geothermal", room.url + "/news/steppe"]


def test_ingest_html_file_reads_the_article(db: Path, tmp_path: Path) -> None:
    page = tmp_path / "steppe.html"
    page.write_bytes(article_page(STORIES["steppe"]))
    result = sh("ingest", str(page), db=db)
    assert result.returncode == 0, result.stderr
    event = next(e for e in json.loads(sh("export", db=db).stdout)["events"]
                 if e["title"] == STORIES["steppe"].title)
    assert event["date"] == "2024-03-13"
    assert "<" not in event["summary"]
    assert open_database(db).all_events()  # the store opens fine afterwards


async def test_the_bots_pass_reports_in_data(room: Newsroom, seeded_db: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """The running bot's pass is a worker it reads as data (a ``PassReport`` in one JSON line),
    not the text of ``python -m bot poll``: what was added and what failed, counted from it."""
    from bot.poll_worker import PassReport
    from bot.polling import poll_pass
    from bot.services import Services

    for name, value in {"BOT_ALLOW_LOCAL_SOURCES": "1", "BOT_FETCH_TIMEOUT": "1",
                        "BOT_CONTACT": "ops@example.org"}.items():
        monkeypatch.setenv(name, value)
    assert sh("sources", "add", room.url + "/", "--name", "Herald", db=seeded_db).returncode == 0
    assert sh("sources", "add", room.url + "/atom.xml", db=seeded_db).returncode == 0
    room.routes["/atom.xml"] = Route(b"nope", "text/plain", 500)
    worker = subprocess.run([sys.executable, "-m", "bot.poll_worker", str(seeded_db)],
                            capture_output=True, text=True, timeout=120, env=cli_env(
                                BOT_ALLOW_LOCAL_SOURCES="1", BOT_FETCH_TIMEOUT="1"))
    assert worker.returncode == 0 and worker.stderr == "", worker.stderr
    [line] = worker.stdout.splitlines()
    report = PassReport.from_dict(json.loads(line))
    assert PassReport.from_dict(report.to_dict()) == report
    assert report.sources == 2 and [a.split()[0] for a in report.added] == ["added"]
    assert report.errors == ("Capital Courier: HTTP 500",) and report.skipped == 1
    # The bot's side: a second pass finds nothing new (the worker's count, not a line count).
    store = open_database(seeded_db)
    try:
        assert await poll_pass(Services(store=store)) == 0
    finally:
        store.close()


OLD_SOURCES = [
    # From before backoff: no failures, next try, validators or retries.
    {"id": "a1b2c3", "name": "Astana Courier", "url": "https://courier.example/news",
     "feed_url": "https://courier.example/rss", "added_at": "2024-01-05T08:00:00+06:00",
     "last_ok": "2024-01-06T08:00:00+06:00", "taken": 4, "seen": ["k1", "k2"]},
    # Backing off, with its validators, and no ``taken`` yet.
    {"id": "d4e5f6", "name": "Steppe Wire", "url": "https://wire.example/",
     "feed_url": "https://wire.example/atom.xml", "added_at": "2024-02-01T10:30:00+05:00",
     "failures": 3, "last_error": "HTTP 503", "next_try": "2024-03-14T13:00:00+00:00",
     "etag": '"v7"', "last_modified": "Wed, 13 Mar 2024 09:00:00 GMT",
     "tries": {"k9": 2}},
    # The fewest fields any release wrote.
    {"id": "0a0b0c", "name": "Mazhilis press", "feed_url": "https://press.example/feed"},
]


@pytest.mark.parametrize("old", OLD_SOURCES, ids=["before-backoff", "backing-off", "bare"])
def test_a_source_stored_by_an_older_bot_is_read_and_kept(tmp_path: Path,
                                                          old: dict[str, object]) -> None:
    """A source record of an older shape is read with defaults for what it lacks, listed and
    described, and a write keeps every field it had."""
    db = tmp_path / "bot.json"
    db.with_name("bot.state.json").write_text(json.dumps(
        {"chats": {}, "meta": {}, "sources": {"1": old}}))
    store = TinyStore(db)
    [source] = list_sources(store)
    assert (source.id, source.name, source.feed_url) == (old["id"], old["name"],
                                                        old["feed_url"])
    assert source.backing_off(NOW) == ("next_try" in old)
    assert source.taken == old.get("taken", 0) and source.failures == old.get("failures", 0)
    store.put_source(replace(source, name=f"{source.name} (renamed)"))
    store.close()
    reopened = TinyStore(db)
    stored = reopened.all_sources()[0].to_dict()
    reopened.close()
    assert stored["name"] == f"{old['name']} (renamed)"
    assert {k: v for k, v in old.items() if k != "name"}.items() <= stored.items()
