"""Webhook mode: ``python -m bot run --webhook URL [--listen HOST] [--port N]``.

One HTTP server (tornado, PTB's ``webhooks`` extra) on one port does three things:

* ``POST <URL's path>``: an update from Telegram. Telegram sends the secret given to setWebhook in
  ``X-Telegram-Bot-Api-Secret-Token``; a request without it, or with another, is answered 403 on
  its headers and the connection closed, its body never read (compared in constant time). A body
  is at most ``MAX_UPDATE_BYTES`` (Telegram's updates are kilobytes); headers must arrive within
  ``HEADER_TIMEOUT`` and a body within ``BODY_TIMEOUT``, so what a stranger sends or half-sends
  costs the bot nothing it keeps. Not JSON, or not an update: 400.
* ``GET /calendar/<token>.ics``: a chat's calendar as a feed calendar apps subscribe to (the
  unguessable token ``/calendar`` shows, revoked by ``/calendar reset``), with an ETag so an
  app's polling costs a 304.
* ``GET /healthz``: 200 while the bot runs (the container's health check).

PTB's own ``run_webhook`` serves only the update path, so this server does what it does (secret
check, ``Update.de_json``, the update queue) and adds the calendar; the Application, its
JobQueue and post_init/post_shutdown are the same as with long polling, and pending updates are
not dropped.

The access log names no calendar token (the path is logged with the token masked), and the
client address is the socket's: no ``X-Forwarded-For`` is believed (a stranger could write any).
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import json
import logging
import re
import secrets
import signal
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from telegram import Update
from tornado.httpserver import HTTPServer
from tornado.web import Application as WebApplication
from tornado.web import RequestHandler, stream_request_body

from bot.calendar import calendar_file
from bot.config import ConfigError
from bot.i18n import DEFAULT_LANGUAGE, use
from bot.services import Services

log = logging.getLogger("bot.webhook")

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
SECRET_SHAPE = re.compile(r"[A-Za-z0-9_-]{1,256}")  # what setWebhook accepts
MAX_UPDATE_BYTES = 1 << 20  # an update is a message with its entities: kilobytes, never a MB
HEADER_TIMEOUT = 20.0  # for a request's headers (and a kept-alive connection's idle time)
BODY_TIMEOUT = 20.0
access_log = logging.getLogger("tornado.access")


@dataclass(frozen=True)
class Webhook:
    url: str
    secret: str = field(repr=False)  # never printed or logged
    listen: str = "0.0.0.0"
    port: int = 8443

    @property
    def path(self) -> str:
        return urlsplit(self.url).path or "/"

    @property
    def public_base(self) -> str:
        """``https://host`` of the URL: where the calendar feeds are reached from outside."""
        parts = urlsplit(self.url)
        return f"{parts.scheme}://{parts.netloc}"


def webhook_config(url: str | None, secret: str | None, listen: str | None,
                   port: int | None) -> Webhook:
    """Checked settings; ``ConfigError`` with one line otherwise. No secret: a random one, new
    at every start (setWebhook is sent again at every start, so Telegram always has it)."""
    url = (url or "").strip()
    if not re.match(r"^https?://[^\s/]+(/\S*)?$", url):
        raise ConfigError("--webhook / BOT_WEBHOOK_URL must be an https URL, e.g. "
                          "https://bot.example.org/telegram")
    secret = (secret or "").strip() or secrets.token_urlsafe(32)
    if not SECRET_SHAPE.fullmatch(secret):
        raise ConfigError("BOT_WEBHOOK_SECRET: 1-256 characters of A-Z, a-z, 0-9, _ and -")
    if port is not None and not 0 < port < 65536:
        raise ConfigError("--port must be between 1 and 65535")
    return Webhook(url, secret, listen or "0.0.0.0", port or 8443)


def plain_http_warning(url: str, api_url: str | None) -> str | None:
    """Telegram posts updates only to https URLs (ports 443, 80, 88, 8443): an http:// webhook
    would never get one, so with Telegram it is refused (``ConfigError``); another Bot API
    server (``TELEGRAM_API_URL``, a local one or an emulator) may allow it: a warning then.
    The URL itself is not repeated: people put secrets in its path."""
    if not url.strip().lower().startswith("http://"):
        return None
    if not api_url:
        raise ConfigError("--webhook / BOT_WEBHOOK_URL is http://, and Telegram sends updates "
                          "only to https URLs: put TLS in front (a reverse proxy) and give "
                          "its https URL")
    return ("warning: the webhook URL is http://, not https: Telegram itself would refuse it; "
            "the Bot API server at TELEGRAM_API_URL must allow plain http")


def calendar_etag(data: bytes) -> str:
    """The feed's ETag: its content without DTSTAMP (the moment it was written), so an
    unchanged calendar keeps its tag between requests."""
    stable = re.sub(rb"DTSTAMP:[^\r\n]*\r?\n", b"", data)
    return '"' + hashlib.sha256(stable).hexdigest()[:32] + '"'


