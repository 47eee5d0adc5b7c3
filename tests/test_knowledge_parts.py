"""The knowledge in parts (store/parts.py, store/knowledge.py): a write touches only its parts,
a kill at any step of a multi-file write leaves the knowledge before or after it (never a mix),
old single-file databases are migrated on open, damaged or missing parts are named."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import shutil
import signal
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from unittest import mock

import pytest

from bot.core.models import Article
from bot.ingest import export_knowledge, ingest, read_articles
from store import parts
from store.files import DamagedFile
from store.knowledge import _encode
from store.tiny import TinyStore
from tests.command_line import run_cli
from tests.conftest import ARTICLES

NEW = ("water_minister.txt", "new_prime_minister.txt", "senate_budget_code.txt")

DAY = dt.date(2026, 12, 6)  # the day export states bills' statuses on


def _articles(*names: str) -> list[Article]:
    return [a for name in names for a in read_articles([ARTICLES / name])]


def _export(db: Path) -> dict[str, Any]:
    store = TinyStore(db)
    try:
        return export_knowledge(store, DAY)
    finally:
        store.close()


def _part_files(db: Path) -> dict[str, int]:
    folder = db.with_name("bot.knowledge")
    return {p.name: p.stat().st_ino for p in folder.iterdir()}


def _consistent(db: Path) -> None:
    """Every event has its entry in the change log and every entry its event; every official
    and bill an event names exists: what one write puts in together is there together."""
    store = TinyStore(db)
    try:
        events = {e.id for e in store.all_events()}
        logged = {c.event for c in store.changes_after(0)}
        assert events == logged
        for event in store.all_events():
            assert all(store.get_official(o) for o in event.officials), event.id
            assert all(store.get_bill(b) for b in event.bills), event.id
    finally:
        store.close()
    # The manifest's counts are those of the parts it names (what /start says before reading).
    counted = TinyStore(db)
    assert counted.sizes() == (len(events), len(store.all_officials()), len(store.all_bills()))
    assert not counted._knowledge.tables["events"]


def test_one_article_writes_only_the_parts_it_touches(seeded_db: Path) -> None:
    before = _part_files(seeded_db)
    result = run_cli("ingest", ARTICLES / NEW[0], db=seeded_db)
    assert result.returncode == 0, result.stderr
    after = _part_files(seeded_db)
    written = set(after) - set(before)
    assert written and len(written) < len(before) / 2
    # Untouched parts are the same files (same inodes), not copies.
    kept = set(after) & set(before)
    assert kept and all(before[n] == after[n] for n in kept)
    named = set(json.loads(seeded_db.read_text())["layout"]["1"]["parts"].values())
    assert written == named - set(before)
    assert set(after) <= named | set(before)  # the replaced ones stay for bot.json.bak
    _consistent(seeded_db)


def _steps(kill_at: int) -> Callable[[], None]:
    """A step counter that SIGKILLs this process at step ``kill_at`` (0: never)."""
    count = [0]

    def step() -> None:
        count[0] += 1
        if count[0] == kill_at:
            os.kill(os.getpid(), signal.SIGKILL)

    step.count = count  # type: ignore[attr-defined]
    return step


def _write_with_kill(db: Path, articles: list[Article], kill_at: int) -> int:
    """Ingest ``articles`` in a forked child killed at step ``kill_at`` of the write: before and
    after each part file, inside the manifest's replacement (its temporary file written, not
    yet renamed), after it. Returns how many steps a whole write has (``kill_at`` 0)."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: write, and be killed on the way
        os.close(read)
        step = _steps(kill_at)
        real_write, real_backup = parts.PartFiles.write_part, parts.AtomicJSONStorage.write

        def write_part(self: parts.PartFiles, *args: Any) -> None:
            step()
            real_write(self, *args)
            step()

        def keep_backup(path: Path) -> None:
            step()  # the new manifest is written to its temporary file, not renamed yet

        def storage_write(self: parts.AtomicJSONStorage, data: Any) -> None:
            real_backup(self, data)
            step()

        with (mock.patch.object(parts.PartFiles, "write_part", write_part),
              mock.patch("store.tinyfile.keep_backup", side_effect=keep_backup),
              mock.patch.object(parts.AtomicJSONStorage, "write", storage_write)):
            store = TinyStore(db)
            ingest(store, articles)
        os.write(write, str(step.count[0]).encode())  # type: ignore[attr-defined]
        os._exit(0)
    os.close(write)
    _, status = os.waitpid(pid, 0)
    steps = os.read(read, 64)
    os.close(read)
    if kill_at:
        assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
        return 0
    assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0
    return int(steps)


