"""The TinyDB store: round trips, atomic files, the inter-process lock, kills mid-write."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import time
from dataclasses import replace
from pathlib import Path

from bot.core.chats import Chat
from bot.core.extract import Roster, extract
from bot.core.knowledge import KnowledgeUpdate, KnowledgeView, already_known, plan_ingest
from bot.core.models import Article, Event, PartialDate
from store.tiny import AtomicJSONStorage, TinyStore

from .command_line import PYTHON, ROOT

ARTICLE = Article(
    "Senate news\n\n3 April 2024, 11:05\n\nChairman of the Senate Maulen Ashimbayev said the "
    "Senate adopted the Water Code. An international forum is planned in May 2024.",
    source="Senate",
)


def plan(article: Article, view: KnowledgeView) -> KnowledgeUpdate | None:
    """What ``bot/ingest.py`` does for one article: extract, then merge (unless known)."""
    if already_known(article, view):
        return None
    roster = Roster(view.all_officials())
    return plan_ingest(extract(article, roster), view, roster, dt.date(2025, 6, 1))


def _with_its_text(store: TinyStore, event: Event | None) -> Event | None:
    return replace(event, text=store.event_text(event)) if event is not None else None


def test_knowledge_round_trip(store: TinyStore) -> None:
    update = plan(ARTICLE, store)
    assert update is not None
    store.apply([update])
    assert _with_its_text(store, store.get_event(update.event.id)) == update.event
    assert store.get_official("maulen-ashimbayev") is not None
    bill = store.get_bill("water-code")
    assert bill is not None and bill.status_on(dt.date(2025, 6, 1)) == "adopted_senate"
    assert plan(ARTICLE, store) is None  # the same article again: nothing to do
    if store.path is not None:
        reopened = TinyStore(store.path)
        held = reopened.get_event(update.event.id)
        assert held is not None and held.text is None  # read from the file: its text stays there
        assert _with_its_text(reopened, held) == update.event
        assert reopened.get_bill("water-code") == bill
        assert [o.to_dict() for o in reopened.all_officials()] == [
            o.to_dict() for o in store.all_officials()
        ]
        reopened.close()


def test_chats_and_ledger_round_trip(store: TinyStore) -> None:
    store.put_chat(Chat.from_dict({"id": -100123, "type": "supergroup", "active": True}))
    store.put_chat(Chat.from_dict({"id": 42, "type": "private", "active": True}))
    store.put_chat(Chat.from_dict({"id": 42, "type": "private", "active": False}))
    store.delete_chat(-100123)
    assert store.get_chat(42) == Chat.from_dict({"id": 42, "type": "private", "active": False})
    assert store.get_chat(-100123) is None
    assert store.ledger_claim(42, "digest:2024-04-03")
    assert not store.ledger_claim(42, "digest:2024-04-03")
    store.ledger_settle(42, "digest:2024-04-03", "sent")
    if store.path is not None:
        reopened = TinyStore(store.path)
        assert [c.id for c in reopened.all_chats()] == [42]
        assert reopened.ledger_get(42, "digest:2024-04-03") == "sent"
        reopened.close()


def test_atomic_storage_leaves_no_temp_files(tmp_path: Path) -> None:
    storage = AtomicJSONStorage(tmp_path / "x.json")
    storage.write({"t": {"1": {"a": 1}}})
    storage.write({"t": {"1": {"a": 2}}})
    assert storage.read() == {"t": {"1": {"a": 2}}}
    # the version replaced is kept as the last good copy (store/files.py), nothing else
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.json", "x.json.bak"]


def test_torn_ledger_line_is_skipped(tmp_path: Path) -> None:
    store = TinyStore(tmp_path / "bot.json")
    store.ledger_claim(1, "a")
    store.ledger_settle(1, "a", "sent")
    store.close()
    with open(tmp_path / "bot.ledger.jsonl", "ab") as handle:
        handle.write(b'[1, "b", "cla')  # a kill in the middle of an append
    reopened = TinyStore(tmp_path / "bot.json")
    assert reopened.ledger_get(1, "a") == "sent"
    assert reopened.ledger_get(1, "b") is None
    reopened.close()


def test_second_writer_sees_first_writers_data(tmp_path: Path) -> None:
    """Two store objects on one file (as the bot and a CLI ingest): neither loses the other's."""
    path = tmp_path / "bot.json"
    bot, cli = TinyStore(path), TinyStore(path)
    bot.put_chat(Chat.from_dict({"id": 1, "active": True}))
    cli.put_chat(Chat.from_dict({"id": 2, "active": True}))
    update = plan(ARTICLE, cli)
    assert update is not None
    cli.apply([update])
    bot.put_chat(Chat.from_dict({"id": 3, "active": True}))
    assert bot.get_event(update.event.id) is None  # not yet: the bot has not looked
    assert bot.refresh() is True  # the knowledge file changed on disk: read again
    assert bot.get_event(update.event.id) is not None
    assert bot.refresh() is False  # nothing new since
    assert sorted(c.id for c in TinyStore(path).all_chats()) == [1, 2, 3]


