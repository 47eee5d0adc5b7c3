"""The fake Bot API server (``tests/fakebotapi/``) in a process of its own, driven over pipes.

At hundreds of requests a second the server's own work (HTTP, parsing each message's HTML, the
429 bookkeeping) would compete with the bot for one interpreter; in its own process it has a core
of its own, as Telegram's servers would. ``python -m bench.fakeproc TOKEN`` prints one JSON line
``{"url": ...}``, then answers one JSON line per JSON command on stdin:

* ``{"op": "rate", "overall": 30, "groups": 20}``: answer 429 above these limits;
* ``{"op": "push", "text": "/bill water", "chat_id": 42}``: queue a message for getUpdates;
  answers ``{"update_id": .., "t": ..}`` (``t``: ``time.monotonic()`` when it was queued);
* ``{"op": "sends", "since": 0}``: sendMessage requests recorded since that index, as
  ``[time, chat_id, status, paid, text_head]`` (``time``: arrival, ``time.monotonic()``;
  ``text_chars``: how much of the text, default 30; ``limit``: at most that many);
* ``{"op": "polls"}``: arrival times of the getUpdates requests;
* ``{"op": "stats"}``: requests and 429 answers so far;
* ``{"op": "clear"}`` forgets the recorded requests; ``{"op": "quit"}`` stops.

``time.monotonic()`` is the system-wide CLOCK_MONOTONIC on Linux, so times from this process and
from the benchmark's compare directly.
"""

from __future__ import annotations

import json
import sys
import time
from typing import Any

from tests.fakebotapi import FakeBotAPI


def _answer(fake: FakeBotAPI, command: dict[str, Any]) -> dict[str, Any]:
    op = command.get("op")
    if op == "rate":
        fake.rate_limit(overall_per_second=command.get("overall"),
                        per_chat_per_minute_groups=command.get("groups"))
        return {"ok": True}
    if op == "push":
        update = fake.make_message(command["text"], chat_id=int(command["chat_id"]),
                                   user_id=int(command.get("user_id", command["chat_id"])))
        queued = time.monotonic()
        update_id = fake.push_update(update)
        return {"update_id": update_id, "t": queued}
    if op == "sends":
        since = int(command.get("since", 0))
        chars = int(command.get("text_chars", 30))
        requests = fake.requests
        sends = [[r.time, r.chat_id, r.status, bool(r.params.get("allow_paid_broadcast")),
                  str(r.params.get("text", ""))[:chars]]
                 for r in requests[since:] if r.method == "sendMessage"]
        if "limit" in command:
            sends = sends[:int(command["limit"])]
        return {"sends": sends, "next": len(requests)}
    if op == "polls":
        return {"polls": [r.time for r in fake.requests if r.method == "getUpdates"]}
    if op == "stats":
        requests = fake.requests
        methods: dict[str, int] = {}
        for r in requests:
            methods[r.method] = methods.get(r.method, 0) + 1
        return {"requests": len(requests), "too_many": fake.too_many_requests,
                "methods": methods, "errors": [repr(e) for e in fake.errors[:5]]}
    if op == "clear":
        fake.clear()
        return {"ok": True}
    return {"error": f"unknown op {op!r}"}


def main() -> int:
    token = sys.argv[1]
    with FakeBotAPI(token=token) as fake:
        print(json.dumps({"url": fake.url}), flush=True)
        for line in sys.stdin:
            if not line.strip():
                continue
            command = json.loads(line)
            if command.get("op") == "quit":
                print(json.dumps({"ok": True}), flush=True)
                break
            print(json.dumps(_answer(fake, command)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
