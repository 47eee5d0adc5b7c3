"""Fault tests: kills mid-write and mid-broadcast, ingest beside a busy bot, any input, bad files.

Every test is bounded in time and cleans up after itself: subprocesses are killed in ``finally``
blocks, the only network is the fake Bot API on 127.0.0.1, and random choices come from seeded
generators (the figures printed with ``-s`` are the same on every run, timing aside).
"""

from __future__ import annotations

import datetime as dt
import logging
import subprocess
import time
from collections import Counter
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from telegram import Update

from bot.app import build_application
from bot.database import open_database
from bot.ingest import ingest, seed_articles
from bot.offline import OFFLINE_TOKEN, OfflineRequest, callback_update, message_update
from bot.services import COMMANDS, Services
from store.tiny import TinyStore

from .broadcast_drill import BroadcastDrillSize, run_broadcast_drill
from .command_line import ADMIN, PYTHON, ROOT, TOKEN, BotProcess, cli_env, run_cli, say
from .configured import settings_of
from .conftest import ARTICLES, SEEDS, THOROUGH, examples, export_json
from .fakebotapi import FakeBotAPI, parse_entities
from .fault_writers import keyword, write_variants
from .kill_drill import DrillSize, event_ids, load_files, run_drill
from .offline_bot import ALMATY

# --------------------------------------------------------------------------- 1. kills mid-write

# The suite's size of the drill: enough kills to land in every kind of write (chunked CLI
# ingest, one-file ingests, chat writes, two writers at once: each of the five pairs of writers
# once), two databases, each checked whole after its last round. The same drill at 100 kills
# beside 100,000 chats is a benchmark: ``python -m bench --only faults``.
DRILL = DrillSize(kills=10, background_chats=3_000, rounds_per_db=3, min_acked=3,
                  time_limit=120, after_first_ack=0.75)


def test_kill_during_ingest_and_subscription_writes(tmp_path: Path) -> None:
    """SIGKILL writers at random moments, two at a time on one database (tests/kill_drill.py):
    after every round the files parse, and every write a writer acknowledged is there."""
    report = run_drill(tmp_path, DRILL)
    print(f"\n[kill-writes] {report.summary(DRILL)}")
    assert report.kills >= DRILL.kills
    assert set(report.kinds_killed) == {"cli", "ingest", "subscribe"}, report.kinds_killed


def test_ingest_after_a_state_write_by_another_store_does_not_hang(tmp_path: Path) -> None:
    """Regression: ``writing()`` refreshes the state file under the knowledge lock; it used to
    take the state's lock through a second descriptor of the same lock file, and ``flock`` on a
    second descriptor waits for the first: ``python -m bot ingest`` hung for ever (and the bot,
    waiting for the lock, froze) whenever the bot had written the state file after the CLI
    opened the store. Here both stores are in one process; across processes it is the same."""
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from store.tiny import TinyStore\n"
        "from bot.core.chats import Chat\n"
        "from bot.ingest import ingest, read_articles\n"
        "cli = TinyStore(sys.argv[1])\n"
        "bot = TinyStore(sys.argv[1])\n"
        "bot.put_chat(Chat.from_dict({'id': 1, 'active': True, 'subscribed': True}))\n"
        "ingest(cli, read_articles([Path(sys.argv[2])]))\n"
        "print(len(cli.all_events()), cli.get_chat(1).subscribed)\n"
    )
    try:
        result = subprocess.run([PYTHON, "-c", script, str(tmp_path / "bot.json"),
                                 str(ARTICLES / "water_minister.txt")], cwd=ROOT, env=cli_env(),
                                capture_output=True, text=True, timeout=20)
    except subprocess.TimeoutExpired:
        pytest.fail("ingest hung waiting for its own lock")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["1", "True"]


# --------------------------------------------------------------------------- 2. kills mid-broadcast