_WRITER = """
import sys
from bot.core.chats import Chat
from store.tiny import TinyStore
store = TinyStore(sys.argv[1], durable_ledger=True)
i = int(sys.argv[2])
while True:
    store.put_chat(Chat.from_dict({"id": i, "active": True, "title": "x" * 2000}))
    print(i, flush=True)
    i += 1
"""


def test_kill_during_writes_never_corrupts_or_loses_acknowledged(tmp_path: Path) -> None:
    """SIGKILL a writer at random moments: the file always loads, acknowledged writes are there."""
    path = tmp_path / "bot.json"
    acknowledged: set[int] = set()
    start = 1  # a chat id is never 0
    deadline = time.monotonic() + 60
    for attempt in range(25):
        if time.monotonic() > deadline:
            break
        proc = subprocess.Popen(
            [PYTHON, "-c", _WRITER, str(path), str(start)],
            stdout=subprocess.PIPE,
            text=True,
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        time.sleep(0.05 + (attempt % 7) * 0.03)
        proc.send_signal(signal.SIGKILL)
        out, _ = proc.communicate(timeout=10)
        acknowledged.update(int(line) for line in out.split())
        start = max(acknowledged, default=start) + 1000
        state = path.with_name("bot.state.json")
        if state.exists():
            json.loads(state.read_bytes())  # never torn
        store = TinyStore(path)
        ids = {c.id for c in store.all_chats()}
        store.close()
        assert acknowledged <= ids


def test_partial_dates_sort_and_contain() -> None:
    year = PartialDate(2024)
    assert year.start() <= PartialDate(2024, 4, 1).start() <= year.end()
    assert PartialDate(2024, 2).end().day == 29  # leap year
    assert PartialDate.from_iso("2024-04").iso() == "2024-04"


def test_ledger_outcomes_are_typed_and_written_as_the_same_words(tmp_path: Path) -> None:
    """Outcomes are an enum in the code and the same words in the file, so a ledger written
    before the enum reads as it did."""
    from bot.core.ledger import Outcome, broadcast_item, digest_item

    store = TinyStore(tmp_path / "bot.json")
    item = digest_item(PartialDate(2024, 3, 13).start())
    assert item == "digest:2024-03-13" and broadcast_item("b1") == "bc:b1"
    assert store.ledger_claim(1, item)
    store.ledger_settle(1, item, Outcome.TOPIC_GONE)
    store.close()
    lines = (tmp_path / "bot.ledger.jsonl").read_text().splitlines()
    assert [json.loads(line) for line in lines] == [[1, item, "claimed"], [1, item, "topic gone"]]
    reopened = TinyStore(tmp_path / "bot.json")
    assert reopened.ledger_get(1, item) == Outcome.TOPIC_GONE
    assert not reopened.ledger_claim(1, item)
    reopened.close()
