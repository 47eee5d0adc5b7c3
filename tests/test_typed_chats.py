"""The typed chat (``bot.core.chats.Chat``): its stored shape round trips, old stored shapes
open, anything else is refused with a reason (never another exception), its lifecycle steps
change what they say and nothing else, and the store names a damaged stored chat."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.chats import CHAT_TYPES, FOLLOW_KINDS, Chat, ChatError, ClosedTopic, new_chat
from bot.core.digest import Follow
from bot.core.schedule import KINDS, ChatSettings
from bot.scheduler import plan_tick
from store.files import StoreFileError
from store.tiny import TinyStore

from .command_line import run_cli
from .conftest import examples

ALMATY = ZoneInfo("Asia/Almaty")
NOW = dt.datetime(2024, 3, 13, 7, 0, tzinfo=ALMATY)

# --------------------------------------------------------------------------- strategies

# Real instants (the bot's clock), shown in a zone: a wall time a clock change skips is none.
moments = st.builds(
    lambda moment, zone: moment.astimezone(zone),
    st.datetimes(min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2100, 1, 1),
                 timezones=st.just(dt.UTC)),
    st.sampled_from([dt.UTC, ALMATY, ZoneInfo("Europe/Berlin"),
                     dt.timezone(dt.timedelta(hours=6))]))
texts = st.text(max_size=30)
clock = st.times().map(lambda t: t.replace(second=0, microsecond=0, tzinfo=None))
chat_settings = st.builds(
    ChatSettings, frequency=st.sampled_from(["daily", "weekly"]), time=clock,
    weekday=st.integers(0, 6), tz=st.sampled_from(["Asia/Almaty", "Asia/Aqtobe", "UTC",
                                                   "Europe/Berlin", "America/New_York"]),
    kinds=st.frozensets(st.sampled_from(KINDS)),
    quiet=st.none() | st.tuples(clock, clock))
follows = st.builds(Follow, kind=st.sampled_from(FOLLOW_KINDS),
                    key=texts.filter(lambda k: bool(k.strip())), label=texts)
chats = st.builds(
    Chat, id=st.integers(-10**13, 10**13).filter(bool), type=st.sampled_from(CHAT_TYPES),
    settings=chat_settings, title=texts, active=st.booleans(), subscribed=st.booleans(),
    subscribed_at=st.none() | moments, last_digest_at=st.none() | moments,
    created_at=st.none() | moments, alert_seq=st.integers(0, 10**9),
    follows=st.lists(follows, max_size=4).map(tuple),
    thread_id=st.none() | st.integers(1, 10**9),
    thread_closed=st.none() | st.builds(ClosedTopic, st.integers(1, 10**9), texts),
    username=st.none() | texts, calendar_token=st.none() | texts,
    language=st.none() | st.sampled_from(["en", "ru", "kk"]), deactivated=st.none() | texts)

KEYS = ["id", "type", "title", "active", "subscribed", "subscribed_at", "last_digest_at",
        "created_at", "alert_seq", "settings", "follows", "thread_id", "thread_closed",
        "username", "calendar_token", "language", "deactivated", "frequency", "time",
        "weekday", "tz", "kinds", "quiet", "kind", "key", "label", "reason"]
json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 10**6) | st.floats(allow_nan=False)
    | st.sampled_from(["", "09:00", "daily", "Asia/Almaty", "bill", "office",
                       "2024-03-13T07:00:00+05:00", "2024-03-13T07:00:00", "25:00"]),
    lambda inner: st.lists(inner, max_size=3)
    | st.dictionaries(st.sampled_from(KEYS), inner, max_size=6),
    max_leaves=20)


@given(chats)
@settings(max_examples=examples(200), deadline=None)
def test_a_chat_reads_back_from_its_stored_shape(chat: Chat) -> None:
    """What ``to_dict`` stores (as JSON, as a shard or an export line holds it) reads back as
    the same chat."""
    stored = json.loads(json.dumps(chat.to_dict()))
    assert Chat.from_dict(stored) == chat
    assert json.loads(json.dumps(Chat.from_dict(stored).to_dict())) == stored


@given(st.dictionaries(st.sampled_from(KEYS), json_values, max_size=10))
@settings(max_examples=examples(300), deadline=None)
def test_anything_else_is_a_chat_or_a_reason(data: dict[str, Any]) -> None:
    """Any JSON object is read as a chat or refused with ``ChatError`` (a reason in one line),
    never a TypeError or a KeyError in the middle of an import or a tick."""
    try:
        chat = Chat.from_dict({"id": 5, **data} if "id" not in data else data)
    except ChatError as error:
        assert str(error) and "\n" not in str(error)
        return
    assert Chat.from_dict(chat.to_dict()) == chat


@pytest.mark.parametrize("line, reason", [
    ({"id": 1, "settings": {"time": 930}}, "a time is text"),
    ({"id": 2, "settings": {"time": "9:75"}}, "a time is HH:MM"),
    ({"id": 3, "settings": {"time": ["09:00"]}}, "a time is text"),
    ({"id": 4, "settings": {"weekday": 7}}, "settings.weekday 7"),
    ({"id": 5, "settings": {"weekday": True}}, "settings.weekday True"),
    ({"id": 6, "settings": {"weekday": 2.0}}, "settings.weekday 2.0"),
    ({"id": 7, "follows": [{"kind": "party", "key": "x"}]}, "follow 1 is not"),
    ({"id": 8, "follows": [{"kind": "bill", "key": "  "}]}, "follow 1 is not"),
    ({"id": 9, "follows": {"kind": "bill", "key": "water-code"}}, "follows is not a list"),
    ({"id": 10, "last_digest_at": "2024-03-13T09:00:00"}, "has no time zone offset"),
    ({"id": 11, "created_at": 1710300000}, "created_at is not a date and time"),
    ({"id": 12, "subscribed_at": "last week"}, "is not an ISO date and time"),
    ({"id": 13, "thread_closed": {"reason": "closed"}}, "thread_closed is not"),
    ({"id": 14, "thread_closed": 5}, "thread_closed is not"),
    ({"id": 15, "thread_closed": {"thread_id": "5", "reason": "gone"}}, "thread_closed is not"),
    ({"id": 16, "deactivated": False}, "deactivated is not text"),
    ({"id": 17, "username": ["parlnews"]}, "username is not text"),
    ({"id": 18, "alert_seq": -1}, "alert_seq is not a whole number"),
])
def test_a_value_the_bot_could_not_use_is_refused_with_its_reason(
        line: dict[str, Any], reason: str) -> None:
    with pytest.raises(ChatError, match=reason):
        Chat.from_dict(line)


# --------------------------------------------------------------------------- old stored chats

OLD_CHATS = [
    # An early chat: no marks, no settings, a follow stored without its label.
    {"id": 301, "type": "private", "title": "", "active": True, "subscribed": True,
     "subscribed_at": "2023-11-02T09:00:00+06:00",
     "follows": [{"kind": "keyword", "key": "irrigation"}]},
    # A group with half its settings (before quiet hours and kinds), closed topic, a reason.
    {"id": -302, "type": "supergroup", "title": "Deputies' watchers", "active": False,
     "deactivated": "bot kicked", "subscribed": False, "settings": {"time": "7:45", "tz":
                                                                    "asia/aqtobe"},
     "thread_closed": {"thread_id": 12, "reason": "topic closed"}},
    # A channel with settings written by hand in another case, and its @name.
    {"id": -100303, "type": "channel", "title": "Majlis digest", "subscribed": True,
     "username": "majlisdigest", "settings": {"frequency": "weekly", "weekday": 4,
                                              "quiet": None, "kinds": ["digest"]}},
]


@pytest.mark.parametrize("old", OLD_CHATS, ids=["no-marks", "half-settings", "channel"])
def test_chats_stored_by_an_older_bot_open_and_are_planned(tmp_path: Path,
                                                           old: dict[str, Any]) -> None:
    """A database from before the shards, holding a chat as an older release stored it: it
    opens, reads with a new chat's values for what it leaves out, and a tick plans it."""
    db = tmp_path / "bot.json"
    db.with_name("bot.state.json").write_text(json.dumps(
        {"chats": {"1": old}, "meta": {}, "sources": {}}))
    store = TinyStore(db)
    chat = store.get_chat(old["id"])
    assert chat is not None and chat.id == old["id"] and chat.type == old["type"]
    assert chat.alert_seq == 0 and chat.created_at is None
    assert chat.settings.tz in {"Asia/Almaty", "Asia/Aqtobe"}  # read in its proper case
    assert chat.follows == tuple(Follow("keyword", f["key"], f["key"])
                                 for f in old.get("follows", []))
    assert chat.to_dict()["settings"]["quiet"] == old.get("settings", {}).get(
        "quiet", ["22:00", "08:00"])
    store.put_meta("last_tick", NOW.isoformat())
    plan_tick(store, NOW + dt.timedelta(days=1), ALMATY)  # no error on the old shape
    store.close()


