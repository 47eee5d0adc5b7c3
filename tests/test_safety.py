"""Nothing silently wrong with the files (issue 10): damaged databases are named and never
written over, the last good copy is kept, bad --db paths and dead pipes get one line."""

from __future__ import annotations

import datetime as dt
import errno
import os
import socket
import subprocess
from pathlib import Path
from typing import Any

import pytest

from bot.app import build_application
from bot.offline import OFFLINE_TOKEN, OfflineRequest, message_update
from bot.services import Services
from store.files import DamagedFile, backup_path, read_tables
from store.tiny import TinyStore

from .command_line import PYTHON, ROOT, cli_env, run_cli
from .configured import settings_of
from .conftest import ARTICLES

DAMAGE = [
    pytest.param(b"", "empty", id="zero-bytes"),
    pytest.param(b"[1, 2, 3]", "JSON list", id="a-list"),
    pytest.param(b"\xfe\xff\x00g\x00a\x00r\x00b\x00a\x00g\x00e" * 5, "not UTF-8", id="garbage"),
    pytest.param(b'{"events": {"1": {"id": "x"', "not valid JSON", id="cut-short"),
    pytest.param(b'{"events": [1, 2]}', "not a set of documents", id="wrong-shape"),
]


def one_error_line(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if " INFO " not in line]
    assert len(lines) == 1, result.stderr
    return lines[0]


@pytest.mark.parametrize("which", ["bot.json", "bot.state.json"])
@pytest.mark.parametrize(("content", "reason"), DAMAGE)
def test_a_damaged_file_is_named_and_left_alone(db: Path, which: str, content: bytes,
                                                reason: str) -> None:
    assert run_cli("export", db=db).returncode == 0  # a good database, with its state file
    run_cli("reply", "/subscribe", db=db)
    damaged = db.parent / which
    damaged.write_bytes(content)
    for command in (("export",), ("ingest", ARTICLES / "water_minister.txt"),
                    ("reply", "/start")):
        line = one_error_line(run_cli(*command, db=db))
        assert str(damaged) in line and reason in line and "damaged" in line
        assert damaged.read_bytes() == content  # never written over


def test_the_bot_refuses_to_start_on_a_damaged_file(db: Path) -> None:
    assert run_cli("export", db=db).returncode == 0
    db.write_bytes(b"")
    line = one_error_line(run_cli("run", db=db, TELEGRAM_BOT_TOKEN="123456:" + "A" * 35,
                              TELEGRAM_API_URL="http://127.0.0.1:9"))
    assert str(db) in line and "empty" in line
    assert db.read_bytes() == b""


def test_the_last_good_copy_is_kept_and_can_be_restored(db: Path) -> None:
    assert run_cli("export", db=db).returncode == 0
    seeded = db.read_bytes()
    assert run_cli("ingest", ARTICLES / "water_minister.txt", db=db).returncode == 0
    assert backup_path(db).read_bytes() == seeded  # the version the ingest replaced
    good = run_cli("export", db=db).stdout
    assert run_cli("ingest", ARTICLES / "new_prime_minister.txt", db=db).returncode == 0
    db.write_bytes(b'{"events": ')  # damaged after the last write
    line = one_error_line(run_cli("export", db=db))
    assert f"cp {backup_path(db)} {db}" in line
    os.replace(backup_path(db), db)
    assert run_cli("export", db=db).stdout == good


def test_read_tables_names_the_file_and_offers_no_backup_when_there_is_none(tmp_path: Path
                                                                           ) -> None:
    path = tmp_path / "bot.json"
    assert read_tables(path) is None  # missing: a new database, not damage
    path.write_text("null")
    with pytest.raises(DamagedFile) as caught:
        read_tables(path)
    assert str(path) in str(caught.value) and "no backup copy" in str(caught.value)


