"""SIGKILL the running bot while it broadcasts, restart it each time, and check the outcome.

Used at two sizes, like ``tests/kill_drill.py``: the suite's (``tests/test_faults.py``: a few
kills among a hundred-odd chats, enough for kills before, during and after a send and a restart
that resumes the broadcast) and the benchmark's (``python -m bench --only faults``: more kills
among more chats). Every chat gets the message; a chat gets it twice only when a kill fell
between the send and the ledger's record of it (at most one such message per kill, the bot
sending one at a time: checked too, as it once had two ticks sending at once). After it
finished, one more restart sends nothing more, and the ledger and the broadcast's status say it
is done.
"""

from __future__ import annotations

import datetime as dt
import html
import itertools
import json
import random
import time
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from tests.command_line import ADMIN, TOKEN, BotProcess, say, wait_until
from tests.fakebotapi import FakeBotAPI, Request

LATENCY = 0.02  # the fake holds each answer this long: one message in flight shows as a gap


@dataclass(frozen=True)
class BroadcastDrillSize:
    kills: int
    private_chats: int
    groups: int
    # The first kill comes after this many messages: past the first run's first minute tick
    # (1 s after start), which then finds the broadcast going out too.
    first_kill_after: int
    time_limit: float  # for the chats to be reached after the last restart


@dataclass
class BroadcastDrillReport:
    chats: int = 0
    sent_before_kills: list[int] = field(default_factory=list)
    messages: int = 0
    duplicates: int = 0
    seconds: float = 0.0

    def summary(self, size: BroadcastDrillSize) -> str:
        return (f"{size.kills} kills (sent before each: {self.sent_before_kills}), {self.chats} "
                f"chats all reached, {self.messages} messages, {self.duplicates} duplicates; "
                f"{self.seconds:.0f} s")


def _meta(db: Path, key: str) -> Any:
    from store.tiny import TinyStore

    store = TinyStore(db)
    try:
        return store.get_meta(key)
    finally:
        store.close()


def _statuses(db: Path) -> list[str]:
    return [b["status"] for b in _meta(db, "broadcasts") or []]


def _subscribed_chats(db: Path, size: BroadcastDrillSize) -> list[int]:
    from bot.core.chats import new_chat
    from bot.database import open_database

    now = dt.datetime.now(dt.UTC)
    chats = ([100_000 + i for i in range(size.private_chats)]
             + [-(4_000_000 + i) for i in range(size.groups)])
    docs = []
    for chat_id in chats:
        doc = new_chat(chat_id, "private" if chat_id > 0 else "group", "", now, subscribed=True)
        # quiet hours would hold broadcasts back at night
        docs.append(doc.with_settings(replace(doc.settings, quiet=None)))
    store = open_database(db)
    store.put_chats(docs)
    store.close()
    return chats


def run_broadcast_drill(tmp: Path, size: BroadcastDrillSize, seed: int = 8
                        ) -> BroadcastDrillReport:
    """Run the drill in ``tmp``; raise AssertionError on a chat not reached, a duplicate too
    many, two messages in flight at once or a broadcast not marked done."""
    from store.tiny import TinyStore

    rng = random.Random(seed)
    started = time.monotonic()
    db = tmp / "data" / "bot.json"
    chats = _subscribed_chats(db, size)
    report = BroadcastDrillReport(chats=len(chats))
    text = "Fault drill <b>not bold</b> & co: the Senate meets at 10:00."
    expected = "📣 " + html.escape(text, quote=False)

    def broadcasts() -> list[Request]:
        return [r for r in fake.calls("sendMessage")
                if r.params.get("text") == expected and r.error is None]

    with FakeBotAPI(token=TOKEN) as fake:
        fake.latency = LATENCY
        bot = BotProcess(tmp, fake, db, rate=50)
        try:
            bot.start()
            preview = say(fake, f"/broadcast {text}", ADMIN)
            assert "Preview" in preview.params["text"], preview.params["text"]
            assert str(len(chats)) in preview.params["text"], preview.params["text"]
            markup = preview.params["reply_markup"]
            markup = json.loads(markup) if isinstance(markup, str) else markup
            confirm = markup["inline_keyboard"][0][0]["callback_data"]
            assert confirm.startswith("bc:y:")
            fake.push_update(fake.make_callback_query(confirm, chat_id=ADMIN, user_id=ADMIN,
                                                      message_id=preview.result["message_id"]))
            for kill in range(size.kills):
                target = (size.first_kill_after if kill == 0
                          else len(broadcasts()) + rng.randint(1, 20))
                fake.wait_for(lambda r: r.method == "sendMessage"
                              and r.params.get("text") == expected, count=target, timeout=60)
                time.sleep(rng.uniform(0, 0.05))  # anywhere in a send: before, during, after
                bot.kill()
                report.sent_before_kills.append(len(broadcasts()))
                bot.start()
            reached: set[int | str | None] = set()

            def first_to_its_chat(r: Request) -> bool:  # each request is looked at once
                if r.method != "sendMessage" or r.params.get("text") != expected or r.error:
                    return False
                new = r.chat_id not in reached
                reached.add(r.chat_id)
                return new

            try:
                fake.wait_for(first_to_its_chat, count=len(chats), timeout=size.time_limit)
            except TimeoutError:
                raise AssertionError(f"{len(set(chats) - reached)} chats never got the "
                                     f"broadcast\n{bot.log_tail()}") from None
            assert bot.running(), bot.log_tail()
            # The last send is settled and the broadcast marked done before the bot stops.
            wait_until(lambda: _statuses(db) == ["done"], 30, "the broadcast done")
            bot.stop()
            total = len(broadcasts())
            ticked = _meta(db, "last_tick")
            bot.start()  # finished: a restart resumes nothing
            wait_until(lambda: _meta(db, "last_tick") != ticked, 30,
                       "the restarted bot's first tick")
            assert len(broadcasts()) == total
        finally:
            bot.stop()
    delivered = broadcasts()
    per_chat = Counter(r.chat_id for r in delivered)
    report.messages = len(delivered)
    report.duplicates = sum(n - 1 for n in per_chat.values())
    assert set(per_chat) == set(chats)
    assert report.duplicates <= size.kills, per_chat.most_common(15)
    # One message in flight at a time (what bounds the doubt to one per kill): each request
    # arrives only after the answer to the one before, which the fake holds for its latency.
    gap = min(b.time - a.time for a, b in itertools.pairwise(delivered))
    assert gap >= LATENCY - 0.001, f"two broadcast messages in flight at once ({gap:.4f} s apart)"
    store = TinyStore(db)
    try:
        broadcast_id = confirm.split(":")[2]
        assert [b["status"] for b in store.get_meta("broadcasts")] == ["done"]
        assert {store.ledger_get(c, f"bc:{broadcast_id}") for c in chats} == {"sent"}
    finally:
        store.close()
    report.seconds = time.monotonic() - started
    return report
