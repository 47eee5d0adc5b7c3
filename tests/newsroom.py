"""A made-up news site on 127.0.0.1 for the tests: article pages wrapped in the usual clutter
(navigation, share buttons, related news, a newsletter box, a footer, scripts), RSS 2.0 and Atom
feeds, a home page announcing its feed, and the failures real sites produce (404, 500, a hang, a
10 MB page, invalid XML, an image, redirects, robots.txt). Every text here was written for these
tests. ``Newsroom`` records each request (path and headers) and honours ETag / If-None-Match.
"""

from __future__ import annotations

import contextlib
import html
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Route:
    body: bytes
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    etag: str | None = None


@dataclass(frozen=True)
class Story:
    slug: str
    title: str
    date: str  # ISO day
    paragraphs: tuple[str, ...]


STORIES = {
    "geothermal": Story(
        "geothermal", "Mazhilis approves draft law on geothermal energy in first reading",
        "2024-03-12",
        ("ASTANA. The Mazhilis of the Parliament of Kazakhstan approved in the first reading the "
         "draft law On Geothermal Energy at its plenary session on Tuesday.",
         "The draft law sets out how licences for drilling hot-water wells are issued and how "
         "regional akimats will report on heat supplied to towns in the south of the country.",
         "Deputies asked the Ministry of Energy to publish a map of promising geothermal fields "
         "before the second reading, which is expected in April 2024.")),
    "steppe": Story(
        "steppe", "Senate returns the law on steppe fire prevention to the Mazhilis",
        "2024-03-13",
        ("ASTANA. Senators returned the law On Steppe Fire Prevention to the Mazhilis with "
         "amendments at a plenary session of the Senate on Wednesday at 11:20.",
         "The upper chamber proposed that district maslikhats approve local fire-break plans "
         "every spring, and that the Ministry of Emergency Situations train volunteer crews.",
         "The amended text will be considered by the Mazhilis within a month, the Senate's press "
         "service said after the session.")),
    "volleyball": Story(
        "volleyball", "Local club lifts the regional volleyball cup after a five-set final",
        "2024-03-12",
        ("KARAGANDA. The home side won the regional volleyball cup on Sunday evening after a "
         "tense five-set final in front of a full sports hall.",
         "The captain thanked the supporters who travelled from three neighbouring towns, and "
         "the coach said the squad would rest for a week before the spring league starts.",
         "Tickets for the opening league match go on sale next Friday at the hall's box "
         "office.")),
    "orchards": Story(
        "orchards", "Senate approves law on apple orchard subsidies",
        "2024-03-14",
        ("ASTANA. The Senate of the Parliament of Kazakhstan approved the law On Apple Orchard "
         "Subsidies at its plenary session on Thursday, 14 March 2024.",
         "The law lets regional akimats pay growers part of the cost of drip irrigation for "
         "new orchards in the Almaty and Zhetysu regions.",
         "The law now goes to the Head of State for signature.")),
}


def article_page(story: Story, canonical: str | None = None, dated: bool = True,
                 feed: str = "/rss.xml") -> bytes:
    """An article page with everything a news site puts around an article."""
    paragraphs = "\n".join(f"<p>{html.escape(p)}</p>" for p in story.paragraphs)
    meta = (f'<meta property="article:published_time" content="{story.date}T10:20:00+05:00">'
            if dated else "")
    link = f'<link rel="canonical" href="{canonical}">' if canonical else ""
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{html.escape(story.title)} | Steppe Herald</title>
<meta property="og:title" content="{html.escape(story.title)}">
{meta}
{link}
<link rel="alternate" type="application/rss+xml" title="Steppe Herald" href="{feed}">
<script>window.dataLayer = window.dataLayer || []; function gtag(){{dataLayer.push(arguments);}}</script>
<style>.share{{display:flex}}</style>
</head><body>
<header><a class="logo" href="/">Steppe Herald</a>
<nav><ul><li><a href="/politics">Politics</a></li><li><a href="/economy">Economy</a></li>
<li><a href="/sport">Sport</a></li><li><a href="/weather">Weather</a></li></ul></nav></header>
<main>
<div class="share-buttons"><a href="#fb">Share on Facebook</a> <a href="#tg">Share on Telegram</a>
<a href="#x">Post on X</a></div>
<article>
<h1>{html.escape(story.title)}</h1>
<div class="byline">By the Steppe Herald newsroom</div>
{paragraphs}
</article>
<section class="related"><h2>Related news</h2><ul>
<li><a href="/other/1">Snowfall expected in the north this weekend</a></li>
<li><a href="/other/2">Exchange rate holds steady on Monday</a></li>
<li><a href="/other/3">Three tips for a spring garden</a></li></ul></section>
<div class="newsletter"><h3>Get our newsletter</h3><form><input placeholder="Your e-mail">
<button>Subscribe to the morning briefing</button></form></div>
</main>
<footer><p>Steppe Herald is a made-up site for tests. All rights reserved.</p>
<p><a href="/about">About us</a> | <a href="/ads">Advertising</a> | <a href="/contact">Contacts</a></p>
</footer>
<script>console.log("counter"); var trackingPixel = "loaded";</script>
</body></html>""".encode()


def rss(items: list[tuple[Story, str]], title: str = "Steppe Herald: all news") -> bytes:
    """RSS 2.0; each item is (story, link path)."""
    entries = "\n".join(
        f"""<item><title>{html.escape(s.title)}</title><link>{{base}}{path}</link>