def test_a_failed_write_keeps_the_file_and_the_backup(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    store = TinyStore(tmp_path / "bot.json")
    store.put_meta("a", 1)
    store.put_meta("a", 2)
    before = (tmp_path / "bot.state.json").read_bytes()
    assert b'"value":1' in backup_path(tmp_path / "bot.state.json").read_bytes()

    def full(*_: Any, **__: Any) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(OSError):
        store.put_meta("a", 3)
    assert (tmp_path / "bot.state.json").read_bytes() == before
    store.close()


@pytest.mark.parametrize("where", ["/proc/x/bot.json", "folder", "file-as-folder"])
def test_impossible_db_paths_get_one_line(tmp_path: Path, where: str) -> None:
    if where == "folder":
        db = tmp_path / "adir"
        db.mkdir()
    elif where == "file-as-folder":
        (tmp_path / "plain").write_text("x")
        db = tmp_path / "plain" / "bot.json"
    else:
        db = Path(where)
    line = one_error_line(run_cli("export", db=db))
    assert str(db) in line or "folder" in line


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes through read-only permissions")
def test_a_read_only_folder_gets_one_line(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        one_error_line(run_cli("export", db=folder / "bot.json"))
    finally:
        folder.chmod(0o700)


def test_a_write_refused_by_the_disk_gets_one_line(db: Path, monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    from bot.__main__ import main
    from store import tiny

    assert main(["export", "--db", str(db)]) == 0
    capsys.readouterr()

    def read_only(*_: Any, **__: Any) -> None:
        raise OSError(errno.EROFS, "Read-only file system", str(db))

    monkeypatch.setattr(tiny.AtomicJSONStorage, "write", read_only)
    assert main(["ingest", str(ARTICLES / "water_minister.txt"), "--db", str(db)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Read-only file system" in err and str(db) in err


def test_export_into_a_closed_pipe_is_quiet(db: Path) -> None:
    assert run_cli("export", db=db).returncode == 0
    result = subprocess.run(f"'{PYTHON}' -m bot export --db '{db}' | head -1", shell=True,
                            cwd=ROOT, env=cli_env(), capture_output=True, text=True, timeout=120)
    assert result.stdout == "{\n"
    assert result.stderr == ""


def test_an_unreachable_bot_api_gets_one_line(db: Path) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # nothing listens once the socket is closed
    line = one_error_line(run_cli("run", db=db, TELEGRAM_BOT_TOKEN="123456:" + "A" * 35,
                              TELEGRAM_API_URL=f"http://127.0.0.1:{port}", BOT_POLL_MINUTES="0"))
    assert f"cannot reach the Bot API at http://127.0.0.1:{port}" in line
    assert "A" * 35 not in line


async def test_a_failing_state_write_gets_an_apology_and_tells_the_operator(
        monkeypatch: pytest.MonkeyPatch) -> None:
    store = TinyStore(None)
    request = OfflineRequest()
    services = Services(clock=lambda: dt.datetime(2024, 3, 13, 9, tzinfo=dt.UTC),
        settings=settings_of(operator_chat=777))
    app = build_application(store, OFFLINE_TOKEN, request=request, services=services,
                            rate_limit=None, jobs=False)

    def disk_full(_chat: dict[str, Any]) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(store, "put_chat", disk_full)
    async with app:
        await app.process_update(message_update("/subscribe", 1000, 1000, app.bot))
    sent = {str(params["chat_id"]): params["text"] for _m, params in request.sent}
    assert "Sorry, that failed" in sent["1000"] and "operator has been told" in sent["1000"]
    assert "No space left on device" in sent["777"]


def test_folder_ingest_takes_the_good_files_names_every_bad_one_and_recurses(
        db: Path, tmp_path: Path) -> None:
    folder = tmp_path / "batch"
    (folder / "sub").mkdir(parents=True)
    (folder / "good.txt").write_bytes((ARTICLES / "water_minister.txt").read_bytes())
    (folder / "sub" / "deeper.txt").write_bytes((ARTICLES / "new_prime_minister.txt")
                                                .read_bytes())
    (folder / "empty.txt").write_bytes(b"")
    (folder / "sub" / "binary.bin").write_bytes(bytes(range(256)))
    result = run_cli("ingest", folder, db=db)
    assert result.returncode == 2
    errors = result.stderr.splitlines()
    assert len(errors) == 2 and "Traceback" not in result.stderr
    assert any("empty.txt" in e and "empty" in e for e in errors)
    assert any("binary.bin" in e and "binary" in e for e in errors)
    added = [line for line in result.stdout.splitlines() if line.startswith("added")]
    assert len(added) == 2 and any("deeper.txt" in line for line in added)


@pytest.mark.parametrize("damaged", [
    b'{"chats": {"1000": {"id": 10',  # cut short
    # Whole JSON, but a chat the scheduler could not read (a time edited by hand).
    b'{"chats": {"1": {"id": 1000, "type": "private", "settings": {"time": 9}}}}',
], ids=["torn", "unreadable-chat"])
def test_a_damaged_chat_file_is_named_and_stops_the_bot(db: Path, tmp_path: Path,
                                                       damaged: bytes) -> None:
    """Issue 18: the bot started, logged ``Task exception was never retrieved … DamagedFile``
    and skipped that chat's alerts in silence; ``reply /settings`` there printed a traceback
    twice. Now: one line naming the file, with advice for a chat file, exit 2, and the bot
    stops as soon as it reads its chats. A chat whose values it cannot read is the same."""
    from .conftest import TOKEN
    from .fakebotapi import FakeBotAPI

    assert run_cli("reply", "/follow water", db=db).returncode == 0  # chat 1000's file
    [shard] = [p for p in db.parent.glob("bot.chats/*/*.json")]
    for backup in db.parent.glob("bot.chats/*/*.json.bak"):
        backup.unlink()
    shard.write_bytes(damaged)
    line = one_error_line(run_cli("reply", "/settings", db=db))
    assert str(shard) in line and "damaged" in line
    assert "chats export" in line and "seed articles" not in line  # advice for a chat file
    assert shard.read_bytes() == damaged
    with FakeBotAPI(token=TOKEN) as fake:
        result = subprocess.run([PYTHON, "-m", "bot", "run", "--db", str(db)], cwd=tmp_path,
                                env=cli_env(TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_API_URL=fake.url,
                                            BOT_POLL_MINUTES="0"),
                                capture_output=True, text=True, timeout=30)
    assert "Task exception" not in result.stderr
    line = one_error_line(result)
    assert line.startswith("error: ") and str(shard) in line and "chats export" in line


@pytest.mark.parametrize("command", ["/subscribe", "/follow water", "/settings time 08:30"])
def test_a_reply_whose_write_the_disk_refuses_gets_one_line(
        db: Path, command: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 18: in a read-only database folder ``reply "/subscribe"`` printed a traceback and
    "Sorry, that failed", exit 0; as ``ingest`` does, one line naming the file, exit 2."""
    from store import tiny

    assert run_cli("export", db=db).returncode == 0

    def read_only(*_: Any, **__: Any) -> None:
        raise OSError(errno.EROFS, "Read-only file system", str(db.parent / "bot.chats"))

    monkeypatch.setattr(tiny.AtomicJSONStorage, "write", read_only)
    result = run_cli("reply", command, db=db)
    line = one_error_line(result)
    assert "Read-only file system" in line and str(db.parent) in line
    assert "Sorry" not in result.stdout
