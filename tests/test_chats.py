"""Chat state at scale: shard files, lazy reads, migration of old files, the due index, and
``python -m bot chats export / import``."""

from __future__ import annotations

import datetime as dt
import io
import json
import random
from dataclasses import replace
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.core.chats import Chat, new_chat, settings_from_dict
from bot.core.digest import Follow
from bot.core.due import DueIndex
from bot.core.schedule import ChatSettings, delivery_moment
from bot.scheduler import INDEX_STEP, plan_tick
from bot.tick_state import TickState
from store.chats import SHARDS
from store.tiny import TinyStore

from .command_line import run_cli

ALMATY = ZoneInfo("Asia/Almaty")
NOW = dt.datetime(2024, 3, 13, 7, 0, tzinfo=ALMATY)


def chats(count: int, first: int = 1, **fields: Any) -> list[Chat]:
    return [replace(new_chat(first + i, "private", "", NOW, subscribed=True), **fields)
            for i in range(count)]


def shard_files(db: Path) -> dict[Path, int]:
    return {p: p.stat().st_ino for p in db.with_name("bot.chats").glob("*/*.json")}


def test_a_chat_write_rewrites_one_small_file(tmp_path: Path, no_fsync: None) -> None:
    db = tmp_path / "bot.json"
    store = TinyStore(db)
    store.put_chats(chats(5_000))
    before = shard_files(db)
    assert len(before) == SHARDS
    chat = store.get_chat(77)
    assert chat is not None
    store.put_chat(replace(chat, subscribed=False))
    after = shard_files(db)
    assert [p for p in after if after[p] != before[p]] == [
        db.with_name("bot.chats") / f"{77 % SHARDS >> 4:02x}" / f"{77 % SHARDS:03x}.json"]
    assert max(p.stat().st_size for p in after) < 10_000  # ~5 chats a shard
    store.close()
    assert TinyStore(db).get_chat(77).subscribed is False  # type: ignore[union-attr]


def test_opening_reads_no_chat_until_one_is_asked_for(tmp_path: Path, no_fsync: None) -> None:
    db = tmp_path / "bot.json"
    store = TinyStore(db)
    store.put_chats(chats(1_100))
    store.close()
    reopened = TinyStore(db)
    assert not reopened._chats._shards  # nothing parsed at start-up
    assert reopened.get_chat(5) is not None
    assert len(reopened._chats._shards) == 1  # a reply reads its own chat's shard only
    while not reopened.load_chats(100):
        pass
    assert len(reopened.all_chats()) == 1_100
    reopened.close()


def test_old_state_file_migrates_on_open(tmp_path: Path) -> None:
    """A database from before the shards: chats in ``bot.state.json``'s ``chats`` table."""
    db = tmp_path / "bot.json"
    old = {str(i): chat.to_dict() for i, chat in enumerate(chats(300), 1)}
    state = {"chats": old, "meta": {"1": {"id": "last_tick", "value": NOW.isoformat()}},
             "sources": {}}
    db.with_name("bot.state.json").write_text(json.dumps(state))
    store = TinyStore(db)
    assert len(store.all_chats()) == 300 and store.get_meta("last_tick") == NOW.isoformat()
    assert json.loads(db.with_name("bot.state.json").read_text())["chats"] == {}
    store.close()
    # A crash after the shards were written but before the state file was: both hold chat 1,
    # the shard's copy (it may be newer) wins and nothing is lost.
    reopened = TinyStore(db)
    chat = reopened.get_chat(1)
    assert chat is not None
    reopened.put_chat(replace(chat, title="newer"))
    reopened.close()
    db.with_name("bot.state.json").write_text(json.dumps(state))
    again = TinyStore(db)
    assert again.get_chat(1).title == "newer"  # type: ignore[union-attr]
    assert len(again.all_chats()) == 300
    again.close()


def test_other_process_writes_are_seen_and_reported(tmp_path: Path) -> None:
    db = tmp_path / "bot.json"
    bot, cli = TinyStore(db), TinyStore(db)
    bot.put_chats(chats(100))
    cursor, _ = bot.chat_changes(0)
    assert bot.get_chat(7) is not None and cli.get_chat(7) is not None
    cli.put_chat(replace(chats(1, first=7)[0], title="from the CLI"))
    cli.put_chat(chats(1, first=5_000)[0])
    assert bot.refresh()
    assert bot.get_chat(7).title == "from the CLI"  # type: ignore[union-attr]
    assert bot.get_chat(5_000) is not None  # a shard read afterwards is read fresh
    _, changed = bot.chat_changes(cursor)
    assert changed is not None and 7 in changed
    # Writers build on each other's data, never on a stale copy of a shard.
    bot.put_chat(chats(1, first=7 + SHARDS)[0])
    assert cli.get_chat(7).title == "from the CLI"  # type: ignore[union-attr]
    assert TinyStore(db).get_chat(7).title == "from the CLI"  # type: ignore[union-attr]


