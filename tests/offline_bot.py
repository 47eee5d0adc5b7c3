"""The real handlers driven in-process through ``OfflineRequest`` (what ``reply`` uses)."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from bot.app import BotApp, build_application
from bot.offline import OFFLINE_TOKEN, OfflineRequest, callback_update, message_update
from bot.services import Services
from store.base import Store

from .configured import settings_of

ALMATY = ZoneInfo("Asia/Almaty")


class OfflineBot:
    def __init__(self, store: Store, now: dt.datetime, admins: frozenset[int] = frozenset()):
        self.request = OfflineRequest()
        services = Services(clock=lambda: now, settings=settings_of(tz=ALMATY, admins=admins))
        self.app: BotApp = build_application(store, OFFLINE_TOKEN, request=self.request,
                                             services=services, rate_limit=None, jobs=False)

    async def say(self, text: str, chat_id: int = 1000, user_id: int = 1000
                  ) -> list[tuple[str, dict[str, Any]]]:
        before = len(self.request.sent)
        await self.app.process_update(message_update(text, chat_id, user_id, self.app.bot))
        return self.request.sent[before:]

    async def press(self, data: str, chat_id: int = 1000, message_id: int = 1,
                    text: str = "x") -> list[tuple[str, dict[str, Any]]]:
        before = len(self.request.sent)
        await self.app.process_update(callback_update(data, chat_id, chat_id, message_id, text,
                                                      self.app.bot))
        return self.request.sent[before:]
