"""A third-party Bot API emulator for the live figures of ``bench.years``: tg-mock.

Issue 19 asks for the live bot's figures measured against a Bot API emulator that is not the
project's own fake. tg-mock (github.com/watzon/tg-mock, Go, MIT) answers ``/bot<token>/<method>``
for every method of the published Bot API spec, queues updates injected through its control API
(``POST /__control/tokens/<token>/updates``) for getUpdates, and records every request with its
arrival time (``GET /__control/requests``). Nothing of it is in this project: the bench runs the
binary named by ``BENCH_TG_MOCK`` (default ``tg-mock`` on the PATH).

What it does differently from Telegram, and what that does to the figures:

* getUpdates answers at once even with ``timeout`` (no long polling), so PTB, whose
  ``run_polling`` sends the next getUpdates as soon as one returns, polls in a busy loop (about
  1,000 requests a second here, most of a core). Lookups still take the path they take against
  Telegram, but the bot's CPU seconds include that loop and it competes for the 2 cores; the
  bot is not changed to suit this.
* getMe answers a made-up user unless told otherwise: a scenario (tg-mock's own documented
  control API, ``POST /__control/scenarios``) makes it answer the bot (``is_bot`` true), as the
  Bot API does.
* sendMessage answers a made-up message (another chat id); the bot does not read it back.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import re
import shutil
import socket
import subprocess
import time
from datetime import datetime
from pathlib import Path
from typing import Any

CHAT = 4242


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _epoch(stamp: str) -> float:
    """Seconds since the epoch of tg-mock's RFC 3339 time (nanoseconds: cut to microseconds,
    which ``fromisoformat`` takes)."""
    cut = re.sub(r"(\.\d{6})\d+", r"\1", stamp)
    return datetime.fromisoformat(cut).timestamp()


class TgMock:
    """tg-mock in a process of its own, with ``_Fake``'s interface: ``url``, ``ask``, ``close``.

    Times: tg-mock stamps a request's arrival with the wall clock (``time.Now()``), so the push
    is stamped with ``time.time()``, the same clock, just before the update is injected."""

    name = "tg-mock"

    def __init__(self, token: str, log: Path) -> None:
        binary = shutil.which(os.environ.get("BENCH_TG_MOCK", "tg-mock"))
        if binary is None:
            raise RuntimeError("tg-mock not found: set BENCH_TG_MOCK to its binary "
                               "(go build ./cmd/tg-mock in a checkout of watzon/tg-mock)")
        self.token = token
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._log = log.open("wb")
        self.process = subprocess.Popen([binary, "--port", str(self.port), "--faker-seed", "1"],
                                        stdout=self._log, stderr=subprocess.STDOUT)
        self._conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        self._message_id = 0
        deadline = time.monotonic() + 30
        while True:
            try:
                self._call("GET", "/__control/state")
                break
            except OSError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    raise RuntimeError("tg-mock did not start") from None
                self._conn.close()
                time.sleep(0.05)
        bot_id = int(token.split(":", 1)[0])
        self._call("POST", "/__control/scenarios", {
            "method": "getMe", "times": 0,
            "response_data": {"id": bot_id, "is_bot": True, "first_name": "Years bench",
                              "username": "years_bench_bot", "can_join_groups": True,
                              "can_read_all_group_messages": False,
                              "supports_inline_queries": False}})

    def _call(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        data = json.dumps(body).encode() if body is not None else None
        headers = {"Content-Type": "application/json"} if data is not None else {}
        self._conn.request(method, path, body=data, headers=headers)
        response = self._conn.getresponse()
        raw = response.read()
        if response.status >= 300:
            raise RuntimeError(f"tg-mock {method} {path}: {response.status} {raw[:200]!r}")
        return json.loads(raw) if raw else None

    def ask(self, text: str, timeout: float = 120.0) -> float:
        """Inject a user's message; seconds until the bot's first sendMessage arrives."""
        # Forget what was recorded: the busy getUpdates loop records ~1,000 requests a second,
        # and each look below scans them all.
        self._call("DELETE", "/__control/requests")
        self._message_id += 1
        # As the project's fake writes it (``make_message``): no language_code, so the bot
        # answers in its default language in both runs.
        user = {"id": CHAT, "is_bot": False, "first_name": "Bench", "username": "tester"}
        message: dict[str, Any] = {
            "message_id": self._message_id, "date": int(time.time()),
            "chat": {"id": CHAT, "type": "private", "first_name": "Bench"}, "from": user,
            "text": text}
        if text.startswith("/"):
            # Telegram marks a command with a bot_command entity, and PTB's CommandHandler goes
            # by it: without one "/bills" would be free text (a search). tg-mock queues the
            # update as given, so the bench writes it as Telegram would.
            message["entities"] = [{"type": "bot_command", "offset": 0,
                                    "length": len(text.split(" ", 1)[0])}]
        update = {"message": message}
        pushed = time.time()
        self._call("POST", f"/__control/tokens/{self.token}/updates", update)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            sent = self._call("GET", "/__control/requests?method=sendMessage&limit=1")
            if sent["requests"]:
                return _epoch(sent["requests"][0]["timestamp"]) - pushed
            time.sleep(0.002)
        raise RuntimeError(f"no answer to {text!r} within {timeout:.0f} s")

    def close(self) -> None:
        self._conn.close()
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        with contextlib.suppress(OSError):
            self._log.close()