@pytest.mark.timeout(120)
def test_a_kill_at_any_step_of_a_multi_file_write_leaves_before_or_after(
        seeded_db: Path, tmp_path: Path) -> None:
    articles = _articles(*NEW)
    before = _export(seeded_db)
    reference = tmp_path / "reference"
    shutil.copytree(seeded_db.parent, reference)
    steps = _write_with_kill(reference / "bot.json", articles, 0)
    after = _export(reference / "bot.json")
    assert after != before and steps > 6  # several part files, then the manifest
    outcomes = set()
    for kill_at in range(1, steps + 1):
        db = tmp_path / f"kill-{kill_at}" / "bot.json"
        shutil.copytree(seeded_db.parent, db.parent)
        _write_with_kill(db, articles, kill_at)
        now = _export(db)
        assert now in (before, after), f"killed at step {kill_at} of {steps}: a mix"
        outcomes.add("after" if now == after else "before")
        _consistent(db)
        # The next write goes through, and collects what the killed writer left behind.
        assert run_cli("ingest", ARTICLES / "mass_media_signed.txt", db=db).returncode == 0
        named = set(json.loads(db.read_text())["layout"]["1"]["parts"].values())
        backup = set(json.loads(db.with_name("bot.json.bak").read_text())["layout"]["1"]
                     ["parts"].values())
        assert set(_part_files(db)) == named | backup
    assert outcomes == {"before", "after"}


def _old_layout(store: TinyStore, path: Path) -> None:
    """Write ``store``'s knowledge as the single-file layout before parts (format 1)."""
    tables: dict[str, dict[str, Any]] = {}
    for table, values in store._knowledge.tables.items():
        docs = [_encode(table, key, value) for key, value in values.items()]
        tables[table] = {str(i): doc for i, doc in enumerate(docs, 1)}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(tables))


@pytest.mark.timeout(120)
def test_an_old_single_file_database_is_migrated_on_open(tmp_path: Path) -> None:
    memory = TinyStore(None)
    ingest(memory, _articles(*NEW, "mass_media_signed.txt"))
    expected = export_knowledge(memory, DAY)
    db = tmp_path / "old" / "bot.json"
    _old_layout(memory, db)
    old_bytes = db.read_bytes()
    # Killed at any step of the migration, the old file is still the database.
    for kill_at in (1, 2, 5):
        _write_with_kill_migration(db, kill_at)
        assert db.read_bytes() == old_bytes
    assert _export(db) == expected
    assert db.with_name("bot.json.bak").read_bytes() == old_bytes  # the old file, kept
    assert "layout" in json.loads(db.read_text())
    assert run_cli("export", db=db).stdout == run_cli("export", db=db).stdout
    assert json.loads(run_cli("export", db=db).stdout) == json.loads(
        json.dumps(expected, ensure_ascii=False))


def _write_with_kill_migration(db: Path, kill_at: int) -> None:
    pid = os.fork()
    if pid == 0:
        step = _steps(kill_at)
        real = parts.PartFiles.write_part

        def write_part(self: parts.PartFiles, *args: Any) -> None:
            step()
            real(self, *args)

        with mock.patch.object(parts.PartFiles, "write_part", write_part):
            TinyStore(db)
        os._exit(0)
    _, status = os.waitpid(pid, 0)
    assert os.WIFSIGNALED(status)


def test_a_damaged_part_is_named_and_the_previous_version_offered(seeded_db: Path) -> None:
    assert run_cli("ingest", ARTICLES / NEW[0], db=seeded_db).returncode == 0
    manifest = json.loads(seeded_db.read_text())["layout"]["1"]["parts"]
    backup = json.loads(seeded_db.with_name("bot.json.bak").read_text())["layout"]["1"]["parts"]
    newest = next(name for part, name in manifest.items()
                  if part.startswith("events-") and backup.get(part) != name)
    damaged = seeded_db.with_name("bot.knowledge") / newest
    damaged.write_bytes(damaged.read_bytes()[:40])
    result = run_cli("export", db=seeded_db)
    assert result.returncode == 2 and result.stdout == ""
    assert str(damaged) in result.stderr and "cp " in result.stderr
    assert result.stderr.count("\n") == 1
    with pytest.raises(DamagedFile):
        TinyStore(seeded_db).all_events()