<guid isPermaLink="false">herald-{s.slug}</guid>
<pubDate>{formatdate(time.mktime(time.strptime(s.date, "%Y-%m-%d")) + 36000, usegmt=True)}</pubDate>
<description>{html.escape(s.paragraphs[0])}</description></item>""" for s, path in items)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>{title}</title><link>{{base}}/</link>
<description>News from the steppe</description>
{entries}
</channel></rss>""".encode()


def atom(items: list[tuple[Story, str]], title: str = "Capital Courier") -> bytes:
    entries = "\n".join(
        f"""<entry><title>{html.escape(s.title)}</title><link href="{{base}}{path}"/>
<id>urn:courier:{s.slug}</id><updated>{s.date}T12:00:00Z</updated>
<summary>{html.escape(s.paragraphs[0])}</summary></entry>""" for s, path in items)
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>{title}</title>
<id>urn:courier</id><updated>2024-03-14T12:00:00Z</updated>
{entries}
</feed>""".encode()


HOME = b"""<!DOCTYPE html><html><head><title>Steppe Herald</title>
<link rel="alternate" type="application/rss+xml" title="All news" href="/rss.xml">
</head><body><h1>Steppe Herald</h1><p>Front page.</p></body></html>"""


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_GET(self) -> None:
        room = self.server.room
        room.requests.append((self.path, dict(self.headers.items())))
        route = room.routes.get(self.path.split("?", 1)[0])
        if route is None:
            route = Route(b"not found", "text/plain", 404)
        if route.delay:
            time.sleep(route.delay)
        if route.etag and self.headers.get("If-None-Match") == route.etag:
            self.send_response(304)
            self.send_header("ETag", route.etag)
            self.end_headers()
            return
        body = route.body.replace(b"{base}", room.url.encode())
        self.send_response(route.status)
        self.send_header("Content-Type", route.content_type)
        self.send_header("Content-Length", str(len(body)))
        if route.etag:
            self.send_header("ETag", route.etag)
        for name, value in route.headers.items():
            self.send_header(name, value.replace("{base}", room.url))
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(body)

    def log_message(self, *_: Any) -> None:
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    room: Newsroom


class Newsroom:
    """The site: ``routes`` may be changed while it runs (an updated feed)."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.room = self
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        # A short poll interval: shutdown() waits for it (0.5 s by default, on every test).
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.02,),
                                        daemon=True)
        self.standard_site()

    def standard_site(self) -> None:
        s = STORIES
        self.routes.update({
            "/": Route(HOME),
            "/robots.txt": Route(b"User-agent: *\nDisallow: /private/\n", "text/plain"),
            "/news/geothermal": Route(article_page(s["geothermal"], canonical="{base}"
                                                   "/news/geothermal")),
            "/news/steppe": Route(article_page(s["steppe"])),
            "/news/volleyball": Route(article_page(s["volleyball"])),
            "/news/orchards": Route(article_page(s["orchards"], dated=False)),
            # the geothermal story again, on a mirror address that names the original
            "/mirror/geo": Route(article_page(s["geothermal"], canonical="{base}"
                                              "/news/geothermal")),
            "/rss.xml": Route(rss([(s["geothermal"], "/news/geothermal"),
                                   (s["volleyball"], "/news/volleyball")]),
                              "application/rss+xml", etag='"rss-v1"'),
            "/atom.xml": Route(atom([(s["steppe"], "/news/steppe"),
                                     (s["geothermal"], "/mirror/geo")]),
                               "application/atom+xml"),
            "/old": Route(b"", status=301, headers={"Location": "/news/steppe"}),
            "/missing": Route(b"gone", "text/plain", 404),
            "/broken": Route(b"oops", "text/plain", 500),
            "/slow": Route(b"<html><body>late</body></html>", delay=3.0),
            "/huge": Route(b"<html><body>" + b"<p>word </p>" * 1_000_000 + b"</body></html>"),
            "/bad.xml": Route(b"<?xml version='1.0'?><rss><channel><item><title>x</ite",
                              "application/rss+xml"),
            "/logo.png": Route(b"\x89PNG\r\n\x1a\n" + bytes(200), "image/png"),
            "/private/memo": Route(article_page(s["orchards"])),
        })
        for hop in range(8):  # /loop0 -> /loop1 -> ... -> /loop7 -> /news/steppe
            target = f"/loop{hop + 1}" if hop < 7 else "/news/steppe"
            self.routes[f"/loop{hop}"] = Route(b"", status=302, headers={"Location": target})

    def paths(self) -> list[str]:
        return [path for path, _headers in self.requests]

    def __enter__(self) -> Newsroom:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._server.shutdown()
        self._server.server_close()


def serve() -> Iterator[Newsroom]:
    with Newsroom() as room:
        yield room
