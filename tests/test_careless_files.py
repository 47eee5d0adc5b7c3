"""Careless files (issue 22): a device, a FIFO or a huge file given as the database, an article
or a chats file gets one clear line and exit 2, at once, in little memory; a folder's links out
of it are named, never followed; database files are the operator's alone (0600)."""

from __future__ import annotations

import json
import os
import resource
import stat
import subprocess
import tempfile
from pathlib import Path

import pytest

from .command_line import PYTHON, ROOT, cli_env, run_cli
from .conftest import ARTICLES
from .hostile import PEAK_WRAPPER


def cli(*args: str) -> tuple[int, str, str]:
    """Exit status, stdout and stderr of the command line, in this process (the memory-bound
    cases below run a child of their own, to measure it)."""
    result = run_cli(*args)
    return result.returncode, result.stdout, result.stderr


def _bounded() -> None:
    """In the child: at most 1.5 GB of address space, so a regression (reading /dev/zero
    whole) fails this test with a MemoryError instead of exhausting the machine."""
    resource.setrlimit(resource.RLIMIT_AS, (1536 << 20, 1536 << 20))


def cli_measured(*args: str, timeout: float = 30) -> tuple[int, str, int]:
    """Exit status, stderr and the child's own peak resident memory (bytes)."""
    with tempfile.TemporaryDirectory() as folder:
        peak_file = Path(folder) / "peak"
        process = subprocess.Popen([PYTHON, "-c", PEAK_WRAPPER, *args], cwd=ROOT,
                                   env=cli_env(PEAK_FILE=str(peak_file)),
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                   preexec_fn=_bounded)
        try:
            _, err = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()
            raise AssertionError(f"{args} hung for {timeout} s") from None
        peak = int(peak_file.read_text()) * 1024 if peak_file.exists() else 1 << 40
    return process.returncode, err.decode(), peak


@pytest.fixture
def sparse(tmp_path: Path) -> Path:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(2 << 30)  # 2 GB of holes: no disk used
    return path


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "pipe"
    os.mkfifo(path)
    return path


def one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    return lines[0]


@pytest.mark.parametrize("kind", ["sparse", "fifo", "zero"])
def test_database_that_is_not_a_database_file(kind: str, sparse: Path, fifo: Path) -> None:
    db = {"sparse": sparse, "fifo": fifo, "zero": Path("/dev/zero")}[kind]
    status, err, peak = cli_measured("export", "--db", str(db), timeout=20)
    assert status == 2
    assert str(db) in one_line(err)
    assert peak < 150 << 20, f"{peak >> 20} MiB"


@pytest.mark.parametrize("kind", ["sparse", "fifo", "zero"])
def test_chats_import_of_a_file_that_is_not_one(kind: str, sparse: Path, fifo: Path,
                                                tmp_path: Path) -> None:
    source = {"sparse": sparse, "fifo": fifo, "zero": Path("/dev/zero")}[kind]
    status, err, peak = cli_measured("chats", "import", str(source), "--db",
                                     str(tmp_path / "db" / "bot.json"), timeout=30)
    assert status == 2
    assert "not a regular file" in one_line(err) or "too large" in err
    assert peak < 200 << 20, f"{peak >> 20} MiB"


def test_ingest_refuses_a_sparse_file_by_its_size_and_a_fifo(sparse: Path, fifo: Path,
                                                              tmp_path: Path) -> None:
    db = str(tmp_path / "db" / "bot.json")
    status, err, peak = cli_measured("ingest", str(sparse), "--db", db, timeout=30)
    assert status == 2 and "too large" in one_line(err)
    assert peak < 200 << 20, f"{peak >> 20} MiB"
    status, err, _peak = cli_measured("ingest", str(fifo), "--db", db, timeout=30)
    assert status == 2 and "not a regular file" in one_line(err)


def test_ingest_does_not_follow_links_out_of_a_folder(tmp_path: Path) -> None:
    secret = tmp_path / "outside" / ".env"
    secret.parent.mkdir()
    secret.write_text("TELEGRAM_BOT_TOKEN=123456:SECRETSECRETSECRET the senate of parliament "
                      "adopted the law on the budget of the republic in full\n")
    folder = tmp_path / "articles"
    folder.mkdir()
    article = sorted(ARTICLES.glob("*.txt"))[0]
    (folder / "story.txt").write_text(article.read_text())
    (folder / "env.txt").symlink_to(secret)
    (folder / "passwd.txt").symlink_to("/etc/passwd")
    (folder / "same.txt").symlink_to(folder / "story.txt")  # inside: read as the file it is
    db = str(tmp_path / "db" / "bot.json")
    status, out, err = cli("ingest", str(folder), "--db", db)
    assert status == 2
    assert f"{folder / 'env.txt'}: a link to a file outside {folder}, not followed" in err
    assert "passwd.txt: a link to a file outside" in err
    assert "story.txt" in out
    exported = cli("export", "--db", db)[1]
    assert "SECRETSECRET" not in exported and "root:x:0" not in exported
    assert json.loads(exported)["events"]


def test_database_files_are_the_operators_alone(tmp_path: Path) -> None:
    db = tmp_path / "db" / "bot.json"
    status, _out, err = cli("chats", "export", "--db", str(db))
    assert status == 0, err
    files = [p for p in db.parent.iterdir() if p.is_file()]
    assert files
    for path in files:
        assert stat.S_IMODE(path.stat().st_mode) & 0o077 == 0, (path, oct(path.stat().st_mode))
