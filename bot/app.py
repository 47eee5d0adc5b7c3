"""The python-telegram-bot Application: built from a store and the settings, and run.

``build_application`` wires the Defaults (HTML, no link previews), the handlers, the rate
limiter, the error handler and the start-up work (command menu, scheduled jobs); ``run_bot`` is
``python -m bot run``.
"""

from __future__ import annotations

import asyncio
import html
import logging
import sys
import traceback
from dataclasses import replace
from typing import Any

from telegram import BotCommand, Update
from telegram.error import InvalidToken, NetworkError, TelegramError
from telegram.ext import Application, ApplicationBuilder
from telegram.request import BaseRequest

from bot import handlers
from bot.config import ConfigError, Settings
from bot.context import CONTEXT_TYPES, Context
from bot.database import open_database
from bot.delivery import CountingRateLimiter
from bot.i18n import DEFAULT_LANGUAGE, LANGUAGES, _, use
from bot.sending import DEFAULTS, thread_of
from bot.services import COMMANDS, Services
from bot.warm_start import prepare_knowledge
from store.base import Store
from store.files import StoreFileError

log = logging.getLogger("bot")

BotApp = Application[Any, Context, Any, Any, Services, Any]


class RedactToken(logging.Filter):
    """The token is in every Bot API URL; no log line may carry it."""

    def __init__(self, token: str) -> None:
        super().__init__()
        self.token = token

    def filter(self, record: logging.LogRecord) -> bool:
        if self.token:
            message = record.getMessage()
            if self.token in message:
                record.msg = message.replace(self.token, "<token>")
                record.args = ()
        return True


