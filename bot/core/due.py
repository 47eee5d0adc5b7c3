"""Chats by the next moment the scheduler has something to do for them.

Looking at every chat each minute costs in proportion to all chats (100,000 settings parsed every
tick, for the few hundred due). This index keeps each active chat under its next *wake* moment,
so a tick pops only the chats due now:

* a subscribed chat wakes at its next delivery moment of any day (digest days, and the other days
  for reminders), computed by ``schedule.next_delivery``;
* a chat that follows something wakes as soon as there is a change-log entry past its
  ``alert_seq`` (at once, or when its quiet hours end).

Keys are computed after the index's ``horizon`` (the last moment planned), and recomputed whenever
the chat changes or the change log grows (for followers). Pure.
"""

from __future__ import annotations

import datetime as dt
import heapq
from collections.abc import Iterable

from bot.core.chats import Chat
from bot.core.schedule import next_delivery, quiet_end


def wake_moment(chat: Chat | None, horizon: dt.datetime,
                last_seq: int) -> tuple[dt.datetime | None, bool]:
    """(When the chat next needs the scheduler after ``horizon``, or None; whether it follows
    anything it wants alerts for)."""
    if chat is None or not chat.active:
        return None, False
    settings = chat.settings
    moments = []
    if chat.subscribed:
        moments.append(next_delivery(settings, horizon))
    follower = bool(chat.follows) and "follow" in settings.kinds
    if follower and chat.alert_seq < last_seq:
        moments.append(quiet_end(settings, horizon))
    return (min(moments) if moments else None), follower


class DueIndex:
    """A heap of (wake moment, chat id); stale entries are skipped when popped."""

    def __init__(self, horizon: dt.datetime) -> None:
        self.horizon = horizon
        self.change_seq = 0  # the change log's last entry followers were keyed for
        self.cursor = 0  # the store's chat-change cursor this index has seen
        self.followers: set[int] = set()
        self._heap: list[tuple[float, int]] = []
        self._key: dict[int, float] = {}

    def __len__(self) -> int:
        return len(self._key)

    def update(self, chat_id: int, chat: Chat | None) -> None:
        """(Re)key a chat (None: it was deleted)."""
        moment, follower = wake_moment(chat, self.horizon, self.change_seq)
        if follower:
            self.followers.add(chat_id)
        else:
            self.followers.discard(chat_id)
        if moment is None:
            self._key.pop(chat_id, None)
            return
        key = moment.timestamp()
        if self._key.get(chat_id) != key:
            self._key[chat_id] = key
            heapq.heappush(self._heap, (key, chat_id))
        if len(self._heap) > 4 * len(self._key) + 1024:
            self._compact()

    def update_many(self, chats: Iterable[Chat]) -> None:
        for chat in chats:
            self.update(chat.id, chat)

    def pop_due(self, now: dt.datetime) -> list[int]:
        """Chats whose wake moment is at or before ``now``, soonest first (each once)."""
        limit = now.timestamp()
        due = []
        heap = self._heap
        while heap and heap[0][0] <= limit:
            key, chat_id = heapq.heappop(heap)
            if self._key.get(chat_id) == key:
                del self._key[chat_id]
                due.append(chat_id)
        return due

    def _compact(self) -> None:
        self._heap = [(key, chat_id) for chat_id, key in self._key.items()]
        heapq.heapify(self._heap)