def test_batch_writes_at_the_end_and_a_failed_batch_writes_nothing(store: TinyStore) -> None:
    store.put_chats(chats(2))
    with store.state_batch():
        store.delete_chat(1)
        store.put_chat(chats(1, first=99)[0])
        assert store.get_chat(1) is None and store.get_chat(99) is not None
    assert store.get_chat(1) is None and store.get_chat(99) is not None
    with pytest.raises(RuntimeError), store.state_batch():
        store.delete_chat(2)
        raise RuntimeError
    assert store.get_chat(2) is not None


# --------------------------------------------------------------------------- the due index

def random_chat(rng: random.Random, chat_id: int) -> Chat:
    chat = new_chat(chat_id, "private", "", NOW - dt.timedelta(days=3), subscribed=True)
    settings = {
        **chat.settings.to_dict(),
        "time": f"{rng.randrange(24):02d}:{rng.choice((0, 15, 30, 45)):02d}",
        "tz": rng.choice(("Asia/Almaty", "Europe/Berlin", "America/New_York", "Asia/Kolkata")),
        "frequency": rng.choice(("daily", "weekly")), "weekday": rng.randrange(7),
        "quiet": rng.choice((None, ["22:00", "08:00"], ["12:00", "13:00"]))}
    return replace(chat, settings=settings_from_dict(settings),
                   subscribed=rng.random() < 0.9, active=rng.random() < 0.95)


def delivers_in(chat: Chat, start: dt.datetime, end: dt.datetime) -> bool:
    """Brute force: a delivery moment of some day in (start, end]."""
    settings = chat.settings
    day = start.astimezone(settings.zone).date() - dt.timedelta(days=2)
    while day <= end.astimezone(settings.zone).date() + dt.timedelta(days=1):
        if start < delivery_moment(settings, day) <= end:
            return True
        day += dt.timedelta(days=1)
    return False


def test_due_index_pops_exactly_the_chats_with_a_moment_in_the_window() -> None:
    """Across two days (a clock change in Berlin and New York included: 2024-03-10/31)."""
    rng = random.Random(12)
    docs = {i: random_chat(rng, i) for i in range(1, 600)}
    start = dt.datetime(2024, 3, 30, 20, 0, tzinfo=dt.UTC)
    index = DueIndex(start)
    index.update_many(docs.values())
    moment = start
    for _ in range(48 * 3):
        step = dt.timedelta(minutes=rng.choice((1, 7, 20, 45)))
        now = moment + step
        due = set(index.pop_due(now))
        expected = {i for i, c in docs.items() if c.active and c.subscribed
                    and delivers_in(c, moment, now)}
        assert due == expected, (now, sorted(due ^ expected)[:5])
        index.horizon = now
        for chat_id in due:
            index.update(chat_id, docs[chat_id])
        if rng.random() < 0.2:  # a chat changes its settings between ticks
            changed = rng.choice(list(docs))
            docs[changed] = random_chat(rng, changed)
            index.update(changed, docs[changed])
        moment = now


def test_a_tick_looks_only_at_the_chats_due(store: TinyStore, no_fsync: None) -> None:
    """5,000 chats, 200 of them due at 09:00: planning reads only those (and sends them). (The
    due index is built in steps of INDEX_STEP chats: more than one step here.)"""
    docs = [replace(chat, settings=ChatSettings(time=dt.time(9 if chat.id <= 200 else 10)))
            for chat in chats(5_000)]
    assert len(docs) > 2 * INDEX_STEP
    store.put_chats(docs)
    store.put_meta("last_tick", NOW.replace(hour=8, minute=58).isoformat())
    ticks = TickState()
    first, _ = plan_tick(store, NOW.replace(hour=8, minute=59), ALMATY, ticks)
    assert first == []
    read: list[int] = []
    original = store.get_chat

    def counting(chat_id: int) -> Chat | None:
        read.append(chat_id)
        return original(chat_id)

    store.get_chat = counting  # type: ignore[method-assign]
    store.put_meta("last_tick", NOW.replace(hour=8, minute=59).isoformat())
    _outgoing, updates = plan_tick(store, NOW.replace(hour=9), ALMATY, ticks)
    assert len(updates) == 200 and set(read) == set(range(1, 201))


# --------------------------------------------------------------------------- the command line

