"""Settings from the environment (and a ``.env`` file), checked once at start.

A missing or malformed value stops the program with one clear line, never a traceback, and the
bot token never appears in any message.
"""

from __future__ import annotations

import os
import re
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


def db_path(cli_value: str | None = None) -> Path:
    return Path(cli_value or os.environ.get("BOT_DB") or DEFAULT_DB)


def _int_list(name: str) -> tuple[int, ...]:
    raw = os.environ.get(name, "")
    values = []
    for part in re.split(r"[,\s]+", raw.strip()):
        if not part:
            continue
        try:
            values.append(int(part))
        except ValueError:
            raise ConfigError(f"{name}: {part!r} is not a numeric Telegram id") from None
    return tuple(values)


def _chat_list(name: str) -> tuple[int | str, ...]:
    values: list[int | str] = []
    for part in re.split(r"[,\s]+", os.environ.get(name, "").strip()):
        if not part:
            continue
        if re.fullmatch(r"-?\d+", part):
            values.append(int(part))
        elif re.fullmatch(r"@[A-Za-z0-9_]{4,32}", part):
            values.append(part)
        else:
            raise ConfigError(f"{name}: {part!r} is neither a chat id nor an @channel name")
    return tuple(values)


def timezone(name: str | None = None) -> ZoneInfo:
    name = name or os.environ.get("BOT_TIMEZONE") or DEFAULT_TIMEZONE
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(f"BOT_TIMEZONE: unknown time zone {name!r} (e.g. Asia/Almaty)") from None


@dataclass(frozen=True)
class Settings:
    token: str = field(repr=False)
    api_url: str | None
    db: Path
    tz: ZoneInfo
    admins: tuple[int, ...]
    operator_chat: int | None
    broadcast_chats: tuple[int | str, ...]
    rate_per_second: float
    paid_broadcast: bool
    poll_minutes: float = 15.0
    public_url: str | None = None  # BOT_PUBLIC_URL: where /calendar/<token>.ics is reached
    webhook_url: str | None = None  # BOT_WEBHOOK_URL (``--webhook`` wins)
    webhook_secret: str | None = field(default=None, repr=False)  # BOT_WEBHOOK_SECRET


def operators() -> frozenset[int]:
    """``BOT_ADMINS``, one rule for the bot and the offline tools (``reply``, ``console``)."""
    return frozenset(_int_list("BOT_ADMINS"))


def settings(db: str | None = None) -> Settings:
    """Everything ``python -m bot run`` needs, or a ``ConfigError`` saying what is wrong."""
    token = os.environ.get("TELEGRAM_BOT_TOKEN", "").strip()
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
    api_url = os.environ.get("TELEGRAM_API_URL", "").strip().rstrip("/") or None
    if api_url and not re.match(r"^https?://[^\s/]+", api_url):
        raise ConfigError("TELEGRAM_API_URL must be an http(s) URL, e.g. http://127.0.0.1:8081")
    operator = _int_list("BOT_OPERATOR_CHAT")
    try:
        rate = float(os.environ.get("BOT_RATE_PER_SECOND", "30"))
    except ValueError:
        raise ConfigError("BOT_RATE_PER_SECOND must be a number, e.g. 30") from None
    if not 0 < rate <= 1000:
        raise ConfigError("BOT_RATE_PER_SECOND must be between 0 and 1000")
    try:
        poll_minutes = float(os.environ.get("BOT_POLL_MINUTES", "15") or "15")
    except ValueError:
        raise ConfigError("BOT_POLL_MINUTES must be a number of minutes, e.g. 15 (0: off)"
                          ) from None
    if not 0 <= poll_minutes <= 7 * 24 * 60:
        raise ConfigError("BOT_POLL_MINUTES must be between 0 (off) and 10080 (a week)")
    public_url = os.environ.get("BOT_PUBLIC_URL", "").strip().rstrip("/") or None
    if public_url and not re.match(r"^https?://[^\s/]+$", public_url):
        raise ConfigError("BOT_PUBLIC_URL must be an http(s) origin, e.g. https://bot.example.org")
    return Settings(
        webhook_url=os.environ.get("BOT_WEBHOOK_URL") or None,
        webhook_secret=os.environ.get("BOT_WEBHOOK_SECRET") or None,
        public_url=public_url,
        poll_minutes=poll_minutes,
        token=token,
        api_url=api_url,
        db=db_path(db),
        tz=timezone(),
        admins=tuple(sorted(operators())),
        operator_chat=operator[0] if operator else None,
        broadcast_chats=_chat_list("BOT_BROADCAST_CHATS"),
        rate_per_second=rate,
        paid_broadcast=os.environ.get("BOT_PAID_BROADCAST", "").lower() in {"1", "true", "yes"},
    )
