"""Webhook mode: ``python -m bot run --webhook URL [--listen HOST] [--port N]``.

One HTTP server (tornado, PTB's ``webhooks`` extra) on one port does three things:

* ``POST <URL's path>``: an update from Telegram. Telegram sends the secret given to setWebhook in
  ``X-Telegram-Bot-Api-Secret-Token``; a request without it, or with another, is answered 403 and
  nothing of it is handled (compared in constant time).
* ``GET /calendar/<token>.ics``: a chat's calendar as a feed calendar apps subscribe to (the
  unguessable token ``/calendar`` shows, revoked by ``/calendar reset``), with an ETag so an
  app's polling costs a 304.
* ``GET /healthz``: 200 while the bot runs (the container's health check).

PTB's own ``run_webhook`` serves only the update path, so this server does what it does (secret
check, ``Update.de_json``, the update queue) and adds the calendar; the Application, its
JobQueue and post_init/post_shutdown are the same as with long polling, and pending updates are
not dropped.
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
from tornado.web import RequestHandler

from bot.calendar import calendar_file
from bot.config import ConfigError
from bot.i18n import DEFAULT_LANGUAGE, use
from bot.services import Services

log = logging.getLogger("bot.webhook")

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
SECRET_SHAPE = re.compile(r"[A-Za-z0-9_-]{1,256}")  # what setWebhook accepts


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


def calendar_etag(data: bytes) -> str:
    """The feed's ETag: its content without DTSTAMP (the moment it was written), so an
    unchanged calendar keeps its tag between requests."""
    stable = re.sub(rb"DTSTAMP:[^\r\n]*\r?\n", b"", data)
    return '"' + hashlib.sha256(stable).hexdigest()[:32] + '"'


class UpdateHandler(RequestHandler):
    """Telegram's POSTs: the secret checked first, then the update queued for the handlers."""

    def initialize(self, app: Any, secret: str) -> None:
        self.app = app
        self.secret = secret

    def log_exception(self, *args: Any) -> None:  # tornado would log the request, not secrets
        log.warning("webhook request failed: %s", args[1] if len(args) > 1 else "")

    async def post(self) -> None:
        given = self.request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode(), self.secret.encode()):
            self.set_status(403)
            self.finish("forbidden")
            return
        try:
            data = json.loads(self.request.body)
            update = Update.de_json(data, self.app.bot)
        except (ValueError, TypeError, KeyError):
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
        chat = self.services.store.get_chat(int(tokens[token])) or {}
        with use(str(chat.get("language") or DEFAULT_LANGUAGE)):  # the chat's, as its digests
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


def web_application(app: Any, hook: Webhook) -> WebApplication:
    services: Services = app.bot_data
    return WebApplication([
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
    server = HTTPServer(web_application(app, hook), xheaders=True)
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
