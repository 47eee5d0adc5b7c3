"""Settings for tests and benchmarks, by the short names Services reads them by
(``settings_of(tz=ALMATY, admins=frozenset({1}))``): each goes to its section."""

from __future__ import annotations

import dataclasses
from typing import Any

from bot.config import Settings

SECTIONS = {"tz": "schedule", "poll_minutes": "schedule", "admins": "telegram",
            "operator_chat": "telegram", "broadcast_chats": "telegram",
            "rate_per_second": "telegram", "paid_broadcast": "telegram",
            "public_url": "webhook", "allow_local": "fetching", "timeout": "fetching",
            "contact": "fetching"}


def settings_of(base: Settings | None = None, **values: Any) -> Settings:
    settings = base or Settings()
    for name, value in values.items():
        section = SECTIONS[name]
        settings = dataclasses.replace(settings, **{section: dataclasses.replace(
            getattr(settings, section), **{name: value})})
    return settings
