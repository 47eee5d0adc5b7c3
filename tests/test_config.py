"""Settings are read once, by sections (bot/config.py): a bad value is one line on stderr and
exit 2 for every command, before anything is opened or written; BOT_ADMINS has one rule."""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.config import DEFAULT_DB, ConfigError, read_settings

from .conftest import run_cli


@pytest.mark.parametrize(("name", "value", "says"), [
    ("BOT_ADMINS", "12, alice", "BOT_ADMINS: 'alice' is not a numeric Telegram id"),
    ("BOT_TIMEZONE", "Mars/Olympus", "BOT_TIMEZONE: unknown time zone 'Mars/Olympus'"),
    ("BOT_FETCH_TIMEOUT", "soon", "BOT_FETCH_TIMEOUT must be a number of seconds"),
    ("BOT_POLL_MINUTES", "nan", "BOT_POLL_MINUTES must be between 0 (off) and 10080"),
    ("BOT_RATE_PER_SECOND", "0", "BOT_RATE_PER_SECOND must be between 0 and 1000"),
])
def test_a_bad_setting_is_one_line_and_exit_2_for_any_command(
        tmp_path: Path, name: str, value: str, says: str) -> None:
    db = tmp_path / "bot.json"
    for command in (("export",), ("sources",), ("reply", "/start")):
        result = run_cli(*command, db=db, **{name: value})
        assert result.returncode == 2, (command, result.stderr)
        assert result.stderr.count("\n") == 1 and says in result.stderr, result.stderr
        assert "Traceback" not in result.stderr
    assert not db.exists()  # refused before the database was created


def test_settings_by_section_from_one_mapping() -> None:
    settings = read_settings({"BOT_ADMINS": "1, 2 3", "BOT_TIMEZONE": "Europe/Berlin",
                              "BOT_CONTACT": " ops@example.org ", "BOT_ALLOW_LOCAL_SOURCES": "yes",
                              "BOT_FETCH_TIMEOUT": "7", "BOT_POLL_MINUTES": "0",
                              "BOT_WEBHOOK_SECRET": "s3cret"})
    assert settings.telegram.admins == frozenset({1, 2, 3})
    assert settings.schedule.tz == ZoneInfo("Europe/Berlin")
    assert settings.schedule.poll_minutes == 0
    assert (settings.fetching.contact, settings.fetching.allow_local,
            settings.fetching.timeout) == ("ops@example.org", True, 7.0)
    assert settings.storage.db == DEFAULT_DB
    assert read_settings({"BOT_DB": "x.json"}, db="y.json").storage.db == Path("y.json")
    assert "s3cret" not in repr(settings)  # secrets stay out of logs and errors


def test_the_token_is_checked_only_where_it_is_needed() -> None:
    assert read_settings({}).telegram.token == ""
    with pytest.raises(ConfigError, match="TELEGRAM_BOT_TOKEN is not set"):
        read_settings({}, need_token=True)
    secret = "123:not-a-token-at-all"
    with pytest.raises(ConfigError) as refused:
        read_settings({"TELEGRAM_BOT_TOKEN": secret}, need_token=True)
    assert secret not in str(refused.value)