# The suite's size: kills before, during and after a send, each restart resuming the broadcast
# (tests/broadcast_drill.py). More kills among more chats: ``python -m bench --only faults``.
BROADCAST = BroadcastDrillSize(kills=3, private_chats=100, groups=20, first_kill_after=60,
                               time_limit=90)


def test_kill_mid_broadcast_and_restart(tmp_path: Path) -> None:
    """SIGKILL the bot 3 times while it broadcasts to 120 chats, restarting it each time: every
    chat gets the message, at most one duplicate per kill, one message in flight at a time,
    and a restart after it finished sends nothing more."""
    report = run_broadcast_drill(tmp_path, BROADCAST)
    print(f"\n[kill-broadcast] {report.summary(BROADCAST)}")
    assert report.sent_before_kills[-1] < report.chats  # the last restart still had work


# --------------------------------------------------------------------------- 3. ingest + subscribing

SUBSCRIBE_FORMS = (  # what is sent, and the frequency and time it must leave in the state file
    ("/subscribe", "daily", "09:00"), ("/subscribe weekly 08:15 fri", "weekly", "08:15"),
    ("/subscribe daily 07:30", "daily", "07:30"), ("/subscribe mon", "weekly", "09:00"))


def test_cli_ingest_while_the_bot_subscribes_chats(tmp_path: Path) -> None:
    """``python -m bot ingest`` (three at once: 150 new articles, tests/articles, the seeds) while
    140 chats subscribe and follow through the running bot: every confirmed subscription and
    follow is in the state file, every ingested article is in ``export``, the bot sees the new
    articles, and the files load."""
    started = time.monotonic()
    db = tmp_path / "data" / "bot.json"
    open_database(db).close()  # seeded first: the race below is ingest against subscriptions
    bulk = tmp_path / "bulk"
    write_variants(bulk, "bulk", 150)
    users = [200_000 + i for i in range(120)]
    groups = {-(5_000_000 + i): 300_000 + i for i in range(20)}  # group -> its administrator
    chats = [*users, *groups]
    pushed_at: dict[int, float] = {}
    with FakeBotAPI(token=TOKEN) as fake:
        for group, admin in groups.items():
            fake.set_member(group, admin, "administrator")
        bot = BotProcess(tmp_path, fake, db, rate=500)
        ingests: list[subprocess.Popen[str]] = []
        try:
            bot.start()
            start = len(fake.requests)
            for folder in (bulk, ARTICLES):
                ingests.append(subprocess.Popen(
                    [PYTHON, "-m", "bot", "ingest", str(folder), "--db", str(db)], cwd=ROOT,
                    env=cli_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
            for index, chat in enumerate(chats):
                sender = groups.get(chat, chat)
                pushed_at[chat] = time.monotonic()
                form = SUBSCRIBE_FORMS[index % len(SUBSCRIBE_FORMS)][0]
                fake.push_update(fake.make_message(form, chat_id=chat, user_id=sender))
                fake.push_update(fake.make_message(f"/follow {keyword(chat)}", chat_id=chat,
                                                   user_id=sender))
                if index == 60:
                    ingests.append(subprocess.Popen(
                        [PYTHON, "-m", "bot", "ingest", str(SEEDS), "--db", str(db)], cwd=ROOT,
                        env=cli_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                        text=True))
                time.sleep(0.01)
            outputs = []
            for proc in ingests:
                out, err = proc.communicate(timeout=60)
                assert proc.returncode == 0, err
                outputs.append(out)
            chat_set = set(chats)
            confirmed = ("is subscribed", "Following")
            replies = fake.wait_for(lambda r: r.method == "sendMessage" and r.chat_id in chat_set
                                    and any(w in str(r.params.get("text")) for w in confirmed),
                                    count=2 * len(chats), after=start, timeout=60)
            ingested = [event_id for out in outputs for event_id in event_ids(out)]
            assert len(ingested) == 150 + len(list(ARTICLES.glob("*.txt"))) + 5
            assert outputs[2].count("unchanged") == 5
            # the running bot sees what the command line wrote
            for event_id in (ingested[0], ingested[149], ingested[-6]):
                card = say(fake, f"/event {event_id}", users[0])
                assert "No event has the id" not in card.params["text"], card.params["text"]
        finally:
            bot.stop()
            for proc in ingests:
                if proc.poll() is None:
                    proc.kill()
                proc.wait(timeout=10)
    texts: dict[int, list[str]] = {}
    latency = 0.0
    for reply in replies:
        chat = int(reply.chat_id)  # type: ignore[arg-type]
        texts.setdefault(chat, []).append(str(reply.params["text"]))
        latency = max(latency, reply.time - pushed_at[chat])
    subscribed = [c for c in chats if any("is subscribed" in t for t in texts.get(c, []))]
    followed = [c for c in chats if any("Following" in t for t in texts.get(c, []))]
    assert len(subscribed) == len(followed) == len(chats), texts
    load_files(db)
    store = TinyStore(db)
    try:
        for index, chat in enumerate(chats):
            doc = store.get_chat(chat)
            assert doc is not None and doc.subscribed, chat
            _form, frequency, at = SUBSCRIBE_FORMS[index % len(SUBSCRIBE_FORMS)]
            assert (doc.settings.frequency, f"{doc.settings.time:%H:%M}") == (frequency, at)
            assert [f.key for f in doc.follows] == [keyword(chat)]
    finally:
        store.close()
    assert set(ingested) <= {e["id"] for e in export_json(db)["events"]}
    print(f"\n[ingest+subscribe] {len(chats)} chats subscribed and followed, {len(ingested)} "
          f"articles ingested by 3 concurrent CLI runs; slowest reply {latency:.2f} s; "
          f"{time.monotonic() - started:.0f} s")


# --------------------------------------------------------------------------- 4. bad files, bot side

MB = 1024 * 1024
BAD_FILES = [
    # name, content, keep file_size in the update, what the answer must say
    ("article-10mb.txt", b"The Senate adopted the Water Code in the second reading.\n" * 190_000,
     True, "too large"),
    ("article-10mb-unsized.txt",
     b"The Senate adopted the Water Code in the second reading.\n" * 190_000, False,
     "too large"),
    ("binary.bin", bytes(range(256)) * 40, True, "binary"),
    ("empty.txt", b"", True, "empty"),
    ("one-line.txt", b"word " * 20_000, True, "a line of 100,000 characters"),
    ("latin1.txt", "Senate met in Astana — café. ".encode("cp1252") * 20, True, "not UTF-8"),
    ("controls.txt", b"\x01\x02\x03\x04 " * 400 + b"The Senate met today in Astana.", True,
     "control characters"),
]


def test_bad_files_sent_to_the_bot_are_refused_and_nothing_written(tmp_path: Path) -> None:
    """An admin sends each bad file with the caption /ingest (and once as a reply /ingest to
    it): a clear "Not ingested" answer, the knowledge file untouched; then a good file works."""
    started = time.monotonic()
    db = tmp_path / "data" / "bot.json"
    open_database(db).close()
    knowledge = db.read_bytes()
    with FakeBotAPI(token=TOKEN) as fake:
        bot = BotProcess(tmp_path, fake, db)
        try:
            bot.start()
            store = TinyStore(db)
            chats_before = store.all_chats()
            store.close()
            for number, (name, content, sized, reason) in enumerate(BAD_FILES):
                assert name != "article-10mb.txt" or len(content) > 10 * MB
                file_id = f"BQACAgIAAxkBAAIBfault{number:04d}"
                fake.add_file(file_id, content)
                update = fake.make_document_message(chat_id=ADMIN, user_id=ADMIN,
                                                    file_id=file_id, file_name=name,
                                                    mime_type="text/plain", caption="/ingest")
                if not sized:
                    del update["message"]["document"]["file_size"]
                after = len(fake.requests)
                fake.push_update(update)
                answer = fake.wait_for(lambda r: r.method == "sendMessage" and r.chat_id == ADMIN,
                                       after=after, timeout=30)[0].params["text"]
                assert reason in answer and name in answer, (name, answer)
                assert answer.startswith("Not ingested") or "too large" in answer, answer
                assert db.read_bytes() == knowledge, f"{name} changed the knowledge file"
            # /ingest as a reply to a bad file; a bad paste; a non-operator's file
            document = fake.make_document_message(chat_id=ADMIN, user_id=ADMIN,
                                                   file_id="BQACAgIAAxkBAAIBfault0002",
                                                   file_name="binary.bin")["message"]
            answer = say(fake, "/ingest", ADMIN).params["text"]
            assert "Send a .txt file" in answer
            after = len(fake.requests)
            fake.push_update(fake.make_message("/ingest", chat_id=ADMIN, user_id=ADMIN,
                                               reply_to=document))
            answer = fake.wait_for(lambda r: r.method == "sendMessage" and r.chat_id == ADMIN,
                                   after=after, timeout=30)[0].params["text"]
            assert answer.startswith("Not ingested") and "binary" in answer, answer
            assert "too short" in say(fake, "/ingest Senate met.", ADMIN).params["text"]
            fake.add_file("BQACAgIAAxkBAAIBfaultgood", (ARTICLES / "water_minister.txt")
                          .read_bytes())
            after = len(fake.requests)
            fake.push_update(fake.make_document_message(
                chat_id=777, user_id=777, file_id="BQACAgIAAxkBAAIBfaultgood",
                file_name="water.txt", mime_type="text/plain", caption="/ingest"))
            answer = fake.wait_for(lambda r: r.method == "sendMessage" and r.chat_id == 777,
                                   after=after, timeout=30)[0].params["text"]
            assert "operators" in answer
            assert db.read_bytes() == knowledge
            store = TinyStore(db)
            assert store.all_chats() == chats_before
            store.close()
            # the same good file from the operator is ingested: the bot is fine and the check
            # above would have seen a write
            after = len(fake.requests)
            fake.push_update(fake.make_document_message(
                chat_id=ADMIN, user_id=ADMIN, file_id="BQACAgIAAxkBAAIBfaultgood",
                file_name="water.txt", mime_type="text/plain", caption="/ingest"))
            answer = fake.wait_for(lambda r: r.method == "sendMessage" and r.chat_id == ADMIN,
                                   after=after, timeout=30)[0].params["text"]
            assert answer.startswith("added"), answer
            assert db.read_bytes() != knowledge
            assert bot.running(), bot.log_tail()
            assert "Traceback" not in bot.log_path.read_text(errors="replace"), bot.log_tail()
        finally:
            bot.stop()
    print(f"\n[bad-files] {len(BAD_FILES)} bad files + reply, paste and non-operator cases "
          f"refused, nothing written; {time.monotonic() - started:.0f} s")


def test_cli_bad_file_in_a_folder_into_a_fresh_database(tmp_path: Path) -> None:
    """The CLI cases of test_cli, in a folder among good articles and into a database that does
    not exist yet: the good articles go in, the bad file is named in one line, exit 2 (issue 10:
    one bad file no longer rejects the whole folder)."""
    folder = tmp_path / "inbox"
    write_variants(folder, "good", 3)
    for name, content, _sized, reason in BAD_FILES:
        if name == "article-10mb-unsized.txt":
            continue
        bad = folder / name
        bad.write_bytes(content)
        db = tmp_path / name / "bot.json"
        result = run_cli("ingest", folder, db=db)
        assert result.returncode == 2 and reason in result.stderr, result.stderr
        assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
        assert name in result.stderr
        added = [line for line in result.stdout.splitlines() if line.startswith("added")]
        assert len(added) == 3 and name not in result.stdout  # the good ones, not the bad one
        bad.unlink()


# --------------------------------------------------------------------------- 5. any input

NOW = dt.datetime(2024, 3, 13, 9, 0, tzinfo=ALMATY)
USERS = (5151, 5152, ADMIN)
GROUP = -1009001  # senders are plain members
ADMIN_GROUP = -1009000  # every sender is an administrator
SEND_METHODS = {"sendMessage", "editMessageText"}


class RecordingRequest(OfflineRequest):
    """The offline Bot API, recording every call (answerCallbackQuery, getChatMember too)."""

    def _answer(self, endpoint: str, params: dict[str, Any]) -> Any:
        result = super()._answer(endpoint, params)
        if endpoint not in {"sendMessage", "editMessageText", "sendDocument", "getMe",
                            "getUpdates"}:
            self.sent.append((endpoint, params))
        return result


class FuzzBot:
    """The real handlers on an in-memory store with the seeds, errors collected."""

    def __init__(self) -> None:
        store = TinyStore(None)
        ingest(store, seed_articles(), now=NOW)
        self.request = RecordingRequest(admin_chats=frozenset({ADMIN_GROUP}))
        services = Services(clock=lambda: NOW,
            settings=settings_of(tz=ALMATY, admins=frozenset({ADMIN})))
        self.app = build_application(store, OFFLINE_TOKEN, request=self.request,
                                     services=services, rate_limit=None, jobs=False)
        self.errors: list[BaseException] = []
        self.app.add_error_handler(self._collect)
        self.examples = 0

    async def _collect(self, update: object, context: Any) -> None:
        self.errors.append(context.error)

    async def run(self, update: Update) -> list[tuple[str, dict[str, Any]]]:
        self.examples += 1
        before = len(self.request.sent)
        await self.app.process_update(update)
        return self.request.sent[before:]

    async def say(self, text: str, chat_id: int, user_id: int) -> list[tuple[str, dict[str, Any]]]:
        return await self.run(message_update(text, chat_id, user_id, self.app.bot))

    async def press(self, data: str, chat_id: int, user_id: int
                    ) -> list[tuple[str, dict[str, Any]]]:
        sent = await self.run(callback_update(data, chat_id, user_id, 1, "x", self.app.bot))
        assert any(method == "answerCallbackQuery" for method, _ in sent), \
            f"button {data!r} was never answered (the user sees a spinner)"
        return sent


class ErrorLog(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture
async def fuzz() -> AsyncIterator[FuzzBot]:
    errors = ErrorLog()
    logging.getLogger().addHandler(errors)
    bot = FuzzBot()
    try:
        async with bot.app:
            await bot.app.start()  # so that tasks it creates (broadcast, ingest tick) are awaited
            try:
                yield bot
            finally:
                await bot.app.stop()
    finally:
        logging.getLogger().removeHandler(errors)
    methods = Counter(method for method, _ in bot.request.sent)
    print(f"\n[fuzz] {bot.examples} updates -> {dict(methods)}; "
          f"{len(bot.app.bot_data.store.all_events())} events, "
          f"{len(bot.app.bot_data.store.all_chats())} chats")
    assert not bot.errors, bot.errors[:3]
    assert not errors.records, [r.getMessage()[:2000] for r in errors.records[:3]]


def check(bot: FuzzBot, sent: list[tuple[str, dict[str, Any]]], what: object) -> None:
    """No handler raised; every message and edit is valid Telegram HTML of 1..4096 characters;
    buttons, captions and callback answers within Telegram's limits."""
    assert not bot.errors, f"{what!r} raised {bot.errors[0]!r}"
    for method, params in sent:
        if method in SEND_METHODS:
            assert params.get("parse_mode") == "HTML", (what, method)
            text = params.get("text")
            assert isinstance(text, str), (what, text)
            try:
                plain, _entities = parse_entities(text, "HTML")
            except ValueError as error:
                raise AssertionError(f"{what!r}: invalid HTML ({error}): {text[:300]!r}") from None
            assert plain.strip() and len(plain) <= 4096, (what, len(plain))
        elif method == "sendDocument":
            assert len(str(params.get("caption") or "")) <= 1024
        elif method == "answerCallbackQuery":
            assert len(str(params.get("text") or "")) <= 200, (what, params.get("text"))
        markup = params.get("reply_markup")
        if isinstance(markup, dict):
            for row in markup["inline_keyboard"]:
                for button in row:
                    assert str(button["text"]).strip(), (what, button)
                    if "callback_data" in button:
                        size = len(str(button["callback_data"]).encode())
                        assert 1 <= size <= 64, (what, button)


def buttons(sent: list[tuple[str, dict[str, Any]]]) -> list[str]:
    found = []
    for _method, params in sent:
        markup = params.get("reply_markup")
        if isinstance(markup, dict):
            found += [b["callback_data"] for row in markup["inline_keyboard"] for b in row
                      if "callback_data" in b]
    return found


WEIRD = st.sampled_from([
    "<b>", "</b>", "<i>x</i>", "<a href='javascript:x'>y</a>", "<tg-spoiler>", "<pre>", "&",
    "&amp;", "&lt;", "&#0;", "&#x110000;", "&nbsp;", "<", ">", "\"'", "\u202e", "\u200f",
    "\u202b", "\u2066", "\u200b", "\ufeff", "\u0301", "\x00", "\x1b[31m", "\x7f", "\r\n", "\t",
    "\u2028", "🏛", "👨‍👩‍👧", "🇰🇿", "𝕏", "Токаев", "Ашимбаев", "ماجلس", "²", "①", "٣", "Ⅻ",
    "@ParliamentBot", "@OtherBot", "@my_channel", "@x", "/start", "/event_", "-1", "0",
    "99999999999999999999", "1e9", "NaN", "2024-02-30", "29.02.2023", "2024-13", "31.12.9999",
    "0001-01-01", "March 2023", "tomorrow", "tokaev", "Ashimbaev", "water code", "water",
    "mass media", "bill", "official", "daily", "weekly", "09:00", "25:61", "mon", "fri",
    "time", "day", "freq", "tz", "quiet", "off", "22:00-08:00", "Asia/Almaty", "Mars/Olympus",
    "planned", "in_force", "bill_water-code", "official_maulen-ashimbayev", "event_7571c05ec6",
])
PIECE = WEIRD | st.text(max_size=30) | st.from_regex(r"[a-z0-9_:@/.\-]{1,20}", fullmatch=True)
HUGE = st.builds(lambda unit, n: unit * n,
                 st.sampled_from(["a", "<b>", "&", "🏛", "word ", "\u202e", "Tokayev ", "\n"]),
                 st.integers(500, 6000))
ARGUMENT = st.lists(PIECE, max_size=8).map(" ".join) | HUGE | st.text(max_size=400)
COMMAND = st.sampled_from([c.name for c in COMMANDS] + [
    "event_7571c05ec6", "event_0000000000", "event_", "nope", "START", "Help", "broadcast_"])
SUFFIX = st.sampled_from(["", "", "", "@ParliamentBot", "@parliamentbot", "@OtherBot"])
CHAT = st.sampled_from(["private", "private", "admin", "group", "admin-group"])


def where(chat: str, user: int) -> tuple[int, int]:
    """(chat_id, user_id) for a kind of chat."""
    if chat == "private":
        return user, user
    if chat == "admin":
        return ADMIN, ADMIN
    return (GROUP if chat == "group" else ADMIN_GROUP), user


# 10,000 generated inputs across the three fuzzers under ``HYPOTHESIS_PROFILE=thorough``; a
# suite run tries a fifth of them (the same ones every run: derandomized).
EXAMPLES = {"commands": examples(5000), "buttons": examples(3000), "text": examples(2000)}
assert not THOROUGH or sum(EXAMPLES.values()) == 10_000
FUZZ = settings(deadline=None, database=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow, HealthCheck.data_too_large])


@settings(FUZZ, max_examples=EXAMPLES["commands"])
@given(chat=CHAT, user=st.sampled_from(USERS), command=COMMAND, suffix=SUFFIX,
       argument=ARGUMENT, press=st.none() | st.integers(0, 30))
async def test_any_command_with_any_argument(fuzz: FuzzBot, chat: str, user: int, command: str,
                                             suffix: str, argument: str,
                                             press: int | None) -> None:
    """Every command (operators' too), in private chats and groups, with any argument; then,
    maybe, one of the buttons of the answer is pressed (paging, choices, follow, settings,
    unfollow, the broadcast's confirm: whatever the answer offered)."""
    chat_id, user_id = where(chat, user)
    text = f"/{command}{suffix} {argument}"
    sent = await fuzz.say(text, chat_id, user_id)
    check(fuzz, sent, text)
    offered = buttons(sent)
    if press is not None and offered:
        data = offered[press % len(offered)]
        check(fuzz, await fuzz.press(data, chat_id, user_id), (text, data))


CALLBACK_PREFIXES = st.sampled_from([
    "", "noop", "o:", "b:", "e:", "ol:", "bl:", "bl:-:", "bl:planned:", "el:", "el:3:", "sr:",
    "sr:water:", "sr:a:b:", "on:", "on:2023:", "on:13.03.2023:", "up:", "s:", f"s:{ADMIN}:",
    "s:5151:", "s:5152:", f"s:{GROUP}:", f"s:{ADMIN_GROUP}:", "s:1:", "s:-:", "f:b:", "f:o:",
    "f:x:", "u:", "bc:y:", "bc:n:", "bc:x:", "bc:", "p:"])
CALLBACK_SUFFIXES = (st.sampled_from([
    "0", "1", "2", "-1", "99999999999999999999", "²", "①", "٣", "k:digest", "k:nope", "k:", "t+",
    "t-", "z", "q", "f", "w", "water-code", "budget-code", "maulen-ashimbayev", "7571c05ec6",
    "../../etc", "%s", "{}", "\u202e", "🏛", ":", "::", "planned:1", "2023:1"])
    | st.text(max_size=60) | st.integers().map(str))


def callback_data(prefix: str, suffix: str) -> str:
    data = (prefix + suffix).encode()[:64].decode(errors="ignore")  # Telegram's 64 bytes
    return data or "x"


@settings(FUZZ, max_examples=EXAMPLES["buttons"])
@given(chat=CHAT, user=st.sampled_from(USERS), subscribe=st.booleans(),
       data=st.builds(callback_data, CALLBACK_PREFIXES, CALLBACK_SUFFIXES))
async def test_any_button_data(fuzz: FuzzBot, chat: str, user: int, subscribe: bool,
                               data: str) -> None:
    """A press with any callback data (forged or stale), on any message, in any chat."""
    chat_id, user_id = where(chat, user)
    if subscribe:
        check(fuzz, await fuzz.say("/subscribe", chat_id, user_id), "/subscribe")
    check(fuzz, await fuzz.press(data, chat_id, user_id), data)


@settings(FUZZ, max_examples=EXAMPLES["text"])
@given(chat=CHAT, user=st.sampled_from(USERS),
       text=(st.lists(PIECE, min_size=1, max_size=10).map("".join) | HUGE
             | st.text(min_size=1, max_size=500)
             | st.sampled_from(["/", "//", "/ ", "/@", "/@ParliamentBot", "/_", "/\u202e",
                                "/start@", "/" + "a" * 70, "@ParliamentBot /help"])
             ).filter(lambda t: t.strip() != ""))
async def test_any_text(fuzz: FuzzBot, chat: str, user: int, text: str) -> None:
    """Any message at all: searches in private chats, silence on chatter in groups."""
    chat_id, user_id = where(chat, user)
    sent = await fuzz.say(text, chat_id, user_id)
    check(fuzz, sent, text)
    if chat_id < 0 and not text.startswith("/"):
        assert not [m for m, _ in sent if m in SEND_METHODS], f"chatter answered: {text!r}"