@stream_request_body
class UpdateHandler(RequestHandler):
    """Telegram's POSTs: the secret checked on the headers, before any of the body is read; the
    body (at most ``MAX_UPDATE_BYTES``, the server's cap) then queued as an update."""

    def initialize(self, app: Any, secret: str) -> None:
        self.app = app
        self.secret = secret
        self.body = bytearray()

    def log_exception(self, *args: Any) -> None:  # tornado would log the request, not secrets
        log.warning("webhook request failed: %s", args[1] if len(args) > 1 else "")

    def prepare(self) -> None:
        given = self.request.headers.get(SECRET_HEADER, "")
        if self.request.method == "POST" and not hmac.compare_digest(given.encode(),
                                                                     self.secret.encode()):
            self.set_status(403)
            self.finish("forbidden")  # tornado closes the connection: the body is never read

    def data_received(self, chunk: bytes) -> None:
        self.body += chunk

    async def post(self) -> None:
        try:
            data = json.loads(bytes(self.body))
            if not isinstance(data, dict):
                raise ValueError("not an object")
            update = Update.de_json(data, self.app.bot)
        except Exception:  # anything Telegram would never send: the sender's mistake, not ours
            self.set_status(400)
            self.finish("not an update")
            return
        await self.app.update_queue.put(update)
        self.set_status(200)
        self.finish()


class CalendarHandler(RequestHandler):
    """``/calendar/<token>.ics``: the chat's upcoming dates and anniversaries, conditional GET."""

    def initialize(self, services: Services) -> None:
        self.services = services

    def get(self, token: str) -> None:
        tokens = self.services.store.get_meta("calendar_tokens") or {}
        if token not in tokens:
            self.set_status(404)
            self.finish("no such calendar")
            return
        chat = self.services.store.get_chat(int(tokens[token]))
        language = chat.language if chat is not None else None
        with use(language or DEFAULT_LANGUAGE):  # the chat's, as its digests
            data, _count = calendar_file(self.services.store, self.services.today(),
                                         self.services.tz)
        etag = calendar_etag(data)
        self.set_header("ETag", etag)
        self.set_header("Cache-Control", "max-age=3600")
        if etag in [t.strip() for t in self.request.headers.get("If-None-Match", "").split(",")]:
            self.set_status(304)
            self.finish()
            return
        self.set_header("Content-Type", "text/calendar; charset=utf-8")
        self.finish(data)


class HealthHandler(RequestHandler):
    def get(self) -> None:
        self.finish("ok")


def log_request(handler: RequestHandler) -> None:
    """tornado's access log line, with a calendar's token masked: the token is the feed's only
    key, and logs are read by more people, and kept longer, than the chats it belongs to."""
    status = handler.get_status()
    path = re.sub(r"^/calendar/[^/]*", "/calendar/<token>", handler.request.path)
    level = logging.INFO if status < 400 else logging.WARNING if status < 500 else logging.ERROR
    access_log.log(level, "%d %s %s (%s) %.2fms", status, handler.request.method, path,
                   handler.request.remote_ip, 1000.0 * handler.request.request_time())


def web_application(app: Any, hook: Webhook) -> WebApplication:
    services: Services = app.bot_data
    return WebApplication(log_function=log_request, handlers=[
        (re.escape(hook.path.rstrip("/") or "/") + "/?", UpdateHandler,
         {"app": app, "secret": hook.secret}),
        (r"/calendar/([A-Za-z0-9_-]{16,64})\.ics", CalendarHandler, {"services": services}),
        (r"/healthz", HealthHandler),
    ])


async def serve(app: Any, hook: Webhook, stop: asyncio.Event | None = None) -> None:
    """Run the Application behind the web server until SIGINT/SIGTERM (or ``stop``)."""
    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):  # not the main thread
            loop.add_signal_handler(signum, stop.set)
    await app.initialize()
    if app.post_init is not None:
        await app.post_init(app)
    await app.bot.set_webhook(hook.url, secret_token=hook.secret,
                              allowed_updates=Update.ALL_TYPES, drop_pending_updates=False)
    server = HTTPServer(web_application(app, hook), xheaders=False,
                        max_body_size=MAX_UPDATE_BYTES, max_header_size=16 * 1024,
                        idle_connection_timeout=HEADER_TIMEOUT, body_timeout=BODY_TIMEOUT)
    server.listen(hook.port, hook.listen)
    await app.start()
    log.info("webhook mode: listening on %s:%d, updates at %s", hook.listen, hook.port,
             hook.path)
    try:
        await stop.wait()
    finally:
        server.stop()
        await app.stop()
        if app.post_stop is not None:
            await app.post_stop(app)
        await app.shutdown()
        if app.post_shutdown is not None:
            await app.post_shutdown(app)