def test_a_damaged_part_no_version_does_without_gets_advice_that_works(
        seeded_db: Path, tmp_path: Path) -> None:
    """A part that the manifest and its backup both name cannot be moved aside (the manifest
    would name a missing file) nor restored: the advice is to read the articles again, and
    following it word for word gives a working knowledge, the chats untouched."""
    assert run_cli("reply", "/follow water", db=seeded_db).returncode == 0
    assert run_cli("ingest", ARTICLES / NEW[0], db=seeded_db).returncode == 0  # a backup
    manifest = json.loads(seeded_db.read_text())["layout"]["1"]["parts"]
    backup = json.loads(seeded_db.with_name("bot.json.bak").read_text())["layout"]["1"]["parts"]
    shared = next(name for part, name in manifest.items()
                  if part.startswith("bills-") and backup.get(part) == name)
    damaged = seeded_db.with_name("bot.knowledge") / shared
    damaged.write_bytes(b"{")
    result = run_cli("reply", "/bills", db=seeded_db)
    assert result.returncode == 2 and result.stderr.count("\n") == 1
    line = result.stderr
    assert str(damaged) in line and "ingest the articles again" in line
    assert "cp " not in line and "seed articles" not in line
    aside = tmp_path / "aside"
    aside.mkdir()
    for moved in (seeded_db, seeded_db.with_name("bot.knowledge")):
        assert str(moved) in line
        moved.rename(aside / moved.name)
    assert run_cli("ingest", ARTICLES, db=seeded_db).returncode == 0
    assert "Water" in run_cli("reply", "/bills", db=seeded_db).stdout
    assert "water" in run_cli("reply", "/following", db=seeded_db).stdout.lower()


def test_a_missing_part_is_named(seeded_db: Path) -> None:
    manifest = json.loads(seeded_db.read_text())["layout"]["1"]["parts"]
    lost = seeded_db.with_name("bot.knowledge") / manifest["bills-" + next(
        p.split("-")[1] for p in manifest if p.startswith("bills-"))]
    lost.unlink()
    result = run_cli("reply", "/bills", db=seeded_db)
    assert result.returncode == 2 and str(lost) in result.stderr


@contextlib.contextmanager
def parts_read() -> Iterator[list[str]]:
    """The parts any store reads from disk while inside, in order."""
    loaded: list[str] = []
    real = parts.PartFiles.read_part

    def read_part(self: parts.PartFiles, part: str, name: str) -> list[dict[str, Any]]:
        loaded.append(part)
        return real(self, part, name)

    with mock.patch.object(parts.PartFiles, "read_part", read_part):
        yield loaded


def test_a_reader_rereads_only_the_parts_that_changed(seeded_db: Path) -> None:
    reader = TinyStore(seeded_db)
    assert reader.all_events() and reader.all_officials() and reader.all_bills()
    reader.changes_after(0)
    writer = TinyStore(seeded_db)
    ingest(writer, _articles(NEW[0]))
    with parts_read() as loaded:
        assert reader.refresh()
        assert not reader.refresh()  # nothing new: one stat, nothing read
    assert 0 < len(loaded) < 15
    assert export_knowledge(reader, DAY) == export_knowledge(writer, DAY)


def test_a_command_reads_only_the_parts_it_needs(seeded_db: Path) -> None:
    store = TinyStore(seeded_db)
    assert store.all_bills()
    assert not store._knowledge.tables["events"]  # /bills read no event
    store.close()


def test_the_size_of_the_knowledge_is_told_without_reading_it(seeded_db: Path) -> None:
    assert run_cli("ingest", ARTICLES / NEW[0], db=seeded_db).returncode == 0
    full = TinyStore(seeded_db)
    expected = (len(full.all_events()), len(full.all_officials()), len(full.all_bills()))
    with parts_read() as loaded:
        assert TinyStore(seeded_db).sizes() == expected
        start = run_cli("reply", "/start", db=seeded_db)
    assert loaded == [] and start.returncode == 0
    assert f"I know {expected[0]} events" in start.stdout


@pytest.mark.timeout(60)
def test_the_bot_stops_on_a_damaged_part_it_reads_after_starting(
        seeded_db: Path, tmp_path: Path) -> None:
    """The running bot starts from the manifest (the parts are read after it polls, between
    replies, ``bot.warm_start``): a damaged part stops it, named in one line, within seconds,
    as it stopped it before polling when everything was read first."""
    from tests.command_line import PYTHON, TOKEN, cli_env
    from tests.fakebotapi import FakeBotAPI

    manifest = json.loads(seeded_db.read_text())["layout"]["1"]["parts"]
    damaged = seeded_db.with_name("bot.knowledge") / manifest[
        max(p for p in manifest if p.startswith("events-"))]
    damaged.write_bytes(damaged.read_bytes()[:40])
    with FakeBotAPI(token=TOKEN) as fake:
        bot = subprocess.run([PYTHON, "-m", "bot", "run", "--db", str(seeded_db)],
                             cwd=tmp_path, env=cli_env(TELEGRAM_BOT_TOKEN=TOKEN,
                                                       TELEGRAM_API_URL=fake.url,
                                                       BOT_POLL_MINUTES="0"),
                             capture_output=True, text=True, timeout=45)
    errors = [line for line in bot.stderr.splitlines() if " INFO " not in line]
    assert bot.returncode == 2 and "Traceback" not in bot.stderr
    assert len(errors) == 1 and str(damaged) in errors[0], bot.stderr