def test_chats_export_import_round_trip(tmp_path: Path, no_fsync: None) -> None:
    source = tmp_path / "a" / "bot.json"
    store = TinyStore(source)
    docs = chats(1_200)
    docs[3] = replace(docs[3], follows=(Follow("keyword", "water", "water"),))
    docs[4] = replace(docs[4], settings=replace(docs[4].settings, quiet=None))
    store.put_chats(docs)
    store.close()
    exported = run_cli("chats", "export", db=source)
    assert exported.returncode == 0, exported.stderr
    lines = exported.stdout.splitlines()
    assert len(lines) == 1_200 and json.loads(lines[3])["follows"][0]["key"] == "water"
    backup = tmp_path / "chats.jsonl"
    backup.write_text(exported.stdout)
    target = tmp_path / "b" / "bot.json"
    first = run_cli("chats", "import", backup, db=target)
    assert first.returncode == 0, first.stderr
    assert first.stdout.strip() == "1,200 chats: 1,200 new, 0 updated, 0 unchanged"
    again = run_cli("chats", "import", backup, db=target)
    assert again.stdout.strip() == "1,200 chats: 0 new, 0 updated, 1,200 unchanged"
    assert run_cli("chats", "export", db=target).stdout == exported.stdout


def test_chats_import_names_every_bad_line_and_writes_nothing(tmp_path: Path) -> None:
    db = tmp_path / "bot.json"
    good = json.dumps(chats(1)[0].to_dict())
    bad = tmp_path / "bad.jsonl"
    bad.write_text("\n".join([
        good,
        "{not json",
        json.dumps({"id": True}),
        json.dumps({"id": 5, "settings": {"time": "25:00"}}),
        json.dumps({"id": 6, "settings": {"tz": "Mars/Olympus"}}),
        json.dumps({"id": 7, "follows": [{"kind": "party", "key": "x"}]}),
        json.dumps({"id": 8, "subscribed_at": "yesterday"}),
        "",
        good,
        json.dumps({"id": 9, "type": "private", "subscribed": True}),
    ]) + "\n")
    result = run_cli("chats", "import", bad, db=db)
    assert result.returncode == 2
    errors = result.stderr.splitlines()
    assert [e.split(":")[1] for e in errors[:-1]] == ["2", "3", "4", "5", "6", "7", "9"]
    assert "already on line 1" in errors[-2] and "nothing was imported" in errors[-1]
    assert run_cli("chats", "export", db=db).stdout == ""
    missing = run_cli("chats", "import", tmp_path / "nope.jsonl", db=db)
    assert missing.returncode == 2 and "no such file" in missing.stderr


