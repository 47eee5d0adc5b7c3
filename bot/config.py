"""Settings from the environment (and a ``.env`` file), checked once at start.

A missing or malformed value stops the program with one clear line, never a traceback, and the
bot token never appears in any message.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dotenv import load_dotenv

from bot.core.errors import BotError
from bot.core.schedule import DEFAULT_TZ

DEFAULT_DB = Path("data/bot.json")
DEFAULT_TIMEZONE = DEFAULT_TZ  # the bot's zone unless BOT_TIMEZONE says otherwise
TOKEN_SHAPE = re.compile(r"^\d{3,20}:[A-Za-z0-9_-]{30,64}$")


class ConfigError(BotError):
    """A setting is missing or malformed; the message is safe to print."""


def load_environment() -> None:
    """Read ``.env`` from the working folder; real environment variables win."""
    load_dotenv(Path.cwd() / ".env", override=False)


@dataclass(frozen=True)
class TelegramSettings:
    token: str = field(default="", repr=False)  # TELEGRAM_BOT_TOKEN (needed by ``run`` only)
    api_url: str | None = None  # TELEGRAM_API_URL: another Bot API server
    admins: frozenset[int] = frozenset()  # BOT_ADMINS: the operators
    operator_chat: int | None = None  # BOT_OPERATOR_CHAT: told of problems
    broadcast_chats: tuple[int | str, ...] = ()  # BOT_BROADCAST_CHATS
    rate_per_second: float = 30.0  # BOT_RATE_PER_SECOND: the overall sending rate
    paid_broadcast: bool = False  # BOT_PAID_BROADCAST: send with allow_paid_broadcast


@dataclass(frozen=True)
class WebhookSettings:
    url: str | None = None  # BOT_WEBHOOK_URL (``--webhook`` wins)
    secret: str | None = field(default=None, repr=False)  # BOT_WEBHOOK_SECRET
    # BOT_PUBLIC_URL, or the webhook's origin: where /calendar/<token>.ics is reached; None:
    # /calendar sends the file only
    public_url: str | None = None


@dataclass(frozen=True)
class StorageSettings:
    db: Path = DEFAULT_DB  # ``--db``, else BOT_DB


@dataclass(frozen=True)
class FetchSettings:
    contact: str = ""  # BOT_CONTACT: named in the User-Agent
    allow_local: bool = False  # BOT_ALLOW_LOCAL_SOURCES: loopback and private addresses
    timeout: float | None = None  # BOT_FETCH_TIMEOUT in seconds; None: bot/web/fetch.py's


@dataclass(frozen=True)
class ScheduleSettings:
    tz: ZoneInfo = field(default_factory=lambda: ZoneInfo(DEFAULT_TIMEZONE))  # BOT_TIMEZONE
    poll_minutes: float = 0.0  # BOT_POLL_MINUTES (15 unless set; 0: never)


@dataclass(frozen=True)
class Settings:
    """Every setting, by section; read once (``read_settings``) and held by ``Services``."""
    telegram: TelegramSettings = field(default_factory=TelegramSettings)
    webhook: WebhookSettings = field(default_factory=WebhookSettings)
    storage: StorageSettings = field(default_factory=StorageSettings)
    fetching: FetchSettings = field(default_factory=FetchSettings)
    schedule: ScheduleSettings = field(default_factory=ScheduleSettings)


_YES = {"1", "true", "yes"}


def _flag(value: str) -> bool:
    return value.strip().lower() in _YES


def _int_list(name: str, raw: str) -> tuple[int, ...]:
    values = []
    for part in re.split(r"[,\s]+", raw.strip()):
        if not part:
            continue
        try:
            values.append(int(part))
        except ValueError:
            raise ConfigError(f"{name}: {part!r} is not a numeric Telegram id") from None
    return tuple(values)


def _chat_list(name: str, raw: str) -> tuple[int | str, ...]:
    values: list[int | str] = []
    for part in re.split(r"[,\s]+", raw.strip()):
        if not part:
            continue
        if re.fullmatch(r"-?\d+", part):
            values.append(int(part))
        elif re.fullmatch(r"@[A-Za-z0-9_]{4,32}", part):
            values.append(part)
        else:
            raise ConfigError(f"{name}: {part!r} is neither a chat id nor an @channel name")
    return tuple(values)


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(f"BOT_TIMEZONE: unknown time zone {name!r} (e.g. {DEFAULT_TIMEZONE})"
                          ) from None


def _number(raw: str, low: float, high: float, not_a_number: str, out_of_range: str,
            open_low: bool = False) -> float:
    try:
        value = float(raw)
    except ValueError:
        raise ConfigError(not_a_number) from None
    if not (low < value if open_low else low <= value) or not value <= high:  # also NaN
        raise ConfigError(out_of_range)
    return value


def _token(raw: str) -> str:
    token = raw.strip()
    if not token:
        raise ConfigError(
            "TELEGRAM_BOT_TOKEN is not set: get a token from @BotFather and set it "
            "in the environment or in .env"
        )
    if not TOKEN_SHAPE.match(token):
        raise ConfigError(
            "TELEGRAM_BOT_TOKEN is malformed: expected <digits>:<35 or so letters> "
            "as @BotFather gives it"
        )
    return token


def read_settings(environ: Mapping[str, str], db: str | None = None,
                  need_token: bool = False) -> Settings:
    """Every setting from ``environ`` (``os.environ`` after ``load_environment``), checked: a
    ``ConfigError`` in one line says what is wrong. ``db``: ``--db``, which wins over BOT_DB;
    ``need_token``: only ``run`` talks to Telegram."""
    def get(name: str) -> str:
        return environ.get(name, "").strip()

    api_url = get("TELEGRAM_API_URL").rstrip("/") or None
    if api_url and not re.match(r"^https?://[^\s/]+", api_url):
        raise ConfigError("TELEGRAM_API_URL must be an http(s) URL, e.g. http://127.0.0.1:8081")
    rate = _number(get("BOT_RATE_PER_SECOND") or "30", 0, 1000,
                   "BOT_RATE_PER_SECOND must be a number, e.g. 30",
                   "BOT_RATE_PER_SECOND must be between 0 and 1000", open_low=True)
    operator = _int_list("BOT_OPERATOR_CHAT", get("BOT_OPERATOR_CHAT"))
    public_url = get("BOT_PUBLIC_URL").rstrip("/") or None
    if public_url and not re.match(r"^https?://[^\s/]+$", public_url):
        raise ConfigError("BOT_PUBLIC_URL must be an http(s) origin, e.g. https://bot.example.org")
    timeout = None
    if get("BOT_FETCH_TIMEOUT"):
        timeout = max(0.1, _number(get("BOT_FETCH_TIMEOUT"), 0, 3600,
                                   "BOT_FETCH_TIMEOUT must be a number of seconds",
                                   "BOT_FETCH_TIMEOUT must be between 0 and 3600 seconds"))
    return Settings(
        telegram=TelegramSettings(
            token=_token(environ.get("TELEGRAM_BOT_TOKEN", "")) if need_token else "",
            api_url=api_url,
            admins=frozenset(_int_list("BOT_ADMINS", get("BOT_ADMINS"))),
            operator_chat=operator[0] if operator else None,
            broadcast_chats=_chat_list("BOT_BROADCAST_CHATS", get("BOT_BROADCAST_CHATS")),
            rate_per_second=rate,
            paid_broadcast=_flag(get("BOT_PAID_BROADCAST")),
        ),
        webhook=WebhookSettings(url=environ.get("BOT_WEBHOOK_URL") or None,
                                secret=environ.get("BOT_WEBHOOK_SECRET") or None,
                                public_url=public_url),
        storage=StorageSettings(db=Path(db or get("BOT_DB") or DEFAULT_DB)),
        fetching=FetchSettings(contact=get("BOT_CONTACT"),
                               allow_local=_flag(get("BOT_ALLOW_LOCAL_SOURCES")),
                               timeout=timeout),
        schedule=ScheduleSettings(
            tz=_zone(get("BOT_TIMEZONE") or DEFAULT_TIMEZONE),
            poll_minutes=_number(
                get("BOT_POLL_MINUTES") or "15", 0, 7 * 24 * 60,
                "BOT_POLL_MINUTES must be a number of minutes, e.g. 15 (0: off)",
                "BOT_POLL_MINUTES must be between 0 (off) and 10080 (a week)")),
    )


def settings_from_environment(db: str | None = None, need_token: bool = False) -> Settings:
    """``read_settings`` of this process's environment: the one place that reads it."""
    return read_settings(os.environ, db, need_token)