class DropStartupNetworkTrace(logging.Filter):
    """PTB logs a failed first ``getMe`` with a 40-line traceback before raising it; ``run_bot``
    catches that error and prints one line saying which address did not answer."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("Network Retry Loop (Bootstrap Initialize")


def setup_logging(token: str) -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # httpx logs every request URL at INFO, and the URL holds the token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    for handler in logging.getLogger().handlers:
        handler.addFilter(RedactToken(token))
        handler.addFilter(DropStartupNetworkTrace())


async def error_handler(update: object, context: Context) -> None:
    """Log the error and tell the operator chat, if one is configured; never show the token."""
    error = context.error
    token = context.bot.token
    if isinstance(error, StoreFileError):  # the file is named and what to do said: no traceback
        text = str(error)
    else:
        text = "".join(traceback.format_exception(error)) if error else "unknown error"
    text = text.replace(token, "<token>")
    # A damaged file stops the running bot (below), which then names it in one line.
    halting = isinstance(error, StoreFileError) and context.bot_data.stop is not None
    if not halting:
        log.error("while handling an update: %s", text)
    operator = context.bot_data.operator_chat
    told = False
    if operator is not None and not (isinstance(error, NetworkError) and not str(error)):
        summary = (f"⚠️ <b>Error</b> while handling an update:\n"
                   f"<pre>{html.escape(text[-3000:])}</pre>")
        try:
            await context.bot.send_message(operator, summary, link_preview_options=None)
            told = True
        except TelegramError:
            log.warning("could not tell the operator chat about the error")
    if isinstance(update, Update):
        await _apologise(update, context, told)
    if isinstance(error, StoreFileError):  # never serve without the file: stop, name it, exit 2
        context.bot_data.halt(error)


async def _apologise(update: Update, context: Context, told: bool) -> None:
    """The user who asked hears that it failed: silence would read as "nothing there"."""
    text = (_("Sorry, that failed on my side; the operator has been told.") if told else
            _("Sorry, that failed on my side; it has been logged for the operator."))
    try:
        if update.callback_query is not None:
            await update.callback_query.answer(text, show_alert=True)
        elif (chat := update.effective_chat) is not None and \
                (message := update.effective_message) is not None:
            if chat.type != "private" and not (message.text or "").startswith("/"):
                return  # group chatter that merely passed through: not a question to us
            await context.bot.send_message(chat.id, text, message_thread_id=thread_of(update),
                                           parse_mode=None, link_preview_options=None)
    except TelegramError:
        log.warning("could not apologise to the user for the error")


def menu(language: str) -> list[BotCommand]:
    """The command menu in ``language`` (operators' commands stay out of everyone's menu)."""
    with use(language):
        return [BotCommand(c.name, _(c.description)[:256]) for c in COMMANDS if not c.admin]


async def set_menus(app: BotApp) -> None:
    """One menu per language: Telegram shows a user the one for their ``language_code``, and
    the English one (no language_code) to everyone else."""
    await app.bot.set_my_commands(menu(DEFAULT_LANGUAGE))
    for language in LANGUAGES:
        if language != DEFAULT_LANGUAGE:
            await app.bot.set_my_commands(menu(language), language_code=language)


async def post_init(app: BotApp) -> None:
    """Start-up work: the knowledge read and indexed in the background (``bot.warm_start``);
    then what needs the Bot API: the command menus, then the scheduled jobs."""
    services = app.bot_data
    # A plain task: post_init runs before the Application does, and PTB would warn.
    task = asyncio.get_running_loop().create_task(prepare_knowledge(services),
                                                 name="prepare-knowledge")
    services.ticks.tasks.add(task)
    task.add_done_callback(services.ticks.tasks.discard)
    await set_menus(app)
    from bot import scheduler

    await scheduler.start(app)
    from bot import polling

    polling.start(app)


async def post_shutdown(app: BotApp) -> None:
    # Background work still going (reading the chats or the knowledge when a damaged file
    # stopped the bot early) ends here, not as a task destroyed while pending.
    pending = list(app.bot_data.ticks.tasks)
    for task in pending:
        task.cancel()
    await asyncio.gather(*pending, return_exceptions=True)
    app.bot_data.store.close()


def build_application(
    store: Store,
    token: str,
    *,
    api_url: str | None = None,
    request: BaseRequest | None = None,
    services: Services | None = None,
    rate_limit: float | None = 30.0,
    jobs: bool = True,
) -> BotApp:
    """The Application with every handler; ``request`` replaces HTTP (``reply``, ``console``)."""
    builder: ApplicationBuilder[Any, Any, Any, Any, Any, Any] = (
        Application.builder().token(token).context_types(CONTEXT_TYPES).defaults(DEFAULTS)
    )
    if api_url:
        builder = builder.base_url(f"{api_url}/bot").base_file_url(f"{api_url}/file/bot")
    if request is not None:
        builder = builder.request(request).get_updates_request(request)
    if rate_limit:
        builder = builder.rate_limiter(CountingRateLimiter(overall_max_rate=rate_limit,
                                                      group_max_rate=20, max_retries=3))
    # Without jobs (``reply``, ``console``) there is no JobQueue and no start-up work.
    builder = builder.post_init(post_init) if jobs else builder.job_queue(None)
    app: BotApp = builder.post_shutdown(post_shutdown).build()
    bot_data = app.bot_data
    if services is not None:
        for field_name in services.__dataclass_fields__:
            setattr(bot_data, field_name, getattr(services, field_name))
    bot_data.store = store
    handlers.register(app)
    app.add_error_handler(error_handler)
    return app


def run_bot(config: Settings, webhook: str | None = None, listen: str | None = None,
            port: int | None = None) -> int:
    """``python -m bot run``: long polling, or a webhook with ``--webhook URL`` (or
    ``BOT_WEBHOOK_URL``), until SIGINT or SIGTERM."""
    hook = None
    telegram = config.telegram
    try:
        url = webhook or config.webhook.url
        if url:
            from bot.webhook import plain_http_warning, webhook_config

            hook = webhook_config(url, config.webhook.secret, listen, port)
            if warning := plain_http_warning(url, config.telegram.api_url):
                print(warning, file=sys.stderr)
            # /calendar/<token>.ics is served on the webhook's origin
            config = replace(config, webhook=replace(config.webhook,
                                                     public_url=hook.public_base))
    except ConfigError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    try:
        store = open_database(config.storage.db)
        # Only the manifest is read here; the parts are read after polling starts, between
        # replies (``bot.warm_start``), and a damaged one stops the bot then.
        sizes = store.sizes()
    except StoreFileError as error:  # a damaged file: refuse to start rather than serve nothing
        print(f"error: {error}", file=sys.stderr)
        return 2
    setup_logging(telegram.token)
    if hook is not None:  # the secret is as private as the token
        for handler in logging.getLogger().handlers:
            handler.addFilter(RedactToken(hook.secret))
    services = Services(store=store, settings=config)
    app = build_application(store, telegram.token, api_url=telegram.api_url, services=services,
                            rate_limit=telegram.rate_per_second)
    log.info("starting: %d events, %d officials, %d bills", *sizes)
    try:
        if hook is not None:
            import asyncio

            from bot.webhook import serve

            async def serve_until_stopped() -> None:
                stop = asyncio.Event()
                app.bot_data.stop = stop.set
                await serve(app, hook, stop)

            asyncio.run(serve_until_stopped())
        else:
            app.bot_data.stop = app.stop_running
            app.run_polling(allowed_updates=Update.ALL_TYPES, drop_pending_updates=False)
    except InvalidToken:
        print("error: Telegram rejected TELEGRAM_BOT_TOKEN (InvalidToken): check it with "
              "@BotFather", file=sys.stderr)
        return 2
    except NetworkError as error:  # at start-up (getMe): nothing answers at that address
        where = telegram.api_url or "https://api.telegram.org"
        print(f"error: cannot reach the Bot API at {where}: {error}".replace(telegram.token,
                                                                             "<token>"),
              file=sys.stderr)
        return 2
    if app.bot_data.fatal is not None:  # a damaged chat file, found once the chats were read
        print(f"error: {app.bot_data.fatal}", file=sys.stderr)
        return 2
    return 0
