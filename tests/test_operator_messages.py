"""What the operator is told (issue 18): ``sources`` keeps the last error of a page that failed
(the feed answered, the page did not), a site that does not answer is named so (not as its
robots.txt), and an http:// webhook, which Telegram never posts to, is refused or warned of.
Network only on 127.0.0.1, each request bounded by a one-second timeout."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import TOKEN, run_cli
from .newsroom import STORIES, Newsroom, Route, rss


@pytest.fixture
def room() -> Iterator[Newsroom]:
    with Newsroom() as site:
        yield site


def sh(*args: str, db: Path, **env: str) -> tuple[int, str, str]:
    result = run_cli(*args, db=db, **{"BOT_ALLOW_LOCAL_SOURCES": "1", "BOT_FETCH_TIMEOUT": "1",
                                       **env})
    return result.returncode, result.stdout, result.stderr


def dead_port() -> int:
    """A port on 127.0.0.1 that nothing listens on (bound, then closed)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.mark.parametrize(("status", "said"), [(404, "HTTP 404"), (410, "HTTP 410"),
                                              (503, "HTTP 503")])
def test_sources_shows_the_last_error_of_a_page(room: Newsroom, db: Path, status: int,
                                                said: str) -> None:
    s = STORIES
    room.routes["/rss.xml"] = Route(rss([(s["steppe"], "/news/gone")]), "application/rss+xml")
    room.routes["/news/gone"] = Route(b"no such page", "text/plain", status)
    assert sh("sources", "add", room.url + "/rss.xml", "--name", "Herald", db=db)[0] == 0
    code, _out, err = sh("poll", db=db)
    assert code == 0 and said in err
    _code, listing, _err = sh("sources", db=db)
    assert f"last error: {room.url}/news/gone: {said}" in listing, listing
    # The next pass that reads every page clears it.
    room.routes["/news/gone"] = Route(room.routes["/news/steppe"].body)
    sh("poll", db=db)
    assert "last error" not in sh("sources", db=db)[1]


@pytest.mark.parametrize("command", [("sources", "add"), ("ingest",)])
def test_a_site_that_does_not_answer_is_named_so(db: Path, command: tuple[str, ...]) -> None:
    url = f"http://127.0.0.1:{dead_port()}/feed.xml"
    code, _out, err = sh(*command, url, db=db)
    assert code == 2 and len(err.strip().splitlines()) == 1
    assert "does not answer" in err and "robots.txt" not in err, err


def test_an_http_webhook_is_refused_for_telegram(db: Path) -> None:
    result = run_cli("run", "--webhook", "http://bot.example.org/hook", db=db,
                     TELEGRAM_BOT_TOKEN=TOKEN)
    assert result.returncode == 2
    assert "https" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert TOKEN not in result.stderr


def test_an_http_webhook_is_warned_of_with_another_bot_api(db: Path) -> None:
    """With TELEGRAM_API_URL (an emulator may allow http) it starts, with a warning first; here
    that server is not there, so the start then ends with one more line."""
    result = run_cli("run", "--webhook", "http://bot.example.org/hook", "--port",
                     str(dead_port()), db=db, TELEGRAM_BOT_TOKEN=TOKEN,
                     TELEGRAM_API_URL=f"http://127.0.0.1:{dead_port()}")
    assert result.stderr.startswith("warning: the webhook URL is http://, not https")
    assert "cannot reach the Bot API" in result.stderr and result.returncode == 2
    assert "bot.example.org/hook" not in result.stderr and TOKEN not in result.stderr


def test_ingest_says_an_article_is_not_about_the_state(room: Newsroom, db: Path,
                                                       tmp_path: Path) -> None:
    """The operator may add it (polling would skip it), but is told."""
    code, out, err = sh("ingest", room.url + "/news/volleyball", db=db)
    assert code == 0 and err == "" and out.startswith("added")
    assert "not about the state: it names no official in office, no bill and no state body" \
        in out
    story = tmp_path / "football.txt"
    story.write_text("Kairat win the derby\n\nALMATY. Kairat beat Ordabasy 2-1 in the league on "
                     "Saturday, with a late goal from their captain in front of a full stadium.")
    code, out, _err = sh("ingest", str(story), db=db)
    assert code == 0 and "not about the state" in out
    code, out, _err = sh("ingest", room.url + "/news/geothermal", db=db)
    assert code == 0 and out.startswith("added") and "not about the state" not in out
