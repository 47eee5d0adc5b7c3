"""What the fake holds: chats, members, messages, files, updates, faults, and the one lock that
guards them all (the server thread and the test's threads both reach them)."""

from __future__ import annotations

import asyncio
import itertools
import threading
from collections import deque
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from aiohttp import web

from .protocol import LONG_POLL_CAP, TOKEN
from .wire import Request

if TYPE_CHECKING:
    from .faults import Fault


class FakeState:
    """The fake's state, shared by the layers built on it (recording, chats, faults, messages,
    files, inline and webhook, updates, the server)."""

    def __init__(
        self,
        token: str = TOKEN,
        *,
        port: int = 0,
        strict_chats: bool = False,
        latency: float = 0.0,
        long_poll_cap: float = LONG_POLL_CAP,
    ) -> None:
        self.token = token
        self.strict_chats = strict_chats
        #: Artificial per-request latency in seconds; may be changed at any time.
        self.latency = latency
        self.long_poll_cap = long_poll_cap
        self._requested_port = port
        self._port: int | None = None

        # One re-entrant lock guards all state; the condition wakes sync waiters.
        self._lock = threading.RLock()
        self._cond = threading.Condition(self._lock)

        self._requests: list[Request] = []
        self._generation = 0  # bumped by clear() so waiters restart their scan
        self._async_waiters: list[tuple[asyncio.AbstractEventLoop, asyncio.Event]] = []
        #: Exceptions raised inside the fake while handling requests (bugs or odd input).
        self.errors: list[BaseException] = []
        self._too_many_requests = 0

        self._updates: list[dict[str, Any]] = []
        self._next_update_id = 1
        self._allowed_updates: frozenset[str] | None = None
        self._poll_generation = 0
        self._polls_waiting = 0

        self._chats: dict[int, dict[str, Any]] = {}
        self._usernames: dict[str, int] = {}
        self._users: dict[int, dict[str, Any]] = {}
        self._members: dict[int, dict[int, str]] = {}
        self._messages: dict[tuple[int, int], dict[str, Any]] = {}
        self._last_message_id: dict[int, int] = {}
        self._files: dict[str, dict[str, Any]] = {}
        self._file_paths: dict[str, str] = {}
        self._commands: dict[str, list[dict[str, Any]]] = {}
        # Forum topics: (chat id, thread id) -> "open" | "closed" | "deleted" (set_topic).
        self._topics: dict[tuple[int, int], str] = {}
        self._webhook: dict[str, Any] = {}
        #: Every answerInlineQuery, as sent (results decoded).
        self.inline_answers: list[dict[str, Any]] = []
        self._ids = itertools.count(1)

        self._faults: list[Fault] = []
        self._rate_overall: float | None = None
        self._rate_group_minute: int | None = None
        self._rate_chat_second: float | None = None
        self._rate_window: deque[float] = deque()
        self._rate_chats: dict[int | str, deque[float]] = {}

        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._runner: web.AppRunner | None = None
        self._updates_event: asyncio.Event | None = None
        self._stopping = False
        self._startup_error: BaseException | None = None
        self._handlers = self._routes()

    def _routes(self) -> dict[str, Callable[[dict[str, Any]], Any]]:
        """The Bot API methods the fake answers (the server's table)."""
        return {}

    def _resolve_key(self, key: int | str | None) -> int | str | None:
        """Map "@username" to the chat id when known, so faults match either spelling."""
        if isinstance(key, str) and key.startswith("@"):
            return self._usernames.get(key[1:], key)
        return key