@pytest.mark.parametrize("settings_value", [{"time": 9}, {"weekday": "mon"},
                                            {"quiet": ["late", "early"]}])
def test_a_damaged_stored_chat_is_named_never_skipped(tmp_path: Path,
                                                      settings_value: dict[str, Any]) -> None:
    """A shard holding a chat the bot cannot read (edited by hand, written by a bug) is
    reported with the chat and where it lies, not read as no chat or as defaults."""
    db = tmp_path / "bot.json"
    store = TinyStore(db)
    store.put_chat(new_chat(40, "private", "", NOW, subscribed=True))
    store.close()
    [shard] = db.with_name("bot.chats").glob("*/*.json")
    data = json.loads(shard.read_text())
    [stored] = data["chats"].values()
    stored["settings"].update(settings_value)
    shard.write_text(json.dumps(data))
    reopened = TinyStore(db)
    for read in (lambda: reopened.get_chat(40), reopened.all_chats):
        with pytest.raises(StoreFileError, match=rf"{shard} is damaged: chat 40 cannot be read \(settings"):
            read()
    reopened.close()


def test_an_exported_office_follow_imports_back(tmp_path: Path) -> None:
    """``/follow office prime minister`` is stored as an office follow; ``chats import`` once
    refused the line ``chats export`` wrote for it."""
    source, target = tmp_path / "a" / "bot.json", tmp_path / "b" / "bot.json"
    store = TinyStore(source)
    chat = new_chat(-4100, "group", "Cabinet watchers", NOW)
    store.put_chat(chat.following(Follow("office", "prime minister", "Prime Minister"), 0)
                   .following(Follow("bill", "water-code", "Water Code"), 0))
    store.close()
    exported = run_cli("chats", "export", db=source)
    assert exported.returncode == 0, exported.stderr
    backup = tmp_path / "chats.jsonl"
    backup.write_text(exported.stdout)
    imported = run_cli("chats", "import", backup, db=target)
    assert imported.returncode == 0, imported.stderr
    assert run_cli("chats", "export", db=target).stdout == exported.stdout


