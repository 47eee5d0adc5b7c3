"""Recording every request and waiting for the ones a test expects, from threads or coroutines."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .protocol import CANONICAL
from .state import FakeState
from .wire import Request, norm_chat_id


@dataclass
class _Waiter:
    """Incremental matching state of one wait_for call (avoids rescanning 10k requests)."""

    predicate: Callable[[Request], bool]
    after: int
    generation: int
    scanned: int = 0
    matches: list[Request] = field(default_factory=list)


class Recording(FakeState):
    """Every request recorded with its answer; waits that scan only what is new."""

    @property
    def requests(self) -> list[Request]:
        """A snapshot of every request recorded so far (since the last ``clear()``)."""
        with self._lock:
            return list(self._requests)

    @property
    def polls_waiting(self) -> int:
        """How many getUpdates requests the server is holding open right now."""
        with self._lock:
            return self._polls_waiting

    @property
    def too_many_requests(self) -> int:
        """How many 429 answers were given (rate limiting and ``retry_after`` faults)."""
        with self._lock:
            return self._too_many_requests

    def calls(self, method: str) -> list[Request]:
        """Recorded requests to ``method`` (case-insensitive), in arrival order."""
        name = CANONICAL.get(method.lower(), method)
        with self._lock:
            return [r for r in self._requests if r.method == name]

    def sent_messages(self, chat_id: int | str | None = None) -> list[dict[str, Any]]:
        """Params of successful sendMessage calls, optionally only those to ``chat_id``."""
        wanted = self._resolve_key(norm_chat_id(chat_id)) if chat_id is not None else None
        with self._lock:
            return [
                r.params
                for r in self._requests
                if r.method == "sendMessage"
                and r.ok
                and (wanted is None or self._resolve_key(r.chat_id) == wanted)
            ]

    def sent_texts(self, chat_id: int | str | None = None) -> list[str]:
        """Texts (as sent, before entity parsing) of successful sendMessage calls."""
        return [str(p.get("text", "")) for p in self.sent_messages(chat_id)]

    def clear(self) -> None:
        """Forget recorded requests, the 429 counter and recorded errors (not chats/faults)."""
        with self._lock:
            self._requests = []
            self._generation += 1
            self._too_many_requests = 0
            self.errors = []

    def _record(self, request: Request) -> None:
        with self._cond:
            self._requests.append(request)
            self._cond.notify_all()
            for loop, event in self._async_waiters:
                with contextlib.suppress(RuntimeError):  # the waiter's loop is gone
                    loop.call_soon_threadsafe(event.set)

    @staticmethod
    def _predicate(
        predicate_or_method: str | Callable[[Request], bool],
    ) -> Callable[[Request], bool]:
        if isinstance(predicate_or_method, str):
            name = CANONICAL.get(predicate_or_method.lower(), predicate_or_method)
            return lambda r: r.method == name
        return predicate_or_method

    def _scan(self, waiter: _Waiter) -> list[Request]:
        """Advance ``waiter`` over requests recorded since its last scan (lock held)."""
        if waiter.generation != self._generation:
            waiter.generation = self._generation
            waiter.after = 0
            waiter.scanned = 0
            waiter.matches = []
        start = max(waiter.scanned, waiter.after)
        for request in itertools.islice(self._requests, start, None):
            if waiter.predicate(request):
                waiter.matches.append(request)
        waiter.scanned = len(self._requests)
        return waiter.matches

    def wait_for(
        self,
        predicate_or_method: str | Callable[[Request], bool],
        count: int = 1,
        timeout: float = 5.0,
        *,
        after: int = 0,
    ) -> list[Request]:
        """Block until ``count`` recorded requests match; return all matches.

        ``predicate_or_method`` is a method name or a ``Request -> bool`` callable. Only
        requests at index ``>= after`` in ``requests`` count (pass ``len(fake.requests)``
        to wait for new ones). Raises ``TimeoutError`` after ``timeout`` seconds.
        Blocks the calling thread: from a coroutine whose loop also runs the bot, use
        ``async_wait_for`` instead.
        """
        waiter = _Waiter(self._predicate(predicate_or_method), after, self._generation)
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                matches = self._scan(waiter)
                if len(matches) >= count:
                    return list(matches)
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError(self._timeout_message(predicate_or_method, count, matches))
                self._cond.wait(remaining)

    async def async_wait_for(
        self,
        predicate_or_method: str | Callable[[Request], bool],
        count: int = 1,
        timeout: float = 5.0,
        *,
        after: int = 0,
    ) -> list[Request]:
        """Async ``wait_for``: awaits without blocking the caller's event loop."""
        loop = asyncio.get_running_loop()
        event = asyncio.Event()
        entry = (loop, event)
        waiter = _Waiter(self._predicate(predicate_or_method), after, self._generation)
        deadline = loop.time() + timeout
        with self._lock:
            self._async_waiters.append(entry)
        try:
            while True:
                # Clear before scanning: a request recorded after the scan sets it again.
                event.clear()
                with self._lock:
                    matches = list(self._scan(waiter))
                if len(matches) >= count:
                    return matches
                remaining = deadline - loop.time()
                if remaining <= 0:
                    raise TimeoutError(self._timeout_message(predicate_or_method, count, matches))
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(event.wait(), remaining)
        finally:
            with self._lock:
                self._async_waiters.remove(entry)

    def _timeout_message(self, what: object, count: int, matches: list[Request]) -> str:
        recent = ", ".join(f"{r.method}:{r.status}" for r in self._requests[-10:])
        return (
            f"FakeBotAPI: waited for {count} request(s) matching {what!r}, got "
            f"{len(matches)}; last requests: [{recent}]"
        )