def test_a_replaced_hints_file_makes_readers_check_every_shard(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("store.chats.HINTS_MAX", 64)
    db = tmp_path / "bot.json"
    bot, cli = TinyStore(db), TinyStore(db)
    bot.put_chats(chats(40))
    assert all(bot.get_chat(i) is not None for i in range(1, 41))
    for i in range(1, 41):  # many hints: the file is replaced several times meanwhile
        cli.put_chat(replace(chats(1, first=i)[0], title=f"t{i}"))
    assert bot.refresh()
    assert [bot.get_chat(i).title for i in (1, 20, 40)] == ["t1", "t20", "t40"]  # type: ignore[union-attr]


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_chats_import_shows_progress_on_a_terminal_only(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from bot import cli_chats

    monkeypatch.setattr(cli_chats, "PROGRESS_LINES", 100)
    monkeypatch.setattr(cli_chats, "WRITE_STEP", 50)
    lines = tmp_path / "chats.jsonl"
    lines.write_text("".join(json.dumps(c.to_dict()) + "\n" for c in chats(120)))
    store = TinyStore(tmp_path / "bot.json")
    terminal, out = _Terminal(), io.StringIO()
    assert cli_chats.import_chats(store, lines, terminal, out) == 0
    assert "writing: 120 / 120 chats" in terminal.getvalue()
    piped = io.StringIO()
    assert cli_chats.import_chats(store, lines, piped, out) == 0
    assert piped.getvalue() == ""  # not a terminal: no progress, and nothing to write anyway
    store.close()


def test_a_shard_created_by_another_process_is_read(tmp_path: Path) -> None:
    db = tmp_path / "bot.json"
    bot, cli = TinyStore(db), TinyStore(db)
    bot.put_chats(chats(3))
    assert len(bot.all_chats()) == 3  # every shard on disk listed and read
    cursor, _ = bot.chat_changes(0)
    cli.put_chat(chats(1, first=500)[0])  # a shard file that did not exist
    assert bot.refresh()
    assert {c.id for c in bot.all_chats()} == {1, 2, 3, 500}
    _, changed = bot.chat_changes(cursor)
    assert changed is not None and 500 in changed


def test_chats_import_refuses_values_the_bot_could_not_read(tmp_path: Path) -> None:
    """A line whose values have the wrong type (``"time": 9``, ``"quiet": [22, 8]``) was once
    accepted, and then every scheduler tick failed with a TypeError on that chat. Each is now a
    bad line, checked as the bot reads it; the good chats of a file the bot can plan."""
    db = tmp_path / "bot.json"
    wrong = [
        {"id": 11, "settings": {"time": 9}},
        {"id": 12, "settings": {"quiet": [22, 8]}},
        {"id": 13, "settings": {"tz": 5}},
        {"id": 14, "settings": {"weekday": "1"}},
        {"id": 15, "language": ["ru"]},
        {"id": 16, "thread_id": "7"},
        {"id": 17, "settings": {"time": None}},
        {"id": 18, "calendar_token": 12},
    ]
    bad = tmp_path / "typed.jsonl"
    bad.write_text("".join(json.dumps(line) + "\n" for line in wrong))
    result = run_cli("chats", "import", bad, db=db)
    assert result.returncode == 2, result.stdout
    named = [e.split(":")[1] for e in result.stderr.splitlines()[:-1]]
    assert named == [str(n) for n in range(1, len(wrong) + 1)], result.stderr
    assert run_cli("chats", "export", db=db).stdout == ""
    # What import accepts, the scheduler plans without an error.
    good = tmp_path / "good.jsonl"
    # (subscribed before the tick planned: a line without it is subscribed from the import on)
    good.write_text(json.dumps({"id": 21, "subscribed": True, "language": "kk", "thread_id": 3,
                                "subscribed_at": NOW.replace(hour=8).isoformat(),
                                "settings": {"time": "9", "quiet": ["22:00", "07:30"]}}) + "\n")
    assert run_cli("chats", "import", good, db=db).returncode == 0
    store = TinyStore(db)
    store.put_meta("last_tick", NOW.replace(hour=8, minute=59).isoformat())
    _outgoing, updates = plan_tick(store, NOW.replace(hour=9), ALMATY, None)
    store.close()
    assert list(updates) == [21]


def test_chats_import_names_the_first_bad_lines_and_counts_the_rest(tmp_path: Path) -> None:
    """A million junk lines once gave a million lines on stderr: now the first 20, then how
    many more."""
    db = tmp_path / "bot.json"
    junk = tmp_path / "junk.jsonl"
    junk.write_text("junk\n" * 5_000)
    result = run_cli("chats", "import", junk, db=db)
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 22, lines[-3:]
    assert [line.split(":")[1] for line in lines[:20]] == [str(n) for n in range(1, 21)]
    assert "4,980 more bad lines" in lines[20]
    assert "5,000 bad lines" in lines[21] and "nothing was imported" in lines[21]


def test_an_imported_chat_is_told_only_of_what_arrives_after(seeded_db: Path,
                                                               tmp_path: Path) -> None:
    """Issue 18: a chat imported with a follow of "senate" once got every seed article's alert
    at the next tick. Without marks of its own it starts from the import; with them, from them."""
    senate = [{"kind": "keyword", "key": "senate", "label": "senate"}]
    lines = tmp_path / "chats.jsonl"
    lines.write_text(
        json.dumps({"id": 4242, "subscribed": True, "follows": senate,
                    "settings": {"quiet": None}}) + "\n"
        + json.dumps({"id": 4343, "follows": senate, "alert_seq": 0,
                      "settings": {"quiet": None}}) + "\n")
    imported = run_cli("chats", "import", lines, db=seeded_db)
    assert imported.returncode == 0, imported.stderr
    now = dt.datetime.now(ALMATY)

    def alerts() -> dict[int, int]:
        store = TinyStore(seeded_db)
        try:
            outgoing, _updates = plan_tick(store, now, ALMATY)
        finally:
            store.close()
        found: dict[int, int] = {}
        for message in outgoing:
            if message.item.startswith("alert:"):
                found[message.chat_id] = found.get(message.chat_id, 0) + 1
        return found

    store = TinyStore(seeded_db)
    chat = store.get_chat(4242)
    store.close()
    assert chat is not None and chat.alert_seq > 0 and chat.subscribed_at
    old = alerts()
    assert 4242 not in old  # nothing from before the import
    assert old.get(4343, 0) >= 2  # its own mark (0): every senate article since
    again = run_cli("chats", "import", lines, db=seeded_db)
    assert again.stdout.strip() == "2 chats: 0 new, 0 updated, 2 unchanged"
    article = Path(__file__).parent / "articles" / "senate_budget_code.txt"
    assert run_cli("ingest", article, db=seeded_db).returncode == 0
    assert alerts().get(4242) == 1  # what arrived after the import