# --------------------------------------------------------------------------- lifecycle

def test_subscribing_again_keeps_the_marks_and_moves_the_topic() -> None:
    first = new_chat(-500, "supergroup", "Forum", NOW).subscribed_now(ChatSettings(), NOW, 7)
    assert (first.subscribed, first.subscribed_at, first.last_digest_at) == (True, NOW, NOW)
    later = NOW + dt.timedelta(days=3)
    weekly = ChatSettings(frequency="weekly", kinds=frozenset({"follow"}))
    again = first.digest_sent(later - dt.timedelta(hours=1)).subscribed_now(weekly, later, None)
    assert again.subscribed_at == NOW and again.last_digest_at == later - dt.timedelta(hours=1)
    assert again.thread_id is None and again.settings.frequency == "weekly"
    assert "digest" in again.settings.kinds  # /subscribe means digests, whatever was off


def test_a_closed_topic_stops_its_own_subscription_only() -> None:
    chat = new_chat(-501, "supergroup", "Forum", NOW).subscribed_now(ChatSettings(), NOW, 9)
    chat = chat.following(Follow("keyword", "budget", "budget"), 4)
    assert chat.topic_closed(8, "closed") is None  # another topic: nothing changes
    closed = chat.topic_closed(9, "TOPIC_CLOSED")
    assert closed is not None and not closed.subscribed and closed.thread_id is None
    assert closed.thread_closed == ClosedTopic(9, "TOPIC_CLOSED")
    assert closed.follows == chat.follows and closed.alert_seq == 4
    resubscribed = closed.subscribed_now(closed.settings, NOW, 10)
    assert resubscribed.thread_closed is None and resubscribed.thread_id == 10


