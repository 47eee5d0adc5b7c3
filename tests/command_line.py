"""The bot's command line in tests: ``run_cli`` runs a command in this process (what a child
would print and return, without its imports); ``BotProcess`` runs ``python -m bot run`` as a
process of its own against the fake Bot API, for the tests where the process is the point
(SIGKILL, restarts, other processes writing beside it)."""

from __future__ import annotations

import contextlib
import io
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from unittest import mock

from tests.fakebotapi import FakeBotAPI, Request

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
TOKEN = "123456789:AAHfakeTokenForTests_0123456789abcdef"
ADMIN = 4242


def cli_env(**extra: str) -> dict[str, str]:
    """Environment for running ``python -m bot`` in a subprocess: no token leaks in from outside."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "BOT_"))}
    env["PYTHONPATH"] = str(ROOT)
    env.update(extra)
    return env


def run_cli(*args: str | Path, db: Path | None = None, stdin: str | None = None,
            **env: str) -> subprocess.CompletedProcess[str]:
    """``python -m bot ARGS --db DB`` in this process (``bot.__main__.main``), with the
    environment ``cli_env`` gives a child: what a subprocess would print and return, without
    its 0.2-1 s of imports. Tests where the process is the point (a kill, a pipe, ``run``)
    start ``python -m bot`` as a child instead."""
    from bot.__main__ import main

    argv = [*map(str, args), *(["--db", str(db)] if db is not None else [])]
    if argv[:1] == ["run"]:  # the running bot: its own process (signals, logging, the loop)
        return subprocess.run([PYTHON, "-m", "bot", *argv], cwd=ROOT, env=cli_env(**env),
                              input=stdin, capture_output=True, text=True, timeout=120)
    out, err = io.StringIO(), io.StringIO()
    saved = dict(os.environ)
    os.environ.clear()
    os.environ.update(cli_env(**env))
    try:
        with (contextlib.redirect_stdout(out), contextlib.redirect_stderr(err),
              mock.patch("sys.stdin", io.StringIO(stdin or ""))):
            try:
                code = main(argv)
            except SystemExit as exit_:  # argparse's usage errors
                code = exit_.code if isinstance(exit_.code, int) else 2
    finally:
        os.environ.clear()
        os.environ.update(saved)
    return subprocess.CompletedProcess(["python", "-m", "bot", *argv], code, out.getvalue(),
                                       err.getvalue())


class BotProcess:
    """``python -m bot run`` against the fake Bot API; ``stop()`` belongs in a ``finally``."""

    def __init__(self, tmp: Path, fake: FakeBotAPI, db: Path, rate: float = 30) -> None:
        self.tmp = tmp
        self.fake = fake
        self.env = cli_env(TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_API_URL=fake.url, BOT_DB=str(db),
                           BOT_ADMINS=str(ADMIN), BOT_RATE_PER_SECOND=str(rate))
        self.proc: subprocess.Popen[bytes] | None = None
        self.log_path = tmp / "bot-0.log"
        self.starts = 0

    def start(self) -> None:
        """Start and wait until it is up (its command menu is set just before it polls)."""
        after = len(self.fake.requests)
        self.log_path = self.tmp / f"bot-{self.starts}.log"
        self.starts += 1
        with self.log_path.open("wb") as log:
            # cwd: an empty folder, so no stray .env is read.
            self.proc = subprocess.Popen([PYTHON, "-m", "bot", "run"], cwd=self.tmp,
                                         env=self.env, stdout=log, stderr=subprocess.STDOUT)
        try:
            self.fake.wait_for("setMyCommands", after=after, timeout=30)
        except TimeoutError:
            raise AssertionError(f"the bot did not start:\n{self.log_tail()}") from None

    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def kill(self) -> None:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=10)

    def stop(self) -> None:
        """SIGTERM (PTB shuts down cleanly), SIGKILL if that takes more than 15 s."""
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=10)

    def log_tail(self, lines: int = 30) -> str:
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:]).replace(TOKEN, "<token>")


def say(fake: FakeBotAPI, text: str, chat_id: int, user_id: int | None = None,
        timeout: float = 30) -> Request:
    """Send a message to the bot and return its (first) answer in that chat."""
    after = len(fake.requests)
    fake.push_update(fake.make_message(text, chat_id=chat_id, user_id=user_id or chat_id))
    return fake.wait_for(lambda r: r.method == "sendMessage" and r.chat_id == chat_id,
                         after=after, timeout=timeout)[0]


def wait_until(condition: Callable[[], bool], timeout: float, what: str) -> None:
    """Wait for something the bot writes to its files (it has no request to wait for)."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"waited {timeout:.0f} s for {what}"
        time.sleep(0.02)
