"""Failures Telegram produces in production, injected on demand, and its flood control."""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from .chats import Chats
from .protocol import CANONICAL, FAULT_KINDS
from .wire import ApiError, chat_not_found, norm_chat_id


@dataclass
class Fault:
    method: str  # canonical method name, or "*" for any method
    kind: str
    chat_id: int | str | None
    remaining: int | None  # None: forever
    options: dict[str, Any] = field(default_factory=dict)


class Faults(Chats):
    """``fail()`` and ``rate_limit()``, and the answers they shape."""

    def fail(
        self,
        method: str,
        kind: str,
        chat_id: int | str | None = None,
        times: int | None = 1,
        **options: Any,
    ) -> None:
        """Make the next ``times`` calls (``None``: all) of ``method`` fail as ``kind``.

        ``method`` is a Bot API method name or ``"*"`` for any; ``chat_id`` restricts the
        fault to requests for that chat. Kinds and options:

        - ``retry_after`` (``retry_after=1``): 429 "Too Many Requests: retry after N".
        - ``forbidden`` (``description=...``): 403 "Forbidden: bot was blocked by the user".
        - ``migrate`` (``migrate_to_chat_id=...``, default ``-100<abs(chat_id)>``): 400
          "Bad Request: group chat was upgraded to a supergroup chat".
        - ``chat_not_found``: 400 "Bad Request: chat not found".
        - ``bad_entities`` (``description=...``): 400 "Bad Request: can't parse entities: ...".
        - ``server_error`` (``status=500`` or ``502``): 500 JSON error / 502 HTML page.
        - ``timeout`` (``delay=6.0``, ``process=True``): answer only after ``delay``
          seconds (PTB's default read timeout is 5 s); with ``process`` the request takes
          effect (the message is sent) although the client gave up, as happens for real.
        - ``drop`` (``process=False``): close the connection without answering.
        - ``error`` (``status=400``, ``description=...``, ``parameters=None``): any answer.
        """
        if kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault kind {kind!r}; expected one of {sorted(FAULT_KINDS)}")
        if times is not None and times < 1:
            raise ValueError("times must be >= 1 or None")
        name = "*" if method == "*" else CANONICAL.get(method.lower(), method)
        key = norm_chat_id(chat_id)
        if kind == "migrate" and "migrate_to_chat_id" not in options:
            if not isinstance(key, int):
                raise ValueError("migrate needs migrate_to_chat_id= or an integer chat_id")
            options["migrate_to_chat_id"] = int(f"-100{abs(key)}")
        with self._lock:
            self._faults.append(Fault(name, kind, key, times, options))

    def clear_faults(self) -> None:
        """Remove every pending fault."""
        with self._lock:
            self._faults.clear()

    def rate_limit(
        self,
        overall_per_second: float | None = None,
        per_chat_per_minute_groups: int | None = None,
        per_chat_per_second: float | None = None,
    ) -> None:
        """Answer 429 like Telegram's flood control for sending methods (send*, copy, forward).

        ``overall_per_second``: across all chats, in a sliding 1 s window (Telegram: ~30).
        ``per_chat_per_minute_groups``: per group/supergroup/channel (negative ids), in a
        sliding 60 s window (Telegram: 20). ``per_chat_per_second``: per chat of any type.
        ``None`` disables a limit; ``rate_limit()`` disables all. ``retry_after`` is the
        whole number of seconds until the window has room again (at least 1).
        """
        with self._lock:
            self._rate_overall = overall_per_second
            self._rate_group_minute = per_chat_per_minute_groups
            self._rate_chat_second = per_chat_per_second
            self._rate_window.clear()
            self._rate_chats.clear()

    def _take_fault(self, method: str, params: dict[str, Any]) -> Fault | None:
        if not self._faults:
            return None
        chat = self._resolve_key(norm_chat_id(params.get("chat_id")))
        for fault in self._faults:
            if fault.method not in ("*", method):
                continue
            if fault.chat_id is not None and self._resolve_key(fault.chat_id) != chat:
                continue
            if fault.remaining is not None:
                fault.remaining -= 1
                if fault.remaining <= 0:
                    self._faults.remove(fault)
            return fault
        return None

    def _check_rate(self, params: dict[str, Any], now: float) -> int | None:
        """Return retry_after if the send would exceed a limit, else count it (lock held)."""
        if (
            self._rate_overall is None
            and self._rate_group_minute is None
            and self._rate_chat_second is None
        ):
            return None
        window = self._rate_window
        while window and window[0] <= now - 1.0:
            window.popleft()
        chat = self._resolve_key(norm_chat_id(params.get("chat_id")))
        history = self._rate_chats.setdefault(chat if chat is not None else "", deque())
        while history and history[0] <= now - 60.0:
            history.popleft()
        waits: list[float] = []
        if self._rate_overall is not None and len(window) >= self._rate_overall:
            waits.append(window[0] + 1.0 - now)
        group_limit = self._rate_group_minute
        if group_limit is not None and self._is_group_chat(chat) and len(history) >= group_limit:
            waits.append(history[-group_limit] + 60.0 - now)
        if self._rate_chat_second is not None:
            recent = 0
            for sent_at in reversed(history):
                if sent_at <= now - 1.0:
                    break
                recent += 1
            if recent and recent >= self._rate_chat_second:
                # Room appears when the oldest send of the last second leaves the window.
                waits.append(history[-recent] + 1.0 - now)
        if waits:
            return max(1, math.ceil(max(waits)))
        window.append(now)
        history.append(now)
        return None

    @staticmethod
    def _fault_error(fault: Fault) -> ApiError:
        """The error answer of a fault kind that answers with JSON."""
        options = fault.options
        kind = fault.kind
        if kind == "retry_after":
            seconds = int(options.get("retry_after", 1))
            return ApiError(
                429, f"Too Many Requests: retry after {seconds}", {"retry_after": seconds}
            )
        if kind == "forbidden":
            return ApiError(
                403, options.get("description", "Forbidden: bot was blocked by the user")
            )
        if kind == "migrate":
            return ApiError(
                400,
                "Bad Request: group chat was upgraded to a supergroup chat",
                {"migrate_to_chat_id": int(options["migrate_to_chat_id"])},
            )
        if kind == "chat_not_found":
            return chat_not_found()
        if kind == "bad_entities":
            return ApiError(
                400,
                options.get(
                    "description",
                    'Bad Request: can\'t parse entities: Unsupported start tag "x" at byte '
                    "offset 0",
                ),
            )
        if kind == "server_error":
            return ApiError(
                int(options.get("status", 500)),
                options.get("description", "Internal Server Error"),
            )
        return ApiError(  # "error"
            int(options.get("status", 400)),
            options.get("description", "Bad Request: injected error"),
            options.get("parameters"),
        )