def test_deactivation_migration_and_follows() -> None:
    chat = new_chat(-502, "group", "Old group", NOW, subscribed=True)
    chat = chat.following(Follow("official", "erlan-koshanov", "Erlan Koshanov"), 11)
    chat = chat.following(Follow("keyword", "tariffs", "tariffs"), 15)
    assert chat.alert_seq == 11  # the second follow does not skip what the first waits for
    moved = chat.migrated(-100502)
    assert (moved.id, moved.type) == (-100502, "supergroup")
    assert (moved.follows, moved.settings, moved.subscribed_at) == (
        chat.follows, chat.settings, chat.subscribed_at)
    gone = moved.deactivated_for("blocked or removed (403)")
    assert gone is not None and not gone.active and gone.deactivated is not None
    assert gone.deactivated_for("again") is None  # already inactive: nothing to write
    back = gone.reached("supergroup", "", "newname")
    assert back.active and back.deactivated is None and back.title == "Old group"
    assert back.unfollowing("keyword", "water") is None
    left = back.unfollowing("keyword", "tariffs")
    assert left is not None and [f.key for f in left.follows] == ["erlan-koshanov"]
    assert back.keeping_language("kk").language == "kk"
    assert back.speaking("ru").keeping_language("kk").language == "ru"


@pytest.mark.parametrize("line, written", [
    ({"id": 61, "settings": {"time": "9", "tz": "asia/almaty"}},
     {"settings.time": "09:00", "settings.tz": "Asia/Almaty"}),
    ({"id": 62, "settings": {"quiet": ["23.30", "7"]}, "favourite": "water"},
     {"settings.quiet": ["23:30", "07:00"], "favourite": None}),
    ({"id": -63, "title": "Oblast maslikhat", "legacy_flag": True, "settings": {"tz": "utc"}},
     {"type": "group", "legacy_flag": None, "settings.tz": "UTC"}),
])
def test_an_imported_line_is_written_in_the_bots_own_form(
        tmp_path: Path, line: dict[str, Any], written: dict[str, Any]) -> None:
    """``chats import`` reads a line as the bot reads a stored chat: values in the bot's own
    form, keys it does not know dropped (README, ``chats import``)."""
    db = tmp_path / "bot.json"
    lines = tmp_path / "chats.jsonl"
    lines.write_text(json.dumps(line) + "\n")
    assert run_cli("chats", "import", lines, db=db).returncode == 0
    [exported] = [json.loads(text) for text in
                  run_cli("chats", "export", db=db).stdout.splitlines()]
    for path, value in written.items():
        found: Any = exported
        for key in path.split("."):
            found = found.get(key) if isinstance(found, dict) else None
        assert found == value, (path, exported)
